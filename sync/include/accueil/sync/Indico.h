// SPDX-License-Identifier: Apache-2.0
#pragma once

// The registration list from Indico's check-in API, and check-ins back to it. Indico has no
// "changes since": every pull reads the whole list (event, forms, each form's registrations,
// each registration's details and picture) and only a complete, valid answer is applied, as a
// diff, in one transaction of the central's store. A push marks checked in, in Indico, the
// registrations whose registrant checked in at any door.

#include <accueil/Result.h>
#include <accueil/sync/Backoff.h>
#include <accueil/sync/CentralConfig.h>
#include <accueil/sync/CentralStore.h>
#include <accueil/sync/IndicoConfig.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace accueil::sync {

/// What went wrong talking to Indico; the kind picks the exit status.
enum class IndicoErrorKind {
    Config,    ///< the token file is missing, empty or readable by others
    Network,   ///< no complete answer (refused, reset, timed out, cut short), after retries
    Server,    ///< 5xx or 429, after retries
    Auth,      ///< 401 or 403: the token, its scope or the permission
    NotFound,  ///< 404: the event, a form or a registration
    Data,      ///< an answer we cannot use (bad JSON, missing or mistyped fields, a bad value)
    Storage,   ///< the central's database
    Cancelled, ///< stopped by the cancel flag
};

struct IndicoError {
    IndicoErrorKind kind = IndicoErrorKind::Data;
    std::string message;
};

const char* ToString(IndicoErrorKind kind);

template <class T> using IndicoResult = accueil::Result<T, IndicoError>;

/// How a pull or a push runs.
struct IndicoRunOptions {
    std::string photosDir;                     ///< pictures go here as <registrant id>.<ext>
    const std::atomic<bool>* cancel = nullptr; ///< when it becomes true, stop promptly
    /// Between attempts of a request that failed for a reason that may pass (no answer, 429,
    /// 502, 503, 504); a Retry-After is a floor.
    BackoffPolicy backoff{Millis(1000), Millis(30'000), 2.0, 0.5};
    int attempts = 4;        ///< of each request, the first included
    long timeoutMs = 30'000; ///< of each request
    /// Waits between attempts; returns false when the wait was cut short by a cancel. Empty:
    /// std::this_thread::sleep_for.
    std::function<bool(Millis)> wait;
};

/// What a pull did.
struct IndicoPullSummary {
    std::int64_t eventId = 0;
    int registrations = 0; ///< Indico registrations in the answer
    int accompanying = 0;  ///< accompanying persons among them, each its own registrant
    int added = 0;
    int updated = 0;
    int cancelled = 0; ///< pulled before, no longer in Indico's answer
    int unchanged = 0;
    int photos = 0;           ///< pictures stored
    int photosUnreadable = 0; ///< pictures that are not a readable JPEG or PNG (no photo made)
};

/// What a push did.
struct IndicoPushSummary {
    int registrations = 0;    ///< Indico registrations read
    int sent = 0;             ///< marked checked in now
    int alreadyCheckedIn = 0; ///< checked in in Indico already: nothing sent
    int notArrived = 0;       ///< no check-in at any door yet
};

/// "Pulled N registrations (+M accompanying persons) from Indico event E: A added, U updated,
/// C cancelled, K unchanged". Any thread.
std::string Describe(const IndicoPullSummary& s);
/// "Pushed check-ins to Indico: S sent, A already checked in, W not arrived (of N)". Any
/// thread.
std::string Describe(const IndicoPushSummary& s);

/// Where pulled pictures go: `photos/` in the folder of the central's database. Any thread.
std::string IndicoPhotosDir(const std::string& databasePath);
/// The same for a central's configuration: beside its SQLite file, or beside central.toml for
/// a PostgreSQL central (which has no folder of its own). Any thread.
std::string IndicoPhotosDir(const CentralConfig& config);

/// The API token in `path`, trimmed. Errors (Config): missing, empty, or readable by group or
/// others. The message never contains the token. Any thread.
IndicoResult<std::string> ReadIndicoToken(const std::string& path);

/// Pulls the registration list from Indico into `store`. Everything is fetched and checked
/// first; then one transaction applies it (new registrants added, changed ones updated, one
/// with the same ticket under another ID updated in place, pulled ones no longer in the answer
/// cancelled); then the pictures are written. On any error nothing is changed. Blocking; the
/// calling thread.
IndicoResult<IndicoPullSummary> PullFromIndico(const IndicoConfig& config, CentralStore& store,
                                               const IndicoRunOptions& options);

/// Marks checked in, in Indico, each registration not checked in there whose registrant (by
/// ticket) has a check-in at the central. Accompanying persons are not pushed (Indico checks
/// in per registration). Idempotent: what Indico already has is not sent again. Blocking; the
/// calling thread.
IndicoResult<IndicoPushSummary> PushCheckinsToIndico(const IndicoConfig& config,
                                                     CentralStore& store,
                                                     const IndicoRunOptions& options);

} // namespace accueil::sync
