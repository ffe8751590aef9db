// SPDX-License-Identifier: Apache-2.0
// Enrolment with a one-time code: `accueil central kiosk add --enrol` makes the code, and
// `accueil enrol` at the kiosk turns it into the kiosk's token (docs/sync-protocol.md).

#include "Enrolling.h"

#include <accueil/cli/CliSupport.h>
#include <accueil/cli/SyncCommands.h>
#include <accueil/core/PersonalDataWipe.h>
#include <accueil/scanner/BadgeRender.h>
#include <accueil/scanner/QrRender.h>
#include <accueil/sync/Enrolment.h>
#include <accueil/sync/HttpClient.h>
#include <accueil/sync/Protocol.h>
#include <accueil/sync/TomlEdit.h>

#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace accueil::cli {

namespace fs = std::filesystem;

namespace {

constexpr int kExitNetwork = 10; // as `accueil sync`: the central could not be reached
constexpr int kExitServer = 11;  // as `accueil sync`: the central answered 5xx or 429

// Two rows of modules a line: ▀ ▄ █ and space. Light modules are drawn, for the usual dark
// terminal, so the code reads dark on light as scanners expect.
std::string HalfBlocks(const scanner::GreyFrame& qr) {
    std::string out;
    const auto light = [&](int x, int y) { return y < qr.height && qr.at(x, y) > 127; };
    for (int y = 0; y < qr.height; y += 2) {
        for (int x = 0; x < qr.width; ++x) {
            const bool top = light(x, y);
            const bool bottom = light(x, y + 1);
            out += top && bottom ? "█" : top ? "▀" : bottom ? "▄" : " ";
        }
        out += '\n';
    }
    return out;
}

core::Error ConfigError(const std::string& message) {
    return core::MakeError(core::ErrorKind::Config, message);
}

} // namespace

int OfferEnrolment(OpenedCentral& central, const std::string& kioskId, int validMinutes,
                   const std::string& qrPng) {
    const sync::CentralConfig& config = central.config;
    if (config.publicUrl.empty()) {
        return Fail(ConfigError(
            config.path + ": [central] public_url is not set: --enrol needs the address "
                          "kiosks reach the central at (e.g. https://accueil.venue.org:8470)"));
    }
    sync::EnrolmentOffer offer{config.publicUrl, sync::NewEnrolmentCode(), ""};
    if (config.publicUrl.rfind("https://", 0) == 0) {
        if (config.server.tlsCert.empty()) {
            return Fail(ConfigError(config.path + ": public_url is https but no tls_cert is set"));
        }
        auto pin = sync::PublicKeyPin(config.server.tlsCert);
        if (!pin) {
            return Fail(pin.error());
        }
        offer.pin = *pin;
    }
    const std::string enrolment = sync::EncodeEnrolment(offer);
    auto qr = scanner::RenderQr(enrolment, 1, 2);
    if (!qr) {
        return Fail(core::MakeError(core::ErrorKind::Input, "QR code: " + qr.error().message));
    }
    const core::UtcMillis expires = core::NowUtcMillis() + validMinutes * 60'000LL;
    if (auto s = central.store->putEnrolment(kioskId, sync::HashEnrolmentCode(offer.code), expires);
        !s) {
        return Fail(s.error());
    }
    std::cout << "Enrolment code for " << kioskId << " (one use, valid " << validMinutes
              << " min): " << offer.code << "\n\n"
              << enrolment << "\n\n"
              << HalfBlocks(*qr) << "\nAt the kiosk: accueil enrol --config kiosk.toml '"
              << enrolment << "'\n";
    if (!qrPng.empty()) {
        auto big = scanner::RenderQr(enrolment, 8, 4);
        if (!big) {
            return Fail(core::MakeError(core::ErrorKind::Input, big.error().message));
        }
        if (auto w = scanner::WritePng(*big, qrPng); !w) {
            return Fail(core::MakeError(core::ErrorKind::Storage, w.error().message));
        }
    }
    return kExitOk;
}

namespace {

struct EnrolOptions {
    std::string config;
    std::string enrolment;
    std::string url;
    std::string code;
    std::string pin;
    long timeoutMs = 15000;
};

// What the central answered: the kiosk's new token and what to trust it with.
struct Enrolled {
    std::string kioskId;
    std::string token;
    std::string eventId;
    std::string caPem;
};

// Writes a file whole (a temporary name, then a rename), readable by its owner alone when
// `secret`: a crash leaves the old file or the new one, never half a token.
core::Result<void> WriteWhole(const std::string& path, const std::string& text, bool secret) {
    const std::string temporary = path + ".new";
    {
        const mode_t old = umask(secret ? 077 : 022);
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        umask(old);
        if (!out) {
            return core::MakeError(core::ErrorKind::Storage, "cannot write " + temporary);
        }
    }
    std::error_code ec;
    if (!secret && fs::exists(path, ec)) {
        fs::permissions(temporary, fs::status(path, ec).permissions(), ec);
    }
    fs::rename(temporary, path, ec);
    if (ec) {
        return core::MakeError(core::ErrorKind::Storage,
                               "cannot replace " + path + ": " + ec.message());
    }
    return core::Ok{};
}

// POST /v1/enrol, authenticated by the pin alone on https. Exit status on failure.
accueil::Result<Enrolled, int> AskCentral(const sync::EnrolmentOffer& offer,
                                          const std::string& kioskId, long timeoutMs) {
    sync::HttpOptions http;
    http.baseUrl = offer.url;
    http.timeoutMs = timeoutMs;
    http.pinnedPublicKey = offer.pin;
    if (offer.url.rfind("https://", 0) == 0 && offer.pin.empty()) {
        std::cerr << "accueil: warning: no key pin for " << offer.url
                  << ": the central is checked against the system's certificate authorities\n";
    }
    sync::HttpClient client(std::move(http));
    const nlohmann::json request{{"code", offer.code}, {"kiosk_id", kioskId}};
    const sync::HttpResult answer = client.post("/v1/enrol", request.dump());
    if (!answer) {
        std::cerr << "accueil: cannot reach the central at " << offer.url << ": "
                  << answer.error().message << " (nothing was written)\n";
        return kExitNetwork;
    }
    const auto body = nlohmann::json::parse(answer->body, nullptr, false);
    if (answer->status != 200) {
        std::string why = "HTTP " + std::to_string(answer->status);
        if (body.is_object() && body.contains("error") && body["error"].is_object()) {
            why = body["error"].value("code", why) + ": " + body["error"].value("message", "");
        }
        std::cerr << "accueil: the central refused the enrolment (" << why
                  << "); nothing was written\n";
        if (answer->status == 429 || answer->status >= 500) {
            return kExitServer; // try again later (429 says when)
        }
        return answer->status == 403 ? kExitAuth : kExitInput;
    }
    if (!body.is_object() || !body.contains("token") || !body["token"].is_string()) {
        std::cerr << "accueil: the central's answer holds no token; nothing was written\n";
        return kExitFailure;
    }
    return Enrolled{body.value("kiosk_id", ""), body["token"].get<std::string>(),
                    body.value("event_id", ""), body.value("ca_pem", "")};
}

// The path kiosk.toml names for a [central] file, or `fallback` beside kiosk.toml; and the
// key's text to write: none when kiosk.toml names it already (its own words stay).
std::pair<std::string, std::string>
FileFor(const std::string& configured, const std::string& kioskToml, const std::string& fallback) {
    if (!configured.empty()) {
        return {configured, ""};
    }
    return {(fs::path(kioskToml).parent_path() / fallback).string(), fallback};
}

int RunEnrol(const EnrolOptions& options) {
    sync::EnrolmentOffer offer;
    if (!options.enrolment.empty()) {
        auto decoded = sync::DecodeEnrolment(options.enrolment);
        if (!decoded) {
            return Fail(decoded.error());
        }
        offer = std::move(*decoded);
    } else if (!options.url.empty() && !options.code.empty()) {
        offer = sync::EnrolmentOffer{options.url, options.code, options.pin};
    } else {
        std::cerr << "accueil: give the enrolment string, or --url and --code\n";
        return kExitUsage;
    }
    auto config = core::LoadKioskConfig(options.config);
    if (!config) {
        return Fail(config.error());
    }
    auto enrolled = AskCentral(offer, config->id, options.timeoutMs);
    if (!enrolled) {
        return enrolled.error();
    }
    if (enrolled->eventId != config->event.id) {
        std::cerr << "accueil: the central serves event \"" << enrolled->eventId
                  << "\", this kiosk's is \"" << config->event.id
                  << "\": nothing was written (the code is used: ask for a new one)\n";
        return kExitConfig;
    }
    const auto [tokenPath, tokenKey] =
        FileFor(config->central.tokenFile, options.config, config->id + ".token");
    if (auto w = WriteWhole(tokenPath, enrolled->token + "\n", true); !w) {
        return Fail(w.error());
    }
    std::vector<std::pair<std::string, std::string>> keys{{"url", offer.url}};
    if (!tokenKey.empty()) {
        keys.emplace_back("token_file", tokenKey);
    }
    if (!enrolled->caPem.empty()) {
        const auto [caPath, caKey] =
            FileFor(config->central.caFile, options.config, "central-ca.pem");
        if (auto w = WriteWhole(caPath, enrolled->caPem, false); !w) {
            return Fail(w.error());
        }
        if (!caKey.empty()) {
            keys.emplace_back("ca_file", caKey);
        }
    }
    std::ifstream in(options.config, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (auto w =
            WriteWhole(options.config, sync::SetTomlStrings(text.str(), "central", keys), false);
        !w) {
        return Fail(w.error());
    }
    // A kiosk wiped after a revocation is in service again; its next sync fetches the list.
    std::error_code ec;
    if (fs::exists(config->databasePath, ec)) {
        auto store = core::AttendanceStore::Open(config->databasePath, config->event, config->id);
        if (store) {
            (void)core::ClearRevoked(*store);
        }
    }
    std::cout << "Enrolled " << enrolled->kioskId << " with " << offer.url << "; token in "
              << tokenPath << ", [central] set in " << options.config << ".\n";
    return kExitOk;
}

} // namespace

void RegisterEnrol(CLI::App& app, int& exitCode) {
    auto opt = std::make_shared<EnrolOptions>();
    CLI::App* sub =
        app.add_subcommand("enrol", "Enrol this kiosk with the central using a one-time code from "
                                    "`accueil central kiosk add --enrol`.");
    AddConfigOption(*sub, opt->config, "KIOSK.toml", "the kiosk's configuration (required)");
    sub->add_option("ENROLMENT", opt->enrolment, "the enrolment string (accueil-enrol:1:…)");
    sub->add_option("--url", opt->url, "the central's URL (with --code, instead of the string)");
    sub->add_option("--code", opt->code, "the one-time code as shown (dashes optional)");
    sub->add_option("--pin", opt->pin, "sha256//… key pin of an https central (with --url)");
    sub->add_option("--timeout-ms", opt->timeoutMs, "for the request")
        ->check(CLI::Range(100, 600000));
    sub->footer(
        "Writes the token file (0600), the central's certificate when it sends one, and "
        "[central] url,\ntoken_file and ca_file in KIOSK.toml (its comments kept). Exit "
        "status: 0 enrolled; 3 config;\n4 bad enrolment string; 6 code unknown, used or "
        "expired; 10 central unreachable;\n11 central failing, or too many refused codes from "
        "this address (try again later).\nNothing is written unless the central "
        "accepted the code.");
    sub->callback([sub, opt, &exitCode] {
        RequireConfig(*sub, opt->config);
        exitCode = RunEnrol(*opt);
    });
}

} // namespace accueil::cli
