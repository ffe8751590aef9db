// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/core/Attendance.h>
#include <accueil/core/CheckInRules.h>
#include <accueil/core/Config.h>
#include <accueil/core/Registrant.h>
#include <accueil/core/RegistrantMerge.h>
#include <accueil/core/Report.h>
#include <accueil/core/Result.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace accueil::core {

namespace store {
struct Access; // the store's own source files reach its connection through this
}

/// One scan to decide and record.
struct ScanRequest {
    std::string payload; ///< raw text as read (for the audit log and debounce)
    scanner::BadgeClaim claim;
    UtcMillis at = 0;
    Method method = Method::Camera;
    /// An entry, or an exit from the door's zone (docs/check-in-rules.md, "Exits").
    Direction direction = Direction::In;
    /// A monotonic time of the scan in milliseconds (e.g. std::chrono::steady_clock), when the
    /// caller has one: the debounce then measures on it within this process, so a step of the
    /// wall clock cannot hide a repeat or swallow a new scan. Unset: the wall clock `at`.
    std::optional<std::int64_t> steadyMs;
};

/// What a scan ended in, after the commit.
struct ScanResult {
    Decision decision;
    bool repeat = false; ///< same badge within the debounce window: not recorded again
    std::string day;
    std::optional<Registrant> registrant;     ///< who, when known (locally or from the badge)
    std::optional<UtcMillis> firstEntryToday; ///< includes this entry when one was recorded
    std::string eventUuid;                    ///< the attendance event written, if any
};

/// A search hit for the staff panel and `accueil find`.
struct SearchHit {
    Registrant registrant;
    std::optional<UtcMillis> firstEntryToday;
};

/// A staff member as listed (never the PIN hash).
struct StaffMember {
    std::string id;
    std::string name;
    std::string role; ///< staff | supervisor | admin
    int failedAttempts = 0;
    std::optional<UtcMillis> lockedUntil;
};

/// One audit line.
struct AuditEntry {
    std::string uuid;
    UtcMillis at = 0;
    std::string kioskId;
    std::string staffId;
    std::string action; ///< scan, manual_check_in, undo, hold, staff_login, import, ...
    std::string registrantId;
    std::string outcome;
    std::string detail;
};

/// The kiosk's SQLite store: registration list, attendance log, audit log, staff, outbox.
/// One writer path: every write is one BEGIN IMMEDIATE transaction with synchronous=FULL, and
/// a method returns only after its commit. One object per thread; several processes may open
/// the same file (the night job beside the kiosk).
class AttendanceStore {
public:
    /// Opens or creates the database, runs migrations, checks integrity, and binds the file to
    /// the event (a database of another event is refused). Errors: Storage, Config.
    static Result<AttendanceStore> Open(const std::string& path, const EventConfig& event,
                                        std::string kioskId);

    AttendanceStore(AttendanceStore&& other) noexcept;
    AttendanceStore& operator=(AttendanceStore&& other) noexcept;
    AttendanceStore(const AttendanceStore&) = delete;
    AttendanceStore& operator=(const AttendanceStore&) = delete;
    ~AttendanceStore();

    // --- Registration list --------------------------------------------------------------
    /// Adds or updates the given registrants in one transaction (all or nothing).
    Result<UpsertSummary> upsertRegistrants(const std::vector<Registrant>& registrants,
                                            UpsertFields fields = {});
    Result<std::optional<Registrant>> registrant(const std::string& id);
    /// The listed person a badge claim stands for, by the rule recordScan uses: nobody for a
    /// claim that is not valid (forged, of another event, broken); a claim that carries a
    /// ticket (an Indico code) by that ticket alone, never by the id beside it; any other by
    /// its registrant id. nullopt when nobody on the list matches.
    Result<std::optional<Registrant>> registrantFor(const scanner::BadgeClaim& claim);
    Result<int> registrantCount();
    /// The whole list, by ID (for issuing badges and exports).
    Result<std::vector<Registrant>> allRegistrants();
    /// Name search: accents, case and letters like Ł ignored in every script; every word a
    /// prefix; over given name, family name and delegation, and the name's Latin spelling
    /// (SearchText.h: "ivanov" finds "Иванов", "fatima" "فاطمة", "wang" "王"); an exact ID
    /// first. At most `limit` hits.
    Result<std::vector<SearchHit>> search(const std::string& query, int limit = 50,
                                          std::optional<UtcMillis> now = std::nullopt);

    // --- Scans and staff actions (each audited, each one transaction) ----------------------
    /// Decides a scan with the check-in rules and records it; returns after the commit.
    Result<ScanResult> recordScan(const ScanRequest& request);
    /// Staff admits a listed registrant by hand (reason required). Errors: NotFound, Input.
    Result<ScanResult> manualCheckIn(const std::string& registrantId, const std::string& staffId,
                                     const std::string& reason, UtcMillis at);
    /// Staff cancels an entry; the undo is itself an event. Errors: NotFound, Conflict.
    Result<AttendanceEvent> undo(const std::string& eventUuid, const std::string& staffId,
                                 const std::string& reason, UtcMillis at);
    /// Staff places (non-empty note) or clears (empty note) a hold.
    Result<void> setHold(const std::string& registrantId, const std::string& note,
                         const std::string& staffId, UtcMillis at);
    /// Staff re-issue a registrant's badge (lost, damaged): its version rises by one, so every
    /// badge printed before is refused as `replaced`, here at once and at the other doors once
    /// the audit line has reached the central. Returns the registrant as now listed. Errors:
    /// NotFound, Conflict (cancelled, or the version at its limit of 65535).
    Result<Registrant> reissueBadge(const std::string& registrantId, const std::string& staffId,
                                    UtcMillis at);
    /// Staff admits someone not on the list: a provisional registrant plus a manual entry.
    Result<ScanResult> admitWalkIn(Registrant person, const std::string& staffId,
                                   const std::string& reason, UtcMillis at);

    /// The registrant's attendance events, oldest first.
    Result<std::vector<AttendanceEvent>> history(const std::string& registrantId);
    /// The most recent audit lines, newest first.
    Result<std::vector<AuditEntry>> recentAudit(int limit);
    /// Writes an audit line on its own (e.g. an import, a config refusal).
    Result<void> audit(const AuditEntry& entry);

    // --- Staff ---------------------------------------------------------------------------
    /// Adds a staff member with a 4–12 digit PIN (stored as Argon2id). Errors: Input, Conflict.
    Result<void> addStaff(const std::string& id, const std::string& name, const std::string& role,
                          const std::string& pin);
    Result<void> removeStaff(const std::string& id);
    Result<std::vector<StaffMember>> listStaff();
    /// Checks a PIN; after `settings.maxFailures` wrong PINs in a row the account locks for
    /// `settings.lockoutSeconds`. Every attempt is audited as `purpose` (`staff_login` to open
    /// the panel, `leave_pin` to leave the kiosk, `desk_pin` for a command's action), never the
    /// PIN. Errors: Auth.
    Result<StaffMember> verifyPin(const std::string& id, const std::string& pin,
                                  const StaffSettings& settings, UtcMillis now,
                                  const char* purpose = "staff_login");

    // --- Reports -------------------------------------------------------------------------
    /// Counts per day (all meeting days, or one) in total and per delegation, category, gender.
    Result<std::vector<ReportRow>> report(const std::optional<std::string>& day);

    /// Events waiting to be pushed to the central (the sync outbox).
    Result<int> outboxSize();

    const EventConfig& event() const;
    const std::string& kioskId() const;
    /// The zone this kiosk's door leads into ([kiosk] zone): where its scans, manual check-ins
    /// and walk-ins are recorded. The building unless set. Errors: Config (not an event zone).
    Result<void> setZone(const std::string& zone);
    const std::string& zone() const;

private:
    friend struct store::Access;
    struct Impl;
    explicit AttendanceStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace accueil::core
