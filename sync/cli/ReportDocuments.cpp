// SPDX-License-Identifier: Apache-2.0
// What the XLSX and the PDF share: the heading, the tables read off the report's JSON, and
// writing a file whole or not at all.

#include "ReportDocuments.h"

#include <accueil/core/Text.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <system_error>

namespace accueil::cli {

using namespace accueil::core;
using core::Result;
using nlohmann::json;

namespace {

std::string Text(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "2025-06-18T00:30:04+02:00" as "18 June 2025, 00:30:04 (UTC+02:00)": the moment people
// read, with the offset that says which clock it is.
std::string LocalMoment(const std::string& iso, const DocumentLabels& labels) {
    if (iso.size() < 19 || iso[10] != 'T') {
        return iso;
    }
    std::string out = LongDate(iso.substr(0, 10), labels) + ", " + iso.substr(11, 8);
    const std::string zone = iso.substr(19);
    if (zone == "Z") {
        out += " (UTC)";
    } else if (!zone.empty()) {
        out += " (UTC" + zone + ")";
    }
    return out;
}

std::string Joined(const json& strings) {
    std::string out;
    for (const json& s : strings) {
        if (s.is_string()) {
            out += (out.empty() ? "" : ", ") + s.get<std::string>();
        }
    }
    return out;
}

std::vector<DocumentColumn> GenderColumns(const char* first, const DocumentLabels& labels) {
    return {{first, CellKind::Text},
            {labels.women, CellKind::Count},
            {labels.men, CellKind::Count},
            {labels.other, CellKind::Count},
            {labels.undisclosed, CellKind::Count},
            {labels.present, CellKind::Count},
            {labels.womenShare, CellKind::Share}};
}

std::vector<json> GenderCells(const json& first, const json& row) {
    return {first,
            row.value("female", 0),
            row.value("male", 0),
            row.value("other", 0),
            row.value("undisclosed", 0),
            row.value("attended", 0),
            row.contains("female_share") ? row["female_share"] : json()};
}

// The table of the report's array `key`, a row of cells per element.
template <class CellsOf>
DocumentTable TableOf(const json& report, const char* key, const char* sheet, const char* title,
                      std::vector<DocumentColumn> columns, CellsOf cellsOf) {
    DocumentTable table{sheet, title, std::move(columns), {}};
    for (const json& row : report.value(key, json::array())) {
        table.rows.push_back(cellsOf(row));
    }
    return table;
}

DocumentTable GenderTable(const json& report, const char* key, const char* valueKey,
                          const char* sheet, const char* title, const char* header,
                          const DocumentLabels& labels) {
    return TableOf(report, key, sheet, title, GenderColumns(header, labels),
                   [&](const json& row) { return GenderCells(Text(row, valueKey), row); });
}

// The rows' own words in the document's language: their dimensions, "all", and genders.
std::string DimensionWord(const std::string& dimension, const DocumentLabels& labels) {
    static const std::map<std::string, const char * DocumentLabels::*> kWords{
        {"total", &DocumentLabels::total},
        {"delegation", &DocumentLabels::delegation},
        {"category", &DocumentLabels::category},
        {"gender", &DocumentLabels::gender}};
    const auto it = kWords.find(dimension);
    return it == kWords.end() ? dimension : labels.*(it->second);
}

std::string ValueWord(const std::string& dimension, const std::string& value,
                      const DocumentLabels& labels) {
    if (dimension == "total" && value == "all") {
        return labels.all;
    }
    if (dimension != "gender") {
        return value; // a delegation's or a category's name, as the list writes it
    }
    static const std::map<std::string, const char * DocumentLabels::*> kGenders{
        {"female", &DocumentLabels::women},
        {"male", &DocumentLabels::men},
        {"other", &DocumentLabels::other},
        {"undisclosed", &DocumentLabels::undisclosed}};
    const auto it = kGenders.find(value);
    return it == kGenders.end() ? value : labels.*(it->second);
}

DocumentTable RowsTable(const json& report, const DocumentLabels& labels) {
    return TableOf(report, "rows", labels.rowsSheet, labels.reportTitle,
                   {{labels.day, CellKind::Text},
                    {labels.dimension, CellKind::Text},
                    {labels.value, CellKind::Text},
                    {labels.expected, CellKind::Count},
                    {labels.admitted, CellKind::Count},
                    {labels.walkIns, CellKind::Count},
                    {labels.notArrived, CellKind::Count}},
                   [&](const json& row) {
                       const std::string dimension = Text(row, "dimension");
                       return std::vector<json>{Text(row, "day"),
                                                DimensionWord(dimension, labels),
                                                ValueWord(dimension, Text(row, "value"), labels),
                                                row.value("expected", 0),
                                                row.value("admitted", 0),
                                                row.value("walk_ins", 0),
                                                row.value("not_arrived", 0)};
                   });
}

DocumentTable GroupsTable(const json& report, const DocumentLabels& labels) {
    return TableOf(report, "delegations_by_group", labels.groupsSheet, labels.groupsTitle,
                   {{labels.group, CellKind::Text},
                    {labels.categories, CellKind::Text},
                    {labels.delegations, CellKind::Count},
                    {labels.names, CellKind::Text}},
                   [](const json& row) {
                       return std::vector<json>{
                           Text(row, "group"), Joined(row.value("categories", json::array())),
                           row.value("delegations", 0), Joined(row.value("names", json::array()))};
                   });
}

DocumentTable ArrivalsTable(const json& report, const DocumentLabels& labels) {
    return TableOf(
        report, "arrivals_per_15_min", labels.arrivalsSheet, labels.arrivalsTitle,
        {{labels.day, CellKind::Text},
         {labels.quarterFrom, CellKind::Text},
         {labels.arrivals, CellKind::Count}},
        [](const json& row) {
            return std::vector<json>{Text(row, "day"), Text(row, "from"), row.value("arrivals", 0)};
        });
}

DocumentTable InsideTable(const json& inside, const DocumentHeading& heading,
                          const DocumentLabels& labels) {
    DocumentTable table{labels.insideSheet,
                        labels.insideTitle,
                        {{labels.zone, CellKind::Text}, {labels.inside, CellKind::Count}},
                        {{labels.total, inside.value("total", 0)}}};
    const json zones = inside.value("zones", json::object());
    for (const auto& [zone, count] : zones.items()) {
        const auto name = heading.zoneNames.find(zone);
        table.rows.push_back({name == heading.zoneNames.end() ? zone : name->second, count});
    }
    return table;
}

std::string DaysCovered(const json& days, const DocumentLabels& labels) {
    if (!days.is_array() || days.empty()) {
        return "";
    }
    if (days.size() == 1) {
        return LongDate(days.front().get<std::string>(), labels);
    }
    return std::string(labels.rangeFrom) + " " + LongDate(days.front().get<std::string>(), labels) +
           " " + labels.rangeTo + " " + LongDate(days.back().get<std::string>(), labels) + " (" +
           std::to_string(days.size()) + " " + labels.meetingDays + ")";
}

// The time the report was made (UTC) in the event's time, with its offset.
std::string GeneratedLocal(const json& report, const EventConfig& event) {
    const std::string utc = Text(report, "generated_at");
    auto at = event.calendar->parseTime(utc);
    return at ? event.calendar->localIso(*at) : utc;
}

// A file beside `path` that becomes `path` by a rename once it is whole.
std::string Temporary(const std::string& path) {
    return path + ".tmp";
}

Result<void> WriteText(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
        return MakeError(ErrorKind::Storage, "cannot write " + path);
    }
    return {};
}

} // namespace

std::string LongDate(const std::string& day, const DocumentLabels& labels) {
    int year = 0;
    int month = 0;
    int dayOfMonth = 0;
    const auto number = [&](std::size_t at, std::size_t size, int& out) {
        const char* first = day.data() + at;
        return std::from_chars(first, first + size, out).ptr == first + size;
    };
    if (day.size() != 10 || day[4] != '-' || day[7] != '-' || !number(0, 4, year) ||
        !number(5, 2, month) || !number(8, 2, dayOfMonth) || month < 1 || month > 12) {
        return day;
    }
    return std::to_string(dayOfMonth) + " " +
           labels.months.at(static_cast<std::size_t>(month - 1)) + " " + std::to_string(year);
}

std::string ShareText(const json& share, const DocumentLabels& labels) {
    if (!share.is_number()) {
        return "–";
    }
    const long tenths = std::lround(share.get<double>() * 1000.0);
    std::string out = std::to_string(tenths / 10);
    out += labels.decimalSeparator;
    out += std::to_string(tenths % 10);
    return out + labels.percentSuffix;
}

DocumentHeading HeadingOf(const json& report, const EventConfig& event,
                          const DocumentLabels& labels) {
    DocumentHeading heading;
    heading.eventName = event.displayName(labels.language);
    heading.venue = event.venue;
    for (const core::Zone& zone : event.zones) {
        heading.zoneNames[zone.id] = zone.displayName(labels.language);
    }
    heading.daysCovered = DaysCovered(report.value("days", json::array()), labels);
    const json frozen = report.value("frozen", json::object());
    const bool snapshot =
        report.value("figures_from", std::string()) == "snapshot" || report.contains("purged_at");
    heading.figures = snapshot ? labels.frozen : labels.live;
    std::string asOf = GeneratedLocal(report, event);
    for (const auto& [day, info] : frozen.items()) {
        if (!info.is_object()) {
            continue;
        }
        const std::string local = Text(info, "as_of_local");
        heading.frozenDays += (heading.frozenDays.empty() ? "" : "; ") + LongDate(day, labels) +
                              " (" + labels.asOf + " " + LocalMoment(local, labels) + ")";
        if (snapshot && frozen.size() == 1) {
            asOf = local; // one frozen day: its figures stand as of the snapshot
        }
    }
    heading.asOf = LocalMoment(asOf, labels);
    return heading;
}

std::vector<DocumentTable> ReportTables(const json& report, const DocumentHeading& heading,
                                        const DocumentLabels& labels) {
    std::vector<DocumentTable> tables{
        RowsTable(report, labels),
        GenderTable(report, "by_delegation_gender", "delegation", labels.delegationsSheet,
                    labels.byDelegationTitle, labels.delegation, labels),
        GenderTable(report, "by_category_gender", "category", labels.categoriesSheet,
                    labels.byCategoryTitle, labels.category, labels),
        GroupsTable(report, labels),
        ArrivalsTable(report, labels),
    };
    if (report.contains("inside_now") && report["inside_now"].is_object()) {
        tables.push_back(InsideTable(report["inside_now"], heading, labels));
    }
    return tables;
}

DocumentTable HeadsTable(const json& report, const DocumentLabels& labels) {
    const json heads = report.value("heads_of_delegation", json::object());
    return DocumentTable{labels.summarySheet,
                         labels.headsOfDelegation,
                         GenderColumns(labels.headsOfDelegation, labels),
                         {GenderCells(Text(heads, "role"), heads)}};
}

std::vector<GroupGender> GenderByGroup(const json& report) {
    std::vector<GroupGender> out;
    const json categories = report.value("by_category_gender", json::array());
    for (const json& group : report.value("delegations_by_group", json::array())) {
        GroupGender sum{Text(group, "group")};
        for (const json& name : group.value("categories", json::array())) {
            if (!name.is_string()) {
                continue;
            }
            const std::string folded = FoldCase(TrimAscii(name.get<std::string>()));
            for (const json& row : categories) {
                if (FoldCase(TrimAscii(Text(row, "category"))) == folded) {
                    sum.female += row.value("female", 0);
                    sum.male += row.value("male", 0);
                    sum.other += row.value("other", 0);
                    sum.undisclosed += row.value("undisclosed", 0);
                }
            }
        }
        out.push_back(sum);
    }
    return out;
}

bool IsDocumentFormat(const std::string& format) {
    return format == "xlsx" || format == "pdf";
}

Result<void> WriteReportFile(const std::string& format, const json& report, const std::string& csv,
                             const EventConfig& event, const DocumentLabels& labels,
                             const std::string& path) {
    const std::string temporary = Temporary(path);
    Result<void> written;
    if (format == "csv") {
        written = WriteText(temporary, csv);
    } else if (format == "json") {
        written =
            WriteText(temporary, report.dump(2, ' ', false, json::error_handler_t::replace) + '\n');
    } else {
        const DocumentHeading heading = HeadingOf(report, event, labels);
        written = format == "xlsx" ? WriteXlsx(report, heading, labels, temporary)
                                   : WritePdf(report, heading, labels, temporary);
    }
    std::string why = written ? std::string() : written.error().message;
    if (written) {
        std::error_code renamed;
        std::filesystem::rename(temporary, path, renamed);
        if (!renamed) {
            return {};
        }
        why = renamed.message();
    }
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    return MakeError(ErrorKind::Storage, "cannot write the report to " + path + ": " + why);
}

} // namespace accueil::cli
