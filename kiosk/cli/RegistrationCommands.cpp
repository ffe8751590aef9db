// SPDX-License-Identifier: Apache-2.0
// accueil import | photos import | find | demo-data

#include "KioskCommands.h"

#include <accueil/cli/CliSupport.h>
#include <accueil/core/DemoRegistrants.h>
#include <accueil/core/Photo.h>
#include <accueil/core/RegistrantImport.h>

#include <nlohmann/json.hpp>

#include <iostream>

namespace accueil::cli {

using namespace accueil::core;

namespace {

struct ImportOptions {
    std::string config;
    std::string file;
};

struct PhotosOptions {
    std::string config;
    std::string dir;
};

struct FindOptions {
    std::string config;
    std::string query;
    int limit = 20;
    bool json = false;
};

struct DemoDataOptions {
    int count = 300;
    std::uint64_t seed = 2025;
    std::string event;
};

// The whole file is read and checked before anything is written, so a bad row leaves the list
// as it was; the audit line records who changed the list from the command line.
int RunImport(const ImportOptions& options) {
    auto opened = OpenKiosk(options.config, MissingDatabase::Create);
    if (!opened) {
        return Fail(opened.error());
    }
    auto list =
        ReadListToImport(options.file, opened->config.import, *opened->config.event.calendar);
    if (!list) {
        return Fail(list.error());
    }
    auto summary = opened->store.upsertRegistrants(list->registrants, list->fields);
    if (!summary) {
        return Fail(summary.error());
    }
    // The photos were all read with the list; their rows go in once the registrants are there.
    auto photos = ImportPhotos(opened->store, list->photos);
    if (!photos) {
        return Fail(photos.error());
    }
    const nlohmann::json detail{{"file", options.file},          {"added", summary->added},
                                {"updated", summary->updated},   {"unchanged", summary->unchanged},
                                {"photos", list->photos.size()}, {"warnings", list->warnings}};
    (void)opened->store.audit(
        AuditEntry{"", NowUtcMillis(), "", "", "import", "", "ok", detail.dump()});
    std::cout << "Imported " << list->registrants.size() << " rows from " << options.file << ": "
              << summary->added << " added, " << summary->updated << " updated, "
              << summary->unchanged << " unchanged.\n";
    if (!list->photos.empty()) {
        std::cout << PhotoSummaryLine(*photos) << '\n';
    }
    return kExitOk;
}

// A folder of <ID>.jpg/.png: every file is read and checked, and every ID must be listed,
// before anything is written.
int RunPhotosImport(const PhotosOptions& options) {
    auto opened = OpenKiosk(options.config);
    if (!opened) {
        return Fail(opened.error());
    }
    auto folder = ReadPhotosToImport(options.dir);
    if (!folder) {
        return Fail(folder.error());
    }
    auto summary = ImportPhotos(opened->store, folder->photos);
    if (!summary) {
        return Fail(
            MakeError(summary.error().kind, summary.error().message + "\nNothing was imported."));
    }
    const nlohmann::json detail{{"folder", options.dir},
                                {"added", summary->added},
                                {"replaced", summary->replaced},
                                {"unchanged", summary->unchanged}};
    (void)opened->store.audit(
        AuditEntry{"", NowUtcMillis(), "", "", "photos_import", "", "ok", detail.dump()});
    std::cout << PhotoSummaryLine(*summary) << '\n';
    return kExitOk;
}

void PrintHitsJson(const std::vector<SearchHit>& hits) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& h : hits) {
        const Registrant& r = h.registrant;
        out.push_back({{"id", r.id},
                       {"given_name", r.givenName},
                       {"family_name", r.familyName},
                       {"delegation", r.delegation},
                       {"category", r.category},
                       {"status", ToString(r.status)},
                       {"hold", r.holdNote},
                       {"attention", r.attention},
                       {"first_check_in_today", h.firstEntryToday
                                                    ? nlohmann::json(FormatUtc(*h.firstEntryToday))
                                                    : nlohmann::json(nullptr)}});
    }
    std::cout << out.dump(2) << '\n';
}

void PrintHitsText(const std::vector<SearchHit>& hits, const EventCalendar& calendar) {
    for (const auto& h : hits) {
        const Registrant& r = h.registrant;
        std::cout << r.id << "  " << r.displayName() << " — " << r.delegation << " (" << r.category
                  << ")";
        if (r.status == RegistrantStatus::Cancelled) {
            std::cout << "  [cancelled]";
        }
        if (!r.holdNote.empty()) {
            std::cout << "  [hold: " << r.holdNote << "]";
        }
        if (!r.attention.empty()) {
            std::cout << "  [attention: " << r.attention << "]";
        }
        if (h.firstEntryToday) {
            std::cout << "  in today since " << calendar.localTimeOfDay(*h.firstEntryToday);
        }
        std::cout << '\n';
    }
}

int RunFind(const FindOptions& options) {
    auto opened = OpenKiosk(options.config);
    if (!opened) {
        return Fail(opened.error());
    }
    auto hits = opened->store.search(options.query, options.limit);
    if (!hits) {
        return Fail(hits.error());
    }
    if (options.json) {
        PrintHitsJson(*hits);
    } else if (hits->empty()) {
        std::cout << "No registrant matches \"" << options.query << "\".\n";
    } else {
        PrintHitsText(*hits, *opened->config.event.calendar);
    }
    return kExitOk;
}

int RunDemoData(const DemoDataOptions& options) {
    // The example event's days, so the list imports into config/event.toml as it is.
    std::vector<std::string> days{"2025-06-17", "2025-06-18", "2025-06-19", "2025-06-20"};
    if (!options.event.empty()) {
        auto event = LoadEventConfig(options.event);
        if (!event) {
            return Fail(event.error());
        }
        days = event->calendar->days();
    }
    std::cout << ToCsv(GenerateDemoRegistrants(options.count, days, options.seed));
    return kExitOk;
}

} // namespace

void RegisterImport(CLI::App& app, int& exitCode) {
    auto opt = std::make_shared<ImportOptions>();
    CLI::App* sub = app.add_subcommand(
        "import", "Import or update the registration list from a CSV file (all rows or none).");
    AddConfigOption(*sub, opt->config, "KIOSK.toml", "the kiosk's configuration (required)");
    sub->add_option("file", opt->file, "registrants CSV (UTF-8; RFC 4180)")->required();
    sub->footer("Default columns: id,given_name,family_name,delegation,category,role,gender,"
                "days,status,badge_version\n(days: 'all' or dates separated by ';'); optional: "
                "ticket, language, hold_note, photo (a JPEG or PNG file, relative to the CSV). "
                "Commas, "
                "semicolons or tabs, found from the header line. Other exports: [import] "
                "profile = \"indico\", or [import.columns] and [import.values.*] in kiosk.toml. "
                "Warnings go to standard error.");
    sub->callback([sub, opt, &exitCode] {
        RequireConfig(*sub, opt->config);
        exitCode = RunImport(*opt);
    });
}

void RegisterPhotos(CLI::App& app, int& exitCode) {
    auto opt = std::make_shared<PhotosOptions>();
    CLI::App* photos = app.add_subcommand("photos", "Registrants' photos.");
    photos->require_subcommand(1);
    CLI::App* sub = photos->add_subcommand(
        "import", "Import a folder of photos named by registrant ID (all files or none).");
    sub->add_option("dir", opt->dir, "folder of <registrant ID>.jpg, .jpeg or .png files")
        ->required();
    sub->footer("Each photo is scaled to fit 240x320 and kept as a small JPEG. Files over 10 MB "
                "or 10000 pixels a side, damaged files and IDs not on the list refuse the whole "
                "folder; other files are left aside with a warning.");
    AddConfigOption(*photos, opt->config, "KIOSK.toml", "the kiosk's configuration (required)");
    sub->callback([sub, opt, &exitCode] {
        RequireConfig(*sub, opt->config);
        exitCode = RunPhotosImport(*opt);
    });
}

void RegisterFind(CLI::App& app, int& exitCode) {
    auto opt = std::make_shared<FindOptions>();
    CLI::App* sub = app.add_subcommand(
        "find", "Find registrants by name, delegation or ID (accents and case ignored).");
    AddConfigOption(*sub, opt->config, "KIOSK.toml", "the kiosk's configuration (required)");
    sub->add_option("query", opt->query, R"(words to look for, e.g. "muller" or "cote d")")
        ->required();
    sub->add_option("--limit", opt->limit, "at most this many results")->check(CLI::Range(1, 1000));
    sub->add_flag("--json", opt->json, "print a JSON array");
    sub->callback([sub, opt, &exitCode] {
        RequireConfig(*sub, opt->config);
        exitCode = RunFind(*opt);
    });
}

void RegisterDemoData(CLI::App& app, int& exitCode) {
    auto opt = std::make_shared<DemoDataOptions>();
    CLI::App* sub = app.add_subcommand(
        "demo-data", "Print realistic made-up registrants as CSV (for demos and tests).");
    sub->add_option("--count", opt->count, "how many")->check(CLI::Range(0, 10'000'000));
    sub->add_option("--seed", opt->seed, "same seed, same list");
    sub->add_option("--event", opt->event,
                    "event.toml whose days to use (default: 17-20 June 2025)");
    sub->callback([opt, &exitCode] { exitCode = RunDemoData(*opt); });
}

} // namespace accueil::cli
