// SPDX-License-Identifier: Apache-2.0
// Reading and writing registrant rows: the store's own helpers and the row API the central
// uses (StoreRows.h). The attendance and audit rows are in LogRows.cpp.

#include "StoreInternal.h"

#include <accueil/core/SearchText.h>
#include <accueil/core/Text.h>

namespace accueil::core {

namespace store {

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
    r.attention = st.text(c++);
    return r;
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

void BindRegistrantColumns(sql::Statement& st, const Registrant& r) {
    st.bind(1, r.id)
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
        .bind(15, r.attention);
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

namespace {

// Writes the merged row: an UPDATE of the stored one, else an INSERT. Returns its rowid.
std::int64_t WriteRegistrant(sql::Database& db, const Registrant& r, bool exists, std::int64_t rid,
                             UtcMillis now) {
    const char* sqlText =
        exists ? "UPDATE registrant SET given_name = ?2, family_name = ?3, delegation = ?4, "
                 "category = ?5, role = ?6, gender = ?7, days = ?8, status = ?9, "
                 "badge_version = ?10, hold_note = ?11, ticket = ?12, language = ?13, "
                 "provisional = ?14, attention = ?15, updated_at = ?16 WHERE id = ?1"
               : "INSERT INTO registrant (id, given_name, family_name, delegation, category, "
                 "role, gender, days, status, badge_version, hold_note, ticket, language, "
                 "provisional, attention, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                 "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";
    sql::Statement st = db.prepare(sqlText);
    BindRegistrantColumns(st, r);
    st.bind(16, now).run();
    return exists ? rid : db.lastInsertRowid();
}

// The search row follows the names and the delegation; other changes leave it alone.
void WriteSearchText(sql::Database& db, const std::optional<Registrant>& stored,
                     const Registrant& r, std::int64_t rid) {
    const bool changed = !stored || stored->givenName != r.givenName ||
                         stored->familyName != r.familyName || stored->delegation != r.delegation;
    if (!changed) {
        return;
    }
    if (stored) {
        db.prepare("DELETE FROM registrant_search WHERE rowid = ?").bind(1, rid).run();
    }
    IndexForSearch(db, rid, r.givenName, r.familyName, r.delegation);
}

} // namespace

void IndexForSearch(sql::Database& db, std::int64_t rid, const std::string& givenName,
                    const std::string& familyName, const std::string& delegation) {
    const SearchText text = SearchTextOf(givenName, familyName, delegation);
    db.prepare("INSERT INTO registrant_search (rowid, text, skeleton) VALUES (?, ?, ?)")
        .bind(1, rid)
        .bind(2, text.text)
        .bind(3, text.skeleton)
        .run();
}

void IndexEveryoneForSearch(sql::Database& db) {
    sql::Statement rows =
        db.prepare("SELECT rid, given_name, family_name, delegation FROM registrant");
    while (rows.step()) {
        IndexForSearch(db, rows.int64(0), rows.text(1), rows.text(2), rows.text(3));
    }
}

Upserted UpsertRegistrant(sql::Database& db, const Registrant& incoming, UpsertFields fields,
                          UtcMillis now) {
    std::int64_t rid = 0;
    std::optional<Registrant> stored;
    {
        sql::Statement st = db.prepare(std::string("SELECT rid, ") + kRegistrantColumns +
                                       " FROM registrant WHERE id = ?");
        st.bind(1, incoming.id);
        if (st.step()) {
            rid = st.int64(0);
            stored = ReadRegistrant(st, 1);
        }
    }
    const MergedRegistrant merged = MergeRegistrant(stored, incoming, fields);
    if (merged.change == Upserted::Unchanged) {
        return merged.change;
    }
    rid = WriteRegistrant(db, merged.row, stored.has_value(), rid, now);
    WriteSearchText(db, stored, merged.row, rid);
    return merged.change;
}

} // namespace store

namespace rows {

std::optional<Registrant> LoadRegistrant(sql::Database& db, const std::string& id) {
    sql::Statement st = db.prepare(std::string("SELECT ") + store::kRegistrantColumns +
                                   " FROM registrant WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) {
        return std::nullopt;
    }
    return store::ReadRegistrant(st);
}

namespace {

// The registrants a WHERE clause selects (all of them for ""), by ID.
std::vector<Registrant> SelectRegistrants(sql::Database& db, const std::string& where) {
    sql::Statement st = db.prepare(std::string("SELECT ") + store::kRegistrantColumns +
                                   " FROM registrant " + where + " ORDER BY id");
    std::vector<Registrant> out;
    while (st.step()) {
        out.push_back(store::ReadRegistrant(st));
    }
    return out;
}

} // namespace

std::vector<Registrant> ProvisionalRegistrants(sql::Database& db) {
    return SelectRegistrants(db, "WHERE provisional = 1");
}

std::vector<Registrant> AllRegistrants(sql::Database& db) {
    return SelectRegistrants(db, "");
}

UpsertSummary UpsertRegistrants(sql::Database& db, const std::vector<Registrant>& list,
                                UpsertFields fields, UtcMillis now) {
    UpsertSummary summary;
    for (const Registrant& r : list) {
        summary.count(store::UpsertRegistrant(db, r, fields, now));
    }
    return summary;
}

bool SetHoldNote(sql::Database& db, const std::string& registrantId, const std::string& note,
                 UtcMillis at) {
    // "<> note" keeps a repeated hold from touching the row, so it takes no change number.
    db.prepare("UPDATE registrant SET hold_note = ?, updated_at = ? WHERE id = ? "
               "AND hold_note <> ?")
        .bind(1, note)
        .bind(2, at)
        .bind(3, registrantId)
        .bind(4, note)
        .run();
    return db.changes() > 0;
}

bool RaiseBadgeVersion(sql::Database& db, const std::string& registrantId, std::int64_t version,
                       UtcMillis at) {
    db.prepare("UPDATE registrant SET badge_version = ?, updated_at = ? WHERE id = ? "
               "AND badge_version < ?")
        .bind(1, version)
        .bind(2, at)
        .bind(3, registrantId)
        .bind(4, version)
        .run();
    return db.changes() > 0;
}

std::int64_t RegistrantChangeHighWater(sql::Database& db) {
    return db.scalar("SELECT value FROM central_counter WHERE name = 'registrant'");
}

std::string RegistrantChangeMark(sql::Database& db, std::int64_t seq) {
    sql::Statement st = db.prepare("SELECT mark FROM central_change_mark WHERE seq = ?");
    st.bind(1, seq);
    return st.step() ? st.text(0) : std::string();
}

std::vector<RegistrantChange> RegistrantChangesSince(sql::Database& db, std::int64_t cursor,
                                                     int limit) {
    // USING (id): the one column both tables have is named once, so the list needs no prefix.
    sql::Statement st = db.prepare(std::string("SELECT seq, ") + store::kRegistrantColumns +
                                   " FROM central_change JOIN registrant USING (id) "
                                   "WHERE seq > ? ORDER BY seq LIMIT ?");
    st.bind(1, cursor).bind(2, limit);
    std::vector<RegistrantChange> out;
    while (st.step()) {
        out.push_back(RegistrantChange{st.int64(0), store::ReadRegistrant(st, 1)});
    }
    return out;
}

} // namespace rows
} // namespace accueil::core
