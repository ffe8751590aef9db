// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/core/Config.h>
#include <accueil/sync/CentralStore.h>

#include <memory>
#include <string>

namespace accueil::sync {

/// Opens (creating it when `create`) the central's SQLite database in WAL mode. It uses the
/// kiosk schema for the registration list and the logs, so reports and import rules are the
/// same code (through the core's row API, <accueil/core/StoreRows.h>), plus the registrant
/// change sequence and its own table of kiosk tokens (hashed). Writes are serialised on one
/// connection (SQLite has one writer anyway); reads run on a pool of read connections.
/// Errors: Storage, Config (a database of another event).
core::Result<std::unique_ptr<CentralStore>>
OpenSqliteCentralStore(const std::string& path, const core::EventConfig& event, bool create);

} // namespace accueil::sync
