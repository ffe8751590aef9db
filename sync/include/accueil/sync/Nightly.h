// SPDX-License-Identifier: Apache-2.0
#pragma once

// The night job: a full sync, a reconcile of contents both ways (digests per day and kiosk)
// with repair, and the day's reports as CSV.

#include <accueil/core/AttendanceStore.h>
#include <accueil/sync/SyncClient.h>

#include <optional>
#include <string>
#include <vector>

namespace accueil::sync {

struct NightlyOptions {
    std::string reportDir;
    std::optional<std::string>
        day; ///< default: today in the event's zone (all days if not a meeting day)
    /// The clock the automatic check-out is judged by; default the wall clock.
    std::optional<core::UtcMillis> now;
};

/// One content compared between the kiosk and the central: one day and kiosk's attendance
/// ("attendance 2025-06-17 door-1"), this kiosk's audit lines ("own_audit"), or the
/// registration list row by row ("registrants"). Equal counts are not enough: the digests of
/// the contents must be equal.
struct ContentCheck {
    std::string name;
    int kioskBefore = 0; ///< items (events, lines, rows) before the repair
    int centralBefore = 0;
    int kioskAfter = 0;
    int centralAfter = 0;
    int missingHere = 0;  ///< held at the central, not here (or here in another version)
    int missingThere = 0; ///< held here, not at the central (or there in another version)
    std::vector<std::string> sample; ///< the first few UUIDs (registrant IDs) that differed
    bool sameBefore = false;         ///< the digests agreed before any repair
    bool sameAfter = false;          ///< the digests agree after the repair
    std::string repair;              ///< what was done, empty when nothing was
    bool agrees() const { return sameAfter; }
};

struct NightlyResult {
    std::vector<ContentCheck> checks;
    std::vector<std::string> files; ///< reports written
    std::optional<SyncError> error; ///< sync or storage failure that stopped the job
    bool consistent() const;
};

/// Runs the night job for one kiosk: a round; the automatic check-out ([event]
/// checkout_time) of every meeting day up to now whose time has passed, pushed at once; then
/// digests compared with the central's
/// (GET /v1/reconcile); what differs is listed (GET /v1/reconcile/uuids) and repaired in the
/// same run where this kiosk can (pull what it lacks, push its own events the central lacks,
/// a full list refresh), then compared again. Every step is idempotent and each report file is
/// written to a temporary name and renamed, so the job is safe to kill and to run twice. The
/// reconcile is also written as reconcile-DAY.json. One thread (the store's).
NightlyResult RunNightly(SyncClient& client, core::AttendanceStore& store,
                         const NightlyOptions& options);

} // namespace accueil::sync
