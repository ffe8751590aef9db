// SPDX-License-Identifier: Apache-2.0
// accueil central init | serve | import | photos import/remove | backup | restore |
// kiosk add/revoke/list |
// report | freeze (and user …, in UserCommands.cpp)

#include "CentralBackup.h"
#include "CentralReport.h"
#include "Enrolling.h"
#include "FrozenReport.h"
#include "OpenCentral.h"
#include "ReportDocuments.h"

#include <accueil/cli/CliSupport.h>
#include <accueil/cli/ReportJson.h>
#include <accueil/cli/SyncCommands.h>
#include <accueil/core/Csv.h>
#include <accueil/core/Figures.h>
#include <accueil/core/RegistrantImport.h>
#include <accueil/sync/CentralBackend.h>
#include <accueil/sync/CentralConfig.h>
#include <accueil/sync/CentralServer.h>
#include <accueil/sync/Indico.h>
#include <accueil/sync/IndicoSchedule.h>
#include <accueil/sync/PgCentralStore.h>
#include <accueil/sync/SqliteCentralStore.h>
#include <accueil/sync/Tokens.h>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <csignal>
#include <fstream>
#include <iostream>
#include <optional>

namespace accueil::cli {

using namespace accueil::core;

// Only `init` creates the database: every other command on a mistyped path fails instead of
// starting an empty central.
core::Result<OpenedCentral> OpenCentral(const std::string& path, bool create) {
    auto config = sync::LoadCentralConfig(path);
    if (!config) {
        return std::move(config).error();
    }
    auto store = sync::OpenCentralStore(config->databasePath, config->event, create);
    if (!store) {
        return std::move(store).error();
    }
    return OpenedCentral{std::move(config).value(), std::move(store).value()};
}

core::Result<void> RefuseIfPurged(const OpenedCentral& c, const std::string& doing) {
    auto purged = c.store->purged();
    if (!purged) {
        return std::move(purged).error();
    }
    if (*purged) {
        return MakeError(ErrorKind::Conflict, "not " + doing + ": the personal data of " +
                                                  sync::DatabaseName(c.config.databasePath) +
                                                  " was purged after the meeting, at " +
                                                  c.config.event.calendar->localIso((*purged)->at) +
                                                  "; it takes in no more (its reports stay)");
    }
    return core::Ok{};
}

namespace {

// The central opened to take in personal data (kiosks' pushes, a list, photos): refused once
// it was purged after the meeting.
core::Result<OpenedCentral> OpenCentralForIntake(const std::string& path,
                                                 const std::string& doing) {
    auto c = OpenCentral(path, false);
    if (!c) {
        return c;
    }
    if (auto open = RefuseIfPurged(*c, doing); !open) {
        return std::move(open).error();
    }
    return c;
}

struct CentralOptions {
    std::string config;
    std::string file;           ///< import, backup, restore, photos import (a folder)
    bool force = false;         ///< backup: replace an existing file
    std::string registrantId;   ///< photos remove
    std::string kioskId;        ///< kiosk add | revoke
    std::string tokenFile;      ///< kiosk add
    bool enrol = false;         ///< kiosk add: a one-time enrolment code instead of a token
    int validMinutes = 60;      ///< kiosk add --enrol
    std::string qrPng;          ///< kiosk add --enrol
    std::string day;            ///< report: one day
    std::string from;           ///< report: a range's first day
    std::string to;             ///< report: a range's last day
    std::string format = "csv"; ///< report: csv | json | xlsx | pdf
    std::string out;            ///< report: the file to write instead of standard output
    std::string lang;           ///< report: en | fr (default: the event's first language)
    std::string outDir;         ///< freeze: where each frozen day's documents go
    bool recompute = false;     ///< report: frozen days recomputed beside their snapshot
    std::string at;             ///< freeze, purge: the moment that decides which days are over
    bool afterEvent = false;    ///< purge: --after-event, said on purpose
};

int RunCentralInit(const CentralOptions& options) {
    auto c = OpenCentral(options.config, true);
    if (!c) {
        return Fail(c.error());
    }
    std::cout << "Central database ready: " << sync::DatabaseName(c->config.databasePath) << '\n';
    return kExitOk;
}

int RunCentralServe(const CentralOptions& options) {
    // Blocked before any thread starts, so only sigwait below receives them.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    auto c = OpenCentralForIntake(options.config, "serving");
    if (!c) {
        return Fail(c.error());
    }
    // Held while serving an SQLite file: a second serve or a restore on it is refused. Over
    // PostgreSQL any number of instances serve one database.
    std::optional<sync::ServeLock> held;
    if (!sync::IsPostgresUrl(c->config.databasePath)) {
        auto lock = sync::ServeLock::Take(c->config.databasePath);
        if (!lock) {
            return Fail(lock.error());
        }
        held.emplace(std::move(lock).value());
    }
    spdlog::set_level(spdlog::level::from_str(c->config.logLevel));
    auto server = sync::CentralServer::Start(c->config.server, c->config.event, *c->store);
    if (!server) {
        return Fail(server.error());
    }
    // Indico's list on a thread of its own, so serving never waits for Indico.
    std::unique_ptr<sync::IndicoSchedule> indico;
    if (c->config.indico && c->config.indico->interval.count() > 0) {
        indico = std::make_unique<sync::IndicoSchedule>(*c->config.indico, *c->store,
                                                        sync::IndicoPhotosDir(c->config));
        indico->start();
    }
    // Flushed at once: scripts and tests wait for this line before they connect.
    std::cout << "listening on " << c->config.server.host << ":" << (*server)->port() << std::endl;
    int sig = 0;
    sigwait(&set, &sig);
    if (indico) {
        indico->stop();
    }
    (*server)->stop();
    return kExitOk;
}

// The same CSV rules as the kiosk's `accueil import`: all rows or none.
int RunCentralImport(const CentralOptions& options) {
    auto c = OpenCentralForIntake(options.config, "importing a list");
    if (!c) {
        return Fail(c.error());
    }
    auto list = ReadListToImport(options.file, c->config.import, *c->config.event.calendar);
    if (!list) {
        return Fail(list.error());
    }
    auto summary = c->store->importRegistrants(list->registrants, list->fields);
    if (!summary) {
        return Fail(summary.error());
    }
    // The photos were all read with the list; their rows go in once the registrants are there.
    auto photos = c->store->importPhotos(list->photos);
    if (!photos) {
        return Fail(photos.error());
    }
    std::cout << "Imported " << list->registrants.size() << " rows from " << options.file << ": "
              << summary->added << " added, " << summary->updated << " updated, "
              << summary->unchanged << " unchanged.\n";
    if (!list->photos.empty()) {
        std::cout << PhotoSummaryLine(*photos) << '\n';
    }
    return kExitOk;
}

// A folder of <ID>.jpg/.png: every file read and checked, and every ID listed, before anything
// is written; kiosks take the changed photos with their next round.
int RunCentralPhotosImport(const CentralOptions& options) {
    auto c = OpenCentralForIntake(options.config, "importing photos");
    if (!c) {
        return Fail(c.error());
    }
    auto folder = ReadPhotosToImport(options.file);
    if (!folder) {
        return Fail(folder.error());
    }
    auto summary = c->store->importPhotos(folder->photos);
    if (!summary) {
        return Fail(core::MakeError(summary.error().kind,
                                    summary.error().message + "\nNothing was imported."));
    }
    std::cout << PhotoSummaryLine(*summary) << '\n';
    return kExitOk;
}

int RunCentralPhotosRemove(const CentralOptions& options) {
    auto c = OpenCentral(options.config, false);
    if (!c) {
        return Fail(c.error());
    }
    auto removed = c->store->removePhoto(options.registrantId);
    if (!removed) {
        return Fail(removed.error());
    }
    if (!*removed) {
        return Fail(core::MakeError(core::ErrorKind::NotFound,
                                    "no photo of " + options.registrantId + " at the central"));
    }
    std::cout << "Removed the photo of " << options.registrantId
              << "; kiosks delete theirs at their next round.\n";
    return kExitOk;
}

// A consistent copy while `serve` may run; the figures let the operator see it is the central
// they meant.
int RunCentralBackup(const CentralOptions& options) {
    auto config = sync::LoadCentralConfig(options.config);
    if (!config) {
        return Fail(config.error());
    }
    auto summary = BackUpCentral(config->databasePath, options.file, options.force);
    if (!summary) {
        return Fail(summary.error());
    }
    std::cout << "Backed up " << sync::DatabaseName(config->databasePath) << " to " << options.file
              << ": " << summary->bytes << " bytes, " << summary->registrants << " registrants, "
              << summary->attendance << " attendance events.\n";
    return kExitOk;
}

// The backup is checked before anything changes, put in place, and given a new epoch: every
// kiosk notices at its next round and starts over. Run while the central is stopped.
int RunCentralRestore(const CentralOptions& options) {
    auto config = sync::LoadCentralConfig(options.config);
    if (!config) {
        return Fail(config.error());
    }
    auto epoch = RestoreCentral(options.file, config->databasePath, config->event);
    if (!epoch) {
        return Fail(epoch.error());
    }
    std::cout << "Restored " << sync::DatabaseName(config->databasePath) << " from " << options.file
              << " (new epoch " << *epoch
              << "): every kiosk starts over at its next round and pushes its events again.\n";
    return kExitOk;
}

// After a failover to a PostgreSQL standby that may lack the last pushes it was sent
// (asynchronous replication): a new epoch, so every kiosk pushes its events again. Safe while
// the instances serve; an SQLite central gets one from `central restore`.
int RunCentralNewEpoch(const CentralOptions& options) {
    auto config = sync::LoadCentralConfig(options.config);
    if (!config) {
        return Fail(config.error());
    }
    if (!sync::IsPostgresUrl(config->databasePath)) {
        return Fail(MakeError(ErrorKind::Config,
                              "accueil central new-epoch is for a PostgreSQL central after a "
                              "failover; " +
                                  config->databasePath +
                                  " is an SQLite file: accueil central restore gives it one"));
    }
    auto epoch = sync::RenewPgCentralEpoch(config->databasePath, config->event);
    if (!epoch) {
        return Fail(epoch.error());
    }
    std::cout << sync::DatabaseName(config->databasePath) << " has a new epoch (" << *epoch
              << "): every kiosk starts over at its next round and pushes its events again.\n";
    return kExitOk;
}

// The token is shown once and only its hash is stored; with --token-file it is written under a
// 077 umask, so the file is never readable by others, not even for a moment.
int RunKioskAdd(const CentralOptions& options) {
    auto c = OpenCentral(options.config, false);
    if (!c) {
        return Fail(c.error());
    }
    if (options.enrol) {
        return OfferEnrolment(*c, options.kioskId, options.validMinutes, options.qrPng);
    }
    const std::string token = sync::NewKioskToken();
    if (auto s = c->store->putKiosk(options.kioskId, sync::HashToken(token)); !s) {
        return Fail(s.error());
    }
    if (options.tokenFile.empty()) {
        std::cout << token << '\n';
        return kExitOk;
    }
    const mode_t old = umask(077);
    std::ofstream out(options.tokenFile, std::ios::binary | std::ios::trunc);
    out << token << '\n';
    umask(old);
    if (!out) {
        return Fail(MakeError(ErrorKind::Storage, "cannot write " + options.tokenFile));
    }
    return kExitOk;
}

int RunKioskRevoke(const CentralOptions& options) {
    auto c = OpenCentral(options.config, false);
    if (!c) {
        return Fail(c.error());
    }
    if (auto s = c->store->revokeKiosk(options.kioskId); !s) {
        return Fail(s.error());
    }
    std::cout << "Revoked " << options.kioskId << ".\n";
    return kExitOk;
}

int RunKioskList(const CentralOptions& options) {
    auto c = OpenCentral(options.config, false);
    if (!c) {
        return Fail(c.error());
    }
    auto list = c->store->listKiosks();
    if (!list) {
        return Fail(list.error());
    }
    for (const auto& k : *list) {
        std::cout << k.id << "  added " << FormatUtc(k.createdAt)
                  << (k.revokedAt ? "  REVOKED " + FormatUtc(*k.revokedAt) : "") << '\n';
    }
    return kExitOk;
}

std::optional<std::string> Given(const std::string& option) {
    return option.empty() ? std::nullopt : std::optional<std::string>(option);
}

// The JSON report of the whole meeting as `central report --format json` prints it.
core::Result<nlohmann::json> MeetingReportJson(const OpenedCentral& c) {
    return CentralReportJson(c, c.config.event.calendar->days(), "", "", false);
}

// The report where it was asked for: standard output, or the file --out names in its format.
int EmitReport(const CentralOptions& options, const EventConfig& event,
               const nlohmann::json& report, const std::string& csv) {
    if (options.out.empty()) {
        if (options.format == "json") {
            std::cout << report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                      << '\n';
        } else {
            std::cout << csv;
        }
        return kExitOk;
    }
    const std::string lang = options.lang.empty() ? DefaultDocumentLanguage(event) : options.lang;
    auto written =
        WriteReportFile(options.format, report, csv, event, LabelsFor(lang), options.out);
    return written ? kExitOk : Fail(written.error());
}

// After the purge, the figures are what it kept: each day's snapshot (every day was frozen
// first) and the whole meeting's report. A range of some days would need figures computed
// from the erased list, so it is refused; so is --recompute.
int PrintPurgedReport(const OpenedCentral& c, const sync::PurgedCentral& purged,
                      const std::vector<std::string>& days, const CentralOptions& options) {
    const std::string when = c.config.event.calendar->localIso(purged.at);
    const bool whole = days == c.config.event.calendar->days();
    const bool figures = options.format != "csv"; // json and the documents
    if (options.recompute || (figures && !whole && days.size() != 1)) {
        return Fail(MakeError(ErrorKind::Input,
                              "the personal data was purged at " + when +
                                  ": the figures kept are each day's and the whole meeting's, "
                                  "as they stood; give --day DAY, or no day at all, and no "
                                  "--recompute"));
    }
    nlohmann::json out = nlohmann::json::parse(purged.meetingReportJson, nullptr, false);
    if (!out.is_object() || !out.contains("rows")) {
        return Fail(MakeError(ErrorKind::Storage, "the meeting's report kept by the purge in " +
                                                      sync::DatabaseName(c.config.databasePath) +
                                                      " cannot be read"));
    }
    if (figures && days.size() == 1 && !whole) {
        auto frozen = c.store->daySnapshots(days, 0);
        if (!frozen || frozen->empty()) {
            return Fail(frozen ? MakeError(ErrorKind::Storage, days[0] + " has no snapshot")
                               : frozen.error());
        }
        out = nlohmann::json::parse(frozen->front().reportJson, nullptr, false);
        out["frozen"] = {{days[0],
                          {{"as_of", FormatUtc(frozen->front().asOf)},
                           {"as_of_local", frozen->front().asOfLocal}}}};
        out["figures_from"] = "snapshot";
    }
    if (figures) {
        out["purged_at"] = FormatUtc(purged.at);
        return EmitReport(options, c.config.event, out, "");
    }
    std::string csv = kFrozenCsvHeader;
    for (const nlohmann::json& row : out["rows"]) {
        const std::string day = row.value("day", std::string());
        if (std::find(days.begin(), days.end(), day) != days.end()) {
            csv += FrozenRowCsv(
                row,
                out["frozen"].value(day, nlohmann::json::object()).value("as_of", std::string()));
        }
    }
    if (const int emitted = EmitReport(options, c.config.event, out, csv); emitted != kExitOk) {
        return emitted;
    }
    std::cerr << "The personal data was purged at " << when
              << ": these are the figures as each day was frozen.\n";
    return kExitOk;
}

// The CSV or the JSON on standard output for scripts, or any format in the file --out names;
// the provisional registrants on standard error, as a note for the secretariat that does not
// spoil either.
int RunCentralReport(const CentralOptions& options) {
    auto c = OpenCentral(options.config, false);
    if (!c) {
        return Fail(c.error());
    }
    const EventConfig& event = c->config.event;
    auto days = ReportRange(event, Given(options.day), Given(options.from), Given(options.to));
    if (!days) {
        return Fail(days.error());
    }
    if (options.recompute && options.format != "json") {
        return Fail(MakeError(ErrorKind::Input, "--recompute shows the figures beside the "
                                                "snapshot's: it needs --format json"));
    }
    if (!options.at.empty() && options.format == "csv") {
        return Fail(MakeError(ErrorKind::Input,
                              "--at counts who is inside: it needs --format json, xlsx or pdf"));
    }
    if (IsDocumentFormat(options.format) && options.out.empty()) {
        return Fail(MakeError(ErrorKind::Input, "--format " + options.format +
                                                    " writes a file: give it with --out FILE"));
    }
    auto purged = c->store->purged();
    if (!purged) {
        return Fail(purged.error());
    }
    if (*purged) {
        return PrintPurgedReport(*c, **purged, *days, options);
    }
    if (options.format == "csv") {
        std::string note;
        auto csv = CentralReportCsv(*c, *days, note);
        if (!csv) {
            return Fail(csv.error());
        }
        if (const int emitted = EmitReport(options, event, nullptr, *csv); emitted != kExitOk) {
            return emitted;
        }
        std::cerr << note;
    } else {
        auto out = CentralReportJson(*c, *days, options.day, options.at, options.recompute);
        if (!out) {
            return Fail(out.error());
        }
        if (const int emitted = EmitReport(options, event, *out, ""); emitted != kExitOk) {
            return emitted;
        }
    }
    auto provisional = c->store->provisionalRegistrants();
    if (provisional && !provisional->empty()) {
        std::cerr << provisional->size()
                  << " provisional registrant(s) created at kiosks need confirming:\n";
        for (const auto& r : *provisional) {
            std::cerr << "  " << r.id << "  " << r.displayName() << '\n';
        }
    }
    return kExitOk;
}

// Freezes each of `days` (all over) as of `now`, saying so; a day already frozen is kept.
int FreezeDays(const OpenedCentral& c, const std::vector<std::string>& days, UtcMillis now) {
    const EventConfig& event = c.config.event;
    const std::string asOfLocal = event.calendar->localIso(now);
    for (const std::string& day : days) {
        auto made = c.store->freezeDay(day, now, asOfLocal, [&](const sync::CentralReport& r) {
            return DaySnapshotText(r, day, event, now);
        });
        if (!made) {
            return Fail(made.error());
        }
        if (*made) {
            std::cout << "Froze " << day << " as of " << asOfLocal << ".\n";
        } else {
            std::cout << day << " was already frozen: its snapshot is kept as it is.\n";
        }
    }
    return kExitOk;
}

// Each of `days` (frozen) as CSV, JSON, XLSX and PDF in `dir`, in the event's language; a day
// whose four files are there already is left as it is, so a night that stopped half-way is
// completed by the next.
int WriteFrozenDocuments(const OpenedCentral& c, const std::vector<std::string>& days,
                         const std::string& dir) {
    const EventConfig& event = c.config.event;
    for (const std::string& day : days) {
        if (HasDayDocuments(dir, event.id, day)) {
            continue;
        }
        auto written = WriteDayDocuments(c, day, dir, LabelsFor(DefaultDocumentLanguage(event)));
        if (!written) {
            return Fail(written.error());
        }
        std::cout << "Wrote " << sync::DayDocumentPath(dir, event.id, day, "{csv,json,xlsx,pdf}")
                  << ".\n";
    }
    return kExitOk;
}

// Freezes the days asked for that are over; a day already frozen is kept as it is and said so,
// so the night's timer may run this every night and by hand as often as wanted. The snapshot's
// as-of is the real moment of freezing; --at only moves "now" back (tests, a late run).
int RunCentralFreeze(const CentralOptions& options) {
    auto c = OpenCentral(options.config, false);
    if (!c) {
        return Fail(c.error());
    }
    const EventConfig& event = c->config.event;
    const UtcMillis now = NowUtcMillis();
    UtcMillis at = now;
    if (!options.at.empty()) {
        auto parsed = event.calendar->parseTime(options.at);
        if (!parsed) {
            return Fail(parsed.error());
        }
        if (*parsed > now) {
            return Fail(MakeError(ErrorKind::Input,
                                  "--at " + options.at +
                                      " is in the future: a day is frozen only once it is over"));
        }
        at = *parsed;
    }
    std::vector<std::string> days;
    if (options.day.empty()) {
        days = ClosedDays(*event.calendar, at);
    } else if (auto closed = CheckClosedDay(event, options.day, at); !closed) {
        return Fail(closed.error());
    } else {
        days.push_back(options.day);
    }
    if (days.empty()) {
        std::cout << "No meeting day is over yet (today is " << event.calendar->dateAt(at) << " in "
                  << event.calendar->timeZoneName() << "): nothing to freeze.\n";
        return kExitOk;
    }
    // The documents go to --out-dir, else to central.toml's reports_dir (which the dashboard
    // offers), else nowhere.
    const std::string outDir =
        options.outDir.empty() ? c->config.server.reportsDir : options.outDir;
    if (const int frozen = FreezeDays(*c, days, now); frozen != kExitOk || outDir.empty()) {
        return frozen;
    }
    return WriteFrozenDocuments(*c, days, outDir);
}

// After the meeting, the retention rule (docs/security.md): every day frozen, the whole
// meeting's report kept, then the list's personal data and the pictures pulled from Indico
// erased. Refused while a meeting day is not over in the event's zone.
int RunCentralPurge(const CentralOptions& options) {
    auto c = OpenCentral(options.config, false);
    if (!c) {
        return Fail(c.error());
    }
    const EventCalendar& calendar = *c->config.event.calendar;
    const UtcMillis now = NowUtcMillis();
    UtcMillis at = now;
    if (!options.at.empty()) {
        auto parsed = calendar.parseTime(options.at);
        if (!parsed) {
            return Fail(parsed.error());
        }
        at = *parsed;
    }
    if (ClosedDays(calendar, at).size() != calendar.days().size()) {
        return Fail(
            MakeError(ErrorKind::Conflict, "the meeting is not over: its last day, " +
                                               calendar.days().back() + ", ends at midnight in " +
                                               calendar.timeZoneName() + "; purge after that"));
    }
    if (auto purged = c->store->purged(); !purged || *purged) {
        return Fail(
            purged ? MakeError(ErrorKind::Conflict,
                               sync::DatabaseName(c->config.databasePath) + " was purged already")
                   : purged.error());
    }
    if (const int frozen = FreezeDays(*c, calendar.days(), now); frozen != kExitOk) {
        return frozen;
    }
    auto meeting = MeetingReportJson(*c);
    if (!meeting) {
        return Fail(meeting.error());
    }
    auto erased = c->store->purgePersonalData(
        now, meeting->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    if (!erased) {
        return Fail(erased.error());
    }
    const std::string photos = sync::IndicoPhotosDir(c->config);
    std::error_code removed;
    std::filesystem::remove_all(photos, removed);
    std::cout << "Purged the personal data of " << erased->registrants << " registrants from "
              << sync::DatabaseName(c->config.databasePath) << "; the figures of the "
              << calendar.days().size() << " meeting days are kept (accueil central report).\n";
    if (removed) {
        std::cerr << "accueil: the pictures pulled from Indico could not all be removed from "
                  << photos << " (" << removed.message() << "): remove them by hand\n";
        return kExitStorage;
    }
    return kExitOk;
}

// Every central command needs --config: it is checked before the command runs.
void OnRun(CLI::App* command, const std::shared_ptr<CentralOptions>& opt,
           int (*run)(const CentralOptions&), int& exitCode) {
    command->callback([command, opt, run, &exitCode] {
        RequireConfig(*command, opt->config);
        exitCode = run(*opt);
    });
}

void RegisterCentralPhotos(CLI::App& central, const std::shared_ptr<CentralOptions>& opt,
                           int& exitCode) {
    CLI::App* photos = central.add_subcommand("photos", "Registrants' photos.");
    photos->require_subcommand(1);
    CLI::App* photosImport = photos->add_subcommand(
        "import", "Import a folder of photos named by registrant ID (same rules as `accueil "
                  "photos import`).");
    photosImport->add_option("dir", opt->file, "folder of <registrant ID>.jpg, .jpeg or .png")
        ->required();
    OnRun(photosImport, opt, RunCentralPhotosImport, exitCode);
    CLI::App* photosRemove =
        photos->add_subcommand("remove", "Remove a registrant's photo (kiosks remove theirs).");
    photosRemove->add_option("id", opt->registrantId, "registrant ID")->required();
    OnRun(photosRemove, opt, RunCentralPhotosRemove, exitCode);
}

void RegisterKiosk(CLI::App& central, const std::shared_ptr<CentralOptions>& opt, int& exitCode) {
    CLI::App* kiosk = central.add_subcommand("kiosk", "Kiosk tokens.");
    kiosk->require_subcommand(1);

    CLI::App* add = kiosk->add_subcommand(
        "add", "Give a kiosk a new token (printed once; only its hash is stored).");
    add->add_option("--id", opt->kioskId, "kiosk id, as in its kiosk.toml")->required();
    auto* tokenFile =
        add->add_option("--token-file", opt->tokenFile,
                        "write the token to this file (mode 0600) instead of printing it");
    auto* enrol = add->add_flag("--enrol", opt->enrol,
                                "print a one-time enrolment code (and its QR code) for "
                                "`accueil enrol` at the kiosk instead of a token");
    enrol->excludes(tokenFile);
    add->add_option("--valid-minutes", opt->validMinutes, "--enrol: how long the code is valid")
        ->check(CLI::Range(1, 10080))
        ->needs(enrol);
    add->add_option("--qr-png", opt->qrPng, "--enrol: also write the QR code to this PNG file")
        ->needs(enrol);
    OnRun(add, opt, RunKioskAdd, exitCode);

    CLI::App* revoke = kiosk->add_subcommand("revoke", "Revoke a kiosk's token at once.");
    revoke->add_option("--id", opt->kioskId, "kiosk id")->required();
    OnRun(revoke, opt, RunKioskRevoke, exitCode);

    OnRun(kiosk->add_subcommand("list", "List kiosks (never their tokens)."), opt, RunKioskList,
          exitCode);
}

// `central report` and `central freeze`: the figures, and the days they are frozen for.
void RegisterReportAndFreeze(CLI::App& central, const std::shared_ptr<CentralOptions>& opt,
                             int& exitCode) {
    CLI::App* report = central.add_subcommand(
        "report", "Attendance from every kiosk per day, delegation, category and gender (CSV "
                  "or JSON; JSON adds the figures of docs/reports.md; XLSX and PDF are the same "
                  "report as documents to hand on), then the provisional registrants kiosks "
                  "created.");
    CLI::Option* reportDay =
        report->add_option("--day", opt->day, "one meeting day (default: every day)");
    report->add_option("--from", opt->from,
                       "the first meeting day of a range (default: the meeting's first)");
    report->add_option("--to", opt->to,
                       "the last meeting day of a range (default: the meeting's last)");
    report
        ->add_option("--format", opt->format,
                     "csv | json | xlsx | pdf (xlsx and pdf are documents to hand on; they need "
                     "--out)")
        ->check(CLI::IsMember({"csv", "json", "xlsx", "pdf"}));
    report->add_option("--out", opt->out,
                       "write the report to this file (made whole, then put in place) instead "
                       "of standard output");
    report
        ->add_option("--lang", opt->lang,
                     "the language of the documents: en | fr (default: the event's first "
                     "language)")
        ->check(CLI::IsMember({"en", "fr"}));
    report
        ->add_option("--at", opt->at,
                     "with --day: count who is inside at this time, HH:MM "
                     "event time or ISO-8601 (default now, or the day's end for a past day)")
        ->needs(reportDay);
    report->add_flag("--recompute", opt->recompute,
                     "with --format json: the figures recomputed from the log now, beside the "
                     "frozen days' snapshots (\"recomputed\")");
    OnRun(report, opt, RunCentralReport, exitCode);

    CLI::App* freeze = central.add_subcommand(
        "freeze", "Store the figures of meeting days that are over as they stand now, once: "
                  "later changes to the list never rewrite them (docs/reports.md).");
    freeze->add_option("--day", opt->day,
                       "one meeting day that is over (default: every one not frozen yet)");
    freeze->add_option("--at", opt->at,
                       "decide which days are over as at this earlier moment, ISO-8601 "
                       "(default now)");
    freeze->add_option("--out-dir", opt->outDir,
                       "also write each frozen day as EVENT-DAY.csv, .json, .xlsx and .pdf in "
                       "this folder, in the event's first language (default: reports_dir of "
                       "central.toml, if set)");
    OnRun(freeze, opt, RunCentralFreeze, exitCode);
}

} // namespace

void RegisterCentral(CLI::App& app, int& exitCode) {
    auto opt = std::make_shared<CentralOptions>();
    CLI::App* central = app.add_subcommand("central", "The central registration server.");
    central->require_subcommand(1);

    OnRun(central->add_subcommand("init", "Create the central database (safe to run again)."), opt,
          RunCentralInit, exitCode);
    OnRun(central->add_subcommand("serve", "Serve the sync protocol until SIGINT or SIGTERM."), opt,
          RunCentralServe, exitCode);

    CLI::App* importCmd = central->add_subcommand(
        "import", "Import or update the registration list (same rules as `accueil import`).");
    importCmd->add_option("file", opt->file, "registrants CSV")->required();
    OnRun(importCmd, opt, RunCentralImport, exitCode);

    RegisterCentralPhotos(*central, opt, exitCode);

    CLI::App* backup = central->add_subcommand(
        "backup", "Write a consistent copy of the central database to FILE, also while "
                  "`serve` runs (pg_dump for PostgreSQL).");
    backup->add_option("file", opt->file, "where the backup goes (never replaced unless --force)")
        ->required();
    backup->add_flag("--force", opt->force, "replace FILE if it exists");
    OnRun(backup, opt, RunCentralBackup, exitCode);

    CLI::App* restore = central->add_subcommand(
        "restore", "Put a backup of the central database in place (with the central stopped); "
                   "kiosks notice and start over.");
    restore->add_option("file", opt->file, "the backup (made by accueil central backup)")
        ->required();
    OnRun(restore, opt, RunCentralRestore, exitCode);

    OnRun(central->add_subcommand(
              "new-epoch", "PostgreSQL, after promoting a standby: every kiosk starts over and "
                           "pushes its events again (what the standby had not received)."),
          opt, RunCentralNewEpoch, exitCode);

    RegisterKiosk(*central, opt, exitCode);
    RegisterCentralUsers(*central, opt->config, exitCode);

    RegisterReportAndFreeze(*central, opt, exitCode);

    CLI::App* purge = central->add_subcommand(
        "purge", "After the meeting: erase the list's personal data (names, gender, "
                 "delegation, notes, pictures), keeping every day's figures and the whole "
                 "meeting's (docs/security.md).");
    purge->add_flag("--after-event", opt->afterEvent, "required: the meeting is over")->required();
    purge->add_option("--at", opt->at,
                      "decide whether the meeting is over as at this moment, ISO-8601 "
                      "(default now)");
    OnRun(purge, opt, RunCentralPurge, exitCode);

    // After the subcommands, so that it may come before or after any of their names:
    // `central --config C kiosk add`, `central kiosk add --config C`.
    AddConfigOption(*central, opt->config, "CENTRAL.toml",
                    "the central's configuration (required)");
}

} // namespace accueil::cli
