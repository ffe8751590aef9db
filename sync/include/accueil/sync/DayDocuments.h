// SPDX-License-Identifier: Apache-2.0
#pragma once

// Where `accueil central freeze` puts each closed day's documents, which the dashboard offers
// for download: one name per day and format, made from the event and the day only.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace accueil::sync {

/// The formats of a day's documents, in the order they are offered.
inline constexpr std::array<const char*, 4> kDayDocumentFormats{"pdf", "xlsx", "csv", "json"};

/// DIR/<event>-<day>.EXT.
std::string DayDocumentPath(const std::string& dir, const std::string& eventId,
                            const std::string& day, const std::string& extension);

/// One document found.
struct DayDocument {
    std::string day;
    std::string format; ///< one of kDayDocumentFormats
    std::uintmax_t bytes = 0;
};

/// The documents of `days` that are in `dir` (regular files), the latest day first, each day's
/// in kDayDocumentFormats' order; none when `dir` is "". Any thread.
std::vector<DayDocument> FindDayDocuments(const std::string& dir, const std::string& eventId,
                                          const std::vector<std::string>& days);

} // namespace accueil::sync
