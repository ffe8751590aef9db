// SPDX-License-Identifier: Apache-2.0
// accueil central user add | list | remove | password: the dashboard's accounts.

#include "OpenCentral.h"

#include <accueil/cli/CliSupport.h>
#include <accueil/sync/Accounts.h>

#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <vector>

namespace accueil::cli {

using namespace accueil::core;

namespace {

struct UserOptions {
    const std::string* config = nullptr; ///< the `central` command's --config
    std::string id;
    std::string role;
};

// The new password from standard input, checked against the rules; on a terminal it is asked
// twice (a typing mistake there would lock the user out), from a pipe once (`read -s` in a
// script, or a password manager's output).
core::Result<std::string> ReadNewPassword(const std::string& id) {
    const std::string prompt = "New password for " + id + ": ";
    const auto password = ReadSecret(prompt.c_str());
    if (!password) {
        return MakeError(ErrorKind::Input, "no password on standard input");
    }
    if (auto ok = sync::CheckPassword(*password); !ok) {
        return MakeError(ErrorKind::Input, ok.error().message + "; nothing changed");
    }
    if (isatty(STDIN_FILENO) != 0) {
        const auto again = ReadSecret("Same password again: ");
        if (!again || *again != *password) {
            return MakeError(ErrorKind::Input, "the two passwords differ; nothing changed");
        }
    }
    return sync::HashPassword(*password);
}

int RunUserAdd(const UserOptions& options) {
    if (auto ok = sync::CheckUserId(options.id); !ok) {
        return Fail(ok.error());
    }
    if (auto ok = sync::CheckRole(options.role); !ok) {
        return Fail(ok.error());
    }
    auto c = OpenCentral(*options.config, false);
    if (!c) {
        return Fail(c.error());
    }
    auto hash = ReadNewPassword(options.id);
    if (!hash) {
        return Fail(hash.error());
    }
    if (auto ok = c->store->addUser(options.id, options.role, *hash, NowUtcMillis()); !ok) {
        return Fail(ok.error());
    }
    std::cout << "Added " << options.role << " " << options.id
              << ": they sign in to the dashboard at the central's address.\n";
    return kExitOk;
}

// The central and its accounts as they stand.
struct CentralWithUsers {
    OpenedCentral central;
    std::vector<sync::CentralUser> users;
};

core::Result<CentralWithUsers> OpenWithUsers(const UserOptions& options) {
    auto c = OpenCentral(*options.config, false);
    if (!c) {
        return std::move(c).error();
    }
    auto users = c->store->listUsers();
    if (!users) {
        return std::move(users).error();
    }
    return CentralWithUsers{std::move(c).value(), std::move(users).value()};
}

int RunUserList(const UserOptions& options) {
    auto opened = OpenWithUsers(options);
    if (!opened) {
        return Fail(opened.error());
    }
    const std::vector<sync::CentralUser>& users = opened->users;
    const UtcMillis now = NowUtcMillis();
    for (const sync::CentralUser& u : users) {
        std::cout << u.id << "  " << u.role << "  added " << FormatUtc(u.createdAt);
        if (u.lockedUntil && *u.lockedUntil > now) {
            std::cout << "  [locked until " << FormatUtc(*u.lockedUntil) << "]";
        } else if (u.failedAttempts > 0) {
            std::cout << "  [" << u.failedAttempts << " wrong password(s)]";
        }
        std::cout << '\n';
    }
    if (users.empty()) {
        std::cout << "No user yet: add one with `accueil central user add`.\n";
    }
    return kExitOk;
}

int RunUserRemove(const UserOptions& options) {
    auto c = OpenCentral(*options.config, false);
    if (!c) {
        return Fail(c.error());
    }
    if (auto ok = c->store->removeUser(options.id); !ok) {
        return Fail(ok.error());
    }
    std::cout << "Removed " << options.id << "; their sessions have ended.\n";
    return kExitOk;
}

int RunUserPassword(const UserOptions& options) {
    auto opened = OpenWithUsers(options);
    if (!opened) {
        return Fail(opened.error());
    }
    const std::vector<sync::CentralUser>& users = opened->users;
    if (std::none_of(users.begin(), users.end(),
                     [&](const sync::CentralUser& u) { return u.id == options.id; })) {
        return Fail(MakeError(ErrorKind::NotFound, "no user " + options.id));
    }
    auto hash = ReadNewPassword(options.id);
    if (!hash) {
        return Fail(hash.error());
    }
    if (auto ok = opened->central.store->setUserPassword(options.id, *hash); !ok) {
        return Fail(ok.error());
    }
    std::cout << "New password for " << options.id
              << "; the account is unlocked and its sessions have ended.\n";
    return kExitOk;
}

void OnRun(CLI::App* command, const std::shared_ptr<UserOptions>& opt,
           int (*run)(const UserOptions&), int& exitCode) {
    command->callback([command, opt, run, &exitCode] {
        RequireConfig(*command, *opt->config);
        exitCode = run(*opt);
    });
}

} // namespace

void RegisterCentralUsers(CLI::App& central, const std::string& config, int& exitCode) {
    auto opt = std::make_shared<UserOptions>();
    opt->config = &config;
    CLI::App* user = central.add_subcommand("user", "The dashboard's accounts.");
    user->require_subcommand(1);

    CLI::App* add = user->add_subcommand(
        "add", "Add a dashboard account; its password is read from standard input.");
    add->add_option("--id", opt->id, "the user id typed to sign in")->required();
    add->add_option("--role", opt->role, "viewer (figures only) or admin (also names)")
        ->required()
        ->check(CLI::IsMember({"viewer", "admin"}));
    OnRun(add, opt, RunUserAdd, exitCode);

    OnRun(user->add_subcommand("list", "List dashboard accounts (never their passwords)."), opt,
          RunUserList, exitCode);

    CLI::App* remove =
        user->add_subcommand("remove", "Remove a dashboard account; its sessions end at once.");
    remove->add_option("--id", opt->id, "user id")->required();
    OnRun(remove, opt, RunUserRemove, exitCode);

    CLI::App* password = user->add_subcommand(
        "password", "Set a new password (read from standard input); unlocks the account and "
                    "ends its sessions.");
    password->add_option("--id", opt->id, "user id")->required();
    OnRun(password, opt, RunUserPassword, exitCode);
}

} // namespace accueil::cli
