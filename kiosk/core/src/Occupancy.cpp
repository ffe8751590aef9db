// SPDX-License-Identifier: Apache-2.0
#include "StoreInternal.h"

#include <accueil/core/Occupancy.h>
#include <accueil/core/Text.h>

#include <algorithm>
#include <set>
#include <utility>

namespace accueil::core {

namespace {

// Each person's state per zone: true when their last entry or exit there was an entry.
using LastMoves = std::map<std::pair<std::string, std::string>, bool>;

// The day's entries and exits up to `at`, undone ones left out, in scan-time order (UUID on a
// tie): the order in which they happened, whatever the order they reached this host in.
std::vector<const AttendanceEvent*> Moves(const std::vector<AttendanceEvent>& log, UtcMillis at) {
    std::set<std::string> undone;
    for (const AttendanceEvent& e : log) {
        if (e.kind == EventKind::Undo) {
            undone.insert(e.target);
        }
    }
    std::vector<const AttendanceEvent*> moves;
    for (const AttendanceEvent& e : log) {
        if (e.kind != EventKind::Undo && e.at <= at && !undone.contains(e.uuid)) {
            moves.push_back(&e);
        }
    }
    std::sort(moves.begin(), moves.end(), [](const AttendanceEvent* a, const AttendanceEvent* b) {
        return std::tie(a->at, a->uuid) < std::tie(b->at, b->uuid);
    });
    return moves;
}

LastMoves Replay(const std::vector<AttendanceEvent>& log, UtcMillis at) {
    LastMoves inside;
    for (const AttendanceEvent* e : Moves(log, at)) {
        inside[{e->registrantId, e->zone}] = IsEntryKind(e->kind);
    }
    return inside;
}

} // namespace

Occupancy InsideNow(const std::vector<AttendanceEvent>& dayLog, UtcMillis at,
                    const std::vector<Zone>& zones, std::optional<UtcMillis> checkoutAt) {
    Occupancy out;
    for (const Zone& zone : zones) {
        out.zones[zone.id] = 0;
    }
    if (checkoutAt && at >= *checkoutAt) {
        return out; // the day is closed: everyone was checked out
    }
    std::set<std::string> people;
    for (const auto& [key, in] : Replay(dayLog, at)) {
        if (in) {
            out.zones[key.second] += 1; // a zone no longer configured still shows
            people.insert(key.first);
        }
    }
    out.total = static_cast<int>(people.size());
    return out;
}

int OthersInside(const std::vector<AttendanceEvent>& dayLog, UtcMillis at, const std::string& zone,
                 const std::string& registrantId, std::optional<UtcMillis> checkoutAt) {
    if (checkoutAt && at >= *checkoutAt) {
        return 0;
    }
    int count = 0;
    for (const auto& [key, in] : Replay(dayLog, at)) {
        count += in && key.second == zone && key.first != registrantId ? 1 : 0;
    }
    return count;
}

std::optional<UtcMillis> CheckoutAt(const EventConfig& event, const std::string& day) {
    if (!event.checkoutMinutes) {
        return std::nullopt;
    }
    const int hours = *event.checkoutMinutes / 60;
    const int minutes = *event.checkoutMinutes % 60;
    const std::string local = day + "T" + (hours < 10 ? "0" : "") + std::to_string(hours) + ":" +
                              (minutes < 10 ? "0" : "") + std::to_string(minutes) + ":00";
    auto at = event.calendar->parseTime(local);
    return at ? std::optional<UtcMillis>(*at) : std::nullopt;
}

namespace store {

std::vector<AttendanceEvent> ReadDayLog(sql::Database& db, const std::string& day) {
    sql::Statement st =
        db.prepare(std::string("SELECT ") + kEventColumns + " FROM attendance WHERE day = ?");
    st.bind(1, day);
    std::vector<AttendanceEvent> out;
    while (st.step()) {
        out.push_back(ReadEvent(st));
    }
    return out;
}

} // namespace store

Result<std::vector<AttendanceEvent>> DayLog(AttendanceStore& store, const std::string& day) {
    return store::Guarded("reading the day's log", [&]() -> Result<std::vector<AttendanceEvent>> {
        return store::ReadDayLog(store::Access::Of(store).db, day);
    });
}

Result<Occupancy> ComputeInsideNow(AttendanceStore& store, const std::string& day, UtcMillis at) {
    auto log = DayLog(store, day);
    if (!log) {
        return std::move(log).error();
    }
    return InsideNow(*log, at, store.event().zones, CheckoutAt(store.event(), day));
}

std::string NightlyCheckoutUuid(const std::string& day, const std::string& registrantId,
                                const std::string& zone) {
    std::string name = "accueil nightly check-out";
    for (const std::string* part : {&day, &registrantId, &zone}) {
        name += '\0';
        name += *part;
    }
    return DerivedUuid(name);
}

Result<int> RecordNightlyCheckout(AttendanceStore& store, const std::string& day, UtcMillis now) {
    const std::optional<UtcMillis> checkoutAt = CheckoutAt(store.event(), day);
    if (!checkoutAt || now < *checkoutAt || store::Access::Of(store).purged) {
        return 0;
    }
    return store::Guarded("recording the nightly check-out", [&]() -> Result<int> {
        sql::Database& db = store::Access::Of(store).db;
        sql::Transaction tx(db);
        const std::vector<AttendanceEvent> log = store::ReadDayLog(db, day);
        int added = 0;
        // Inside just before the check-out: an exit at that very moment already counts.
        for (const auto& [key, in] : Replay(log, *checkoutAt - 1)) {
            if (!in) {
                continue;
            }
            AttendanceEvent e;
            e.uuid = NightlyCheckoutUuid(day, key.first, key.second);
            e.registrantId = key.first;
            e.day = day;
            e.kind = EventKind::CheckOut;
            e.kioskId = std::string(kNightlyKioskId);
            e.at = *checkoutAt;
            e.method = Method::Manual;
            e.reason = "automatic check-out";
            e.zone = key.second;
            added += store::InsertEventOnce(db, e) ? 1 : 0;
        }
        tx.commit();
        return added;
    });
}

} // namespace accueil::core
