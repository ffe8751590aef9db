// SPDX-License-Identifier: Apache-2.0
#pragma once

// `accueil central report`'s output built once, for standard output, a file (--out) and the
// documents the freeze writes (--out-dir): the same JSON and the same CSV wherever they go
// (internal to sync/cli).

#include "OpenCentral.h"
#include "ReportLabels.h"

#include <accueil/core/Result.h>
#include <accueil/sync/DayDocuments.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace accueil::cli {

/// The JSON report of `days` (frozen days from their snapshots, docs/reports.md); with
/// `insideDay` (a report of that one day) who is inside as of `at` ("" for now, or the day's
/// end). `recompute` adds the figures recomputed now. Errors: Input (`at`), Storage. Main
/// thread.
core::Result<nlohmann::json> CentralReportJson(const OpenedCentral& c,
                                               const std::vector<std::string>& days,
                                               const std::string& insideDay, const std::string& at,
                                               bool recompute);

/// The CSV report of `days` (with its `as_of` column), and in `note` what changed since the
/// frozen days were frozen ("" when nothing did). Errors: Storage. Main thread.
core::Result<std::string> CentralReportCsv(const OpenedCentral& c,
                                           const std::vector<std::string>& days, std::string& note);

/// True when `dir` has all four of `day`'s documents.
bool HasDayDocuments(const std::string& dir, const std::string& eventId, const std::string& day);

/// Writes `day`'s report as `central report --day DAY` gives it, in CSV, JSON, XLSX and PDF,
/// to DIR/<event>-<day>.{csv,json,xlsx,pdf} (`dir` made if missing), each whole or not at all.
/// Errors: Storage naming the file. Main thread.
core::Result<void> WriteDayDocuments(const OpenedCentral& c, const std::string& day,
                                     const std::string& dir, const DocumentLabels& labels);

} // namespace accueil::cli
