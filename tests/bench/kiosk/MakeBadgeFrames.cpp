// SPDX-License-Identifier: Apache-2.0
// Writes camera-like frames for the kiosk benchmark: 640x480 grey images, each badge's QR code
// (a plain registrant ID) in one frame followed by empty frames, named so that a directory
// replay plays them in order.
//
//   accueil_kiosk_bench_frames DIR COUNT STEP EMPTY
//   -> DIR/f000000.png ...: badge REG-(i*STEP) for i = 1..COUNT, each then EMPTY empty frames

#include <accueil/scanner/BadgeRender.h>
#include <accueil/scanner/QrRender.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

namespace {

// The whole of `text` as a number; nothing if it is not one.
std::optional<int> ParseNumber(std::string_view text) {
    int value = 0;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc() || stop != end) {
        return std::nullopt;
    }
    return value;
}

// `value` with zeros in front up to six digits ("%06d").
std::string SixDigits(int value) {
    std::array<char, 16> text{};
    (void)std::snprintf(text.data(), text.size(), "%06d", value);
    return text.data();
}

// Says how to call the program; returns the status for a wrong call.
int Usage(const char* program) {
    (void)std::fprintf(stderr, "usage: %s DIR COUNT STEP EMPTY\n", program);
    return 2;
}

int Run(int argc, char** argv) {
    using namespace accueil::scanner;
    if (argc != 5) {
        return Usage(argv[0]);
    }
    const std::string dir = argv[1];
    const std::optional<int> count = ParseNumber(argv[2]);
    const std::optional<int> step = ParseNumber(argv[3]);
    const std::optional<int> empty = ParseNumber(argv[4]);
    if (!count || !step || !empty) {
        return Usage(argv[0]);
    }
    const GreyFrame blank{640, 480,
                          std::vector<std::uint8_t>(static_cast<std::size_t>(640) * 480, 170)};
    int n = 0;
    // Writes the next frame; false, having said why, when it cannot.
    auto write = [&](const GreyFrame& frame) {
        const std::string path = dir + "/f" + SixDigits(n++) + ".png";
        if (!WritePng(frame, path)) {
            (void)std::fprintf(stderr, "cannot write %s\n", path.c_str());
            return false;
        }
        return true;
    };
    for (int i = 1; i <= *count; ++i) {
        auto qr = RenderQr("REG-" + SixDigits(i * *step), 8);
        if (!qr) {
            (void)std::fprintf(stderr, "%s\n", qr.error().message.c_str());
            return 1;
        }
        // The code on a grey background, a little off centre, as held up to a camera.
        GreyFrame frame = blank;
        for (int y = 0; y < qr->height && y + 100 < 480; ++y) {
            for (int x = 0; x < qr->width && x + 200 < 640; ++x) {
                frame.at(x + 200, y + 100) = qr->at(x, y);
            }
        }
        if (!write(frame)) {
            return 1;
        }
        for (int e = 0; e < *empty; ++e) {
            if (!write(blank)) {
                return 1;
            }
        }
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    try {
        return Run(argc, argv);
    } catch (const std::exception& e) {
        (void)std::fprintf(stderr, "accueil_kiosk_bench_frames: %s\n", e.what());
        return 1;
    }
}
