// SPDX-License-Identifier: Apache-2.0
// Writes camera-like frames for the kiosk benchmark: 640x480 grey images, each badge's QR code
// (a plain registrant ID) in one frame followed by empty frames, named so that a directory
// replay plays them in order.
//
//   accueil_kiosk_bench_frames DIR COUNT STEP EMPTY
//   -> DIR/f000000.png ...: badge REG-(i*STEP) for i = 1..COUNT, each then EMPTY empty frames

#include <accueil/scanner/BadgeRender.h>
#include <accueil/scanner/QrRender.h>

#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
    using namespace accueil::scanner;
    if (argc != 5) {
        std::fprintf(stderr, "usage: %s DIR COUNT STEP EMPTY\n", argv[0]);
        return 2;
    }
    const std::string dir = argv[1];
    const int count = std::atoi(argv[2]);
    const int step = std::atoi(argv[3]);
    const int empty = std::atoi(argv[4]);
    GreyFrame blank{640, 480, std::vector<std::uint8_t>(640 * 480, 170)};
    int n = 0;
    auto write = [&](const GreyFrame& frame) {
        char name[32];
        std::snprintf(name, sizeof name, "/f%06d.png", n++);
        if (!WritePng(frame, dir + name)) {
            std::fprintf(stderr, "cannot write %s%s\n", dir.c_str(), name);
            std::exit(1);
        }
    };
    for (int i = 1; i <= count; ++i) {
        char id[32];
        std::snprintf(id, sizeof id, "REG-%06d", i * step);
        auto qr = RenderQr(id, 8);
        if (!qr) {
            std::fprintf(stderr, "%s\n", qr.error().message.c_str());
            return 1;
        }
        // The code on a grey background, a little off centre, as held up to a camera.
        GreyFrame frame = blank;
        for (int y = 0; y < qr->height && y + 100 < 480; ++y) {
            for (int x = 0; x < qr->width && x + 200 < 640; ++x) {
                frame.at(x + 200, y + 100) = qr->at(x, y);
            }
        }
        write(frame);
        for (int e = 0; e < empty; ++e) {
            write(blank);
        }
    }
    return 0;
}
