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

/// The running central's hold on its database file (a lock on `PATH.serve-lock`, released
/// when the process ends, even by kill -9): one `central serve` per database, and no restore
/// under a running one.
class ServeLock {
public:
    /// Takes the lock. Errors: Conflict naming the process that holds it; Storage.
    static core::Result<ServeLock> Take(const std::string& databasePath);
    ServeLock(ServeLock&& other) noexcept;
    ServeLock& operator=(ServeLock&& other) noexcept;
    ServeLock(const ServeLock&) = delete;
    ServeLock& operator=(const ServeLock&) = delete;
    ~ServeLock();

private:
    explicit ServeLock(int fd) : m_fd(fd) {}
    int m_fd = -1;
};

/// Puts the backup `backupPath` in place of the central database `path` (`accueil central
/// restore`): the backup is opened read-only and must pass an integrity check and belong to
/// `event`; it is then copied page by page with SQLite's backup API (so a reader never sees
/// half a file), brought to this build's schema, and given a new epoch, so every kiosk notices
/// and starts over (docs/sync-protocol.md). Refused while a `central serve` holds the database
/// (ServeLock). Returns the new epoch. Errors: Conflict (the central runs), Input (no such
/// file, not a database, damaged, another event), Storage.
core::Result<std::string> RestoreSqliteCentral(const std::string& backupPath,
                                               const std::string& path,
                                               const core::EventConfig& event);

} // namespace accueil::sync
