// SPDX-License-Identifier: Apache-2.0
// The attendance figures (docs/reports.md): plain counting over the list and the first entries.

#include <accueil/core/Figures.h>
#include <accueil/core/Text.h>

#include <algorithm>
#include <functional>
#include <iterator>
#include <map>

namespace accueil::core {

namespace {

// The person an attended ID stands for: the listed one, or a stand-in for an unlisted ID.
using Lookup = std::map<std::string, const ReportPerson*>;

Lookup ById(const std::vector<ReportPerson>& people) {
    Lookup byId;
    for (const ReportPerson& p : people) {
        byId.emplace(p.id, &p);
    }
    return byId;
}

const ReportPerson& UnknownPerson() {
    static const ReportPerson unknown{"", kUnknownBucket, kUnknownBucket, "undisclosed",
                                      {}, true,           true,           ""};
    return unknown;
}

void Add(GenderCounts& counts, const std::string& gender) {
    const std::string bucket = GenderBucket(gender);
    int& n = bucket == "female"  ? counts.female
             : bucket == "male"  ? counts.male
             : bucket == "other" ? counts.other
                                 : counts.undisclosed;
    ++n;
}

std::string OrNone(const std::string& value) {
    return value.empty() ? kNoneBucket : value;
}

// Per value of `key` (delegation or category), the attended people per gender.
std::vector<GenderCounts> ByGender(const std::vector<ReportPerson>& people,
                                   const std::set<std::string>& attended,
                                   const std::function<std::string(const ReportPerson&)>& key) {
    const Lookup byId = ById(people);
    std::map<std::string, GenderCounts> groups;
    for (const std::string& id : attended) {
        const auto it = byId.find(id);
        const ReportPerson& p = it == byId.end() ? UnknownPerson() : *it->second;
        const std::string value = OrNone(key(p));
        GenderCounts& counts = groups[value];
        counts.value = value;
        Add(counts, p.gender);
    }
    std::vector<GenderCounts> out;
    out.reserve(groups.size());
    for (auto& [value, counts] : groups) {
        out.push_back(std::move(counts));
    }
    return out;
}

std::string Fold(const std::string& text) {
    return FoldCase(TrimAscii(text));
}

// "HH:MM" to minutes after midnight.
int Minutes(const std::string& hhmm) {
    return ((hhmm[0] - '0') * 10 + (hhmm[1] - '0')) * 60 + (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
}

std::string HhMm(int minutes) {
    const int h = minutes / 60;
    const int m = minutes % 60;
    std::string out = "00:00";
    out[0] = static_cast<char>('0' + h / 10);
    out[1] = static_cast<char>('0' + h % 10);
    out[3] = static_cast<char>('0' + m / 10);
    out[4] = static_cast<char>('0' + m % 10);
    return out;
}

} // namespace

std::optional<double> GenderCounts::femaleShare() const {
    if (attended() == 0) {
        return std::nullopt;
    }
    return static_cast<double>(female) / static_cast<double>(attended());
}

std::set<std::string> AttendedOn(const std::vector<DayEntry>& entries,
                                 const std::set<std::string>& days) {
    std::set<std::string> ids;
    for (const DayEntry& e : entries) {
        if (days.contains(e.day)) {
            ids.insert(e.id);
        }
    }
    return ids;
}

std::string GenderBucket(const std::string& gender) {
    if (gender == "female" || gender == "male" || gender == "other") {
        return gender;
    }
    return "undisclosed";
}

std::vector<GenderCounts> ByDelegationGender(const std::vector<ReportPerson>& people,
                                             const std::set<std::string>& attended) {
    return ByGender(people, attended, [](const ReportPerson& p) { return p.delegation; });
}

std::vector<GenderCounts> ByCategoryGender(const std::vector<ReportPerson>& people,
                                           const std::set<std::string>& attended) {
    return ByGender(people, attended, [](const ReportPerson& p) { return p.category; });
}

bool IsHeadOfDelegation(const std::string& role, const std::string& headRole) {
    const std::string folded = Fold(role);
    return !folded.empty() && folded == Fold(headRole);
}

GenderCounts HeadsOfDelegation(const std::vector<ReportPerson>& people,
                               const std::set<std::string>& attended, const std::string& headRole) {
    GenderCounts counts;
    for (const ReportPerson& p : people) {
        if (attended.contains(p.id) && IsHeadOfDelegation(p.role, headRole)) {
            Add(counts, p.gender);
        }
    }
    return counts;
}

int DistinctParticipants(const std::set<std::string>& attended) {
    return static_cast<int>(attended.size());
}

std::vector<GroupDelegations> DelegationsByGroup(const std::vector<ReportPerson>& people,
                                                 const std::set<std::string>& attended,
                                                 const ReportSettings& settings) {
    std::map<std::string, std::string> groupOf; // folded category -> configured group
    for (const auto& [group, categories] : settings.groups) {
        for (const std::string& category : categories) {
            groupOf.emplace(Fold(category), group);
        }
    }
    std::vector<GroupDelegations> configured;
    for (const auto& [group, categories] : settings.groups) {
        configured.push_back(GroupDelegations{group, categories, {}});
    }
    // A category no group names is a group of its own, named and listed as it is written.
    std::map<std::string, GroupDelegations> own;
    std::map<std::string, std::set<std::string>> delegations; // group -> delegations
    const Lookup byId = ById(people);
    for (const std::string& id : attended) {
        const auto it = byId.find(id);
        if (it == byId.end()) {
            continue; // an unlisted ID has no category and no delegation to count
        }
        const ReportPerson& p = *it->second;
        const std::string category = OrNone(p.category);
        std::string group;
        if (const auto g = groupOf.find(Fold(p.category)); g != groupOf.end()) {
            group = g->second;
        } else {
            group = category;
            own.try_emplace(category, GroupDelegations{category, {category}, {}});
        }
        std::set<std::string>& names = delegations[group];
        if (!p.delegation.empty()) {
            names.insert(p.delegation);
        }
    }
    std::vector<GroupDelegations> out = std::move(configured);
    for (auto& [name, group] : own) {
        if (!settings.groups.contains(name)) {
            out.push_back(std::move(group));
        }
    }
    for (GroupDelegations& g : out) {
        const std::set<std::string>& names = delegations[g.group];
        g.delegations.assign(names.begin(), names.end());
    }
    return out;
}

std::vector<ArrivalSlot> ArrivalsPer15Min(const std::vector<DayEntry>& entries,
                                          const std::vector<std::string>& days,
                                          const EventCalendar& calendar) {
    std::vector<ArrivalSlot> out;
    for (const std::string& day : days) {
        // The earliest entry per person on the day, should the facts hold more than one.
        std::map<std::string, UtcMillis> first;
        for (const DayEntry& e : entries) {
            if (e.day == day) {
                const auto [it, added] = first.emplace(e.id, e.firstAt);
                if (!added) {
                    it->second = std::min(it->second, e.firstAt);
                }
            }
        }
        std::map<int, int> perQuarter; // minute the quarter starts -> arrivals
        for (const auto& [id, at] : first) {
            perQuarter[Minutes(calendar.localTimeOfDay(at)) / 15 * 15] += 1;
        }
        if (perQuarter.empty()) {
            continue;
        }
        for (int q = perQuarter.begin()->first; q <= perQuarter.rbegin()->first; q += 15) {
            const auto it = perQuarter.find(q);
            out.push_back(ArrivalSlot{day, HhMm(q), it == perQuarter.end() ? 0 : it->second});
        }
    }
    return out;
}

Result<std::vector<std::string>> ReportRange(const EventConfig& event,
                                             const std::optional<std::string>& day,
                                             const std::optional<std::string>& from,
                                             const std::optional<std::string>& to) {
    const std::vector<std::string>& days = event.calendar->days();
    if (day && (from || to)) {
        return MakeError(ErrorKind::Input, "give either --day or --from/--to, not both");
    }
    // Each end is checked as a single day is, with the same message.
    for (const auto* given : {&day, &from, &to}) {
        if (*given) {
            if (auto one = ReportDays(event, *given); !one) {
                return std::move(one).error();
            }
        }
    }
    if (day) {
        return std::vector<std::string>{*day};
    }
    // ISO dates compare as text in calendar order.
    const std::string first = from.value_or(days.front());
    const std::string last = to.value_or(days.back());
    if (first > last) {
        return MakeError(ErrorKind::Input,
                         "the range ends (" + last + ") before it starts (" + first + ")");
    }
    std::vector<std::string> out;
    std::copy_if(days.begin(), days.end(), std::back_inserter(out),
                 [&](const std::string& d) { return d >= first && d <= last; });
    return out;
}

std::vector<std::string> ClosedDays(const EventCalendar& calendar, UtcMillis now) {
    // ISO dates compare as text in calendar order.
    const std::string today = calendar.dateAt(now);
    std::vector<std::string> out;
    std::copy_if(calendar.days().begin(), calendar.days().end(), std::back_inserter(out),
                 [&](const std::string& d) { return d < today; });
    return out;
}

Result<void> CheckClosedDay(const EventConfig& event, const std::string& day, UtcMillis now) {
    if (auto one = ReportDays(event, day); !one) {
        return std::move(one).error();
    }
    const EventCalendar& calendar = *event.calendar;
    const std::string today = calendar.dateAt(now);
    if (day >= today) {
        return MakeError(ErrorKind::Input, "cannot freeze " + day +
                                               ": it is not over yet (today is " + today + " in " +
                                               calendar.timeZoneName() + ")");
    }
    return Ok{};
}

} // namespace accueil::core
