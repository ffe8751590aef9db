// SPDX-License-Identifier: Apache-2.0
#include "Catalog.h"

#include <toml++/toml.h>

#include <algorithm>

namespace accueil::kiosk::app {

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
            if (auto text = node.value<std::string>()) {
                out[std::string(key.str())] = *text;
            } else {
                return MakeError(ErrorKind::Config,
                                 path + ": key " + std::string(key.str()) + " is not a string");
            }
        }
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

std::string Catalog::allText() const {
    std::string all;
    for (const auto& [lang, table] : m_tables) {
        for (const auto& [key, text] : table) {
            all += text;
        }
    }
    return all;
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
