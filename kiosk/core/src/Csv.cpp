// SPDX-License-Identifier: Apache-2.0
#include <accueil/core/Csv.h>

namespace accueil::core {

std::string CsvQuote(std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        return std::string(field);
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
        out += r.day + ',' + r.dimension + ',' + CsvQuote(r.value) + ',' +
               std::to_string(r.expected) + ',' + std::to_string(r.admitted) + ',' +
               std::to_string(r.walkIns) + ',' + std::to_string(r.notArrived()) + "\r\n";
    }
    return out;
}

} // namespace accueil::core
