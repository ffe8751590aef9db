// SPDX-License-Identifier: Apache-2.0
#pragma once

// The sync subcommands of `accueil`: `sync` (a kiosk's rounds with the central and the night
// job) and `central` (the central server and its database). Each registers itself on the
// top-level app and, when it runs, sets `exitCode`. Called on the main thread while the parser
// is built.

#include <CLI/CLI.hpp>

namespace accueil::cli {

void RegisterSync(CLI::App& app, int& exitCode);
void RegisterCentral(CLI::App& app, int& exitCode);

} // namespace accueil::cli
