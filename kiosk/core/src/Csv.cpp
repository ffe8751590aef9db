// SPDX-License-Identifier: Apache-2.0
#include <accueil/core/Csv.h>

namespace accueil::core {

std::string CsvCell(std::string_view text) {
    std::string field;
    if (!text.empty() &&
        std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
        field = "'";
    }
    field += text;
    if (field.find_first_of(",\"\r\n") == std::string::npos) {
        return field;
    }
    std::string out = "\"";
    for (const char c : field) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

std::string ReportCsv(const std::vector<ReportRow>& rows, const Occupancy* inside,
                      const std::string& insideDay) {
    const std::string tail = inside == nullptr ? "\r\n" : ",\r\n";
    std::string out = "day,dimension,value,expected,admitted,walk_ins,not_arrived" +
                      std::string(inside == nullptr ? "" : ",inside") + "\r\n";
    for (const auto& r : rows) {
        out += r.day + ',' + r.dimension + ',' + CsvCell(r.value) + ',' +
               std::to_string(r.expected) + ',' + std::to_string(r.admitted) + ',' +
               std::to_string(r.walkIns) + ',' + std::to_string(r.notArrived()) + tail;
    }
    if (inside != nullptr) {
        const auto line = [&](const std::string& value, int count) {
            out += insideDay + ",inside_now," + CsvCell(value) + ",,,,," + std::to_string(count) +
                   "\r\n";
        };
        line("total", inside->total);
        for (const auto& [zone, count] : inside->zones) {
            line(zone, count);
        }
    }
    return out;
}

} // namespace accueil::core
