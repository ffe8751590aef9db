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
    std::string registrant;
    std::string at;
    std::string method = "camera";
    std::string staff;
    std::string reason;
    std::string direction; ///< in | out; empty: the door's (out at an exit door, else in)
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
    request.direction = options.direction == "out" ? Direction::Out : Direction::In;
    auto at =
        options.staff.empty() ? TimeOrNow(event, options.at) : EntryTimeOrNow(event, options.at);
    if (!at) {
        return at.error();
    }
    request.at = *at;
    return request;
}

void Print(const CheckinOptions& options, const ScanResult& result, const nlohmann::json& id,
           UtcMillis at, const AttendanceStore& store) {
    if (options.json) {
        nlohmann::json out = ScanResultJson(result, id, at);
        out["direction"] = options.direction.empty() ? "in" : options.direction;
        out["zone"] = store.zone();
        std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    } else {
        PrintScanText(result, *store.event().calendar);
    }
}

// A staff member admits a listed registrant by hand (the panel's "Check in"): the person is
// --registrant, or the one the payload's badge stands for; the staff member's PIN comes on
// standard input. The rules are not asked: this is staff overriding them, with a reason.
int RunManualCheckin(const CheckinOptions& options, OpenedKiosk& opened,
                     const ScanRequest& request) {
    std::string id = options.registrant;
    if (id.empty()) {
        auto person = opened.store.registrantFor(request.claim);
        if (!person) {
            return Fail(person.error());
        }
        if (!*person) {
            return Fail(
                MakeError(ErrorKind::NotFound,
                          "nobody on the list for this badge" +
                              (request.claim.reason.empty() ? std::string()
                                                            : " (" + request.claim.reason + ")") +
                              ": admit them as a walk-in (accueil walkin)"));
        }
        id = (*person)->id;
    }
    auto staff = StaffFromPin(opened, options.staff);
    if (!staff) {
        return Fail(staff.error());
    }
    auto result = opened.store.manualCheckIn(id, staff->id, options.reason, request.at);
    if (!result) {
        return Fail(result.error());
    }
    Print(options, *result, id, request.at, opened.store);
    return kExitOk;
}

// Every decided outcome, admitted or refused, exits 0: only errors are non-zero.
int RunCheckin(const CheckinOptions& options) {
    auto opened = OpenKiosk(options.config);
    if (!opened) {
        return Fail(opened.error());
    }
    const EventConfig& event = opened->config.event;
    CheckinOptions resolved = options;
    if (resolved.direction.empty()) {
        resolved.direction = opened->config.direction == DoorDirection::Out ? "out" : "in";
    }
    auto request = MakeRequest(resolved, event);
    if (!request) {
        return Fail(request.error());
    }
    if (!options.staff.empty()) {
        return RunManualCheckin(options, *opened, *request);
    }
    // The output comes after the store's commit, so what is printed is what was recorded.
    auto result = opened->store.recordScan(*request);
    if (!result) {
        return Fail(result.error());
    }
    Print(resolved, *result, RegistrantIdJson(request->claim, result->registrant), request->at,
          opened->store);
    return kExitOk;
}

} // namespace

core::Result<Registrant> ListedRegistrant(AttendanceStore& store, const std::string& id) {
    auto found = store.registrant(id);
    if (!found) {
        return std::move(found).error();
    }
    if (!*found) {
        return MakeError(ErrorKind::NotFound, "no registrant with ID " + id);
    }
    return std::move(**found);
}

core::Result<UtcMillis> TimeOrNow(const EventConfig& event, const std::string& at) {
    if (at.empty()) {
        return NowUtcMillis();
    }
    return event.calendar->parseTime(at);
}

core::Result<UtcMillis> EntryTimeOrNow(const EventConfig& event, const std::string& at) {
    auto t = TimeOrNow(event, at);
    if (!t) {
        return t;
    }
    const std::string day = event.calendar->dateAt(*t);
    if (!event.calendar->isMeetingDay(day)) {
        std::string days;
        for (const std::string& d : event.calendar->days()) {
            days += (days.empty() ? "" : ", ") + d;
        }
        return MakeError(ErrorKind::Input,
                         day + " is not a meeting day (" + event.path + ": " + days + ")");
    }
    return t;
}

nlohmann::json ScanResultJson(const ScanResult& r, nlohmann::json registrantId, UtcMillis at) {
    nlohmann::json out{
        {"outcome", ToString(r.decision.outcome)},
        {"registrant_id", std::move(registrantId)},
        {"day", r.day},
        {"first_check_in", r.firstEntryToday ? nlohmann::json(FormatUtc(*r.firstEntryToday))
                                             : nlohmann::json(nullptr)},
        {"recorded", !r.eventUuid.empty()},
        {"repeat", r.repeat},
        {"warn", r.decision.warn},
        {"reason", r.decision.reason},
        {"at", FormatUtc(at)},
    };
    if (r.registrant) {
        out["name"] = r.registrant->displayName();
        out["delegation"] = r.registrant->delegation;
        out["category"] = r.registrant->category;
    }
    if (!r.eventUuid.empty()) {
        out["event_uuid"] = r.eventUuid;
    }
    if (!r.decision.attention.empty()) {
        out["attention"] = r.decision.attention; // only when there is one: staff act on it
    }
    return out;
}

void PrintScanText(const ScanResult& r, const EventCalendar& calendar) {
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
    if (!r.eventUuid.empty()) {
        std::cout << "  event " << r.eventUuid << '\n';
    }
    if (!r.decision.attention.empty()) {
        std::cout << "  attention: " << r.decision.attention << '\n';
    }
}

void RegisterCheckin(CLI::App& app, int& exitCode) {
    auto opt = std::make_shared<CheckinOptions>();
    CLI::App* sub = app.add_subcommand(
        "checkin", "Decide and record one scan, as if the kiosk had read PAYLOAD.");
    AddConfigOption(*sub, opt->config, "KIOSK.toml", "the kiosk's configuration (required)");
    CLI::Option* payload = sub->add_option("--payload", opt->payload, "what the badge's code says");
    CLI::Option* registrant = sub->add_option(
        "--registrant", opt->registrant, "with --staff: the registrant's ID, instead of a badge");
    payload->excludes(registrant);
    sub->add_option("--at", opt->at,
                    "scan time, ISO-8601 (default now; no offset = event local time)");
    sub->add_option("--method", opt->method, "camera | wedge | manual (manual needs --staff)")
        ->check(CLI::IsMember({"camera", "wedge", "manual"}));
    CLI::Option* staff = sub->add_option(
        "--staff", opt->staff,
        "a staff member checks the person in by hand, overriding the rules; their PIN is read "
        "from standard input");
    CLI::Option* reason =
        sub->add_option("--reason", opt->reason, "with --staff: why (goes into the audit log)");
    staff->needs(reason);
    reason->needs(staff);
    registrant->needs(staff);
    CLI::Option* direction =
        sub->add_option("--direction", opt->direction,
                        "in (an entry) | out (an exit from the kiosk's zone); default: out at a "
                        "door with direction = \"out\", else in")
            ->check(CLI::IsMember({"in", "out"}));
    direction->excludes(staff);
    sub->add_flag("--json", opt->json, "print one JSON object");
    sub->footer("Exit status 0 for every decided outcome (admitted or refused); non-zero only "
                "for errors.");
    sub->callback([sub, opt, &exitCode] {
        RequireConfig(*sub, opt->config);
        if (opt->payload.empty() && opt->registrant.empty()) {
            throw CLI::RequiredError("--payload (or --registrant with --staff)");
        }
        if (opt->method == "manual" && opt->staff.empty()) {
            throw CLI::ValidationError("--method",
                                       "a manual check-in is a staff member's: give --staff ID and "
                                       "--reason TEXT (the PIN on standard input)");
        }
        exitCode = RunCheckin(*opt);
    });
}

} // namespace accueil::cli
