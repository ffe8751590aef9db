// SPDX-License-Identifier: Apache-2.0
#include <accueil/sync/DayDocuments.h>

#include <filesystem>

namespace accueil::sync {

std::string DayDocumentPath(const std::string& dir, const std::string& eventId,
                            const std::string& day, const std::string& extension) {
    return (std::filesystem::path(dir) / (eventId + "-" + day + "." + extension)).string();
}

std::vector<DayDocument> FindDayDocuments(const std::string& dir, const std::string& eventId,
                                          const std::vector<std::string>& days) {
    std::vector<DayDocument> found;
    if (dir.empty()) {
        return found;
    }
    for (std::size_t i = days.size(); i-- > 0;) {
        const std::string& day = days[i];
        for (const char* format : kDayDocumentFormats) {
            std::error_code ec;
            const auto path = DayDocumentPath(dir, eventId, day, format);
            const auto bytes = std::filesystem::file_size(path, ec);
            if (!ec && std::filesystem::is_regular_file(path, ec)) {
                found.push_back({day, format, bytes});
            }
        }
    }
    return found;
}

} // namespace accueil::sync
