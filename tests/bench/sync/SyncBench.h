// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/sync/SqliteCentralStore.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
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

/// How many figures, their median, 99th percentile and maximum (milliseconds).
struct Spread {
    std::size_t count = 0;
    double p50 = 0;
    double p99 = 0;
    double max = 0;
};

inline Spread SpreadOf(const std::vector<double>& v) {
    return {v.size(), Percentile(v, 0.5), Percentile(v, 0.99), Percentile(v, 1.0)};
}

enum class Backend { Sqlite, Postgresql };

struct LoadOptions {
    int kiosks = 200;
    int intervalSeconds = 5;
    int checkInsPerSecond = 20;
    int seconds = 30;
    int threads = 0;         ///< load-generator threads; 0: DefaultThreads(kiosks)
    bool diskWriter = false; ///< another process writes and fsyncs in the central's folder
    Backend backend = Backend::Sqlite;
    int instances = 0; ///< central instances; 0: 1 on SQLite (the only choice), 2 on PostgreSQL
};

/// One generator thread per 10 kiosks, at least 20: at 1 000 kiosks that is 100 threads for
/// about 700 requests a second, each thread's share a few requests a second.
inline int DefaultThreads(int kiosks) {
    return std::max(20, kiosks / 10);
}

/// The generator threads of a run: --threads or DefaultThreads, never more than kiosks (each
/// check-in is pushed by one of its thread's kiosks).
inline int ThreadsOf(const LoadOptions& o) {
    return std::min(o.threads > 0 ? o.threads : DefaultThreads(o.kiosks), o.kiosks);
}

inline int InstancesOf(const LoadOptions& o) {
    return o.instances > 0 ? o.instances : o.backend == Backend::Postgresql ? 2 : 1;
}

/// The figures of one load run.
struct LoadFigures {
    std::string central; ///< what served the load
    int threads = 0;     ///< load-generator threads
    Spread all;          ///< every request
    Spread rounds;       ///< the sync rounds' requests (settings, registrant and attendance pulls)
    Spread pushes;       ///< the check-in pushes
    int errors = 0;
    std::string firstError;
    std::int64_t eventsStored = 0; ///< attendance events at the central at the end
    double seconds = 0;            ///< from the first scheduled request to the last answer
    /// How late the generator started its requests against their schedule (milliseconds): a
    /// generator that lags sends less than the load it reports.
    Spread behind;
    std::optional<PushCommitStats> commits; ///< the SQLite central's group commits
    std::string instanceLog; ///< the first line a `central serve` instance logged while serving
};

/// Whether a run's figures meet the goal (p99 <= 50 ms, no errors) and its generator kept to
/// its schedule (p99 behind <= 50 ms).
bool MetGoal(const LoadFigures& f);
bool KeptSchedule(const LoadFigures& f);

/// The central under simulated kiosks. Throws std::runtime_error when the run cannot be set up
/// (the central, the cluster) or SIGINT or SIGTERM came during it; whatever it started is
/// stopped and removed before it returns.
LoadFigures RunLoad(const LoadOptions& options);

/// Prints a run's figures; 0 when they meet the goal and the generator kept its schedule.
int ReportLoad(const LoadOptions& options, const LoadFigures& figures);

/// The same load on the SQLite central and then on PostgreSQL with `postgresInstances`
/// instances, one after the other, printed side by side as a markdown table; 0 when both met
/// the goal.
int RunCompare(LoadOptions options, int postgresInstances);

} // namespace accueil::sync::bench
