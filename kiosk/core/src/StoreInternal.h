// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared by the store's source files; not part of the public API.

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Sqlite.h>
#include <accueil/core/StoreRows.h>

#include <exception>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>

namespace accueil::core {

struct AttendanceStore::Impl {
    sql::Database db;
    EventConfig event;
    std::string kioskId;
    /// The monotonic time of the last recorded scan of each debounce key in this process.
    std::unordered_map<std::string, std::int64_t> steadyOfKey;
    /// Purged after the event (PurgeAfterEvent): nothing new is recorded.
    bool purged = false;
    /// The door's zone (setZone).
    std::string zone = std::string(kDefaultZone);
};

namespace store {

/// The store's connection and settings, for the core's free functions over an AttendanceStore
/// (SyncStore.cpp, TodayStats.cpp). Same thread as the store.
struct Access {
    static AttendanceStore::Impl& Of(AttendanceStore& store) { return *store.m_impl; }
};

/// Runs `body`; SQLite and other exceptions become a Storage error at the API boundary.
template <class F> auto Guarded(const std::string& what, F&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const sql::SqlError& e) {
        if (e.readOnly()) { // the statement says nothing a user can act on
            return MakeError(ErrorKind::Storage,
                             what + ": the database can only be read here (a read-only file or "
                                    "mount); nothing was changed");
        }
        const std::string hint = e.busy() ? " (the database stayed locked by another process)" : "";
        return MakeError(ErrorKind::Storage, what + ": " + e.what() + hint);
    } catch (const std::exception& e) {
        return MakeError(ErrorKind::Storage, what + ": " + e.what());
    }
}

/// Columns read by ReadRegistrant, in order, for "SELECT <kRegistrantColumns> FROM registrant".
inline constexpr const char* kRegistrantColumns =
    "id, given_name, family_name, delegation, category, role, gender, days, status, "
    "badge_version, hold_note, ticket, language, provisional, attention";

Registrant ReadRegistrant(const sql::Statement& st, int first = 0);
std::string JoinDays(const std::vector<std::string>& days);
/// Binds parameters 1 to 15 to the registrant columns, in kRegistrantColumns order; for the
/// tables that hold a registrant row (registrant, sync_stage).
void BindRegistrantColumns(sql::Statement& st, const Registrant& r);
std::vector<std::string> SplitDays(const std::string& text);

/// Writes the search row of registrant `rid` (SearchTextOf its names and delegation).
void IndexForSearch(sql::Database& db, std::int64_t rid, const std::string& givenName,
                    const std::string& familyName, const std::string& delegation);
/// Writes the search row of every registrant (into an empty index).
void IndexEveryoneForSearch(sql::Database& db);

/// Whether the registrant's latest entry or exit in `zone` on `day` (by scan time, undone ones
/// left out) is an exit: they went out, so coming back is not a second entry.
bool LeftZone(sql::Database& db, const std::string& registrantId, const std::string& day,
              const std::string& zone);

/// Every attendance event of `day`, in no particular order.
std::vector<AttendanceEvent> ReadDayLog(sql::Database& db, const std::string& day);

/// Earliest entry on `day` that no undo cancelled.
std::optional<UtcMillis> FirstEntry(sql::Database& db, const std::string& registrantId,
                                    const std::string& day);

/// Columns read by ReadEvent, in order, for "SELECT <kEventColumns> FROM attendance".
inline constexpr const char* kEventColumns =
    "uuid, registrant_id, day, kind, target, kiosk_id, at, method, staff_id, reason, zone";

/// An attendance row read from `first` on (NULL target, staff or reason read as empty).
AttendanceEvent ReadEvent(const sql::Statement& st, int first = 0);
/// An audit line from the columns uuid, at, kiosk_id, staff_id, action, registrant_id, outcome,
/// detail, starting at column `first`.
AuditEntry ReadAudit(const sql::Statement& st, int first);

/// Appends to the attendance log and the outbox.
void InsertEvent(sql::Database& db, const AttendanceEvent& event);
/// As InsertEvent for an event every host derives alike (the nightly check-out): written and
/// queued only when its UUID is new here. True when it was.
bool InsertEventOnce(sql::Database& db, const AttendanceEvent& event);
/// Appends to the audit log and the outbox; `scanKey` feeds the debounce.
void InsertAudit(sql::Database& db, const AuditEntry& entry, const std::string& scanKey = {});

/// The `meta` key that marks a store purged after the event, with the time (PurgeAfterEvent).
inline constexpr const char* kPurgedAtKey = "purged_at";
/// The `meta` key under which a purge keeps the report of the meeting's days
/// (PurgeAfterEvent); AttendanceStore::report answers from it once it is there.
inline constexpr const char* kPurgedReportKey = "purged_report";
/// The refusal of an entry in a store purged after the event (`purged`); nullopt when it is
/// in service.
std::optional<Error> PurgedRefusal(bool purged, const sql::Database& db);
/// Report rows as kept under kPurgedReportKey (JSON), and back.
std::string ReportRowsToText(const std::vector<ReportRow>& rows);
std::vector<ReportRow> ReportRowsFromText(const std::string& text);
/// Merges one registrant into the list (MergeRegistrant) and writes its row and search text
/// when it changed.
Upserted UpsertRegistrant(sql::Database& db, const Registrant& incoming, UpsertFields fields,
                          UtcMillis now);

} // namespace store
} // namespace accueil::core
