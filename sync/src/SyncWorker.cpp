// SPDX-License-Identifier: Apache-2.0
#include <accueil/core/AttendanceStore.h>
#include <accueil/core/SyncStore.h>
#include <accueil/sync/Revocation.h>
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

namespace {

// A failure that lasts is logged when it starts, when it changes, and every this many rounds.
constexpr int kLogEveryFailures = 20;

// "1 entry", "2 entries": the journal is English.
std::string Counted(long long n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

bool SameFailure(const SyncError& a, const SyncError& b) {
    return a.kind == b.kind && a.httpStatus == b.httpStatus && a.code == b.code &&
           a.message == b.message;
}

} // namespace

// What failed, where, what waits, and when the next try is. Messages may carry URLs, never
// tokens or names.
void SyncWorker::LogFailure(const SyncStatus& status, std::chrono::steady_clock::duration wait,
                            const std::string& url) {
    const SyncError& e = *status.lastError;
    const auto waitSeconds = std::chrono::duration_cast<std::chrono::seconds>(wait).count();
    spdlog::warn("sync with {} failed ({}{}{}): {} — {} waiting to be sent, {} in a row, next "
                 "try in {} s",
                 url, ToString(e.kind),
                 e.httpStatus != 0 ? " HTTP " + std::to_string(e.httpStatus) : std::string(),
                 e.code.empty() ? std::string() : " " + e.code, e.message,
                 Counted(status.queueLength, "entry", "entries"),
                 Counted(status.consecutiveFailures, "failed round", "failed rounds"),
                 std::max<long long>(waitSeconds, 0));
}

void SyncWorker::LogRecovered(const SyncStatus& status, core::UtcMillis now,
                              const std::string& url) {
    const std::string down = status.lastSuccess
                                 ? ", " + std::to_string((now - *status.lastSuccess) / 1000) +
                                       " s since the last successful round"
                                 : std::string();
    spdlog::info("sync with {} works again after {}{}; {} waiting to be sent", url,
                 Counted(status.consecutiveFailures, "failed round", "failed rounds"), down,
                 Counted(status.queueLength, "entry", "entries"));
}

// The revocation's wipe, on the worker's connection; the thread ends after it either way: a
// revoked token syncs nothing more, and a failed wipe is retried at the next start.
void SyncWorker::wipeRevoked(core::AttendanceStore& store, const RoundReport& report) {
    auto wiped = WipeRevokedKiosk(store, m_options.tokenFile, core::NowUtcMillis());
    std::lock_guard lock(m_mutex);
    ++m_status.rounds;
    m_status.lastAttempt = core::NowUtcMillis();
    m_status.lastError = *report.worstError();
    m_status.revoked = true;
    m_status.online = false;
    if (wiped) {
        spdlog::critical("{}", RevokedMessage(*wiped));
    } else {
        m_status.wipeError = wiped.error().message;
        spdlog::critical("this kiosk was revoked at the central, and erasing its personal data "
                         "failed: {}",
                         wiped.error().message);
    }
}

void SyncWorker::finish() {
    std::lock_guard lock(m_mutex);
    m_status.running = false;
    m_roundDone.notify_all();
}

std::optional<core::AttendanceStore> SyncWorker::openStore() {
    auto store =
        core::AttendanceStore::Open(m_options.databasePath, m_options.event, m_options.kioskId);
    if (!store) {
        std::lock_guard lock(m_mutex);
        m_status.lastError = SyncError{SyncErrorKind::Storage, store.error().message, 0, "", {}};
    } else if (const auto revoked = core::RevokedAt(*store); revoked && *revoked) {
        std::lock_guard lock(m_mutex);
        m_status.revoked = true;
    } else if (const auto purged = core::PurgedAt(*store); purged && *purged) {
        // Purged after the event: a sync would fetch the names again. Nothing to report.
    } else {
        return std::move(*store);
    }
    finish();
    return std::nullopt;
}

void SyncWorker::run() {
    auto store = openStore();
    if (!store) {
        return;
    }
    std::mt19937_64 engine(m_options.seed != 0 ? m_options.seed : std::random_device{}());
    RetrySchedule schedule(
        m_options.backoff, m_options.interval, [] { return std::chrono::steady_clock::now(); },
        [&engine] { return engine(); });
    SyncClient client(m_options.sync);

    for (;;) {
        const RoundReport report = client.runRound(*store);
        if (IsRevocation(report)) {
            wipeRevoked(*store, report);
            finish();
            return;
        }
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
                if (m_status.consecutiveFailures > 0) {
                    LogRecovered(m_status, now, client.url());
                }
                m_status.lastSuccess = now;
                m_status.lastError.reset();
                m_status.consecutiveFailures = 0;
                next = schedule.onSuccess();
            } else {
                const bool changed =
                    !m_status.lastError || !SameFailure(*m_status.lastError, *error);
                m_status.lastError = *error;
                std::optional<Millis> retryAfter;
                if (error->retryAfterSeconds) {
                    retryAfter = Millis(*error->retryAfterSeconds * 1000);
                }
                next = schedule.onFailure(retryAfter);
                m_status.consecutiveFailures = schedule.failures();
                if (changed || m_status.consecutiveFailures % kLogEveryFailures == 0) {
                    LogFailure(m_status, next - std::chrono::steady_clock::now(), client.url());
                }
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
