// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/EventCalendar.h>
#include <accueil/core/Result.h>

#include <string>
#include <vector>

namespace accueil::core {

/// Admitted and expected for one participant category on one day.
struct CategoryCount {
    std::string category;
    int admitted = 0;
    int expected = 0;
};

/// The day's numbers for the staff panel's "Today" view.
struct TodayStats {
    std::string day;
    int admitted = 0;   ///< registrants with at least one effective entry today
    int expected = 0;   ///< active registrants valid today
    int notArrived = 0; ///< expected who have not come yet
    int walkIns = 0;    ///< of the admitted, those not expected today (walk-ins, other days)
    /// Of the admitted, the walk-ins: people not on the list that staff admitted
    /// (AttendanceStore::admitWalkIn; not those admitted on a signed badge not listed yet).
    int admittedWalkIns = 0;
    std::vector<CategoryCount> byCategory; ///< sorted by category name
    std::vector<int> arrivalsPer15Minutes; ///< 96 buckets from local midnight: first entries
};

/// An entry at another door of a registrant with an attention note, for that door's staff.
struct AttentionArrival {
    UtcMillis at = 0;
    std::string kioskId; ///< the door that admitted them
    std::string registrantId;
    std::string name; ///< Registrant::displayName
    std::string note; ///< the attention note as this kiosk lists it now
    bool operator==(const AttentionArrival&) const = default;
};

/// The entries on `day` that other doors recorded (learnt through the sync pull) of registrants
/// with an attention note, undone ones left out, oldest first. Errors: Storage. Same thread as
/// the store.
Result<std::vector<AttentionArrival>> AttentionArrivals(AttendanceStore& store,
                                                        const std::string& day);

/// Counts first entries (undone entries excluded) per 15 minutes of local time, plus the
/// report's totals per category, for `day`. Errors: Storage. Same thread as the store.
Result<TodayStats> ComputeTodayStats(AttendanceStore& store, const std::string& day);

/// Buckets first-entry times into 96 quarter hours from `dayStart`; times outside the day are
/// ignored. Pure; any thread.
std::vector<int> BucketArrivals(const std::vector<UtcMillis>& firstEntries, UtcMillis dayStart);

} // namespace accueil::core
