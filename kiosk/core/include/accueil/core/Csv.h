// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Occupancy.h>

#include <string>
#include <string_view>
#include <vector>

namespace accueil::core {

/// One CSV cell of text, safe to open in a spreadsheet program: a value that begins with `=`,
/// `+`, `-`, `@`, a tab or a carriage return (which spreadsheets run as a formula) gets a
/// leading `'`, so it reads as the same text and never runs (OWASP's CSV-injection rule); then
/// it is quoted per RFC 4180 when it holds a comma, a quote or a line break. Every text cell the
/// project writes goes through here. Pure; any thread.
std::string CsvCell(std::string_view text);

/// The attendance report as CSV with a header line and CRLF line ends:
/// day,dimension,value,expected,admitted,walk_ins,not_arrived. With `inside` (the report of one
/// day `insideDay`), a last column `inside` and, after the rows, one row of dimension
/// "inside_now" for the total and one per zone, that column alone filled.
std::string ReportCsv(const std::vector<ReportRow>& rows, const Occupancy* inside = nullptr,
                      const std::string& insideDay = {});

} // namespace accueil::core
