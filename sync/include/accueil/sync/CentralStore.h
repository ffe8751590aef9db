// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the central server needs from its storage, kept narrow so that a PostgreSQL backend can
// be written against it without touching the server. The embedded default is
// SqliteCentralStore.

#include <accueil/core/Attendance.h>
#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Figures.h>
#include <accueil/core/PersonalDataWipe.h>
#include <accueil/core/Photo.h>
#include <accueil/core/Registrant.h>
#include <accueil/core/Result.h>
#include <accueil/core/StoreRows.h>
#include <accueil/sync/DoorState.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace accueil::sync {

/// What `accueil central report` prints: the report rows and what the figures count.
struct CentralReport {
    std::vector<core::ReportRow> rows;
    core::FigureFacts facts;
};

/// A closed meeting day's report as the central stored it when it froze the day, and what
/// changed since (docs/reports.md, "Frozen days").
struct DaySnapshot {
    std::string day;
    core::UtcMillis asOf = 0;         ///< when the day was frozen
    std::string asOfLocal;            ///< the same moment in the event's zone, as stored
    std::int64_t listSeq = 0;         ///< the registrant change sequence at that moment
    std::int64_t attendanceSeq = 0;   ///< the newest attendance event's number at that moment
    std::string reportJson;           ///< the day's report, as the freeze rendered it
    std::vector<std::string> changed; ///< registrants changed since, by ID (at most the cap)
    int changedCount = 0;             ///< how many registrants changed since, in all
    int attendanceSince = 0;          ///< attendance events of the day stored since
};

/// A central whose personal data was erased after the meeting (`accueil central purge`).
struct PurgedCentral {
    core::UtcMillis at = 0;
    std::string meetingReportJson; ///< the whole meeting's JSON report, as it stood before
};

/// Renders one day's report for its snapshot (the JSON `central report` prints for it).
using SnapshotRender = std::function<std::string(const CentralReport&)>;

/// A kiosk the token belongs to.
struct KioskIdentity {
    std::string kioskId;
    std::string tokenHash; ///< hex SHA-256 of the token, as stored
    bool revoked = false;
};

/// Why a one-time enrolment code was refused.
enum class EnrolmentRefusal {
    Unknown,    ///< no such code
    Used,       ///< the code was used already
    Expired,    ///< the code's time ran out
    OtherKiosk, ///< the code is for another kiosk than the one asking
};

/// The answer to an enrolment: the kiosk now holding the new token, or why the code was
/// refused (then nothing changed).
struct EnrolmentAnswer {
    std::string kioskId;
    std::optional<EnrolmentRefusal> refused;
};

/// A kiosk as listed by `accueil central kiosk list` (never the hash).
struct KioskRecord {
    std::string id;
    core::UtcMillis createdAt = 0;
    std::optional<core::UtcMillis> revokedAt;
};

/// A cursor as a kiosk sends it back: the number, and what the central said stands there
/// (empty: not checked, as from a client older than the check).
struct CursorCheck {
    std::int64_t seq = 0;
    std::string check;
};

/// One page of a stream, oldest first.
template <class Item> struct Page {
    std::vector<Item> items;
    std::int64_t next = 0;      ///< the cursor to ask from next time
    bool more = false;          ///< another page is waiting
    std::int64_t highWater = 0; ///< the newest number the central has issued
    std::string check;          ///< what stands at `next` ("" at 0), to send back with it
    std::string epoch;          ///< the central database's epoch
};

/// Registrant changes, oldest change first.
using RegistrantPage = Page<core::Registrant>;
/// Attendance events (of kiosks other than the asking one, unless it asks for its own too).
using AttendancePage = Page<core::AttendanceEvent>;
/// The asking kiosk's own audit lines.
using AuditPage = Page<core::AuditEntry>;
/// Photo changes: a photo set or replaced (with its JPEG), or removed (none).
using PhotoPage = Page<core::rows::PhotoChange>;

/// What the nightly digests are made of, at the central.
struct CentralLogKeys {
    std::vector<core::rows::EventKey> attendance; ///< every kiosk's, by day, kiosk and UUID
    std::vector<std::string> kioskAudit;          ///< the asking kiosk's audit lines, sorted
};

/// What a kiosk pushes in one request.
/// An event of a push the central refuses on its own (the rest of the batch is stored), with
/// the reason the kiosk keeps for staff.
struct RefusedItem {
    std::string uuid; ///< as sent (empty when the item had no string "uuid")
    std::string reason;
};

struct PushBatch {
    std::string kioskId;
    std::vector<core::AttendanceEvent> attendance;
    std::vector<core::AuditEntry> audit;
    std::vector<core::Registrant> provisional; ///< walk-ins and badge-only admissions
    std::vector<RefusedItem> refused;          ///< events not stored, and why
};

struct PushOutcome {
    int stored = 0;     ///< new events
    int duplicates = 0; ///< events the central already had (a retried request)
    /// The new `attention_admitted` audit lines: a door admitted someone with an attention
    /// note (the central's journal notes each, without the name or the note).
    std::vector<core::AuditEntry> attentionAdmitted{};
};

/// Counts the nightly reconcile compares with the kiosk's own.
struct CentralCounts {
    int kioskAttendance = 0; ///< attendance events from the asking kiosk
    int kioskAudit = 0;      ///< audit lines from the asking kiosk
    int allAttendance = 0;   ///< attendance events from every kiosk
    int registrants = 0;     ///< registrants on the list
};

/// A dashboard account (`accueil central user add`); never its hash when listed.
struct CentralUser {
    std::string id;
    std::string role; ///< "viewer" (figures only) or "admin" (also names)
    core::UtcMillis createdAt = 0;
    int failedAttempts = 0;                     ///< wrong passwords in a row
    std::optional<core::UtcMillis> lockedUntil; ///< set while too many wrong passwords lock it
};

/// What a sign-in attempt found when it claimed its slot (CentralStore::claimSignIn).
struct SignInSlot {
    enum class State { UnknownUser, Locked, Claimed };
    State state = State::UnknownUser;
    std::string passwordHash; ///< Claimed: the hash to check the password against
    std::string role;
    std::optional<core::UtcMillis> lockedUntil; ///< Locked: until when, when known
};

/// How many wrong passwords in a row lock an account, and for how long.
struct SignInLimits {
    int maxFailures = 5;
    core::UtcMillis lockout = 300'000;
};

/// A signed-in browser: only the hash of its token is kept.
struct DashboardSession {
    std::string tokenHash; ///< hex SHA-256 of the cookie's token
    std::string userId;
    std::string role; ///< the user's role, read with the session
    std::string csrf; ///< the token every form POST of this session carries
    core::UtcMillis createdAt = 0;
    core::UtcMillis lastUsed = 0;
    core::UtcMillis expiresAt = 0;
};

/// Batches of registrants a plan writes, each counted apart (see CentralStore::applyPlan).
using RegistrantBatches = std::vector<std::vector<core::Registrant>>;
/// Makes batches from the list as it stands, or an error (then nothing is written).
using RegistrantPlan =
    std::function<core::Result<RegistrantBatches>(const std::vector<core::Registrant>& current)>;

/// The central's storage. Every method is one transaction; implementations are safe to call
/// from any thread (the server calls them from its request threads).
class CentralStore {
public:
    virtual ~CentralStore() = default;

    /// The kiosk whose token has this hash, if any. Errors: Storage.
    virtual core::Result<std::optional<KioskIdentity>> findKiosk(const std::string& tokenHash) = 0;
    /// Adds a kiosk, or gives a revoked/existing one a new token. Errors: Storage.
    virtual core::Result<void> putKiosk(const std::string& kioskId,
                                        const std::string& tokenHash) = 0;
    /// Revokes a kiosk's token. Errors: NotFound, Storage.
    virtual core::Result<void> revokeKiosk(const std::string& kioskId) = 0;
    virtual core::Result<std::vector<KioskRecord>> listKiosks() = 0;
    /// Keeps a one-time enrolment code (its hash) for a kiosk until `expiresAt`; the kiosk's
    /// token changes only when the code is used. Errors: Storage.
    virtual core::Result<void> putEnrolment(const std::string& kioskId, const std::string& codeHash,
                                            core::UtcMillis expiresAt) = 0;
    /// Uses a code, in one transaction: marks it used and gives its kiosk this token (a new
    /// kiosk, or a new token for a known or revoked one). `askedKioskId` ("" = any) must be the
    /// code's kiosk. A refusal changes nothing. Errors: Storage.
    virtual core::Result<EnrolmentAnswer> enrolKiosk(const std::string& codeHash,
                                                     const std::string& askedKioskId,
                                                     const std::string& tokenHash,
                                                     core::UtcMillis now) = 0;

    /// Adds or updates registrants (the secretariat's import); each change gets a new sequence
    /// number. Errors: Storage.
    virtual core::Result<core::UpsertSummary>
    importRegistrants(const std::vector<core::Registrant>& list, core::UpsertFields fields) = 0;
    /// Reads the whole list and upserts the batches `plan` makes of it, in one write
    /// transaction, so nothing changes between what the plan saw and what it wrote. Returns one
    /// summary per batch. Errors: the plan's (nothing written), Storage.
    virtual core::Result<std::vector<core::UpsertSummary>> applyPlan(const RegistrantPlan& plan,
                                                                     core::UpsertFields fields) = 0;
    /// Every registrant on the list, by ID. Errors: Storage.
    virtual core::Result<std::vector<core::Registrant>> allRegistrants() = 0;
    /// IDs of the registrants with at least one check-in no undo cancelled. Errors: Storage.
    virtual core::Result<std::vector<std::string>> checkedInRegistrants() = 0;
    /// The database's epoch: a random id made when it was created, and again whenever it is
    /// restored from a backup. Errors: Storage.
    virtual core::Result<std::string> epoch() = 0;
    /// Registrant changes after `cursor`. Errors: Conflict (cursor ahead of the high water),
    /// NotFound (the cursor's check is not what stands there: another history), Storage.
    virtual core::Result<RegistrantPage> registrantsSince(const CursorCheck& cursor, int limit) = 0;
    /// Attendance events after `cursor` not recorded by `excludeKiosk` ("" = every kiosk's).
    /// Errors: as registrantsSince().
    virtual core::Result<AttendancePage> attendanceSince(const CursorCheck& cursor, int limit,
                                                         const std::string& excludeKiosk) = 0;
    /// The same page with each event as its protocol JSON text, what GET /v1/attendance sends.
    /// By default attendanceSince's events written out; PostgreSQL, which keeps each event's
    /// JSON as it was pushed, sends that text without reading it (the pull is the central's
    /// busiest answer: every round of every door). Errors: as attendanceSince.
    virtual core::Result<Page<std::string>>
    attendanceJsonSince(const CursorCheck& cursor, int limit, const std::string& excludeKiosk);
    /// Audit lines recorded by `kioskId` after `cursor` (a restored kiosk takes its own back).
    /// Errors: as registrantsSince().
    virtual core::Result<AuditPage> auditSince(const CursorCheck& cursor, int limit,
                                               const std::string& kioskId) = 0;
    /// Photo changes after `cursor`: at most `limit`, and no more once their JPEGs reach
    /// `maxBytes` (at least one). Errors: as registrantsSince().
    virtual core::Result<PhotoPage> photosSince(const CursorCheck& cursor, int limit,
                                                std::size_t maxBytes) = 0;
    /// Sets photos (each a new change, unless its bytes are the ones stored), in one
    /// transaction. Errors: Input when an ID is not on the list (nothing written), Storage.
    virtual core::Result<core::PhotoSummary>
    importPhotos(const std::vector<core::Photo>& photos) = 0;
    /// Removes a registrant's photo (a change kiosks apply by deleting theirs). Returns whether
    /// there was one. Errors: Storage.
    virtual core::Result<bool> removePhoto(const std::string& registrantId) = 0;
    /// Every attendance event's key and `kioskId`'s audit UUIDs, at one moment. Errors: Storage.
    virtual core::Result<CentralLogKeys> logKeys(const std::string& kioskId) = 0;
    /// Stores a pushed batch all or nothing; events already held are counted, not doubled.
    virtual core::Result<PushOutcome> storeBatch(const PushBatch& batch) = 0;

    virtual core::Result<CentralCounts> counts(const std::string& kioskId) = 0;
    /// The report rows of `days` (meeting days, as core::ReportRange gives them) and the facts
    /// of the figures, read at one moment. Errors: Storage.
    virtual core::Result<CentralReport> reportWithFigures(const std::vector<std::string>& days) = 0;
    /// `day`'s attendance log, every kiosk's events (for inside now). Errors: Storage.
    virtual core::Result<std::vector<core::AttendanceEvent>> dayLog(const std::string& day) = 0;
    /// Freezes `day`: its report (rendered by `render`) with `asOf` and the list's and the log's
    /// sequence numbers, all read and written in one write transaction. A snapshot already
    /// stored is never replaced: then nothing is written and the answer is false. Deciding
    /// which days may be frozen is the caller's. Errors: Storage.
    virtual core::Result<bool> freezeDay(const std::string& day, core::UtcMillis asOf,
                                         const std::string& asOfLocal,
                                         const SnapshotRender& render) = 0;
    /// The snapshots of those of `days` that are frozen, in day order, each with the
    /// registrants changed since it (at most `cap` IDs, by ID, and their count) and the day's
    /// attendance events stored since. Errors: Storage.
    virtual core::Result<std::vector<DaySnapshot>>
    daySnapshots(const std::vector<std::string>& days, int cap) = 0;
    /// Provisional registrants that kiosks created, for the secretariat to confirm.
    virtual core::Result<std::vector<core::Registrant>> provisionalRegistrants() = 0;
    /// Which of `ids` the central lists (provisional registrants included). Errors: Storage.
    virtual core::Result<std::set<std::string>> listedAmong(const std::set<std::string>& ids) = 0;
    /// After the meeting (docs/security.md, "Retention"): erases the list's personal data as a
    /// kiosk's purge does (core::ErasePersonalData) and keeps `meetingReportJson`, marked
    /// purged at `now`, in one transaction. Deciding that the meeting is over and freezing its
    /// days first is the caller's. Errors: Conflict (purged already), Storage.
    virtual core::Result<core::WipeSummary>
    purgePersonalData(core::UtcMillis now, const std::string& meetingReportJson) = 0;
    /// When the central was purged, with the report it kept; nullopt before. Errors: Storage.
    virtual core::Result<std::optional<PurgedCentral>> purged() = 0;

    // Dashboard accounts and sessions (docs/security.md, "The dashboard").

    /// Adds an account with its password hash. Errors: Conflict (the id exists), Storage.
    virtual core::Result<void> addUser(const std::string& id, const std::string& role,
                                       const std::string& passwordHash, core::UtcMillis now) = 0;
    /// Every account, by id. Errors: Storage.
    virtual core::Result<std::vector<CentralUser>> listUsers() = 0;
    /// Removes an account and ends its sessions. Errors: NotFound, Storage.
    virtual core::Result<void> removeUser(const std::string& id) = 0;
    /// Gives an account a new password hash, unlocks it and ends its sessions. Errors:
    /// NotFound, Storage.
    virtual core::Result<void> setUserPassword(const std::string& id,
                                               const std::string& passwordHash) = 0;
    /// Reads the account's lock and, when it is open, counts this attempt as a failure before
    /// the slow hash runs (finishSignIn takes it back on success): parallel guesses get no
    /// more than maxFailures hash checks per lockout. An expired lock starts a fresh count.
    /// Errors: Storage.
    virtual core::Result<SignInSlot> claimSignIn(const std::string& id, core::UtcMillis now,
                                                 const SignInLimits& limits) = 0;
    /// The attempt's verdict: a right password clears the count unless guesses made meanwhile
    /// locked the account (then false); a wrong one locks the account at the limit. Returns
    /// whether the sign-in stands. Errors: Storage.
    virtual core::Result<bool> finishSignIn(const std::string& id, bool rightPassword,
                                            core::UtcMillis now, const SignInLimits& limits) = 0;
    /// Keeps a new session. Errors: Storage.
    virtual core::Result<void> putSession(const DashboardSession& session) = 0;
    /// The session of this token hash, unexpired at `now`, with its user's current role; its
    /// idle time starts again (expiresAt = now + idle, written at most once a minute).
    /// nullopt when unknown, expired or its user is gone. Errors: Storage.
    virtual core::Result<std::optional<DashboardSession>>
    useSession(const std::string& tokenHash, core::UtcMillis now, core::UtcMillis idle) = 0;
    /// Ends a session (signing out); unknown hashes are ignored. Errors: Storage.
    virtual core::Result<void> endSession(const std::string& tokenHash) = 0;

    /// Whether the doors' live states are kept in the database for every central instance
    /// (PostgreSQL, where several instances serve one database). An SQLite central is one
    /// process: its doors stay in its memory.
    virtual bool sharesDoors() const { return false; }
    /// Writes doors as this instance heard them; a door is kept only when heard later than the
    /// stored one. Without sharesDoors, does nothing. Errors: Storage.
    virtual core::Result<void> shareDoors(const std::vector<DoorState>& /*doors*/) {
        return core::Ok{};
    }
    /// Every door the instances wrote, by kiosk id; empty without sharesDoors. Errors: Storage.
    virtual core::Result<std::vector<DoorState>> sharedDoors() { return std::vector<DoorState>{}; }
};

} // namespace accueil::sync
