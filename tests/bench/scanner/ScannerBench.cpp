// SPDX-License-Identifier: Apache-2.0
// Decode latency of the scanner pipeline against plain ZXing-cpp and zbar, on the same
// synthetic camera frames, with and without a badge in view.
//
//   accueil_scanner_bench [--reps N] [--frames N]
//
// Prints one table row per (resolution, content, decoder): median and p90 milliseconds per
// frame and how many frames gave the badge's token (for frames without a code: how many
// gave any code at all, which should be 0). Exits with status 2 if our pipeline read fewer
// badges than plain ZXing or zbar (run as a quick CTest check with --reps 1).

#include "ImageDegrade.h"
#include "ZbarDecode.h"

#include <accueil/scanner/BadgeKey.h>
#include <accueil/scanner/BadgeRender.h>
#include <accueil/scanner/BadgeToken.h>
#include <accueil/scanner/Decoder.h>

#define ZX_USE_UTF8
#include <ZXing/DecodeHints.h>
#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <random>
#include <string>
#include <vector>

using namespace accueil::scanner;
using namespace accueil::scanner::testing;

namespace {

/// A cluttered frame without a code: gradients, rectangles, text-like strokes, sensor noise.
GreyFrame Scene(int width, int height, unsigned seed) {
    std::mt19937 rng(seed);
    GreyFrame f;
    f.width = width;
    f.height = height;
    f.pixels.resize(static_cast<std::size_t>(width) * height);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            f.at(x, y) = static_cast<std::uint8_t>(60 + (x * 90) / width + (y * 50) / height);
        }
    }
    std::uniform_int_distribution<int> px(0, width - 1);
    std::uniform_int_distribution<int> py(0, height - 1);
    std::uniform_int_distribution<int> grey(20, 235);
    for (int i = 0; i < 40; ++i) {
        const int x0 = px(rng);
        const int y0 = py(rng);
        const int w = std::max(4, width / 4 * grey(rng) / 255);
        const int h = std::max(4, height / 4 * grey(rng) / 255);
        const auto g = static_cast<std::uint8_t>(grey(rng));
        for (int y = y0; y < std::min(height, y0 + h); ++y) {
            for (int x = x0; x < std::min(width, x0 + w); ++x) {
                f.at(x, y) = g;
            }
        }
    }
    for (int i = 0; i < 300; ++i) { // short dark strokes, like print in the background
        const int x0 = px(rng);
        const int y0 = py(rng);
        const int len = 3 + grey(rng) / 10;
        for (int k = 0; k < len && x0 + k < width; ++k) {
            f.at(x0 + k, y0) = 15;
        }
    }
    return AddNoise(f, 6.0, seed + 1);
}

struct Sample {
    GreyFrame frame;
    std::string expected; ///< empty: no code in the frame
};

struct Decoder {
    const char* name;
    std::function<std::vector<std::string>(const GreyFrame&)> decode;
};

std::vector<std::string> DecodeOurs(const GreyFrame& f) {
    std::vector<std::string> texts;
    for (auto& c : Decode(f.view())) {
        texts.push_back(std::move(c.text));
    }
    return texts;
}

std::vector<std::string> DecodePlainZXing(const GreyFrame& f) {
    std::vector<std::string> texts;
    const ZXing::ImageView view(f.pixels.data(), f.width, f.height, ZXing::ImageFormat::Lum);
    for (const auto& r : ZXing::ReadBarcodes(view, ZXing::DecodeHints{})) {
        if (r.isValid()) {
            texts.push_back(r.text());
        }
    }
    return texts;
}

std::vector<std::string> DecodeZbar(const GreyFrame& f) {
    return ZbarDecodeGrey(f.pixels.data(), f.width, f.height);
}

double Percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const std::size_t i = std::min(
        v.size() - 1, static_cast<std::size_t>(std::lround(p * static_cast<double>(v.size() - 1))));
    return v[i];
}

struct Options {
    int reps = 15;
    int framesPerCase = 8;
};

/// A count from the command line: leading digits as atoi reads them, at least 1.
int CountArg(const char* text) {
    const long n = std::strtol(text, nullptr, 10);
    return static_cast<int>(std::clamp<long>(n, 1, INT_MAX));
}

Options ParseOptions(int argc, char** argv) {
    Options options;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--reps") == 0) {
            options.reps = CountArg(argv[i + 1]);
        } else if (std::strcmp(argv[i], "--frames") == 0) {
            options.framesPerCase = CountArg(argv[i + 1]);
        }
    }
    return options;
}

struct FrameSize {
    int width;
    int height;
};

/// The frames of one (resolution, content) case. The badge as a camera sees it at the kiosk:
/// it fills about 80 % of the frame height, a little tilted, with sensor noise and slight blur.
std::vector<Sample> MakeSamples(FrameSize size, const GreyFrame* badge, const std::string& token,
                                int count) {
    const int w = size.width;
    const int h = size.height;
    std::vector<Sample> samples;
    samples.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        Sample s;
        s.frame = Scene(w, h, static_cast<unsigned>(1000 * i + w));
        if (badge != nullptr) {
            const double scale = 0.80 * h / badge->height;
            const GreyFrame tilted = Rotate(Scale(*badge, scale), -12.0 + 3.0 * i, 200);
            Composite(s.frame, tilted, (w - tilted.width) / 2 + (i % 3 - 1) * w / 10,
                      (h - tilted.height) / 2);
            s.frame = Blur(AddNoise(s.frame, 8.0, static_cast<unsigned>(i)), 1, 1);
            s.expected = token;
        }
        samples.push_back(std::move(s));
    }
    return samples;
}

/// Times one decoder on the samples, prints its table row, and returns how many frames it
/// read (with a badge: the badge's token; without: any code at all).
int MeasureDecoder(const Decoder& decoder, const std::vector<Sample>& samples, FrameSize size,
                   bool withBadge, int reps) {
    std::vector<double> ms;
    int read = 0;
    const int decoderReps =
        std::strncmp(decoder.name, "zbar", 4) == 0 ? std::max(1, reps / 3) : reps;
    for (const Sample& s : samples) {
        bool ok = false;
        for (int r = 0; r < decoderReps; ++r) {
            const auto t0 = std::chrono::steady_clock::now();
            const auto texts = decoder.decode(s.frame);
            ms.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                    .count());
            ok = withBadge ? std::find(texts.begin(), texts.end(), s.expected) != texts.end()
                           : !texts.empty();
        }
        read += ok ? 1 : 0;
    }
    std::printf("| %dx%d | %s | %s | %.2f | %.2f | %d/%zu |\n", size.width, size.height,
                withBadge ? "badge" : "no code", decoder.name, Percentile(ms, 0.5),
                Percentile(ms, 0.9), read, samples.size());
    (void)std::fflush(stdout);
    return read;
}

int Run(const Options& options) {
    auto key = GenerateBadgeKey();
    if (!key) {
        (void)std::fprintf(stderr, "%s\n", key.error().message.c_str());
        return 1;
    }
    BadgeData data{"BWC-RC9", "REG-00042", 1, 1790000000, "Aminata", "Diallo"};
    BadgePrintData print;
    print.token = *IssueBadgeToken(key->secretKey, data);
    print.givenName = "Aminata";
    print.familyName = "Diallo";
    print.delegation = "Senegal";
    print.category = "State Party";
    auto badge = RenderBadge(print);
    if (!badge) {
        (void)std::fprintf(stderr, "%s\n", badge.error().message.c_str());
        return 1;
    }

    const std::array<Decoder, 3> decoders = {
        {{"accueil Decode", DecodeOurs},
         {"ZXing ReadBarcodes, default hints", DecodePlainZXing},
         {"zbar (QR only)", DecodeZbar}}};
    constexpr std::array<FrameSize, 3> kSizes = {{{640, 480}, {1280, 720}, {1920, 1080}}};

    int status = 0;
    std::printf("| frame | content | decoder | median ms | p90 ms | read |\n");
    std::printf("| --- | --- | --- | ---: | ---: | ---: |\n");
    for (const FrameSize& size : kSizes) {
        for (const bool withBadge : {false, true}) {
            const std::vector<Sample> samples = MakeSamples(size, withBadge ? &*badge : nullptr,
                                                            print.token, options.framesPerCase);
            std::vector<int> reads;
            reads.reserve(decoders.size());
            for (const Decoder& decoder : decoders) {
                reads.push_back(MeasureDecoder(decoder, samples, size, withBadge, options.reps));
            }
            // Speed must not cost detections: ours reads every badge the others read, and
            // finds nothing where there is nothing.
            const bool fewer = withBadge ? reads[0] < std::max(reads[1], reads[2]) : reads[0] > 0;
            if (fewer) {
                (void)std::fprintf(
                    stderr, "%dx%d %s: accueil Decode read %d, the others %d and %d\n", size.width,
                    size.height, withBadge ? "badge" : "no code", reads[0], reads[1], reads[2]);
                status = 2;
            }
        }
    }
    return status;
}

} // namespace

int main(int argc, char** argv) {
    try {
        return Run(ParseOptions(argc, argv));
    } catch (const std::exception& e) {
        (void)std::fprintf(stderr, "accueil_scanner_bench: %s\n", e.what());
    } catch (...) {
        (void)std::fprintf(stderr, "accueil_scanner_bench: unknown exception\n");
    }
    return 1;
}
