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

struct CheckinOptions {
    std::string config;
    std::string payload;
    std::string at;
    std::string method = "camera";
    bool json = false;
};

std::string Headline(Outcome outcome) {
    std::string name(ToString(outcome));
    for (char& c : name) {
        c = c == '_' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return name;
}

// The scan as the kiosk would see it: the payload read with the event's badge formats, at the
// given time (event local time when it has no offset) or now.
core::Result<ScanRequest> MakeRequest(const CheckinOptions& options, const EventConfig& event) {
    ScanRequest request;
    request.payload = options.payload;
    auto reader = scanner::BadgeReader::create(BadgeReaderOptionsFor(event));
    if (!reader) {
        return MakeError(ErrorKind::Config, event.path + ": " + reader.error().message);
    }
    request.claim = reader->read(options.payload);
    request.method = ParseMethod(options.method).value_or(Method::Camera);
    request.at = NowUtcMillis();
    if (!options.at.empty()) {
        auto at = event.calendar->parseTime(options.at);
        if (!at) {
            return at.error();
        }
        request.at = *at;
    }
    return request;
}

void PrintJson(const ScanRequest& request, const ScanResult& r) {
    nlohmann::json out{
        {"outcome", ToString(r.decision.outcome)},
        {"registrant_id", RegistrantIdJson(request.claim, r.registrant)},
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
}

void PrintText(const ScanResult& r, const EventCalendar& calendar) {
    std::cout << Headline(r.decision.outcome);
    if (r.registrant) {
        std::cout << "  " << r.registrant->displayName();
        if (!r.registrant->delegation.empty()) {
            std::cout << " (" << r.registrant->delegation << ")";
        }
    }
    std::cout << "  " << r.day;
    if (r.firstEntryToday) {
        std::cout << ", first entry " << calendar.localTimeOfDay(*r.firstEntryToday);
    }
    std::cout << "\n  " << r.decision.reason << (r.repeat ? " (same scan, not recorded again)" : "")
              << '\n';
}

// Every decided outcome, admitted or refused, exits 0: only errors are non-zero.
int RunCheckin(const CheckinOptions& options) {
    auto opened = OpenKiosk(options.config);
    if (!opened) {
        return Fail(opened.error());
    }
    const EventConfig& event = opened->config.event;
    auto request = MakeRequest(options, event);
    if (!request) {
        return Fail(request.error());
    }
    // The output comes after the store's commit, so what is printed is what was recorded.
    auto result = opened->store.recordScan(*request);
    if (!result) {
        return Fail(result.error());
    }
    if (options.json) {
        PrintJson(*request, *result);
    } else {
        PrintText(*result, *event.calendar);
    }
    return kExitOk;
}

} // namespace

void RegisterCheckin(CLI::App& app, int& exitCode) {
    auto opt = std::make_shared<CheckinOptions>();
    CLI::App* sub = app.add_subcommand(
        "checkin", "Decide and record one scan, as if the kiosk had read PAYLOAD.");
    AddConfigOption(*sub, opt->config, "KIOSK.toml", "the kiosk's configuration (required)");
    sub->add_option("--payload", opt->payload, "what the badge's code says")->required();
    sub->add_option("--at", opt->at,
                    "scan time, ISO-8601 (default now; no offset = event local time)");
    sub->add_option("--method", opt->method, "camera | wedge | manual")
        ->check(CLI::IsMember({"camera", "wedge", "manual"}));
    sub->add_flag("--json", opt->json, "print one JSON object");
    sub->footer("Exit status 0 for every decided outcome (admitted or refused); non-zero only "
                "for errors.");
    sub->callback([sub, opt, &exitCode] {
        RequireConfig(*sub, opt->config);
        exitCode = RunCheckin(*opt);
    });
}

} // namespace accueil::cli
