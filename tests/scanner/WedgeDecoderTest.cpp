// SPDX-License-Identifier: Apache-2.0
#include <accueil/scanner/WedgeDecoder.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace accueil::scanner;

namespace {

constexpr std::int64_t kMs = 1000;
const std::string kToken =
    "AC1AAAADSCDRVNGXRMQAAMBEJ5UEWLLSIM4QSUKFI4WTAMBQGQZAOQLNNFXGC5DBAZCGSYLMNRXVMJ";
const std::string kIndico = R"({"i":[2,"indico.un.org","ABEiM0RVZneImaq7zN3u/w"]})";

/// Feeds every event and gathers the outputs.
WedgeOutput FeedAll(WedgeDecoder& decoder, const std::vector<KeyEvent>& events) {
    WedgeOutput all;
    for (const KeyEvent& e : events) {
        WedgeOutput out = decoder.feed(e);
        all.payloads.insert(all.payloads.end(), out.payloads.begin(), out.payloads.end());
        all.passthrough.insert(all.passthrough.end(), out.passthrough.begin(),
                               out.passthrough.end());
    }
    return all;
}

std::vector<KeyEvent> Scan(const std::string& text, WedgeLayout layout, std::int64_t start,
                           std::int64_t gap = 4 * kMs, int terminator = keys::kEnter) {
    auto events = TypeOnLayout(text, layout, start, gap);
    const std::int64_t end = events.empty() ? start : events.back().atMicros + gap;
    events.push_back(KeyEvent{terminator, false, false, end, 0});
    return events;
}

/// What a host with this layout's character callback would have typed for the same keys.
std::string HostText(const std::vector<KeyEvent>& events, WedgeLayout host) {
    std::string text;
    for (const KeyEvent& e : events) {
        text += CharacterFor(host, e.key, e.shift, e.altGr);
    }
    return text;
}

} // namespace

TEST(WedgeDecoder, UsScannerTypesATokenAndJson) {
    for (const std::string& payload : {kToken, kIndico}) {
        WedgeDecoder decoder;
        const auto keys = Scan(payload, WedgeLayout::Us, 1'000'000);
        const WedgeOutput out = FeedAll(decoder, keys);
        ASSERT_EQ(out.payloads.size(), 1u);
        EXPECT_EQ(out.payloads[0].text, payload);
        EXPECT_EQ(out.payloads[0].end, WedgeEnd::Enter);
        // Complete when its Enter came, one key after the text's last.
        EXPECT_EQ(out.payloads[0].lastKeyMicros, keys[keys.size() - 2].atMicros);
        EXPECT_EQ(out.payloads[0].endMicros, keys.back().atMicros);
        EXPECT_TRUE(out.passthrough.empty());
        EXPECT_FALSE(decoder.holding());
    }
}

TEST(WedgeDecoder, SwissHostDoesNotMatterBecauseKeyCodesAreDecoded) {
    const auto events = Scan(kIndico, WedgeLayout::Us, 0);
    // What the Swiss host's character callback would give: y/z swapped, JSON mangled.
    const std::string mangled = HostText(events, WedgeLayout::Swiss);
    EXPECT_NE(mangled.find("ü"), std::string::npos) << mangled; // '{' is the ü key there
    EXPECT_NE(mangled.substr(0, kIndico.size()), kIndico);
    WedgeDecoder decoder; // configured for the scanner's layout, US
    const WedgeOutput out = FeedAll(decoder, events);
    ASSERT_EQ(out.payloads.size(), 1u);
    EXPECT_EQ(out.payloads[0].text, kIndico);
}

TEST(WedgeDecoder, ScannersSetToOtherLayoutsDecodeThroughThem) {
    const std::string text = "AC1YZ-09_" + kIndico + "Qwerty.Azerty/Zürich";
    for (const auto& [name, layout] :
         {std::pair{"ch", WedgeLayout::Swiss}, std::pair{"de", WedgeLayout::German},
          std::pair{"fr", WedgeLayout::French}, std::pair{"us", WedgeLayout::Us}}) {
        ASSERT_EQ(ParseWedgeLayout(name), layout);
        // US has no ü, French types it only by composing a dead key: leave it out there.
        const std::string typeable = layout == WedgeLayout::Us ? kIndico + "Qwerty"
                                     : layout == WedgeLayout::French
                                         ? text.substr(0, text.size() - 7)
                                         : text;
        WedgeOptions options;
        options.layout = layout;
        WedgeDecoder decoder(options);
        const WedgeOutput out = FeedAll(decoder, Scan(typeable, layout, 0));
        ASSERT_EQ(out.payloads.size(), 1u) << name;
        EXPECT_EQ(out.payloads[0].text, typeable) << name;
        // Decoded as if US, the same keys give something else.
        WedgeDecoder us;
        const WedgeOutput wrong = FeedAll(us, Scan(typeable, layout, 0));
        if (layout != WedgeLayout::Us) {
            ASSERT_EQ(wrong.payloads.size(), 1u);
            EXPECT_NE(wrong.payloads[0].text, typeable) << name;
        }
    }
    EXPECT_FALSE(ParseWedgeLayout("dvorak"));
    EXPECT_EQ(CharacterFor(WedgeLayout::Swiss, keys::kA + ('Z' - 'A'), false, false), "y");
    EXPECT_EQ(CharacterFor(WedgeLayout::French, keys::kA + ('Q' - 'A'), true, false), "A");
}

TEST(WedgeDecoder, PersonTypingIsNeverAScan) {
    WedgeDecoder decoder;
    std::vector<KeyEvent> events;
    std::int64_t at = 5'000'000;
    const std::vector<std::int64_t> gaps = {120, 200, 150, 180, 135, 199, 121, 160};
    const std::string typed = "mueller jean-pierre";
    for (std::size_t i = 0; i < typed.size(); ++i) {
        auto key = TypeOnLayout(typed.substr(i, 1), WedgeLayout::Us, at, 0);
        events.insert(events.end(), key.begin(), key.end());
        at += gaps[i % gaps.size()] * kMs;
    }
    events.push_back(KeyEvent{keys::kEnter, false, false, at, 0});
    WedgeOutput out = FeedAll(decoder, events);
    const WedgeOutput tail = decoder.poll(at + 1'000'000);
    EXPECT_TRUE(out.payloads.empty());
    EXPECT_TRUE(tail.payloads.empty());
    ASSERT_EQ(out.passthrough.size(), events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
        EXPECT_EQ(out.passthrough[i].key, events[i].key) << i;
        EXPECT_EQ(out.passthrough[i].atMicros, events[i].atMicros) << i;
    }
}

TEST(WedgeDecoder, MixedTypingAndScans) {
    WedgeDecoder decoder;
    std::vector<KeyEvent> events;
    // A person types "ab", a badge is scanned, the person types "c" and presses Enter.
    events.push_back(KeyEvent{keys::kA, false, false, 0, 'a'});
    events.push_back(KeyEvent{keys::kA + 1, false, false, 150 * kMs, 'b'});
    // The scan starts longer than the end gap after the person's last key.
    const auto scan = Scan(kToken, WedgeLayout::Us, 600 * kMs, 2 * kMs);
    events.insert(events.end(), scan.begin(), scan.end());
    const std::int64_t after = scan.back().atMicros + 320 * kMs;
    events.push_back(KeyEvent{keys::kA + 2, false, false, after, 'c'});
    events.push_back(KeyEvent{keys::kEnter, false, false, after + 170 * kMs, 0});
    const WedgeOutput out = FeedAll(decoder, events);
    ASSERT_EQ(out.payloads.size(), 1u);
    EXPECT_EQ(out.payloads[0].text, kToken);
    ASSERT_EQ(out.passthrough.size(), 4u);
    EXPECT_EQ(out.passthrough[0].hostCodepoint, 'a');
    EXPECT_EQ(out.passthrough[1].hostCodepoint, 'b');
    EXPECT_EQ(out.passthrough[2].hostCodepoint, 'c');
    EXPECT_EQ(out.passthrough[3].key, keys::kEnter);
}

TEST(WedgeDecoder, BurstWithoutTerminatorEndsByTimeout) {
    WedgeDecoder decoder;
    const auto events = TypeOnLayout("REG-00042", WedgeLayout::Us, 0, 3 * kMs);
    WedgeOutput out = FeedAll(decoder, events);
    EXPECT_TRUE(out.payloads.empty());
    EXPECT_TRUE(decoder.holding());
    // Not within a stalled frame's length: the rest of the burst may still be on its way.
    EXPECT_TRUE(decoder.poll(events.back().atMicros + 250 * kMs).payloads.empty());
    out = decoder.poll(events.back().atMicros + 310 * kMs);
    ASSERT_EQ(out.payloads.size(), 1u);
    EXPECT_EQ(out.payloads[0].text, "REG-00042");
    EXPECT_EQ(out.payloads[0].end, WedgeEnd::Timeout);
    EXPECT_EQ(out.payloads[0].firstKeyMicros, 0);
    EXPECT_EQ(out.payloads[0].endMicros, events.back().atMicros); // no terminator: the last key
    EXPECT_FALSE(decoder.holding());
}

namespace {

/// What a window that is busy drawing does to a burst: keys sent at their times reach the
/// decoder only when the window next looks at its events, all at once. Each look comes
/// after a frame or stall of 0 to maxStall, chosen with a fixed seed.
std::vector<KeyEvent> DeliveredLate(std::vector<KeyEvent> sent, std::int64_t maxStall,
                                    unsigned seed) {
    std::uint64_t state = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    auto next = [&] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::int64_t>((state >> 33) % static_cast<std::uint64_t>(maxStall + 1));
    };
    // The first key is delivered at once (the window was idle), then the window stalls.
    std::int64_t look = sent.front().atMicros;
    for (KeyEvent& e : sent) {
        while (look < e.atMicros) {
            look += next() + 1;
        }
        e.atMicros = look; // a clump: every key that arrived during the stall
    }
    return sent;
}

} // namespace

TEST(WedgeDecoder, AStalledWindowDeliversABurstLateAndInClumpsAndItIsOneScan) {
    int runs = 0;
    for (const std::int64_t pace : {1 * kMs / 10, 5 * kMs, 20 * kMs}) {
        for (const std::int64_t stall : {63 * kMs, 150 * kMs, 250 * kMs}) {
            for (unsigned seed = 1; seed <= 20; ++seed) {
                for (const std::string& payload : {kToken, kIndico, std::string("REG-1")}) {
                    WedgeDecoder decoder;
                    const auto keys =
                        DeliveredLate(Scan(payload, WedgeLayout::Us, 0, pace), stall, seed);
                    WedgeOutput out = FeedAll(decoder, keys);
                    const WedgeOutput tail = decoder.poll(keys.back().atMicros + 1'000 * kMs);
                    ASSERT_EQ(out.payloads.size(), 1u)
                        << "pace " << pace << " stall " << stall << " seed " << seed;
                    EXPECT_EQ(out.payloads[0].text, payload);
                    EXPECT_TRUE(out.passthrough.empty());
                    EXPECT_TRUE(tail.payloads.empty());
                    ++runs;
                }
            }
        }
    }
    EXPECT_EQ(runs, 3 * 3 * 20 * 3);
}

TEST(WedgeDecoder, TheFirstKeyAloneThenAStallIsStillOneScan) {
    // The window takes the first key, then draws a 250 ms frame while the rest arrives.
    auto keys = Scan(kToken, WedgeLayout::Us, 0, 5 * kMs);
    for (std::size_t i = 1; i < keys.size(); ++i) {
        keys[i].atMicros = std::max(keys[i].atMicros, 250 * kMs);
    }
    WedgeDecoder decoder;
    const WedgeOutput out = FeedAll(decoder, keys);
    ASSERT_EQ(out.payloads.size(), 1u);
    EXPECT_EQ(out.payloads[0].text, kToken);
}

TEST(WedgeDecoder, PersonTypingWithoutEnterIsNoScanEvenWhenDeliveredInClumps) {
    std::vector<KeyEvent> typed;
    std::int64_t at = 0;
    const std::vector<std::int64_t> gaps = {110, 180, 140, 230, 125, 160};
    const std::string text = "reg-00042 hello";
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto key = TypeOnLayout(text.substr(i, 1), WedgeLayout::Us, at, 0);
        typed.insert(typed.end(), key.begin(), key.end());
        at += gaps[i % gaps.size()] * kMs;
    }
    for (const std::int64_t stall : {std::int64_t{0}, 63 * kMs, 250 * kMs}) {
        const auto keys = stall == 0 ? typed : DeliveredLate(typed, stall, 7);
        WedgeDecoder decoder;
        WedgeOutput out = FeedAll(decoder, keys);
        const WedgeOutput tail = decoder.poll(keys.back().atMicros + 1'000 * kMs);
        EXPECT_TRUE(out.payloads.empty()) << stall;
        EXPECT_TRUE(tail.payloads.empty()) << stall;
        EXPECT_EQ(out.passthrough.size() + tail.passthrough.size(), keys.size()) << stall;
        EXPECT_FALSE(decoder.holding());
    }
}

TEST(WedgeDecoder, CapsLockIsReportedWithTheTextTheScannerMeant) {
    // A scanner that follows the host's caps lock leaves Shift off for capitals.
    auto keys = Scan(kToken + "-mixed", WedgeLayout::Us, 0, 5 * kMs);
    for (KeyEvent& e : keys) {
        e.capsLock = true;
        if (e.key >= keys::kA && e.key <= keys::kA + 25) {
            e.shift = !e.shift;
        }
    }
    WedgeDecoder decoder;
    const WedgeOutput out = FeedAll(decoder, keys);
    ASSERT_EQ(out.payloads.size(), 1u);
    EXPECT_TRUE(out.payloads[0].capsLock);
    EXPECT_EQ(out.payloads[0].capsText, kToken + "-mixed");
    EXPECT_NE(out.payloads[0].text, kToken + "-mixed");
    // A scanner that ignores caps lock presses Shift as usual: its text is right as it is.
    auto plain = Scan(kToken, WedgeLayout::Us, 0, 5 * kMs);
    for (KeyEvent& e : plain) {
        e.capsLock = true;
    }
    WedgeDecoder other;
    const WedgeOutput read = FeedAll(other, plain);
    ASSERT_EQ(read.payloads.size(), 1u);
    EXPECT_EQ(read.payloads[0].text, kToken);
    EXPECT_TRUE(read.payloads[0].capsLock);
    // Without caps lock there is no second reading.
    WedgeDecoder off;
    const WedgeOutput none = FeedAll(off, Scan(kToken, WedgeLayout::Us, 0, 5 * kMs));
    ASSERT_EQ(none.payloads.size(), 1u);
    EXPECT_FALSE(none.payloads[0].capsLock);
    EXPECT_TRUE(none.payloads[0].capsText.empty());
}

TEST(WedgeDecoder, TabEndsAndModifiersAreIgnored) {
    WedgeDecoder decoder;
    auto events = Scan("REG-00042", WedgeLayout::Us, 0, 3 * kMs, keys::kTab);
    events.insert(events.begin() + 2, KeyEvent{keys::kLeftShift, false, false, 4 * kMs, 0});
    const WedgeOutput out = FeedAll(decoder, events);
    ASSERT_EQ(out.payloads.size(), 1u);
    EXPECT_EQ(out.payloads[0].text, "REG-00042");
    EXPECT_EQ(out.payloads[0].end, WedgeEnd::Tab);
    // Unknown keys inside a burst are marked, not dropped silently.
    WedgeDecoder other;
    std::vector<KeyEvent> odd = Scan("ABCD", WedgeLayout::Us, 0, 2 * kMs);
    odd[1].key = 299; // F10
    const WedgeOutput marked = FeedAll(other, odd);
    ASSERT_EQ(marked.payloads.size(), 1u);
    EXPECT_EQ(marked.payloads[0].text, "A\xEF\xBF\xBD"
                                       "CD");
}
