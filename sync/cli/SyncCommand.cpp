// SPDX-License-Identifier: Apache-2.0
// accueil sync: one round (--once), the night job (--nightly), or the sync loop in the foreground.

#include <accueil/cli/CliSupport.h>
#include <accueil/cli/SyncCommands.h>
#include <accueil/core/SyncStore.h>
#include <accueil/sync/Nightly.h>
#include <accueil/sync/Revocation.h>
#include <accueil/sync/SyncClient.h>
#include <accueil/sync/SyncWorker.h>

#include <csignal>
#include <iostream>

namespace accueil::cli {

namespace {

struct SyncCommandOptions {
    std::string config;
    bool once = false;
    bool nightly = false;
    std::string reportDir;
    std::string day;
    long timeoutMs = 15000;
};

// Exit statuses of `accueil sync` beyond the shared ones (documented in docs/sync-protocol.md).
constexpr int kExitNetwork = 10; ///< the central could not be reached (or the answer was cut)
constexpr int kExitServer = 11;  ///< the central answered 5xx or 429
constexpr int kExitData = 12;    ///< the central refused our data, or sent something unusable
constexpr int kExitDrift = 13;   ///< --nightly: contents still differ after repair

int ExitFor(const sync::SyncError& e) {
    std::cerr << "accueil: sync failed (" << sync::ToString(e.kind) << "): " << e.message << '\n';
    switch (e.kind) {
    case sync::SyncErrorKind::Network:
        return kExitNetwork;
    case sync::SyncErrorKind::Server:
        return kExitServer;
    case sync::SyncErrorKind::Auth:
        return kExitAuth;
    case sync::SyncErrorKind::Data:
        return kExitData;
    case sync::SyncErrorKind::Storage:
        return kExitStorage;
    case sync::SyncErrorKind::Config:
        return kExitConfig;
    }
    return kExitFailure;
}

// The events the central refused, with its reasons: they stay at this kiosk, out of the outbox.
void PrintSetAside(core::AttendanceStore& store) {
    const auto count = core::SetAsideCount(store);
    if (!count || *count == 0) {
        return;
    }
    std::cout << *count << " events refused by the central, kept here (newest first):\n";
    const auto newest = core::SetAsideEvents(store, 20);
    for (const auto& r : newest ? *newest : std::vector<core::RefusedEvent>{}) {
        std::cout << "  " << r.reason << '\n';
    }
}

// The central revoked this kiosk: erase what it holds, and say so (status 6, as for any
// refused token, so scripts that watch for it keep working).
int WipeRevoked(core::AttendanceStore& store, const std::string& tokenFile) {
    const auto wiped = sync::WipeRevokedKiosk(store, tokenFile, core::NowUtcMillis());
    if (!wiped) {
        std::cerr << "accueil: this kiosk was revoked at the central, and erasing its personal "
                     "data failed: "
                  << wiped.error().message << '\n';
        return kExitAuth;
    }
    std::cerr << "accueil: " << sync::RevokedMessage(*wiped) << '\n';
    return kExitAuth;
}

int RunOnce(const sync::SyncOptions& central, core::AttendanceStore& store,
            const std::string& tokenFile) {
    sync::SyncClient client(central);
    const sync::RoundReport r = client.runRound(store);
    if (sync::IsRevocation(r)) {
        return WipeRevoked(store, tokenFile);
    }
    std::cout << "pushed " << r.pushed << ", pulled " << r.pulledRegistrants
              << " registrant changes" << (r.fullRefresh ? " (full list)" : "") << " and "
              << r.pulledAttendance << " events of other kiosks; " << r.outboxLeft << " waiting.\n";
    PrintSetAside(store);
    if (const sync::SyncError* e = r.worstError()) {
        return ExitFor(*e);
    }
    return kExitOk;
}

int RunNightly(const sync::SyncOptions& central, core::AttendanceStore& store,
               const SyncCommandOptions& options, const std::string& tokenFile) {
    sync::SyncClient client(central);
    sync::NightlyOptions nightlyOptions{options.reportDir, std::nullopt, std::nullopt};
    if (!options.day.empty()) {
        nightlyOptions.day = options.day;
    }
    const sync::NightlyResult r = sync::RunNightly(client, store, nightlyOptions);
    for (const auto& c : r.checks) {
        std::cout << c.name << ": kiosk " << c.kioskAfter << ", central " << c.centralAfter
                  << (c.agrees() ? " (agree)" : " (DRIFT)");
        if (!c.sameBefore) {
            std::cout << "; differed: " << c.missingHere << " missing here, " << c.missingThere
                      << " missing at the central";
            for (const auto& item : c.sample) {
                std::cout << ' ' << item;
            }
        }
        std::cout << (c.repair.empty() ? "" : "; repaired: " + c.repair) << '\n';
    }
    for (const auto& f : r.files) {
        std::cout << "wrote " << f << '\n';
    }
    if (r.error && sync::IsRevocation(*r.error)) {
        return WipeRevoked(store, tokenFile);
    }
    if (r.error) {
        return ExitFor(*r.error);
    }
    if (!r.consistent()) {
        std::cerr << "accueil: the kiosk and the central still differ after repair\n";
        return kExitDrift;
    }
    return kExitOk;
}

// The loop in the foreground, until SIGINT or SIGTERM. The signals are blocked before the
// worker's thread starts, so that thread inherits the mask and only sigwait here receives them.
int RunLoop(const sync::SyncOptions& central, const core::KioskConfig& config) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    sync::WorkerOptions w{config.databasePath,
                          config.event,
                          config.id,
                          central,
                          std::chrono::seconds(config.central.intervalSeconds),
                          {},
                          0,
                          config.central.tokenFile};
    sync::SyncWorker worker(std::move(w));
    worker.start();
    // A revocation ends the worker (after its wipe): the loop ends with it, status 6.
    const timespec tick{1, 0};
    while (sigtimedwait(&set, nullptr, &tick) < 0) {
        if (const sync::SyncStatus s = worker.snapshot(); s.revoked) {
            worker.stop();
            std::cerr << "accueil: this kiosk was revoked at the central; "
                      << (s.wipeError.empty() ? "its personal data was erased"
                                              : "erasing its personal data failed: " + s.wipeError)
                      << '\n';
            return kExitAuth;
        }
    }
    worker.stop();
    return kExitOk;
}

int RunSync(const SyncCommandOptions& options) {
    if (options.nightly && options.reportDir.empty()) {
        std::cerr << "accueil: --nightly needs --report-dir\n";
        return kExitUsage;
    }
    auto opened = OpenKiosk(options.config, MissingDatabase::Create);
    if (!opened) {
        return Fail(opened.error());
    }
    // A wiped kiosk stays out of service: its token is gone, and syncing would only refill it.
    if (const auto revoked = core::RevokedAt(opened->store); revoked && *revoked) {
        std::cerr << "accueil: this kiosk was revoked at the central and its personal data "
                     "erased; enrol it again to use it (accueil enrol)\n";
        return kExitAuth;
    }
    // Purged after the event: a sync would fetch the names again.
    if (const auto purged = core::PurgedAt(opened->store); purged && *purged) {
        std::cerr << "accueil: this kiosk's personal data was purged after the event "
                     "(accueil purge): it does not sync any more\n";
        return kExitNotFound;
    }
    auto central = sync::SyncOptionsFromConfig(opened->config);
    if (!central) {
        return Fail(central.error());
    }
    central->timeoutMs = options.timeoutMs;
    if (options.once) {
        return RunOnce(*central, opened->store, opened->config.central.tokenFile);
    }
    if (options.nightly) {
        return RunNightly(*central, opened->store, options, opened->config.central.tokenFile);
    }
    return RunLoop(*central, opened->config);
}

} // namespace

void RegisterSync(CLI::App& app, int& exitCode) {
    auto opt = std::make_shared<SyncCommandOptions>();
    CLI::App* sub = app.add_subcommand(
        "sync", "Exchange events and the registration list with the central server.");
    AddConfigOption(*sub, opt->config, "KIOSK.toml", "the kiosk's configuration (required)");
    auto* once = sub->add_flag("--once", opt->once, "one round: push, then pull; then exit");
    auto* nightly = sub->add_flag("--nightly", opt->nightly,
                                  "full sync, reconcile counts both ways, write the day's reports");
    once->excludes(nightly);
    sub->add_option("--report-dir", opt->reportDir, "where --nightly writes its CSV files");
    sub->add_option("--day", opt->day, "--nightly: report this day (default: today)");
    sub->add_option("--timeout-ms", opt->timeoutMs, "per request")->check(CLI::Range(100, 600000));
    sub->footer("Exit status: 0 all pushed and pulled; 3 config; 5 local database; 6 token "
                "refused (401/403;\na revoked kiosk also erases its personal data);\n10 network; "
                "11 central busy or failing (5xx/429); 12 data "
                "refused or unusable; 13 nightly drift left.\nWithout --once or --nightly it "
                "syncs every [central] interval_seconds until stopped.");
    sub->callback([sub, opt, &exitCode] {
        RequireConfig(*sub, opt->config);
        exitCode = RunSync(*opt);
    });
}

} // namespace accueil::cli
