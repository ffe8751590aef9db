// SPDX-License-Identifier: Apache-2.0
// accueil report

#include "KioskCommands.h"

#include <accueil/cli/CliSupport.h>
#include <accueil/core/Csv.h>

#include <nlohmann/json.hpp>

#include <iostream>

namespace accueil::cli {

using namespace accueil::core;

namespace {

struct ReportOptions {
    std::string config;
    std::string day;
    std::string format = "csv";
};

void PrintJson(const std::vector<ReportRow>& rows, const std::string& eventId) {
    nlohmann::json out{{"event", eventId},
                       {"generated_at", FormatUtc(NowUtcMillis())},
                       {"rows", nlohmann::json::array()}};
    for (const auto& r : rows) {
        out["rows"].push_back({{"day", r.day},
                               {"dimension", r.dimension},
                               {"value", r.value},
                               {"expected", r.expected},
                               {"admitted", r.admitted},
                               {"walk_ins", r.walkIns},
                               {"not_arrived", r.notArrived()}});
    }
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

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
    if (options.format == "json") {
        PrintJson(*rows, opened->config.event.id);
    } else {
        std::cout << ReportCsv(*rows);
    }
    return kExitOk;
}

} // namespace

void RegisterReport(CLI::App& app, int& exitCode) {
    auto opt = std::make_shared<ReportOptions>();
    CLI::App* sub = app.add_subcommand(
        "report", "Attendance per day: in total and per delegation, category and gender.");
    AddConfigOption(*sub, opt->config, "KIOSK.toml", "the kiosk's configuration (required)");
    sub->add_option("--day", opt->day, "one meeting day, YYYY-MM-DD (default: every day)");
    sub->add_option("--format", opt->format, "csv | json")->check(CLI::IsMember({"csv", "json"}));
    sub->footer("Columns: day, dimension (total|delegation|category|gender), value, expected "
                "(registered for the day), admitted, walk_ins (admitted but not expected), "
                "not_arrived.");
    sub->callback([sub, opt, &exitCode] {
        RequireConfig(*sub, opt->config);
        exitCode = RunReport(*opt);
    });
}

} // namespace accueil::cli
