// SPDX-License-Identifier: Apache-2.0
#include <accueil/core/AttendanceStore.h>
#include <accueil/core/SyncStore.h>
#include <accueil/sync/SyncWorker.h>

#include <spdlog/spdlog.h>

#include <random>

namespace accueil::sync {

SyncWorker::SyncWorker(WorkerOptions options) : m_options(std::move(options)) {
    m_options.sync.cancel = &m_cancel;
}

SyncWorker::~SyncWorker() {
    stop();
}

void SyncWorker::start() {
    std::lock_guard lock(m_mutex);
    if (m_thread.joinable()) {
        return;
    }
    m_stopRequested = false;
    m_cancel = false;
    m_status.running = true;
    m_thread = std::thread([this] { run(); });
}

void SyncWorker::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopRequested = true;
        m_cancel = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) {
        m_thread.join();
    }
    std::lock_guard lock(m_mutex);
    m_status.running = false;
}

void SyncWorker::syncNow() {
    {
        std::lock_guard lock(m_mutex);
        m_nowRequested = true;
    }
    m_wake.notify_all();
}

SyncStatus SyncWorker::snapshot() const {
    std::lock_guard lock(m_mutex);
    return m_status;
}

SyncStatus SyncWorker::waitForRounds(int rounds, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(m_mutex);
    m_roundDone.wait_for(lock, timeout,
                         [&] { return m_status.rounds >= rounds || !m_status.running; });
    return m_status;
}

void SyncWorker::run() {
    auto store =
        core::AttendanceStore::Open(m_options.databasePath, m_options.event, m_options.kioskId);
    if (!store) {
        std::lock_guard lock(m_mutex);
        m_status.lastError = SyncError{SyncErrorKind::Storage, store.error().message, 0, "", {}};
        m_status.running = false;
        m_roundDone.notify_all();
        return;
    }
    std::mt19937_64 engine(m_options.seed != 0 ? m_options.seed : std::random_device{}());
    RetrySchedule schedule(
        m_options.backoff, m_options.interval, [] { return std::chrono::steady_clock::now(); },
        [&engine] { return engine(); });
    SyncClient client(m_options.sync);

    for (;;) {
        const RoundReport report = client.runRound(*store);
        const auto aside = core::SetAsideCount(*store);
        const int setAside = aside ? *aside : 0;
        const core::UtcMillis now = core::NowUtcMillis();
        std::chrono::steady_clock::time_point next;
        {
            std::lock_guard lock(m_mutex);
            if (m_stopRequested) {
                break;
            }
            ++m_status.rounds;
            m_roundDone.notify_all();
            m_status.lastAttempt = now;
            m_status.queueLength = std::max(report.outboxLeft, 0);
            m_status.setAside = setAside;
            const SyncError* error = report.worstError();
            m_status.online = error == nullptr || (error->kind != SyncErrorKind::Network);
            if (error == nullptr) {
                m_status.lastSuccess = now;
                m_status.lastError.reset();
                m_status.consecutiveFailures = 0;
                next = schedule.onSuccess();
            } else {
                m_status.lastError = *error;
                std::optional<Millis> retryAfter;
                if (error->retryAfterSeconds) {
                    retryAfter = Millis(*error->retryAfterSeconds * 1000);
                }
                next = schedule.onFailure(retryAfter);
                m_status.consecutiveFailures = schedule.failures();
                // Kind and code only: messages may carry URLs, never tokens or names.
                spdlog::warn("sync failed ({}{}{})", ToString(error->kind),
                             error->code.empty() ? "" : " ", error->code);
            }
        }
        std::unique_lock lock(m_mutex);
        m_wake.wait_until(lock, next, [this] { return m_stopRequested || m_nowRequested; });
        if (m_stopRequested) {
            break;
        }
        m_nowRequested = false;
    }
}

} // namespace accueil::sync
