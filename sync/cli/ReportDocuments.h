// SPDX-License-Identifier: Apache-2.0
#pragma once

// The report as documents people hand on (docs/reports.md, "Documents"): an XLSX workbook and
// a PDF, both made from the very JSON `accueil central report --format json` prints, so their
// figures can never disagree with it (internal to sync/cli).

#include "ReportLabels.h"

#include <accueil/core/Config.h>
#include <accueil/core/Result.h>

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace accueil::cli {

/// What heads both documents: whose meeting, where, which days, as of when.
struct DocumentHeading {
    std::string eventName;
    std::string venue;       ///< "" when the event names none
    std::string daysCovered; ///< "17 June 2025", "from 17 June 2025 to 20 June 2025 (4 …)"
    std::string asOf;        ///< the snapshot's local as-of, or the time of printing
    std::string figures;     ///< frozen or live, in words
    std::string frozenDays;  ///< the frozen days with their as-of ("" when none)
    /// The event's zones by id, named in the document's language ("plenary" -> "Salle des
    /// assemblées"), for the inside-now table.
    std::map<std::string, std::string> zoneNames;
};

/// How a column's cells read: text, a count, or a share shown as a percentage.
enum class CellKind { Text, Count, Share };

struct DocumentColumn {
    std::string header;
    CellKind kind = CellKind::Text;
};

/// One table of the report: cells are JSON strings, numbers, or null (no share).
struct DocumentTable {
    std::string sheet; ///< the XLSX sheet's name
    std::string title; ///< the PDF's title above it
    std::vector<DocumentColumn> columns;
    std::vector<std::vector<nlohmann::json>> rows;
};

/// Per delegation group, its people per gender: the sum of the group's categories in
/// "by_category_gender" (categories compared trimmed and in any case, as the figures do).
struct GroupGender {
    std::string group;
    int female = 0;
    int male = 0;
    int other = 0;
    int undisclosed = 0;
    int attended() const { return female + male + other + undisclosed; }
};

/// The heading of `report` in `labels`' language: the event's name in that language, the days
/// it covers, and as of when its figures stand. Pure; any thread.
DocumentHeading HeadingOf(const nlohmann::json& report, const core::EventConfig& event,
                          const DocumentLabels& labels);

/// The report's tables, in the order both documents show them: the rows, delegation × gender,
/// category × gender, delegations by group, arrivals per quarter hour, and inside now when the
/// report has it. Pure; any thread.
std::vector<DocumentTable> ReportTables(const nlohmann::json& report,
                                        const DocumentHeading& heading,
                                        const DocumentLabels& labels);

/// The heads of delegation per gender as a one-row table (the summary's and the PDF's).
DocumentTable HeadsTable(const nlohmann::json& report, const DocumentLabels& labels);

/// Gender per delegation group, for the PDF's chart. Pure; any thread.
std::vector<GroupGender> GenderByGroup(const nlohmann::json& report);

/// "17 June 2025" from "2025-06-17" ("" stays ""; anything else is kept as it is). Pure.
std::string LongDate(const std::string& day, const DocumentLabels& labels);

/// A share (0..1) as a percentage with one decimal, "33.3%" / "33,3 %"; "–" for null. Pure.
std::string ShareText(const nlohmann::json& share, const DocumentLabels& labels);

/// The workbook at `path` (written in place; WriteReportDocument makes it whole or not at
/// all). Errors: Storage. Main thread.
core::Result<void> WriteXlsx(const nlohmann::json& report, const DocumentHeading& heading,
                             const DocumentLabels& labels, const std::string& path);

/// The A4 PDF at `path` (as above). Errors: Storage. Main thread.
core::Result<void> WritePdf(const nlohmann::json& report, const DocumentHeading& heading,
                            const DocumentLabels& labels, const std::string& path);

/// True for the formats that are documents (xlsx, pdf) rather than text.
bool IsDocumentFormat(const std::string& format);

/// The report in `format` (csv, json, xlsx, pdf) at `path`: made beside it under a temporary
/// name and renamed over it once whole, so a reader never sees half a file and a failure
/// leaves none. `csv` is the CSV text (used for csv only). Errors: Storage naming the file.
/// Main thread.
core::Result<void> WriteReportFile(const std::string& format, const nlohmann::json& report,
                                   const std::string& csv, const core::EventConfig& event,
                                   const DocumentLabels& labels, const std::string& path);

} // namespace accueil::cli
