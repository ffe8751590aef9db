// SPDX-License-Identifier: Apache-2.0
#pragma once

// Which store a central runs on: central.toml's `[central] database` is either a file path
// (the embedded SQLite central) or a `postgresql://` URL (docs/configuration.md).

#include <accueil/core/Config.h>
#include <accueil/core/Result.h>
#include <accueil/sync/CentralStore.h>

#include <memory>
#include <string>

namespace accueil::sync {

/// Opens the store `database` names: PostgreSQL for a `postgresql://` or `postgres://` URL
/// (OpenPgCentralStore), otherwise the SQLite file at that path (OpenSqliteCentralStore). Only
/// `create` makes a new database or schema. Errors: as those functions. Main thread.
core::Result<std::unique_ptr<CentralStore>>
OpenCentralStore(const std::string& database, const core::EventConfig& event, bool create);

/// How messages name `database`: a file's path as it is, a URL as host:port/database (never
/// its password). Pure; any thread.
std::string DatabaseName(const std::string& database);

} // namespace accueil::sync
