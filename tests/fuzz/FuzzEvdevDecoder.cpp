// SPDX-License-Identifier: Apache-2.0
// The evdev decoder fed arbitrary input_event streams (any type, code, value and time,
// including times that go backwards): every press comes out at most once, payloads are
// well formed, and nothing crashes.
#include <accueil/scanner/EvdevDecoder.h>

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
    EvdevDecoder decoder(options);
    std::int64_t at = 0;
    std::size_t presses = 0;
    std::size_t out = 0;
    bool backwards = false; // a replayed recording may do it; a payload's span then may too
    const auto count = [&](const WedgeOutput& o) {
        out += o.passthrough.size();
        for (const auto& p : o.payloads) {
            if (p.text.empty() || (!backwards && p.lastKeyMicros < p.firstKeyMicros) ||
                p.capsLock != !p.capsText.empty()) {
                std::abort();
            }
        }
    };
    // Each event takes 5 bytes: type (mostly EV_KEY), code, value, time step (ms, signed).
    for (std::size_t i = 1; i + 4 < size; i += 5) {
        input_event e{};
        const std::uint8_t t = data[i];
        e.type = t < 200 ? EV_KEY : t < 220 ? EV_LED : t < 240 ? EV_MSC : t < 250 ? EV_SYN : t;
        e.code = static_cast<std::uint16_t>(data[i + 1] | ((data[i + 2] & 0x01) << 8));
        e.value = static_cast<std::int8_t>(data[i + 3]) % 4;
        const int step = data[i + 4] < 128 ? data[i + 4] : data[i + 4] - 256; // -128..127 ms
        backwards = backwards || step < 0;
        at += std::int64_t{step} * 1000;
        e.input_event_sec = at / 1'000'000;
        e.input_event_usec = at % 1'000'000;
        if (e.type == EV_KEY && e.value == 1) {
            ++presses;
        }
        count(decoder.feed(e));
    }
    count(decoder.poll(decoder.lastEventMicros() + 1'000'000));
    if (decoder.holding() || out > presses) {
        std::abort();
    }
    return 0;
}
