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

} // namespace

void RegisterScan(CLI::App& app, int& exitCode) {
    struct Options {
        std::vector<std::string> images;
        bool text = false;
        std::string config;
        bool checkin = false;
        bool json = false;
        std::string at;
    };
    auto opt = std::make_shared<Options>();
    CLI::App* sub = app.add_subcommand(
        "scan", "Read the QR codes in images: their text, their badge check, or a check-in.");
    sub->add_option("images", opt->images, "PNG or JPEG files")->required();
    sub->add_flag("--text", opt->text, "only print the decoded text (no config needed)");
    sub->add_option("--config", opt->config, "kiosk.toml: verify each badge for this event");
    sub->add_flag("--checkin", opt->checkin, "also record each badge, as the kiosk would");
    sub->add_flag("--json", opt->json, "one JSON object a line");
    sub->add_option("--at", opt->at, "with --checkin: scan time, ISO-8601 (default now)");
    sub->footer("Exit status 0 when every image held a code, 4 when one did not.");
    sub->callback([opt, &exitCode] {
        if (!opt->text && opt->config.empty()) {
            exitCode = Fail(MakeError(ErrorKind::Input, "give --text, or --config KIOSK.toml"));
            return;
        }
        std::optional<Opened> opened;
        std::optional<scanner::BadgeReader> reader;
        UtcMillis at = NowUtcMillis();
        if (!opt->text) {
            opened = OpenKiosk(opt->config, exitCode);
            if (!opened) {
                return;
            }
            const EventConfig& event = opened->config.event;
            auto created = scanner::BadgeReader::create(BadgeReaderOptionsFor(event));
            if (!created) {
                exitCode = Fail(MakeError(ErrorKind::Config, created.error().message));
                return;
            }
            reader = std::move(*created);
            if (!opt->at.empty()) {
                auto parsed = event.calendar->parseTime(opt->at);
                if (!parsed) {
                    exitCode = Fail(parsed.error());
                    return;
                }
                at = *parsed;
            }
        }
        bool allRead = true;
        for (const std::string& file : opt->images) {
            std::string error;
            const auto codes = DecodeFile(file, error);
            if (!codes || codes->empty()) {
                allRead = false;
                const std::string why = codes ? "no code found" : error;
                if (opt->json) {
                    std::cout << Dump({{"file", file},
                                       {"text", nullptr},
                                       {"valid", false},
                                       {"reason", why},
                                       {"registrant_id", nullptr}})
                              << '\n';
                } else {
                    std::cerr << "accueil: " << file << ": " << why << '\n';
                }
                continue;
            }
            for (const auto& code : *codes) {
                if (opt->text) {
                    std::cout << (opt->images.size() > 1 ? file + ": " : "") << code.text << '\n';
                    continue;
                }
                ScanRequest request;
                request.payload = code.text;
                request.claim = reader->read(code.text);
                request.at = at;
                request.method = Method::Camera;
                bool valid = request.claim.valid();
                std::string reason = request.claim.reason;
                std::optional<Registrant> known;
                if (auto r = opened->store.registrant(request.claim.registrantId); r && *r) {
                    known = **r;
                }
                if (valid && known && request.claim.badgeVersion &&
                    *request.claim.badgeVersion < known->badgeVersion) {
                    valid = false;
                    reason = "superseded: version " + std::to_string(*request.claim.badgeVersion) +
                             ", the registrant's current badge is version " +
                             std::to_string(known->badgeVersion);
                }
                nlohmann::json j{
                    {"file", file},
                    {"text", code.text},
                    {"format", scanner::ToString(request.claim.format)},
                    {"verification", scanner::ToString(request.claim.verification)},
                    {"valid", valid},
                    {"reason", valid ? "" : reason},
                    {"registrant_id", request.claim.registrantId.empty()
                                          ? nlohmann::json(nullptr)
                                          : nlohmann::json(request.claim.registrantId)},
                    {"listed", known.has_value()}};
                if (opt->checkin) {
                    auto result = opened->store.recordScan(request);
                    if (!result) {
                        exitCode = Fail(result.error());
                        return;
                    }
                    j["outcome"] = ToString(result->decision.outcome);
                    j["day"] = result->day;
                    j["repeat"] = result->repeat;
                    j["outcome_reason"] = result->decision.reason;
                }
                if (opt->json) {
                    std::cout << Dump(j) << '\n';
                } else {
                    std::cout << file << ": " << (valid ? "valid" : "NOT VALID") << "  "
                              << scanner::ToString(request.claim.format) << "  "
                              << (request.claim.registrantId.empty() ? "-"
                                                                     : request.claim.registrantId);
                    if (!valid) {
                        std::cout << "  (" << reason << ")";
                    }
                    if (opt->checkin) {
                        std::cout << "  -> " << j["outcome"].get<std::string>();
                    }
                    std::cout << '\n';
                }
            }
        }
        if (!allRead && exitCode == kExitOk) {
            exitCode = kExitInput;
        }
    });
}

} // namespace accueil::cli
