// SPDX-License-Identifier: Apache-2.0
// The kiosk side of sync at the storage level: outbox reads and acknowledgements, pulled
// registrants and attendance, and the server-issued cursors (schema migration 2).

#include "StoreInternal.h"

#include <accueil/core/SyncStore.h>
#include <accueil/core/Text.h>

#include <set>

namespace accueil::core {

using store::Guarded;

namespace {

sql::Database& Db(AttendanceStore& s) {
    return store::Access::Of(s).db;
}

constexpr const char* kRegistrantsCursor = "registrants_cursor";
constexpr const char* kAttendanceCursor = "attendance_cursor";
constexpr const char* kStageCursor = "stage_cursor";
constexpr const char* kStaging = "staging";
constexpr const char* kListSynced = "list_synced";
constexpr const char* kAuditCursor = "audit_cursor";
constexpr const char* kRegistrantsCheck = "registrants_check";
constexpr const char* kAttendanceCheck = "attendance_check";
constexpr const char* kStageCheck = "stage_check";
constexpr const char* kAuditCheck = "audit_check";
constexpr const char* kPhotosCursor = "photos_cursor";
constexpr const char* kPhotosCheck = "photos_check";

std::optional<std::string> GetValue(sql::Database& db, const std::string& key) {
    sql::Statement st = db.prepare("SELECT value FROM sync_state WHERE key = ?");
    st.bind(1, key);
    if (st.step()) {
        return st.text(0);
    }
    return std::nullopt;
}

void SetValue(sql::Database& db, const std::string& key, const std::string& value) {
    db.prepare("INSERT INTO sync_state (key, value) VALUES (?, ?) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(1, key)
        .bind(2, value)
        .run();
}

std::int64_t GetInt(sql::Database& db, const std::string& key) {
    const auto v = GetValue(db, key);
    return v ? std::stoll(*v) : 0;
}

void RestartStaging(sql::Database& db) {
    db.exec("DELETE FROM sync_stage");
    SetValue(db, kStageCursor, "0");
    SetValue(db, kStageCheck, "");
    SetValue(db, kStaging, "1");
}

// The attendance and audit pulls start from the beginning.
void ResetLogs(sql::Database& db) {
    for (const char* key : {kAttendanceCursor, kAuditCursor}) {
        SetValue(db, key, "0");
    }
    for (const char* key : {kAttendanceCheck, kAuditCheck}) {
        SetValue(db, key, "");
    }
}

// Every event recorded at this kiosk back into the outbox (those waiting already stay once).
int RequeueOwn(sql::Database& db, const std::string& kioskId) {
    db.prepare("INSERT OR IGNORE INTO outbox (stream, uuid) "
               "SELECT 'attendance', uuid FROM attendance WHERE kiosk_id = ? ORDER BY seq")
        .bind(1, kioskId)
        .run();
    int n = db.changes();
    db.prepare("INSERT OR IGNORE INTO outbox (stream, uuid) "
               "SELECT 'audit', uuid FROM audit WHERE kiosk_id = ? ORDER BY seq")
        .bind(1, kioskId)
        .run();
    n += db.changes();
    return n;
}

// Every field comes from the central: it is the source of truth for the list, holds included.
constexpr UpsertFields kAllFields{true, true, true, true};

} // namespace

Result<OutboxBatch> ReadOutbox(AttendanceStore& s, int limit) {
    return Guarded("reading the outbox", [&]() -> Result<OutboxBatch> {
        sql::Database& db = Db(s);
        OutboxBatch batch;
        // One read transaction, so the outbox and the logs are seen at the same moment.
        sql::Transaction tx(db, sql::Transaction::Mode::Deferred);
        sql::Statement st = db.prepare(
            "SELECT o.stream, a.uuid, a.registrant_id, a.day, a.kind, a.target, a.kiosk_id, a.at, "
            "a.method, a.staff_id, a.reason, u.uuid, u.at, u.kiosk_id, u.staff_id, u.action, "
            "u.registrant_id, u.outcome, u.detail FROM outbox o "
            "LEFT JOIN attendance a ON o.stream = 'attendance' AND a.uuid = o.uuid "
            "LEFT JOIN audit u ON o.stream = 'audit' AND u.uuid = o.uuid "
            "ORDER BY o.seq LIMIT ?");
        st.bind(1, limit);
        std::set<std::string> named;
        while (st.step()) {
            if (st.text(0) == "attendance" && !st.isNull(1)) {
                batch.attendance.push_back(store::ReadEvent(st, 1));
                named.insert(batch.attendance.back().registrantId);
            } else if (!st.isNull(11)) {
                AuditEntry a = store::ReadAudit(st, 11);
                if (!a.registrantId.empty()) {
                    named.insert(a.registrantId);
                }
                batch.audit.push_back(std::move(a));
            }
        }
        for (const std::string& id : named) {
            if (auto r = rows::LoadRegistrant(db, id); r && r->provisional) {
                sql::Statement badge =
                    db.prepare("SELECT payload FROM provisional_badge WHERE registrant_id = ?");
                if (badge.bind(1, id).step()) {
                    batch.badges[id] = badge.text(0);
                }
                batch.provisional.push_back(std::move(*r));
            }
        }
        tx.commit();
        return batch;
    });
}

Result<void> AcknowledgeOutbox(AttendanceStore& s, const std::vector<std::string>& uuids) {
    return Guarded("acknowledging pushed events", [&]() -> Result<void> {
        sql::Database& db = Db(s);
        sql::Transaction tx(db);
        for (const std::string& uuid : uuids) {
            db.prepare("DELETE FROM outbox WHERE uuid = ?").bind(1, uuid).run();
        }
        SetValue(db, "last_push_ack", std::to_string(NowUtcMillis()));
        tx.commit();
        return Ok{};
    });
}

Result<void> SetAsideOutbox(AttendanceStore& s, const std::vector<RefusedEvent>& refused,
                            UtcMillis now) {
    return Guarded("setting refused events aside", [&]() -> Result<void> {
        sql::Database& db = Db(s);
        sql::Transaction tx(db);
        for (const RefusedEvent& r : refused) {
            db.prepare("INSERT OR REPLACE INTO set_aside (uuid, stream, reason, at) "
                       "SELECT uuid, stream, ?2, ?3 FROM outbox WHERE uuid = ?1")
                .bind(1, r.uuid)
                .bind(2, r.reason)
                .bind(3, now)
                .run();
            db.prepare("DELETE FROM outbox WHERE uuid = ?").bind(1, r.uuid).run();
        }
        tx.commit();
        return Ok{};
    });
}

Result<int> SetAsideCount(AttendanceStore& s) {
    return Guarded("counting refused events", [&]() -> Result<int> {
        return static_cast<int>(Db(s).scalar("SELECT COUNT(*) FROM set_aside"));
    });
}

Result<std::vector<RefusedEvent>> SetAsideEvents(AttendanceStore& s, int limit) {
    return Guarded("reading refused events", [&]() -> Result<std::vector<RefusedEvent>> {
        sql::Statement st =
            Db(s).prepare("SELECT uuid, reason FROM set_aside ORDER BY at DESC, uuid LIMIT ?");
        st.bind(1, limit);
        std::vector<RefusedEvent> out;
        while (st.step()) {
            out.push_back(RefusedEvent{st.text(0), st.text(1)});
        }
        return out;
    });
}

Result<int> RequeueOwnEvents(AttendanceStore& s) {
    return Guarded("re-queueing events", [&]() -> Result<int> {
        sql::Database& db = Db(s);
        sql::Transaction tx(db);
        const int n = RequeueOwn(db, s.kioskId());
        tx.commit();
        return n;
    });
}

Result<int> ApplyRemoteAttendance(AttendanceStore& s, const std::vector<AttendanceEvent>& events,
                                  std::int64_t cursor, const std::string& check) {
    return Guarded("saving pulled attendance", [&]() -> Result<int> {
        sql::Database& db = Db(s);
        sql::Transaction tx(db);
        int added = 0;
        for (const AttendanceEvent& e : events) {
            added += rows::InsertRemoteEvent(db, e) ? 1 : 0;
        }
        SetValue(db, kAttendanceCursor, std::to_string(cursor));
        SetValue(db, kAttendanceCheck, check);
        tx.commit();
        return added;
    });
}

Result<int> ApplyRemoteAudit(AttendanceStore& s, const std::vector<AuditEntry>& lines,
                             std::int64_t cursor, const std::string& check) {
    return Guarded("saving pulled audit lines", [&]() -> Result<int> {
        sql::Database& db = Db(s);
        sql::Transaction tx(db);
        int added = 0;
        for (const AuditEntry& a : lines) {
            added += rows::InsertRemoteAudit(db, a) ? 1 : 0;
        }
        SetValue(db, kAuditCursor, std::to_string(cursor));
        SetValue(db, kAuditCheck, check);
        tx.commit();
        return added;
    });
}

Result<int> ApplyPhotoPage(AttendanceStore& s, const std::vector<rows::PhotoChange>& page,
                           std::int64_t cursor, const std::string& check) {
    return Guarded("saving pulled photos", [&]() -> Result<int> {
        sql::Database& db = Db(s);
        const UtcMillis now = NowUtcMillis();
        sql::Transaction tx(db);
        for (const rows::PhotoChange& change : page) {
            if (change.jpeg) {
                rows::PutPhotos(db, {Photo{change.registrantId, *change.jpeg}}, now);
            } else {
                rows::DeletePhoto(db, change.registrantId);
            }
        }
        SetValue(db, kPhotosCursor, std::to_string(cursor));
        SetValue(db, kPhotosCheck, check);
        tx.commit();
        return static_cast<int>(page.size());
    });
}

Result<UpsertSummary> ApplyRegistrantPage(AttendanceStore& s, const std::vector<Registrant>& page,
                                          std::int64_t cursor, const std::string& check) {
    return Guarded("saving pulled registrants", [&]() -> Result<UpsertSummary> {
        sql::Database& db = Db(s);
        const UtcMillis now = NowUtcMillis();
        sql::Transaction tx(db);
        const UpsertSummary summary = rows::UpsertRegistrants(db, page, kAllFields, now);
        SetValue(db, kRegistrantsCursor, std::to_string(cursor));
        SetValue(db, kRegistrantsCheck, check);
        tx.commit();
        return summary;
    });
}

Result<void> BeginFullRefresh(AttendanceStore& s, bool restart) {
    return Guarded("starting a full refresh", [&]() -> Result<void> {
        sql::Database& db = Db(s);
        sql::Transaction tx(db);
        if (restart || GetValue(db, kStaging).value_or("0") != "1") {
            RestartStaging(db);
        }
        tx.commit();
        return Ok{};
    });
}

Result<void> StageRegistrantPage(AttendanceStore& s, const std::vector<Registrant>& page,
                                 std::int64_t fromCursor, std::int64_t stageCursor,
                                 const std::string& stageCheck) {
    return Guarded("staging pulled registrants", [&]() -> Result<void> {
        sql::Database& db = Db(s);
        sql::Transaction tx(db);
        if (GetValue(db, kStaging).value_or("0") != "1" || GetInt(db, kStageCursor) != fromCursor) {
            return MakeError(ErrorKind::Conflict, "the registrant refresh moved on meanwhile");
        }
        for (const Registrant& r : page) {
            sql::Statement st =
                db.prepare("INSERT OR REPLACE INTO sync_stage (id, given_name, family_name, "
                           "delegation, category, role, gender, days, status, badge_version, "
                           "hold_note, ticket, language, provisional, attention) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            store::BindRegistrantColumns(st, r);
            if (r.gender.empty()) {
                st.bind(7, "undisclosed"); // the stage's gender column has no empty value
            }
            st.run();
        }
        SetValue(db, kStageCursor, std::to_string(stageCursor));
        SetValue(db, kStageCheck, stageCheck);
        tx.commit();
        return Ok{};
    });
}

Result<UpsertSummary> FinishFullRefresh(AttendanceStore& s, std::int64_t cursor,
                                        const std::string& check) {
    return Guarded("swapping in the registration list", [&]() -> Result<UpsertSummary> {
        sql::Database& db = Db(s);
        const UtcMillis now = NowUtcMillis();
        UpsertSummary summary;
        sql::Transaction tx(db);
        if (GetValue(db, kStaging).value_or("0") != "1") {
            return MakeError(ErrorKind::Conflict, "no registrant refresh is staged");
        }
        if (db.scalar("SELECT COUNT(*) FROM registrant") == 0) {
            // A kiosk's first list: one bulk copy, then the search rows (measured 3x faster
            // than row-by-row upserts for 100k registrants).
            sql::Statement copy = db.prepare(std::string("INSERT INTO registrant (") +
                                             store::kRegistrantColumns + ", updated_at) SELECT " +
                                             store::kRegistrantColumns + ", ? FROM sync_stage");
            copy.bind(1, now).run();
            summary.added = db.changes();
            store::IndexEveryoneForSearch(db);
        } else {
            sql::Statement st = db.prepare(std::string("SELECT ") + store::kRegistrantColumns +
                                           " FROM sync_stage ORDER BY id");
            while (st.step()) {
                summary.count(
                    store::UpsertRegistrant(db, store::ReadRegistrant(st), kAllFields, now));
            }
        }
        // Listed people the central no longer has go; this kiosk's walk-ins stay until the
        // central has them (they are pushed with the events that name them).
        const char* gone = "FROM registrant WHERE provisional = 0 "
                           "AND id NOT IN (SELECT id FROM sync_stage)";
        db.exec(std::string("DELETE FROM registrant_search WHERE rowid IN (SELECT rid ") + gone +
                ")");
        db.exec(std::string("DELETE ") + gone);
        db.exec("DELETE FROM sync_stage");
        SetValue(db, kStaging, "0");
        SetValue(db, kStageCursor, "0");
        SetValue(db, kListSynced, "1");
        SetValue(db, kStageCheck, "");
        SetValue(db, kRegistrantsCursor, std::to_string(cursor));
        SetValue(db, kRegistrantsCheck, check);
        tx.commit();
        return summary;
    });
}

Result<int> ForgetCentral(AttendanceStore& s, const std::string& epoch) {
    return Guarded("starting over with the central", [&]() -> Result<int> {
        sql::Database& db = Db(s);
        sql::Transaction tx(db);
        RestartStaging(db);
        SetValue(db, kRegistrantsCheck, "");
        ResetLogs(db);
        // Another central's photos cannot be told apart from its deletions: all come again.
        db.exec("DELETE FROM photo");
        SetValue(db, kPhotosCursor, "0");
        SetValue(db, kPhotosCheck, "");
        SetValue(db, kCentralEpochKey, epoch);
        const int requeued = RequeueOwn(db, s.kioskId());
        tx.commit();
        return requeued;
    });
}

Result<SyncCursors> LoadCursors(AttendanceStore& s) {
    return Guarded("reading sync state", [&]() -> Result<SyncCursors> {
        sql::Database& db = Db(s);
        sql::Transaction tx(db, sql::Transaction::Mode::Deferred);
        SyncCursors c;
        c.registrants = GetInt(db, kRegistrantsCursor);
        c.attendance = GetInt(db, kAttendanceCursor);
        c.stage = GetInt(db, kStageCursor);
        c.staging = GetValue(db, kStaging).value_or("0") == "1";
        c.listSynced = GetValue(db, kListSynced).value_or("0") == "1";
        c.audit = GetInt(db, kAuditCursor);
        c.registrantsCheck = GetValue(db, kRegistrantsCheck).value_or("");
        c.attendanceCheck = GetValue(db, kAttendanceCheck).value_or("");
        c.stageCheck = GetValue(db, kStageCheck).value_or("");
        c.auditCheck = GetValue(db, kAuditCheck).value_or("");
        c.photos = GetInt(db, kPhotosCursor);
        c.photosCheck = GetValue(db, kPhotosCheck).value_or("");
        c.epoch = GetValue(db, kCentralEpochKey).value_or("");
        tx.commit();
        return c;
    });
}

Result<void> ResetLogCursors(AttendanceStore& s) {
    return Guarded("saving sync state", [&]() -> Result<void> {
        sql::Database& db = Db(s);
        sql::Transaction tx(db);
        ResetLogs(db);
        tx.commit();
        return Ok{};
    });
}

Result<std::optional<std::string>> GetSyncValue(AttendanceStore& s, const std::string& key) {
    return Guarded("reading sync state",
                   [&]() -> Result<std::optional<std::string>> { return GetValue(Db(s), key); });
}

Result<void> SetSyncValue(AttendanceStore& s, const std::string& key, const std::string& value) {
    return Guarded("saving sync state", [&]() -> Result<void> {
        sql::Database& db = Db(s);
        sql::Transaction tx(db);
        SetValue(db, key, value);
        tx.commit();
        return Ok{};
    });
}

Result<LocalCounts> CountLocal(AttendanceStore& s) {
    return Guarded("counting events", [&]() -> Result<LocalCounts> {
        sql::Database& db = Db(s);
        sql::Transaction tx(db, sql::Transaction::Mode::Deferred);
        const rows::RowCounts c = rows::CountRows(db, s.kioskId());
        tx.commit();
        return LocalCounts{c.kioskAttendance, c.kioskAudit, c.allAttendance, c.registrants};
    });
}

Result<LocalLogKeys> ReadLogKeys(AttendanceStore& s) {
    return Guarded("reading the logs", [&]() -> Result<LocalLogKeys> {
        sql::Database& db = Db(s);
        sql::Transaction tx(db, sql::Transaction::Mode::Deferred);
        LocalLogKeys keys{rows::AttendanceKeys(db), rows::AuditUuids(db, s.kioskId())};
        tx.commit();
        return keys;
    });
}

} // namespace accueil::core
