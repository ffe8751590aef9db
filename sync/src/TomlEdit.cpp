// SPDX-License-Identifier: Apache-2.0
#include <accueil/sync/TomlEdit.h>

#include <algorithm>
#include <cctype>

namespace accueil::sync {

namespace {

std::string_view Trimmed(std::string_view line) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = line.find_last_not_of(" \t\r");
    return line.substr(first, last - first + 1);
}

// "[name]" (with a comment after it or not), never "[[name]]".
bool IsHeaderOf(std::string_view line, std::string_view table) {
    std::string_view t = Trimmed(line);
    if (const auto hash = t.find('#'); hash != std::string_view::npos) {
        t = Trimmed(t.substr(0, hash));
    }
    if (t.size() < 2 || t.front() != '[' || t[1] == '[' || t.back() != ']') {
        return false;
    }
    return Trimmed(t.substr(1, t.size() - 2)) == table;
}

bool IsAnyHeader(std::string_view line) {
    return Trimmed(line).starts_with('[');
}

// "key = …", "key=…", "  key   = …": the key's assignment in this table.
bool Assigns(std::string_view line, std::string_view key) {
    const std::string_view t = Trimmed(line);
    if (!t.starts_with(key)) {
        return false;
    }
    const std::string_view rest = Trimmed(t.substr(key.size()));
    return rest.starts_with('=');
}

std::string Quoted(std::string_view value) {
    std::string out = "\"";
    for (const char c : value) {
        if (c == '"' || c == '\\') {
            out.push_back('\\');
        }
        out.push_back(c);
    }
    return out + "\"";
}

std::vector<std::string> Lines(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        if (end == std::string_view::npos) {
            lines.emplace_back(text.substr(start));
            break;
        }
        lines.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

} // namespace

std::string SetTomlStrings(std::string_view text, std::string_view table,
                           const std::vector<std::pair<std::string, std::string>>& keys) {
    std::vector<std::string> lines = Lines(text);
    auto header = std::find_if(lines.begin(), lines.end(),
                               [&](const std::string& l) { return IsHeaderOf(l, table); });
    if (header == lines.end()) {
        if (!lines.empty() && !Trimmed(lines.back()).empty()) {
            lines.emplace_back();
        }
        lines.push_back("[" + std::string(table) + "]");
        header = lines.end() - 1;
    }
    const auto headerIndex = static_cast<std::size_t>(header - lines.begin());
    for (const auto& [key, value] : keys) {
        std::size_t end = headerIndex + 1;
        while (end < lines.size() && !IsAnyHeader(lines[end])) {
            ++end;
        }
        const std::string assignment = key + " = " + Quoted(value);
        bool replaced = false;
        for (std::size_t i = headerIndex + 1; i < end; ++i) {
            if (Assigns(lines[i], key)) {
                const auto indent = lines[i].find_first_not_of(" \t");
                lines[i] = lines[i].substr(0, indent) + assignment;
                replaced = true;
                break;
            }
        }
        if (!replaced) {
            std::size_t at = end;
            while (at > headerIndex + 1 && Trimmed(lines[at - 1]).empty()) {
                --at;
            }
            lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at), assignment);
        }
    }
    std::string out;
    for (const std::string& line : lines) {
        out += line;
        out += '\n';
    }
    return out;
}

} // namespace accueil::sync
