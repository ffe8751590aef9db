// SPDX-License-Identifier: Apache-2.0
#pragma once

// A4 portrait pages drawn with Cairo for the PDF report: a cursor that runs down the page,
// text laid out by Pango (Noto Sans, and through fontconfig whichever font has a character it
// lacks: a delegation written in Arabic or Chinese is shaped and printed), and "Page 2 of 5" at
// the foot of every page (internal to sync/cli).

#include "ReportLabels.h"

#include <accueil/scanner/CairoHandles.h>

#include <cairo.h>
#include <nlohmann/json.hpp>
#include <pango/pangocairo.h>

#include <memory>
#include <string>
#include <vector>

namespace accueil::cli {

class PdfCanvas {
public:
    static constexpr double kPageWidth = 595.276; // A4 in points
    static constexpr double kPageHeight = 841.89;
    static constexpr double kMargin = 48;
    static constexpr double kFootHeight = 28; ///< the page number's band at the bottom
    static constexpr double kBodySize = 9;
    static constexpr double kTitleSize = 12;                     ///< a table's or a chart's title
    static constexpr double kTitleHeight = kTitleSize * 1.5 + 3; ///< what title() takes

    /// Draws on `cr` (a surface of A4 pages). `totalPages` is what the footers say the
    /// document has: 0 while a first pass counts them.
    PdfCanvas(cairo_t* cr, const DocumentLabels& labels, int totalPages);

    cairo_t* cr() const { return m_cr; }
    const DocumentLabels& labels() const { return m_labels; }
    static double left() { return kMargin; }
    static double right() { return kPageWidth - kMargin; }
    static double width() { return right() - left(); }
    /// Where the content goes down to (above the footer).
    static double bottom() { return kPageHeight - kMargin - kFootHeight; }
    int page() const { return m_page; }

    /// The cursor: the top of what comes next.
    double y = kMargin;

    /// A new page when less than `height` is left on this one. True when it turned the page.
    bool ensure(double height);
    /// Ends the page (its footer) and starts the next.
    void newPage();
    /// Ends the last page; returns how many pages there were.
    int finish();

    void font(double size, bool bold = false);
    double textWidth(const std::string& text) const;
    void text(double x, double baseline, const std::string& text) const;
    void textRight(double xRight, double baseline, const std::string& text) const;
    void textCentred(double xCentre, double baseline, const std::string& text) const;
    /// `text` broken at spaces into lines no wider than `width` (a word wider than that is
    /// cut where it must be) in the current font.
    std::vector<std::string> wrap(const std::string& text, double width) const;
    /// A paragraph at the cursor, wrapped to the page's width; moves the cursor below it.
    void paragraph(const std::string& text, double size, bool bold = false);
    /// A table's or a chart's title at the cursor; moves the cursor below it.
    void title(const std::string& text);
    void grey(double level) const { cairo_set_source_rgb(m_cr, level, level, level); }

private:
    void footer();
    /// The layout holding `text` in the current font.
    PangoLayout* laidOut(const std::string& text) const;

    cairo_t* m_cr;
    scanner::cairo::Layout m_layout;
    double m_size = kBodySize;
    bool m_bold = false;
    const DocumentLabels& m_labels;
    int m_total;
    int m_page = 1;
};

/// The arrivals per quarter hour of `report` as a line chart, one line per day (each its own
/// dash and marker, so it reads in black and white), at the cursor.
void DrawArrivalsChart(PdfCanvas& canvas, const nlohmann::json& report);

/// Per delegation group, a bar of women, men, other and undisclosed (shares of the group's
/// people, each with its own fill and its count written on it), with a legend, at the cursor.
void DrawGenderByGroupChart(PdfCanvas& canvas, const nlohmann::json& report);

} // namespace accueil::cli
