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

/// Adds "days" and the figures of `days` (docs/reports.md has the shape) to `out`. Any thread.
void AddFiguresJson(nlohmann::json& out, const core::FigureFacts& facts,
                    const std::vector<std::string>& days, const core::EventConfig& event);

/// A share rounded to four decimals, or null when there is none. Pure; any thread.
nlohmann::json ShareJson(const std::optional<double>& share);

} // namespace accueil::cli
