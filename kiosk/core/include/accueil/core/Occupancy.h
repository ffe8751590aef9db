// SPDX-License-Identifier: Apache-2.0
#pragma once

// Who is inside now: per zone and in total, as of a moment, from the union of every door's
// entries and exits (docs/reports.md, "Inside now").

#include <accueil/core/Attendance.h>
#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Config.h>
#include <accueil/core/Result.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace accueil::core {

/// People inside, per zone and in total (a person inside two zones counts once in the total).
struct Occupancy {
    int total = 0;
    std::map<std::string, int> zones; ///< every zone of the event, 0 included
};

/// Inside now as of `at`, over one day's log as the store holds it (any order, every door's
/// events, undos included): events after `at` and undone events are left out, the rest ordered
/// by scan time (ties by UUID, so every host agrees), and a person is inside a zone when their
/// last entry or exit there is an entry. From `checkoutAt` on (the day's automatic check-out)
/// nobody is inside. `zones` lists the zones to report. Pure; any thread.
Occupancy InsideNow(const std::vector<AttendanceEvent>& dayLog, UtcMillis at,
                    const std::vector<Zone>& zones,
                    std::optional<UtcMillis> checkoutAt = std::nullopt);

/// How many people other than `registrantId` are inside `zone` as of `at`, by the rule of
/// InsideNow: what an entrance compares with the zone's capacity (someone already inside does
/// not make it fuller). Pure; any thread.
int OthersInside(const std::vector<AttendanceEvent>& dayLog, UtcMillis at, const std::string& zone,
                 const std::string& registrantId, std::optional<UtcMillis> checkoutAt);

/// The moment of `day`'s automatic check-out ([event] checkout_time), or nullopt when the
/// event has none.
std::optional<UtcMillis> CheckoutAt(const EventConfig& event, const std::string& day);

/// The attendance log of one day, every door's events as the store holds them. Errors:
/// Storage. Same thread as the store.
Result<std::vector<AttendanceEvent>> DayLog(AttendanceStore& store, const std::string& day);

/// Inside now on `day` as of `at`, from the store. Errors: Storage. Same thread as the store.
Result<Occupancy> ComputeInsideNow(AttendanceStore& store, const std::string& day, UtcMillis at);

/// The kiosk id the automatic check-out's events carry.
inline constexpr std::string_view kNightlyKioskId = "nightly";

/// The UUID of the automatic check-out of `registrantId` from `zone` on `day`: derived from the
/// three, so two runs or two hosts write the same event once.
std::string NightlyCheckoutUuid(const std::string& day, const std::string& registrantId,
                                const std::string& zone);

/// Records the automatic check-out of `day` when its time has passed by `now`: a check_out at
/// the check-out time, kiosk "nightly", for everyone still inside a zone then. Idempotent.
/// Returns how many events were new. Events go into the outbox (the central takes them from
/// any kiosk: their UUIDs are checked). Errors: Storage. Same thread as the store.
Result<int> RecordNightlyCheckout(AttendanceStore& store, const std::string& day, UtcMillis now);

} // namespace accueil::core
