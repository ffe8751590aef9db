// SPDX-License-Identifier: Apache-2.0
#pragma once

// The scheduled pull of `accueil central serve`: Indico's list pulled on a thread of its own
// every [indico] interval_minutes (the first pull at start), check-ins pushed after each pull
// when push_checkins is set. Serving never waits for it.

#include <accueil/sync/CentralStore.h>
#include <accueil/sync/IndicoConfig.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace accueil::sync {

class IndicoSchedule {
public:
    /// `store` must outlive the schedule. Nothing runs before start().
    IndicoSchedule(IndicoConfig config, CentralStore& store, std::string photosDir);
    ~IndicoSchedule();
    IndicoSchedule(const IndicoSchedule&) = delete;
    IndicoSchedule& operator=(const IndicoSchedule&) = delete;

    /// Starts the thread. Each pull's summary or error goes to the log (spdlog). Main thread.
    void start();
    /// Stops promptly: a request in flight is abandoned, a wait cut short. Idempotent. Main
    /// thread.
    void stop();
    /// Pulls finished so far (successful or not). Any thread.
    int rounds() const { return m_rounds.load(); }

private:
    void run();
    bool waitFor(std::chrono::milliseconds delay);

    IndicoConfig m_config;
    CentralStore& m_store;
    std::string m_photosDir;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_rounds{0};
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::thread m_thread;
};

} // namespace accueil::sync
