// SPDX-License-Identifier: Apache-2.0
// accueil import | find | demo-data

#include "KioskCommands.h"

#include <accueil/cli/CliSupport.h>
#include <accueil/core/DemoRegistrants.h>
#include <accueil/core/RegistrantImport.h>

#include <nlohmann/json.hpp>

#include <iostream>

namespace accueil::cli {

using namespace accueil::core;

void RegisterImport(CLI::App& app, int& exitCode) {
    struct Options {
        std::string config;
        std::string file;
    };
    auto opt = std::make_shared<Options>();
    CLI::App* sub = app.add_subcommand(
        "import", "Import or update the registration list from a CSV file (all rows or none).");
    sub->add_option("--config", opt->config, "kiosk.toml")->required();
    sub->add_option("file", opt->file, "registrants CSV (UTF-8; RFC 4180)")->required();
    sub->footer("Default columns: id,given_name,family_name,delegation,category,role,gender,"
                "days,status,badge_version\n(days: 'all' or dates separated by ';'). Other "
                "exports: map columns in [import.columns] of kiosk.toml.");
    sub->callback([opt, &exitCode] {
        auto opened = OpenKiosk(opt->config, exitCode);
        if (!opened) {
            return;
        }
        auto list =
            ReadRegistrantCsv(opt->file, opened->config.columns, *opened->config.event.calendar);
        if (!list) {
            exitCode = Fail(
                MakeError(list.error().kind, list.error().message + "\nNothing was imported."));
            return;
        }
        auto summary = opened->store.upsertRegistrants(list->registrants, list->fields);
        if (!summary) {
            exitCode = Fail(summary.error());
            return;
        }
        const nlohmann::json detail{{"file", opt->file},
                                    {"added", summary->added},
                                    {"updated", summary->updated},
                                    {"unchanged", summary->unchanged}};
        (void)opened->store.audit(
            AuditEntry{"", NowUtcMillis(), "", "", "import", "", "ok", detail.dump()});
        std::cout << "Imported " << list->registrants.size() << " rows from " << opt->file << ": "
                  << summary->added << " added, " << summary->updated << " updated, "
                  << summary->unchanged << " unchanged.\n";
    });
}

void RegisterFind(CLI::App& app, int& exitCode) {
    struct Options {
        std::string config;
        std::string query;
        int limit = 20;
        bool json = false;
    };
    auto opt = std::make_shared<Options>();
    CLI::App* sub = app.add_subcommand(
        "find", "Find registrants by name, delegation or ID (accents and case ignored).");
    sub->add_option("--config", opt->config, "kiosk.toml")->required();
    sub->add_option("query", opt->query, "words to look for, e.g. \"muller\" or \"cote d\"")
        ->required();
    sub->add_option("--limit", opt->limit, "at most this many results")->check(CLI::Range(1, 1000));
    sub->add_flag("--json", opt->json, "print a JSON array");
    sub->callback([opt, &exitCode] {
        auto opened = OpenKiosk(opt->config, exitCode);
        if (!opened) {
            return;
        }
        auto hits = opened->store.search(opt->query, opt->limit);
        if (!hits) {
            exitCode = Fail(hits.error());
            return;
        }
        const EventCalendar& calendar = *opened->config.event.calendar;
        if (opt->json) {
            nlohmann::json out = nlohmann::json::array();
            for (const auto& h : *hits) {
                const Registrant& r = h.registrant;
                out.push_back({{"id", r.id},
                               {"given_name", r.givenName},
                               {"family_name", r.familyName},
                               {"delegation", r.delegation},
                               {"category", r.category},
                               {"status", ToString(r.status)},
                               {"hold", r.holdNote},
                               {"first_check_in_today",
                                h.firstEntryToday ? nlohmann::json(FormatUtc(*h.firstEntryToday))
                                                  : nlohmann::json(nullptr)}});
            }
            std::cout << out.dump(2) << '\n';
            return;
        }
        if (hits->empty()) {
            std::cout << "No registrant matches \"" << opt->query << "\".\n";
            return;
        }
        for (const auto& h : *hits) {
            const Registrant& r = h.registrant;
            std::cout << r.id << "  " << r.displayName() << " — " << r.delegation << " ("
                      << r.category << ")";
            if (r.status == RegistrantStatus::Cancelled) {
                std::cout << "  [cancelled]";
            }
            if (!r.holdNote.empty()) {
                std::cout << "  [hold: " << r.holdNote << "]";
            }
            if (h.firstEntryToday) {
                std::cout << "  in today since " << calendar.localTimeOfDay(*h.firstEntryToday);
            }
            std::cout << '\n';
        }
    });
}

void RegisterDemoData(CLI::App& app, int& exitCode) {
    struct Options {
        int count = 300;
        std::uint64_t seed = 2025;
        std::string event;
    };
    auto opt = std::make_shared<Options>();
    CLI::App* sub = app.add_subcommand(
        "demo-data", "Print realistic made-up registrants as CSV (for demos and tests).");
    sub->add_option("--count", opt->count, "how many")->check(CLI::Range(0, 10'000'000));
    sub->add_option("--seed", opt->seed, "same seed, same list");
    sub->add_option("--event", opt->event,
                    "event.toml whose days to use (default: 17-20 June 2025)");
    sub->callback([opt, &exitCode] {
        std::vector<std::string> days{"2025-06-17", "2025-06-18", "2025-06-19", "2025-06-20"};
        if (!opt->event.empty()) {
            auto event = LoadEventConfig(opt->event);
            if (!event) {
                exitCode = Fail(event.error());
                return;
            }
            days = event->calendar->days();
        }
        std::cout << ToCsv(GenerateDemoRegistrants(opt->count, days, opt->seed));
    });
}

} // namespace accueil::cli
