// SPDX-License-Identifier: Apache-2.0
#include "Catalog.h"

#include <toml++/toml.h>
#include <unicode/locid.h>
#include <unicode/plurrule.h>
#include <unicode/strenum.h>

#include <algorithm>
#include <memory>

namespace accueil::kiosk::app {

namespace {

std::unique_ptr<icu::PluralRules> RulesFor(const std::string& language) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::PluralRules> rules(
        icu::PluralRules::forLocale(icu::Locale(language.c_str()), status));
    return U_SUCCESS(status) != 0 ? std::move(rules) : nullptr;
}

// The category ICU's rules give `count` ("other" when there are no rules).
std::function<std::string(long long)> PluralRuleFor(const std::string& language) {
    std::shared_ptr<const icu::PluralRules> rules = RulesFor(language);
    return [rules](long long count) {
        std::string category = "other";
        if (rules) {
            category.clear();
            rules->select(static_cast<double>(count)).toUTF8String(category);
        }
        return category;
    };
}

// Reads one counted sentence's forms; an error names the file, the key and what is wrong.
Result<std::map<std::string, std::string, std::less<>>>
ReadForms(const std::string& path, const std::string& key, const toml::table& forms) {
    std::map<std::string, std::string, std::less<>> out;
    const std::vector<std::string> known{"zero", "one", "two", "few", "many", "other"};
    for (const auto& [category, node] : forms) {
        const std::string name(category.str());
        auto text = node.value<std::string>();
        if (std::find(known.begin(), known.end(), name) == known.end() || !text) {
            std::string message = path;
            message += ": key " + key;
            message += ": " + name;
            message += " is not a plural form (zero, one, two, few, many, other) with a string";
            return MakeError(ErrorKind::Config, std::move(message));
        }
        out[name] = *text;
    }
    if (out.find("other") == out.end()) {
        return MakeError(ErrorKind::Config, path + ": key " + key + " has no \"other\" form");
    }
    return out;
}

} // namespace

std::vector<std::string> PluralCategories(const std::string& language) {
    std::vector<std::string> out;
    const std::unique_ptr<icu::PluralRules> rules = RulesFor(language);
    UErrorCode status = U_ZERO_ERROR;
    const std::unique_ptr<icu::StringEnumeration> keywords(rules ? rules->getKeywords(status)
                                                                 : nullptr);
    if (!keywords || U_FAILURE(status) != 0) {
        return {"other"};
    }
    while (const icu::UnicodeString* keyword = keywords->snext(status)) {
        std::string name;
        keyword->toUTF8String(name);
        out.push_back(std::move(name));
    }
    std::sort(out.begin(), out.end());
    return out;
}

Result<Catalog> Catalog::Load(const std::string& dir, const std::vector<std::string>& languages) {
    Catalog catalog;
    std::vector<std::string> wanted{"en"};
    for (const std::string& lang : languages) {
        if (std::find(wanted.begin(), wanted.end(), lang) == wanted.end()) {
            wanted.push_back(lang);
        }
    }
    for (const std::string& lang : wanted) {
        std::string path = dir + "/i18n/";
        path += lang;
        path += ".toml";
        toml::table table;
        try {
            table = toml::parse_file(path);
        } catch (const toml::parse_error& e) {
            return MakeError(ErrorKind::Config, path + ":" + std::to_string(e.source().begin.line) +
                                                    ": " + std::string(e.description()));
        }
        auto& out = catalog.m_tables[lang];
        for (const auto& [key, node] : table) {
            const std::string name(key.str());
            if (auto text = node.value<std::string>()) {
                out[name] = *text;
            } else if (const toml::table* forms = node.as_table()) {
                auto read = ReadForms(path, name, *forms);
                if (!read) {
                    return read.error();
                }
                catalog.m_counted[lang][name] = std::move(*read);
            } else {
                std::string message = path;
                message += ": key " + name + " is neither a string nor plural forms";
                return MakeError(ErrorKind::Config, std::move(message));
            }
        }
        catalog.m_pluralRule[lang] = PluralRuleFor(lang);
    }
    // The configured order decides what the waiting screen shows first; English is only a
    // fallback unless it was asked for.
    catalog.m_order = languages.empty() ? std::vector<std::string>{"en"} : languages;
    return catalog;
}

Catalog
Catalog::FromTables(const std::map<std::string, std::map<std::string, std::string>>& tables) {
    Catalog catalog;
    for (const auto& [lang, table] : tables) {
        catalog.m_order.push_back(lang);
        for (const auto& [key, text] : table) {
            catalog.m_tables[lang][key] = text;
        }
    }
    return catalog;
}

const std::string& Catalog::text(std::string_view language, std::string_view key) const {
    for (std::string_view lang : {language, std::string_view("en")}) {
        auto table = m_tables.find(lang);
        if (table == m_tables.end()) {
            continue;
        }
        auto found = table->second.find(key);
        if (found != table->second.end()) {
            return found->second;
        }
    }
    // A missing key shows as "?"; the catalog tests keep every key present in every language.
    static const std::string kMissing = "?";
    return kMissing;
}

std::string Catalog::counted(std::string_view language, std::string_view key,
                             long long count) const {
    for (std::string_view lang : {language, std::string_view("en")}) {
        auto table = m_counted.find(lang);
        auto rule = m_pluralRule.find(lang);
        if (table == m_counted.end() || rule == m_pluralRule.end()) {
            continue;
        }
        auto forms = table->second.find(key);
        if (forms == table->second.end()) {
            continue;
        }
        auto form = forms->second.find(rule->second(count));
        if (form == forms->second.end()) {
            form = forms->second.find("other"); // always there: Load checks it
        }
        return FormatText(form->second, {{"count", std::to_string(count)}});
    }
    return "?";
}

std::vector<std::string> Catalog::countedKeys(std::string_view language) const {
    std::vector<std::string> out;
    if (auto table = m_counted.find(language); table != m_counted.end()) {
        for (const auto& [key, forms] : table->second) {
            out.push_back(key);
        }
    }
    return out;
}

std::vector<std::string> Catalog::forms(std::string_view language, std::string_view key) const {
    std::vector<std::string> out;
    if (auto table = m_counted.find(language); table != m_counted.end()) {
        if (auto forms = table->second.find(key); forms != table->second.end()) {
            for (const auto& [category, text] : forms->second) {
                out.push_back(category);
            }
        }
    }
    return out;
}

bool Catalog::has(std::string_view language, std::string_view key) const {
    auto table = m_tables.find(language);
    return table != m_tables.end() && table->second.find(key) != table->second.end();
}

std::vector<std::string> Catalog::keys(std::string_view language) const {
    std::vector<std::string> out;
    auto table = m_tables.find(language);
    if (table != m_tables.end()) {
        for (const auto& [key, text] : table->second) {
            out.push_back(key);
        }
    }
    return out;
}

std::vector<std::string> Catalog::texts(std::string_view keyEnding) const {
    const auto wanted = [keyEnding](std::string_view key) {
        return key.size() >= keyEnding.size() &&
               key.substr(key.size() - keyEnding.size()) == keyEnding;
    };
    std::vector<std::string> out;
    for (const auto& [lang, table] : m_tables) {
        for (const auto& [key, text] : table) {
            if (wanted(key)) {
                out.push_back(text);
            }
        }
    }
    for (const auto& [lang, table] : m_counted) {
        for (const auto& [key, forms] : table) {
            for (const auto& [category, text] : forms) {
                if (wanted(key)) {
                    out.push_back(text);
                }
            }
        }
    }
    return out;
}

std::string FormatText(std::string_view pattern,
                       const std::vector<std::pair<std::string, std::string>>& values) {
    std::string out(pattern);
    for (const auto& [name, value] : values) {
        const std::string token = "{" + name + "}";
        for (std::size_t pos = out.find(token); pos != std::string::npos;
             pos = out.find(token, pos + value.size())) {
            out.replace(pos, token.size(), value);
        }
    }
    return out;
}

} // namespace accueil::kiosk::app
