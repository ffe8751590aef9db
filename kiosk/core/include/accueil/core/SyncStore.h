// SPDX-License-Identifier: Apache-2.0
#pragma once

// The kiosk side of sync, at the storage level: what is waiting to be pushed, applying what was
// pulled, and the server-issued cursors. The HTTP part lives in accueil::sync.

#include <accueil/core/Attendance.h>
#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Registrant.h>
#include <accueil/core/Result.h>
#include <accueil/core/StoreRows.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace accueil::core {

/// Events recorded at this kiosk and not yet acknowledged, oldest first.
struct OutboxBatch {
    std::vector<AttendanceEvent> attendance;
    std::vector<AuditEntry> audit;
    /// Provisional registrants (walk-ins, badge-only admissions) the batch's events name, so
    /// the central learns about them and flags them for the secretariat.
    std::vector<Registrant> provisional;
    /// The signed badge each badge-only provisional registrant was admitted with, by ID
    /// (walk-ins have none: their check-in names the staff member who admitted them).
    std::map<std::string, std::string> badges;
    bool empty() const { return attendance.empty() && audit.empty(); }
    std::size_t size() const { return attendance.size() + audit.size(); }
};

/// The sync_state key of the central's epoch last seen (see ForgetCentral).
inline constexpr const char* kCentralEpochKey = "central_epoch";

/// The cursors a kiosk keeps between rounds. All come from the server, never a local clock.
struct SyncCursors {
    std::int64_t registrants = 0; ///< last registrant change applied (0 = never synced)
    std::int64_t attendance = 0;  ///< last central attendance sequence applied
    std::int64_t stage = 0;       ///< a full refresh in progress: last page staged
    std::int64_t audit = 0;       ///< last central audit sequence applied (own lines)
    std::int64_t photos = 0;      ///< last central photo change applied
    bool staging = false;         ///< a full refresh is being downloaded
    bool listSynced = false;      ///< a full refresh has completed once
    /// What the central said stands at each cursor ("" = nothing to check): sent back with the
    /// cursor, so a central restored from a backup cannot take it for one of its own.
    std::string registrantsCheck;
    std::string attendanceCheck;
    std::string stageCheck;
    std::string auditCheck;
    std::string photosCheck;
    std::string epoch; ///< the central database's epoch last seen ("" = none yet)
};

/// Reads up to `limit` outbox entries (attendance and audit, in recording order).
/// Errors: Storage. Thread: the store's.
Result<OutboxBatch> ReadOutbox(AttendanceStore& store, int limit);

/// Deletes the outbox rows of events the central acknowledged, in one transaction.
/// Unknown UUIDs are ignored (a retried acknowledgement is harmless). Errors: Storage.
Result<void> AcknowledgeOutbox(AttendanceStore& store, const std::vector<std::string>& uuids);

/// An event the central refused, with its reason.
struct RefusedEvent {
    std::string uuid;
    std::string reason;
};

/// Takes events the central refused out of the outbox, so the rest goes through, and keeps
/// them with the central's reason (set_aside); in one transaction. UUIDs not in the outbox are
/// ignored. Errors: Storage.
Result<void> SetAsideOutbox(AttendanceStore& store, const std::vector<RefusedEvent>& refused,
                            UtcMillis now);

/// How many events are set aside. Errors: Storage.
Result<int> SetAsideCount(AttendanceStore& store);

/// Events set aside so far, newest first (at most `limit`). Errors: Storage.
Result<std::vector<RefusedEvent>> SetAsideEvents(AttendanceStore& store, int limit);

/// Puts every event recorded by this kiosk back into the outbox (repair after drift; the
/// central ignores the ones it already has). Returns how many were re-queued. Errors: Storage.
Result<int> RequeueOwnEvents(AttendanceStore& store);

/// Stores attendance events pulled from the central (INSERT OR IGNORE on uuid, never into the
/// outbox; this kiosk's own ones too, when they come back after a restore) and advances the
/// attendance cursor and its check, in one transaction. Returns how many were new.
Result<int> ApplyRemoteAttendance(AttendanceStore& store,
                                  const std::vector<AttendanceEvent>& events, std::int64_t cursor,
                                  const std::string& check = {});

/// Stores this kiosk's own audit lines pulled back from the central (INSERT OR IGNORE on uuid,
/// never into the outbox) and advances the audit cursor and its check, in one transaction.
/// Returns how many were new.
Result<int> ApplyRemoteAudit(AttendanceStore& store, const std::vector<AuditEntry>& lines,
                             std::int64_t cursor, const std::string& check);

/// Applies one page of photo changes from the central (a photo set or replaced, or removed
/// when it has no JPEG) and advances the photo cursor and its check, in one transaction.
/// Returns how many changes were applied.
Result<int> ApplyPhotoPage(AttendanceStore& store, const std::vector<rows::PhotoChange>& page,
                           std::int64_t cursor, const std::string& check);

/// Applies one page of registrant changes from the central (the central's values win, holds
/// included) and advances the registrant cursor and its check, in one transaction.
Result<UpsertSummary> ApplyRegistrantPage(AttendanceStore& store,
                                          const std::vector<Registrant>& page, std::int64_t cursor,
                                          const std::string& check = {});

/// Starts (or, when `restart`, starts over) a full refresh: pulled pages go to a staging table.
Result<void> BeginFullRefresh(AttendanceStore& store, bool restart);

/// Adds one page of a full refresh (the page that starts at `fromCursor`) to the staging table
/// and records how far it got, so an interrupted download resumes from there. Conflict when
/// the staging moved on meanwhile (another process on the same file is refreshing too).
Result<void> StageRegistrantPage(AttendanceStore& store, const std::vector<Registrant>& page,
                                 std::int64_t fromCursor, std::int64_t stageCursor,
                                 const std::string& stageCheck = {});

/// Swaps the staged list in, in one transaction: staged registrants are upserted, listed
/// registrants the central no longer has are removed (local provisional ones are kept), and
/// the registrant cursor becomes `cursor`. Readers see the old list or the new, never half.
/// Conflict when no refresh is staged (another process finished it first).
Result<UpsertSummary> FinishFullRefresh(AttendanceStore& store, std::int64_t cursor,
                                        const std::string& check = {});

/// The central is not the one the cursors came from (a new epoch, or a cursor it does not
/// know: restored from a backup or replaced). In one transaction: a full refresh of the list is
/// begun, the attendance and audit cursors go back to 0, the photos are deleted and their
/// cursor goes back to 0 (they come again with the next pull), every check is forgotten, `epoch` is
/// kept, and every event recorded here is queued again (the central may have lost some it had
/// acknowledged; it ignores the ones it holds). Returns how many were queued again.
Result<int> ForgetCentral(AttendanceStore& store, const std::string& epoch);

/// The saved cursors. Errors: Storage.
Result<SyncCursors> LoadCursors(AttendanceStore& store);
/// Forgets the attendance and audit cursors (the next pulls start from the beginning).
/// Errors: Storage.
Result<void> ResetLogCursors(AttendanceStore& store);

/// A free-form value in sync_state (last success, settings from the central). Errors: Storage.
Result<std::optional<std::string>> GetSyncValue(AttendanceStore& store, const std::string& key);
Result<void> SetSyncValue(AttendanceStore& store, const std::string& key, const std::string& value);

/// Counts for the nightly reconcile.
struct LocalCounts {
    int ownAttendance = 0; ///< attendance events recorded at this kiosk
    int ownAudit = 0;      ///< audit lines recorded at this kiosk
    int allAttendance = 0; ///< attendance events from every kiosk
    int registrants = 0;   ///< registrants on the list, provisional ones included
};
Result<LocalCounts> CountLocal(AttendanceStore& store);

/// What the nightly digests are made of: every attendance event's key (by day, kiosk, UUID)
/// and the UUIDs of this kiosk's own audit lines. Errors: Storage.
struct LocalLogKeys {
    std::vector<rows::EventKey> attendance;
    std::vector<std::string> ownAudit;
};
Result<LocalLogKeys> ReadLogKeys(AttendanceStore& store);

} // namespace accueil::core
