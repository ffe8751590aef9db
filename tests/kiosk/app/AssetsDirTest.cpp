// SPDX-License-Identifier: Apache-2.0
// Where the kiosk looks for its assets: --assets, ACCUEIL_ASSETS_DIR, the installed data folder
// beside the executable, then (a build-tree binary only) the source tree.
#include "AssetsDir.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace accueil::kiosk::app {
namespace {

// hasI18n over a fixed set of folders that exist.
auto Existing(std::set<std::string> dirs) {
    return [dirs = std::move(dirs)](const std::string& dir) { return dirs.contains(dir); };
}

TEST(AssetsDirTest, CandidatesComeInOrderAndTheInstalledOneIsBesideTheExecutable) {
    const auto c = AssetsCandidates("/flag", "/env", "/usr/bin/accueil-kiosk", "../share/accueil",
                                    "/src/assets");
    ASSERT_EQ(c.size(), 4u);
    EXPECT_EQ(c[0].origin, "--assets");
    EXPECT_EQ(c[0].path, "/flag");
    EXPECT_TRUE(c[0].fromUser);
    EXPECT_EQ(c[1].origin, "ACCUEIL_ASSETS_DIR");
    EXPECT_EQ(c[1].path, "/env");
    EXPECT_TRUE(c[1].fromUser);
    EXPECT_EQ(c[2].origin, "installed");
    EXPECT_EQ(c[2].path, "/usr/share/accueil");
    EXPECT_FALSE(c[2].fromUser);
    EXPECT_EQ(c[3].origin, "source tree");
    EXPECT_EQ(c[3].path, "/src/assets");
    // /opt/accueil/bin/accueil-kiosk -> /opt/accueil/share/accueil: relative to the prefix.
    EXPECT_EQ(AssetsCandidates("", "", "/opt/accueil/bin/accueil-kiosk", "../share/accueil", "")
                  .at(0)
                  .path,
              "/opt/accueil/share/accueil");
}

TEST(AssetsDirTest, WhatIsNotGivenIsLeftOut) {
    const auto c = AssetsCandidates("", "", "/usr/bin/accueil-kiosk", "../share/accueil", "");
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].origin, "installed");
}

TEST(AssetsDirTest, TheFirstThatExistsWins) {
    const auto all = AssetsCandidates("/flag", "/env", "/usr/bin/accueil-kiosk", "../share/accueil",
                                      "/src/assets");
    const std::set<std::string> every{"/flag", "/env", "/usr/share/accueil", "/src/assets"};
    EXPECT_EQ(*ChooseAssetsDir(all, Existing(every)), "/flag");
    const auto noFlag =
        AssetsCandidates("", "/env", "/usr/bin/accueil-kiosk", "../share/accueil", "/src/assets");
    EXPECT_EQ(*ChooseAssetsDir(noFlag, Existing(every)), "/env");
    const auto installed =
        AssetsCandidates("", "", "/usr/bin/accueil-kiosk", "../share/accueil", "/src/assets");
    EXPECT_EQ(*ChooseAssetsDir(installed, Existing(every)), "/usr/share/accueil");
    // A build-tree binary: nothing beside it, the source tree last.
    const auto buildTree = AssetsCandidates("", "", "/build/kiosk/app/accueil-kiosk",
                                            "../share/accueil", "/src/assets");
    EXPECT_EQ(*ChooseAssetsDir(buildTree, Existing({"/src/assets"})), "/src/assets");
}

TEST(AssetsDirTest, AMissingOverrideIsAnErrorNotAFallBack) {
    const auto c =
        AssetsCandidates("/typo", "/env", "/usr/bin/accueil-kiosk", "../share/accueil", "");
    const auto r = ChooseAssetsDir(c, Existing({"/env", "/usr/share/accueil"}));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Config);
    EXPECT_NE(r.error().message.find("/typo (--assets)"), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().message.find("/env"), std::string::npos) << r.error().message;
}

TEST(AssetsDirTest, NothingFoundNamesEveryPlaceLookedAt) {
    const auto c =
        AssetsCandidates("", "", "/usr/bin/accueil-kiosk", "../share/accueil", "/src/assets");
    const auto r = ChooseAssetsDir(c, Existing({}));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("/usr/share/accueil (installed)"), std::string::npos)
        << r.error().message;
    EXPECT_NE(r.error().message.find("/src/assets (source tree)"), std::string::npos)
        << r.error().message;
    EXPECT_NE(r.error().message.find("--assets DIR or ACCUEIL_ASSETS_DIR"), std::string::npos);
    EXPECT_FALSE(ChooseAssetsDir({}, Existing({"/x"})));
}

} // namespace
} // namespace accueil::kiosk::app
