// SPDX-License-Identifier: Apache-2.0
#include "PdfCanvas.h"

namespace accueil::cli {

namespace {

// The face of every text: Noto Sans (fonts-noto-core, as the kiosk's screens), through
// fontconfig, which falls back to another sans face where it is missing.
constexpr const char* kFace = "Noto Sans";

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
    cairo_set_font_options(m_cr, options);
    cairo_font_options_destroy(options);
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
    font(8);
    grey(0.3);
    const std::string number = std::string(m_labels.page) + " " + std::to_string(m_page) + " " +
                               m_labels.pageOf + " " + std::to_string(m_total);
    textCentred(kPageWidth / 2, kPageHeight - kMargin, number);
    cairo_restore(m_cr);
}

void PdfCanvas::font(double size, bool bold) {
    cairo_select_font_face(m_cr, kFace, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(m_cr, size);
}

double PdfCanvas::textWidth(const std::string& text) const {
    cairo_text_extents_t extents;
    cairo_text_extents(m_cr, text.c_str(), &extents);
    return extents.x_advance;
}

void PdfCanvas::text(double x, double baseline, const std::string& text) const {
    cairo_move_to(m_cr, x, baseline);
    cairo_show_text(m_cr, text.c_str());
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
