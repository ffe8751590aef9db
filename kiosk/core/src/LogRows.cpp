// SPDX-License-Identifier: Apache-2.0
// Reading and writing attendance and audit rows (and the outbox entries that follow the
// kiosk's own): the store's helpers and the row API the central uses (StoreRows.h).

#include "StoreInternal.h"

#include <accueil/core/Text.h>

namespace accueil::core {

namespace {

void Enqueue(sql::Database& db, const char* stream, const std::string& uuid) {
    db.prepare("INSERT INTO outbox (stream, uuid) VALUES (?, ?)")
        .bind(1, stream)
        .bind(2, uuid)
        .run();
}

std::optional<std::string> NullIfEmpty(const std::string& s) {
    return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

// `verb` is INSERT for this kiosk's own events (a duplicate UUID is a bug and fails) or
// INSERT OR IGNORE for events recorded elsewhere (a duplicate is a retried delivery).
void WriteEvent(sql::Database& db, const AttendanceEvent& e, const char* verb) {
    db.prepare(std::string(verb) + " INTO attendance (" + store::kEventColumns +
               ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, e.uuid)
        .bind(2, e.registrantId)
        .bind(3, e.day)
        .bind(4, ToString(e.kind))
        .bind(5, NullIfEmpty(e.target))
        .bind(6, e.kioskId)
        .bind(7, e.at)
        .bind(8, ToString(e.method))
        .bind(9, NullIfEmpty(e.staffId))
        .bind(10, NullIfEmpty(e.reason))
        .bind(11, e.zone.empty() ? std::string(kDefaultZone) : e.zone)
        .run();
}

// As WriteEvent; `scanKey` is empty for lines recorded elsewhere (the debounce is per kiosk).
void WriteAudit(sql::Database& db, const AuditEntry& a, const std::string& uuid,
                const std::string& scanKey, const char* verb) {
    db.prepare(std::string(verb) +
               " INTO audit (uuid, at, kiosk_id, staff_id, action, registrant_id, outcome, "
               "scan_key, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, uuid)
        .bind(2, a.at)
        .bind(3, a.kioskId)
        .bind(4, a.staffId)
        .bind(5, a.action)
        .bind(6, a.registrantId)
        .bind(7, a.outcome)
        .bind(8, scanKey)
        .bind(9, a.detail)
        .run();
}

} // namespace

namespace store {

AttendanceEvent ReadEvent(const sql::Statement& st, int first) {
    AttendanceEvent e;
    int c = first;
    e.uuid = st.text(c++);
    e.registrantId = st.text(c++);
    e.day = st.text(c++);
    e.kind = ParseEventKind(st.text(c++)).value_or(EventKind::CheckIn);
    e.target = st.isNull(c) ? "" : st.text(c);
    ++c;
    e.kioskId = st.text(c++);
    e.at = st.int64(c++);
    e.method = ParseMethod(st.text(c++)).value_or(Method::Manual);
    e.staffId = st.isNull(c) ? "" : st.text(c);
    ++c;
    e.reason = st.isNull(c) ? "" : st.text(c);
    ++c;
    e.zone = st.text(c);
    return e;
}

AuditEntry ReadAudit(const sql::Statement& st, int first) {
    AuditEntry a;
    int c = first;
    a.uuid = st.text(c++);
    a.at = st.int64(c++);
    a.kioskId = st.text(c++);
    a.staffId = st.text(c++);
    a.action = st.text(c++);
    a.registrantId = st.text(c++);
    a.outcome = st.text(c++);
    a.detail = st.text(c);
    return a;
}

std::optional<UtcMillis> FirstEntry(sql::Database& db, const std::string& registrantId,
                                    const std::string& day) {
    sql::Statement st =
        db.prepare("SELECT MIN(a.at) FROM attendance a WHERE a.registrant_id = ? AND a.day = ? "
                   "AND a.kind IN ('check_in', 'manual_check_in') "
                   "AND NOT EXISTS (SELECT 1 FROM attendance u WHERE u.target = a.uuid)");
    st.bind(1, registrantId).bind(2, day);
    if (st.step() && !st.isNull(0)) {
        return st.int64(0);
    }
    return std::nullopt;
}

bool LeftZone(sql::Database& db, const std::string& registrantId, const std::string& day,
              const std::string& zone) {
    sql::Statement st =
        db.prepare("SELECT a.kind FROM attendance a WHERE a.registrant_id = ? AND a.day = ? "
                   "AND a.zone = ? AND a.kind <> 'undo' "
                   "AND NOT EXISTS (SELECT 1 FROM attendance u WHERE u.target = a.uuid) "
                   "ORDER BY a.at DESC, a.uuid DESC LIMIT 1");
    st.bind(1, registrantId).bind(2, day).bind(3, zone);
    return st.step() && st.text(0) == ToString(EventKind::CheckOut);
}

void InsertEvent(sql::Database& db, const AttendanceEvent& e) {
    WriteEvent(db, e, "INSERT");
    Enqueue(db, "attendance", e.uuid);
}

bool InsertEventOnce(sql::Database& db, const AttendanceEvent& e) {
    WriteEvent(db, e, "INSERT OR IGNORE");
    if (db.changes() == 0) {
        return false;
    }
    Enqueue(db, "attendance", e.uuid);
    return true;
}

void InsertAudit(sql::Database& db, const AuditEntry& entry, const std::string& scanKey) {
    const std::string uuid = entry.uuid.empty() ? NewUuid() : entry.uuid;
    WriteAudit(db, entry, uuid, scanKey, "INSERT");
    Enqueue(db, "audit", uuid);
}

} // namespace store

namespace rows {

bool InsertRemoteEvent(sql::Database& db, const AttendanceEvent& e) {
    WriteEvent(db, e, "INSERT OR IGNORE");
    return db.changes() > 0;
}

bool InsertRemoteAudit(sql::Database& db, const AuditEntry& entry) {
    WriteAudit(db, entry, entry.uuid, {}, "INSERT OR IGNORE");
    return db.changes() > 0;
}

std::vector<AttendanceEvent> DayLog(sql::Database& db, const std::string& day) {
    return store::ReadDayLog(db, day);
}

std::vector<std::string> CheckedInRegistrantIds(sql::Database& db) {
    // The same rule as FirstEntry, over every day: an undone check-in never happened.
    sql::Statement st =
        db.prepare("SELECT DISTINCT a.registrant_id FROM attendance a "
                   "WHERE a.kind IN ('check_in', 'manual_check_in') "
                   "AND NOT EXISTS (SELECT 1 FROM attendance u WHERE u.target = a.uuid) "
                   "ORDER BY a.registrant_id");
    std::vector<std::string> out;
    while (st.step()) {
        out.push_back(st.text(0));
    }
    return out;
}

std::int64_t AttendanceHighWater(sql::Database& db) {
    return db.scalar("SELECT coalesce(MAX(seq), 0) FROM attendance");
}

std::vector<LoggedEvent> AttendanceSince(sql::Database& db, std::int64_t cursor,
                                         const std::string& excludeKiosk, int limit) {
    sql::Statement st = db.prepare(std::string("SELECT seq, ") + store::kEventColumns +
                                   " FROM attendance WHERE seq > ? AND kiosk_id <> ? "
                                   "ORDER BY seq LIMIT ?");
    st.bind(1, cursor).bind(2, excludeKiosk).bind(3, limit);
    std::vector<LoggedEvent> out;
    while (st.step()) {
        out.push_back(LoggedEvent{st.int64(0), store::ReadEvent(st, 1)});
    }
    return out;
}

namespace {

std::string TextAt(sql::Database& db, const char* sqlText, std::int64_t seq) {
    sql::Statement st = db.prepare(sqlText);
    st.bind(1, seq);
    return st.step() ? st.text(0) : std::string();
}

} // namespace

std::string AttendanceUuidAt(sql::Database& db, std::int64_t seq) {
    return TextAt(db, "SELECT uuid FROM attendance WHERE seq = ?", seq);
}

std::int64_t AuditHighWater(sql::Database& db) {
    return db.scalar("SELECT coalesce(MAX(seq), 0) FROM audit");
}

std::string AuditUuidAt(sql::Database& db, std::int64_t seq) {
    return TextAt(db, "SELECT uuid FROM audit WHERE seq = ?", seq);
}

std::vector<LoggedAudit> AuditSince(sql::Database& db, std::int64_t cursor,
                                    const std::string& kioskId, int limit) {
    sql::Statement st =
        db.prepare("SELECT seq, uuid, at, kiosk_id, staff_id, action, registrant_id, outcome, "
                   "detail FROM audit WHERE seq > ? AND kiosk_id = ? ORDER BY seq LIMIT ?");
    st.bind(1, cursor).bind(2, kioskId).bind(3, limit);
    std::vector<LoggedAudit> out;
    while (st.step()) {
        out.push_back(LoggedAudit{st.int64(0), store::ReadAudit(st, 1)});
    }
    return out;
}

std::vector<EventKey> AttendanceKeys(sql::Database& db) {
    sql::Statement st = db.prepare("SELECT uuid, day, kiosk_id FROM attendance WHERE uuid NOT IN "
                                   "(SELECT uuid FROM set_aside) ORDER BY day, kiosk_id, uuid");
    std::vector<EventKey> out;
    while (st.step()) {
        out.push_back(EventKey{st.text(0), st.text(1), st.text(2)});
    }
    return out;
}

std::vector<std::string> AuditUuids(sql::Database& db, const std::string& kioskId) {
    sql::Statement st = db.prepare("SELECT uuid FROM audit WHERE kiosk_id = ? AND uuid NOT IN "
                                   "(SELECT uuid FROM set_aside) ORDER BY uuid");
    st.bind(1, kioskId);
    std::vector<std::string> out;
    while (st.step()) {
        out.push_back(st.text(0));
    }
    return out;
}

RowCounts CountRows(sql::Database& db, const std::string& kioskId) {
    const auto count = [&](const char* sqlText, bool bindKiosk) {
        sql::Statement st = db.prepare(sqlText);
        if (bindKiosk) {
            st.bind(1, kioskId);
        }
        st.step();
        return static_cast<int>(st.int64(0));
    };
    // Events the central refused (set aside at the kiosk) are not expected there.
    RowCounts c;
    c.kioskAttendance = count("SELECT COUNT(*) FROM attendance WHERE kiosk_id = ? AND uuid NOT IN "
                              "(SELECT uuid FROM set_aside)",
                              true);
    c.kioskAudit = count("SELECT COUNT(*) FROM audit WHERE kiosk_id = ? AND uuid NOT IN (SELECT "
                         "uuid FROM set_aside)",
                         true);
    c.allAttendance = count(
        "SELECT COUNT(*) FROM attendance WHERE uuid NOT IN (SELECT uuid FROM set_aside)", false);
    c.registrants = count("SELECT COUNT(*) FROM registrant", false);
    return c;
}

} // namespace rows
} // namespace accueil::core
