// SPDX-License-Identifier: Apache-2.0
#pragma once

// The sync subcommands of `accueil`: `sync` (a kiosk's rounds with the central and the night
// job), `central` (the central server and its database), `indico`, and `doctor` (the checks
// of an installation, which ask the central too). Each registers itself on the
// top-level app and, when it runs, sets `exitCode`. Called on the main thread while the parser
// is built.

#include <CLI/CLI.hpp>

namespace accueil::cli {

/// `accueil sync [--once | --nightly]`: a kiosk's rounds with the central, or the night job.
void RegisterSync(CLI::App& app, int& exitCode);
/// `accueil central init | serve | import | kiosk add/revoke/list | report`.
void RegisterCentral(CLI::App& app, int& exitCode);
/// `accueil indico pull | push`: the registration list from Indico, check-ins back to it.
void RegisterIndico(CLI::App& app, int& exitCode);
/// `accueil doctor`: checks a kiosk's or the central's installation.
void RegisterDoctor(CLI::App& app, int& exitCode);
/// `accueil enrol ENROLMENT | --url U --code C`: a kiosk's token from a one-time code.
void RegisterEnrol(CLI::App& app, int& exitCode);

} // namespace accueil::cli
