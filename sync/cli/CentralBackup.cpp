// SPDX-License-Identifier: Apache-2.0
// `accueil central backup` of an SQLite central, and the steps both backends share: the backup
// is written beside its name and renamed, never over an existing file unless asked.

#include "CentralBackup.h"

#include <accueil/core/Sqlite.h>
#include <accueil/sync/PgCentralStore.h>
#include <accueil/sync/SqliteCentralStore.h>

#include <fcntl.h>
#include <sqlite3.h>

#include <cerrno>
#include <cstdio> // renameat2
#include <filesystem>
#include <system_error>

namespace accueil::cli {

using core::ErrorKind;
using core::MakeError;
using core::Result;
namespace fs = std::filesystem;

namespace {

std::string ErrnoText() {
    return std::error_code(errno, std::generic_category()).message();
}

core::Error AlreadyExists(const std::string& file) {
    return MakeError(ErrorKind::Conflict,
                     file + " already exists: choose another name, or --force");
}

void RemoveQuietly(const std::string& path) {
    std::error_code ec;
    fs::remove(path, ec);
}

// Renamed in one step, without replacing `file` unless `force` (RENAME_NOREPLACE): a backup
// someone put there meanwhile is not lost either.
Result<void> PutInPlace(const std::string& tmp, const std::string& file, bool force) {
    if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, file.c_str(),
                    force ? 0U : static_cast<unsigned>(RENAME_NOREPLACE)) != 0) {
        const bool exists = errno == EEXIST;
        const std::string why = ErrnoText();
        RemoveQuietly(tmp);
        if (exists) {
            return AlreadyExists(file);
        }
        return MakeError(ErrorKind::Storage, "cannot rename " + tmp + " to " + file + ": " + why);
    }
    return core::Ok{};
}

// SQLite's online backup in one step: it reads one snapshot of the live file (WAL mode lets the
// central go on writing meanwhile), so the copy is of one moment, its WAL folded in.
Result<BackupSummary> CopySqlite(const std::string& path, const std::string& tmp) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        return MakeError(ErrorKind::Storage, "no central database at " + path);
    }
    try {
        core::sql::Database live = core::sql::Database::Open(path, false);
        // Created readable by its owner alone, as the live file is: it holds every name.
        core::sql::Database copy = core::sql::Database::Open(tmp, true);
        sqlite3_backup* step = sqlite3_backup_init(copy.handle(), "main", live.handle(), "main");
        if (step == nullptr) {
            return MakeError(ErrorKind::Storage,
                             "cannot back up " + path + ": " + sqlite3_errmsg(copy.handle()));
        }
        const int stepped = sqlite3_backup_step(step, -1);
        const int finished = sqlite3_backup_finish(step);
        if (stepped != SQLITE_DONE || finished != SQLITE_OK) {
            return MakeError(ErrorKind::Storage,
                             "cannot back up " + path + ": " + sqlite3_errstr(stepped));
        }
        // One file that stands alone: no WAL beside it (the restore puts WAL back on).
        copy.exec("PRAGMA journal_mode = DELETE");
        BackupSummary summary;
        summary.registrants = copy.scalar("SELECT count(*) FROM registrant");
        summary.attendance = copy.scalar("SELECT count(*) FROM attendance");
        return summary;
    } catch (const std::exception& e) {
        return MakeError(ErrorKind::Storage, "cannot back up " + path + ": " + e.what());
    }
}

} // namespace

Result<BackupSummary> BackUpCentral(const std::string& database, const std::string& file,
                                    bool force) {
    std::error_code ec;
    if (!force && fs::exists(file, ec)) {
        return AlreadyExists(file);
    }
    // Said plainly before the tools say "unable to open database file" of the .tmp beside it.
    const fs::path folder = fs::absolute(file, ec).parent_path();
    if (!fs::is_directory(folder, ec)) {
        return MakeError(ErrorKind::Input, "no folder " + folder.string() + " for the backup " +
                                               file + ": create it first");
    }
    // Left over by a backup that was killed: ours to replace.
    const std::string tmp = file + ".tmp";
    RemoveQuietly(tmp);
    RemoveQuietly(tmp + "-journal");
    auto summary = sync::IsPostgresUrl(database) ? BackUpPgCentral(database, file, tmp)
                                                 : CopySqlite(database, tmp);
    if (!summary) {
        RemoveQuietly(tmp);
        RemoveQuietly(tmp + "-journal");
        return summary;
    }
    summary->bytes = fs::file_size(tmp, ec);
    if (auto placed = PutInPlace(tmp, file, force); !placed) {
        return std::move(placed).error();
    }
    return summary;
}

Result<std::string> RestoreCentral(const std::string& file, const std::string& database,
                                   const core::EventConfig& event) {
    if (sync::IsPostgresUrl(database)) {
        return RestorePgCentral(file, database, event);
    }
    return sync::RestoreSqliteCentral(file, database, event);
}

} // namespace accueil::cli
