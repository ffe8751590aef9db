// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared by the store's source files; not part of the public API.

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Sqlite.h>

#include <exception>
#include <optional>
#include <string>
#include <type_traits>

namespace accueil::core {

struct AttendanceStore::Impl {
    sql::Database db;
    EventConfig event;
    std::string kioskId;
};

namespace store {

/// Runs `body`; SQLite and other exceptions become a Storage error at the API boundary.
template <class F> auto Guarded(const std::string& what, F&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const sql::SqlError& e) {
        const std::string hint = e.busy() ? " (the database stayed locked by another process)" : "";
        return MakeError(ErrorKind::Storage, what + ": " + e.what() + hint);
    } catch (const std::exception& e) {
        return MakeError(ErrorKind::Storage, what + ": " + e.what());
    }
}

/// Columns read by ReadRegistrant, in order, for "SELECT <kRegistrantColumns> FROM registrant".
inline constexpr const char* kRegistrantColumns =
    "id, given_name, family_name, delegation, category, role, gender, days, status, "
    "badge_version, hold_note, ticket, language, provisional";

Registrant ReadRegistrant(const sql::Statement& st, int first = 0);
std::optional<Registrant> LoadRegistrant(sql::Database& db, const std::string& id);
std::string JoinDays(const std::vector<std::string>& days);
std::vector<std::string> SplitDays(const std::string& text);

/// Earliest entry on `day` that no undo cancelled.
std::optional<UtcMillis> FirstEntry(sql::Database& db, const std::string& registrantId,
                                    const std::string& day);

/// Appends to the attendance log and the outbox.
void InsertEvent(sql::Database& db, const AttendanceEvent& event);
/// Appends an event another kiosk recorded (not queued for pushing); false if already there.
bool InsertRemoteEvent(sql::Database& db, const AttendanceEvent& event);
/// Appends to the audit log and the outbox; `scanKey` feeds the debounce.
void InsertAudit(sql::Database& db, const AuditEntry& entry, const std::string& scanKey = {});
/// Inserts or replaces one registrant row and its search text; returns whether it changed.
enum class Upserted { Added, Updated, Unchanged };
Upserted UpsertRegistrant(sql::Database& db, const Registrant& r, UpsertFields fields,
                          UtcMillis now);
/// UpsertRegistrant for each, counted (inside the caller's transaction).
UpsertSummary UpsertRegistrants(sql::Database& db, const std::vector<Registrant>& list,
                                UpsertFields fields, UtcMillis now);

} // namespace store
} // namespace accueil::core
