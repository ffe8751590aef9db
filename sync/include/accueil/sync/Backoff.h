// SPDX-License-Identifier: Apache-2.0
#pragma once

// Retry timing for the sync worker, as pure functions: the clock and the random engine come
// from the caller, so a test can assert an exact sequence.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

namespace accueil::sync {

using Millis = std::chrono::milliseconds;

/// Exponential backoff with jitter. Delay n (n = consecutive failures, from 1) is
/// min(cap, initial * multiplier^(n-1)), then reduced by up to `jitter` of itself at random
/// ("equal jitter": 0.5 keeps it between half and all of the nominal delay).
struct BackoffPolicy {
    Millis initial{1000};
    Millis cap{60'000};
    double multiplier = 2.0;
    double jitter = 0.5; ///< 0 = none, 1 = anywhere between 0 and the nominal delay
};

/// The nominal delay (without jitter) after `failures` consecutive failures (>= 1).
Millis NominalDelay(const BackoffPolicy& policy, int failures);

/// The delay after `failures` consecutive failures, with jitter from `unit` (a number in
/// [0, 1) drawn by the caller). A server's Retry-After, when given, is a floor: the delay is
/// never shorter than it (capped at `policy.cap` too, so a hostile header cannot park a kiosk
/// for hours). Pure; any thread.
Millis BackoffDelay(const BackoffPolicy& policy, int failures, double unit,
                    std::optional<Millis> retryAfter = std::nullopt);

/// A number in [0, 1) from the top 53 bits of one draw of a 64-bit engine (the same on every
/// standard library, unlike std::uniform_real_distribution).
double UnitFromBits(std::uint64_t bits);

/// Schedules the next round: the normal interval after a success, a backoff delay after a
/// failure. Holds the failure count; clock and random engine injected. One thread.
class RetrySchedule {
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;
    using Random = std::function<std::uint64_t()>;

    RetrySchedule(BackoffPolicy policy, Millis interval, Clock clock, Random random);

    /// Records a success; returns when the next round is due.
    std::chrono::steady_clock::time_point onSuccess();
    /// Records a failure; returns when the next attempt is due.
    std::chrono::steady_clock::time_point onFailure(std::optional<Millis> retryAfter = {});
    int failures() const { return m_failures; }

private:
    BackoffPolicy m_policy;
    Millis m_interval;
    Clock m_clock;
    Random m_random;
    int m_failures = 0;
};

} // namespace accueil::sync
