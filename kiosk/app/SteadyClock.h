// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>

namespace accueil::kiosk::app {

/// Microseconds on the monotonic clock: key timing, script waits, latency figures. Any thread.
inline std::int64_t SteadyMicros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace accueil::kiosk::app
