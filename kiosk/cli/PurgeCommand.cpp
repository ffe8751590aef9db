// SPDX-License-Identifier: Apache-2.0
// accueil purge --after-event

#include "KioskCommands.h"

#include <accueil/cli/CliSupport.h>
#include <accueil/core/PersonalDataWipe.h>

#include <iostream>

namespace accueil::cli {

using namespace accueil::core;

namespace {

struct PurgeOptions {
    std::string config;
    bool afterEvent = false;
    bool evenUnsent = false;
    std::string at;
};

int RunPurge(const PurgeOptions& options) {
    auto opened = OpenKiosk(options.config);
    if (!opened) {
        return Fail(opened.error());
    }
    auto now = TimeOrNow(opened->config.event, options.at);
    if (!now) {
        return Fail(now.error());
    }
    // A kiosk with no central has nobody to send its events to: they stay in its log.
    const bool evenUnsent = options.evenUnsent || opened->config.central.url().empty();
    auto purged = PurgeAfterEvent(opened->store, *now, evenUnsent);
    if (!purged) {
        return Fail(purged.error());
    }
    std::cout << "Purged " << opened->config.databasePath << ": the names, delegations, genders "
              << "and notes of " << purged->erased.registrants << " registrants erased, "
              << purged->erased.photos << " photos and " << purged->erased.staff
              << " staff accounts removed; the report of " << purged->days
              << " meeting days kept (accueil report).\n";
    return kExitOk;
}

} // namespace

void RegisterPurge(CLI::App& app, int& exitCode) {
    auto opt = std::make_shared<PurgeOptions>();
    CLI::App* sub = app.add_subcommand(
        "purge", "After the meeting: erase the personal data, keep the report of its days.");
    AddConfigOption(*sub, opt->config, "KIOSK.toml", "the kiosk's configuration (required)");
    sub->add_flag("--after-event", opt->afterEvent,
                  "the meeting is over: erase names, delegations, genders, notes and staff "
                  "accounts (required, to say so)")
        ->required();
    sub->add_flag("--even-unsent", opt->evenUnsent,
                  "purge even with events the central does not have yet");
    sub->add_option("--at", opt->at, "the time to take as now, ISO-8601 (default now)");
    sub->footer("Refused (7) before the last meeting day has ended in the event's zone, and "
                "while events wait to be sent to the central. Attendance events, audit lines and "
                "the report "
                "stay; the kiosk does not sync afterwards.");
    sub->callback([sub, opt, &exitCode] {
        RequireConfig(*sub, opt->config);
        exitCode = RunPurge(*opt);
    });
}

} // namespace accueil::cli
