// SPDX-License-Identifier: Apache-2.0
// accueil staff add | list | remove | check

#include "KioskCommands.h"

#include <accueil/cli/CliSupport.h>

#include <unistd.h>

#include <iostream>

namespace accueil::cli {

using namespace accueil::core;

namespace {

struct StaffOptions {
    std::string config;
    std::string id;
    std::string name;
    std::string role = "staff";
};

// On a terminal the PIN is asked twice, as a typing mistake there would lock the member out;
// from a pipe (scripts) once.
int RunStaffAdd(const StaffOptions& options) {
    auto opened = OpenKiosk(options.config, MissingDatabase::Create);
    if (!opened) {
        return Fail(opened.error());
    }
    const auto pin = ReadPin("PIN for the new staff member: ");
    if (!pin) {
        return Fail(MakeError(ErrorKind::Input, "no PIN on standard input"));
    }
    if (isatty(STDIN_FILENO) != 0) {
        const auto again = ReadPin("Same PIN again: ");
        if (!again || *again != *pin) {
            return Fail(MakeError(ErrorKind::Input, "the two PINs differ; nothing added"));
        }
    }
    if (auto ok = opened->store.addStaff(options.id, options.name, options.role, *pin); !ok) {
        return Fail(ok.error());
    }
    std::cout << "Added " << options.role << " " << options.id << " (" << options.name << ").\n";
    return kExitOk;
}

int RunStaffList(const StaffOptions& options) {
    auto opened = OpenKiosk(options.config);
    if (!opened) {
        return Fail(opened.error());
    }
    auto members = opened->store.listStaff();
    if (!members) {
        return Fail(members.error());
    }
    const UtcMillis now = NowUtcMillis();
    for (const auto& m : *members) {
        std::cout << m.id << "  " << m.name << "  " << m.role;
        if (m.lockedUntil && *m.lockedUntil > now) {
            std::cout << "  [locked until " << FormatUtc(*m.lockedUntil) << "]";
        } else if (m.failedAttempts > 0) {
            std::cout << "  [" << m.failedAttempts << " wrong PIN(s)]";
        }
        std::cout << '\n';
    }
    if (members->empty()) {
        std::cout << "No staff yet: add one with `accueil staff add`.\n";
    }
    return kExitOk;
}

int RunStaffRemove(const StaffOptions& options) {
    auto opened = OpenKiosk(options.config);
    if (!opened) {
        return Fail(opened.error());
    }
    if (auto ok = opened->store.removeStaff(options.id); !ok) {
        return Fail(ok.error());
    }
    std::cout << "Removed " << options.id << ".\n";
    return kExitOk;
}

// A wrong PIN here counts toward the lockout exactly as one typed at the kiosk.
int RunStaffCheck(const StaffOptions& options) {
    auto opened = OpenKiosk(options.config);
    if (!opened) {
        return Fail(opened.error());
    }
    auto member = StaffFromPin(*opened, options.id);
    if (!member) {
        return Fail(member.error());
    }
    std::cout << "PIN accepted for " << member->id << " (" << member->name << ").\n";
    return kExitOk;
}

} // namespace

std::optional<std::string> ReadPin(const char* prompt) {
    auto pin = ReadSecret(prompt);
    while (pin && !pin->empty() && pin->back() == ' ') {
        pin->pop_back();
    }
    return pin;
}

core::Result<StaffMember> StaffFromPin(OpenedKiosk& kiosk, const std::string& staffId) {
    const std::string prompt = "PIN of " + staffId + ": ";
    const auto pin = ReadPin(prompt.c_str());
    return kiosk.store.verifyPin(staffId, pin.value_or(""), kiosk.config.staff, NowUtcMillis(),
                                 "desk_pin");
}

void RegisterStaff(CLI::App& app, int& exitCode) {
    CLI::App* staff = app.add_subcommand("staff", "Manage the staff who may open the kiosk panel.");
    staff->require_subcommand(1);
    auto opt = std::make_shared<StaffOptions>();

    CLI::App* add = staff->add_subcommand(
        "add", "Add a staff member; the PIN (4-12 digits) is read from standard input.");
    add->add_option("--id", opt->id, "staff ID, e.g. a badge number")->required();
    add->add_option("--name", opt->name, "full name")->required();
    add->add_option("--role", opt->role, "staff | supervisor | admin")
        ->check(CLI::IsMember({"staff", "supervisor", "admin"}));
    add->callback([add, opt, &exitCode] {
        RequireConfig(*add, opt->config);
        exitCode = RunStaffAdd(*opt);
    });

    CLI::App* list = staff->add_subcommand("list", "List staff members (never their PINs).");
    list->callback([list, opt, &exitCode] {
        RequireConfig(*list, opt->config);
        exitCode = RunStaffList(*opt);
    });

    CLI::App* remove = staff->add_subcommand("remove", "Remove a staff member.");
    remove->add_option("--id", opt->id, "staff ID")->required();
    remove->callback([remove, opt, &exitCode] {
        RequireConfig(*remove, opt->config);
        exitCode = RunStaffRemove(*opt);
    });

    CLI::App* check = staff->add_subcommand(
        "check", "Check a staff PIN read from standard input (counts toward the lockout).");
    check->add_option("--id", opt->id, "staff ID")->required();
    check->callback([check, opt, &exitCode] {
        RequireConfig(*check, opt->config);
        exitCode = RunStaffCheck(*opt);
    });

    // After the subcommands, so that `staff --config K add` and `staff add --config K` both work.
    AddConfigOption(*staff, opt->config, "KIOSK.toml", "the kiosk's configuration (required)");
}

} // namespace accueil::cli
