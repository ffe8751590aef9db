// SPDX-License-Identifier: Apache-2.0
#include "TextRenderer.h"

#include <accueil/scanner/BadgeRender.h>
#include <accueil/scanner/QrRender.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <stb_image_write.h>

#include <algorithm>
#include <memory>

namespace accueil::scanner {

namespace {

using detail::TextRenderer;

/// Draws text centred on the page at baseline y, shrinking it until it fits the margins.
void Centred(GreyFrame& page, const TextRenderer& font, const std::string& text, float size,
             int y) {
    if (text.empty()) {
        return;
    }
    const int maxWidth = page.width * 88 / 100;
    while (size > 12.0f && font.measure(text, size) > maxWidth) {
        size *= 0.92f;
    }
    font.draw(page, text, size, (page.width - font.measure(text, size)) / 2, y);
}

} // namespace

Result<GreyFrame> RenderBadge(const BadgePrintData& data, const BadgeLayout& layout) {
    if (layout.width < 400 || layout.height < 560 || layout.width > 10000 ||
        layout.height > 10000) {
        return Error{ErrorKind::InvalidArgument, "badge must be 400x560 to 10000x10000 px"};
    }
    const auto regular = TextRenderer::load(layout.regularFont);
    if (!regular) {
        return regular.error();
    }
    const auto bold = TextRenderer::load(layout.boldFont);
    if (!bold) {
        return bold.error();
    }
    auto modules = QrModules(data.token);
    if (!modules) {
        return modules.error();
    }

    GreyFrame page;
    page.width = layout.width;
    page.height = layout.height;
    page.pixels.assign(static_cast<std::size_t>(page.width) * page.height, 255);
    // Sizes are fractions of the page height so any resolution keeps the same look.
    const auto at = [&](double fraction) { return static_cast<int>(page.height * fraction); };
    const auto px = [&](double fraction) { return static_cast<float>(page.height * fraction); };

    Centred(page, *regular, data.eventTitle, px(0.030), at(0.065));
    Centred(page, *bold, data.givenName, px(0.055), at(0.150));
    Centred(page, *bold, data.familyName, px(0.055), at(0.215));
    Centred(page, *regular, data.delegation, px(0.036), at(0.280));
    Centred(page, *bold, data.category, px(0.030), at(0.330));

    // The QR code: whole pixels per module, about 60 % of the page width, quiet zone kept.
    constexpr int kQuiet = 4;
    const int modulePixels = std::max(1, (page.width * 60 / 100) / (*modules + 2 * kQuiet));
    auto qr = RenderQr(data.token, modulePixels, kQuiet);
    if (!qr) {
        return qr.error();
    }
    const int qrTop = at(0.36);
    const int qrLeft = (page.width - qr->width) / 2;
    if (qrTop + qr->height > at(0.93)) {
        return Error{ErrorKind::InvalidArgument, "badge too small for its QR code"};
    }
    for (int y = 0; y < qr->height; ++y) {
        std::copy_n(&qr->pixels[static_cast<std::size_t>(y) * qr->width], qr->width,
                    &page.pixels[static_cast<std::size_t>(qrTop + y) * page.width + qrLeft]);
    }
    Centred(page, *regular, data.meetingDates, px(0.030), at(0.965));
    return page;
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

namespace {

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;

constexpr double kPointsPerPixel = 72.0 / 300.0; // the badge is drawn at 300 dpi

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

} // namespace

Result<void> RenderBadgePdf(const BadgePrintData& data, const std::string& path,
                            const BadgeLayout& layout) {
    auto page = RenderBadge(data, layout);
    if (!page) {
        return page.error();
    }
    Surface image = ImageOf(*page);
    Surface pdf(cairo_pdf_surface_create(path.c_str(), page->width * kPointsPerPixel,
                                         page->height * kPointsPerPixel));
    if (!image || cairo_surface_status(pdf.get()) != CAIRO_STATUS_SUCCESS) {
        return Error{ErrorKind::Io, "cannot write PDF " + path};
    }
    cairo_pdf_surface_set_metadata(pdf.get(), CAIRO_PDF_METADATA_TITLE, "Badge");
    {
        std::unique_ptr<cairo_t, CairoDeleter> cr(cairo_create(pdf.get()));
        cairo_scale(cr.get(), kPointsPerPixel, kPointsPerPixel);
        cairo_set_source_surface(cr.get(), image.get(), 0, 0);
        // Nearest: the PDF says /Interpolate false, so no viewer or printer blurs the modules.
        cairo_pattern_set_filter(cairo_get_source(cr.get()), CAIRO_FILTER_NEAREST);
        cairo_paint(cr.get());
        cairo_show_page(cr.get());
    }
    cairo_surface_finish(pdf.get());
    if (cairo_surface_status(pdf.get()) != CAIRO_STATUS_SUCCESS) {
        return Error{ErrorKind::Io, "cannot write PDF " + path + ": " +
                                        cairo_status_to_string(cairo_surface_status(pdf.get()))};
    }
    return {};
}

} // namespace accueil::scanner
