// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CoreTypes.h"

#include <accueil/core/Result.h>

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace accueil::kiosk::app {

/// Every string the kiosk shows, per language, read from assets/i18n/<lang>.toml (flat
/// `key = "text"` tables). English is the fallback for a missing key.
class Catalog {
public:
    /// Loads the catalogs of `languages` (plus English) from `dir`. Errors: Config naming the
    /// file. Any thread; the result is immutable.
    static Result<Catalog> Load(const std::string& dir, const std::vector<std::string>& languages);

    /// Builds a catalog from tables in memory (tests).
    static Catalog
    FromTables(const std::map<std::string, std::map<std::string, std::string>>& tables);

    /// The text for `key` in `language`, else English, else the key itself.
    const std::string& text(std::string_view language, std::string_view key) const;
    bool has(std::string_view language, std::string_view key) const;
    /// Languages loaded, in the order asked for.
    const std::vector<std::string>& languages() const { return m_order; }
    /// Keys of one language's table.
    std::vector<std::string> keys(std::string_view language) const;
    /// Every string of every language, concatenated (to build font glyph ranges).
    std::string allText() const;

private:
    std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> m_tables;
    std::vector<std::string> m_order;
};

/// Replaces each "{name}" in `pattern` with its value. Unknown names stay as they are. Pure.
std::string FormatText(std::string_view pattern,
                       const std::vector<std::pair<std::string, std::string>>& values);

} // namespace accueil::kiosk::app
