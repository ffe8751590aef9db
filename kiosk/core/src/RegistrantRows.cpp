// SPDX-License-Identifier: Apache-2.0
// Reading and writing registrant, attendance and audit rows: the store's row-level helpers.

#include "StoreInternal.h"

#include <accueil/core/Text.h>

namespace accueil::core::store {

Registrant ReadRegistrant(const sql::Statement& st, int first) {
    Registrant r;
    int c = first;
    r.id = st.text(c++);
    r.givenName = st.text(c++);
    r.familyName = st.text(c++);
    r.delegation = st.text(c++);
    r.category = st.text(c++);
    r.role = st.text(c++);
    r.gender = st.text(c++);
    r.days = SplitDays(st.text(c++));
    r.status = st.text(c++) == "cancelled" ? RegistrantStatus::Cancelled : RegistrantStatus::Active;
    r.badgeVersion = st.int64(c++);
    r.holdNote = st.text(c++);
    r.ticket = st.text(c++);
    r.language = st.text(c++);
    r.provisional = st.int64(c++) != 0;
    return r;
}

std::optional<Registrant> LoadRegistrant(sql::Database& db, const std::string& id) {
    sql::Statement st =
        db.prepare(std::string("SELECT ") + kRegistrantColumns + " FROM registrant WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) {
        return std::nullopt;
    }
    return ReadRegistrant(st);
}

std::string JoinDays(const std::vector<std::string>& days) {
    std::string out;
    for (const auto& d : days) {
        if (!out.empty()) {
            out += ';';
        }
        out += d;
    }
    return out;
}

std::vector<std::string> SplitDays(const std::string& text) {
    std::vector<std::string> days;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(';', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        if (end > start) {
            days.push_back(text.substr(start, end - start));
        }
        start = end + 1;
    }
    return days;
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
} // namespace

namespace {
void WriteEvent(sql::Database& db, const AttendanceEvent& e, const char* verb) {
    db.prepare(std::string(verb) +
               " INTO attendance (uuid, registrant_id, day, kind, target, kiosk_id, at, "
               "method, staff_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
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
        .run();
}
} // namespace

void InsertEvent(sql::Database& db, const AttendanceEvent& e) {
    WriteEvent(db, e, "INSERT");
    Enqueue(db, "attendance", e.uuid);
}

bool InsertRemoteEvent(sql::Database& db, const AttendanceEvent& e) {
    WriteEvent(db, e, "INSERT OR IGNORE");
    return db.changes() > 0;
}

void InsertAudit(sql::Database& db, const AuditEntry& a, const std::string& scanKey) {
    const std::string uuid = a.uuid.empty() ? NewUuid() : a.uuid;
    db.prepare("INSERT INTO audit (uuid, at, kiosk_id, staff_id, action, registrant_id, outcome, "
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
    Enqueue(db, "audit", uuid);
}

Upserted UpsertRegistrant(sql::Database& db, const Registrant& incoming, UpsertFields fields,
                          UtcMillis now) {
    Registrant r = incoming;
    if (r.gender.empty()) {
        r.gender = "undisclosed";
    }
    std::int64_t rid = 0;
    std::optional<Registrant> existing;
    {
        sql::Statement st = db.prepare(std::string("SELECT rid, ") + kRegistrantColumns +
                                       " FROM registrant WHERE id = ?");
        st.bind(1, r.id);
        if (st.step()) {
            rid = st.int64(0);
            existing = ReadRegistrant(st, 1);
        }
    }
    if (existing) {
        // Fields the batch does not carry keep what staff or an earlier import set.
        if (!fields.holdNote) {
            r.holdNote = existing->holdNote;
        }
        if (!fields.ticket) {
            r.ticket = existing->ticket;
        }
        if (!fields.language) {
            r.language = existing->language;
        }
        if (r == *existing) {
            return Upserted::Unchanged;
        }
    }
    const char* sqlText =
        existing ? "UPDATE registrant SET given_name = ?2, family_name = ?3, delegation = ?4, "
                   "category = ?5, role = ?6, gender = ?7, days = ?8, status = ?9, "
                   "badge_version = ?10, hold_note = ?11, ticket = ?12, language = ?13, "
                   "provisional = ?14, updated_at = ?15 WHERE id = ?1"
                 : "INSERT INTO registrant (id, given_name, family_name, delegation, category, "
                   "role, gender, days, status, badge_version, hold_note, ticket, language, "
                   "provisional, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                   "?11, ?12, ?13, ?14, ?15)";
    db.prepare(sqlText)
        .bind(1, r.id)
        .bind(2, r.givenName)
        .bind(3, r.familyName)
        .bind(4, r.delegation)
        .bind(5, r.category)
        .bind(6, r.role)
        .bind(7, r.gender)
        .bind(8, JoinDays(r.days))
        .bind(9, ToString(r.status))
        .bind(10, r.badgeVersion)
        .bind(11, r.holdNote)
        .bind(12, r.ticket)
        .bind(13, r.language)
        .bind(14, r.provisional)
        .bind(15, now)
        .run();
    if (!existing) {
        rid = db.lastInsertRowid();
    }
    const bool searchChanged = !existing || existing->givenName != r.givenName ||
                               existing->familyName != r.familyName ||
                               existing->delegation != r.delegation;
    if (searchChanged) {
        if (existing) {
            db.prepare("DELETE FROM registrant_search WHERE rowid = ?").bind(1, rid).run();
        }
        db.prepare("INSERT INTO registrant_search (rowid, text) VALUES (?, ?)")
            .bind(1, rid)
            .bind(2, FoldForSearch(r.givenName + " " + r.familyName + " " + r.delegation))
            .run();
    }
    return existing ? Upserted::Updated : Upserted::Added;
}

UpsertSummary UpsertRegistrants(sql::Database& db, const std::vector<Registrant>& list,
                                UpsertFields fields, UtcMillis now) {
    UpsertSummary summary;
    for (const Registrant& r : list) {
        switch (UpsertRegistrant(db, r, fields, now)) {
        case Upserted::Added:
            ++summary.added;
            break;
        case Upserted::Updated:
            ++summary.updated;
            break;
        case Upserted::Unchanged:
            ++summary.unchanged;
            break;
        }
    }
    return summary;
}

} // namespace accueil::core::store
