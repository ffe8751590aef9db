// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared plumbing of the `accueil` command: exit codes, config loading, error printing.

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Config.h>
#include <accueil/core/Result.h>

#include <CLI/CLI.hpp>

#include <functional>
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

/// Each subcommand registers itself and sets `exitCode` when it runs.
void RegisterImport(CLI::App& app, int& exitCode);
void RegisterCheckin(CLI::App& app, int& exitCode);
void RegisterFind(CLI::App& app, int& exitCode);
void RegisterStaff(CLI::App& app, int& exitCode);
void RegisterReport(CLI::App& app, int& exitCode);
void RegisterDemoData(CLI::App& app, int& exitCode);
void RegisterSync(CLI::App& app, int& exitCode);
void RegisterCentral(CLI::App& app, int& exitCode);
void RegisterBadge(CLI::App& app, int& exitCode);
void RegisterScan(CLI::App& app, int& exitCode);

} // namespace accueil::cli
