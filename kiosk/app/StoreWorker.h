// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CoreTypes.h"
#include "MainQueue.h"

#include <accueil/core/AttendanceStore.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace accueil::kiosk::app {

/// A job for the store: runs on the store's thread and returns the UI change to post back.
using StoreJob = std::function<UiUpdate(AttendanceStore&)>;

/// Where the controller sends store work. The kiosk uses a thread (StoreWorker); tests run
/// jobs inline.
class StoreExecutor {
public:
    virtual ~StoreExecutor() = default;
    /// Queues a job; its update is posted to the main queue when it finishes. Main thread.
    virtual void submit(StoreJob job) = 0;
};

/// Owns the AttendanceStore on its own thread, so a slow commit or an Argon2id check never
/// blocks a frame. Jobs run in order.
class StoreWorker final : public StoreExecutor {
public:
    StoreWorker(AttendanceStore store, MainQueue& queue);
    ~StoreWorker() override; ///< finishes queued jobs, then joins
    StoreWorker(const StoreWorker&) = delete;
    StoreWorker& operator=(const StoreWorker&) = delete;

    void submit(StoreJob job) override;

private:
    void run();

    AttendanceStore m_store;
    MainQueue& m_queue;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<StoreJob> m_jobs;
    bool m_stopping = false;
    std::thread m_thread;
};

/// Runs each job at once on the caller's thread and posts its update (tests, benchmarks).
class InlineExecutor final : public StoreExecutor {
public:
    InlineExecutor(AttendanceStore& store, MainQueue& queue) : m_store(store), m_queue(queue) {}
    void submit(StoreJob job) override { m_queue.post(job(m_store)); }

private:
    AttendanceStore& m_store;
    MainQueue& m_queue;
};

} // namespace accueil::kiosk::app
