// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/core/AttendanceStore.h>

#include <string>
#include <string_view>
#include <vector>

namespace accueil::core {

/// One CSV field, quoted per RFC 4180 when it holds a comma, a quote or a line break.
std::string CsvQuote(std::string_view field);

/// The attendance report as CSV with a header line and CRLF line ends:
/// day,dimension,value,expected,admitted,walk_ins,not_arrived.
std::string ReportCsv(const std::vector<ReportRow>& rows);

} // namespace accueil::core
