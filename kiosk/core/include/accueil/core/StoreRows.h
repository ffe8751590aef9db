// SPDX-License-Identifier: Apache-2.0
#pragma once

// Row-level access to the store's tables (registrant, attendance, audit) for a program that
// keeps its own connection to a store database and writes its own tables beside them in the
// same transaction: the central server. A kiosk goes through AttendanceStore instead.
//
// The rules of the store hold here too: the logs are append-only and idempotent by UUID, and
// registrants are merged with MergeRegistrant. Apart from OpenStoreDatabase, no function begins
// or commits a transaction: the caller holds one (IMMEDIATE to write, DEFERRED to read several
// things at one moment). Like sql::Database they throw sql::SqlError; the caller turns it into
// a Result at its own boundary. A connection belongs to one thread at a time.

#include <accueil/core/Attendance.h>
#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Config.h>
#include <accueil/core/Figures.h>
#include <accueil/core/Photo.h>
#include <accueil/core/Registrant.h>
#include <accueil/core/RegistrantMerge.h>
#include <accueil/core/Report.h>
#include <accueil/core/Result.h>
#include <accueil/core/Sqlite.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace accueil::core::rows {

// --- The database ------------------------------------------------------------------------

/// Opens (creating it when missing) a store database on a new connection, as
/// AttendanceStore::Open does: integrity check, migrations to this build's schema, and the file
/// bound to `event` (a file of another event is refused). Errors: Storage, Config. Any thread;
/// the connection is the caller's.
Result<sql::Database> OpenStoreDatabase(const std::string& path, const EventConfig& event);

/// Adds what the central keeps beside the store schema: a registrant change sequence (every
/// insert or update of a registrant row takes the next number, so "changes since N" is a range
/// scan and a cursor is never a clock) and indexes of both logs by kiosk. Idempotent; run it
/// at every open, inside the caller's write transaction.
void AddCentralSchema(sql::Database& db);

// --- Registrants -------------------------------------------------------------------------

/// The registrant with this ID, if listed.
std::optional<Registrant> LoadRegistrant(sql::Database& db, const std::string& id);

/// Provisional registrants (walk-ins, badge-only admissions), by ID.
std::vector<Registrant> ProvisionalRegistrants(sql::Database& db);

/// Every registrant on the list, provisional ones included, by ID.
std::vector<Registrant> AllRegistrants(sql::Database& db);

/// Merges each registrant into the list (MergeRegistrant) and writes the rows that changed,
/// search text included, stamped `now`. Returns the counts. Write transaction.
UpsertSummary UpsertRegistrants(sql::Database& db, const std::vector<Registrant>& list,
                                UpsertFields fields, UtcMillis now);

/// Sets a listed registrant's hold note (empty: cleared), stamped `at`, when it differs from
/// the stored one. Returns whether the row changed (false too for an unknown ID).
bool SetHoldNote(sql::Database& db, const std::string& registrantId, const std::string& note,
                 UtcMillis at);

/// Raises a listed registrant's badge version to `version`, stamped `at`, when it is lower (a
/// version never goes down). Returns whether the row changed.
bool RaiseBadgeVersion(sql::Database& db, const std::string& registrantId, std::int64_t version,
                       UtcMillis at);

/// One registrant as changed at a point of the change sequence.
struct RegistrantChange {
    std::int64_t seq = 0;
    Registrant registrant;
};

/// The newest number of the registrant change sequence (0 before any). Needs AddCentralSchema.
std::int64_t RegistrantChangeHighWater(sql::Database& db);

/// The random mark of change `seq` ("" when the database has none: seq 0, or a change made
/// before marks were kept). Needs AddCentralSchema.
std::string RegistrantChangeMark(sql::Database& db, std::int64_t seq);

/// Up to `limit` registrants whose latest change is after `cursor`, oldest change first.
/// Needs AddCentralSchema.
std::vector<RegistrantChange> RegistrantChangesSince(sql::Database& db, std::int64_t cursor,
                                                     int limit);

// --- Photos ------------------------------------------------------------------------------

/// The stored photo of a registrant, if any.
std::optional<std::string> LoadPhoto(sql::Database& db, const std::string& registrantId);

/// Sets each photo, stamped `now`; a photo already stored with the same bytes is left as it is
/// (so the central hands out no change for it). Write transaction.
PhotoSummary PutPhotos(sql::Database& db, const std::vector<Photo>& photos, UtcMillis now);

/// Deletes a registrant's photo. Returns whether there was one. Write transaction.
bool DeletePhoto(sql::Database& db, const std::string& registrantId);

/// Those of `ids` that are not on the list, in the order given.
std::vector<std::string> UnlistedIds(sql::Database& db, const std::vector<std::string>& ids);

/// One photo as changed at a point of the photo change sequence: set, or removed (no jpeg).
struct PhotoChange {
    std::int64_t seq = 0;
    std::string registrantId;
    std::optional<std::string> jpeg;
};

/// The newest number of the photo change sequence (0 before any). Needs AddCentralSchema.
std::int64_t PhotoChangeHighWater(sql::Database& db);

/// The random mark of photo change `seq` ("" when there is none). Needs AddCentralSchema.
std::string PhotoChangeMark(sql::Database& db, std::int64_t seq);

/// Photo changes after `cursor`, oldest first: at most `limit`, and no more once their JPEG
/// bytes reach `maxBytes` (at least one, so a page always moves on). Needs AddCentralSchema.
std::vector<PhotoChange> PhotoChangesSince(sql::Database& db, std::int64_t cursor, int limit,
                                           std::size_t maxBytes);

// --- The logs ----------------------------------------------------------------------------

/// Appends an attendance event recorded elsewhere (not queued for pushing). Returns false
/// when an event with its UUID is already there (the row is left as it is).
bool InsertRemoteEvent(sql::Database& db, const AttendanceEvent& event);

/// Appends an audit line recorded elsewhere (not queued for pushing, not fed to this
/// database's debounce). Returns false when a line with its UUID is already there.
bool InsertRemoteAudit(sql::Database& db, const AuditEntry& entry);

/// One day's attendance log, every door's events, in no particular order (for InsideNow).
std::vector<AttendanceEvent> DayLog(sql::Database& db, const std::string& day);

/// One attendance event and its place in this database's log.
struct LoggedEvent {
    std::int64_t seq = 0;
    AttendanceEvent event;
};

/// IDs of the registrants with at least one check-in (scanned or by hand, any day) that no undo
/// cancelled, sorted.
std::vector<std::string> CheckedInRegistrantIds(sql::Database& db);

/// The sequence number of the newest attendance event (0 when the log is empty).
std::int64_t AttendanceHighWater(sql::Database& db);

/// Up to `limit` attendance events after `cursor` in log order, leaving out those recorded by
/// `excludeKiosk`.
std::vector<LoggedEvent> AttendanceSince(sql::Database& db, std::int64_t cursor,
                                         const std::string& excludeKiosk, int limit);

/// The UUID of the attendance event at `seq` of this database's log ("" when there is none).
std::string AttendanceUuidAt(sql::Database& db, std::int64_t seq);

/// One audit line and its place in this database's log.
struct LoggedAudit {
    std::int64_t seq = 0;
    AuditEntry entry;
};

/// The sequence number of the newest audit line (0 when the log is empty).
std::int64_t AuditHighWater(sql::Database& db);

/// The UUID of the audit line at `seq` ("" when there is none).
std::string AuditUuidAt(sql::Database& db, std::int64_t seq);

/// Up to `limit` audit lines recorded by `kioskId` after `cursor`, in log order.
std::vector<LoggedAudit> AuditSince(sql::Database& db, std::int64_t cursor,
                                    const std::string& kioskId, int limit);

/// An attendance event's UUID with the day and kiosk it belongs to.
struct EventKey {
    std::string uuid;
    std::string day;
    std::string kioskId;
};

/// Every attendance event's key, by day, kiosk and UUID (events the central refused, set aside
/// at a kiosk, left out: the central will never hold them).
std::vector<EventKey> AttendanceKeys(sql::Database& db);

/// The UUIDs of every audit line recorded by `kioskId`, sorted (set-aside lines left out).
std::vector<std::string> AuditUuids(sql::Database& db, const std::string& kioskId);

/// Row counts the nightly reconcile compares between a kiosk and the central (events the
/// central refused, set aside at a kiosk, are not counted).
struct RowCounts {
    int kioskAttendance = 0; ///< attendance events recorded by the kiosk
    int kioskAudit = 0;      ///< audit lines recorded by the kiosk
    int allAttendance = 0;   ///< attendance events from every kiosk
    int registrants = 0;     ///< registrants on the list, provisional ones included
};

/// Counts rows for `kioskId`. Call inside a read transaction so the counts agree.
RowCounts CountRows(sql::Database& db, const std::string& kioskId);

// --- Reports -----------------------------------------------------------------------------

/// The report rows for `days` (see ReportDays and CountReportDay). Call inside a read
/// transaction so the list and the log are seen at the same moment.
std::vector<ReportRow> Report(sql::Database& db, const std::vector<std::string>& days);

/// Every registrant as the report and the figures see them (provisional and cancelled ones
/// included).
std::vector<ReportPerson> ReportPeople(sql::Database& db);

/// The list and each person's first effective entry (an entry no undo names) per day, for
/// the figures. Call inside a read transaction.
FigureFacts ReadFigureFacts(sql::Database& db);

} // namespace accueil::core::rows
