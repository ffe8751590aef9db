// SPDX-License-Identifier: Apache-2.0
#include "PdfCanvas.h"

namespace accueil::cli {

namespace {

// The faces of every text: Noto Sans (fonts-noto-core, as the kiosk's screens and the
// badges), its Arabic and Devanagari companions, Chinese characters in their Simplified
// forms; fontconfig finds the rest.
constexpr const char* kFaces =
    "Noto Sans, Noto Sans Arabic, Noto Sans Devanagari, Noto Sans CJK SC";

// Byte length of the UTF-8 sequence starting with `lead`, so text is never cut inside one.
std::size_t SequenceLength(unsigned char lead) {
    if (lead < 0x80) {
        return 1;
    }
    if ((lead >> 5) == 0x6) {
        return 2;
    }
    return (lead >> 4) == 0xE ? 3 : 4;
}

} // namespace

PdfCanvas::PdfCanvas(cairo_t* cr, const DocumentLabels& labels, int totalPages)
    : m_cr(cr), m_labels(labels), m_total(totalPages) {
    // Unhinted metrics: the first pass (counting pages) and the PDF measure text alike.
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    m_layout.reset(pango_cairo_create_layout(m_cr));
    pango_cairo_context_set_font_options(pango_layout_get_context(m_layout.get()), options);
    cairo_font_options_destroy(options);
    pango_layout_set_single_paragraph_mode(m_layout.get(), TRUE);
    font(kBodySize);
}

bool PdfCanvas::ensure(double height) {
    if (y + height <= bottom()) {
        return false;
    }
    newPage();
    return true;
}

void PdfCanvas::newPage() {
    footer();
    cairo_show_page(m_cr);
    ++m_page;
    y = kMargin;
}

int PdfCanvas::finish() {
    footer();
    cairo_show_page(m_cr);
    return m_page;
}

void PdfCanvas::footer() {
    cairo_save(m_cr);
    const double size = m_size;
    const bool bold = m_bold;
    font(8);
    grey(0.3);
    const std::string number = std::string(m_labels.page) + " " + std::to_string(m_page) + " " +
                               m_labels.pageOf + " " + std::to_string(m_total);
    textCentred(kPageWidth / 2, kPageHeight - kMargin, number);
    font(size, bold);
    cairo_restore(m_cr);
}

void PdfCanvas::font(double size, bool bold) {
    m_size = size;
    m_bold = bold;
    PangoFontDescription* face = pango_font_description_from_string(kFaces);
    pango_font_description_set_weight(face, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(face, size * PANGO_SCALE);
    pango_layout_set_font_description(m_layout.get(), face);
    pango_font_description_free(face);
}

PangoLayout* PdfCanvas::laidOut(const std::string& text) const {
    pango_layout_set_text(m_layout.get(), text.c_str(), static_cast<int>(text.size()));
    return m_layout.get();
}

double PdfCanvas::textWidth(const std::string& text) const {
    int width = 0;
    pango_layout_get_size(laidOut(text), &width, nullptr);
    return static_cast<double>(width) / PANGO_SCALE;
}

void PdfCanvas::text(double x, double baseline, const std::string& text) const {
    PangoLayout* layout = laidOut(text);
    cairo_move_to(m_cr, x,
                  baseline - static_cast<double>(pango_layout_get_baseline(layout)) / PANGO_SCALE);
    pango_cairo_show_layout(m_cr, layout);
}

void PdfCanvas::textRight(double xRight, double baseline, const std::string& text) const {
    this->text(xRight - textWidth(text), baseline, text);
}

void PdfCanvas::textCentred(double xCentre, double baseline, const std::string& text) const {
    this->text(xCentre - textWidth(text) / 2, baseline, text);
}

std::vector<std::string> PdfCanvas::wrap(const std::string& text, double width) const {
    std::vector<std::string> lines;
    std::string line;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t space = text.find(' ', i);
        const std::string word = text.substr(i, space == std::string::npos ? space : space - i);
        i = space == std::string::npos ? text.size() : space + 1;
        std::string joined = line;
        joined += line.empty() ? "" : " ";
        joined += word;
        if (textWidth(joined) <= width) {
            line = joined;
            continue;
        }
        if (!line.empty()) {
            lines.push_back(line);
        }
        // A word wider than the column alone is cut, a character at a time, where it must be.
        line.clear();
        for (std::size_t at = 0; at < word.size();) {
            const std::size_t n = SequenceLength(static_cast<unsigned char>(word[at]));
            std::string longer = line;
            longer.append(word, at, n);
            if (!line.empty() && textWidth(longer) > width) {
                lines.push_back(line);
                line = word.substr(at, n);
            } else {
                line = longer;
            }
            at += n;
        }
    }
    if (!line.empty() || lines.empty()) {
        lines.push_back(line);
    }
    return lines;
}

void PdfCanvas::paragraph(const std::string& text, double size, bool bold) {
    font(size, bold);
    const double lineHeight = size * 1.35;
    for (const std::string& line : wrap(text, width())) {
        ensure(lineHeight);
        y += lineHeight;
        this->text(left(), y - size * 0.3, line);
    }
}

void PdfCanvas::title(const std::string& text) {
    font(kTitleSize, true);
    grey(0);
    y += kTitleSize * 1.5;
    this->text(left(), y - 3, text);
    y += 3;
}

} // namespace accueil::cli
