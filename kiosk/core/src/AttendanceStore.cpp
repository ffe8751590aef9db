// SPDX-License-Identifier: Apache-2.0
#include "StoreInternal.h"

#include <accueil/core/Occupancy.h>
#include <accueil/core/SearchText.h>
#include <accueil/core/Text.h>

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <algorithm>

namespace accueil::core {

using store::Guarded;

namespace {

// How many search matches are sorted by name before the first page is taken.
constexpr int kCandidates = 1000;

// The key the debounce compares: the ticket of a code that carries one (its secret, so a forged
// code naming the same id is not taken for a repeat), else who the badge names, else what it
// said. An Indico code without a secret is keyed by what it said, never by the id it names.
std::string ScanKey(const ScanRequest& request) {
    if (!request.claim.ticket.empty()) {
        return "ticket:" + request.claim.ticket;
    }
    if (!request.claim.registrantId.empty() && !scanner::IsTicketClaim(request.claim)) {
        return "id:" + request.claim.registrantId;
    }
    return "raw:" + request.payload.substr(0, 256);
}

std::string Clip(const std::string& text, std::size_t max) {
    if (text.size() <= max) {
        return text;
    }
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
        --cut; // never split a UTF-8 sequence
    }
    return text.substr(0, cut) + "…";
}

// This kiosk's latest scan with the same key, for the debounce.
struct LastScan {
    std::optional<PreviousScan> scan;
    std::optional<Outcome> outcome;
    std::string reason;
};

LastScan ReadLastScan(sql::Database& db, const std::string& kioskId, const std::string& key) {
    sql::Statement st =
        db.prepare("SELECT at, outcome, detail FROM audit WHERE kiosk_id = ? AND scan_key = ? "
                   "AND scan_key <> '' ORDER BY seq DESC LIMIT 1"); // "<> ''" selects the index
    st.bind(1, kioskId).bind(2, key);
    LastScan last;
    if (st.step()) {
        last.scan = PreviousScan{key, st.int64(0)};
        last.outcome = ParseOutcome(st.text(1));
        last.reason =
            nlohmann::json::parse(st.text(2), nullptr, false).value("reason", std::string());
    }
    return last;
}

// Whether this scan repeats the last recorded scan of the same badge at this kiosk. With a
// monotonic time for both, measured on it; otherwise on the wall clock of the audit log.
bool IsRepeat(const LastScan& last, const std::string& key, const ScanRequest& request,
              int debounceSeconds, const std::unordered_map<std::string, std::int64_t>& steady) {
    if (!last.outcome) {
        return false;
    }
    const auto seen = steady.find(key);
    if (request.steadyMs && seen != steady.end()) {
        const std::int64_t elapsed = *request.steadyMs - seen->second;
        return debounceSeconds > 0 && elapsed >= 0 &&
               elapsed < static_cast<std::int64_t>(debounceSeconds) * 1000;
    }
    return IsRepeatScan(last.scan, key, request.at, debounceSeconds);
}

// Remembers when a scan of `key` was recorded, forgetting scans long past the debounce window
// once there are many.
void RememberSteady(std::unordered_map<std::string, std::int64_t>& steady, const std::string& key,
                    std::int64_t at, int debounceSeconds) {
    if (steady.size() >= 4096) {
        const std::int64_t horizon = at - static_cast<std::int64_t>(debounceSeconds) * 1000;
        std::erase_if(steady, [horizon](const auto& entry) { return entry.second < horizon; });
    }
    steady[key] = at;
}

std::optional<Registrant> LoadByTicket(sql::Database& db, const std::string& ticket) {
    sql::Statement st = db.prepare(std::string("SELECT ") + store::kRegistrantColumns +
                                   " FROM registrant WHERE ticket = ?");
    st.bind(1, ticket);
    if (!st.step()) {
        return std::nullopt;
    }
    return store::ReadRegistrant(st);
}

// The listed person a valid claim stands for (see AttendanceStore::registrantFor). A ticket is a
// secret: a code that carries one is resolved by it alone. Indico's v1 codes also name a
// registrant id, but those are small integers anyone can print.
std::optional<Registrant> Resolve(sql::Database& db, const scanner::BadgeClaim& claim) {
    if (!claim.valid()) {
        return std::nullopt; // a forged, foreign or broken code names nobody
    }
    if (scanner::IsTicketClaim(claim)) {
        return claim.ticket.empty() ? std::nullopt : LoadByTicket(db, claim.ticket);
    }
    if (!claim.registrantId.empty()) {
        return rows::LoadRegistrant(db, claim.registrantId);
    }
    return std::nullopt;
}

// The audit line's detail for a scan: why, how it was read, and what a refused code said.
std::string ScanAuditDetail(const ScanRequest& request, const Decision& decision) {
    nlohmann::json detail{{"reason", decision.reason},
                          {"format", scanner::ToString(request.claim.format)},
                          {"method", ToString(request.method)}};
    if (decision.outcome == Outcome::Unreadable || decision.outcome == Outcome::NotRecognised) {
        detail["payload"] = Clip(request.payload, 200); // so staff can see what was shown
    }
    if (decision.warn) {
        detail["warn"] = true;
    }
    if (request.direction == Direction::Out) {
        detail["direction"] = ToString(Direction::Out);
    }
    return detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The attendance event a decided scan writes: an entry into the door's zone, or an exit from
// it. Returns its UUID.
std::string WriteScanEvent(sql::Database& db, const ScanRequest& request,
                           const std::string& registrantId, const std::string& day,
                           const std::string& kioskId, const std::string& zone) {
    AttendanceEvent event;
    event.uuid = NewUuid();
    event.registrantId = registrantId;
    event.day = day;
    event.kind = request.direction == Direction::Out ? EventKind::CheckOut : EventKind::CheckIn;
    event.kioskId = kioskId;
    event.at = request.at;
    event.method = request.method;
    event.zone = zone;
    store::InsertEvent(db, event);
    return event.uuid;
}

// The audit line of a scan that is not a repeat, refused ones too, and, when staff were shown
// an attention note on the entry, a line that says so: it syncs, and the central notes it in
// its journal (docs/sync-protocol.md). Only the scan's line has the scan key, which the
// debounce reads. An unmatched ticket's id is only in the detail's payload: the lines name
// `who`.
void AuditScan(sql::Database& db, const ScanRequest& request, const ScanResult& result,
               const std::string& kioskId, const std::string& who, const std::string& key) {
    AuditEntry line;
    line.at = request.at;
    line.kioskId = kioskId;
    line.action = "scan";
    line.registrantId = who;
    line.outcome = std::string(ToString(result.decision.outcome));
    line.detail = ScanAuditDetail(request, result.decision);
    store::InsertAudit(db, line, key);
    if (result.decision.attention.empty()) {
        return;
    }
    line.action = "attention_admitted";
    line.detail =
        nlohmann::json{{"note", result.decision.attention}, {"event", result.eventUuid}}.dump(
            -1, ' ', false, nlohmann::json::error_handler_t::replace);
    store::InsertAudit(db, line);
}

// The provisional registrant a valid signed badge stands for until the list catches up.
Registrant FromBadge(const scanner::BadgeClaim& claim) {
    Registrant r;
    r.id = claim.registrantId;
    r.givenName = claim.givenName;
    r.familyName = claim.familyName;
    r.badgeVersion = claim.badgeVersion.value_or(1);
    r.provisional = true;
    return r;
}

// Someone not listed yet, admitted on their valid signed badge: a provisional registrant, and
// the badge kept for the central, which checks its signature again before it lists them.
Registrant AddFromBadge(sql::Database& db, const ScanRequest& request) {
    Registrant r = FromBadge(request.claim);
    store::UpsertRegistrant(db, r, {}, request.at);
    db.prepare("INSERT OR REPLACE INTO provisional_badge (registrant_id, payload) VALUES (?, ?)")
        .bind(1, r.id)
        .bind(2, request.payload)
        .run();
    return r;
}

// Whether an entry of `who` through this door would take its zone past its capacity.
bool ZoneFull(sql::Database& db, const EventConfig& event, const std::string& zoneId,
              const std::string& who, const std::string& day, UtcMillis at) {
    const Zone* zone = event.zone(zoneId);
    if (zone == nullptr || !zone->capacity) {
        return false;
    }
    const int others =
        OthersInside(store::ReadDayLog(db, day), at, zoneId, who, CheckoutAt(event, day));
    return others >= *zone->capacity;
}

// A kiosk's file belongs to that kiosk for good, as it belongs to one event: its outbox holds
// events recorded under the kiosk's id, which the central refuses from any other kiosk.
Result<void> BindToKiosk(sql::Database& db, const std::string& path, const std::string& kioskId) {
    return Guarded("opening database " + path, [&]() -> Result<void> {
        sql::Transaction tx(db, db.readOnly() ? sql::Transaction::Mode::Deferred
                                              : sql::Transaction::Mode::Immediate);
        sql::Statement get = db.prepare("SELECT value FROM meta WHERE key = 'kiosk_id'");
        if (get.step()) {
            if (const std::string bound = get.text(0); bound != kioskId) {
                return MakeError(ErrorKind::Config, "database " + path + " belongs to kiosk \"" +
                                                        bound + "\", not \"" + kioskId +
                                                        "\": give each kiosk its own "
                                                        "database (or set id = \"" +
                                                        bound + "\" back)");
            }
        } else if (!db.readOnly()) {
            db.prepare("INSERT INTO meta (key, value) VALUES ('kiosk_id', ?)")
                .bind(1, kioskId)
                .run();
        }
        tx.commit();
        return Ok{};
    });
}

} // namespace

AttendanceStore::AttendanceStore(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
AttendanceStore::AttendanceStore(AttendanceStore&&) noexcept = default;
AttendanceStore& AttendanceStore::operator=(AttendanceStore&&) noexcept = default;
AttendanceStore::~AttendanceStore() = default;

const EventConfig& AttendanceStore::event() const {
    return m_impl->event;
}
const std::string& AttendanceStore::kioskId() const {
    return m_impl->kioskId;
}
const std::string& AttendanceStore::zone() const {
    return m_impl->zone;
}
Result<void> AttendanceStore::setZone(const std::string& zone) {
    if (m_impl->event.zone(zone) == nullptr) {
        return MakeError(ErrorKind::Config,
                         "\"" + zone + "\" is not a zone of " + m_impl->event.path + " ([zones])");
    }
    m_impl->zone = zone;
    return Ok{};
}

Result<AttendanceStore> AttendanceStore::Open(const std::string& path, const EventConfig& event,
                                              std::string kioskId) {
    if (sodium_init() < 0) { // the staff PINs are hashed with it
        return MakeError(ErrorKind::Storage, "libsodium failed to initialise");
    }
    auto db = rows::OpenStoreDatabase(path, event);
    if (!db) {
        return std::move(db).error();
    }
    if (auto bound = BindToKiosk(*db, path, kioskId); !bound) {
        return std::move(bound).error();
    }
    auto impl = std::make_unique<Impl>(Impl{std::move(db).value(), event, std::move(kioskId), {}});
    auto purged = Guarded("reading " + path, [&]() -> Result<bool> {
        sql::Statement st = impl->db.prepare("SELECT 1 FROM meta WHERE key = ?");
        st.bind(1, store::kPurgedAtKey);
        return st.step();
    });
    if (!purged) {
        return std::move(purged).error();
    }
    impl->purged = *purged;
    return AttendanceStore(std::move(impl));
}

namespace store {

std::optional<Error> PurgedRefusal(bool purged, const sql::Database& db) {
    if (!purged) {
        return std::nullopt;
    }
    return Error{ErrorKind::Conflict, db.path() + " was purged after the event (accueil purge): it "
                                                  "records no more entries"};
}

} // namespace store

Result<UpsertSummary> AttendanceStore::upsertRegistrants(const std::vector<Registrant>& registrants,
                                                         UpsertFields fields) {
    return Guarded("saving registrants", [&]() -> Result<UpsertSummary> {
        sql::Database& db = m_impl->db;
        const UtcMillis now = NowUtcMillis();
        sql::Transaction tx(db);
        const UpsertSummary summary = rows::UpsertRegistrants(db, registrants, fields, now);
        tx.commit();
        return summary;
    });
}

Result<std::optional<Registrant>> AttendanceStore::registrant(const std::string& id) {
    return Guarded("reading a registrant", [&]() -> Result<std::optional<Registrant>> {
        return rows::LoadRegistrant(m_impl->db, id);
    });
}

Result<std::optional<Registrant>> AttendanceStore::registrantFor(const scanner::BadgeClaim& claim) {
    return Guarded("reading a registrant", [&]() -> Result<std::optional<Registrant>> {
        return Resolve(m_impl->db, claim);
    });
}

Result<int> AttendanceStore::registrantCount() {
    return Guarded("counting registrants", [&]() -> Result<int> {
        return static_cast<int>(m_impl->db.scalar("SELECT COUNT(*) FROM registrant"));
    });
}

Result<std::vector<Registrant>> AttendanceStore::allRegistrants() {
    return Guarded("reading registrants", [&]() -> Result<std::vector<Registrant>> {
        sql::Statement st = m_impl->db.prepare(std::string("SELECT ") + store::kRegistrantColumns +
                                               " FROM registrant ORDER BY id");
        std::vector<Registrant> out;
        while (st.step()) {
            out.push_back(store::ReadRegistrant(st));
        }
        return out;
    });
}

Result<std::vector<SearchHit>> AttendanceStore::search(const std::string& query, int limit,
                                                       std::optional<UtcMillis> now) {
    return Guarded("searching", [&]() -> Result<std::vector<SearchHit>> {
        sql::Database& db = m_impl->db;
        std::vector<SearchHit> hits;
        const std::string trimmed(TrimAscii(query));
        if (trimmed.empty() || limit <= 0) {
            return hits;
        }
        // Each word becomes a quoted prefix term, so nothing the user types is FTS syntax.
        const std::string match = SearchMatch(trimmed);
        std::vector<Registrant> found;
        if (auto exact = rows::LoadRegistrant(db, trimmed)) {
            found.push_back(std::move(*exact));
        }
        if (!match.empty()) {
            // Ranking every match of a one-letter prefix costs tens of milliseconds over 100k
            // names; sorting the first kCandidates matches by name costs one. Staff narrow a
            // long list by typing on.
            sql::Statement st =
                db.prepare(std::string("SELECT ") + store::kRegistrantColumns +
                           " FROM registrant r WHERE r.rid IN (SELECT rowid FROM registrant_search "
                           "WHERE registrant_search MATCH ?1 LIMIT " +
                           std::to_string(kCandidates) +
                           ") ORDER BY r.family_name, r.given_name, r.id LIMIT ?2");
            st.bind(1, match).bind(2, limit);
            while (st.step() && static_cast<int>(found.size()) < limit) {
                Registrant r = store::ReadRegistrant(st);
                if (found.empty() || found.front().id != r.id) {
                    found.push_back(std::move(r));
                }
            }
        }
        const std::string today = m_impl->event.calendar->dateAt(now.value_or(NowUtcMillis()));
        for (auto& r : found) {
            auto first = store::FirstEntry(db, r.id, today);
            hits.push_back(SearchHit{std::move(r), first});
        }
        return hits;
    });
}

Result<ScanResult> AttendanceStore::recordScan(const ScanRequest& request) {
    if (auto refused = store::PurgedRefusal(m_impl->purged, m_impl->db)) {
        return *refused;
    }
    return Guarded("recording a scan", [&]() -> Result<ScanResult> {
        sql::Database& db = m_impl->db;
        const EventConfig& ev = m_impl->event;
        ScanResult result;
        result.day = ev.calendar->dateAt(request.at);
        const std::string key = ScanKey(request);

        sql::Transaction tx(db);
        const LastScan last = ReadLastScan(db, m_impl->kioskId, key);
        std::optional<Registrant> registrant = Resolve(db, request.claim);
        // Who the scan is about: the listed person, else (a signed badge of someone not listed
        // yet) the id it vouches for; never the id beside an unmatched ticket.
        const std::string who = registrant ? registrant->id
                                : (scanner::IsTicketClaim(request.claim) || !request.claim.valid())
                                    ? std::string()
                                    : request.claim.registrantId;
        std::optional<UtcMillis> firstEntry;
        if (!who.empty()) {
            firstEntry = store::FirstEntry(db, who, result.day);
        }

        if (IsRepeat(last, key, request, ev.debounceSeconds, m_impl->steadyOfKey)) {
            // The same badge held up again: the same scan, nothing new to record.
            result.repeat = true;
            result.decision.outcome = *last.outcome;
            result.decision.reason = last.reason;
            if (registrant && IsEntry(result.decision.outcome)) {
                result.decision.attention = registrant->attention; // shown again, not recorded
            }
            result.registrant = std::move(registrant);
            result.firstEntryToday = firstEntry;
            return result;
        }

        ScanFacts facts;
        facts.claim = &request.claim;
        facts.registrant = registrant ? &*registrant : nullptr;
        facts.day = result.day;
        facts.meetingDay = ev.calendar->isMeetingDay(result.day);
        facts.firstEntryToday = firstEntry;
        facts.reentry = ev.reentry;
        facts.direction = request.direction;
        if (!who.empty()) {
            facts.leftZone = store::LeftZone(db, who, result.day, m_impl->zone);
        }
        facts.zoneFull = request.direction == Direction::In &&
                         ZoneFull(db, ev, m_impl->zone, who, result.day, request.at);
        result.decision = Decide(facts);

        if (result.decision.fromBadgeOnly) {
            registrant = AddFromBadge(db, request);
        }
        if (result.decision.recordsEntry) {
            result.eventUuid = WriteScanEvent(db, request, registrant->id, result.day,
                                              m_impl->kioskId, m_impl->zone);
            if (request.direction == Direction::In) {
                firstEntry = firstEntry ? std::min(*firstEntry, request.at) : request.at;
            }
        }
        AuditScan(db, request, result, m_impl->kioskId, who, key);
        tx.commit();
        if (request.steadyMs) {
            RememberSteady(m_impl->steadyOfKey, key, *request.steadyMs, ev.debounceSeconds);
        }

        result.registrant = std::move(registrant);
        result.firstEntryToday = firstEntry;
        return result;
    });
}

Result<std::vector<AttendanceEvent>> AttendanceStore::history(const std::string& registrantId) {
    return Guarded("reading history", [&]() -> Result<std::vector<AttendanceEvent>> {
        sql::Statement st = m_impl->db.prepare(std::string("SELECT ") + store::kEventColumns +
                                               " FROM attendance WHERE registrant_id = ? "
                                               "ORDER BY at, seq");
        st.bind(1, registrantId);
        std::vector<AttendanceEvent> out;
        while (st.step()) {
            out.push_back(store::ReadEvent(st));
        }
        return out;
    });
}

Result<std::vector<AuditEntry>> AttendanceStore::recentAudit(int limit) {
    return Guarded("reading the audit log", [&]() -> Result<std::vector<AuditEntry>> {
        sql::Statement st = m_impl->db.prepare(
            "SELECT uuid, at, kiosk_id, staff_id, action, registrant_id, outcome, detail "
            "FROM audit ORDER BY seq DESC LIMIT ?");
        st.bind(1, limit);
        std::vector<AuditEntry> out;
        while (st.step()) {
            out.push_back(AuditEntry{st.text(0), st.int64(1), st.text(2), st.text(3), st.text(4),
                                     st.text(5), st.text(6), st.text(7)});
        }
        return out;
    });
}

Result<void> AttendanceStore::audit(const AuditEntry& entry) {
    return Guarded("writing the audit log", [&]() -> Result<void> {
        sql::Transaction tx(m_impl->db);
        AuditEntry e = entry;
        if (e.kioskId.empty()) {
            e.kioskId = m_impl->kioskId;
        }
        store::InsertAudit(m_impl->db, e);
        tx.commit();
        return Ok{};
    });
}

Result<int> AttendanceStore::outboxSize() {
    return Guarded("reading the outbox", [&]() -> Result<int> {
        return static_cast<int>(m_impl->db.scalar("SELECT COUNT(*) FROM outbox"));
    });
}

} // namespace accueil::core
