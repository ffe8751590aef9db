// SPDX-License-Identifier: Apache-2.0
#pragma once

// The attendance report's arithmetic, apart from the SQL that gathers its facts: who was
// expected on a day and who was admitted, counted in total and per delegation, category and
// gender.

#include <accueil/core/Config.h>
#include <accueil/core/Result.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace accueil::core {

/// Counts for one group (a delegation, a category, a gender, or the whole event) on one day.
struct ReportRow {
    std::string day;
    std::string dimension; ///< total | delegation | category | gender
    std::string value;
    int expected = 0; ///< active registrants valid that day
    int admitted = 0; ///< of them, with at least one entry that day
    int walkIns = 0;  ///< admitted who were not expected (provisional, badge-only, other day)
    int notArrived() const { return expected - (admitted - walkIns); }
};

/// What the report needs to know of one registrant.
struct ReportPerson {
    std::string id;
    std::string delegation;
    std::string category;
    std::string gender;
    std::vector<std::string> days; ///< empty = every day
    bool active = true;
    bool provisional = false;
    std::string role; ///< e.g. "Head of delegation" (the figures' heads of delegation)

    /// Listed, active and valid on `day` (provisional registrants are never expected).
    bool expectedOn(const std::string& day) const;
};

/// The report rows of one day: "total" first, then per delegation, category and gender, each
/// in value order. `admitted` holds the IDs with at least one effective entry that day; IDs
/// not in `people` count as walk-ins of an unknown delegation and category. Pure; any thread.
std::vector<ReportRow> CountReportDay(const std::string& day,
                                      const std::vector<ReportPerson>& people,
                                      const std::set<std::string>& admitted);

/// The days a report covers: every meeting day of the event, or the one asked for.
/// Errors: Input (not a meeting day). Pure; any thread.
Result<std::vector<std::string>> ReportDays(const EventConfig& event,
                                            const std::optional<std::string>& day);

} // namespace accueil::core
