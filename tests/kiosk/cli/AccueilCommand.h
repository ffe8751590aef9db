// SPDX-License-Identifier: Apache-2.0
#pragma once
// The `accueil` binary of this build, run as a child process by the CLI tests.

#include "ChildProcess.h"

#include <string>
#include <utility>
#include <vector>

namespace accueil::test {

inline const std::string kAccueil = std::string(ACCUEIL_BINARY_DIR) + "/kiosk/cli/accueil";

/// Runs `accueil ARGS…` with `stdinText` on its standard input; its standard output and exit
/// status.
inline std::pair<std::string, int> RunAccueil(std::vector<std::string> args,
                                              const std::string& stdinText = {}) {
    args.insert(args.begin(), kAccueil);
    ChildProcess child(args, stdinText);
    return child.finish();
}

} // namespace accueil::test
