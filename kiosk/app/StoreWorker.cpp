// SPDX-License-Identifier: Apache-2.0
#include "StoreWorker.h"

#include <exception>
#include <string>

namespace accueil::kiosk::app {

StoreWorker::StoreWorker(AttendanceStore store, MainQueue& queue)
    : m_store(std::move(store)), m_queue(queue), m_thread([this] { run(); }) {}

StoreWorker::~StoreWorker() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void StoreWorker::submit(StoreJob job) {
    {
        std::lock_guard lock(m_mutex);
        m_jobs.push_back(std::move(job));
    }
    m_wake.notify_one();
}

void StoreWorker::run() {
    for (;;) {
        StoreJob job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
            if (m_jobs.empty()) {
                return; // stopping, and everything queued has run
            }
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        UiUpdate update;
        try {
            update = job(m_store);
        } catch (const std::exception& e) {
            // The store returns errors as values; anything thrown is a bug, shown as out of order.
            std::string what = e.what();
            update = [what](UiState& state) {
                state.pendingJobs -= 1;
                state.screen = Screen::OutOfOrder;
                state.outOfOrderReason = what;
            };
        }
        m_queue.post(std::move(update));
    }
}

} // namespace accueil::kiosk::app
