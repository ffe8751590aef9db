// SPDX-License-Identifier: Apache-2.0
// Attendance figures per day: in total and per delegation, category and gender.

#include "StoreInternal.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace accueil::core {

using store::Guarded;

namespace {

struct Counts {
    int expected = 0;
    int admitted = 0;
    int walkIns = 0;
};

// Registrant attributes the report groups by.
struct Person {
    std::string delegation;
    std::string category;
    std::string gender;
    std::vector<std::string> days;
    bool active = true;
    bool provisional = false;
    bool expectedOn(const std::string& day) const {
        return active && !provisional &&
               (days.empty() || std::find(days.begin(), days.end(), day) != days.end());
    }
};

} // namespace

Result<std::vector<ReportRow>> AttendanceStore::report(const std::optional<std::string>& day) {
    const auto& calendar = *m_impl->event.calendar;
    std::vector<std::string> days = calendar.days();
    if (day) {
        if (!calendar.isMeetingDay(*day)) {
            return MakeError(ErrorKind::Input, *day + " is not a meeting day of " +
                                                   m_impl->event.id +
                                                   " (days: " + store::JoinDays(days) + ")");
        }
        days = {*day};
    }
    return Guarded("building the report", [&]() -> Result<std::vector<ReportRow>> {
        sql::Database& db = m_impl->db;
        // One read transaction: the list and the log are seen at the same moment.
        sql::Transaction tx(db, sql::Transaction::Mode::Deferred);
        std::map<std::string, Person> people;
        {
            sql::Statement st = db.prepare("SELECT id, delegation, category, gender, days, "
                                           "status, provisional FROM registrant");
            while (st.step()) {
                people.emplace(st.text(0), Person{st.text(1), st.text(2), st.text(3),
                                                  store::SplitDays(st.text(4)),
                                                  st.text(5) == "active", st.int64(6) != 0});
            }
        }
        std::vector<ReportRow> rows;
        for (const std::string& d : days) {
            std::set<std::string> admitted;
            {
                sql::Statement st = db.prepare(
                    "SELECT DISTINCT a.registrant_id FROM attendance a WHERE a.day = ? "
                    "AND a.kind IN ('check_in', 'manual_check_in') "
                    "AND NOT EXISTS (SELECT 1 FROM attendance u WHERE u.target = a.uuid)");
                st.bind(1, d);
                while (st.step()) {
                    admitted.insert(st.text(0));
                }
            }
            // (dimension, value) -> counts; "total" first, then the groups in order.
            std::map<std::pair<std::string, std::string>, Counts> groups;
            const Person unknown{"(unknown)", "(unknown)", "undisclosed", {}, true, true};
            const auto add = [&](const Person& p, bool expected, bool in) {
                for (const auto& [dim, value] :
                     {std::pair<std::string, std::string>{"total", "all"},
                      {"delegation", p.delegation.empty() ? "(none)" : p.delegation},
                      {"category", p.category.empty() ? "(none)" : p.category},
                      {"gender", p.gender.empty() ? "undisclosed" : p.gender}}) {
                    Counts& c = groups[{dim, value}];
                    c.expected += expected ? 1 : 0;
                    c.admitted += in ? 1 : 0;
                    c.walkIns += (in && !expected) ? 1 : 0;
                }
            };
            for (const auto& [id, p] : people) {
                const bool expected = p.expectedOn(d);
                const bool in = admitted.contains(id);
                if (expected || in) {
                    add(p, expected, in);
                }
            }
            for (const std::string& id : admitted) {
                if (!people.contains(id)) {
                    add(unknown, false, true); // admitted at another door before the list came
                }
            }
            if (!groups.contains({"total", "all"})) {
                groups[{"total", "all"}] = Counts{};
            }
            const auto emit = [&](const std::string& dimension) {
                for (const auto& [key, c] : groups) {
                    if (key.first == dimension) {
                        rows.push_back(
                            ReportRow{d, key.first, key.second, c.expected, c.admitted, c.walkIns});
                    }
                }
            };
            for (const char* dim : {"total", "delegation", "category", "gender"}) {
                emit(dim);
            }
        }
        return rows;
    });
}

} // namespace accueil::core
