// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Config.h>
#include <accueil/core/Photo.h>
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

/// Parses RFC 4180 CSV: UTF-8 with or without BOM, CRLF or LF, quoted fields holding the
/// delimiter, quotes ("") and newlines. Blank lines are skipped. Errors (Input) name the line.
Result<std::vector<CsvRecord>> ParseCsv(std::string_view data, const std::string& sourceName,
                                        char delimiter = ',');

/// The delimiter of a CSV file from its header line: whichever of ',', ';' and tab occurs
/// most often outside quotes (Excel writes ';' where the decimal mark is a comma, as in
/// Switzerland and France); ',' when none does, or on a tie with it. Pure; any thread.
char DetectDelimiter(std::string_view data);

/// A photo file a registration list names (the photo column), as written in the file.
struct PhotoFile {
    int line = 0;
    std::string registrantId;
    std::string file; ///< relative to the list's folder, or absolute
};

/// A parsed registration list, ready for AttendanceStore::upsertRegistrants.
struct RegistrantList {
    std::vector<Registrant> registrants;
    UpsertFields fields;               ///< which optional columns the file had
    std::vector<std::string> warnings; ///< "FILE:LINE: …": read, but maybe not as meant
    std::vector<PhotoFile> photoFiles; ///< non-empty cells of the photo column
    std::vector<Photo> photos;         ///< those files made photos (ReadRegistrantCsv only)
};

/// Reads a registration list. Columns by header and values through the maps of `settings`;
/// the delimiter is settings.delimiter, or found from the header line. id, given_name and
/// family_name are required, the others optional. Every row is checked before anything is
/// returned: a missing column (the error lists the header), a missing or duplicate id, a
/// status or gender neither mapped nor known, a day outside the event, a bad badge version or
/// invalid UTF-8 fails the whole file with "FILE:LINE: column \"X\": what is wrong". A status
/// column that `settings` names but the file lacks, or one that looks like a registration
/// status but is not read as one, is a warning: everyone in the file is then active. Pure;
/// any thread.
Result<RegistrantList> ParseRegistrantCsv(std::string_view data, const std::string& sourceName,
                                          const ImportSettings& settings,
                                          const EventCalendar& calendar);

/// Reads the file and parses it as above, then makes a photo of every file the photo column
/// names (relative to the list's folder; JPEG or PNG, Photo.h). Errors: Input (missing file,
/// bad rows, any photo file that cannot be read, each named with its line).
Result<RegistrantList> ReadRegistrantCsv(const std::string& path, const ImportSettings& settings,
                                         const EventCalendar& calendar);

/// The default column order, for `demo-data` and the docs.
std::vector<std::string> DefaultRegistrantColumns();

} // namespace accueil::core
