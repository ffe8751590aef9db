// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <vector>

namespace accueil::sync::bench {

using Clock = std::chrono::steady_clock;

inline double Ms(Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

inline double Percentile(std::vector<double> v, double p) {
    if (v.empty()) {
        return 0;
    }
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(std::lround(p * static_cast<double>(v.size() - 1)));
    return v[std::min(i, v.size() - 1)];
}

struct LoadOptions {
    int kiosks = 200;
    int intervalSeconds = 5;
    int checkInsPerSecond = 20;
    int seconds = 30;
    int threads = 20;
    bool diskWriter = false; ///< another process writes and fsyncs in the central's folder
};

/// The central under simulated kiosks; returns 0 when p99 <= 50 ms and no errors.
int RunLoad(const LoadOptions& options);

} // namespace accueil::sync::bench
