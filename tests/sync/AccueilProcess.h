// SPDX-License-Identifier: Apache-2.0
#pragma once

// The `accueil` binary as a child process, for the tests that run the real command.

#include <nlohmann/json.hpp>
#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace accueil::sync::test {

/// The `accueil` binary of this build.
extern const std::string kAccueil;

/// Writes `text` to `path`, replacing it.
void WriteFile(const std::string& path, const std::string& text);

/// The whole of a file ("" when it cannot be read).
std::string ReadAll(const std::string& path);

/// A central.toml named `name` in `folder` over `database` (a file or a postgresql:// URL),
/// listening on 127.0.0.1:`port`, beside a copy of the example event. Returns its path.
std::string WriteCentralConfig(const std::string& folder, const std::string& name,
                               const std::string& database, int port);

/// A list of `n` registrants P0…P(n-1) as `accueil central import` reads it.
std::string NumberedListCsv(int n);

/// Runs `accueil central kiosk add` for `id`, its token written to `tokenFile`; the token, or ""
/// when the command failed.
std::string AddKioskByCommand(const std::string& config, const std::string& id,
                              const std::string& tokenFile);

/// A TCP port on 127.0.0.1 that was free a moment ago.
int FreePort();

/// Starts `args` (args[0] the program); with `stdoutFd`, its standard output comes back
/// through a pipe, otherwise it goes to /dev/null.
pid_t Spawn(std::vector<std::string> args, int* stdoutFd);

/// Waits for the child; its exit status, or 128 + the signal that ended it.
int Wait(pid_t pid);

/// Runs `accueil ARGS…`; its exit status.
int Accueil(std::vector<std::string> args);

/// Standard output and standard error together (through a shell), and the exit status.
/// Standard output and error of any `command` (its first word the program), and its exit
/// status.
std::pair<std::string, int> CommandOutput(std::vector<std::string> command);
std::pair<std::string, int> AccueilOutput(const std::vector<std::string>& args);

/// The JSON object in a command's output (standard output, which a note on standard error may
/// share); null when there is none, discarded when it does not parse.
nlohmann::json JsonOf(const std::string& output);

/// `accueil central serve` as a child process; ready once it printed its "listening" line.
/// Its standard output stays open until it ends, so a later log line cannot kill it.
struct ServeProcess {
    explicit ServeProcess(const std::string& config);
    ServeProcess(const ServeProcess&) = delete;
    ServeProcess& operator=(const ServeProcess&) = delete;
    ~ServeProcess();
    /// Sends `sig` and waits for the process; its exit status (-1 when already ended).
    int kill(int sig);

    pid_t pid = -1;
    int out = -1;
};

} // namespace accueil::sync::test
