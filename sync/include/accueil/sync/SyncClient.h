// SPDX-License-Identifier: Apache-2.0
#pragma once

// One sync round between a kiosk's store and the central: push the outbox, then pull
// registrant changes, other kiosks' attendance and the event settings.

#include <accueil/Result.h>
#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Config.h>
#include <accueil/sync/HttpClient.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstddef>
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
    std::string url; ///< the central's address tried first
    std::string token;
    int pageSize = 2000;  ///< registrants / attendance events per pull request
    int pushBatch = 1000; ///< events per push request
    long connectTimeoutMs = 3000;
    long timeoutMs = 15000;
    std::string caFile;
    const std::atomic<bool>* cancel = nullptr; ///< abandons a round in progress when set
    bool acceptGzip = false;                   ///< compressed answers, for slow links
    /// Other instances of the central (after `url`): a round that cannot reach one, or that it
    /// answers with a server error, is run again at once on the next.
    std::vector<std::string> otherUrls{};
};

/// Reads the token file named in kiosk.toml (surrounding white space ignored).
/// Errors: Config (no URL, no file, empty file).
core::Result<SyncOptions> SyncOptionsFromConfig(const core::KioskConfig& config);

/// What one round did.
struct RoundReport {
    int pushed = 0;              ///< events the central acknowledged
    int setAside = 0;            ///< events the central refused, set aside with its reason
    int pulledRegistrants = 0;   ///< registrant changes applied
    int pulledAttendance = 0;    ///< attendance events that were new here
    int pulledAudit = 0;         ///< this kiosk's own audit lines taken back from the central
    int pulledPhotos = 0;        ///< photo changes applied (set, replaced or removed)
    bool centralChanged = false; ///< the central was restored or replaced: cursors started over
    int outboxLeft = 0;          ///< still waiting after the round
    bool fullRefresh = false;    ///< the registration list was replaced as a whole
    std::optional<SyncError> pushError;
    std::optional<SyncError> pullError;
    bool ok() const { return !pushError && !pullError; }
    /// The error to report first (auth before data before server before network).
    const SyncError* worstError() const;
};

/// A value, or the error that stopped a sync step.
template <class T> using SyncResult = accueil::Result<T, SyncError>;

/// What a registrant pull did.
struct RegistrantPull {
    int applied = 0;          ///< registrant changes applied
    bool fullRefresh = false; ///< the registration list was replaced as a whole (or is being)
};

/// Talks to the central for one kiosk. Holds one keep-alive connection. One thread.
class SyncClient {
public:
    explicit SyncClient(SyncOptions options);

    /// Push then pull; a failed push does not stop the pull. Safe to run while the kiosk
    /// records scans on the same file, safe to interrupt (every step commits on its own and
    /// resumes from its saved cursor), safe to repeat. The report counts what was done before
    /// a step failed too. The pull takes this kiosk's own events back as well (a restored
    /// kiosk gets what it lost). When the central turns out restored or replaced (a new epoch,
    /// a cursor it does not know) every cursor starts over, this kiosk's events are queued
    /// again and pushed once more at the end of the round.
    /// With other instances of the central (SyncOptions::otherUrls), a round that cannot reach
    /// this one or gets a server error is run again at once on the next, each tried once; the
    /// client then stays with the one that answered.
    RoundReport runRound(core::AttendanceStore& store);
    /// The central's address this client talks to now.
    const std::string& url() const { return m_url; }

    /// Pushes the whole outbox in batches; returns how many events were acknowledged.
    /// Errors: any kind but Config; batches acknowledged before the error stay acknowledged.
    SyncResult<int> push(core::AttendanceStore& store);
    /// Pulls registrant changes (a full refresh, staged, when the kiosk has no cursor).
    /// Errors: Network, Server, Auth, Data, Storage; pages applied before the error stay.
    SyncResult<RegistrantPull> pullRegistrants(core::AttendanceStore& store);
    /// Pulls other kiosks' attendance events (and this kiosk's own too when `includeOwn`);
    /// returns how many were new. Errors: as pullRegistrants().
    SyncResult<int> pullAttendance(core::AttendanceStore& store, bool includeOwn = false);
    /// Pulls this kiosk's own audit lines back (GET /v1/audit); returns how many were new.
    /// Errors: as pullRegistrants().
    SyncResult<int> pullAudit(core::AttendanceStore& store);
    /// Fetches the event settings and badge keys and keeps them; checks the event is this
    /// kiosk's, and starts over when the central's epoch changed. Errors: Data (another
    /// event, no event), and as pullRegistrants().
    SyncResult<void> pullSettings(core::AttendanceStore& store);

    /// GET a path, returning the parsed JSON object of a 2xx answer. Errors: Network (no
    /// complete answer), Server (5xx, 429), Auth (401, 403), Data (other statuses, not a JSON
    /// object); httpStatus, code and retryAfterSeconds are set when the central answered.
    SyncResult<nlohmann::json> getJson(const std::string& path);

private:
    // The steps of a round. Each adds what it did to `report` as it goes, so a round that
    // fails half-way still reports the work that was committed.
    SyncResult<void> pushInto(core::AttendanceStore& store, RoundReport& report);
    SyncResult<std::size_t> pushBatch(core::AttendanceStore& store, RoundReport& report);
    SyncResult<void> pullInto(core::AttendanceStore& store, RoundReport& report);
    SyncResult<void> pullRegistrantsInto(core::AttendanceStore& store, RoundReport& report);
    SyncResult<void> registrantPass(core::AttendanceStore& store, RoundReport& report);
    SyncResult<void> pullAttendanceInto(core::AttendanceStore& store, RoundReport& report,
                                        bool includeOwn);
    SyncResult<void> pullAuditInto(core::AttendanceStore& store, RoundReport& report);
    SyncResult<void> pullPhotosInto(core::AttendanceStore& store, RoundReport& report);
    SyncResult<void> settingsInto(core::AttendanceStore& store, RoundReport& report);

    // Tells the central, in the headers of this round's requests, this kiosk's version, its
    // queue and its last failed round (docs/sync-protocol.md, "The door's state").
    void sayDoorState(core::AttendanceStore& store);

    // One round against the current instance.
    RoundReport roundWith(core::AttendanceStore& store);

    SyncOptions m_options;
    std::string m_url;          ///< the instance in use: url or one of otherUrls
    std::size_t m_instance = 0; ///< 0 for url, i + 1 for otherUrls[i]
    HttpClient m_http;
    std::string m_lastError; ///< "Accueil-Last-Error" of the last failed round, "" if none
};

} // namespace accueil::sync
