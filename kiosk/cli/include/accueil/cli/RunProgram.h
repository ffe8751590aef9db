// SPDX-License-Identifier: Apache-2.0
#pragma once

// Runs another program (the printing system's `lp`, the kiosk's display check) with its output
// captured and a time limit, so a hung child never hangs the command. Main thread.

#include <chrono>
#include <string>
#include <vector>

namespace accueil::cli {

struct ProgramRun {
    int exitStatus = -1;   ///< its exit status; 128 + signal when killed; 127 when not found
    bool timedOut = false; ///< killed at the limit
    std::string output;    ///< standard output and standard error, as they came
    std::string error;     ///< why it could not be started ("" when it ran)
};

/// Runs argv[0] (looked up on PATH when it has no slash) with argv, standard input closed,
/// its output captured; killed with SIGKILL after `limit`. `extraEnv` ("NAME=value" entries)
/// is added to this process's environment for the child only: a secret passed there stays off
/// the command line that other users can read.
ProgramRun RunProgram(const std::vector<std::string>& argv, std::chrono::milliseconds limit,
                      const std::vector<std::string>& extraEnv = {});

} // namespace accueil::cli
