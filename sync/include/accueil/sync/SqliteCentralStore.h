// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/core/Config.h>
#include <accueil/sync/CentralStore.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace accueil::sync {

/// Opens (creating it when `create`) the central's SQLite database in WAL mode. It uses the
/// kiosk schema for the registration list and the logs, so reports and import rules are the
/// same code (through the core's row API, <accueil/core/StoreRows.h>), plus the registrant
/// change sequence and its own table of kiosk tokens (hashed). Writes are serialised on one
/// connection (SQLite has one writer anyway); reads run on a pool of read connections.
/// Concurrent pushes (storeBatch) are committed together: the pushes queued while a commit is
/// under way share the next transaction and its one fsync, each in a savepoint of its own (a
/// push that fails is rolled back alone), and each is answered once that commit is done.
/// Errors: Storage, Config (a database of another event).
core::Result<std::unique_ptr<CentralStore>>
OpenSqliteCentralStore(const std::string& path, const core::EventConfig& event, bool create);

/// How the pushes of a store OpenSqliteCentralStore opened were committed so far.
struct PushCommitStats {
    std::int64_t commits = 0; ///< transactions committed with pushes in them
    std::int64_t pushes = 0;  ///< pushes those transactions stored (or refused alone)
    int waiting = 0;          ///< pushes queued now, not yet taken into a transaction
};

/// `store`'s push commit figures (for tests and the bench); nullopt for a store of another kind.
std::optional<PushCommitStats> SqlitePushCommitStats(CentralStore& store);

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
