// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/core/Config.h>
#include <accueil/sync/CentralStore.h>

#include <memory>
#include <string>

namespace accueil::sync {

/// Opens (creating it when `create`) the central's SQLite database in WAL mode. It uses the
/// kiosk schema for the registration list and the logs, so reports and import rules are the
/// same code, plus its own tables: registrant change sequence, kiosk tokens (hashed).
/// Requests are serialised on one connection (SQLite has one writer anyway).
/// Errors: Storage, Config (a database of another event).
core::Result<std::unique_ptr<CentralStore>>
OpenSqliteCentralStore(const std::string& path, const core::EventConfig& event, bool create);

} // namespace accueil::sync
