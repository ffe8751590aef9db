// SPDX-License-Identifier: Apache-2.0
// accueil timers: the night job's and the freeze's systemd timers set to the event's zone.
//
// A timer's OnCalendar= is read in the machine's zone unless it names one; a kiosk or central
// set to UTC (as many servers are) would run Geneva's night job at 01:30 local time, after the
// day it should close. systemd accepts a zone at the end of the expression, so a drop-in per
// timer replaces the packaged schedule with the same hour in the event's zone.

#include "KioskCommands.h"

#include <accueil/cli/CliSupport.h>
#include <accueil/core/Config.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <system_error>

namespace accueil::cli {

using namespace accueil::core;

namespace {

struct TimersOptions {
    std::string event;
    std::string nightlyAt = "23:30";
    std::string freezeAt = "00:30";
    std::string outDir = "/etc/systemd/system";
};

/// The drop-in that moves `timer` to `hhmm` in `zone`: the empty OnCalendar= clears the packaged
/// schedule, which would otherwise fire as well.
std::string DropIn(const std::string& what, const std::string& hhmm, const std::string& zone,
                   const std::string& eventPath) {
    return "# Written by `accueil timers --event " + eventPath + "`: " + what + " at " + hhmm +
           " in the event's\n# zone, whatever the machine's own zone. Run it again after "
           "changing the event's timezone.\n[Timer]\nOnCalendar=\nOnCalendar=*-*-* " +
           hhmm + ":00 " + zone + "\n";
}

/// Writes `text` to `path` through a temporary file and a rename: a timer never reads half a
/// file. Errors: Storage, naming the file.
core::Result<void> WriteWhole(const std::filesystem::path& path, const std::string& text) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
        return MakeError(ErrorKind::Storage,
                         "cannot create " + path.parent_path().string() + ": " + ec.message());
    }
    const std::filesystem::path temporary = path.string() + ".new";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << text;
        if (!out.flush()) {
            return MakeError(ErrorKind::Storage, "cannot write " + temporary.string());
        }
    }
    std::filesystem::rename(temporary, path, ec);
    if (ec) {
        return MakeError(ErrorKind::Storage, "cannot write " + path.string() + ": " + ec.message());
    }
    return {};
}

int RunTimers(const TimersOptions& options) {
    auto event = LoadEventConfig(options.event);
    if (!event) {
        return Fail(event.error());
    }
    static const std::regex kHourMinute("([01][0-9]|2[0-3]):[0-5][0-9]");
    for (const std::string* at : {&options.nightlyAt, &options.freezeAt}) {
        if (!std::regex_match(*at, kHourMinute)) {
            return Fail(MakeError(ErrorKind::Input, "'" + *at + "' is not a time of day as HH:MM"));
        }
    }
    const std::string& zone = event->calendar->timeZoneName();
    const std::filesystem::path out(options.outDir);
    const std::array<std::pair<std::filesystem::path, std::string>, 3> files = {{
        {out / "accueil-nightly.timer.d" / "event-zone.conf",
         DropIn("the night job", options.nightlyAt, zone, options.event)},
        {out / "accueil-kiosk-nightly.timer.d" / "event-zone.conf",
         DropIn("the door's night job", options.nightlyAt, zone, options.event)},
        {out / "accueil-freeze.timer.d" / "event-zone.conf",
         DropIn("the freeze of the day's figures", options.freezeAt, zone, options.event)},
    }};
    for (const auto& [path, text] : files) {
        if (auto written = WriteWhole(path, text); !written) {
            return Fail(written.error());
        }
        std::cout << "wrote " << path.string() << '\n';
    }
    std::cout << "night job at " << options.nightlyAt << ", freeze at " << options.freezeAt << " ("
              << zone << "); now run: systemctl daemon-reload\n";
    return kExitOk;
}

} // namespace

void RegisterTimers(CLI::App& app, int& exitCode) {
    auto opt = std::make_shared<TimersOptions>();
    CLI::App* sub = app.add_subcommand(
        "timers", "Set the night job's and the freeze's systemd timers to the event's zone.");
    sub->add_option("--event", opt->event, "the event's event.toml (its timezone)")->required();
    sub->add_option("--nightly-at", opt->nightlyAt, "the night job's local time, HH:MM")
        ->capture_default_str();
    sub->add_option("--freeze-at", opt->freezeAt, "the freeze's local time, HH:MM")
        ->capture_default_str();
    sub->add_option("--out-dir", opt->outDir, "where the units' drop-in folders go")
        ->capture_default_str();
    sub->footer("Writes event-zone.conf in accueil-nightly.timer.d, accueil-kiosk-nightly.timer.d "
                "and accueil-freeze.timer.d.\nExit status: 0 written; 3 event.toml; "
                "4 a time that is not HH:MM; 5 a file that cannot be written.");
    sub->callback([opt, &exitCode] { exitCode = RunTimers(*opt); });
}

} // namespace accueil::cli
