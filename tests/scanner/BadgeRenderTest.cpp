// SPDX-License-Identifier: Apache-2.0
#include "ImageDegrade.h"

#include <accueil/scanner/BadgeKey.h>
#include <accueil/scanner/BadgeReader.h>
#include <accueil/scanner/BadgeRender.h>
#include <accueil/scanner/BadgeToken.h>
#include <accueil/scanner/Decoder.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

using namespace accueil::scanner;
using namespace accueil::scanner::testing;
namespace fs = std::filesystem;

namespace {

struct PrintedBadge {
    BadgeReaderOptions options;
    GreyFrame image; ///< the PNG as read back from disk
};

PrintedBadge PrintBadge(const std::string& given, const std::string& family) {
    auto key = GenerateBadgeKey();
    EXPECT_TRUE(key);
    BadgeData data;
    data.eventId = "BWC-RC9";
    data.registrantId = "REG-00042";
    data.badgeVersion = 2;
    data.issuedAt = 1790000000;
    data.givenName = given;
    data.familyName = family;
    auto token = IssueBadgeToken(key->secretKey, data);
    EXPECT_TRUE(token);
    BadgePrintData print;
    print.token = *token;
    print.givenName = given;
    print.familyName = family;
    print.delegation = "Ελλάδα / Greece";
    print.category = "State Party";
    print.meetingDates = "10–14 August 2026";
    print.eventTitle = "Ninth Review Conference";
    const fs::path path =
        fs::temp_directory_path() / ("accueil-badge-" + std::to_string(::getpid()) + ".png");
    const Result<void> written = RenderBadgePng(print, path.string());
    EXPECT_TRUE(written) << written.error().message;
    auto image = LoadImageFile(path.string());
    EXPECT_TRUE(image);
    fs::remove(path);
    PrintedBadge badge;
    badge.options.eventId = "BWC-RC9";
    badge.options.publicKeys = {key->publicKey};
    badge.image = image ? std::move(*image) : GreyFrame{};
    return badge;
}

/// Decodes the image and reads the first code as a badge.
BadgeClaim Scan(const GreyFrame& image, const BadgeReaderOptions& options) {
    const auto codes = Decode(image.view());
    if (codes.empty()) {
        BadgeClaim none;
        none.reason = "no code found";
        return none;
    }
    return ReadBadge(codes.front().text, options);
}

} // namespace

TEST(BadgeRender, PrintedBadgeReadsBackAndVerifies) {
    const PrintedBadge badge = PrintBadge("Αλέξανδρος", "Παπαδόπουλος");
    EXPECT_EQ(badge.image.width, 1240);
    EXPECT_EQ(badge.image.height, 1748);
    // Text was drawn above the code: the name band is not blank paper.
    int dark = 0;
    for (int y = 200; y < 400; ++y) {
        for (int x = 0; x < badge.image.width; ++x) {
            dark += badge.image.at(x, y) < 128 ? 1 : 0;
        }
    }
    EXPECT_GT(dark, 2000);
    const BadgeClaim claim = Scan(badge.image, badge.options);
    EXPECT_TRUE(claim.valid()) << claim.reason;
    EXPECT_EQ(claim.registrantId, "REG-00042");
    EXPECT_EQ(claim.badgeVersion, 2);
}

TEST(BadgeRender, DegradedBadgesStillVerify) {
    const PrintedBadge badge = PrintBadge("Ekaterina", "Ivanova");
    const GreyFrame& img = badge.image;
    const auto check = [&](const GreyFrame& degraded, const char* what) {
        const BadgeClaim claim = Scan(degraded, badge.options);
        EXPECT_TRUE(claim.valid()) << what << ": " << claim.reason;
    };
    for (const double angle : {7.0, 30.0, 45.0, 90.0, 163.0, 270.0}) {
        check(Rotate(img, angle), ("rotated " + std::to_string(angle)).c_str());
    }
    const GreyFrame small = Scale(img, 0.30);
    EXPECT_EQ(small.width, 372);
    check(small, "scaled to 30%");
    check(Blur(img, 3), "blurred");
    check(AddNoise(img, 40.0), "noisy");
    check(Darken(img, 0.30, 10), "dark, low contrast");
    check(Perspective(img, {{{150, 80}, {1100, 260}, {1020, 1500}, {90, 1700}}}, 1240, 1800),
          "perspective");
    check(Blur(AddNoise(Scale(Rotate(img, 20), 0.4), 25.0), 1), "rotated, small, noisy, blurred");
}

TEST(BadgeRender, ErrorsAreTyped) {
    BadgePrintData data;
    data.token = "REG-1";
    BadgeLayout layout;
    layout.regularFont = "/nonexistent/font.ttf";
    auto missing = RenderBadge(data, layout);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, ErrorKind::NotFound);
    data.token.clear();
    EXPECT_EQ(RenderBadge(data).error().kind, ErrorKind::InvalidArgument);
    data.token = "REG-1";
    layout = {};
    layout.width = 10;
    EXPECT_EQ(RenderBadge(data, layout).error().kind, ErrorKind::InvalidArgument);
    const Result<void> unwritable = RenderBadgePng(data, "/nonexistent/dir/badge.png");
    ASSERT_FALSE(unwritable);
    EXPECT_EQ(unwritable.error().kind, ErrorKind::Io);
}
