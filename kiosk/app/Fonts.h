// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CoreTypes.h"

#include <accueil/core/Result.h>

#include <memory>
#include <string>

struct ImFont;
struct ImFontAtlas;

namespace accueil::kiosk::app {

/// The kiosk's fonts, all Noto Sans. Sizes are for a 1080-pixel-high screen times `scale`.
struct Fonts {
    ImFont* small = nullptr;    ///< status line, table cells (26 px)
    ImFont* body = nullptr;     ///< panel text and buttons (34 px)
    ImFont* large = nullptr;    ///< prompts, names in the panel (52 px)
    ImFont* name = nullptr;     ///< the delegate's name on the outcome screen (76 px)
    ImFont* headline = nullptr; ///< the outcome word (128 px; catalog glyphs only)
    /// The headline's glyph ranges: the atlas points into them for as long as it lives.
    std::shared_ptr<const void> headlineRanges;
};

/// Where the Noto fonts are (Debian's fonts-noto-core).
struct FontFiles {
    std::string regular = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
    std::string bold = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf";
    /// Merged in for Arabic names when present (also fonts-noto-core).
    std::string arabicRegular = "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf";
    std::string arabicBold = "/usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf";
};

/// Adds the fonts to `atlas`: Latin (with extensions), Greek, Cyrillic and Arabic (shaped
/// forms, for names passed through VisualOrder) for every size;
/// the headline size only with the glyphs of `catalogText` (so the big size stays small in
/// memory). Errors: Config when a font file is missing. Main thread (touches the atlas).
Result<Fonts> LoadFonts(ImFontAtlas& atlas, const std::string& catalogText, float scale,
                        const FontFiles& files = {});

} // namespace accueil::kiosk::app
