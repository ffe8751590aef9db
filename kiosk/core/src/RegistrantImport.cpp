// SPDX-License-Identifier: Apache-2.0
#include <accueil/core/RegistrantImport.h>
#include <accueil/core/Text.h>
#include <accueil/scanner/BadgeClaim.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <unordered_map>

namespace accueil::core {

namespace {

// The longest text any column may hold, in characters: a name, a delegation, a hold note.
constexpr std::size_t kMaxFieldChars = 200;

Error CsvError(const std::string& source, int line, const std::string& what) {
    return MakeError(ErrorKind::Input, source + ":" + std::to_string(line) + ": " + what);
}

// The days column: empty or "all" for every day, else meeting days separated by ';' (read into
// `days`). Returns what is wrong with it, if anything.
std::optional<std::string> ReadDays(const std::string& text, const EventCalendar& calendar,
                                    std::vector<std::string>& days) {
    if (text.empty() || text == "all") {
        return std::nullopt;
    }
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(';', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        const std::string day(TrimAscii(std::string_view(text).substr(start, end - start)));
        if (!day.empty()) {
            if (!IsIsoDate(day)) {
                return "\"" + day + "\" is not a date (YYYY-MM-DD, separated by ';', or all)";
            }
            if (!calendar.isMeetingDay(day)) {
                return day + " is not a day of the event";
            }
            days.push_back(day);
        }
        start = end + 1;
    }
    if (days.empty()) {
        return "no day listed (write all for every day)";
    }
    return std::nullopt;
}

// The status column: a value [import.values.status] maps, else empty, "active", "cancelled" or
// "canceled" in any case. Returns what is wrong with it, if anything.
std::optional<std::string> ReadStatus(const std::string& text, const ValueMap& map,
                                      RegistrantStatus& status) {
    const std::string value = FoldCase(map.find(text).value_or(text));
    if (value.empty() || value == "active") {
        status = RegistrantStatus::Active;
    } else if (value == "cancelled" || value == "canceled") {
        status = RegistrantStatus::Cancelled;
    } else {
        return "\"" + text + "\" is not active or cancelled (map it in [import.values.status])";
    }
    return std::nullopt;
}

// The gender column: a value [import.values.gender] maps, else one NormalizeGender knows.
// Returns what is wrong with it, if anything.
std::optional<std::string> ReadGender(const std::string& text, const ValueMap& map,
                                      std::string& gender) {
    auto mapped = map.find(text);
    gender = mapped ? std::move(*mapped) : NormalizeGender(text);
    if (gender.empty()) {
        return "\"" + text +
               "\" is not one of female, male, other, undisclosed (map it in "
               "[import.values.gender])";
    }
    return std::nullopt;
}

// The header's columns for an error message, in quotes; a long header is cut short.
std::string HeaderList(const std::vector<std::string>& fields) {
    constexpr std::size_t kShown = 20;
    std::string out;
    for (std::size_t k = 0; k < fields.size() && k < kShown; ++k) {
        out += (k == 0 ? "\"" : ", \"") + std::string(TrimAscii(fields[k])) + "\"";
    }
    if (fields.size() > kShown) {
        out += ", … (" + std::to_string(fields.size() - kShown) + " more)";
    }
    return out;
}

// Headers that hold a registration's state in the exports people bring, folded (FoldCase): a
// column of these left unread would make everyone in the file active without a word.
// clang-format off
constexpr auto kStatusLikeHeaders = std::to_array<std::string_view>({
    "status", "state", "registration state", "registration status", "statut", "état", "etat",
    "estado", "статус", "состояние", "状态", "狀態", "الحالة",
});
// clang-format on

// The badge_version column: empty (left as it is) or a whole number from 1. Returns what is
// wrong with it, if anything.
std::optional<std::string> ReadBadgeVersion(const std::string& text, std::int64_t& version) {
    if (text.empty()) {
        return std::nullopt;
    }
    std::int64_t v = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || ptr != end || v < 1) {
        return "\"" + text + "\" is not a whole number ≥ 1";
    }
    version = v;
    return std::nullopt;
}

// A registration list being read: the header first, then one data line at a time. Errors name
// the file and the line.
class RegistrantCsvReader {
public:
    /// `records`: the whole file, the header first.
    RegistrantCsvReader(const std::vector<CsvRecord>& records, const std::string& sourceName,
                        const ImportSettings& settings, const EventCalendar& calendar)
        : m_header(records.front()), m_sourceName(sourceName), m_settings(settings),
          m_calendar(calendar) {
        m_lineOfId.reserve(records.size());
    }

    /// Maps each field to its column index through the header; a column named twice or a
    /// missing required column fails.
    Result<void> readHeader();

    /// The index of the column holding `field` (through the column map), or -1.
    int column(const std::string& field) const {
        const auto it = m_indexOfHeader.find(m_settings.header(field));
        return it == m_indexOfHeader.end() ? -1 : it->second;
    }

    /// One data line as a registrant; an ID seen on an earlier line fails.
    Result<Registrant> readLine(const CsvRecord& rec);

    /// Adds a warning to `out` when no column is read as the status: the column [import]
    /// names for it is missing, or one looks like a status but is not read as one.
    void statusWarnings(std::vector<std::string>& out) const;

private:
    const CsvRecord& m_header;
    const std::string& m_sourceName;
    const ImportSettings& m_settings;
    const EventCalendar& m_calendar;
    std::map<std::string, int> m_indexOfHeader;
    std::unordered_map<std::string, int> m_lineOfId;
};

Result<void> RegistrantCsvReader::readHeader() {
    for (std::size_t k = 0; k < m_header.fields.size(); ++k) {
        const std::string name(TrimAscii(m_header.fields[k]));
        if (m_indexOfHeader.contains(name)) {
            return CsvError(m_sourceName, m_header.line, "column \"" + name + "\" appears twice");
        }
        m_indexOfHeader[name] = static_cast<int>(k);
    }
    for (const char* required : {"id", "given_name", "family_name"}) {
        if (column(required) < 0) {
            return CsvError(m_sourceName, m_header.line,
                            "no column \"" + m_settings.header(required) + "\" (for " + required +
                                "); the header has: " + HeaderList(m_header.fields) +
                                " — set [import.columns] or [import] profile");
        }
    }
    return Ok{};
}

Result<Registrant> RegistrantCsvReader::readLine(const CsvRecord& rec) {
    if (rec.fields.size() != m_header.fields.size()) {
        return CsvError(m_sourceName, rec.line,
                        "has " + std::to_string(rec.fields.size()) + " fields, the header has " +
                            std::to_string(m_header.fields.size()));
    }
    for (std::size_t k = 0; k < rec.fields.size(); ++k) {
        const std::string_view field = TrimAscii(rec.fields[k]);
        if (!IsValidUtf8(field)) {
            return CsvError(m_sourceName, rec.line,
                            "column \"" + m_header.fields[k] +
                                "\": not valid UTF-8 (save the file as UTF-8)");
        }
        if (auto why = TextFieldProblem(field, kMaxFieldChars)) {
            return CsvError(m_sourceName, rec.line,
                            "column \"" + m_header.fields[k] + "\": " + *why);
        }
    }
    const auto get = [&](const char* field) -> std::string {
        const int k = column(field);
        return k < 0 ? std::string() : std::string(TrimAscii(rec.fields[k]));
    };
    const auto fail = [&](const char* field, const std::string& what) {
        return CsvError(m_sourceName, rec.line,
                        "column \"" + m_settings.header(field) + "\": " + what);
    };

    Registrant r;
    r.id = get("id");
    if (r.id.empty()) {
        return fail("id", "missing registrant ID");
    }
    if (scanner::ParsePlainId(r.id).format != scanner::ClaimFormat::PlainId) {
        // The ID is printed on badges, typed at the desk, and names files (`badge issue --all`).
        return fail("id", "\"" + r.id +
                              "\" is not a registrant ID: 1 to 64 of A-Z a-z 0-9 . _ -, "
                              "starting with a letter or a digit");
    }
    if (const auto [it, inserted] = m_lineOfId.emplace(r.id, rec.line); !inserted) {
        return fail("id", "duplicate ID \"" + r.id + "\" (first on line " +
                              std::to_string(it->second) + ")");
    }
    r.givenName = get("given_name");
    r.familyName = get("family_name");
    if (r.givenName.empty() && r.familyName.empty()) {
        return fail("family_name", "no name (given or family) for " + r.id);
    }
    r.delegation = get("delegation");
    const std::string category = get("category");
    r.category = m_settings.category.find(category).value_or(category);
    r.role = get("role");
    if (auto why = ReadGender(get("gender"), m_settings.gender, r.gender)) {
        return fail("gender", *why);
    }
    if (auto why = ReadDays(get("days"), m_calendar, r.days)) {
        return fail("days", *why);
    }
    if (auto why = ReadStatus(get("status"), m_settings.status, r.status)) {
        return fail("status", *why);
    }
    if (auto why = ReadBadgeVersion(get("badge_version"), r.badgeVersion)) {
        return fail("badge_version", *why);
    }
    r.ticket = get("ticket");
    r.language = get("language");
    r.holdNote = get("hold_note");
    r.attention = get("attention");
    return r;
}

void RegistrantCsvReader::statusWarnings(std::vector<std::string>& out) const {
    if (column("status") >= 0) {
        return;
    }
    const std::string where = m_sourceName + ":" + std::to_string(m_header.line) + ": ";
    if (m_settings.columns.contains("status")) {
        out.push_back(where + "no column \"" + m_settings.header("status") +
                      "\" (for status, as [import] says): everyone in the file is imported as "
                      "active");
    }
    for (std::size_t k = 0; k < m_header.fields.size(); ++k) {
        const std::string name(TrimAscii(m_header.fields[k]));
        const std::string folded = FoldCase(name);
        const bool looksLikeStatus = std::find(kStatusLikeHeaders.begin(), kStatusLikeHeaders.end(),
                                               folded) != kStatusLikeHeaders.end();
        const auto& fields = RegistrantFields();
        const bool readAsOther = std::any_of(fields.begin(), fields.end(), [&](const auto& f) {
            return column(f) == static_cast<int>(k);
        });
        if (looksLikeStatus && !readAsOther) {
            std::string warning = where;
            warning += "column \"" + name +
                       "\" looks like a registration status but is not read: everyone in the ";
            warning += "file is imported as active. To read it, set status = \"" + name;
            warning += "\" in [import.columns] and map its values in [import.values.status]";
            out.push_back(std::move(warning));
            return;
        }
    }
}

// Makes a photo of every file the list's photo column names, relative to the list's folder.
// All or nothing: the error lists every file that cannot be read, with its line.
Result<void> ReadListPhotos(RegistrantList& list, const std::string& path,
                            const std::string& column) {
    const std::filesystem::path folder = std::filesystem::path(path).parent_path();
    std::vector<std::string> problems;
    list.photos.reserve(list.photoFiles.size());
    for (const PhotoFile& f : list.photoFiles) {
        const std::filesystem::path file = folder / f.file; // an absolute f.file stays itself
        auto jpeg = LoadPhotoFile(file.string());
        if (!jpeg) {
            problems.push_back(std::string(path)
                                   .append(":")
                                   .append(std::to_string(f.line))
                                   .append(": column \"")
                                   .append(column)
                                   .append("\": ")
                                   .append(jpeg.error().message));
            continue;
        }
        list.photos.push_back(Photo{f.registrantId, std::move(jpeg).value()});
    }
    if (problems.empty()) {
        return Ok{};
    }
    constexpr std::size_t kShown = 20;
    std::string message = problems.front();
    for (std::size_t k = 1; k < problems.size() && k < kShown; ++k) {
        message += "\n" + problems[k];
    }
    if (problems.size() > kShown) {
        message += "\n… and " + std::to_string(problems.size() - kShown) + " more photo files";
    }
    return MakeError(ErrorKind::Input, message);
}

} // namespace

Result<std::vector<CsvRecord>> ParseCsv(std::string_view data, const std::string& sourceName,
                                        char delimiter) {
    if (data.substr(0, 3) == "\xEF\xBB\xBF") {
        data.remove_prefix(3);
    }
    std::vector<CsvRecord> records;
    CsvRecord record;
    std::string field;
    int line = 1;
    record.line = 1;
    bool atFieldStart = true; // only here may a quote open a quoted field
    bool quoted = false;      // the record had a quoted field: `""` alone is not a blank line
    std::size_t i = 0;
    const auto endRecord = [&] {
        const bool blank = record.fields.empty() && field.empty() && !quoted;
        if (!blank) {
            record.fields.push_back(std::move(field));
            records.push_back(std::move(record));
        }
        record = CsvRecord{};
        field.clear();
        atFieldStart = true;
        quoted = false;
    };
    while (i < data.size()) {
        const char c = data[i];
        if (c == '"' && atFieldStart) {
            // A quoted field: runs to the next lone quote.
            const int startLine = line;
            atFieldStart = false;
            quoted = true;
            ++i;
            for (;;) {
                if (i >= data.size()) {
                    return CsvError(sourceName, startLine, "a quoted field is never closed");
                }
                if (data[i] == '"') {
                    if (i + 1 < data.size() && data[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                if (data[i] == '\n') {
                    ++line;
                }
                field += data[i++];
            }
            if (i < data.size() && data[i] != delimiter && data[i] != '\n' && data[i] != '\r') {
                return CsvError(sourceName, line, "unexpected text after a closing quote");
            }
            continue;
        }
        if (c == delimiter) {
            record.fields.push_back(std::move(field));
            field.clear();
            atFieldStart = true;
            ++i;
        } else if (c == '\r' || c == '\n') {
            endRecord();
            i += (c == '\r' && i + 1 < data.size() && data[i + 1] == '\n') ? 2 : 1;
            ++line;
            record.line = line;
        } else if (c == '"') {
            return CsvError(sourceName, line,
                            "a quote inside an unquoted field (quote the whole "
                            "field and double the quote: \"\")");
        } else {
            field += c;
            atFieldStart = false;
            ++i;
        }
    }
    endRecord();
    return records;
}

char DetectDelimiter(std::string_view data) {
    if (data.substr(0, 3) == "\xEF\xBB\xBF") {
        data.remove_prefix(3);
    }
    data.remove_prefix(std::min(data.find_first_not_of("\r\n"), data.size()));
    int commas = 0;
    int semicolons = 0;
    int tabs = 0;
    bool quoted = false; // a doubled quote inside quotes toggles twice: still quoted
    for (const char c : data) {
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && (c == '\n' || c == '\r')) {
            break;
        } else if (!quoted) {
            commas += c == ',' ? 1 : 0;
            semicolons += c == ';' ? 1 : 0;
            tabs += c == '\t' ? 1 : 0;
        }
    }
    if (semicolons > commas && semicolons >= tabs) {
        return ';';
    }
    return tabs > commas && tabs > semicolons ? '\t' : ',';
}

std::vector<std::string> DefaultRegistrantColumns() {
    const auto& fields = RegistrantFields();
    return {fields.begin(), fields.begin() + 10}; // up to badge_version
}

Result<RegistrantList> ParseRegistrantCsv(std::string_view data, const std::string& sourceName,
                                          const ImportSettings& settings,
                                          const EventCalendar& calendar) {
    const char delimiter = settings.delimiter != 0 ? settings.delimiter : DetectDelimiter(data);
    auto parsed = ParseCsv(data, sourceName, delimiter);
    if (!parsed) {
        return parsed.error();
    }
    const std::vector<CsvRecord>& records = parsed.value();
    if (records.empty()) {
        return MakeError(ErrorKind::Input, sourceName + ": the file is empty (no header line)");
    }
    RegistrantCsvReader reader(records, sourceName, settings, calendar);
    if (auto header = reader.readHeader(); !header) {
        return std::move(header).error();
    }

    RegistrantList list;
    reader.statusWarnings(list.warnings);
    list.fields.holdNote = reader.column("hold_note") >= 0;
    list.fields.attention = reader.column("attention") >= 0;
    list.fields.ticket = reader.column("ticket") >= 0;
    list.fields.language = reader.column("language") >= 0;
    const int photoColumn = reader.column("photo");
    list.registrants.reserve(records.size() - 1);
    for (std::size_t n = 1; n < records.size(); ++n) {
        auto registrant = reader.readLine(records[n]);
        if (!registrant) {
            return std::move(registrant).error();
        }
        if (photoColumn >= 0) {
            const std::string_view file = TrimAscii(records[n].fields[photoColumn]);
            if (!file.empty()) {
                list.photoFiles.push_back(
                    PhotoFile{records[n].line, registrant->id, std::string(file)});
            }
        }
        list.registrants.push_back(std::move(registrant).value());
    }
    return list;
}

Result<RegistrantList> ReadRegistrantCsv(const std::string& path, const ImportSettings& settings,
                                         const EventCalendar& calendar) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return MakeError(ErrorKind::Input, path + ": cannot open the file");
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    auto list = ParseRegistrantCsv(buffer.str(), path, settings, calendar);
    if (!list) {
        return list;
    }
    if (auto photos = ReadListPhotos(*list, path, settings.header("photo")); !photos) {
        return std::move(photos).error();
    }
    return list;
}

} // namespace accueil::core
