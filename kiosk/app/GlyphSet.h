// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CoreTypes.h"

#include <accueil/core/Result.h>

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace accueil::kiosk::app {

/// The characters the kiosk will draw, as code points: what its font atlas is built from.
/// Format characters (joiners, direction marks, the byte order mark) and control characters
/// have no glyph and are left out.
class GlyphSet {
public:
    /// Adds the code points of `utf8`; bytes that are not valid UTF-8 are skipped.
    void addText(std::string_view utf8);
    /// Adds `utf8` as it will be drawn too: right-to-left text in visual order with its
    /// presentation forms (BidiText), so the atlas has the shaped letters.
    void addDrawnText(std::string_view utf8);
    void add(char32_t c);
    bool contains(char32_t c) const;
    std::size_t size() const { return m_count; }
    /// Every code point of `other` that this set has too.
    bool covers(const GlyphSet& other) const;
    /// The code points, ascending.
    std::vector<char32_t> codePoints() const;
    void merge(const GlyphSet& other);

private:
    std::vector<bool> m_bmp = std::vector<bool>(0x10000, false);
    std::set<char32_t> m_beyond; ///< beyond the Basic Multilingual Plane (rare CJK, emoji)
    std::size_t m_count = 0;
};

/// Every character the registrant list puts on screen, read from the kiosk's database in one
/// pass: names, delegations, categories, roles, hold and attention notes, and staff names.
/// Opens its own connection (one per thread), so it runs beside the store's thread. Errors:
/// Storage with the database's path. Any thread.
Result<GlyphSet> ReadListGlyphs(const std::string& databasePath);

/// "U+4E2D" for a code point (what the warnings name). Pure.
std::string CodePointName(char32_t c);

} // namespace accueil::kiosk::app
