// SPDX-License-Identifier: Apache-2.0
#pragma once

// One sync round between a kiosk's store and the central: push the outbox, then pull
// registrant changes, other kiosks' attendance and the event settings.

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Config.h>
#include <accueil/sync/HttpClient.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <optional>
#include <string>

namespace accueil::sync {

/// Why a step failed, coarse enough to pick an exit code or a backoff.
enum class SyncErrorKind {
    Network, ///< no complete answer (refused, reset, timeout, truncated)
    Server,  ///< the central answered 5xx or 429: try again later
    Auth,    ///< 401 or 403: the token is missing, wrong or revoked
    Data,    ///< an answer we cannot use (bad JSON, another event) or a 4xx about our request
    Storage, ///< the local database failed
    Config,  ///< no URL or token configured
};

struct SyncError {
    SyncErrorKind kind = SyncErrorKind::Network;
    std::string message;
    long httpStatus = 0; ///< when the central answered
    std::string code;    ///< the central's error code, when it sent one
    std::optional<long> retryAfterSeconds;
};

/// Stable names: "network", "server", "auth", "data", "storage", "config".
const char* ToString(SyncErrorKind kind);

struct SyncOptions {
    std::string url;
    std::string token;
    int pageSize = 2000;  ///< registrants / attendance events per pull request
    int pushBatch = 1000; ///< events per push request
    long connectTimeoutMs = 3000;
    long timeoutMs = 15000;
    std::string caFile;
    const std::atomic<bool>* cancel = nullptr; ///< abandons a round in progress when set
    bool acceptGzip = false;                   ///< compressed answers, for slow links
};

/// Reads the token file named in kiosk.toml (surrounding white space ignored).
/// Errors: Config (no URL, no file, empty file).
core::Result<SyncOptions> SyncOptionsFromConfig(const core::KioskConfig& config);

/// What one round did.
struct RoundReport {
    int pushed = 0;            ///< events the central acknowledged
    int pulledRegistrants = 0; ///< registrant changes applied
    int pulledAttendance = 0;  ///< other kiosks' events that were new here
    int outboxLeft = 0;        ///< still waiting after the round
    bool fullRefresh = false;  ///< the registration list was replaced as a whole
    std::optional<SyncError> pushError;
    std::optional<SyncError> pullError;
    bool ok() const { return !pushError && !pullError; }
    /// The error to report first (auth before data before server before network).
    const SyncError* worstError() const;
};

/// Talks to the central for one kiosk. Holds one keep-alive connection. One thread.
class SyncClient {
public:
    explicit SyncClient(SyncOptions options);

    /// Push then pull; a failed push does not stop the pull. Safe to run while the kiosk
    /// records scans on the same file, safe to interrupt (every step commits on its own and
    /// resumes from its saved cursor), safe to repeat.
    RoundReport runRound(core::AttendanceStore& store);

    /// Pushes the whole outbox in batches; returns how many were acknowledged.
    int push(core::AttendanceStore& store, std::optional<SyncError>& error);
    /// Pulls registrant changes (a full refresh, staged, when the kiosk has no cursor).
    int pullRegistrants(core::AttendanceStore& store, std::optional<SyncError>& error,
                        bool& fullRefresh);
    /// Pulls other kiosks' attendance events (and this kiosk's own too when `includeOwn`, for
    /// the nightly repair of a kiosk restored from an old backup).
    int pullAttendance(core::AttendanceStore& store, std::optional<SyncError>& error,
                       bool includeOwn = false);
    /// Fetches the event settings and badge keys; checks the event is this kiosk's.
    void pullSettings(core::AttendanceStore& store, std::optional<SyncError>& error);

    /// GET a path, returning the parsed JSON object of a 2xx answer, or the error.
    std::optional<nlohmann::json> getJson(const std::string& path, std::optional<SyncError>& error);

private:
    std::optional<nlohmann::json> parseAnswer(HttpResult result, std::optional<SyncError>& error);
    SyncOptions m_options;
    HttpClient m_http;
};

} // namespace accueil::sync
