// SPDX-License-Identifier: Apache-2.0
// Badges through Pango and Cairo: one drawing routine for the PNG and every page of the PDF,
// so what the desk previews is what the printer gets.
#include <accueil/scanner/BadgeRender.h>
#include <accueil/scanner/CairoHandles.h>
#include <accueil/scanner/QrRender.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stb_image_write.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <system_error>
#include <utility>

namespace accueil::scanner {

namespace {

using cairo::Cairo;
using cairo::Context;
using cairo::Layout;
using cairo::Surface;

constexpr double kDotsPerInch = 300.0;
constexpr double kPointsPerPixel = 72.0 / kDotsPerInch;
constexpr double kMillimetresPerInch = 25.4;
constexpr int kQuietModules = 4;

Result<void> CheckLayout(const BadgeLayout& layout) {
    if (layout.width < 400 || layout.height < 560 || layout.width > 10000 ||
        layout.height > 10000) {
        return Error{ErrorKind::InvalidArgument, "badge must be 400x560 to 10000x10000 px"};
    }
    return {};
}

/// True when every letter of text is a Chinese character: such a name is written family name
/// first ("王秀英"), as the delegate writes it.
bool AllHan(const std::string& text) {
    bool any = false;
    const icu::UnicodeString name = icu::UnicodeString::fromUTF8(text);
    for (std::int32_t i = 0; i < name.length(); i = name.moveIndex32(i, 1)) {
        const UChar32 c = name.char32At(i);
        if (!u_isalpha(c)) {
            continue;
        }
        UErrorCode status = U_ZERO_ERROR;
        if (uscript_getScript(c, &status) != USCRIPT_HAN) {
            return false;
        }
        any = true;
    }
    return any;
}

/// One line of the badge: its text, weight, and size and baseline as fractions of the height.
struct Line {
    std::string text;
    bool bold = false;
    double size = 0;
    double baseline = 0;
};

std::array<Line, 6> LinesOf(const BadgePrintData& data) {
    const bool familyFirst = AllHan(data.givenName) && AllHan(data.familyName);
    return {{
        {data.eventTitle, false, 0.030, 0.065},
        {familyFirst ? data.familyName : data.givenName, true, 0.055, 0.150},
        {familyFirst ? data.givenName : data.familyName, true, 0.055, 0.215},
        {data.delegation, false, 0.036, 0.280},
        {data.category, true, 0.030, 0.330},
        {data.meetingDates, false, 0.030, 0.965},
    }};
}

/// A Pango context on cr with the same font options on an image and in a PDF: no hinting, so
/// a line measures the same in both and shrinks to the same size; grey anti-aliasing, so the
/// PNG holds greys only.
Context TextContext(cairo_t* cr) {
    Context context(pango_cairo_create_context(cr));
    cairo::FontOptions options(cairo_font_options_create());
    cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(options.get(), CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(context.get(), options.get());
    return context;
}

/// The line laid out at its size, shrunk until it fits maxWidth; a line still too wide at 60 %
/// of its size is cut with an ellipsis at a grapheme boundary (Pango never splits a cluster).
Layout LayOut(PangoContext* context, const Line& line, const BadgeLayout& layout) {
    Layout laid(pango_layout_new(context));
    pango_layout_set_single_paragraph_mode(laid.get(), TRUE);
    pango_layout_set_text(laid.get(), line.text.c_str(), -1);
    cairo::FontDescription font(pango_font_description_from_string(layout.fontFamilies.c_str()));
    pango_font_description_set_weight(font.get(),
                                      line.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    const double maxWidth = layout.width * 0.88;
    const double full = layout.height * line.size;
    double size = full;
    for (;;) {
        pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
        pango_layout_set_font_description(laid.get(), font.get());
        int width = 0;
        pango_layout_get_size(laid.get(), &width, nullptr);
        if (width <= maxWidth * PANGO_SCALE) {
            break;
        }
        if (size * 0.92 < full * 0.6) {
            pango_layout_set_width(laid.get(), static_cast<int>(maxWidth * PANGO_SCALE));
            pango_layout_set_ellipsize(laid.get(), PANGO_ELLIPSIZE_END);
            break;
        }
        size *= 0.92;
    }
    return laid;
}

/// The QR code at one pixel a module, and how many badge pixels a module takes.
struct Code {
    GreyFrame modules;
    int scale = 1;
    int left = 0;
    int top = 0;
};

Result<Code> PlaceCode(const std::string& token, const BadgeLayout& layout) {
    auto count = QrModules(token);
    if (!count) {
        return count.error();
    }
    auto modules = RenderQr(token, 1, kQuietModules);
    if (!modules) {
        return modules.error();
    }
    Code code;
    // Whole pixels per module, about 60 % of the width, so each module is a crisp square.
    code.scale = std::max(1, (layout.width * 60 / 100) / modules->width);
    const int side = modules->width * code.scale;
    code.left = (layout.width - side) / 2;
    code.top = static_cast<int>(layout.height * 0.36);
    if (code.top + side > static_cast<int>(layout.height * 0.93)) {
        return Error{ErrorKind::InvalidArgument, "badge too small for its QR code"};
    }
    code.modules = std::move(*modules);
    return code;
}

/// The grey frame as a Cairo image (RGB24: grey in each channel; Cairo's PDF writer keeps an
/// image whose channels agree as a one-channel grey image).
Surface ImageOf(const GreyFrame& frame) {
    Surface image(cairo_image_surface_create(CAIRO_FORMAT_RGB24, frame.width, frame.height));
    if (cairo_surface_status(image.get()) != CAIRO_STATUS_SUCCESS) {
        return nullptr;
    }
    cairo_surface_flush(image.get());
    unsigned char* data = cairo_image_surface_get_data(image.get());
    const int stride = cairo_image_surface_get_stride(image.get());
    for (int y = 0; y < frame.height; ++y) {
        auto* row =
            reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
        for (int x = 0; x < frame.width; ++x) {
            const std::uint32_t g = frame.at(x, y);
            row[x] = (g << 16) | (g << 8) | g;
        }
    }
    cairo_surface_mark_dirty(image.get());
    return image;
}

/// Draws the badge on cr, whose user space is the badge's pixels at 300 dpi. The code was
/// placed first, so a token that cannot be drawn leaves cr untouched.
Result<void> Draw(cairo_t* cr, const BadgePrintData& data, const BadgeLayout& layout,
                  const Code& code) {
    cairo_save(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, 0, 0, layout.width, layout.height);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    const Context context = TextContext(cr);
    for (const Line& line : LinesOf(data)) {
        if (line.text.empty()) {
            continue;
        }
        const Layout laid = LayOut(context.get(), line, layout);
        PangoRectangle logical{};
        pango_layout_get_extents(laid.get(), nullptr, &logical);
        const double x = (layout.width - static_cast<double>(logical.width) / PANGO_SCALE) / 2 -
                         static_cast<double>(logical.x) / PANGO_SCALE;
        const double baseline =
            static_cast<double>(pango_layout_get_baseline(laid.get())) / PANGO_SCALE;
        cairo_move_to(cr, x, layout.height * line.baseline - baseline);
        pango_cairo_show_layout(cr, laid.get());
    }
    const Surface image = ImageOf(code.modules);
    if (!image) {
        cairo_restore(cr);
        return Error{ErrorKind::Io, "out of memory drawing the QR code"};
    }
    // Whole-pixel placement and nearest-neighbour scaling: every module is an exact square of
    // pixels in the PNG, and the PDF says /Interpolate false.
    cairo_translate(cr, code.left, code.top);
    cairo_scale(cr, code.scale, code.scale);
    cairo_set_source_surface(cr, image.get(), 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
    cairo_rectangle(cr, 0, 0, code.modules.width, code.modules.height);
    cairo_fill(cr);
    cairo_restore(cr);
    return {};
}

} // namespace

BadgeLayout BadgeLayout::FromMillimetres(double widthMm, double heightMm) {
    BadgeLayout layout;
    layout.width = static_cast<int>(std::lround(widthMm / kMillimetresPerInch * kDotsPerInch));
    layout.height = static_cast<int>(std::lround(heightMm / kMillimetresPerInch * kDotsPerInch));
    return layout;
}

Result<GreyFrame> RenderBadge(const BadgePrintData& data, const BadgeLayout& layout) {
    if (auto checked = CheckLayout(layout); !checked) {
        return checked.error();
    }
    auto code = PlaceCode(data.token, layout);
    if (!code) {
        return code.error();
    }
    Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, layout.width, layout.height));
    Cairo cr(cairo_create(surface.get()));
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
        return Error{ErrorKind::Io, "out of memory for a badge image"};
    }
    if (auto drawn = Draw(cr.get(), data, layout, *code); !drawn) {
        return drawn.error();
    }
    cairo_surface_flush(surface.get());
    GreyFrame page;
    page.width = layout.width;
    page.height = layout.height;
    page.pixels.resize(static_cast<std::size_t>(page.width) * page.height);
    const unsigned char* pixels = cairo_image_surface_get_data(surface.get());
    const int stride = cairo_image_surface_get_stride(surface.get());
    for (int y = 0; y < page.height; ++y) {
        const auto* row = reinterpret_cast<const std::uint32_t*>(
            pixels + static_cast<std::ptrdiff_t>(y) * stride);
        for (int x = 0; x < page.width; ++x) {
            page.at(x, y) = static_cast<std::uint8_t>((row[x] >> 8) & 0xFF); // green = grey
        }
    }
    return page;
}

std::vector<char32_t> MissingGlyphs(const BadgePrintData& data, const BadgeLayout& layout) {
    Surface surface(cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1));
    Cairo cr(cairo_create(surface.get()));
    const Context context = TextContext(cr.get());
    std::vector<char32_t> missing;
    for (const Line& line : LinesOf(data)) {
        const Layout laid = LayOut(context.get(), line, layout);
        PangoLayoutIter* runs = pango_layout_get_iter(laid.get());
        do {
            const PangoLayoutRun* run = pango_layout_iter_get_run_readonly(runs);
            for (int i = 0; run != nullptr && i < run->glyphs->num_glyphs; ++i) {
                const PangoGlyph glyph = run->glyphs->glyphs[i].glyph;
                // Pango marks a character no font has as its code point with this flag.
                const auto c = static_cast<char32_t>(glyph & ~PANGO_GLYPH_UNKNOWN_FLAG);
                if ((glyph & PANGO_GLYPH_UNKNOWN_FLAG) != 0 && glyph != PANGO_GLYPH_INVALID_INPUT &&
                    std::find(missing.begin(), missing.end(), c) == missing.end()) {
                    missing.push_back(c);
                }
            }
        } while (pango_layout_iter_next_run(runs) != FALSE);
        pango_layout_iter_free(runs);
    }
    return missing;
}

Result<void> WritePng(const GreyFrame& frame, const std::string& path) {
    if (frame.width <= 0 || frame.height <= 0 ||
        stbi_write_png(path.c_str(), frame.width, frame.height, 1, frame.pixels.data(),
                       frame.width) == 0) {
        return Error{ErrorKind::Io, "cannot write PNG " + path};
    }
    return {};
}

Result<void> RenderBadgePng(const BadgePrintData& data, const std::string& path,
                            const BadgeLayout& layout) {
    auto page = RenderBadge(data, layout);
    if (!page) {
        return page.error();
    }
    return WritePng(*page, path);
}

struct BadgePdf::State {
    std::string path;
    std::string part;
    BadgeLayout layout;
    double margin = 0; ///< points around the badge: room for crop marks
    Surface surface;
    int pages = 0;
    bool finished = false;

    State() = default;
    State(const State&) = delete;
    State& operator=(const State&) = delete;
    State(State&&) = delete;
    State& operator=(State&&) = delete;
    ~State() {
        if (!finished) {
            surface.reset();
            std::error_code ignored;
            std::filesystem::remove(part, ignored);
        }
    }

    /// Short lines outside each corner, in line with the badge's edges, for a guillotine.
    void cropMarks(cairo_t* cr) const {
        constexpr double kGap = 2.0 / kMillimetresPerInch * 72; // clear of the badge
        constexpr double kLength = 5.0 / kMillimetresPerInch * 72;
        const double w = layout.width * kPointsPerPixel;
        const double h = layout.height * kPointsPerPixel;
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, 0.3);
        for (int corner = 0; corner < 4; ++corner) {
            const double right = (corner & 1) != 0 ? 1 : -1; // which side of the badge
            const double below = (corner & 2) != 0 ? 1 : -1;
            const double x = margin + (right > 0 ? w : 0);
            const double y = margin + (below > 0 ? h : 0);
            cairo_move_to(cr, x, y + below * kGap);
            cairo_line_to(cr, x, y + below * (kGap + kLength));
            cairo_move_to(cr, x + right * kGap, y);
            cairo_line_to(cr, x + right * (kGap + kLength), y);
        }
        cairo_stroke(cr);
    }
};

BadgePdf::BadgePdf(std::unique_ptr<State> state) : m_state(std::move(state)) {}
BadgePdf::BadgePdf(BadgePdf&&) noexcept = default;
BadgePdf& BadgePdf::operator=(BadgePdf&&) noexcept = default;
BadgePdf::~BadgePdf() = default;

Result<BadgePdf> BadgePdf::create(const std::string& path, const BadgeLayout& layout,
                                  bool cropMarks) {
    if (auto checked = CheckLayout(layout); !checked) {
        return checked.error();
    }
    auto state = std::make_unique<State>();
    state->path = path;
    state->part = path + ".part";
    state->layout = layout;
    state->margin = cropMarks ? 8.0 / kMillimetresPerInch * 72 : 0;
    state->surface.reset(cairo_pdf_surface_create(
        state->part.c_str(), layout.width * kPointsPerPixel + 2 * state->margin,
        layout.height * kPointsPerPixel + 2 * state->margin));
    if (cairo_surface_status(state->surface.get()) != CAIRO_STATUS_SUCCESS) {
        state->finished = true; // nothing was written
        return Error{ErrorKind::Io, "cannot write PDF " + state->part};
    }
    cairo_pdf_surface_set_metadata(state->surface.get(), CAIRO_PDF_METADATA_TITLE, "Badges");
    cairo_pdf_surface_set_metadata(state->surface.get(), CAIRO_PDF_METADATA_CREATOR, "Accueil");
    return BadgePdf(std::move(state));
}

Result<void> BadgePdf::add(const BadgePrintData& data) {
    auto code = PlaceCode(data.token, m_state->layout);
    if (!code) {
        return code.error();
    }
    Cairo cr(cairo_create(m_state->surface.get()));
    if (m_state->margin > 0) {
        m_state->cropMarks(cr.get());
    }
    cairo_translate(cr.get(), m_state->margin, m_state->margin);
    cairo_scale(cr.get(), kPointsPerPixel, kPointsPerPixel);
    if (auto drawn = Draw(cr.get(), data, m_state->layout, *code); !drawn) {
        return drawn.error();
    }
    cairo_show_page(cr.get());
    ++m_state->pages;
    return {};
}

Result<void> BadgePdf::finish() {
    if (m_state->pages == 0) {
        return Error{ErrorKind::InvalidArgument, "no badge to write in " + m_state->path};
    }
    cairo_surface_finish(m_state->surface.get());
    if (const cairo_status_t status = cairo_surface_status(m_state->surface.get());
        status != CAIRO_STATUS_SUCCESS) {
        return Error{ErrorKind::Io,
                     "cannot write PDF " + m_state->part + ": " + cairo_status_to_string(status)};
    }
    std::error_code renamed;
    std::filesystem::rename(m_state->part, m_state->path, renamed);
    if (renamed) {
        return Error{ErrorKind::Io, "cannot name " + m_state->part + " " + m_state->path + ": " +
                                        renamed.message()};
    }
    m_state->finished = true;
    return {};
}

int BadgePdf::pages() const {
    return m_state->pages;
}

Result<void> RenderBadgePdf(const BadgePrintData& data, const std::string& path,
                            const BadgeLayout& layout) {
    auto pdf = BadgePdf::create(path, layout);
    if (!pdf) {
        return pdf.error();
    }
    if (auto added = pdf->add(data); !added) {
        return added;
    }
    return pdf->finish();
}

} // namespace accueil::scanner
