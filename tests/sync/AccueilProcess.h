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
