// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared plumbing of the `accueil` command, used by the kiosk's commands (kiosk/cli) and the
// central's and sync's commands (sync/cli): exit codes, error printing, opening a kiosk.

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Config.h>
#include <accueil/core/Photo.h>
#include <accueil/core/RegistrantImport.h>
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
    kExitChecksFailed = 8, ///< `accueil doctor`: at least one check found an error
};

/// Prints "accueil: <message>" on standard error and returns the exit code for its kind.
/// Main thread (it writes to std::cerr).
int Fail(const core::Error& error);

/// Reads one line of a secret (a PIN, a password) from standard input, never from argv (it
/// would show in `ps` and shell history); on a terminal after `prompt`, not echoed. The line's
/// end ("\n", "\r\n") is not part of it. nullopt at end of input. Main thread.
std::optional<std::string> ReadSecret(const char* prompt);

/// Reads a registration list for `accueil import` and `accueil central import`: each of its
/// warnings goes to standard error as "accueil: warning: …"; an error's message ends with
/// "Nothing was imported." Errors: Input (the file). Main thread.
core::Result<core::RegistrantList> ReadListToImport(const std::string& path,
                                                    const core::ImportSettings& settings,
                                                    const core::EventCalendar& calendar);

/// Reads a folder of photos for `accueil photos import` and `accueil central photos import`
/// (core::ReadPhotoFolder): each file left aside goes to standard error as "accueil: warning:
/// …"; an error's message ends with "Nothing was imported." Errors: Input. Main thread.
core::Result<core::PhotoFolder> ReadPhotosToImport(const std::string& dir);

/// "Imported N photos: A added, R replaced, U unchanged." for both import commands.
std::string PhotoSummaryLine(const core::PhotoSummary& summary);

/// A kiosk's configuration and its open store.
struct OpenedKiosk {
    core::KioskConfig config;
    core::AttendanceStore store;
};

/// Whether a command may make the kiosk's database when it does not exist yet: only the first
/// steps of a new kiosk (importing the list, a sync, the first staff account) do; any other
/// command on a mistyped path would report, search or check in on an empty list.
enum class MissingDatabase { Refuse, Create };

/// Loads kiosk.toml at `configPath` and opens the store it names. Errors: Config (the file,
/// or its event.toml), Storage (the database, or its absence when `missing` is Refuse).
/// Main thread.
core::Result<OpenedKiosk> OpenKiosk(const std::string& configPath,
                                    MissingDatabase missing = MissingDatabase::Refuse);

/// Adds `--config FILE` to `command` and to every subcommand under it, all writing `path`, so
/// that it may come after any word of the command line past `accueil`: `accueil central
/// --config C init` and `accueil central init --config C` mean the same. `file` names the file
/// in help and errors ("KIOSK.toml"). Call it once `command`'s subcommands exist; it does not
/// make the option required (see RequireConfig). Main thread, while the parser is built.
void AddConfigOption(CLI::App& command, std::string& path, const std::string& file,
                     const std::string& description);

/// For a command that cannot run without --config: throws CLI::RequiredError naming the whole
/// command ("accueil central kiosk add: --config CENTRAL.toml is required") when it was given
/// nowhere on the line. Call it first thing in the command's callback; main() prints the error
/// and exits with kExitUsage. Main thread, during parsing.
void RequireConfig(const CLI::App& command, const std::string& path);

} // namespace accueil::cli
