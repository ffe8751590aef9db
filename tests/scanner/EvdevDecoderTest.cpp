// SPDX-License-Identifier: Apache-2.0
#include "EvdevRecording.h"

#include <accueil/scanner/EvdevDecoder.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace accueil::scanner;
using accueil::scanner::test::Recording;

namespace {

constexpr std::int64_t kMs = 1000;
constexpr std::int64_t kSecond = 1000 * kMs;
const std::string kToken =
    "AC1AAAADSCDRVNGXRMQAAMBEJ5UEWLLSIM4QSUKFI4WTAMBQGQZAOQLNNFXGC5DBAZCGSYLMNRXVMJ";

/// Feeds every event, as a reader that got them all in one read would, and gathers the
/// outputs.
WedgeOutput FeedAll(EvdevDecoder& decoder, const std::vector<input_event>& events) {
    WedgeOutput all;
    for (const input_event& e : events) {
        WedgeOutput out = decoder.feed(e);
        all.payloads.insert(all.payloads.end(), out.payloads.begin(), out.payloads.end());
        all.passthrough.insert(all.passthrough.end(), out.passthrough.begin(),
                               out.passthrough.end());
    }
    return all;
}

} // namespace

TEST(EvdevDecoder, LinuxKeyCodesMapOntoTheWindowsKeyPositions) {
    EXPECT_EQ(KeyFromEvdev(KEY_A), keys::kA);
    EXPECT_EQ(KeyFromEvdev(KEY_Q), keys::kA + ('Q' - 'A'));
    EXPECT_EQ(KeyFromEvdev(KEY_Z), keys::kA + ('Z' - 'A'));
    EXPECT_EQ(KeyFromEvdev(KEY_0), keys::k0);
    EXPECT_EQ(KeyFromEvdev(KEY_9), keys::k0 + 9);
    EXPECT_EQ(KeyFromEvdev(KEY_102ND), keys::kWorld2);
    EXPECT_EQ(KeyFromEvdev(KEY_KP0), keys::kKp0);
    EXPECT_EQ(KeyFromEvdev(KEY_KPENTER), keys::kKpEnter);
    EXPECT_EQ(KeyFromEvdev(KEY_RIGHTALT), keys::kRightAlt);
    EXPECT_EQ(KeyFromEvdev(KEY_F1), kUnknownKey);
    // Every letter once: Linux numbers them in row order, GLFW alphabetically.
    std::vector<int> letters;
    for (unsigned code = 0; code < 256; ++code) {
        const int key = KeyFromEvdev(code);
        if (key >= keys::kA && key <= keys::kA + 25) {
            letters.push_back(key);
        }
    }
    EXPECT_EQ(letters.size(), 26u);
}

TEST(EvdevDecoder, ABurstReadAllAtOnceIsTimedByItsKernelStamps) {
    // 5 ms between keys on the kernel's clock, however late and in one piece they are read.
    Recording rec(100 * kSecond, 5 * kMs);
    rec.type(kToken);
    rec.press(KEY_ENTER);
    EvdevDecoder decoder;
    const WedgeOutput out = FeedAll(decoder, rec.events());
    ASSERT_EQ(out.payloads.size(), 1u);
    EXPECT_EQ(out.payloads[0].text, kToken);
    EXPECT_EQ(out.payloads[0].end, WedgeEnd::Enter);
    EXPECT_FALSE(out.payloads[0].capsLock);
    EXPECT_EQ(out.payloads[0].firstKeyMicros, 100 * kSecond);
    // Capitals and digits: one key event per character, 5 ms apart.
    EXPECT_EQ(out.payloads[0].lastKeyMicros - out.payloads[0].firstKeyMicros,
              static_cast<std::int64_t>(kToken.size() - 1) * 5 * kMs);
    EXPECT_TRUE(out.passthrough.empty());
    EXPECT_FALSE(decoder.holding());
}

TEST(EvdevDecoder, DoubledLettersAtZeroMillisecondsAreKept) {
    // A fast scanner sends every key with the same stamp: press/release pairs, not states.
    Recording rec(1'000'000, 0);
    const std::string text = "REG-0001100AABBcc";
    rec.type(text);
    rec.press(KEY_ENTER);
    EvdevDecoder decoder;
    const WedgeOutput out = FeedAll(decoder, rec.events());
    ASSERT_EQ(out.payloads.size(), 1u);
    EXPECT_EQ(out.payloads[0].text, text);
    EXPECT_EQ(out.payloads[0].lastKeyMicros, out.payloads[0].firstKeyMicros);
}

TEST(EvdevDecoder, ShiftAndAltGrComeFromTheDevicesOwnModifiers) {
    // A German-layout scanner types '@' with AltGr+Q and '{' with AltGr+7; either Shift
    // makes capitals.
    const std::string text = R"({"i":[2,"Mail@Zürich"]})";
    Recording rec(0, 3 * kMs, WedgeLayout::German);
    rec.type(text);
    rec.press(KEY_ENTER);
    WedgeOptions options;
    options.layout = WedgeLayout::German;
    EvdevDecoder decoder(options);
    const WedgeOutput out = FeedAll(decoder, rec.events());
    ASSERT_EQ(out.payloads.size(), 1u);
    EXPECT_EQ(out.payloads[0].text, text);
    // The same keys with right Shift instead of left.
    Recording right(0, 3 * kMs, WedgeLayout::German, KEY_RIGHTSHIFT);
    right.type("ABC-def");
    right.press(KEY_KPENTER);
    EvdevDecoder other(options);
    const WedgeOutput read = FeedAll(other, right.events());
    ASSERT_EQ(read.payloads.size(), 1u);
    EXPECT_EQ(read.payloads[0].text, "ABC-def");
}

TEST(EvdevDecoder, CapsLockOnGivesTheTextAsSentAndTheTextMeant) {
    // The LED reports caps lock on; a scanner that follows it leaves Shift off for capitals.
    Recording rec(0, 5 * kMs);
    rec.led(true);
    rec.type(kToken + "-mixed", /*invertLetters=*/true);
    rec.press(KEY_ENTER);
    EvdevDecoder decoder;
    const WedgeOutput out = FeedAll(decoder, rec.events());
    ASSERT_EQ(out.payloads.size(), 1u);
    EXPECT_TRUE(out.payloads[0].capsLock);
    EXPECT_NE(out.payloads[0].text, kToken + "-mixed"); // decoded as the scanner sent it
    EXPECT_EQ(out.payloads[0].capsText, kToken + "-mixed");
    EXPECT_TRUE(decoder.capsLock());

    // A scanner that presses Caps Lock itself, then types as usual: its text is right as
    // sent, and the second reading is there for the store to try.
    Recording toggled(0, 5 * kMs);
    toggled.press(KEY_CAPSLOCK);
    toggled.type("REG-00042");
    toggled.press(KEY_ENTER);
    EvdevDecoder second;
    const WedgeOutput read = FeedAll(second, toggled.events());
    ASSERT_EQ(read.payloads.size(), 1u);
    EXPECT_EQ(read.payloads[0].text, "REG-00042");
    EXPECT_TRUE(read.payloads[0].capsLock);
    EXPECT_EQ(read.payloads[0].capsText, "reg-00042");

    // The LED going off turns it off again.
    Recording off(0, 5 * kMs);
    off.led(true);
    off.led(false);
    off.type("REG-00042");
    off.press(KEY_ENTER);
    EvdevDecoder third;
    const WedgeOutput plain = FeedAll(third, off.events());
    ASSERT_EQ(plain.payloads.size(), 1u);
    EXPECT_FALSE(plain.payloads[0].capsLock);
    EXPECT_TRUE(plain.payloads[0].capsText.empty());
}

TEST(EvdevDecoder, APersonTypingSlowlyIsNeverAScan) {
    Recording rec(0, 0);
    const std::string typed = "reg-00042";
    const std::vector<std::int64_t> gaps = {120, 200, 150, 180, 135, 199, 121, 160};
    for (std::size_t i = 0; i < typed.size(); ++i) {
        rec.type(typed.substr(i, 1));
        rec.wait(gaps[i % gaps.size()] * kMs);
    }
    rec.press(KEY_ENTER);
    EvdevDecoder decoder;
    WedgeOutput out = FeedAll(decoder, rec.events());
    const WedgeOutput tail = decoder.poll(rec.now() + 1'000 * kMs);
    EXPECT_TRUE(out.payloads.empty());
    EXPECT_TRUE(tail.payloads.empty());
    // Every key came out as typed by a person (with Enter), none lost.
    EXPECT_EQ(out.passthrough.size() + tail.passthrough.size(), typed.size() + 1);
}

TEST(EvdevDecoder, ABurstCutByATwoSecondPauseIsNotOneScan) {
    Recording rec(0, 5 * kMs);
    rec.type(kToken.substr(0, 20));
    rec.wait(2'000 * kMs);
    rec.type(kToken.substr(20));
    rec.press(KEY_ENTER);
    EvdevDecoder decoder;
    const WedgeOutput out = FeedAll(decoder, rec.events());
    ASSERT_EQ(out.payloads.size(), 2u);
    EXPECT_EQ(out.payloads[0].text, kToken.substr(0, 20));
    EXPECT_EQ(out.payloads[0].end, WedgeEnd::Timeout);
    EXPECT_EQ(out.payloads[1].text, kToken.substr(20));
    EXPECT_EQ(out.payloads[1].end, WedgeEnd::Enter);
}

TEST(EvdevDecoder, RepeatsScanCodesAndSyncsAddNothing) {
    Recording rec(0, 2 * kMs);
    rec.type("REG-1");
    rec.repeat(KEY_1); // the key held past the repeat delay: not another '1'
    rec.type("23");
    rec.press(KEY_NUMLOCK);
    rec.press(KEY_ENTER);
    EvdevDecoder decoder;
    const WedgeOutput out = FeedAll(decoder, rec.events());
    ASSERT_EQ(out.payloads.size(), 1u);
    EXPECT_EQ(out.payloads[0].text, "REG-123");
    // A key the layouts do not type is marked inside the burst, as in the window.
    Recording odd(0, 2 * kMs);
    odd.type("AB");
    odd.press(KEY_F5);
    odd.type("CD");
    odd.press(KEY_ENTER);
    EvdevDecoder other;
    const WedgeOutput marked = FeedAll(other, odd.events());
    ASSERT_EQ(marked.payloads.size(), 1u);
    EXPECT_EQ(marked.payloads[0].text, "AB\xEF\xBF\xBD"
                                       "CD");
}

TEST(EvdevDecoder, ABurstWithoutTerminatorEndsWhenPolledOnTheEventsClock) {
    Recording rec(50 * kSecond, 4 * kMs);
    rec.type("REG-00042");
    EvdevDecoder decoder;
    EXPECT_TRUE(FeedAll(decoder, rec.events()).payloads.empty());
    EXPECT_TRUE(decoder.holding());
    EXPECT_EQ(decoder.lastEventMicros(), rec.now() - 4 * kMs);
    EXPECT_TRUE(decoder.poll(decoder.lastEventMicros() + 100 * kMs).payloads.empty());
    const WedgeOutput out = decoder.poll(decoder.lastEventMicros() + 400 * kMs);
    ASSERT_EQ(out.payloads.size(), 1u);
    EXPECT_EQ(out.payloads[0].text, "REG-00042");
    EXPECT_EQ(out.payloads[0].end, WedgeEnd::Timeout);
}
