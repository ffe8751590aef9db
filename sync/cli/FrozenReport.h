// SPDX-License-Identifier: Apache-2.0
#pragma once

// `accueil central report` over frozen days (docs/reports.md, "Frozen days"): a frozen day's
// rows and figures come from its snapshot, with when it was frozen and what changed since;
// the rest is computed from the log as before (internal to sync/cli).

#include <accueil/core/Config.h>
#include <accueil/core/Result.h>
#include <accueil/sync/CentralStore.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace accueil::cli {

/// How many changed registrant IDs a report names per frozen day (the count is always whole).
inline constexpr int kChangedIdsShown = 50;

/// What a snapshot keeps of `day`: the JSON `central report --day DAY --format json` printed
/// at `asOf` (its "generated_at" is `asOf`). Any thread.
std::string DaySnapshotText(const sync::CentralReport& report, const std::string& day,
                            const core::EventConfig& event, core::UtcMillis asOf);

/// The JSON report of `days`: `live` is the report computed now, `frozen` the snapshots of
/// those days that have one. A single frozen day is its snapshot; a range has each frozen
/// day's rows from its snapshot and its figures computed live. Adds "frozen" (per day, the
/// snapshot's as-of and changes, or null), "figures_from" and, with `recompute`, the live
/// report as "recomputed". Errors: Storage (a snapshot that cannot be read). Any thread.
core::Result<nlohmann::json> FrozenReportJson(const sync::CentralReport& live,
                                              const std::vector<sync::DaySnapshot>& frozen,
                                              const std::vector<std::string>& days,
                                              const core::EventConfig& event, bool recompute);

/// The CSV report of `days`: the report rows (frozen days' from their snapshots) with an
/// `as_of` column, empty on rows computed live. Errors: Storage (as above). Any thread.
core::Result<std::string> FrozenReportCsv(const sync::CentralReport& live,
                                          const std::vector<sync::DaySnapshot>& frozen,
                                          const std::vector<std::string>& days);

/// The CSV report's header, and one of its rows (a report row as JSON, `asOf` "" when live).
inline constexpr const char* kFrozenCsvHeader =
    "day,dimension,value,expected,admitted,walk_ins,not_arrived,as_of\r\n";
std::string FrozenRowCsv(const nlohmann::json& row, const std::string& asOf);

/// A line per frozen day whose list or log changed since it was frozen, for standard error
/// ("" when none did). Pure; any thread.
std::string ChangedSinceNote(const std::vector<sync::DaySnapshot>& frozen);

} // namespace accueil::cli
