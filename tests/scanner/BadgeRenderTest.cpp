// SPDX-License-Identifier: Apache-2.0
#include "ChildProcess.h"
#include "ImageDegrade.h"

#include <accueil/scanner/BadgeKey.h>
#include <accueil/scanner/BadgeReader.h>
#include <accueil/scanner/BadgeRender.h>
#include <accueil/scanner/BadgeToken.h>
#include <accueil/scanner/Decoder.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <sstream>
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
    EXPECT_EQ(RenderBadge(data).error().kind, ErrorKind::InvalidArgument); // no token
    data.token = "REG-1";
    BadgeLayout layout;
    layout.width = 10;
    EXPECT_EQ(RenderBadge(data, layout).error().kind, ErrorKind::InvalidArgument);
    const Result<void> unwritable = RenderBadgePng(data, "/nonexistent/dir/badge.png");
    ASSERT_FALSE(unwritable);
    EXPECT_EQ(unwritable.error().kind, ErrorKind::Io);
    auto pdf = BadgePdf::create("/nonexistent/dir/badges.pdf");
    ASSERT_FALSE(pdf);
    EXPECT_EQ(pdf.error().kind, ErrorKind::Io);
}

namespace {

/// A badge of a delegate named `name` (given and family name) of `delegation`.
BadgePrintData Delegate(const std::string& given, const std::string& family,
                        const std::string& delegation = "Ελλάδα / Greece") {
    BadgePrintData data;
    data.token = "REG-00042";
    data.givenName = given;
    data.familyName = family;
    data.delegation = delegation;
    data.category = "State Party";
    data.meetingDates = "10–14 August 2026";
    data.eventTitle = "Ninth Review Conference";
    return data;
}

/// How many pixels of rows [top, bottom) are ink.
int InkIn(const GreyFrame& image, int top, int bottom) {
    int dark = 0;
    for (int y = top; y < bottom; ++y) {
        for (int x = 0; x < image.width; ++x) {
            dark += image.at(x, y) < 128 ? 1 : 0;
        }
    }
    return dark;
}

std::string CodePoints(const std::vector<char32_t>& cs) {
    std::ostringstream out;
    for (const char32_t c : cs) {
        out << "U+" << std::uppercase << std::hex << std::setw(4) << std::setfill('0')
            << static_cast<std::uint32_t>(c) << ' ';
    }
    return out.str();
}

} // namespace

// One name per script the meeting meets: every glyph comes from an installed font (Noto Sans,
// Noto Sans Arabic, Noto Sans CJK, Noto Sans Devanagari through fontconfig), none from the
// empty box, and the name band carries ink.
TEST(BadgeRender, EveryScriptsNameIsDrawnFromAFont) {
    const std::vector<std::pair<std::string, std::string>> names{
        {"Małgorzata Zoë", "Ó Súilleabháin-Łukasiewicz"}, // Latin with diacritics
        {"Ἀλέξανδρος", "Παπαδόπουλος"},                   // Greek, polytonic breathing
        {"Дмитрий", "Добрынина"},                         // Cyrillic
        {"فاطمة", "الهاشمي"},                             // Arabic, shaped
        {"秀英", "王"},                                   // Chinese
        {"Nguyễn Thị", "Trần"},                           // Vietnamese, stacked marks
        {"प्रिया", "शर्मा"},                                // Devanagari, conjuncts
    };
    for (const auto& [given, family] : names) {
        const BadgePrintData data = Delegate(given, family, "中国 / مصر / Россия");
        EXPECT_EQ(CodePoints(MissingGlyphs(data)), "") << given << " " << family;
        auto image = RenderBadge(data);
        ASSERT_TRUE(image) << image.error().message;
        EXPECT_GT(InkIn(*image, 170, 390), 1500) << given << " " << family;
    }
}

// A character no installed font has is named, not silently printed as a box.
TEST(BadgeRender, ACharacterNoFontHasIsNamed) {
    EXPECT_EQ(CodePoints(MissingGlyphs(Delegate("Zoë", "Ivanova"))), "");
    // U+F0001, a private-use character: no font of the system draws it.
    EXPECT_EQ(CodePoints(MissingGlyphs(Delegate("Zoë \U000F0001", "Ivanova"))), "U+F0001 ");
}

// Both Chinese names: the family name is written first, as the delegate writes it; a Latin
// name keeps its given name first.
TEST(BadgeRender, AChineseNameIsWrittenFamilyNameFirst) {
    const auto firstLineInk = [](const BadgePrintData& data) {
        auto image = RenderBadge(data);
        EXPECT_TRUE(image);
        return image ? InkIn(*image, 170, 270) : 0;
    };
    // 王 alone on the first line draws less ink than the two characters 秀英.
    const int chinese = firstLineInk(Delegate("秀英", "王"));
    const int swapped = firstLineInk(Delegate("王", "秀英"));
    EXPECT_LT(chinese, swapped);
    EXPECT_GT(firstLineInk(Delegate("Ivanova", "A")), firstLineInk(Delegate("A", "Ivanova")));
}

// A name too long for the badge at 60 % of its size is cut with an ellipsis and stays within
// the margins.
TEST(BadgeRender, AnOverlongNameStaysWithinTheMargins) {
    auto image = RenderBadge(
        Delegate("Maria Fernanda Guadalupe Concepción de los Ángeles Pilar", "Ivanova"));
    ASSERT_TRUE(image);
    for (int y = 170; y < 230; ++y) {
        for (int x = 0; x < image->width * 5 / 100; ++x) {
            ASSERT_GE(image->at(x, y), 128) << "ink in the left margin at " << x << "," << y;
            ASSERT_GE(image->at(image->width - 1 - x, y), 128) << "ink in the right margin";
        }
    }
}

// The PNG and the PDF come from one drawing: the PDF's page, rasterised at 300 dpi by poppler
// as a print pipeline would, matches the PNG in its QR code pixel for pixel (after
// thresholding) and in its text within anti-aliasing; a badge that cannot be drawn adds no
// page.
TEST(BadgeRender, ThePdfPageIsThePng) {
    const BadgePrintData data = Delegate("فاطمة", "الهاشمي", "中国");
    auto png = RenderBadge(data);
    ASSERT_TRUE(png);
    const fs::path dir = fs::temp_directory_path() / ("accueil-pdf-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    auto pdf = BadgePdf::create((dir / "badges.pdf").string());
    ASSERT_TRUE(pdf);
    BadgePrintData broken = data;
    broken.token.clear();
    EXPECT_FALSE(pdf->add(broken));
    ASSERT_TRUE(pdf->add(data));
    EXPECT_FALSE(fs::exists(dir / "badges.pdf")) << "named only once whole";
    ASSERT_TRUE(pdf->finish());
    EXPECT_EQ(pdf->pages(), 1);
    accueil::test::ChildProcess raster({"/usr/bin/pdftoppm", "-r", "300", "-gray", "-singlefile",
                                        (dir / "badges.pdf").string(), (dir / "page").string()});
    ASSERT_EQ(raster.finish().second, 0);
    auto page = LoadImageFile((dir / "page.pgm").string());
    fs::remove_all(dir);
    ASSERT_TRUE(page);
    ASSERT_EQ(page->width, png->width);
    ASSERT_EQ(page->height, png->height);
    long differentCode = 0;
    long differentText = 0;
    long textInk = 0;
    const int codeTop = png->height * 36 / 100;
    const int codeBottom = png->height * 93 / 100;
    // Ink in `image` within a pixel of (x, y): two rasterisers may place an edge a pixel apart.
    const auto inkNear = [](const GreyFrame& image, int x, int y) {
        for (int dy = -1; dy <= 1; ++dy) {
            for (int dx = -1; dx <= 1; ++dx) {
                const int nx = std::clamp(x + dx, 0, image.width - 1);
                const int ny = std::clamp(y + dy, 0, image.height - 1);
                if (image.at(nx, ny) < 128) {
                    return true;
                }
            }
        }
        return false;
    };
    for (int y = 0; y < png->height; ++y) {
        for (int x = 0; x < png->width; ++x) {
            const bool a = png->at(x, y) < 128;
            const bool b = page->at(x, y) < 128;
            if (y >= codeTop && y < codeBottom) {
                differentCode += a != b ? 1 : 0;
            } else {
                const bool unmatched = (a && !inkNear(*page, x, y)) || (b && !inkNear(*png, x, y));
                differentText += unmatched ? 1 : 0;
                textInk += a ? 1 : 0;
            }
        }
    }
    EXPECT_EQ(differentCode, 0);
    // The same words in the same place, give or take a pixel along the glyphs' edges.
    EXPECT_LT(differentText * 100, textInk) << differentText << " of " << textInk;
    EXPECT_GT(InkIn(*page, 170, 390), 1500);
}
