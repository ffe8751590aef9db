// SPDX-License-Identifier: Apache-2.0
#pragma once

// Text ImGui's atlas cannot draw right: scripts whose letters change shape and order with
// their neighbours (Devanagari and the other Indic scripts, Thai, Lao, Tibetan, Myanmar,
// Khmer) and characters beyond U+FFFF (ImGui 1.86 keeps 16-bit characters). Such a line is
// set by Pango (HarfBuzz shaping, fontconfig fallback), as the badges are, into an image
// drawn in the text's place.

#include "CoreTypes.h"
#include "Fonts.h"

#include <cstdint>
#include <functional>
#include <list>
#include <string>
#include <string_view>
#include <vector>

namespace accueil::kiosk::app {

/// Whether `text` (UTF-8) has a character only shaping draws right, or one beyond U+FFFF. Pure.
bool NeedsShaping(std::string_view text);

/// One line of text set by Pango in white on transparent (RGBA, straight alpha), its letters as
/// tall as ImGui's of a font of `height` pixels and on the same baseline.
struct ShapedImage {
    int width = 0;
    int height = 0;
    float top = 0; ///< where the image starts from the line's top (above it when marks rise)
    std::vector<unsigned char> rgba;
};

/// Sets `text` on one line at `height` pixels, bold or regular, in Noto Sans and whichever
/// installed font has a character it lacks. Errors: Input for an empty text or a height
/// under 1.
Result<ShapedImage> RenderShapedLine(std::string_view text, float height, bool bold);

/// The lines set lately, as textures: a name shown on every frame is set and uploaded once.
/// Main thread. `upload` makes a texture of an image (0 when it cannot), `release` frees one.
class ShapedLines {
public:
    struct Texture {
        std::uintptr_t id = 0;
        float width = 0;
        float height = 0;
        float top = 0; ///< ShapedImage::top
    };
    using Upload = std::function<std::uintptr_t(const ShapedImage&)>;
    using Release = std::function<void(std::uintptr_t)>;
    static constexpr std::size_t kCapacity = 64;

    /// `fonts`: the kiosk's fonts as they are now (it follows them when they are rebuilt), to
    /// set a line in the weight of the font it stands in for.
    ShapedLines(Upload upload, Release release, const Fonts* fonts);
    ~ShapedLines();
    ShapedLines(const ShapedLines&) = delete;
    ShapedLines& operator=(const ShapedLines&) = delete;
    ShapedLines(ShapedLines&&) = delete;
    ShapedLines& operator=(ShapedLines&&) = delete;

    /// The texture of `text` at `height` (found, or set and uploaded now); id 0 when it could
    /// not be made (the caller draws the text as ImGui would).
    Texture line(const std::string& text, float height, const ImFont* font);
    /// While one exists, the screens draw such lines through it; null otherwise (and in tests
    /// that make none), when they fall back to ImGui's own text.
    static ShapedLines* current();

private:
    struct Entry {
        std::string text;
        float height = 0;
        bool bold = false;
        Texture texture;
    };
    Upload m_upload;
    Release m_release;
    const Fonts* m_fonts;
    std::list<Entry> m_entries; ///< most recent first
};

} // namespace accueil::kiosk::app
