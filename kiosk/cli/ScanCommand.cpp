// SPDX-License-Identifier: Apache-2.0
// accueil scan: read badge images, verify them, and optionally check them in.

#include "KioskCommands.h"

#include <accueil/cli/CliSupport.h>
#include <accueil/scanner/Decoder.h>
#include <accueil/scanner/FrameView.h>

#include <nlohmann/json.hpp>

#include <iostream>

namespace accueil::cli {

using namespace accueil::core;

namespace {

struct ScanOptions {
    std::vector<std::string> images;
    bool text = false;
    std::string config;
    bool checkin = false;
    bool json = false;
    std::string at;
};

// What checking badges needs (everything but --text): the kiosk, its reader, the scan time.
struct ScanContext {
    OpenedKiosk kiosk;
    scanner::BadgeReader reader;
    UtcMillis at = 0;
};

std::string Dump(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The codes in one image, or an error message.
std::optional<std::vector<scanner::DecodedCode>> DecodeFile(const std::string& path,
                                                            std::string& error) {
    auto image = scanner::LoadImageFile(path);
    if (!image) {
        error = image.error().message;
        return std::nullopt;
    }
    return scanner::Decode(image->view());
}

core::Result<ScanContext> PrepareScan(const ScanOptions& options) {
    auto opened = OpenKiosk(options.config);
    if (!opened) {
        return std::move(opened).error();
    }
    const EventConfig& event = opened->config.event;
    auto reader = scanner::BadgeReader::create(BadgeReaderOptionsFor(event));
    if (!reader) {
        return MakeError(ErrorKind::Config, reader.error().message);
    }
    UtcMillis at = NowUtcMillis();
    if (!options.at.empty()) {
        auto parsed = event.calendar->parseTime(options.at);
        if (!parsed) {
            return parsed.error();
        }
        at = *parsed;
    }
    return ScanContext{std::move(opened).value(), std::move(reader).value(), at};
}

// One code's claim as a JSON object; with `checkin`, also recorded through the check-in rules.
// A signed badge older than the registrant's current version is not valid: the kiosk would
// refuse it as replaced.
core::Result<nlohmann::json> CheckCode(ScanContext& context, const std::string& file,
                                       const std::string& text, bool checkin) {
    ScanRequest request;
    request.payload = text;
    request.claim = context.reader.read(text);
    request.at = context.at;
    request.method = Method::Camera;
    bool valid = request.claim.valid();
    std::string reason = request.claim.reason;
    auto found = context.kiosk.store.registrantFor(request.claim); // as the check-in finds them
    if (!found) {
        return found.error();
    }
    const std::optional<Registrant>& known = *found;
    if (valid && known && request.claim.badgeVersion &&
        *request.claim.badgeVersion < known->badgeVersion) {
        valid = false;
        reason = "superseded: version " + std::to_string(*request.claim.badgeVersion) +
                 ", the registrant's current badge is version " +
                 std::to_string(known->badgeVersion);
    }
    nlohmann::json j{{"file", file},
                     {"text", text},
                     {"format", scanner::ToString(request.claim.format)},
                     {"verification", scanner::ToString(request.claim.verification)},
                     {"valid", valid},
                     {"reason", valid ? "" : reason},
                     {"registrant_id", RegistrantIdJson(request.claim, known)},
                     {"listed", known.has_value()}};
    if (checkin) {
        auto result = context.kiosk.store.recordScan(request);
        if (!result) {
            return result.error();
        }
        j["outcome"] = ToString(result->decision.outcome);
        j["day"] = result->day;
        j["repeat"] = result->repeat;
        j["outcome_reason"] = result->decision.reason;
    }
    return j;
}

void PrintUnread(const std::string& file, const std::string& why, bool json) {
    if (json) {
        std::cout << Dump({{"file", file},
                           {"text", nullptr},
                           {"valid", false},
                           {"reason", why},
                           {"registrant_id", nullptr}})
                  << '\n';
    } else {
        std::cerr << "accueil: " << file << ": " << why << '\n';
    }
}

void PrintClaim(const nlohmann::json& j, const ScanOptions& options) {
    if (options.json) {
        std::cout << Dump(j) << '\n';
        return;
    }
    const bool valid = j["valid"].get<bool>();
    std::cout << j["file"].get<std::string>() << ": " << (valid ? "valid" : "NOT VALID") << "  "
              << j["format"].get<std::string>() << "  "
              << (j["registrant_id"].is_null() ? "-" : j["registrant_id"].get<std::string>());
    if (!valid) {
        std::cout << "  (" << j["reason"].get<std::string>() << ")";
    }
    if (options.checkin) {
        std::cout << "  -> " << j["outcome"].get<std::string>();
    }
    std::cout << '\n';
}

// Every image is read even when one fails; the exit status says whether one held no code.
int RunScan(const ScanOptions& options) {
    if (!options.text && options.config.empty()) {
        return Fail(MakeError(ErrorKind::Input, "give --text, or --config KIOSK.toml"));
    }
    std::optional<ScanContext> context;
    if (!options.text) {
        auto prepared = PrepareScan(options);
        if (!prepared) {
            return Fail(prepared.error());
        }
        context.emplace(std::move(prepared).value());
    }
    bool allRead = true;
    for (const std::string& file : options.images) {
        std::string error;
        const auto codes = DecodeFile(file, error);
        if (!codes || codes->empty()) {
            allRead = false;
            PrintUnread(file, codes ? "no code found" : error, options.json);
            continue;
        }
        for (const auto& code : *codes) {
            if (options.text) {
                std::cout << (options.images.size() > 1 ? file + ": " : "") << code.text << '\n';
                continue;
            }
            auto claim = CheckCode(*context, file, code.text, options.checkin);
            if (!claim) {
                return Fail(claim.error());
            }
            PrintClaim(*claim, options);
        }
    }
    return allRead ? kExitOk : kExitInput;
}

} // namespace

nlohmann::json RegistrantIdJson(const scanner::BadgeClaim& claim,
                                const std::optional<core::Registrant>& resolved) {
    if (resolved) {
        return resolved->id;
    }
    if (scanner::IsTicketClaim(claim) || claim.registrantId.empty()) {
        return nullptr;
    }
    return claim.registrantId;
}

void RegisterScan(CLI::App& app, int& exitCode) {
    auto opt = std::make_shared<ScanOptions>();
    CLI::App* sub = app.add_subcommand(
        "scan", "Read the QR codes in images: their text, their badge check, or a check-in.");
    sub->add_option("images", opt->images, "PNG or JPEG files")->required();
    sub->add_flag("--text", opt->text, "only print the decoded text (no config needed)");
    AddConfigOption(*sub, opt->config, "KIOSK.toml", "verify each badge for this kiosk's event");
    sub->add_flag("--checkin", opt->checkin, "also record each badge, as the kiosk would");
    sub->add_flag("--json", opt->json, "one JSON object a line");
    sub->add_option("--at", opt->at, "with --checkin: scan time, ISO-8601 (default now)");
    sub->footer("Exit status 0 when every image held a code, 4 when one did not.");
    sub->callback([opt, &exitCode] { exitCode = RunScan(*opt); });
}

} // namespace accueil::cli
