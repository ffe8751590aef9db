// SPDX-License-Identifier: Apache-2.0
#pragma once

// `accueil central backup` and `accueil central restore` on both backends: an SQLite file is
// copied with SQLite's online backup API, a PostgreSQL database with pg_dump and put back with
// pg_restore (the Debian package postgresql-client-15). Main thread.

#include <accueil/core/Config.h>
#include <accueil/core/Result.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace accueil::cli {

/// What a backup holds, for the operator to check.
struct BackupSummary {
    std::uintmax_t bytes = 0;     ///< the backup file's size
    std::int64_t registrants = 0; ///< registrants on the list
    std::int64_t attendance = 0;  ///< attendance events stored
};

/// Backs the central `database` (a file or a postgresql:// URL) up into `file`, written as
/// `file`.tmp and renamed, while `central serve` may be running: a consistent copy of one
/// moment. An existing `file` is only replaced with `force`. Errors: Conflict (`file` exists),
/// Config (pg_dump missing: the message names its Debian package), Storage (the database cannot
/// be read, pg_dump failed: its message, never the password, is in ours). Nothing is left
/// behind on failure.
core::Result<BackupSummary> BackUpCentral(const std::string& database, const std::string& file,
                                          bool force);

/// Puts the backup `file` in place of the central `database` with a new epoch, so every kiosk
/// starts over at its next round; the backup is checked first (a backup of a central of
/// `event`, whole) and the live database is unchanged when it is refused. Run with the central
/// stopped. Returns the new epoch. Errors: Input (no such file, not a backup, another event,
/// damaged or truncated), Conflict (an SQLite central is running), Config, Storage.
core::Result<std::string> RestoreCentral(const std::string& file, const std::string& database,
                                         const core::EventConfig& event);

// The PostgreSQL half (PgBackup.cpp).
core::Result<BackupSummary> BackUpPgCentral(const std::string& url, const std::string& file,
                                            const std::string& tmp);
core::Result<std::string> RestorePgCentral(const std::string& file, const std::string& url,
                                           const core::EventConfig& event);

/// A libpq URL without its password, and the password (percent-decoded) when it had one, in
/// its user part or as a `password=` parameter: the password goes to pg_dump and pg_restore
/// through PGPASSWORD, never on their command line. Pure.
struct PgTarget {
    std::string url;
    std::optional<std::string> password;
};
PgTarget SplitPostgresPassword(const std::string& url);

/// The rows of every `COPY table (...) FROM stdin;` block of an SQL script as pg_restore writes
/// it, by table name without its schema, each row's fields unescaped. Pure.
using CopyRows = std::map<std::string, std::vector<std::vector<std::string>>>;
CopyRows ParseCopyData(const std::string& sql);

} // namespace accueil::cli
