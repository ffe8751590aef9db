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

std::string ReportCsv(const std::vector<ReportRow>& rows) {
    std::string out = "day,dimension,value,expected,admitted,walk_ins,not_arrived\r\n";
    for (const auto& r : rows) {
        out += r.day + ',' + r.dimension + ',' + CsvCell(r.value) + ',' +
               std::to_string(r.expected) + ',' + std::to_string(r.admitted) + ',' +
               std::to_string(r.walkIns) + ',' + std::to_string(r.notArrived()) + "\r\n";
    }
    return out;
}

} // namespace accueil::core
