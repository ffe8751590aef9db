// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CoreTypes.h"

#include <accueil/core/Result.h>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace accueil::kiosk::app {

/// Every string the kiosk shows, per language, read from assets/i18n/<lang>.toml (flat
/// `key = "text"` tables). English is the fallback for a missing key. A counted sentence is a
/// table of its language's plural forms, named by CLDR's categories (`zero`, `one`, `two`,
/// `few`, `many`, `other`; Arabic has six, Russian four, Chinese one), chosen by ICU's plural
/// rules for the language: `"today.queue" = { one = "{count} entry…", other = "…" }`.
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
    /// The counted sentence `key` for `count` in `language` (else English), its `{count}`
    /// filled in: the plural form the language's rules choose, else its `other` form; "?" if
    /// neither catalog has the key.
    std::string counted(std::string_view language, std::string_view key, long long count) const;
    /// Keys of one language's counted sentences, and the forms one of them has.
    std::vector<std::string> countedKeys(std::string_view language) const;
    std::vector<std::string> forms(std::string_view language, std::string_view key) const;
    bool has(std::string_view language, std::string_view key) const;
    /// Languages loaded, in the order asked for.
    const std::vector<std::string>& languages() const { return m_order; }
    /// Keys of one language's table.
    std::vector<std::string> keys(std::string_view language) const;
    /// Every string of every language whose key ends with `keyEnding` (all: ""), one by one
    /// (each shaped on its own for the font atlas).
    std::vector<std::string> texts(std::string_view keyEnding = "") const;

private:
    using Forms = std::map<std::string, std::string, std::less<>>; ///< category -> text
    std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> m_tables;
    std::map<std::string, std::map<std::string, Forms, std::less<>>, std::less<>> m_counted;
    /// Per language, the plural category CLDR gives a number (ICU's rules, made once).
    std::map<std::string, std::function<std::string(long long)>, std::less<>> m_pluralRule;
    std::vector<std::string> m_order;
};

/// The plural categories CLDR defines for `language` (ICU's rules), e.g. {"one", "other"} for
/// English, six for Arabic, {"other"} for Chinese. Pure; any thread.
std::vector<std::string> PluralCategories(const std::string& language);

/// Replaces each "{name}" in `pattern` with its value. Unknown names stay as they are. Pure.
std::string FormatText(std::string_view pattern,
                       const std::vector<std::pair<std::string, std::string>>& values);

} // namespace accueil::kiosk::app
