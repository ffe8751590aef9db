// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Config.h>
#include <accueil/core/Registrant.h>
#include <accueil/core/Result.h>

#include <string>
#include <string_view>
#include <vector>

namespace accueil::core {

/// One CSV record with the line it starts on (quoted fields may span lines).
struct CsvRecord {
    int line = 0;
    std::vector<std::string> fields;
};

/// Parses RFC 4180 CSV: UTF-8 with or without BOM, CRLF or LF, quoted fields holding commas,
/// quotes ("") and newlines. Blank lines are skipped. Errors (Input) name the line.
Result<std::vector<CsvRecord>> ParseCsv(std::string_view data, const std::string& sourceName);

/// A parsed registration list, ready for AttendanceStore::upsertRegistrants.
struct RegistrantList {
    std::vector<Registrant> registrants;
    UpsertFields fields; ///< which optional columns the file had
};

/// Reads a registration list. Columns by header (see ImportSettings); id, given_name and
/// family_name are required, the others optional. Every row is checked before anything is
/// returned: a missing or duplicate id, an unknown status or gender, a day outside the event,
/// a bad badge version or invalid UTF-8 fails the whole file with "FILE:LINE: column \"X\":
/// what is wrong".
Result<RegistrantList> ParseRegistrantCsv(std::string_view data, const std::string& sourceName,
                                          const ImportSettings& settings,
                                          const EventCalendar& calendar);

/// Reads the file and parses it as above. Errors: Input (missing file, bad rows).
Result<RegistrantList> ReadRegistrantCsv(const std::string& path, const ImportSettings& settings,
                                         const EventCalendar& calendar);

/// The default column order, for `demo-data` and the docs.
std::vector<std::string> DefaultRegistrantColumns();

} // namespace accueil::core
