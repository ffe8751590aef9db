// SPDX-License-Identifier: Apache-2.0
// The report's JSON: one place for the shape scripts and other tools read.

#include <accueil/cli/ReportJson.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace accueil::cli {

using namespace accueil::core;

namespace {

nlohmann::json GenderJson(const char* key, const GenderCounts& c) {
    nlohmann::json row = nlohmann::json::object();
    if (key != nullptr) {
        row[key] = c.value;
    }
    row["female"] = c.female;
    row["male"] = c.male;
    row["other"] = c.other;
    row["undisclosed"] = c.undisclosed;
    row["attended"] = c.attended();
    row["female_share"] = ShareJson(c.femaleShare());
    return row;
}

nlohmann::json GenderTableJson(const char* key, const std::vector<GenderCounts>& rows) {
    nlohmann::json out = nlohmann::json::array();
    for (const GenderCounts& c : rows) {
        out.push_back(GenderJson(key, c));
    }
    return out;
}

} // namespace

nlohmann::json ShareJson(const std::optional<double>& share) {
    if (!share) {
        return nullptr;
    }
    // Four decimals are a hundredth of a percent: enough for any meeting, and stable to read.
    return std::round(*share * 10000.0) / 10000.0;
}

nlohmann::json ReportRowJson(const core::ReportRow& r) {
    return {{"day", r.day},
            {"dimension", r.dimension},
            {"value", r.value},
            {"expected", r.expected},
            {"admitted", r.admitted},
            {"walk_ins", r.walkIns},
            {"not_arrived", r.notArrived()}};
}

nlohmann::json ReportRowsJson(const std::vector<ReportRow>& rows, const std::string& eventId) {
    nlohmann::json out{{"event", eventId},
                       {"generated_at", FormatUtc(NowUtcMillis())},
                       {"rows", nlohmann::json::array()}};
    for (const auto& r : rows) {
        out["rows"].push_back(ReportRowJson(r));
    }
    return out;
}

core::Result<core::UtcMillis> InsideNowMoment(const core::EventConfig& event,
                                              const std::string& day, const std::string& atText) {
    using core::UtcMillis;
    if (atText.empty()) {
        const UtcMillis end = event.calendar->localMidnight(day) + UtcMillis{86400000} - 1;
        return std::min(core::NowUtcMillis(), end);
    }
    const bool clock = atText.size() == 5 && atText[2] == ':';
    auto at = event.calendar->parseTime(clock ? day + "T" + atText + ":00" : atText);
    if (!at) {
        return core::MakeError(core::ErrorKind::Input,
                               "--at " + atText + " (HH:MM or ISO-8601): " + at.error().message);
    }
    if (event.calendar->dateAt(*at) != day) {
        return core::MakeError(core::ErrorKind::Input,
                               "--at " + atText + " is not on " + day + " (event time)");
    }
    return *at;
}

nlohmann::json InsideNowJson(const core::Occupancy& inside, core::UtcMillis at) {
    nlohmann::json zones = nlohmann::json::object();
    for (const auto& [zone, count] : inside.zones) {
        zones[zone] = count;
    }
    return {{"at", FormatUtc(at)}, {"total", inside.total}, {"zones", zones}};
}

void AddFiguresJson(nlohmann::json& out, const FigureFacts& facts,
                    const std::vector<std::string>& days, const EventConfig& event) {
    const std::set<std::string> attended =
        AttendedOn(facts.entries, std::set<std::string>(days.begin(), days.end()));
    out["days"] = days;
    out["distinct_participants"] = DistinctParticipants(attended);
    out["by_delegation_gender"] =
        GenderTableJson("delegation", ByDelegationGender(facts.people, attended));
    nlohmann::json heads = GenderJson(
        nullptr, HeadsOfDelegation(facts.people, attended, event.reports.headOfDelegationRole));
    heads["role"] = event.reports.headOfDelegationRole;
    out["heads_of_delegation"] = heads;
    out["by_category_gender"] =
        GenderTableJson("category", ByCategoryGender(facts.people, attended));
    nlohmann::json groups = nlohmann::json::array();
    for (const GroupDelegations& g : DelegationsByGroup(facts.people, attended, event.reports)) {
        groups.push_back({{"group", g.group},
                          {"categories", g.categories},
                          {"delegations", g.delegations.size()},
                          {"names", g.delegations}});
    }
    out["delegations_by_group"] = groups;
    nlohmann::json arrivals = nlohmann::json::array();
    for (const ArrivalSlot& s : ArrivalsPer15Min(facts.entries, days, *event.calendar)) {
        arrivals.push_back({{"day", s.day}, {"from", s.from}, {"arrivals", s.arrivals}});
    }
    out["arrivals_per_15_min"] = arrivals;
}

} // namespace accueil::cli
