// SPDX-License-Identifier: Apache-2.0
// accueil report

#include "KioskCommands.h"

#include <accueil/cli/CliSupport.h>
#include <accueil/cli/ReportJson.h>
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
        std::cout << ReportRowsJson(*rows, opened->config.event.id)
                         .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                  << '\n';
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
