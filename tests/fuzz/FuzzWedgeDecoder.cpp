// SPDX-License-Identifier: Apache-2.0
// The keyboard-wedge decoder fed arbitrary key events: every key comes out exactly once,
// either in a payload or passed through, and nothing crashes.
#include <accueil/scanner/WedgeDecoder.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace accueil::scanner;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) {
        return 0;
    }
    WedgeOptions options;
    options.layout = static_cast<WedgeLayout>(data[0] % 4);
    options.maxLength = 64;
    WedgeDecoder decoder(options);
    std::int64_t at = 0;
    std::size_t fed = 0;
    std::size_t out = 0;
    const auto count = [&](const WedgeOutput& o) {
        out += o.passthrough.size();
        for (const auto& p : o.payloads) {
            if (p.text.empty() || p.lastKeyMicros < p.firstKeyMicros ||
                p.capsLock != !p.capsText.empty()) {
                std::abort();
            }
        }
    };
    // Each event takes 3 bytes: key (0-255 mapped onto GLFW codes), modifiers, gap (ms).
    for (std::size_t i = 1; i + 2 < size; i += 3) {
        KeyEvent e;
        e.key = data[i] < 200 ? data[i] : 256 + (data[i] - 200) * 2; // reach Enter, Tab, keypad…
        e.shift = (data[i + 1] & 1) != 0;
        e.altGr = (data[i + 1] & 2) != 0;
        e.capsLock = (data[i + 1] & 4) != 0;
        at += static_cast<std::int64_t>(data[i + 2]) * 1000;
        e.atMicros = at;
        ++fed;
        count(decoder.feed(e));
    }
    count(decoder.poll(at + 1'000'000));
    if (decoder.holding() || out > fed) {
        std::abort();
    }
    return 0;
}
