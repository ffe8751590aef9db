// SPDX-License-Identifier: Apache-2.0
#include "FrozenReport.h"

#include <accueil/cli/ReportJson.h>
#include <accueil/core/Csv.h>

#include <map>

namespace accueil::cli {

using namespace accueil::core;
using core::Result;

namespace {

// The snapshots read back, by day. A snapshot the program wrote and cannot parse means the
// database was damaged or edited by hand: said, never printed as if it were figures.
Result<std::map<std::string, nlohmann::json>>
ParseSnapshots(const std::vector<sync::DaySnapshot>& frozen) {
    std::map<std::string, nlohmann::json> out;
    for (const sync::DaySnapshot& s : frozen) {
        nlohmann::json json = nlohmann::json::parse(s.reportJson, nullptr, false);
        if (!json.is_object() || !json.contains("rows") || !json["rows"].is_array()) {
            return MakeError(ErrorKind::Storage, "the snapshot of " + s.day +
                                                     " in the central database cannot be read");
        }
        out.emplace(s.day, std::move(json));
    }
    return out;
}

nlohmann::json FrozenInfo(const sync::DaySnapshot& s) {
    return {{"as_of", FormatUtc(s.asOf)},
            {"as_of_local", s.asOfLocal},
            {"list_changed_since", {{"count", s.changedCount}, {"ids", s.changed}}},
            {"attendance_recorded_since", s.attendanceSince}};
}

nlohmann::json LiveJson(const sync::CentralReport& live, const std::vector<std::string>& days,
                        const EventConfig& event) {
    nlohmann::json out = ReportRowsJson(live.rows, event.id);
    AddFiguresJson(out, live.facts, days, event);
    return out;
}

// Each day's rows in day order: a frozen day's from its snapshot, the others' from `liveRows`.
// Frozen rows carry "as_of" for the CSV; it is taken off again for the JSON's rows.
nlohmann::json RowsOfDays(const nlohmann::json& liveRows,
                          const std::map<std::string, nlohmann::json>& snapshots,
                          const std::vector<sync::DaySnapshot>& frozen,
                          const std::vector<std::string>& days) {
    std::map<std::string, std::string> asOf;
    for (const sync::DaySnapshot& s : frozen) {
        asOf[s.day] = FormatUtc(s.asOf);
    }
    nlohmann::json rows = nlohmann::json::array();
    for (const std::string& day : days) {
        const auto snapshot = snapshots.find(day);
        const nlohmann::json& from =
            snapshot == snapshots.end() ? liveRows : snapshot->second["rows"];
        for (const nlohmann::json& row : from) {
            if (row.value("day", std::string()) == day) {
                rows.push_back(row);
                rows.back()["as_of"] = snapshot == snapshots.end() ? "" : asOf[day];
            }
        }
    }
    return rows;
}

std::string CountCell(const nlohmann::json& row, const char* key) {
    return std::to_string(row.value(key, 0));
}

} // namespace

std::string DaySnapshotText(const sync::CentralReport& report, const std::string& day,
                            const EventConfig& event, UtcMillis asOf) {
    nlohmann::json out = ReportRowsJson(report.rows, event.id);
    AddFiguresJson(out, report.facts, {day}, event);
    out["generated_at"] = FormatUtc(asOf);
    return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<nlohmann::json> FrozenReportJson(const sync::CentralReport& live,
                                        const std::vector<sync::DaySnapshot>& frozen,
                                        const std::vector<std::string>& days,
                                        const EventConfig& event, bool recompute) {
    auto snapshots = ParseSnapshots(frozen);
    if (!snapshots) {
        return std::move(snapshots).error();
    }
    const nlohmann::json liveJson = LiveJson(live, days, event);
    nlohmann::json out;
    if (days.size() == 1 && snapshots->size() == 1) {
        // The day as it was frozen, figures and rows alike; only "generated_at" is now.
        out = snapshots->begin()->second;
        out["generated_at"] = liveJson["generated_at"];
        out["figures_from"] = "snapshot";
    } else {
        // A range's figures count people across its days (someone who came on two days is
        // one participant), which per-day snapshots cannot give: they are computed live.
        out = liveJson;
        out["figures_from"] = "live";
        out["rows"] = RowsOfDays(liveJson["rows"], *snapshots, frozen, days);
        for (nlohmann::json& row : out["rows"]) {
            row.erase("as_of");
        }
    }
    nlohmann::json info = nlohmann::json::object();
    for (const std::string& day : days) {
        info[day] = nullptr;
    }
    for (const sync::DaySnapshot& s : frozen) {
        info[s.day] = FrozenInfo(s);
    }
    out["frozen"] = info;
    if (recompute) {
        nlohmann::json again = liveJson;
        again.erase("event");
        again.erase("generated_at");
        out["recomputed"] = again;
    }
    return out;
}

Result<std::string> FrozenReportCsv(const sync::CentralReport& live,
                                    const std::vector<sync::DaySnapshot>& frozen,
                                    const std::vector<std::string>& days) {
    auto snapshots = ParseSnapshots(frozen);
    if (!snapshots) {
        return std::move(snapshots).error();
    }
    nlohmann::json liveRows = nlohmann::json::array();
    for (const ReportRow& r : live.rows) {
        liveRows.push_back(cli::ReportRowJson(r));
    }
    std::string out = kFrozenCsvHeader;
    for (const nlohmann::json& row : RowsOfDays(liveRows, *snapshots, frozen, days)) {
        out += FrozenRowCsv(row, row.value("as_of", std::string()));
    }
    return out;
}

std::string FrozenRowCsv(const nlohmann::json& row, const std::string& asOf) {
    return CsvCell(row.value("day", std::string())) + ',' +
           CsvCell(row.value("dimension", std::string())) + ',' +
           CsvCell(row.value("value", std::string())) + ',' + CountCell(row, "expected") + ',' +
           CountCell(row, "admitted") + ',' + CountCell(row, "walk_ins") + ',' +
           CountCell(row, "not_arrived") + ',' + asOf + "\r\n";
}

std::string ChangedSinceNote(const std::vector<sync::DaySnapshot>& frozen) {
    std::string out;
    for (const sync::DaySnapshot& s : frozen) {
        if (s.changedCount == 0 && s.attendanceSince == 0) {
            continue;
        }
        out += s.day + " is frozen as of " + s.asOfLocal + "; since then " +
               std::to_string(s.changedCount) + " registrant(s) changed";
        if (!s.changed.empty()) {
            std::string ids;
            for (const std::string& id : s.changed) {
                ids += (ids.empty() ? "" : ", ") + id;
            }
            out += " (" + ids +
                   (static_cast<int>(s.changed.size()) < s.changedCount ? ", ..." : "") + ")";
        }
        out += " and " + std::to_string(s.attendanceSince) +
               " attendance event(s) of the day arrived; --recompute --format json shows the "
               "day recomputed\n";
    }
    return out;
}

} // namespace accueil::cli
