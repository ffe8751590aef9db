// SPDX-License-Identifier: Apache-2.0
#include "StoreInternal.h"

#include <accueil/core/TodayStats.h>

#include <algorithm>
#include <string>

namespace accueil::core {

namespace {
constexpr UtcMillis kQuarterHour = UtcMillis{15} * 60 * 1000;
constexpr int kBuckets = 96;
// An entry of day ?1 that counts: the report's rule, an entry counts unless an undo names it.
constexpr const char* kEntryOnDay = "a.day = ?1 AND a.kind IN ('check_in', 'manual_check_in') "
                                    "AND NOT EXISTS (SELECT 1 FROM attendance u WHERE "
                                    "u.kind = 'undo' AND u.target = a.uuid)";
} // namespace

std::vector<int> BucketArrivals(const std::vector<UtcMillis>& firstEntries, UtcMillis dayStart) {
    std::vector<int> buckets(kBuckets, 0);
    for (UtcMillis at : firstEntries) {
        if (at < dayStart) {
            continue;
        }
        const auto index = static_cast<std::size_t>((at - dayStart) / kQuarterHour);
        // A day with a DST change has 92 or 100 quarter hours; the tail folds into the last.
        buckets[std::min<std::size_t>(index, kBuckets - 1)] += 1;
    }
    return buckets;
}

Result<TodayStats> ComputeTodayStats(AttendanceStore& store, const std::string& day) {
    TodayStats stats;
    stats.day = day;
    auto rows = store.report(day);
    if (!rows) {
        return rows.error();
    }
    for (const ReportRow& row : *rows) {
        if (row.dimension == "total") {
            stats.admitted = row.admitted;
            stats.expected = row.expected;
            stats.notArrived = row.notArrived();
            stats.walkIns = row.walkIns;
        } else if (row.dimension == "category") {
            stats.byCategory.push_back({row.value, row.admitted, row.expected});
        }
    }
    std::sort(
        stats.byCategory.begin(), stats.byCategory.end(),
        [](const CategoryCount& a, const CategoryCount& b) { return a.category < b.category; });

    std::vector<UtcMillis> firstEntries;
    try {
        // A walk-in is provisional and, unlike someone admitted on a signed badge not listed
        // yet, has no badge kept for the central.
        auto walkIns = store::Access::Of(store).db.prepare(
            std::string("SELECT COUNT(DISTINCT a.registrant_id) FROM attendance a "
                        "JOIN registrant r ON r.id = a.registrant_id WHERE ") +
            kEntryOnDay +
            " AND r.provisional = 1 "
            "AND NOT EXISTS (SELECT 1 FROM provisional_badge b WHERE b.registrant_id = r.id)");
        walkIns.bind(1, day);
        if (walkIns.step()) {
            stats.admittedWalkIns = static_cast<int>(walkIns.int64(0));
        }
        auto stmt = store::Access::Of(store).db.prepare(
            std::string("SELECT MIN(a.at) FROM attendance a WHERE ") + kEntryOnDay +
            " GROUP BY a.registrant_id");
        stmt.bind(1, day);
        while (stmt.step()) {
            firstEntries.push_back(stmt.int64(0));
        }
    } catch (const sql::SqlError& e) {
        return MakeError(ErrorKind::Storage, std::string("reading today's arrivals: ") + e.what());
    }
    stats.arrivalsPer15Minutes =
        BucketArrivals(firstEntries, store.event().calendar->localMidnight(day));
    return stats;
}

Result<std::vector<AttentionArrival>> AttentionArrivals(AttendanceStore& store,
                                                        const std::string& day) {
    try {
        auto st = store::Access::Of(store).db.prepare(
            std::string("SELECT a.at, a.kiosk_id, r.id, r.given_name, r.family_name, "
                        "r.attention FROM attendance a JOIN registrant r ON r.id = "
                        "a.registrant_id WHERE ") +
            kEntryOnDay + " AND a.kiosk_id <> ?2 AND r.attention <> '' ORDER BY a.at, a.seq");
        st.bind(1, day).bind(2, store.kioskId());
        std::vector<AttentionArrival> out;
        while (st.step()) {
            Registrant who;
            who.givenName = st.text(3);
            who.familyName = st.text(4);
            out.push_back({st.int64(0), st.text(1), st.text(2), who.displayName(), st.text(5)});
        }
        return out;
    } catch (const sql::SqlError& e) {
        return MakeError(ErrorKind::Storage,
                         std::string("reading today's attention arrivals: ") + e.what());
    }
}

} // namespace accueil::core
