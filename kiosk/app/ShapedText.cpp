// SPDX-License-Identifier: Apache-2.0
#include "ShapedText.h"

#include "BidiText.h"

#include <accueil/core/Text.h>
#include <accueil/scanner/CairoHandles.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

namespace accueil::kiosk::app {

namespace {

// Scripts whose letters take their shape and place from their neighbours: Indic (Devanagari
// to Sinhala), Thai, Lao, Tibetan, Myanmar, Khmer.
bool Complex(char32_t c) {
    return (c >= 0x0900 && c <= 0x0DFF) || (c >= 0x0E00 && c <= 0x0FFF) ||
           (c >= 0x1000 && c <= 0x109F) || (c >= 0x1780 && c <= 0x17FF) || c > 0xFFFF;
}

// Lays `text` out at an em of `em` pixels; returns its logical size in pixels.
PangoRectangle LayOut(PangoLayout* layout, std::string_view text, double em, bool bold) {
    scanner::cairo::FontDescription font(pango_font_description_from_string(
        "Noto Sans, Noto Sans Devanagari, Noto Sans Bengali, Noto Sans Tamil, Noto Sans Thai, "
        "Noto Sans Arabic, Noto Sans CJK SC"));
    pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(font.get(), em * PANGO_SCALE);
    pango_layout_set_font_description(layout, font.get());
    pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
    PangoRectangle logical{};
    pango_layout_get_pixel_extents(layout, nullptr, &logical);
    return logical;
}

// Noto Sans's ascent and descent in pixels at an em of `em`.
std::pair<double, double> NotoSansLine(PangoContext* context, double em, bool bold) {
    scanner::cairo::FontDescription font(pango_font_description_from_string("Noto Sans"));
    pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(font.get(), em * PANGO_SCALE);
    PangoFontMetrics* metrics = pango_context_get_metrics(context, font.get(), nullptr);
    const double ascent = static_cast<double>(pango_font_metrics_get_ascent(metrics)) / PANGO_SCALE;
    const double descent =
        static_cast<double>(pango_font_metrics_get_descent(metrics)) / PANGO_SCALE;
    pango_font_metrics_unref(metrics);
    return {ascent, descent};
}

} // namespace

bool NeedsShaping(std::string_view text) {
    if (!core::IsValidUtf8(text)) {
        return false; // ImGui draws it as it can
    }
    for (std::size_t i = 0; i < text.size();) {
        if (Complex(NextCodePoint(text, i))) {
            return true;
        }
    }
    return false;
}

Result<ShapedImage> RenderShapedLine(std::string_view text, float height, bool bold) {
    if (text.empty() || height < 1.0f) {
        return MakeError(ErrorKind::Input, "no text to set, or a height under one pixel");
    }
    // The thread's default font map: fontconfig's fonts are looked up once, not per line.
    scanner::cairo::Context context(
        pango_font_map_create_context(pango_cairo_font_map_get_default()));
    scanner::cairo::Layout layout(pango_layout_new(context.get()));
    pango_layout_set_single_paragraph_mode(layout.get(), TRUE);
    // ImGui sizes a font by its line, Noto Sans's ascent + descent; Pango by its em. The em
    // that gives Noto Sans that line, so these letters stand as tall as ImGui's beside them.
    const auto [ascent, descent] = NotoSansLine(context.get(), height, bold);
    const double em = height * height / (ascent + descent);
    const PangoRectangle logical = LayOut(layout.get(), text, em, bold);
    const double lineAscent = ascent * em / height;
    const double lineDescent = descent * em / height;
    const double baseline =
        static_cast<double>(pango_layout_get_baseline(layout.get())) / PANGO_SCALE;
    // A script whose marks rise above Latin's ascent (a Devanagari reph) gets room above the
    // line; the image then starts above it.
    const double above = std::max(0.0, baseline - lineAscent);
    ShapedImage image;
    image.top = static_cast<float>(-above);
    image.width = std::max(1, logical.width);
    image.height =
        std::max(1, static_cast<int>(std::ceil(above + lineAscent +
                                               std::max(lineDescent, logical.height - baseline))));
    scanner::cairo::Surface surface(
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, image.width, image.height));
    scanner::cairo::Cairo cr(cairo_create(surface.get()));
    cairo_set_source_rgba(cr.get(), 1, 1, 1, 1);
    cairo_move_to(cr.get(), -logical.x, above + lineAscent - baseline);
    pango_cairo_show_layout(cr.get(), layout.get());
    cairo_surface_flush(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
        return MakeError(ErrorKind::Storage, "the text could not be drawn");
    }
    // Cairo's ARGB32 is premultiplied, native-endian words; the text is white, so the alpha
    // says it all.
    const int stride = cairo_image_surface_get_stride(surface.get());
    const unsigned char* data = cairo_image_surface_get_data(surface.get());
    image.rgba.reserve(static_cast<std::size_t>(image.width) * image.height * 4);
    for (int y = 0; y < image.height; ++y) {
        const auto* row =
            reinterpret_cast<const std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
        for (int x = 0; x < image.width; ++x) {
            const auto alpha = static_cast<unsigned char>(row[x] >> 24);
            image.rgba.insert(image.rgba.end(), {255, 255, 255, alpha});
        }
    }
    return image;
}

namespace {

// The ShapedLines alive now: one at a time, on the main thread.
ShapedLines*& Current() {
    // NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): the one cache
    static ShapedLines* current = nullptr;
    return current;
}

} // namespace

ShapedLines::ShapedLines(Upload upload, Release release, const Fonts* fonts)
    : m_upload(std::move(upload)), m_release(std::move(release)), m_fonts(fonts) {
    Current() = this;
}

ShapedLines::~ShapedLines() {
    Current() = nullptr;
    for (const Entry& e : m_entries) {
        m_release(e.texture.id);
    }
}

ShapedLines* ShapedLines::current() {
    return Current();
}

ShapedLines::Texture ShapedLines::line(const std::string& text, float height, const ImFont* font) {
    const bool bold = m_fonts != nullptr && m_fonts->bold(font);
    const auto same = [&](const Entry& e) {
        return e.text == text && e.height == height && e.bold == bold;
    };
    if (const auto it = std::find_if(m_entries.begin(), m_entries.end(), same);
        it != m_entries.end()) {
        m_entries.splice(m_entries.begin(), m_entries, it);
        return it->texture;
    }
    auto image = RenderShapedLine(text, height, bold);
    if (!image) {
        return {};
    }
    const std::uintptr_t id = m_upload(*image);
    if (id == 0) {
        return {};
    }
    m_entries.push_front(Entry{text, height, bold,
                               Texture{id, static_cast<float>(image->width),
                                       static_cast<float>(image->height), image->top}});
    if (m_entries.size() > kCapacity) {
        m_release(m_entries.back().texture.id);
        m_entries.pop_back();
    }
    return m_entries.front().texture;
}

} // namespace accueil::kiosk::app
