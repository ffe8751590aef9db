// SPDX-License-Identifier: Apache-2.0
#pragma once

// The night job: a full sync, a reconcile of counts both ways with repair, and the day's
// reports as CSV.

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
};

/// One count compared between the kiosk and the central.
struct CountCheck {
    std::string name;
    int kioskBefore = 0;
    int centralBefore = 0;
    int kioskAfter = 0;
    int centralAfter = 0;
    std::string repair; ///< what was done, empty when they agreed
    bool agrees() const { return kioskAfter == centralAfter; }
};

struct NightlyResult {
    std::vector<CountCheck> checks;
    std::vector<std::string> files; ///< reports written
    std::optional<SyncError> error; ///< sync or storage failure that stopped the job
    bool consistent() const;
};

/// Runs the night job for one kiosk. Every step is idempotent and each report file is written
/// to a temporary name and renamed, so the job is safe to kill and to run twice. The reconcile
/// is also written as reconcile-DAY.json. One thread (the store's).
NightlyResult RunNightly(SyncClient& client, core::AttendanceStore& store,
                         const NightlyOptions& options);

} // namespace accueil::sync
