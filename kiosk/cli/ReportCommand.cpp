// SPDX-License-Identifier: Apache-2.0
// accueil report

#include "KioskCommands.h"

#include <accueil/cli/CliSupport.h>
#include <accueil/cli/ReportJson.h>
#include <accueil/core/Csv.h>
#include <accueil/core/Occupancy.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>

namespace accueil::cli {

using namespace accueil::core;

namespace {

struct ReportOptions {
    std::string config;
    std::string day;
    std::string at;
    std::string format = "csv";
};

int RunReport(const ReportOptions& options) {
    auto opened = OpenKiosk(options.config);
    if (!opened) {
        return Fail(opened.error());
    }
    auto rows = opened->store.report(options.day.empty() ? std::nullopt
                                                         : std::optional<std::string>(options.day));
    if (!rows) {
        return Fail(rows.error());
    }
    // Inside now is a moment's count: it belongs to the report of one day.
    std::optional<Occupancy> inside;
    UtcMillis at = 0;
    if (!options.day.empty()) {
        auto when = InsideNowMoment(opened->config.event, options.day, options.at);
        if (!when) {
            return Fail(when.error());
        }
        at = *when;
        auto counted = ComputeInsideNow(opened->store, options.day, at);
        if (!counted) {
            return Fail(counted.error());
        }
        inside = std::move(counted).value();
    }
    if (options.format == "json") {
        nlohmann::json out = ReportRowsJson(*rows, opened->config.event.id);
        if (inside) {
            out["inside_now"] = InsideNowJson(*inside, at);
        }
        std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    } else {
        std::cout << ReportCsv(*rows, inside ? &*inside : nullptr, options.day);
    }
    return kExitOk;
}

} // namespace

void RegisterReport(CLI::App& app, int& exitCode) {
    auto opt = std::make_shared<ReportOptions>();
    CLI::App* sub = app.add_subcommand(
        "report", "Attendance per day: in total and per delegation, category and gender.");
    AddConfigOption(*sub, opt->config, "KIOSK.toml", "the kiosk's configuration (required)");
    CLI::Option* day =
        sub->add_option("--day", opt->day, "one meeting day, YYYY-MM-DD (default: every day)");
    sub->add_option("--at", opt->at,
                    "with --day: count who is inside at this time, HH:MM event time or "
                    "ISO-8601 (default now, or the day's end for a past day)")
        ->needs(day);
    sub->add_option("--format", opt->format, "csv | json")->check(CLI::IsMember({"csv", "json"}));
    sub->footer("Columns: day, dimension (total|delegation|category|gender), value, expected "
                "(registered for the day), admitted, walk_ins (admitted but not expected), "
                "not_arrived. With --day, a column inside and rows inside_now (total, then "
                "per zone): who is inside as of --at.");
    sub->callback([sub, opt, &exitCode] {
        RequireConfig(*sub, opt->config);
        exitCode = RunReport(*opt);
    });
}

} // namespace accueil::cli
