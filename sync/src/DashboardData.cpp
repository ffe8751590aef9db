// SPDX-License-Identifier: Apache-2.0
// The dashboard's figures: the same report rows and figures as `accueil central report --day
// DAY --format json` (kiosk/cli/ReportJson.cpp), the doors as the central last heard them, and
// the alerts DoorAlerts raises.

#include "DashboardData.h"

#include <accueil/cli/ReportJson.h>
#include <accueil/core/Occupancy.h>
#include <accueil/sync/DayDocuments.h>

#include <algorithm>
#include <map>
#include <set>

namespace accueil::sync {

using core::UtcMillis;
using nlohmann::json;

namespace {

constexpr std::size_t kLatestShown = 20;

// "09:31:05" in the event's zone (localIso is "2025-06-18T09:31:05+02:00").
std::string LocalClock(const core::EventCalendar& calendar, UtcMillis at) {
    return calendar.localIso(at).substr(11, 8);
}

json CountsJson(const core::ReportRow& r) {
    return {{"value", r.value},
            {"expected", r.expected},
            {"admitted", r.admitted},
            {"walk_ins", r.walkIns},
            {"not_arrived", r.notArrived()}};
}

// The total and the per-category rows of the day's report.
void AddReportRows(json& out, const std::vector<core::ReportRow>& rows) {
    out["total"] = {{"expected", 0}, {"admitted", 0}, {"walk_ins", 0}, {"not_arrived", 0}};
    out["categories"] = json::array();
    for (const core::ReportRow& r : rows) {
        if (r.dimension == "total") {
            out["total"] = CountsJson(r);
            out["total"].erase("value");
        } else if (r.dimension == "category") {
            out["categories"].push_back(CountsJson(r));
        }
    }
}

json DoorJson(const std::string& id, const DoorState* heard, const core::EventCalendar& calendar,
              UtcMillis now) {
    json d{{"id", id},
           {"state", "never"},
           {"last_seen", nullptr},
           {"last_seen_local", ""},
           {"seconds_ago", nullptr},
           {"address", ""},
           {"version", ""},
           {"queue", nullptr},
           {"last_error", ""},
           {"last_error_at_local", ""},
           {"alerting", false}};
    if (heard == nullptr) {
        return d;
    }
    d["state"] = now - heard->lastSeen < kSilentAfter ? "online" : "silent";
    d["last_seen"] = core::FormatUtc(heard->lastSeen);
    d["last_seen_local"] = LocalClock(calendar, heard->lastSeen);
    d["seconds_ago"] = std::max<UtcMillis>(0, now - heard->lastSeen) / 1000;
    d["address"] = heard->address;
    d["version"] = heard->report.version;
    if (heard->report.queue) {
        d["queue"] = *heard->report.queue;
    }
    d["last_error"] = heard->report.lastError;
    if (heard->report.lastErrorAt) {
        d["last_error_at_local"] = LocalClock(calendar, *heard->report.lastErrorAt);
    }
    return d;
}

// Every registered door (revoked ones left out) and any other door heard from, by id, with
// the alerts beside them.
core::Result<void> AddDoors(json& out, const RouteContext& ctx, UtcMillis now) {
    auto kiosks = ctx.store->listKiosks();
    if (!kiosks) {
        return std::move(kiosks).error();
    }
    std::vector<DoorState> heard = ctx.doors->all();
    if (ctx.store->sharesDoors()) {
        // Instances over one database: the doors that sync through the others too.
        auto shared = ctx.store->sharedDoors();
        if (!shared) {
            return std::move(shared).error();
        }
        heard = MergeDoors(std::move(heard), std::move(shared).value());
    }
    std::map<std::string, const DoorState*> byId;
    for (const KioskRecord& k : *kiosks) {
        if (!k.revokedAt) {
            byId.emplace(k.id, nullptr);
        }
    }
    for (const DoorState& d : heard) {
        byId[d.kioskId] = &d;
    }
    const std::vector<DoorAlert> alerts = DoorAlerts(*kiosks, heard, ctx.doors->startedAt(), now);
    const core::EventCalendar& calendar = *ctx.event->calendar;
    out["doors"] = json::array();
    for (const auto& entry : byId) {
        const std::string& id = entry.first;
        json door = DoorJson(id, entry.second, calendar, now);
        door["alerting"] = std::any_of(alerts.begin(), alerts.end(),
                                       [&](const DoorAlert& a) { return a.kioskId == id; });
        out["doors"].push_back(std::move(door));
    }
    out["alerts"] = json::array();
    for (const DoorAlert& a : alerts) {
        json alert{{"kind", ToString(a.kind)}, {"door", a.kioskId}, {"value", a.value}};
        if (a.kind != DoorAlert::Kind::QueueGrowing) {
            alert["time_local"] = LocalClock(calendar, a.value);
        }
        alert["never"] = a.kind == DoorAlert::Kind::Silent && byId[a.kioskId] == nullptr;
        out["alerts"].push_back(std::move(alert));
    }
    return core::Ok{};
}

// Inside now per zone, when the event has zones beside the building.
void AddInside(json& out, const RouteContext& ctx, const std::vector<core::AttendanceEvent>& log,
               const std::string& day, const std::string& language, UtcMillis now) {
    const core::EventConfig& event = *ctx.event;
    out["inside_now"] = nullptr;
    out["zones"] = json::array();
    if (event.zones.size() < 2) {
        return;
    }
    const UtcMillis end = event.calendar->localMidnight(day) + UtcMillis{86'400'000} - 1;
    const UtcMillis at = std::min(now, end);
    const core::Occupancy inside =
        core::InsideNow(log, at, event.zones, core::CheckoutAt(event, day));
    out["inside_now"] = cli::InsideNowJson(inside, at);
    for (const core::Zone& z : event.zones) {
        const auto n = inside.zones.find(z.id);
        out["zones"].push_back({{"id", z.id},
                                {"name", z.displayName(language)},
                                {"inside", n == inside.zones.end() ? 0 : n->second},
                                {"capacity", z.capacity ? json(*z.capacity) : json(nullptr)}});
    }
}

bool IsEntry(const core::AttendanceEvent& e) {
    return e.kind == core::EventKind::CheckIn || e.kind == core::EventKind::ManualCheckIn;
}

// The day's last kLatestShown entries no undo cancelled, newest first, by name.
core::Result<void> AddLatest(json& out, const RouteContext& ctx,
                             std::vector<core::AttendanceEvent> log) {
    std::set<std::string> undone;
    for (const core::AttendanceEvent& e : log) {
        if (e.kind == core::EventKind::Undo) {
            undone.insert(e.target);
        }
    }
    std::erase_if(log, [&](const core::AttendanceEvent& e) {
        return !IsEntry(e) || undone.contains(e.uuid);
    });
    std::sort(log.begin(), log.end(), [](const auto& a, const auto& b) {
        return a.at != b.at ? a.at > b.at : a.uuid > b.uuid;
    });
    log.resize(std::min(log.size(), kLatestShown));
    auto people = ctx.store->allRegistrants();
    if (!people) {
        return std::move(people).error();
    }
    std::map<std::string, const core::Registrant*> byId;
    for (const core::Registrant& r : *people) {
        byId.emplace(r.id, &r);
    }
    out["latest_arrivals"] = json::array();
    for (const core::AttendanceEvent& e : log) {
        const auto found = byId.find(e.registrantId);
        const core::Registrant* r = found == byId.end() ? nullptr : found->second;
        out["latest_arrivals"].push_back(
            {{"time", LocalClock(*ctx.event->calendar, e.at)},
             {"name", r != nullptr ? r->displayName() : e.registrantId},
             {"delegation", r != nullptr ? r->delegation : std::string()},
             {"door", e.kioskId}});
    }
    return core::Ok{};
}

} // namespace

std::string DashboardDay(const core::EventCalendar& calendar, UtcMillis now) {
    std::string today = calendar.dateAt(now);
    const std::vector<std::string>& days = calendar.days();
    if (days.empty() || calendar.isMeetingDay(today)) {
        return today;
    }
    const UtcMillis midnight = calendar.localMidnight(today);
    const auto distance = [&](const std::string& day) {
        const UtcMillis d = calendar.localMidnight(day) - midnight;
        return d < 0 ? -d : d;
    };
    // Days are in order, so the first of two as near is the earlier.
    return *std::min_element(days.begin(), days.end(), [&](const auto& a, const auto& b) {
        return distance(a) < distance(b);
    });
}

core::Result<json> DashboardDataJson(const RouteContext& ctx, bool withNames,
                                     const std::string& language, UtcMillis now) {
    const core::EventConfig& event = *ctx.event;
    const std::string day = DashboardDay(*event.calendar, now);
    auto report = ctx.store->reportWithFigures({day});
    if (!report) {
        return std::move(report).error();
    }
    json out{{"generated_at", core::FormatUtc(now)},
             {"now_local", LocalClock(*event.calendar, now)},
             {"today", event.calendar->dateAt(now)},
             {"day", day},
             {"is_today", event.calendar->dateAt(now) == day}};
    AddReportRows(out, report->rows);
    cli::AddFiguresJson(out, report->facts, {day}, event);
    out.erase("days");
    if (auto doors = AddDoors(out, ctx, now); !doors) {
        return std::move(doors).error();
    }
    auto log = ctx.store->dayLog(day);
    if (!log) {
        return std::move(log).error();
    }
    AddInside(out, ctx, *log, day, language, now);
    // null when central.toml names no reports_dir: the page then has no such section.
    out["documents"] = ctx.options.reportsDir.empty() ? json(nullptr) : json::array();
    for (const DayDocument& d :
         FindDayDocuments(ctx.options.reportsDir, event.id, event.calendar->days())) {
        out["documents"].push_back({{"day", d.day},
                                    {"format", d.format},
                                    {"bytes", d.bytes},
                                    {"href", "/dashboard/documents/" + d.day + "." + d.format}});
    }
    out["latest_arrivals"] = nullptr;
    if (withNames) {
        if (auto latest = AddLatest(out, ctx, std::move(log).value()); !latest) {
            return std::move(latest).error();
        }
    }
    return out;
}

} // namespace accueil::sync
