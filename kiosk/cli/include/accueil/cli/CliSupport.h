// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared plumbing of the `accueil` command, used by the kiosk's commands (kiosk/cli) and the
// central's and sync's commands (sync/cli): exit codes, error printing, opening a kiosk.

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Config.h>
#include <accueil/core/Result.h>

#include <CLI/CLI.hpp>

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
/// Main thread (it writes to std::cerr).
int Fail(const core::Error& error);

/// A kiosk's configuration and its open store.
struct OpenedKiosk {
    core::KioskConfig config;
    core::AttendanceStore store;
};

/// Loads kiosk.toml at `configPath` and opens the store it names. Errors: Config (the file,
/// or its event.toml), Storage (the database). Main thread.
core::Result<OpenedKiosk> OpenKiosk(const std::string& configPath);

} // namespace accueil::cli
