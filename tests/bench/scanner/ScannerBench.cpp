// SPDX-License-Identifier: Apache-2.0
// Decode cost of the scanner pipeline against plain QR-only ZXing-cpp (the fair baseline:
// the formats a badge uses) and zbar, on the same frames (Google Benchmark).
//
//   accueil_scanner_bench [--benchmark_filter=REGEX] [--benchmark_repetitions=N]
//
// Benchmarks BM_<decoder>/frame:F/content:C, labelled with the frame size and content.
//
// Cases: 640x480, 1280x720 and 1920x1080 frames with no code in view, with a badge held up
// to the camera (80 % of the frame height, tilted, noise, slight blur), and camera photos
// (tests/scanner/CameraPhotos.h, photo set 3: not the set the tests report or the one the
// schedule was tuned on). Decoders:
//  - BM_Live: Decode with LiveEffort(sequence): what a camera loop spends, amortised over its
//    frames (each frame is shown for 15 consecutive sequence numbers, half a second at 30 fps);
//  - BM_Still: Decode at its default, DecodeEffort::Full (`accueil scan IMAGE`);
//  - BM_ZXingQrOnly: ZXing::ReadBarcodes with DecodeHints().setFormats(QRCode);
//  - BM_Zbar: zbar, QR only.
// Counters `read` of `of`: the frames that gave the badge's text (live: within the 15 frames
// each is held in view; with no code: frames that gave any code at all, which should be 0).

#include "CameraPhotos.h"
#include "ImageDegrade.h"
#include "ZbarDecode.h"

#include <accueil/scanner/BadgeKey.h>
#include <accueil/scanner/BadgeRender.h>
#include <accueil/scanner/BadgeToken.h>
#include <accueil/scanner/Decoder.h>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

using namespace accueil::scanner;
using namespace accueil::scanner::testing;

namespace {

constexpr int kFramesPerCase = 8;
constexpr std::uint64_t kHeldFrames = 15; // each frame stays in view for half a second
constexpr unsigned kPhotoSet = 3;

struct Sample {
    GreyFrame frame;
    std::string expected; ///< empty: no code in the frame
};

enum class Content { NoCode, Badge, Photo };

const char* Name(Content c) {
    switch (c) {
    case Content::NoCode:
        return "no code";
    case Content::Badge:
        return "badge held up";
    case Content::Photo:
        return "camera photo";
    }
    return "";
}

/// A signed badge as printed, rendered once.
const std::pair<GreyFrame, std::string>& PrintedBadge() {
    static const std::pair<GreyFrame, std::string> badge = [] {
        auto key = GenerateBadgeKey();
        BadgeData data{"BWC-RC9", "REG-00042", 1, 1790000000, "Aminata", "Diallo"};
        BadgePrintData print;
        if (key) {
            auto token = IssueBadgeToken(key->secretKey, data);
            print.token = token ? *token : "";
        }
        print.givenName = "Aminata";
        print.familyName = "Diallo";
        print.delegation = "Senegal";
        print.category = "State Party";
        auto image = RenderBadge(print);
        return std::make_pair(image ? std::move(*image) : GreyFrame{}, print.token);
    }();
    return badge;
}

/// The badge as a camera sees it at the kiosk when it is held up: about 80 % of the frame
/// height, a little tilted, with sensor noise and slight blur.
Sample HeldUp(int w, int h, int i) {
    const auto& [badge, token] = PrintedBadge();
    Sample s{ClutteredScene(w, h, static_cast<unsigned>(1000 * i + w)), token};
    const double scale = 0.80 * h / badge.height;
    const GreyFrame tilted = Rotate(Scale(badge, scale), -12.0 + 3.0 * i, 200);
    Composite(s.frame, tilted, (w - tilted.width) / 2 + (i % 3 - 1) * w / 10,
              (h - tilted.height) / 2);
    s.frame = Blur(AddNoise(s.frame, 8.0, static_cast<unsigned>(i)), 1, 1);
    return s;
}

const std::vector<Sample>& Samples(int w, int h, Content content) {
    static std::map<std::array<int, 3>, std::vector<Sample>> cache;
    auto& samples = cache[{w, h, static_cast<int>(content)}];
    for (int i = static_cast<int>(samples.size()); i < kFramesPerCase; ++i) {
        switch (content) {
        case Content::NoCode:
            samples.push_back({ClutteredScene(w, h, static_cast<unsigned>(1000 * i + w)), ""});
            break;
        case Content::Badge:
            samples.push_back(HeldUp(w, h, i));
            break;
        case Content::Photo: {
            CameraPhoto photo =
                MakeCameraPhoto(w, h, (kPhotoSet << 16U) + static_cast<unsigned>(i));
            samples.push_back({std::move(photo.frame), std::move(photo.text)});
            break;
        }
        }
    }
    return samples;
}

using DecodeFn = std::function<std::vector<std::string>(const GreyFrame&, std::uint64_t)>;

std::vector<std::string> Live(const GreyFrame& f, std::uint64_t sequence) {
    const DecodeOptions options;
    return Texts(Decode(f.view(), options, LiveEffort(sequence, options)));
}

std::vector<std::string> Still(const GreyFrame& f, std::uint64_t /*sequence*/) {
    return Texts(Decode(f.view()));
}

std::vector<std::string> ZXingQrOnly(const GreyFrame& f, std::uint64_t /*sequence*/) {
    return ReadWithPlainZXing(f);
}

std::vector<std::string> Zbar(const GreyFrame& f, std::uint64_t /*sequence*/) {
    return ZbarDecodeGrey(f.pixels.data(), f.width, f.height);
}

bool Hit(const std::vector<std::string>& texts, const std::string& expected) {
    return expected.empty() ? !texts.empty()
                            : std::find(texts.begin(), texts.end(), expected) != texts.end();
}

/// How many of the samples the decoder reads when each is held in view for kHeldFrames
/// frames (one decode for the decoders that do not depend on the sequence), untimed: the
/// timed loop covers the samples unevenly.
int CountRead(const std::vector<Sample>& samples, const DecodeFn& decode, bool live) {
    int read = 0;
    for (const Sample& s : samples) {
        bool hit = false;
        for (std::uint64_t seq = 0; seq < (live ? kHeldFrames : 1) && !hit; ++seq) {
            hit = Hit(decode(s.frame, seq), s.expected);
        }
        read += hit ? 1 : 0;
    }
    return read;
}

constexpr std::array<std::array<int, 2>, 3> kSizes = {{{640, 480}, {1280, 720}, {1920, 1080}}};

/// One case: range(0) picks the frame size, range(1) the content.
void Run(benchmark::State& state, const DecodeFn& decode, bool live) {
    const auto [w, h] = kSizes.at(static_cast<std::size_t>(state.range(0)));
    const auto content = static_cast<Content>(state.range(1));
    const std::vector<Sample>& samples = Samples(w, h, content);
    std::uint64_t sequence = 0;
    for ([[maybe_unused]] auto _ : state) {
        const Sample& s = samples[(sequence / kHeldFrames) % samples.size()];
        const auto texts = decode(s.frame, sequence);
        benchmark::DoNotOptimize(texts.data());
        ++sequence;
    }
    state.counters["read"] = CountRead(samples, decode, live);
    state.counters["of"] = static_cast<double>(samples.size());
    state.SetLabel(std::to_string(w) + "x" + std::to_string(h) + " " + Name(content));
}

void BM_Live(benchmark::State& state) {
    Run(state, Live, true);
}
void BM_Still(benchmark::State& state) {
    Run(state, Still, false);
}
void BM_ZXingQrOnly(benchmark::State& state) {
    Run(state, ZXingQrOnly, false);
}
void BM_Zbar(benchmark::State& state) {
    Run(state, Zbar, false);
}

/// frame: 0 = 640x480, 1 = 1280x720, 2 = 1920x1080; content: 0 = no code, 1 = badge held
/// up, 2 = camera photo.
void Cases(benchmark::internal::Benchmark* b) {
    b->ArgsProduct({{0, 1, 2}, {0, 1, 2}})
        ->ArgNames({"frame", "content"})
        ->Unit(benchmark::kMillisecond);
}

} // namespace

BENCHMARK(BM_Live)->Apply(Cases);
BENCHMARK(BM_Still)->Apply(Cases);
BENCHMARK(BM_ZXingQrOnly)->Apply(Cases);
BENCHMARK(BM_Zbar)->Apply(Cases);

BENCHMARK_MAIN();
