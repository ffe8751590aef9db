// SPDX-License-Identifier: Apache-2.0
#pragma once

// What a kiosk does when the central revokes it: it may have been stolen, or left behind at a
// venue, so the names it holds go, and what is anonymous (ids, attendance, counts) stays.

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Registrant.h>
#include <accueil/core/Result.h>
#include <accueil/core/Sqlite.h>

#include <functional>
#include <optional>

namespace accueil::core {

/// What a wipe erased.
struct WipeSummary {
    int registrants = 0; ///< registrant rows whose names, delegation and notes were erased
    int staff = 0;       ///< staff accounts (with their PIN hashes) deleted
    int photos = 0;      ///< registrants' photos deleted
};

/// Erases the personal data in the store, in one transaction with SQLite's secure_delete on:
/// registrants' names, gender, delegation, role, language, ticket and hold note (ids, category,
/// days and status stay); every photo; the search index; staff accounts and PIN hashes; the badges
/// kept for provisional registrants; a half-downloaded list; staff reasons on attendance events and
/// the audit lines' details and scan keys (what the scan read). Attendance events, audit lines and
/// the outbox stay. Forgets the sync cursors, so a kiosk enrolled again fetches the whole list.
/// Marks the store revoked at `now` (RevokedAt). Then VACUUM, so the erased text is not left
/// in free pages, and a checkpoint that truncates the WAL file, which kept the old pages.
/// Errors: Storage (nothing changed when the transaction failed; a failed VACUUM or
/// checkpoint leaves the data erased, and is reported so the caller can say the file may still
/// hold fragments). Thread: the store's.
Result<WipeSummary> WipePersonalData(AttendanceStore& store, UtcMillis now);

/// When the store was wiped after its kiosk was revoked; nullopt for a kiosk in service.
/// Errors: Storage. Thread: the store's.
Result<std::optional<UtcMillis>> RevokedAt(AttendanceStore& store);

/// What `accueil purge --after-event` did.
struct PurgeSummary {
    WipeSummary erased;
    int days = 0; ///< meeting days whose report was kept
};

/// After the meeting, the retention rule (docs/security.md): keeps the report of every meeting
/// day (AttendanceStore::report answers from it from then on, gender and delegation included)
/// and erases the personal data as WipePersonalData does, marking the store purged at `now`
/// rather than revoked, and auditing the purge. Errors: Conflict (a meeting day not over at
/// `now` in the event's zone; events not yet at the central, unless `evenUnsent`; purged
/// already), Storage as WipePersonalData. Thread: the store's.
Result<PurgeSummary> PurgeAfterEvent(AttendanceStore& store, UtcMillis now, bool evenUnsent);

/// When the store was purged after the event; nullopt before. Errors: Storage.
Result<std::optional<UtcMillis>> PurgedAt(AttendanceStore& store);

/// The erasure itself, on any database of the store's schema (a kiosk's, or the central's,
/// whose list has the same tables): what WipePersonalData erases, in one transaction with
/// secure_delete on, with `markKey` = `now` in its meta table and `inside` run in the same
/// transaction after the erasure; then VACUUM and a truncating checkpoint. Errors: Storage
/// (as WipePersonalData). Thread: the database's.
Result<WipeSummary> ErasePersonalData(sql::Database& db, const char* markKey, UtcMillis now,
                                      const std::function<void()>& inside = {});

/// A registrant as the erasure leaves it: names, delegation, role, language, ticket, hold and
/// attention notes blank, gender "undisclosed"; the ID, category, days, status, badge version
/// and provisional mark stay. The same columns ErasePersonalData blanks; for a store that keeps
/// whole registrants (the PostgreSQL central). Pure; any thread.
Registrant WithPersonalDataErased(Registrant r);

/// Puts a revoked store back in service (a kiosk enrolled again): clears the mark. The erased
/// data does not come back; the next sync fetches the list again. Errors: Storage.
Result<void> ClearRevoked(AttendanceStore& store);

} // namespace accueil::core
