// SPDX-License-Identifier: Apache-2.0
#pragma once

// The kiosk's background sync: a thread that runs a round every few seconds on its own
// database connection, backs off on failure, and exposes its state to the staff panel.

#include <accueil/core/Config.h>
#include <accueil/sync/Backoff.h>
#include <accueil/sync/SyncClient.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace accueil::sync {

/// What the staff panel shows.
struct SyncStatus {
    bool running = false;
    bool online = false;                        ///< the last round reached the central
    std::optional<core::UtcMillis> lastSuccess; ///< end of the last fully successful round
    std::optional<core::UtcMillis> lastAttempt;
    int queueLength = 0; ///< events not yet acknowledged
    int setAside = 0;    ///< events the central refused, kept aside with its reasons
    int rounds = 0;
    int consecutiveFailures = 0;
    std::optional<SyncError> lastError; ///< cleared by a successful round
    /// The central revoked this kiosk: its personal data was erased and the worker stopped
    /// (also set when the store was already wiped at start). Nothing is admitted after this.
    bool revoked = false;
    std::string wipeError; ///< the wipe after a revocation failed: what is left, and why
};

struct WorkerOptions {
    std::string databasePath;
    core::EventConfig event;
    std::string kioskId;
    SyncOptions sync;
    std::chrono::milliseconds interval{5000};
    BackoffPolicy backoff;
    std::uint64_t seed = 0; ///< 0 = from std::random_device (tests fix it)
    std::string tokenFile;  ///< emptied when the central revokes the kiosk ("" = none to empty)
};

/// Owns the sync thread. start() once, stop() (or the destructor) ends it promptly: a round in
/// flight is abandoned at the next network callback, and waits are on a condition variable.
/// A round the central answers with a revocation wipes the store (WipeRevokedKiosk) and ends
/// the thread; so does a store already wiped.
class SyncWorker {
public:
    explicit SyncWorker(WorkerOptions options);
    ~SyncWorker();
    SyncWorker(const SyncWorker&) = delete;
    SyncWorker& operator=(const SyncWorker&) = delete;

    /// Starts the thread (which opens its own connection to the database). Any thread.
    void start();
    /// Stops and joins the thread. Idempotent. Any thread but the worker's.
    void stop();
    /// Asks for a round now (e.g. after a check-in, or from the staff panel). Any thread.
    void syncNow();
    /// A copy of the current state. Any thread.
    SyncStatus snapshot() const;
    /// Waits until at least `rounds` rounds have finished, or `timeout`; returns the state.
    /// For tests and for a "sync now" button that shows the result. Any thread but the worker's.
    SyncStatus waitForRounds(int rounds, std::chrono::milliseconds timeout) const;

private:
    void run();
    /// The worker's own connection; nullopt (the thread ended) when the store cannot be
    /// opened or was wiped after a revocation.
    std::optional<core::AttendanceStore> openStore();
    void wipeRevoked(core::AttendanceStore& store, const RoundReport& report);
    /// Marks the thread ended and wakes waitForRounds().
    void finish();
    /// The journal's lines: a failure (when it starts, changes, or lasts), and the recovery.
    // `url`: the central's instance the round ended on.
    static void LogFailure(const SyncStatus& status, std::chrono::steady_clock::duration wait,
                           const std::string& url);
    static void LogRecovered(const SyncStatus& status, core::UtcMillis now, const std::string& url);

    WorkerOptions m_options;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    mutable std::condition_variable m_roundDone;
    bool m_stopRequested = false;
    bool m_nowRequested = false;
    std::atomic<bool> m_cancel{false};
    SyncStatus m_status;
    std::thread m_thread;
};

} // namespace accueil::sync
