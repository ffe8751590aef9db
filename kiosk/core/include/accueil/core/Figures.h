// SPDX-License-Identifier: Apache-2.0
#pragma once

// The attendance figures of a day, a range of days or the whole meeting (docs/reports.md):
// who attended per delegation, category and gender, the heads of delegation, the delegations
// represented per group and the arrivals per quarter hour. Pure arithmetic over the list and
// the first effective entry of each person on each day; the SQL that gathers them is apart
// (rows::ReadFigureFacts).

#include <accueil/core/Config.h>
#include <accueil/core/EventCalendar.h>
#include <accueil/core/Report.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace accueil::core {

/// The bucket of an ID that entered but is not on the list (admitted from a signed badge at
/// another door before the list reached this database).
inline constexpr const char* kUnknownBucket = "(unknown)";
/// The bucket of a listed person whose delegation or category is empty.
inline constexpr const char* kNoneBucket = "(none)";

/// A person's first effective entry on one day (an entry no undo names).
struct DayEntry {
    std::string id;
    std::string day; ///< the meeting day the entry was recorded for
    UtcMillis firstAt = 0;
};

/// What the figures are computed from: the list and the first entries.
struct FigureFacts {
    std::vector<ReportPerson> people;
    std::vector<DayEntry> entries;
};

/// Attended people of one group, per gender.
struct GenderCounts {
    std::string value; ///< the delegation or category ("" for the heads of delegation)
    int female = 0;
    int male = 0;
    int other = 0;
    int undisclosed = 0;

    int attended() const { return female + male + other + undisclosed; }
    /// female / attended, undisclosed included in the denominator; none when nobody attended.
    std::optional<double> femaleShare() const;
    bool operator==(const GenderCounts&) const = default;
};

/// The delegations represented in one delegation group.
struct GroupDelegations {
    std::string group;
    std::vector<std::string> categories;  ///< the category values the group gathers
    std::vector<std::string> delegations; ///< distinct, in order; "(none)"/"(unknown)" left out
    bool operator==(const GroupDelegations&) const = default;
};

/// Arrivals in one quarter hour of one day: first entries at [from, from + 15 min) local time.
struct ArrivalSlot {
    std::string day;
    std::string from; ///< "08:15", local time in the event's zone
    int arrivals = 0;
    bool operator==(const ArrivalSlot&) const = default;
};

/// The IDs with at least one effective entry on any of `days`. Pure; any thread.
std::set<std::string> AttendedOn(const std::vector<DayEntry>& entries,
                                 const std::set<std::string>& days);

/// Canonical gender bucket of a stored value: female, male or other as they are, anything else
/// (empty included) undisclosed. Pure; any thread.
std::string GenderBucket(const std::string& gender);

/// Per delegation (in value order), the attended people per gender. IDs not on the list count
/// in "(unknown)" as undisclosed; an empty delegation is "(none)". Pure; any thread.
std::vector<GenderCounts> ByDelegationGender(const std::vector<ReportPerson>& people,
                                             const std::set<std::string>& attended);

/// Per category (in value order), the attended people per gender, with the same buckets as
/// ByDelegationGender. Pure; any thread.
std::vector<GenderCounts> ByCategoryGender(const std::vector<ReportPerson>& people,
                                           const std::set<std::string>& attended);

/// True when `role` is `headRole`, both trimmed and compared in any case. Pure; any thread.
bool IsHeadOfDelegation(const std::string& role, const std::string& headRole);

/// The attended heads of delegation (role matching `headRole`) per gender. Pure; any thread.
GenderCounts HeadsOfDelegation(const std::vector<ReportPerson>& people,
                               const std::set<std::string>& attended, const std::string& headRole);

/// Distinct people who attended: listed or not, each counted once. Pure; any thread.
int DistinctParticipants(const std::set<std::string>& attended);

/// Per delegation group (configured groups in name order, then every category no group names
/// as a group of its own), the distinct delegations with someone attending. Configured groups
/// appear even when empty. Pure; any thread.
std::vector<GroupDelegations> DelegationsByGroup(const std::vector<ReportPerson>& people,
                                                 const std::set<std::string>& attended,
                                                 const ReportSettings& settings);

/// First entries per quarter hour of local time, for each of `days` in order: from the first
/// busy quarter to the last of that day, quiet quarters between them included with 0. Each
/// person counts once per day, at their first effective entry. Pure; any thread.
std::vector<ArrivalSlot> ArrivalsPer15Min(const std::vector<DayEntry>& entries,
                                          const std::vector<std::string>& days,
                                          const EventCalendar& calendar);

/// The days a report covers: the whole meeting when nothing is given, one day (`day`), or the
/// meeting days from `from` to `to` inclusive (either end may be left out: the first or the
/// last meeting day). Errors: Input (not a meeting day, --day with --from/--to, from after to).
/// Pure; any thread.
Result<std::vector<std::string>> ReportRange(const EventConfig& event,
                                             const std::optional<std::string>& day,
                                             const std::optional<std::string>& from,
                                             const std::optional<std::string>& to);

/// The meeting days over at `now`: those before the date at `now` in the event's zone, in
/// order (docs/reports.md, "Frozen days"). Pure; any thread.
std::vector<std::string> ClosedDays(const EventCalendar& calendar, UtcMillis now);

/// Checks that `day` may be frozen at `now`: a meeting day that is over in the event's zone.
/// Errors: Input (not a meeting day, as ReportRange says it; today or later, naming today's
/// date). Pure; any thread.
Result<void> CheckClosedDay(const EventConfig& event, const std::string& day, UtcMillis now);

} // namespace accueil::core
