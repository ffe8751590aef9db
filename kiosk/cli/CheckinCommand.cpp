// SPDX-License-Identifier: Apache-2.0
// accueil checkin

#include "KioskCommands.h"

#include <accueil/cli/CliSupport.h>
#include <accueil/scanner/BadgeClaim.h>

#include <nlohmann/json.hpp>

#include <iostream>

namespace accueil::cli {

using namespace accueil::core;

namespace {

std::string Headline(Outcome outcome) {
    std::string name(ToString(outcome));
    for (char& c : name) {
        c = c == '_' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return name;
}

} // namespace

void RegisterCheckin(CLI::App& app, int& exitCode) {
    struct Options {
        std::string config;
        std::string payload;
        std::string at;
        std::string method = "camera";
        bool json = false;
    };
    auto opt = std::make_shared<Options>();
    CLI::App* sub = app.add_subcommand(
        "checkin", "Decide and record one scan, as if the kiosk had read PAYLOAD.");
    sub->add_option("--config", opt->config, "kiosk.toml")->required();
    sub->add_option("--payload", opt->payload, "what the badge's code says")->required();
    sub->add_option("--at", opt->at,
                    "scan time, ISO-8601 (default now; no offset = event local time)");
    sub->add_option("--method", opt->method, "camera | wedge | manual")
        ->check(CLI::IsMember({"camera", "wedge", "manual"}));
    sub->add_flag("--json", opt->json, "print one JSON object");
    sub->footer("Exit status 0 for every decided outcome (admitted or refused); non-zero only "
                "for errors.");
    sub->callback([opt, &exitCode] {
        auto opened = OpenKiosk(opt->config, exitCode);
        if (!opened) {
            return;
        }
        const EventConfig& event = opened->config.event;
        ScanRequest request;
        request.payload = opt->payload;
        auto reader = scanner::BadgeReader::create(BadgeReaderOptionsFor(event));
        if (!reader) {
            exitCode =
                Fail(MakeError(ErrorKind::Config, event.path + ": " + reader.error().message));
            return;
        }
        request.claim = reader->read(opt->payload);
        request.method = ParseMethod(opt->method).value_or(Method::Camera);
        request.at = NowUtcMillis();
        if (!opt->at.empty()) {
            auto at = event.calendar->parseTime(opt->at);
            if (!at) {
                exitCode = Fail(at.error());
                return;
            }
            request.at = *at;
        }
        auto result = opened->store.recordScan(request);
        if (!result) {
            exitCode = Fail(result.error());
            return;
        }
        const ScanResult& r = *result;
        if (opt->json) {
            nlohmann::json out{
                {"outcome", ToString(r.decision.outcome)},
                {"registrant_id",
                 r.registrant ? nlohmann::json(r.registrant->id)
                              : nlohmann::json(request.claim.registrantId.empty()
                                                   ? nullptr
                                                   : nlohmann::json(request.claim.registrantId))},
                {"day", r.day},
                {"first_check_in", r.firstEntryToday ? nlohmann::json(FormatUtc(*r.firstEntryToday))
                                                     : nlohmann::json(nullptr)},
                {"recorded", !r.eventUuid.empty()},
                {"repeat", r.repeat},
                {"warn", r.decision.warn},
                {"reason", r.decision.reason},
                {"at", FormatUtc(request.at)},
            };
            if (r.registrant) {
                out["name"] = r.registrant->displayName();
                out["delegation"] = r.registrant->delegation;
                out["category"] = r.registrant->category;
            }
            if (!r.eventUuid.empty()) {
                out["event_uuid"] = r.eventUuid;
            }
            std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
            return;
        }
        std::cout << Headline(r.decision.outcome);
        if (r.registrant) {
            std::cout << "  " << r.registrant->displayName();
            if (!r.registrant->delegation.empty()) {
                std::cout << " (" << r.registrant->delegation << ")";
            }
        }
        std::cout << "  " << r.day;
        if (r.firstEntryToday) {
            std::cout << ", first entry " << event.calendar->localTimeOfDay(*r.firstEntryToday);
        }
        std::cout << "\n  " << r.decision.reason
                  << (r.repeat ? " (same scan, not recorded again)" : "") << '\n';
    });
}

} // namespace accueil::cli
