// SPDX-License-Identifier: Apache-2.0
#pragma once

// The kiosk's subcommands of `accueil`. Each registers itself on the top-level app and, when it
// runs, sets `exitCode`. Called on the main thread while the parser is built.

#include <CLI/CLI.hpp>

namespace accueil::cli {

void RegisterImport(CLI::App& app, int& exitCode);
void RegisterCheckin(CLI::App& app, int& exitCode);
void RegisterFind(CLI::App& app, int& exitCode);
void RegisterStaff(CLI::App& app, int& exitCode);
void RegisterReport(CLI::App& app, int& exitCode);
void RegisterDemoData(CLI::App& app, int& exitCode);
void RegisterBadge(CLI::App& app, int& exitCode);
void RegisterScan(CLI::App& app, int& exitCode);

} // namespace accueil::cli
