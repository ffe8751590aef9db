// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared plumbing of the `accueil` command, used by the kiosk's commands (kiosk/cli) and the
// central's and sync's commands (sync/cli): exit codes, error printing, opening a kiosk.

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Config.h>
#include <accueil/core/Result.h>

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace accueil::cli {

/// Exit statuses, stable for scripts (documented in docs/cli.md).
enum ExitCode : int {
    kExitOk = 0,
    kExitFailure = 1,
    kExitUsage = 2,
    kExitConfig = 3,
    kExitInput = 4,
    kExitStorage = 5,
    kExitAuth = 6,
    kExitNotFound = 7,
};

/// Prints "accueil: <message>" on standard error and returns the exit code for its kind.
int Fail(const core::Error& error);

/// Loads the kiosk config and opens its store; prints the error and returns nullopt on failure
/// (with the exit code in `exitCode`).
struct Opened {
    core::KioskConfig config;
    core::AttendanceStore store;
};
std::optional<Opened> OpenKiosk(const std::string& configPath, int& exitCode);

} // namespace accueil::cli
