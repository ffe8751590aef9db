// SPDX-License-Identifier: Apache-2.0
// Attendance figures per day: in total and per delegation, category and gender. The SQL
// gathers who is listed and who was admitted; CountReportDay does the counting.

#include "StoreInternal.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <utility>

namespace accueil::core {

using store::Guarded;

namespace {

struct Counts {
    int expected = 0;
    int admitted = 0;
    int walkIns = 0;
};

using Groups = std::map<std::pair<std::string, std::string>, Counts>;

// Adds one person to the total and to their delegation, category and gender.
void AddToGroups(Groups& groups, const ReportPerson& p, bool expected, bool in) {
    for (const auto& [dim, value] : {std::pair<std::string, std::string>{"total", "all"},
                                     {"delegation", p.delegation.empty() ? "(none)" : p.delegation},
                                     {"category", p.category.empty() ? "(none)" : p.category},
                                     {"gender", p.gender.empty() ? "undisclosed" : p.gender}}) {
        Counts& c = groups[{dim, value}];
        c.expected += expected ? 1 : 0;
        c.admitted += in ? 1 : 0;
        c.walkIns += (in && !expected) ? 1 : 0;
    }
}

} // namespace

bool ReportPerson::expectedOn(const std::string& day) const {
    return active && !provisional &&
           (days.empty() || std::find(days.begin(), days.end(), day) != days.end());
}

std::vector<ReportRow> CountReportDay(const std::string& day,
                                      const std::vector<ReportPerson>& people,
                                      const std::set<std::string>& admitted) {
    Groups groups;
    std::set<std::string> listed;
    for (const ReportPerson& p : people) {
        listed.insert(p.id);
        const bool expected = p.expectedOn(day);
        const bool in = admitted.contains(p.id);
        if (expected || in) {
            AddToGroups(groups, p, expected, in);
        }
    }
    // Admitted at another door before the list reached this database.
    const ReportPerson unknown{"", "(unknown)", "(unknown)", "undisclosed", {}, true, true, ""};
    for (const std::string& id : admitted) {
        if (!listed.contains(id)) {
            AddToGroups(groups, unknown, false, true);
        }
    }
    groups.try_emplace({"total", "all"}); // a day nobody was expected still has its total
    std::vector<ReportRow> rows;
    for (const char* dimension : {"total", "delegation", "category", "gender"}) {
        for (const auto& [key, c] : groups) {
            if (key.first == dimension) {
                rows.push_back(
                    ReportRow{day, key.first, key.second, c.expected, c.admitted, c.walkIns});
            }
        }
    }
    return rows;
}

Result<std::vector<std::string>> ReportDays(const EventConfig& event,
                                            const std::optional<std::string>& day) {
    const auto& calendar = *event.calendar;
    std::vector<std::string> days = calendar.days();
    if (!day) {
        return days;
    }
    if (!calendar.isMeetingDay(*day)) {
        return MakeError(ErrorKind::Input, *day + " is not a meeting day of " + event.id +
                                               " (days: " + store::JoinDays(days) + ")");
    }
    return std::vector<std::string>{*day};
}

std::vector<ReportPerson> rows::ReportPeople(sql::Database& db) {
    std::vector<ReportPerson> people;
    sql::Statement st = db.prepare("SELECT id, delegation, category, gender, days, status, "
                                   "provisional, role FROM registrant");
    while (st.step()) {
        people.push_back(ReportPerson{st.text(0), st.text(1), st.text(2), st.text(3),
                                      store::SplitDays(st.text(4)), st.text(5) == "active",
                                      st.int64(6) != 0, st.text(7)});
    }
    return people;
}

std::vector<ReportRow> rows::Report(sql::Database& db, const std::vector<std::string>& days) {
    const std::vector<ReportPerson> people = ReportPeople(db);
    std::vector<ReportRow> out;
    for (const std::string& day : days) {
        // An entry counts unless an undo names it.
        std::set<std::string> admitted;
        sql::Statement st =
            db.prepare("SELECT DISTINCT a.registrant_id FROM attendance a WHERE a.day = ? "
                       "AND a.kind IN ('check_in', 'manual_check_in') "
                       "AND NOT EXISTS (SELECT 1 FROM attendance u WHERE u.target = a.uuid)");
        st.bind(1, day);
        while (st.step()) {
            admitted.insert(st.text(0));
        }
        std::vector<ReportRow> dayRows = CountReportDay(day, people, admitted);
        out.insert(out.end(), std::make_move_iterator(dayRows.begin()),
                   std::make_move_iterator(dayRows.end()));
    }
    return out;
}

FigureFacts rows::ReadFigureFacts(sql::Database& db) {
    FigureFacts facts{ReportPeople(db), {}};
    // The same effective entries as Report: an entry counts unless an undo names it.
    sql::Statement st =
        db.prepare("SELECT a.registrant_id, a.day, MIN(a.at) FROM attendance a "
                   "WHERE a.kind IN ('check_in', 'manual_check_in') "
                   "AND NOT EXISTS (SELECT 1 FROM attendance u WHERE u.target = a.uuid) "
                   "GROUP BY a.registrant_id, a.day ORDER BY a.day, a.registrant_id");
    while (st.step()) {
        facts.entries.push_back(DayEntry{st.text(0), st.text(1), st.int64(2)});
    }
    return facts;
}

namespace store {

std::string ReportRowsToText(const std::vector<ReportRow>& rows) {
    nlohmann::json out = nlohmann::json::array();
    for (const ReportRow& r : rows) {
        out.push_back({r.day, r.dimension, r.value, r.expected, r.admitted, r.walkIns});
    }
    return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<ReportRow> ReportRowsFromText(const std::string& text) {
    std::vector<ReportRow> rows;
    for (const nlohmann::json& j : nlohmann::json::parse(text)) {
        rows.push_back(ReportRow{j.at(0).get<std::string>(), j.at(1).get<std::string>(),
                                 j.at(2).get<std::string>(), j.at(3).get<int>(), j.at(4).get<int>(),
                                 j.at(5).get<int>()});
    }
    return rows;
}

} // namespace store

// After a purge the names, delegations and genders are gone: the figures are the ones the
// purge kept, for the days asked.
Result<std::vector<ReportRow>> AttendanceStore::report(const std::optional<std::string>& day) {
    auto days = ReportDays(m_impl->event, day);
    if (!days) {
        return std::move(days).error();
    }
    return Guarded("building the report", [&]() -> Result<std::vector<ReportRow>> {
        sql::Database& db = m_impl->db;
        // One read transaction: the list and the log are seen at the same moment.
        sql::Transaction tx(db, sql::Transaction::Mode::Deferred);
        sql::Statement kept = db.prepare("SELECT value FROM meta WHERE key = ?");
        kept.bind(1, store::kPurgedReportKey);
        std::vector<ReportRow> result;
        if (kept.step()) {
            for (ReportRow& r : store::ReportRowsFromText(kept.text(0))) {
                if (std::find(days->begin(), days->end(), r.day) != days->end()) {
                    result.push_back(std::move(r));
                }
            }
        } else {
            result = rows::Report(db, *days);
        }
        tx.commit();
        return result;
    });
}

} // namespace accueil::core
