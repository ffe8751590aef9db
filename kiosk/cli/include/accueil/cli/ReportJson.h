// SPDX-License-Identifier: Apache-2.0
#pragma once

// The attendance report as JSON, for `accueil report` and `accueil central report`: the same
// "rows" in both, and the figures (docs/reports.md) where the caller has their facts.

#include <accueil/core/Config.h>
#include <accueil/core/Figures.h>
#include <accueil/core/Occupancy.h>
#include <accueil/core/Report.h>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace accueil::cli {

/// One report row: {"day", "dimension", "value", "expected", "admitted", "walk_ins",
/// "not_arrived"}. Pure; any thread.
nlohmann::json ReportRowJson(const core::ReportRow& row);

/// {"event", "generated_at", "rows": [{"day", "dimension", "value", "expected", "admitted",
/// "walk_ins", "not_arrived"}]}. Any thread.
nlohmann::json ReportRowsJson(const std::vector<core::ReportRow>& rows, const std::string& eventId);

/// {"at": ISO-8601 UTC, "total": N, "zones": {"building": N, …}}: inside now as of `at`.
/// Pure; any thread.
nlohmann::json InsideNowJson(const core::Occupancy& inside, core::UtcMillis at);

/// The moment a report's "inside now" of `day` is counted at: `at` (HH:MM on the day, or
/// ISO-8601), else now, but never past the day's end (a past day is counted as it ended).
/// Errors: Input (unreadable, or not on `day` in the event's time).
core::Result<core::UtcMillis> InsideNowMoment(const core::EventConfig& event,
                                              const std::string& day, const std::string& atText);

/// Adds "days" and the figures of `days` (docs/reports.md has the shape) to `out`. Any thread.
void AddFiguresJson(nlohmann::json& out, const core::FigureFacts& facts,
                    const std::vector<std::string>& days, const core::EventConfig& event);

/// A share rounded to four decimals, or null when there is none. Pure; any thread.
nlohmann::json ShareJson(const std::optional<double>& share);

} // namespace accueil::cli
