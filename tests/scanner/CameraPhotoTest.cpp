// SPDX-License-Identifier: Apache-2.0
// Our decoder against plain QR-only ZXing-cpp on generated camera photos of a badge: on every
// photo, a still image's Full read and a live stream of 15 identical frames read the badge
// whenever ZXing reads it, and never give a wrong text.

#include "CameraPhotos.h"

#include <accueil/scanner/Decoder.h>

#define ZX_USE_UTF8
#include <ZXing/DecodeHints.h>
#include <ZXing/ReadBarcode.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace accueil::scanner;
using namespace accueil::scanner::testing;

namespace {

/// The photos' seeds are (set << 16) + index. Set 1 is the one reported in
/// docs/PERFORMANCE.md; other sets (ACCUEIL_TEST_SEED=N) are for tuning.
unsigned PhotoSet() {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): read before any thread starts
    const char* env = std::getenv("ACCUEIL_TEST_SEED");
    return env != nullptr ? static_cast<unsigned>(std::stoul(env)) : 1U;
}

constexpr int kPhotosPerSize = 40;
constexpr int kLiveFrames = 15; // half a second at 30 fps

/// What one decoder made of a photo.
enum class Outcome { Missed, Read, Wrong };

Outcome Judge(const std::vector<std::string>& texts, const std::string& expected) {
    Outcome outcome = Outcome::Missed;
    for (const auto& text : texts) {
        if (text != expected) {
            return Outcome::Wrong;
        }
        outcome = Outcome::Read;
    }
    return outcome;
}

/// A live stream showing the same frame kLiveFrames times, starting at an arbitrary point
/// of the schedule: the codes of every frame, together.
std::vector<std::string> Live(const GreyFrame& f, std::uint64_t firstSequence) {
    std::vector<std::string> texts;
    const DecodeOptions options;
    for (std::uint64_t s = firstSequence; s < firstSequence + kLiveFrames; ++s) {
        for (auto& text : Texts(Decode(f.view(), options, LiveEffort(s, options)))) {
            texts.push_back(std::move(text));
        }
    }
    return texts;
}

struct Tally {
    int zxing = 0;
    int full = 0;
    int live = 0;
};

void CheckSize(int width, int height) {
    const unsigned set = PhotoSet();
    Tally tally;
    for (int i = 0; i < kPhotosPerSize; ++i) {
        const unsigned seed = (set << 16U) + static_cast<unsigned>(i);
        const CameraPhoto photo = MakeCameraPhoto(width, height, seed);
        ASSERT_FALSE(photo.frame.pixels.empty()) << "badge fonts missing";
        SCOPED_TRACE("seed " + std::to_string(seed) + ": " + photo.how);
        const Outcome zxing = Judge(ReadWithPlainZXing(photo.frame), photo.text);
        const Outcome full = Judge(Texts(Decode(photo.frame.view())), photo.text);
        const Outcome live = Judge(Live(photo.frame, seed % 7), photo.text);
        EXPECT_NE(full, Outcome::Wrong);
        EXPECT_NE(live, Outcome::Wrong);
        if (zxing == Outcome::Read) {
            EXPECT_EQ(full, Outcome::Read) << "a still read missed what ZXing read";
            EXPECT_EQ(live, Outcome::Read) << "15 live frames missed what ZXing read";
        }
        tally.zxing += zxing == Outcome::Read ? 1 : 0;
        tally.full += full == Outcome::Read ? 1 : 0;
        tally.live += live == Outcome::Read ? 1 : 0;
    }
    std::printf("camera photos %dx%d, set %u: QR-only ZXing %d, Decode Full %d, live 15 frames "
                "%d of %d\n",
                width, height, set, tally.zxing, tally.full, tally.live, kPhotosPerSize);
}

} // namespace

TEST(CameraPhotos, ReadWhatPlainZXingReads720p) {
    CheckSize(1280, 720);
}

TEST(CameraPhotos, ReadWhatPlainZXingReads1080p) {
    CheckSize(1920, 1080);
}

TEST(CameraPhotos, SameSeedSamePhoto) {
    const CameraPhoto a = MakeCameraPhoto(1280, 720, 77);
    const CameraPhoto b = MakeCameraPhoto(1280, 720, 77);
    EXPECT_EQ(a.text, b.text);
    EXPECT_EQ(a.frame.pixels, b.frame.pixels);
    EXPECT_NE(MakeCameraPhoto(1280, 720, 78).text, a.text);
}
