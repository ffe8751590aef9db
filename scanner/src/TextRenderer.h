// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/scanner/Error.h>
#include <accueil/scanner/FrameView.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace accueil::scanner::detail {

/// One TrueType font (stb_truetype) drawing UTF-8 text into a grey frame.
class TextRenderer {
public:
    /// Errors: NotFound, BadData.
    static Result<TextRenderer> load(const std::string& path);

    /// Width in pixels of text set at pixelHeight.
    int measure(std::string_view text, float pixelHeight) const;
    /// Draws text in black with its baseline at y = baseline, starting at x0 (anti-aliased).
    void draw(GreyFrame& frame, std::string_view text, float pixelHeight, int x0,
              int baseline) const;

private:
    struct Font;
    explicit TextRenderer(std::shared_ptr<const Font> font) : m_font(std::move(font)) {}
    std::shared_ptr<const Font> m_font;
};

/// Decodes UTF-8 into code points; invalid bytes become U+FFFD.
std::vector<char32_t> Utf8ToCodePoints(std::string_view text);

} // namespace accueil::scanner::detail
