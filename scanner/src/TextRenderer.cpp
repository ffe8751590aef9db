// SPDX-License-Identifier: Apache-2.0
#include "TextRenderer.h"

#include <stb_truetype.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>

namespace accueil::scanner::detail {

struct TextRenderer::Font {
    std::vector<unsigned char> bytes; // stb_truetype reads the file in place
    stbtt_fontinfo info{};
};

std::vector<char32_t> Utf8ToCodePoints(std::string_view text) {
    std::vector<char32_t> out;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t len = c < 0x80             ? 1
                          : (c & 0xE0) == 0xC0 ? 2
                          : (c & 0xF0) == 0xE0 ? 3
                          : (c & 0xF8) == 0xF0 ? 4
                                               : 0;
        if (len == 0 || i + len > text.size()) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
        bool ok = true;
        for (std::size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(text[i + k]);
            ok = ok && (cc & 0xC0) == 0x80;
            cp = (cp << 6) | (cc & 0x3Fu);
        }
        out.push_back(ok ? cp : 0xFFFD);
        i += ok ? len : 1;
    }
    return out;
}

Result<TextRenderer> TextRenderer::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Error{ErrorKind::NotFound, "font not found: " + path};
    }
    auto font = std::make_shared<Font>();
    font->bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    const int offset = stbtt_GetFontOffsetForIndex(font->bytes.data(), 0);
    if (font->bytes.size() < 12 || offset < 0 ||
        stbtt_InitFont(&font->info, font->bytes.data(), offset) == 0) {
        return Error{ErrorKind::BadData, "not a TrueType font: " + path};
    }
    return TextRenderer(std::move(font));
}

int TextRenderer::measure(std::string_view text, float pixelHeight) const {
    const stbtt_fontinfo& info = m_font->info;
    const float scale = stbtt_ScaleForPixelHeight(&info, pixelHeight);
    const auto cps = Utf8ToCodePoints(text);
    float x = 0;
    for (std::size_t i = 0; i < cps.size(); ++i) {
        int advance = 0;
        int lsb = 0;
        stbtt_GetCodepointHMetrics(&info, static_cast<int>(cps[i]), &advance, &lsb);
        x += static_cast<float>(advance) * scale;
        if (i + 1 < cps.size()) {
            x += scale * static_cast<float>(stbtt_GetCodepointKernAdvance(
                             &info, static_cast<int>(cps[i]), static_cast<int>(cps[i + 1])));
        }
    }
    return static_cast<int>(std::ceil(x));
}

void TextRenderer::draw(GreyFrame& frame, std::string_view text, float pixelHeight, int x0,
                        int baseline) const {
    const stbtt_fontinfo& info = m_font->info;
    const float scale = stbtt_ScaleForPixelHeight(&info, pixelHeight);
    const auto cps = Utf8ToCodePoints(text);
    auto x = static_cast<float>(x0);
    std::vector<unsigned char> glyph;
    for (std::size_t i = 0; i < cps.size(); ++i) {
        const int cp = static_cast<int>(cps[i]);
        int advance = 0;
        int lsb = 0;
        stbtt_GetCodepointHMetrics(&info, cp, &advance, &lsb);
        const float shiftX = x - std::floor(x);
        int ix0 = 0;
        int iy0 = 0;
        int ix1 = 0;
        int iy1 = 0;
        stbtt_GetCodepointBitmapBoxSubpixel(&info, cp, scale, scale, shiftX, 0, &ix0, &iy0, &ix1,
                                            &iy1);
        const int gw = ix1 - ix0;
        const int gh = iy1 - iy0;
        if (gw > 0 && gh > 0) {
            glyph.assign(static_cast<std::size_t>(gw) * gh, 0);
            stbtt_MakeCodepointBitmapSubpixel(&info, glyph.data(), gw, gh, gw, scale, scale, shiftX,
                                              0, cp);
            const int left = static_cast<int>(std::floor(x)) + ix0;
            const int top = baseline + iy0;
            for (int gy = 0; gy < gh; ++gy) {
                const int fy = top + gy;
                if (fy < 0 || fy >= frame.height) {
                    continue;
                }
                for (int gx = 0; gx < gw; ++gx) {
                    const int fx = left + gx;
                    if (fx < 0 || fx >= frame.width) {
                        continue;
                    }
                    // Ink darkens: keep the darker of what is there and the glyph coverage.
                    const int ink = 255 - glyph[static_cast<std::size_t>(gy) * gw + gx];
                    frame.at(fx, fy) =
                        static_cast<std::uint8_t>(std::min<int>(frame.at(fx, fy), ink));
                }
            }
        }
        x += static_cast<float>(advance) * scale;
        if (i + 1 < cps.size()) {
            x += scale * static_cast<float>(stbtt_GetCodepointKernAdvance(
                             &info, cp, static_cast<int>(cps[i + 1])));
        }
    }
}

} // namespace accueil::scanner::detail
