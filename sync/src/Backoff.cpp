// SPDX-License-Identifier: Apache-2.0
#include <accueil/sync/Backoff.h>

#include <algorithm>
#include <cmath>

namespace accueil::sync {

Millis NominalDelay(const BackoffPolicy& policy, int failures) {
    const int n = std::max(failures, 1) - 1;
    // Grow in floating point and clamp before converting: no overflow after many failures.
    const double grown = static_cast<double>(policy.initial.count()) *
                         std::pow(std::max(policy.multiplier, 1.0), std::min(n, 64));
    const double capped = std::min(grown, static_cast<double>(policy.cap.count()));
    return Millis(static_cast<Millis::rep>(capped));
}

Millis BackoffDelay(const BackoffPolicy& policy, int failures, double unit,
                    std::optional<Millis> retryAfter) {
    const Millis nominal = NominalDelay(policy, failures);
    const double jitter = std::clamp(policy.jitter, 0.0, 1.0);
    const double u = std::clamp(unit, 0.0, 1.0);
    auto delay =
        Millis(static_cast<Millis::rep>(static_cast<double>(nominal.count()) * (1.0 - jitter * u)));
    if (retryAfter) {
        delay = std::max(delay, std::min(*retryAfter, policy.cap));
    }
    return delay;
}

double UnitFromBits(std::uint64_t bits) {
    return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

RetrySchedule::RetrySchedule(BackoffPolicy policy, Millis interval, Clock clock, Random random)
    : m_policy(policy), m_interval(interval), m_clock(std::move(clock)),
      m_random(std::move(random)) {}

std::chrono::steady_clock::time_point RetrySchedule::onSuccess() {
    m_failures = 0;
    return m_clock() + m_interval;
}

std::chrono::steady_clock::time_point RetrySchedule::onFailure(std::optional<Millis> retryAfter) {
    ++m_failures;
    return m_clock() + BackoffDelay(m_policy, m_failures, UnitFromBits(m_random()), retryAfter);
}

} // namespace accueil::sync
