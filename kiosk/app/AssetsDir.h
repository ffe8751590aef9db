// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CoreTypes.h"

#include <functional>
#include <string>
#include <vector>

namespace accueil::kiosk::app {

/// One place the kiosk may find its assets (the folder holding i18n/), and what named it.
struct AssetsCandidate {
    std::string origin;    ///< "--assets", "ACCUEIL_ASSETS_DIR", "installed", "source tree"
    std::string path;      ///< empty: not given (skipped, not listed)
    bool fromUser = false; ///< named by the user: when it lacks i18n/, the search stops there
};

/// The places, in order: `--assets` (`flag`), the environment variable ACCUEIL_ASSETS_DIR
/// (`env`), the data folder relative to the running executable (`exePath`'s folder joined
/// with `relative`, e.g. "../share/accueil"), then `sourceTree` (only a build-tree binary
/// passes one). Empty arguments are left out. Pure.
std::vector<AssetsCandidate> AssetsCandidates(const std::string& flag, const std::string& env,
                                              const std::string& exePath,
                                              const std::string& relative,
                                              const std::string& sourceTree);

/// The first candidate whose folder has an i18n/ folder (`hasI18n` tells). An override that
/// lacks it is an error at once: a mistyped --assets never falls back to other assets. The
/// error (ErrorKind::Config) names every place looked at. Pure but for `hasI18n`.
Result<std::string> ChooseAssetsDir(const std::vector<AssetsCandidate>& candidates,
                                    const std::function<bool(const std::string&)>& hasI18n);

/// ChooseAssetsDir over this process's candidates: `flag`, $ACCUEIL_ASSETS_DIR,
/// /proc/self/exe's folder + the built-in relative data folder, and the source tree when
/// this is a build-tree binary (not built with ACCUEIL_PACKAGING).
Result<std::string> FindAssetsDir(const std::string& flag);

} // namespace accueil::kiosk::app
