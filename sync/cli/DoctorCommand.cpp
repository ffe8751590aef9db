// SPDX-License-Identifier: Apache-2.0
// accueil doctor: is this kiosk or central installed so that it will work? Reads the facts
// (DoctorProbe), judges each (DoctorChecks), prints a line a check. Changes nothing.

#include "Doctor.h"
#include "DoctorProbe.h"

#include <accueil/cli/CliSupport.h>
#include <accueil/cli/SyncCommands.h>
#include <accueil/core/Config.h>
#include <accueil/sync/CentralBackend.h>
#include <accueil/sync/CentralConfig.h>
#include <accueil/sync/PgCentralStore.h>
#include <accueil/sync/SyncClient.h>

#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <iostream>

namespace accueil::cli {

namespace {

namespace fs = std::filesystem;
using doctor::Check;

struct DoctorOptions {
    std::string config;
    bool json = false;
};

// Where Debian's fonts-noto-core and fonts-noto-cjk put their files; the first is the folder
// of kiosk/app/Fonts.h's FontFiles defaults.
constexpr const char* kNotoDir = "/usr/share/fonts/truetype/noto";
constexpr const char* kCjkFont = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

std::string FolderOf(const std::string& path) {
    return fs::absolute(path).parent_path().string();
}

// The database's checks, shared by both kinds; `central` adds the tokens, a kiosk its staff.
void DatabaseChecks(const std::string& path, bool central, std::vector<Check>& out) {
    const doctor::DatabaseFacts db = doctor::ProbeDatabase(path, central);
    out.push_back(doctor::DatabaseCheck(db, central));
    const bool readable = db.exists && db.openError.empty() && db.quickCheck == "ok";
    if (db.exists) {
        out.push_back(doctor::DatabasePermissionsCheck(doctor::ProbeFileMode(path)));
    }
    if (readable) {
        out.push_back(central ? doctor::KioskTokensCheck(db) : doctor::StaffCheck(db));
    }
    std::string error;
    const std::string folder = FolderOf(path);
    const std::uint64_t free = doctor::ProbeFreeBytes(folder, error);
    out.push_back(doctor::DiskCheck(folder, free, error));
}

// A PostgreSQL central has no file to look at: the check opens its schema on the server.
Check PostgresCheck(const sync::CentralConfig& config) {
    const std::string name = sync::DatabaseName(config.databasePath);
    auto store = sync::OpenPgCentralStore(config.databasePath, config.event, false);
    if (!store) {
        return doctor::Fail("database", store.error().message,
                            "start the PostgreSQL server, check the URL in central.database, or "
                            "create the schema: accueil central init --config CENTRAL.toml");
    }
    auto counts = (*store)->counts("");
    if (!counts) {
        return doctor::Fail("database", counts.error().message, "check the PostgreSQL server");
    }
    return doctor::Ok("database", name + ": PostgreSQL, " + std::to_string(counts->registrants) +
                                      " registrants");
}

void CentralChecks(const core::KioskConfig& config, std::vector<Check>& out) {
    const std::string& url = config.central.url();
    std::string token;
    std::string tokenError;
    if (auto options = sync::SyncOptionsFromConfig(config)) {
        token = options->token;
    } else {
        tokenError = options.error().message;
    }
    const auto health = doctor::ProbeHttp(url, "/v1/health", "", config.central.caFile);
    out.push_back(doctor::CentralReachableCheck(url, health));
    const auto settings = tokenError.empty()
                              ? doctor::ProbeHttp(url, "/v1/settings", token, config.central.caFile)
                              : doctor::HttpFacts{};
    out.push_back(doctor::CentralTokenCheck(url, settings, config.central.tokenFile, tokenError));
    if (struct stat st{};
        tokenError.empty() && ::stat(config.central.tokenFile.c_str(), &st) == 0) {
        out.push_back(doctor::KioskTokenFileCheck(config.central.tokenFile, st.st_mode & 07777U));
    }
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    out.push_back(doctor::CentralCertificateCheck(url, health, now));
    out.push_back(doctor::ClockCheck(url, health));
}

void ScannerChecks(const core::ScannerSettings& scanner, std::vector<Check>& out) {
    if (!scanner.configured) {
        out.push_back(doctor::KeyboardWedgeCheck());
        return;
    }
    for (const core::ScannerKind kind : scanner.kinds) {
        switch (kind) {
        case core::ScannerKind::Keyboard:
            out.push_back(doctor::KeyboardWedgeCheck());
            break;
        case core::ScannerKind::Evdev:
        case core::ScannerKind::Serial:
            out.push_back(
                doctor::ScannerCheck(doctor::ProbeDevice(ToString(kind), scanner.device)));
            break;
        case core::ScannerKind::Camera:
            out.push_back(doctor::ScannerCheck(doctor::ProbeDevice("camera", scanner.camera)));
            break;
        }
    }
}

std::vector<Check> KioskChecks(const std::string& path) {
    std::vector<Check> out;
    auto config = core::LoadKioskConfig(path);
    out.push_back(doctor::ConfigCheck(
        path, config ? std::nullopt : std::optional<std::string>(config.error().message)));
    if (!config) {
        return out; // nothing else can be found without the file
    }
    DatabaseChecks(config->databasePath, false, out);
    if (!config->central.url().empty()) {
        CentralChecks(*config, out);
    }
    ScannerChecks(config->scanner, out);
    const std::string display = doctor::Environment("DISPLAY");
    const std::string wayland = doctor::Environment("WAYLAND_DISPLAY");
    out.push_back(doctor::DisplayCheck(display, wayland));
    out.push_back(
        doctor::RendererCheck(doctor::ProbeRenderer(), !display.empty() || !wayland.empty()));
    const auto needs = doctor::FontsNeeded(config->languages, kNotoDir, kCjkFont);
    std::vector<bool> present;
    present.reserve(needs.size());
    for (const auto& need : needs) {
        present.push_back(fs::is_regular_file(need.path));
    }
    out.push_back(doctor::FontsCheck(needs, present));
    return out;
}

std::vector<Check> CentralServerChecks(const std::string& path) {
    std::vector<Check> out;
    auto config = sync::LoadCentralConfig(path);
    out.push_back(doctor::ConfigCheck(
        path, config ? std::nullopt : std::optional<std::string>(config.error().message)));
    if (!config) {
        return out;
    }
    if (sync::IsPostgresUrl(config->databasePath)) {
        out.push_back(PostgresCheck(*config));
    } else {
        DatabaseChecks(config->databasePath, true, out);
    }
    const sync::ServerOptions& server = config->server;
    std::string detail;
    const bool tls = !server.tlsCert.empty();
    const auto state = doctor::ProbeListen(server.host, server.port, tls, detail);
    out.push_back(
        doctor::ListenCheck(server.host + ":" + std::to_string(server.port), state, detail));
    out.push_back(doctor::TlsFilesCheck(doctor::ProbeTlsFiles(server.tlsCert, server.tlsKey)));
    if (config->indico) {
        const std::string& token = config->indico->tokenFile;
        struct stat st {};
        const bool exists = ::stat(token.c_str(), &st) == 0;
        out.push_back(doctor::IndicoTokenCheck(token, exists, exists ? st.st_mode & 07777U : 0));
    }
    return out;
}

int RunDoctor(const DoctorOptions& options) {
    std::string error;
    const doctor::Kind kind = doctor::ProbeKind(options.config, error);
    if (kind == doctor::Kind::Unknown) {
        return Fail(core::MakeError(core::ErrorKind::Config, error));
    }
    const std::vector<Check> checks = kind == doctor::Kind::Kiosk
                                          ? KioskChecks(options.config)
                                          : CentralServerChecks(options.config);
    std::cout << (options.json ? doctor::FormatJson(checks)
                               : doctor::FormatText(kind, options.config, checks));
    return doctor::ExitStatus(checks);
}

} // namespace

void RegisterDoctor(CLI::App& app, int& exitCode) {
    auto opt = std::make_shared<DoctorOptions>();
    CLI::App* sub = app.add_subcommand(
        "doctor", "Check a kiosk's or the central's installation; changes nothing.");
    AddConfigOption(*sub, opt->config, "KIOSK.toml|CENTRAL.toml",
                    "the kiosk's or the central's configuration (required)");
    sub->add_flag("--json", opt->json, "an array of {check, status, detail, fix}");
    sub->footer("Exit status: 0 every check passed (warnings allowed); 8 a check failed; "
                "3 the file cannot be read.");
    sub->callback([sub, opt, &exitCode] {
        RequireConfig(*sub, opt->config);
        exitCode = RunDoctor(*opt);
    });
}

} // namespace accueil::cli
