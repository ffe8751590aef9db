// SPDX-License-Identifier: Apache-2.0
#include <accueil/core/RegistrantImport.h>
#include <accueil/core/Text.h>

#include <charconv>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>

namespace accueil::core {

namespace {

Error CsvError(const std::string& source, int line, const std::string& what) {
    return MakeError(ErrorKind::Input, source + ":" + std::to_string(line) + ": " + what);
}

} // namespace

Result<std::vector<CsvRecord>> ParseCsv(std::string_view data, const std::string& sourceName) {
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
            if (i < data.size() && data[i] != ',' && data[i] != '\n' && data[i] != '\r') {
                return CsvError(sourceName, line, "unexpected text after a closing quote");
            }
            continue;
        }
        if (c == ',') {
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

std::vector<std::string> DefaultRegistrantColumns() {
    return {"id",   "given_name", "family_name", "delegation", "category",
            "role", "gender",     "days",        "status",     "badge_version"};
}

Result<RegistrantList> ParseRegistrantCsv(std::string_view data, const std::string& sourceName,
                                          const ColumnMap& columns, const EventCalendar& calendar) {
    auto parsed = ParseCsv(data, sourceName);
    if (!parsed) {
        return parsed.error();
    }
    std::vector<CsvRecord>& records = parsed.value();
    if (records.empty()) {
        return MakeError(ErrorKind::Input, sourceName + ": the file is empty (no header line)");
    }

    // Map each field to its column index through the header.
    const CsvRecord& header = records.front();
    std::map<std::string, int> indexOfHeader;
    for (std::size_t k = 0; k < header.fields.size(); ++k) {
        const std::string name(TrimAscii(header.fields[k]));
        if (indexOfHeader.contains(name)) {
            return CsvError(sourceName, header.line, "column \"" + name + "\" appears twice");
        }
        indexOfHeader[name] = static_cast<int>(k);
    }
    const auto column = [&](const std::string& field) -> int {
        const auto it = indexOfHeader.find(columns.header(field));
        return it == indexOfHeader.end() ? -1 : it->second;
    };
    for (const char* required : {"id", "given_name", "family_name"}) {
        if (column(required) < 0) {
            return CsvError(sourceName, header.line,
                            "no column \"" + columns.header(required) + "\" (for " + required +
                                "; set [import.columns] in the kiosk config for other exports)");
        }
    }

    RegistrantList list;
    list.fields.holdNote = column("hold_note") >= 0;
    list.fields.ticket = column("ticket") >= 0;
    list.fields.language = column("language") >= 0;
    list.registrants.reserve(records.size() - 1);
    std::unordered_map<std::string, int> lineOfId;
    lineOfId.reserve(records.size());

    for (std::size_t n = 1; n < records.size(); ++n) {
        const CsvRecord& rec = records[n];
        if (rec.fields.size() != header.fields.size()) {
            return CsvError(sourceName, rec.line,
                            "has " + std::to_string(rec.fields.size()) +
                                " fields, the header has " + std::to_string(header.fields.size()));
        }
        for (std::size_t k = 0; k < rec.fields.size(); ++k) {
            if (!IsValidUtf8(rec.fields[k])) {
                return CsvError(sourceName, rec.line,
                                "column \"" + header.fields[k] +
                                    "\": not valid UTF-8 (save the file as UTF-8)");
            }
        }
        const auto get = [&](const char* field) -> std::string {
            const int k = column(field);
            return k < 0 ? std::string() : std::string(TrimAscii(rec.fields[k]));
        };
        const auto fail = [&](const char* field, const std::string& what) {
            return CsvError(sourceName, rec.line,
                            "column \"" + columns.header(field) + "\": " + what);
        };

        Registrant r;
        r.id = get("id");
        if (r.id.empty()) {
            return fail("id", "missing registrant ID");
        }
        if (r.id.size() > 64) {
            return fail("id", "registrant ID longer than 64 characters");
        }
        if (const auto [it, inserted] = lineOfId.emplace(r.id, rec.line); !inserted) {
            return fail("id", "duplicate ID \"" + r.id + "\" (first on line " +
                                  std::to_string(it->second) + ")");
        }
        r.givenName = get("given_name");
        r.familyName = get("family_name");
        if (r.givenName.empty() && r.familyName.empty()) {
            return fail("family_name", "no name (given or family) for " + r.id);
        }
        r.delegation = get("delegation");
        r.category = get("category");
        r.role = get("role");
        r.gender = NormalizeGender(get("gender"));
        if (r.gender.empty()) {
            return fail("gender",
                        "\"" + get("gender") + "\" is not one of female, male, other, undisclosed");
        }

        const std::string days = get("days");
        if (!days.empty() && days != "all") {
            std::size_t start = 0;
            while (start <= days.size()) {
                std::size_t end = days.find(';', start);
                if (end == std::string::npos) {
                    end = days.size();
                }
                const std::string day(TrimAscii(std::string_view(days).substr(start, end - start)));
                if (!day.empty()) {
                    if (!IsIsoDate(day)) {
                        return fail("days", "\"" + day +
                                                "\" is not a date (YYYY-MM-DD, "
                                                "separated by ';', or all)");
                    }
                    if (!calendar.isMeetingDay(day)) {
                        return fail("days", day + " is not a day of the event");
                    }
                    r.days.push_back(day);
                }
                start = end + 1;
            }
            if (r.days.empty()) {
                return fail("days", "no day listed (write all for every day)");
            }
        }

        const std::string status = get("status");
        if (status.empty() || status == "active") {
            r.status = RegistrantStatus::Active;
        } else if (status == "cancelled" || status == "canceled") {
            r.status = RegistrantStatus::Cancelled;
        } else {
            return fail("status", "\"" + status + "\" is not active or cancelled");
        }

        const std::string version = get("badge_version");
        if (!version.empty()) {
            std::int64_t v = 0;
            const auto* end = version.data() + version.size();
            const auto [ptr, ec] = std::from_chars(version.data(), end, v);
            if (ec != std::errc() || ptr != end || v < 1) {
                return fail("badge_version", "\"" + version + "\" is not a whole number ≥ 1");
            }
            r.badgeVersion = v;
        }
        r.ticket = get("ticket");
        r.language = get("language");
        r.holdNote = get("hold_note");
        list.registrants.push_back(std::move(r));
    }
    return list;
}

Result<RegistrantList> ReadRegistrantCsv(const std::string& path, const ColumnMap& columns,
                                         const EventCalendar& calendar) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return MakeError(ErrorKind::Input, path + ": cannot open the file");
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return ParseRegistrantCsv(buffer.str(), path, columns, calendar);
}

} // namespace accueil::core
