// SPDX-License-Identifier: Apache-2.0
// The revoked kiosk's wipe (see PersonalDataWipe.h, docs/security.md).

#include "StoreInternal.h"

#include <accueil/core/Figures.h>
#include <accueil/core/PersonalDataWipe.h>
#include <accueil/core/SearchText.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace accueil::core {

using store::Guarded;

namespace {

constexpr const char* kRevokedKey = "revoked_at";

// The logs are append-only for everything the kiosk does in service; the wipe is the one
// writer allowed to blank their free-text columns, so it lifts the guard inside its own
// transaction and puts it back before the commit (DDL is transactional in SQLite).
constexpr const char* kLiftLogGuards = R"sql(
DROP TRIGGER attendance_no_update;
DROP TRIGGER audit_no_update;
)sql";
constexpr const char* kRestoreLogGuards = R"sql(
CREATE TRIGGER attendance_no_update BEFORE UPDATE ON attendance
BEGIN SELECT RAISE(ABORT, 'the attendance log is append-only'); END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql";

void SetMeta(sql::Database& db, const std::string& key, const std::string& value) {
    db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(1, key)
        .bind(2, value)
        .run();
}

std::optional<std::string> GetMeta(sql::Database& db, const std::string& key) {
    sql::Statement st = db.prepare("SELECT value FROM meta WHERE key = ?");
    st.bind(1, key);
    return st.step() ? std::optional<std::string>(st.text(0)) : std::nullopt;
}

// Erases, and marks the store with `markKey` = now; `inside` runs in the same transaction,
// after the erasure (the purge keeps its report and writes its audit line there).
WipeSummary EraseInTransaction(sql::Database& db, const char* markKey, UtcMillis now,
                               const std::function<void()>& inside = {}) {
    WipeSummary summary;
    sql::Transaction tx(db);
    db.exec("UPDATE registrant SET given_name = '', family_name = '', delegation = '', "
            "role = '', gender = 'undisclosed', hold_note = '', ticket = '', language = '', "
            "attention = ''");
    summary.registrants = db.changes();
    // An FTS5 index keeps deleted terms in its segments until they are merged: dropping the
    // table frees every page it had (zeroed by secure_delete), and an empty one takes its place.
    db.exec("DROP TABLE registrant_search");
    db.exec(kSearchIndexTable);
    db.exec("DELETE FROM photo");
    summary.photos = db.changes();
    db.exec("DELETE FROM staff");
    summary.staff = db.changes();
    db.exec("DELETE FROM provisional_badge; DELETE FROM sync_stage; DELETE FROM sync_state;");
    db.exec(kLiftLogGuards);
    db.exec("UPDATE attendance SET reason = NULL WHERE reason IS NOT NULL");
    db.exec("UPDATE audit SET detail = '', scan_key = '' WHERE detail <> '' OR scan_key <> ''");
    db.exec(kRestoreLogGuards);
    SetMeta(db, markKey, std::to_string(now));
    if (inside) {
        inside();
    }
    tx.commit();
    return summary;
}

// The committed wipe still sits in the WAL file's frames beside older frames with the names;
// the main file's free pages were zeroed, but pages rewritten elsewhere were not. VACUUM
// rebuilds the file from live rows only, and the TRUNCATE checkpoint copies it into the main
// file and cuts the WAL to zero bytes (waiting on the busy timeout for readers to finish).
Result<void> Compact(sql::Database& db, const std::string& path) {
    db.exec("VACUUM");
    sql::Statement st = db.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
    if (st.step() && st.int64(0) != 0) {
        return MakeError(ErrorKind::Storage,
                         "wiping " + path +
                             ": the data is erased, but another connection kept the WAL file "
                             "from being emptied; it may still hold old pages until the "
                             "kiosk restarts");
    }
    return Ok{};
}

} // namespace

Result<WipeSummary> ErasePersonalData(sql::Database& db, const char* markKey, UtcMillis now,
                                      const std::function<void()>& inside) {
    const std::string what = "erasing the personal data in " + db.path();
    auto erased = Guarded(what, [&]() -> Result<WipeSummary> {
        db.exec("PRAGMA secure_delete = ON");
        return EraseInTransaction(db, markKey, now, inside);
    });
    if (!erased) {
        return erased;
    }
    auto compacted = Guarded(what, [&]() -> Result<void> { return Compact(db, db.path()); });
    if (!compacted) {
        return std::move(compacted).error();
    }
    return erased;
}

Registrant WithPersonalDataErased(Registrant r) {
    // Keep in step with EraseInTransaction's UPDATE above: tests/sync/CentralStoreTest.cpp
    // compares the two.
    r.givenName.clear();
    r.familyName.clear();
    r.delegation.clear();
    r.role.clear();
    r.gender = "undisclosed";
    r.holdNote.clear();
    r.ticket.clear();
    r.language.clear();
    r.attention.clear();
    return r;
}

Result<WipeSummary> WipePersonalData(AttendanceStore& store, UtcMillis now) {
    return ErasePersonalData(store::Access::Of(store).db, kRevokedKey, now);
}

Result<PurgeSummary> PurgeAfterEvent(AttendanceStore& store, UtcMillis now, bool evenUnsent) {
    auto& impl = store::Access::Of(store);
    sql::Database& db = impl.db;
    const EventCalendar& calendar = *impl.event.calendar;
    const std::vector<std::string> closed = ClosedDays(calendar, now);
    if (closed.size() != calendar.days().size()) {
        return MakeError(ErrorKind::Conflict, "the meeting is not over: its last day, " +
                                                  calendar.days().back() +
                                                  ", ends at midnight in " +
                                                  calendar.timeZoneName() + "; purge after that");
    }
    if (auto purged = PurgedAt(store); !purged || *purged) {
        return purged ? MakeError(ErrorKind::Conflict, db.path() + " was purged already")
                      : std::move(purged).error();
    }
    if (!evenUnsent) {
        auto unsent = store.outboxSize();
        if (!unsent) {
            return std::move(unsent).error();
        }
        if (*unsent > 0) {
            return MakeError(ErrorKind::Conflict,
                             std::to_string(*unsent) +
                                 " events are not at the central yet: sync first (accueil sync "
                                 "--once), or purge them too with --even-unsent");
        }
    }
    auto report = store.report(std::nullopt);
    if (!report) {
        return std::move(report).error();
    }
    PurgeSummary summary;
    summary.days = static_cast<int>(closed.size());
    auto erased = ErasePersonalData(db, store::kPurgedAtKey, now, [&] {
        SetMeta(db, store::kPurgedReportKey, store::ReportRowsToText(*report));
        AuditEntry a;
        a.at = now;
        a.kioskId = impl.kioskId;
        a.action = "purge";
        a.outcome = "ok";
        a.detail = nlohmann::json{{"days", summary.days}}.dump();
        store::InsertAudit(db, a);
    });
    // Committed even when the compaction after it failed: the store records nothing from now.
    auto purged = PurgedAt(store);
    impl.purged = !purged || purged->has_value();
    if (!erased) {
        return std::move(erased).error();
    }
    summary.erased = *erased;
    return summary;
}

namespace {

Result<std::optional<UtcMillis>> MarkedAt(AttendanceStore& store, const char* key) {
    sql::Database& db = store::Access::Of(store).db;
    return Guarded("reading " + db.path(), [&]() -> Result<std::optional<UtcMillis>> {
        const auto value = GetMeta(db, key);
        if (!value) {
            return std::optional<UtcMillis>{};
        }
        return std::optional<UtcMillis>{std::stoll(*value)};
    });
}

} // namespace

Result<std::optional<UtcMillis>> PurgedAt(AttendanceStore& store) {
    return MarkedAt(store, store::kPurgedAtKey);
}

Result<std::optional<UtcMillis>> RevokedAt(AttendanceStore& store) {
    return MarkedAt(store, kRevokedKey);
}

Result<void> ClearRevoked(AttendanceStore& store) {
    sql::Database& db = store::Access::Of(store).db;
    return Guarded("updating " + db.path(), [&]() -> Result<void> {
        db.prepare("DELETE FROM meta WHERE key = ?").bind(1, kRevokedKey).run();
        return Ok{};
    });
}

} // namespace accueil::core
