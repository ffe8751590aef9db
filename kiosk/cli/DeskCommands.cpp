// SPDX-License-Identifier: Apache-2.0
// accueil undo | hold set | hold clear | walkin: the kiosk panel's staff actions from the
// command line, each attributed to a staff member whose PIN comes on standard input.

#include "KioskCommands.h"

#include <accueil/cli/CliSupport.h>
#include <accueil/core/Text.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>

namespace accueil::cli {

using namespace accueil::core;

namespace {

struct DeskOptions {
    std::string config;
    std::string staff;
    std::string reason;
    std::string at;
    bool json = false;
    // undo
    std::string event;
    // hold
    std::string registrant;
    std::string note;
    // walkin
    std::string givenName;
    std::string familyName;
    std::string delegation;
    std::string category;
    std::string role;
    std::string gender;
};

void PrintJson(const nlohmann::json& out) {
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

// "Zoë Łukasiewicz (Poland)", or the bare ID for someone no longer listed.
std::string Who(AttendanceStore& store, const std::string& id) {
    auto person = store.registrant(id);
    if (!person || !*person) {
        return id;
    }
    const Registrant& r = **person;
    return r.displayName() + (r.delegation.empty() ? "" : " (" + r.delegation + ")") + " [" + id +
           "]";
}

// The order matters: the options are checked and the kiosk opened before the PIN is read, so
// a mistyped command costs no attempt toward the lockout.
int RunUndo(const DeskOptions& options) {
    auto opened = OpenKiosk(options.config);
    if (!opened) {
        return Fail(opened.error());
    }
    auto at = TimeOrNow(opened->config.event, options.at);
    if (!at) {
        return Fail(at.error());
    }
    auto staff = StaffFromPin(*opened, options.staff);
    if (!staff) {
        return Fail(staff.error());
    }
    auto undo = opened->store.undo(options.event, staff->id, options.reason, *at);
    if (!undo) {
        return Fail(undo.error());
    }
    if (options.json) {
        PrintJson({{"undone", options.event},
                   {"event_uuid", undo->uuid},
                   {"registrant_id", undo->registrantId},
                   {"day", undo->day},
                   {"staff_id", undo->staffId},
                   {"reason", undo->reason},
                   {"at", FormatUtc(undo->at)}});
    } else {
        std::cout << "UNDONE  " << Who(opened->store, undo->registrantId) << "  " << undo->day
                  << "\n  entry " << options.event << " cancelled by " << undo->staffId << ": "
                  << undo->reason << "\n  event " << undo->uuid << '\n';
    }
    return kExitOk;
}

int RunHold(const DeskOptions& options, bool placing) {
    auto opened = OpenKiosk(options.config);
    if (!opened) {
        return Fail(opened.error());
    }
    if (placing && TrimAscii(options.note).empty()) {
        return Fail(MakeError(ErrorKind::Input, "give the hold a note: what the desk must do"));
    }
    auto person = ListedRegistrant(opened->store, options.registrant);
    if (!person) {
        return Fail(person.error());
    }
    auto staff = StaffFromPin(*opened, options.staff);
    if (!staff) {
        return Fail(staff.error());
    }
    const std::string note = placing ? options.note : std::string();
    if (auto done = opened->store.setHold(options.registrant, note, staff->id, NowUtcMillis());
        !done) {
        return Fail(done.error());
    }
    const std::string who = Who(opened->store, options.registrant);
    if (options.json) {
        PrintJson({{"registrant_id", options.registrant},
                   {"hold_note", std::string(TrimAscii(note))},
                   {"previous_note", person->holdNote},
                   {"staff_id", staff->id}});
    } else if (placing) {
        std::cout << "HOLD PLACED  " << who << "\n  " << TrimAscii(note)
                  << "\n  every door sends them to the desk after its next sync\n";
    } else if (person->holdNote.empty()) {
        std::cout << "NO HOLD  " << who << " had none; the clearing is logged\n";
    } else {
        std::cout << "HOLD LIFTED  " << who << "\n  was: " << person->holdNote << '\n';
    }
    return kExitOk;
}

// The event's spelling of `typed` among its walk-in categories, matched trimmed and in any
// case; any text when the event lists none.
core::Result<std::string> WalkInCategory(const EventConfig& event, const std::string& typed) {
    const std::string trimmed(TrimAscii(typed));
    if (event.categories.empty()) {
        return trimmed;
    }
    const auto match = std::find_if(
        event.categories.begin(), event.categories.end(),
        [&](const std::string& category) { return FoldCase(category) == FoldCase(trimmed); });
    if (match != event.categories.end()) {
        return *match;
    }
    std::string list;
    for (const std::string& category : event.categories) {
        list += (list.empty() ? "\"" : ", \"") + category + "\"";
    }
    return MakeError(ErrorKind::Input, "category \"" + trimmed +
                                           "\" is not one of the event's ([event] categories in " +
                                           event.path + "): " + list);
}

int RunWalkIn(const DeskOptions& options) {
    auto opened = OpenKiosk(options.config);
    if (!opened) {
        return Fail(opened.error());
    }
    const EventConfig& event = opened->config.event;
    auto at = EntryTimeOrNow(event, options.at);
    if (!at) {
        return Fail(at.error());
    }
    auto category = WalkInCategory(event, options.category);
    if (!category) {
        return Fail(category.error());
    }
    Registrant person;
    person.givenName = options.givenName;
    person.familyName = options.familyName;
    person.delegation = options.delegation;
    person.category = *category;
    person.role = options.role;
    person.gender = NormalizeGender(options.gender);
    if (person.gender.empty()) {
        return Fail(MakeError(ErrorKind::Input, "gender \"" + options.gender +
                                                    "\" is not female, male, other or "
                                                    "undisclosed"));
    }
    auto staff = StaffFromPin(*opened, options.staff);
    if (!staff) {
        return Fail(staff.error());
    }
    auto result = opened->store.admitWalkIn(person, staff->id, options.reason, *at);
    if (!result) {
        return Fail(result.error());
    }
    const std::string id = result->registrant ? result->registrant->id : std::string();
    if (options.json) {
        nlohmann::json out = ScanResultJson(*result, id, *at);
        out["staff_id"] = staff->id;
        out["provisional"] = true;
        PrintJson(out);
    } else {
        PrintScanText(*result, *event.calendar);
        std::cout << "  walk-in " << id
                  << ", provisional until the secretariat lists them (accueil central report)\n";
    }
    return kExitOk;
}

// --staff and --reason for a command; --reason only where the panel asks for one.
void AddStaffOptions(CLI::App& sub, DeskOptions& opt, bool reason) {
    sub.add_option("--staff", opt.staff,
                   "the staff member's ID; their PIN is read from standard "
                   "input")
        ->required();
    if (reason) {
        sub.add_option("--reason", opt.reason, "why (goes into the audit log)")->required();
    }
    sub.add_flag("--json", opt.json, "print one JSON object");
}

} // namespace

void RegisterDesk(CLI::App& app, int& exitCode) {
    auto opt = std::make_shared<DeskOptions>();

    CLI::App* undo = app.add_subcommand(
        "undo", "Cancel an entry recorded by mistake (the event UUID `checkin --json` printed).");
    AddConfigOption(*undo, opt->config, "KIOSK.toml", "the kiosk's configuration (required)");
    undo->add_option("--event", opt->event, "the entry's event_uuid")->required();
    undo->add_option("--at", opt->at, "when, ISO-8601 (default now)");
    AddStaffOptions(*undo, *opt, true);
    undo->callback([undo, opt, &exitCode] {
        RequireConfig(*undo, opt->config);
        exitCode = RunUndo(*opt);
    });

    CLI::App* hold = app.add_subcommand(
        "hold", "Send a registrant to the desk at every door (set), or stop doing so (clear).");
    hold->require_subcommand(1);
    CLI::App* set = hold->add_subcommand("set", "Place a hold with a note for the desk.");
    set->add_option("--registrant", opt->registrant, "the registrant's ID")->required();
    set->add_option("--note", opt->note, "what the desk must do, e.g. \"collect the fee first\"")
        ->required();
    AddStaffOptions(*set, *opt, false);
    set->callback([set, opt, &exitCode] {
        RequireConfig(*set, opt->config);
        exitCode = RunHold(*opt, true);
    });
    CLI::App* clear = hold->add_subcommand("clear", "Lift a registrant's hold.");
    clear->add_option("--registrant", opt->registrant, "the registrant's ID")->required();
    AddStaffOptions(*clear, *opt, false);
    clear->callback([clear, opt, &exitCode] {
        RequireConfig(*clear, opt->config);
        exitCode = RunHold(*opt, false);
    });
    AddConfigOption(*hold, opt->config, "KIOSK.toml", "the kiosk's configuration (required)");

    CLI::App* walkin = app.add_subcommand(
        "walkin", "Admit someone not on the list; they are provisional until the secretariat "
                  "lists them.");
    AddConfigOption(*walkin, opt->config, "KIOSK.toml", "the kiosk's configuration (required)");
    walkin->add_option("--given-name", opt->givenName, "given name");
    walkin->add_option("--family-name", opt->familyName, "family name");
    walkin->add_option("--delegation", opt->delegation, "State or organisation");
    walkin
        ->add_option("--category", opt->category,
                     "participant category, one of the event's [event] categories when it "
                     "lists them")
        ->required();
    walkin->add_option("--gender", opt->gender, "female | male | other | undisclosed")->required();
    walkin->add_option("--role", opt->role, "e.g. Delegate");
    walkin->add_option("--at", opt->at, "when, ISO-8601 (default now)");
    AddStaffOptions(*walkin, *opt, true);
    walkin->callback([walkin, opt, &exitCode] {
        RequireConfig(*walkin, opt->config);
        exitCode = RunWalkIn(*opt);
    });
}

} // namespace accueil::cli
