// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CoreTypes.h"
#include "GlyphSet.h"

#include <accueil/core/Result.h>

#include <memory>
#include <string>
#include <vector>

struct ImFont;
struct ImFontAtlas;

namespace accueil::kiosk::app {

/// The kiosk's fonts. Sizes are for a 1080-pixel-high screen times `scale`.
struct Fonts {
    ImFont* small = nullptr;    ///< status line, table cells (26 px)
    ImFont* body = nullptr;     ///< panel text and buttons (34 px)
    ImFont* large = nullptr;    ///< prompts, names in the panel (52 px)
    ImFont* name = nullptr;     ///< the delegate's name on the outcome screen (76 px)
    ImFont* headline = nullptr; ///< the outcome word (128 px; catalog glyphs only)
    /// Whether `font` is one of the bold ones (large, name, headline).
    bool bold(const ImFont* font) const {
        return font == large || font == name || font == headline;
    }
};

/// Where the Noto fonts are (Debian's fonts-noto-core and fonts-noto-cjk). A code point goes
/// to the first of Noto Sans, Arabic, Devanagari, CJK that has it.
struct FontFiles {
    std::string regular = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
    std::string bold = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf";
    /// Merged in when present (fonts-noto-core).
    std::string arabicRegular = "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf";
    std::string arabicBold = "/usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf";
    std::string devanagariRegular = "/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf";
    std::string devanagariBold = "/usr/share/fonts/truetype/noto/NotoSansDevanagari-Bold.ttf";
    /// Merged in when present (fonts-noto-cjk): a collection; `cjkFace` is its Simplified
    /// Chinese face (0 JP, 1 KR, 2 SC, 3 TC, 4 HK in Debian 12's file).
    std::string cjkRegular = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    std::string cjkBold = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";
    int cjkFace = 2;
};

/// What the atlas is built from.
struct GlyphNeeds {
    /// The strings of the catalogs in use: every size but the headline draws them.
    std::vector<std::string> catalogTexts;
    /// The headlines among them (the outcome words): all the headline size draws.
    std::vector<std::string> headlineTexts;
    /// Everything else drawn: the registrant list, staff names, the event's and zones' names.
    GlyphSet names;
};

/// A built atlas with the kiosk's fonts in it, owned apart from ImGui until swapped in.
struct FontAtlas {
    std::unique_ptr<ImFontAtlas> atlas;
    Fonts fonts;
    GlyphSet asked;                ///< what it was built for (catalogs and names)
    std::vector<char32_t> missing; ///< asked for, in no font: drawn as "?"
    int glyphs = 0;                ///< glyphs over every size
    double buildMillis = 0;        ///< reading the fonts, rasterising and packing
    double listMillis = 0;         ///< reading the list's characters (FontRebuilder)
};

/// Builds a fresh atlas: the four text sizes with Latin, Greek, Cyrillic and Arabic (as
/// before any list is known) plus every code point of `needs`; the headline with the glyphs of
/// the headlines only (so the big size stays small in memory). The font files are read once each
/// and dropped after the build; the atlas keeps its Alpha8 pixels for the upload. Touches no ImGui
/// context: any thread. Errors: Config when Noto Sans is missing or a font cannot be read.
Result<FontAtlas> BuildFontAtlas(const GlyphNeeds& needs, float scale, const FontFiles& files = {});

/// The atlas's texture size in bytes (one byte a texel). Pure.
std::size_t TextureBytes(const ImFontAtlas& atlas);

} // namespace accueil::kiosk::app
