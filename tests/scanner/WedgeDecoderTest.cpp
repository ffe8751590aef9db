// SPDX-License-Identifier: Apache-2.0
#include <accueil/scanner/WedgeDecoder.h>

#include <gtest/gtest.h>

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
        const WedgeOutput out = FeedAll(decoder, Scan(payload, WedgeLayout::Us, 1'000'000));
        ASSERT_EQ(out.payloads.size(), 1u);
        EXPECT_EQ(out.payloads[0].text, payload);
        EXPECT_EQ(out.payloads[0].end, WedgeEnd::Enter);
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
    const auto scan = Scan(kToken, WedgeLayout::Us, 400 * kMs, 2 * kMs);
    events.insert(events.end(), scan.begin(), scan.end());
    const std::int64_t after = scan.back().atMicros + 300 * kMs;
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
    EXPECT_TRUE(decoder.poll(events.back().atMicros + 40 * kMs).payloads.empty()); // not yet
    out = decoder.poll(events.back().atMicros + 60 * kMs);
    ASSERT_EQ(out.payloads.size(), 1u);
    EXPECT_EQ(out.payloads[0].text, "REG-00042");
    EXPECT_EQ(out.payloads[0].end, WedgeEnd::Timeout);
    EXPECT_EQ(out.payloads[0].firstKeyMicros, 0);
    EXPECT_FALSE(decoder.holding());
}

TEST(WedgeDecoder, BurstCutByAPauseGivesTwoPartsNotOneWrongScan) {
    WedgeDecoder decoder;
    auto first = TypeOnLayout("REG-0", WedgeLayout::Us, 0, 3 * kMs);
    auto second = Scan("0042", WedgeLayout::Us, first.back().atMicros + 80 * kMs, 3 * kMs);
    first.insert(first.end(), second.begin(), second.end());
    const WedgeOutput out = FeedAll(decoder, first);
    ASSERT_EQ(out.payloads.size(), 2u);
    EXPECT_EQ(out.payloads[0].text, "REG-0");
    EXPECT_EQ(out.payloads[0].end, WedgeEnd::Timeout);
    EXPECT_EQ(out.payloads[1].text, "0042");
    EXPECT_EQ(out.payloads[1].end, WedgeEnd::Enter);
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
