// SPDX-License-Identifier: Apache-2.0
#include "GlyphSet.h"

#include "BidiText.h"

#include <accueil/core/Sqlite.h>

#include <algorithm>
#include <array>
#include <cstdio>

namespace accueil::kiosk::app {

namespace {

// Characters drawn as nothing: C0/C1 controls, the zero-width and direction marks, the word
// joiner and invisible operators, the byte order mark.
bool HasNoGlyph(char32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x200B && c <= 0x200F) ||
           (c >= 0x2028 && c <= 0x202E) || (c >= 0x2060 && c <= 0x206F) || c == 0xFEFF;
}

// The length of the UTF-8 sequence at `i`, 0 when it is not a valid one.
std::size_t SequenceLength(std::string_view text, std::size_t i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80           ? 1
                               : (lead >> 5) == 0x6  ? 2
                               : (lead >> 4) == 0xE  ? 3
                               : (lead >> 3) == 0x1E ? 4
                                                     : 0;
    if (length == 0 || i + length > text.size()) {
        return 0;
    }
    for (std::size_t k = 1; k < length; ++k) {
        if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
            return 0;
        }
    }
    return length;
}

} // namespace

void GlyphSet::add(char32_t c) {
    if (HasNoGlyph(c) || c > 0x10FFFF) {
        return;
    }
    if (c < 0x10000) {
        if (!m_bmp[c]) {
            m_bmp[c] = true;
            ++m_count;
        }
    } else if (m_beyond.insert(c).second) {
        ++m_count;
    }
}

void GlyphSet::addText(std::string_view utf8) {
    for (std::size_t i = 0; i < utf8.size();) {
        const std::size_t length = SequenceLength(utf8, i);
        if (length == 0) {
            ++i;
            continue;
        }
        std::size_t at = i;
        add(NextCodePoint(utf8, at));
        i += length;
    }
}

void GlyphSet::addDrawnText(std::string_view utf8) {
    addText(utf8);
    if (HasRightToLeft(utf8)) {
        addText(VisualOrder(utf8));
    }
}

bool GlyphSet::contains(char32_t c) const {
    return c < 0x10000 ? static_cast<bool>(m_bmp[c]) : m_beyond.contains(c);
}

bool GlyphSet::covers(const GlyphSet& other) const {
    if (other.m_count > m_count) {
        return false;
    }
    for (std::size_t c = 0; c < m_bmp.size(); ++c) {
        if (other.m_bmp[c] && !m_bmp[c]) {
            return false;
        }
    }
    return std::ranges::all_of(other.m_beyond, [this](char32_t c) { return m_beyond.contains(c); });
}

std::vector<char32_t> GlyphSet::codePoints() const {
    std::vector<char32_t> out;
    out.reserve(m_count);
    for (std::size_t c = 0; c < m_bmp.size(); ++c) {
        if (m_bmp[c]) {
            out.push_back(static_cast<char32_t>(c));
        }
    }
    out.insert(out.end(), m_beyond.begin(), m_beyond.end());
    return out;
}

void GlyphSet::merge(const GlyphSet& other) {
    for (char32_t c : other.codePoints()) {
        add(c);
    }
}

Result<GlyphSet> ReadListGlyphs(const std::string& databasePath) {
    GlyphSet glyphs;
    try {
        auto db = core::sql::Database::Open(databasePath, false);
        // One row per registrant, its drawn fields joined by a space so that a name's letters
        // are shaped as they are drawn (an Arabic given and family name side by side).
        auto rows = db.prepare("SELECT given_name || ' ' || family_name, delegation, category, "
                               "role, hold_note, attention FROM registrant "
                               "UNION ALL SELECT name, '', '', '', '', '' FROM staff");
        while (rows.step()) {
            for (int column = 0; column < 6; ++column) {
                glyphs.addDrawnText(rows.text(column));
            }
        }
    } catch (const core::sql::SqlError& e) {
        return MakeError(ErrorKind::Storage,
                         "reading the list's characters from " + databasePath + ": " + e.what());
    }
    return glyphs;
}

std::string CodePointName(char32_t c) {
    std::array<char, 16> buffer{};
    (void)std::snprintf(buffer.data(), buffer.size(), "U+%04X", static_cast<unsigned>(c));
    return buffer.data();
}

} // namespace accueil::kiosk::app
