// SPDX-License-Identifier: Apache-2.0
// accueil central init | serve | import | kiosk add/revoke/list | report

#include <accueil/cli/CliSupport.h>
#include <accueil/cli/SyncCommands.h>
#include <accueil/core/Csv.h>
#include <accueil/core/RegistrantImport.h>
#include <accueil/sync/CentralConfig.h>
#include <accueil/sync/CentralServer.h>
#include <accueil/sync/SqliteCentralStore.h>
#include <accueil/sync/Tokens.h>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <csignal>
#include <fstream>
#include <iostream>

namespace accueil::cli {

using namespace accueil::core;

namespace {

struct OpenedCentral {
    sync::CentralConfig config;
    std::unique_ptr<sync::CentralStore> store;
};

std::optional<OpenedCentral> OpenCentral(const std::string& path, bool create, int& exitCode) {
    auto config = sync::LoadCentralConfig(path);
    if (!config) {
        exitCode = Fail(config.error());
        return std::nullopt;
    }
    auto store = sync::OpenSqliteCentralStore(config->databasePath, config->event, create);
    if (!store) {
        exitCode = Fail(store.error());
        return std::nullopt;
    }
    return OpenedCentral{std::move(config).value(), std::move(store).value()};
}

} // namespace

void RegisterCentral(CLI::App& app, int& exitCode) {
    auto config = std::make_shared<std::string>();
    CLI::App* central = app.add_subcommand("central", "The central registration server.");
    central->require_subcommand(1);
    central->add_option("--config", *config, "central.toml")->required();

    central->add_subcommand("init", "Create the central database (safe to run again).")
        ->callback([config, &exitCode] {
            if (auto c = OpenCentral(*config, true, exitCode)) {
                std::cout << "Central database ready: " << c->config.databasePath << '\n';
            }
        });

    central->add_subcommand("serve", "Serve the sync protocol until SIGINT or SIGTERM.")
        ->callback([config, &exitCode] {
            // Blocked before any thread starts, so only sigwait below receives them.
            sigset_t set;
            sigemptyset(&set);
            sigaddset(&set, SIGINT);
            sigaddset(&set, SIGTERM);
            pthread_sigmask(SIG_BLOCK, &set, nullptr);
            auto c = OpenCentral(*config, false, exitCode);
            if (!c) {
                return;
            }
            spdlog::set_level(spdlog::level::from_str(c->config.logLevel));
            auto server = sync::CentralServer::Start(c->config.server, c->config.event, *c->store);
            if (!server) {
                exitCode = Fail(server.error());
                return;
            }
            std::cout << "listening on " << c->config.server.host << ":" << (*server)->port()
                      << std::endl;
            int sig = 0;
            sigwait(&set, &sig);
            (*server)->stop();
        });

    auto file = std::make_shared<std::string>();
    CLI::App* import = central->add_subcommand(
        "import", "Import or update the registration list (same rules as `accueil import`).");
    import->add_option("file", *file, "registrants CSV")->required();
    import->callback([config, file, &exitCode] {
        auto c = OpenCentral(*config, false, exitCode);
    if (!c) {
        return;
    }
    auto list = ReadRegistrantCsv(*file, c->config.columns, *c->config.event.calendar);
    if (!list) {
        exitCode =
            Fail(MakeError(list.error().kind, list.error().message + "\nNothing was imported."));
        return;
    }
    auto summary = c->store->importRegistrants(list->registrants, list->fields);
    if (!summary) {
        exitCode = Fail(summary.error());
        return;
    }
    std::cout << "Imported " << list->registrants.size() << " rows from " << *file << ": "
              << summary->added << " added, " << summary->updated << " updated, "
              << summary->unchanged << " unchanged.\n";
});

CLI::App* kioskCmd = central->add_subcommand("kiosk", "Kiosk tokens.");
kioskCmd->require_subcommand(1);
auto id = std::make_shared<std::string>();
auto tokenFile = std::make_shared<std::string>();
CLI::App* add = kioskCmd->add_subcommand(
    "add", "Give a kiosk a new token (printed once; only its hash is stored).");
add->add_option("--id", *id, "kiosk id, as in its kiosk.toml")->required();
add->add_option("--token-file", *tokenFile,
                "write the token to this file (mode 0600) instead of printing it");
add->callback([config, id, tokenFile, &exitCode] {
    auto c = OpenCentral(*config, false, exitCode);
    if (!c) {
        return;
    }
    const std::string token = sync::NewKioskToken();
    if (auto s = c->store->putKiosk(*id, sync::HashToken(token)); !s) {
        exitCode = Fail(s.error());
        return;
    }
    if (tokenFile->empty()) {
        std::cout << token << '\n';
        return;
    }
    const mode_t old = umask(077);
    std::ofstream out(*tokenFile, std::ios::binary | std::ios::trunc);
    out << token << '\n';
    umask(old);
    if (!out) {
        exitCode = Fail(MakeError(ErrorKind::Storage, "cannot write " + *tokenFile));
    }
});
CLI::App* revoke = kioskCmd->add_subcommand("revoke", "Revoke a kiosk's token at once.");
revoke->add_option("--id", *id, "kiosk id")->required();
revoke->callback([config, id, &exitCode] {
    auto c = OpenCentral(*config, false, exitCode);
    if (!c) {
        return;
    }
    if (auto s = c->store->revokeKiosk(*id); !s) {
        exitCode = Fail(s.error());
        return;
    }
    std::cout << "Revoked " << *id << ".\n";
});
kioskCmd->add_subcommand("list", "List kiosks (never their tokens).")
    ->callback([config, &exitCode] {
        auto c = OpenCentral(*config, false, exitCode);
        if (!c) {
            return;
        }
        auto list = c->store->listKiosks();
        if (!list) {
            exitCode = Fail(list.error());
            return;
        }
        for (const auto& k : *list) {
            std::cout << k.id << "  added " << FormatUtc(k.createdAt)
                      << (k.revokedAt ? "  REVOKED " + FormatUtc(*k.revokedAt) : "") << '\n';
        }
    });

auto day = std::make_shared<std::string>();
CLI::App* report = central->add_subcommand(
    "report", "Attendance from every kiosk per day, delegation, category and gender (CSV), "
              "then the provisional registrants kiosks created.");
report->add_option("--day", *day, "one meeting day (default: every day)");
report->callback([config, day, &exitCode] {
    auto c = OpenCentral(*config, false, exitCode);
    if (!c) {
        return;
    }
    auto rows = c->store->report(day->empty() ? std::nullopt : std::optional<std::string>(*day));
    if (!rows) {
        exitCode = Fail(rows.error());
        return;
    }
    std::cout << ReportCsv(*rows);
    auto provisional = c->store->provisionalRegistrants();
    if (provisional && !provisional->empty()) {
        std::cerr << provisional->size()
                  << " provisional registrant(s) created at kiosks need confirming:\n";
        for (const auto& r : *provisional) {
            std::cerr << "  " << r.id << "  " << r.displayName() << '\n';
        }
    }
});
} // namespace accueil::cli

} // namespace accueil::cli
