// SPDX-License-Identifier: Apache-2.0
#include "AssetsDir.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

// The data folder relative to the folder of the executable, computed by CMake from
// GNUInstallDirs (bin -> ../share/accueil).
#ifndef ACCUEIL_ASSETS_RELATIVE
#define ACCUEIL_ASSETS_RELATIVE "../share/accueil"
#endif

namespace accueil::kiosk::app {

namespace fs = std::filesystem;

std::vector<AssetsCandidate> AssetsCandidates(const std::string& flag, const std::string& env,
                                              const std::string& exePath,
                                              const std::string& relative,
                                              const std::string& sourceTree) {
    std::vector<AssetsCandidate> out;
    if (!flag.empty()) {
        out.push_back({"--assets", flag, true});
    }
    if (!env.empty()) {
        out.push_back({"ACCUEIL_ASSETS_DIR", env, true});
    }
    if (!exePath.empty() && !relative.empty()) {
        out.push_back({"installed",
                       (fs::path(exePath).parent_path() / relative).lexically_normal().string(),
                       false});
    }
    if (!sourceTree.empty()) {
        out.push_back({"source tree", sourceTree, false});
    }
    return out;
}

Result<std::string> ChooseAssetsDir(const std::vector<AssetsCandidate>& candidates,
                                    const std::function<bool(const std::string&)>& hasI18n) {
    std::string looked;
    for (const AssetsCandidate& c : candidates) {
        if (c.path.empty()) {
            continue;
        }
        if (hasI18n(c.path)) {
            return c.path;
        }
        looked += (looked.empty() ? "" : ", ") + c.path + " (" + c.origin + ")";
        if (c.fromUser) {
            break;
        }
    }
    if (looked.empty()) {
        return MakeError(ErrorKind::Config, "no assets folder: give one with --assets DIR or "
                                            "ACCUEIL_ASSETS_DIR");
    }
    return MakeError(ErrorKind::Config,
                     "no assets folder (one holding i18n/) found; looked in: " + looked +
                         ". Give the folder with --assets DIR or ACCUEIL_ASSETS_DIR");
}

Result<std::string> FindAssetsDir(const std::string& flag) {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): read once at start-up, before any thread
    const char* env = std::getenv("ACCUEIL_ASSETS_DIR");
    std::error_code error;
    const fs::path exe = fs::read_symlink("/proc/self/exe", error);
#ifdef ACCUEIL_SOURCE_ASSETS_DIR
    const std::string sourceTree = ACCUEIL_SOURCE_ASSETS_DIR;
#else
    const std::string sourceTree; // a packaging build: no path of the build machine inside
#endif
    const auto candidates =
        AssetsCandidates(flag, env == nullptr ? "" : env, error ? "" : exe.string(),
                         ACCUEIL_ASSETS_RELATIVE, sourceTree);
    return ChooseAssetsDir(candidates, [](const std::string& dir) {
        std::error_code ec;
        return fs::is_directory(fs::path(dir) / "i18n", ec);
    });
}

} // namespace accueil::kiosk::app
