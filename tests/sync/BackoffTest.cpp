// SPDX-License-Identifier: Apache-2.0
#include <accueil/sync/Backoff.h>

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace accueil::sync {
namespace {

using std::chrono::steady_clock;

TEST(Backoff, NominalDelayGrowsAndIsCapped) {
    const BackoffPolicy p{Millis(500), Millis(8000), 2.0, 0.0};
    std::vector<long> got;
    for (int n = 1; n <= 7; ++n) {
        got.push_back(static_cast<long>(NominalDelay(p, n).count()));
    }
    EXPECT_EQ(got, (std::vector<long>{500, 1000, 2000, 4000, 8000, 8000, 8000}));
    EXPECT_EQ(NominalDelay(p, 100000).count(), 8000); // no overflow after days offline
}

TEST(Backoff, JitterTakesUpToItsShare) {
    const BackoffPolicy p{Millis(1000), Millis(60'000), 2.0, 0.5};
    EXPECT_EQ(BackoffDelay(p, 3, 0.0).count(), 4000);
    EXPECT_EQ(BackoffDelay(p, 3, 0.5).count(), 3000);
    EXPECT_EQ(BackoffDelay(p, 3, 0.999999).count(), 2000);
}

TEST(Backoff, RetryAfterIsAFloorButCapped) {
    const BackoffPolicy p{Millis(1000), Millis(30'000), 2.0, 0.5};
    EXPECT_EQ(BackoffDelay(p, 1, 0.0, Millis(7000)).count(), 7000);
    EXPECT_EQ(BackoffDelay(p, 5, 0.0, Millis(100)).count(), 16000);
    EXPECT_EQ(BackoffDelay(p, 1, 0.0, Millis(3'600'000)).count(), 30000);
}

TEST(Backoff, UnitFromBitsIsInRange) {
    EXPECT_EQ(UnitFromBits(0), 0.0);
    EXPECT_LT(UnitFromBits(~0ULL), 1.0);
    EXPECT_EQ(UnitFromBits(1ULL << 63), 0.5);
}

TEST(Backoff, ScheduleGivesAnExactSequenceWithInjectedClockAndEngine) {
    auto now = steady_clock::time_point{} + std::chrono::hours(1);
    std::vector<std::uint64_t> draws{0, 1ULL << 63, 0, ~0ULL, 1ULL << 62};
    std::size_t next = 0;
    RetrySchedule s(
        BackoffPolicy{Millis(1000), Millis(10'000), 3.0, 0.5}, Millis(5000), [&] { return now; },
        [&] { return draws[next++ % draws.size()]; });
    auto delay = [&](steady_clock::time_point t) {
        return std::chrono::duration_cast<Millis>(t - now).count();
    };
    EXPECT_EQ(delay(s.onFailure()), 1000); // 1000, u=0
    EXPECT_EQ(delay(s.onFailure()), 2250); // 3000, u=0.5 -> 3000*0.75
    EXPECT_EQ(delay(s.onFailure()), 9000); // 9000, u=0
    EXPECT_EQ(delay(s.onFailure()), 5000); // capped 10000, u~1 -> ~5000
    EXPECT_EQ(s.failures(), 4);
    EXPECT_EQ(delay(s.onFailure(Millis(9500))), 9500); // 10000*(1-0.125)=8750 < Retry-After
    EXPECT_EQ(delay(s.onSuccess()), 5000);
    EXPECT_EQ(s.failures(), 0);
    EXPECT_EQ(delay(s.onFailure()), 1000); // starts over, u=0 again
}

TEST(Backoff, SameSeedSameSequence) {
    auto run = [](std::uint64_t seed) {
        std::mt19937_64 engine(seed);
        const auto t0 = steady_clock::time_point{};
        RetrySchedule s(
            BackoffPolicy{}, Millis(5000), [&] { return t0; }, [&] { return engine(); });
        std::vector<long> out;
        out.reserve(8);
        for (int i = 0; i < 8; ++i) {
            out.push_back(static_cast<long>((s.onFailure() - t0).count()));
        }
        return out;
    };
    EXPECT_EQ(run(42), run(42));
    EXPECT_NE(run(42), run(43));
}

} // namespace
} // namespace accueil::sync
