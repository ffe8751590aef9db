// SPDX-License-Identifier: Apache-2.0
// What staff do at the kiosk: manual entries, undo, holds, walk-ins, and the staff accounts.

#include "StoreInternal.h"

#include <accueil/core/Text.h>

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <utility>

namespace accueil::core {

using store::Guarded;

namespace {

// What staff type is bounded as the central bounds it (docs/sync-protocol.md: a reason 500
// characters, a registrant's fields 200), so nothing accepted here is refused there and lost.
// A reason leaves room for the "walk-in: " a walk-in's entry puts before it.
constexpr std::size_t kMaxReasonChars = 400;
constexpr std::size_t kMaxFieldChars = 200;

Result<void> RequireText(const char* what, const std::string& text, std::size_t maxChars) {
    if (auto why = TextFieldProblem(text, maxChars)) {
        return MakeError(ErrorKind::Input, std::string(what) + ": " + *why);
    }
    return Ok{};
}

Result<void> RequireReason(const std::string& reason) {
    if (TrimAscii(reason).empty()) {
        return MakeError(ErrorKind::Input, "give a reason (it goes into the audit log)");
    }
    return RequireText("the reason", reason, kMaxReasonChars);
}

// Staff record entries for meeting days only: the day `at` falls on, or an Input error.
Result<std::string> MeetingDayAt(const EventCalendar& calendar, UtcMillis at) {
    std::string day = calendar.dateAt(at);
    if (!calendar.isMeetingDay(day)) {
        return MakeError(ErrorKind::Input, day + " is not a meeting day");
    }
    return day;
}

AuditEntry StaffAudit(const std::string& kioskId, const std::string& staffId, std::string action,
                      const std::string& registrantId, UtcMillis at, const nlohmann::json& detail) {
    AuditEntry a;
    a.at = at;
    a.kioskId = kioskId;
    a.staffId = staffId;
    a.action = std::move(action);
    a.registrantId = registrantId;
    a.outcome = "ok";
    a.detail = detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return a;
}

} // namespace

Result<ScanResult> AttendanceStore::manualCheckIn(const std::string& registrantId,
                                                  const std::string& staffId,
                                                  const std::string& reason, UtcMillis at) {
    if (auto refused = store::PurgedRefusal(m_impl->purged, m_impl->db)) {
        return *refused;
    }
    if (auto ok = RequireReason(reason); !ok) {
        return ok.error();
    }
    return Guarded("recording a manual check-in", [&]() -> Result<ScanResult> {
        sql::Database& db = m_impl->db;
        auto day = MeetingDayAt(*m_impl->event.calendar, at);
        if (!day) {
            return day.error();
        }
        ScanResult result;
        result.day = std::move(day).value();
        sql::Transaction tx(db);
        result.registrant = rows::LoadRegistrant(db, registrantId);
        if (!result.registrant) {
            return MakeError(ErrorKind::NotFound, "no registrant with ID " + registrantId);
        }
        const auto first = store::FirstEntry(db, registrantId, result.day);
        AttendanceEvent e;
        e.uuid = NewUuid();
        e.registrantId = registrantId;
        e.day = result.day;
        e.kind = EventKind::ManualCheckIn;
        e.kioskId = m_impl->kioskId;
        e.zone = m_impl->zone;
        e.at = at;
        e.method = Method::Manual;
        e.staffId = staffId;
        e.reason = reason;
        store::InsertEvent(db, e);
        store::InsertAudit(db, StaffAudit(m_impl->kioskId, staffId, "manual_check_in", registrantId,
                                          at, {{"reason", reason}, {"event", e.uuid}}));
        tx.commit();
        result.decision.outcome = first ? Outcome::WelcomeBack : Outcome::Admitted;
        result.decision.recordsEntry = true;
        result.decision.reason = "checked in by staff " + staffId + ": " + reason;
        result.firstEntryToday = first ? std::min(*first, at) : at;
        result.eventUuid = e.uuid;
        return result;
    });
}

Result<AttendanceEvent> AttendanceStore::undo(const std::string& eventUuid,
                                              const std::string& staffId, const std::string& reason,
                                              UtcMillis at) {
    if (auto ok = RequireReason(reason); !ok) {
        return ok.error();
    }
    return Guarded("undoing an entry", [&]() -> Result<AttendanceEvent> {
        sql::Database& db = m_impl->db;
        sql::Transaction tx(db);
        AttendanceEvent undo;
        {
            sql::Statement st =
                db.prepare("SELECT registrant_id, day, kind, "
                           "EXISTS (SELECT 1 FROM attendance u WHERE u.target = a.uuid) "
                           "FROM attendance a WHERE uuid = ?");
            st.bind(1, eventUuid);
            if (!st.step()) {
                return MakeError(ErrorKind::NotFound, "no attendance event " + eventUuid);
            }
            if (st.text(2) == "undo") {
                return MakeError(ErrorKind::Conflict, "an undo cannot itself be undone; "
                                                      "check the delegate in again instead");
            }
            if (st.int64(3) != 0) {
                return MakeError(ErrorKind::Conflict, "that entry was already undone");
            }
            undo.registrantId = st.text(0);
            undo.day = st.text(1);
        }
        undo.uuid = NewUuid();
        undo.kind = EventKind::Undo;
        undo.target = eventUuid;
        undo.kioskId = m_impl->kioskId;
        undo.at = at;
        undo.method = Method::Manual;
        undo.staffId = staffId;
        undo.reason = reason;
        store::InsertEvent(db, undo);
        store::InsertAudit(db, StaffAudit(m_impl->kioskId, staffId, "undo", undo.registrantId, at,
                                          {{"reason", reason}, {"target", eventUuid}}));
        tx.commit();
        return undo;
    });
}

Result<void> AttendanceStore::setHold(const std::string& registrantId, const std::string& note,
                                      const std::string& staffId, UtcMillis at) {
    if (auto ok = RequireText("the hold note", note, kMaxFieldChars); !ok) {
        return ok.error();
    }
    return Guarded("placing a hold", [&]() -> Result<void> {
        sql::Database& db = m_impl->db;
        sql::Transaction tx(db);
        db.prepare("UPDATE registrant SET hold_note = ?, updated_at = ? WHERE id = ?")
            .bind(1, std::string(TrimAscii(note)))
            .bind(2, at)
            .bind(3, registrantId)
            .run();
        if (db.changes() == 0) {
            return MakeError(ErrorKind::NotFound, "no registrant with ID " + registrantId);
        }
        const bool placing = !TrimAscii(note).empty();
        store::InsertAudit(db, StaffAudit(m_impl->kioskId, staffId,
                                          placing ? "hold_placed" : "hold_cleared", registrantId,
                                          at, {{"note", note}}));
        tx.commit();
        return Ok{};
    });
}

Result<Registrant> AttendanceStore::reissueBadge(const std::string& registrantId,
                                                 const std::string& staffId, UtcMillis at) {
    return Guarded("re-issuing a badge", [&]() -> Result<Registrant> {
        sql::Database& db = m_impl->db;
        sql::Transaction tx(db);
        auto person = rows::LoadRegistrant(db, registrantId);
        if (!person) {
            return MakeError(ErrorKind::NotFound, "no registrant with ID " + registrantId);
        }
        if (person->status != RegistrantStatus::Active) {
            return MakeError(ErrorKind::Conflict,
                             registrantId + "'s registration is cancelled: no new badge");
        }
        constexpr std::int64_t kLastVersion = 65535; // what a signed badge can carry
        if (person->badgeVersion >= kLastVersion) {
            return MakeError(ErrorKind::Conflict,
                             registrantId + "'s badge version is at its limit");
        }
        person->badgeVersion += 1;
        rows::RaiseBadgeVersion(db, registrantId, person->badgeVersion, at);
        store::InsertAudit(db, StaffAudit(m_impl->kioskId, staffId, "badge_reissued", registrantId,
                                          at, {{"badge_version", person->badgeVersion}}));
        tx.commit();
        return std::move(person).value();
    });
}

Result<ScanResult> AttendanceStore::admitWalkIn(Registrant person, const std::string& staffId,
                                                const std::string& reason, UtcMillis at) {
    if (auto refused = store::PurgedRefusal(m_impl->purged, m_impl->db)) {
        return *refused;
    }
    if (auto ok = RequireReason(reason); !ok) {
        return ok.error();
    }
    if (TrimAscii(person.givenName).empty() && TrimAscii(person.familyName).empty()) {
        return MakeError(ErrorKind::Input, "a walk-in needs at least a name");
    }
    for (const auto& [what, field] :
         {std::pair{"the given name", &person.givenName},
          std::pair{"the family name", &person.familyName},
          std::pair{"the delegation", &person.delegation},
          std::pair{"the category", &person.category}, std::pair{"the role", &person.role}}) {
        *field = std::string(TrimAscii(*field));
        if (auto ok = RequireText(what, *field, kMaxFieldChars); !ok) {
            return ok.error();
        }
    }
    if (person.id.empty()) {
        person.id = "WALKIN-" + NewUuid().substr(24); // the random tail
    }
    person.provisional = true;
    person.status = RegistrantStatus::Active;
    person.gender = NormalizeGender(person.gender);
    if (person.gender.empty()) {
        return MakeError(ErrorKind::Input, "gender must be female, male, other or undisclosed");
    }
    return Guarded("admitting a walk-in", [&]() -> Result<ScanResult> {
        sql::Database& db = m_impl->db;
        auto day = MeetingDayAt(*m_impl->event.calendar, at);
        if (!day) {
            return day.error();
        }
        ScanResult result;
        result.day = std::move(day).value();
        sql::Transaction tx(db);
        if (rows::LoadRegistrant(db, person.id)) {
            return MakeError(ErrorKind::Conflict, "ID " + person.id + " is already registered");
        }
        store::UpsertRegistrant(db, person, UpsertFields{true, true, true}, at);
        AttendanceEvent e;
        e.uuid = NewUuid();
        e.registrantId = person.id;
        e.day = result.day;
        e.kind = EventKind::ManualCheckIn;
        e.kioskId = m_impl->kioskId;
        e.zone = m_impl->zone;
        e.at = at;
        e.method = Method::Manual;
        e.staffId = staffId;
        e.reason = "walk-in: " + reason;
        store::InsertEvent(db, e);
        store::InsertAudit(db, StaffAudit(m_impl->kioskId, staffId, "walk_in", person.id, at,
                                          {{"reason", reason}, {"event", e.uuid}}));
        tx.commit();
        result.decision = Decision{Outcome::Admitted, true, false, false, "walk-in: " + reason};
        result.registrant = std::move(person);
        result.firstEntryToday = at;
        result.eventUuid = e.uuid;
        return result;
    });
}

// --- Staff accounts ---------------------------------------------------------------------

namespace {

bool IsValidPin(const std::string& pin) {
    if (pin.size() < 4 || pin.size() > 12) {
        return false;
    }
    return std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The staff member with this ID and, in `hash`, their PIN hash.
std::optional<StaffMember> LoadStaff(sql::Database& db, const std::string& id, std::string& hash) {
    sql::Statement st = db.prepare("SELECT id, name, role, failed_attempts, locked_until, "
                                   "pin_hash FROM staff WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) {
        return std::nullopt;
    }
    StaffMember member{st.text(0), st.text(1), st.text(2), static_cast<int>(st.int64(3)), {}};
    if (!st.isNull(4)) {
        member.lockedUntil = st.int64(4);
    }
    hash = st.text(5);
    return member;
}

// What a PIN attempt found when it claimed its slot.
enum class PinSlot { UnknownStaff, Locked, Claimed };

// Reads the lock and, when the account is open, counts this attempt as a failure before the
// slow hash runs (a success takes it back): parallel guesses, from this kiosk or another on
// the same database, can never get more than max_failures hash checks per lockout. An
// expired lock starts a fresh count. Inside the caller's write transaction.
PinSlot ClaimPinSlot(sql::Database& db, const std::string& id, const StaffSettings& settings,
                     UtcMillis now, std::optional<StaffMember>& member, std::string& hash) {
    member = LoadStaff(db, id, hash);
    if (!member) {
        return PinSlot::UnknownStaff;
    }
    if (member->lockedUntil && *member->lockedUntil <= now) {
        member->lockedUntil.reset();
        member->failedAttempts = 0;
    } else if (member->lockedUntil || member->failedAttempts >= settings.maxFailures) {
        return PinSlot::Locked; // locked, or every attempt it allows is being checked now
    }
    db.prepare("UPDATE staff SET failed_attempts = ?2, locked_until = NULL WHERE id = ?1")
        .bind(1, id)
        .bind(2, member->failedAttempts + 1)
        .run();
    return PinSlot::Claimed;
}

// The lock this attempt's wrong PIN sets when the count has reached the limit; returns
// whether the account is locked now. Inside the caller's write transaction.
bool LockIfAtLimit(sql::Database& db, const std::string& id, const StaffSettings& settings,
                   UtcMillis now) {
    db.prepare("UPDATE staff SET locked_until = ?3 WHERE id = ?1 AND failed_attempts >= ?2 "
               "AND locked_until IS NULL")
        .bind(1, id)
        .bind(2, settings.maxFailures)
        .bind(3, now + static_cast<UtcMillis>(settings.lockoutSeconds) * 1000)
        .run();
    sql::Statement st = db.prepare("SELECT locked_until IS NOT NULL FROM staff WHERE id = ?");
    st.bind(1, id);
    return st.step() && st.int64(0) != 0;
}

// The same work for an unknown staff ID as for a known one, so the time an answer takes does
// not tell them apart.
void HashAgainstNobody(const std::string& pin) {
    static const std::string dummy = [] {
        std::string out(crypto_pwhash_STRBYTES, '\0');
        constexpr std::string_view kText = "no such staff member";
        if (crypto_pwhash_str(out.data(), kText.data(), kText.size(),
                              crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
            return std::string();
        }
        out.resize(out.find('\0')); // the hash is NUL-terminated inside the buffer
        return out;
    }();
    if (!dummy.empty()) {
        [[maybe_unused]] const int never =
            crypto_pwhash_str_verify(dummy.c_str(), pin.c_str(), pin.size());
    }
}

Error LockedError(UtcMillis lockedUntil, UtcMillis now) {
    const auto minutes = std::max<UtcMillis>(1, (lockedUntil - now + 59'999) / 60'000);
    return MakeError(ErrorKind::Auth, "too many wrong PINs: locked for " + std::to_string(minutes) +
                                          " more minute(s)");
}

} // namespace

Result<void> AttendanceStore::addStaff(const std::string& id, const std::string& name,
                                       const std::string& role, const std::string& pin) {
    if (id.empty() || id.size() > 64 || TrimAscii(id) != id) {
        return MakeError(ErrorKind::Input, "a staff ID is 1 to 64 characters without spaces "
                                           "at either end");
    }
    if (role != "staff" && role != "supervisor" && role != "admin") {
        return MakeError(ErrorKind::Input,
                         "role \"" + role + "\" is not one of staff, supervisor, admin");
    }
    if (!IsValidPin(pin)) {
        return MakeError(ErrorKind::Input, "a PIN is 4 to 12 digits");
    }
    std::string hash(crypto_pwhash_STRBYTES, '\0');
    if (crypto_pwhash_str(hash.data(), pin.c_str(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        return MakeError(ErrorKind::Storage, "not enough memory to hash the PIN");
    }
    hash.resize(std::strlen(hash.c_str()));
    return Guarded("adding staff", [&]() -> Result<void> {
        sql::Database& db = m_impl->db;
        sql::Transaction tx(db);
        if (db.prepare("SELECT 1 FROM staff WHERE id = ?").bind(1, id).step()) {
            return MakeError(ErrorKind::Conflict, "staff ID " + id + " exists already");
        }
        db.prepare("INSERT INTO staff (id, name, role, pin_hash) VALUES (?, ?, ?, ?)")
            .bind(1, id)
            .bind(2, name)
            .bind(3, role)
            .bind(4, hash)
            .run();
        store::InsertAudit(db, StaffAudit(m_impl->kioskId, "", "staff_added", "", NowUtcMillis(),
                                          {{"staff", id}, {"role", role}}));
        tx.commit();
        return Ok{};
    });
}

Result<void> AttendanceStore::removeStaff(const std::string& id) {
    return Guarded("removing staff", [&]() -> Result<void> {
        sql::Database& db = m_impl->db;
        sql::Transaction tx(db);
        db.prepare("DELETE FROM staff WHERE id = ?").bind(1, id).run();
        if (db.changes() == 0) {
            return MakeError(ErrorKind::NotFound, "no staff member " + id);
        }
        store::InsertAudit(db, StaffAudit(m_impl->kioskId, "", "staff_removed", "", NowUtcMillis(),
                                          {{"staff", id}}));
        tx.commit();
        return Ok{};
    });
}

Result<std::vector<StaffMember>> AttendanceStore::listStaff() {
    return Guarded("listing staff", [&]() -> Result<std::vector<StaffMember>> {
        sql::Statement st = m_impl->db.prepare(
            "SELECT id, name, role, failed_attempts, locked_until FROM staff ORDER BY id");
        std::vector<StaffMember> out;
        while (st.step()) {
            StaffMember m{st.text(0), st.text(1), st.text(2), static_cast<int>(st.int64(3)), {}};
            if (!st.isNull(4)) {
                m.lockedUntil = st.int64(4);
            }
            out.push_back(std::move(m));
        }
        return out;
    });
}

Result<StaffMember> AttendanceStore::verifyPin(const std::string& id, const std::string& pin,
                                               const StaffSettings& settings, UtcMillis now,
                                               const char* purpose) {
    return Guarded("checking a PIN", [&]() -> Result<StaffMember> {
        sql::Database& db = m_impl->db;
        const auto audit = [&](const char* outcome, const nlohmann::json& detail) {
            AuditEntry a = StaffAudit(m_impl->kioskId, id, purpose, "", now, detail);
            a.outcome = outcome;
            store::InsertAudit(db, a);
        };
        // One message for an unknown ID and a wrong PIN: it must not tell which IDs exist.
        const Error refused = MakeError(ErrorKind::Auth, "unknown staff ID or wrong PIN");
        std::optional<StaffMember> member;
        std::string hash;
        {
            sql::Transaction tx(db);
            const PinSlot slot = ClaimPinSlot(db, id, settings, now, member, hash);
            if (slot != PinSlot::Claimed) {
                audit("refused",
                      {{"why", slot == PinSlot::Locked ? "locked" : "unknown staff ID"}});
                tx.commit();
                if (slot == PinSlot::UnknownStaff) {
                    HashAgainstNobody(pin);
                    return refused;
                }
                return LockedError(
                    member->lockedUntil.value_or(
                        now + static_cast<UtcMillis>(settings.lockoutSeconds) * 1000),
                    now);
            }
            tx.commit();
        }
        // The slow hash runs outside any transaction so scans are never held up by it.
        const bool good =
            IsValidPin(pin) && crypto_pwhash_str_verify(hash.c_str(), pin.c_str(), pin.size()) == 0;
        sql::Transaction tx(db);
        std::string ignored;
        const std::optional<StaffMember> current = LoadStaff(db, id, ignored);
        if (good && current && !(current->lockedUntil && *current->lockedUntil > now)) {
            db.prepare("UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ?")
                .bind(1, id)
                .run();
            audit("ok", nlohmann::json::object());
            tx.commit();
            member->failedAttempts = 0;
            member->lockedUntil.reset();
            return *member;
        }
        if (good) {
            // The right PIN, but guesses made at the same time locked the account first.
            audit("refused", {{"why", "locked"}});
            tx.commit();
            return LockedError(*current->lockedUntil, now);
        }
        const bool locked = LockIfAtLimit(db, id, settings, now);
        audit("refused",
              {{"why", "wrong PIN"}, {"failures", current ? current->failedAttempts : 0}});
        tx.commit();
        if (locked) {
            return MakeError(ErrorKind::Auth,
                             "unknown staff ID or wrong PIN; too many wrong PINs: locked for " +
                                 std::to_string((settings.lockoutSeconds + 59) / 60) +
                                 " minute(s)");
        }
        return refused;
    });
}

} // namespace accueil::core
