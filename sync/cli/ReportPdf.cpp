// SPDX-License-Identifier: Apache-2.0
// The report as an A4 PDF (Cairo): the heading and the key figures on page 1, then the tables,
// each continuing over as many pages as it needs with its header repeated, then two charts.
// Drawn twice: a first pass on a recording surface counts the pages, so every footer can say
// "Page 2 of 5".

#include "PdfCanvas.h"
#include "ReportDocuments.h"

#include <accueil/scanner/CairoHandles.h>

#include <cairo-pdf.h>

#include <algorithm>
#include <memory>
#include <numeric>

namespace accueil::cli {

using namespace accueil::core;
using core::Result;
using nlohmann::json;

namespace {

constexpr double kPad = 4;      // inside a cell, left and right
constexpr double kLine = 11.5;  // a line of body text
constexpr double kMinText = 70; // the narrowest a text column is squeezed to

using Surface = scanner::cairo::Surface;
using Context = scanner::cairo::Cairo;

std::string CellText(const json& cell, CellKind kind, const DocumentLabels& labels) {
    if (kind == CellKind::Share) {
        return ShareText(cell, labels);
    }
    if (cell.is_string()) {
        return cell.get<std::string>();
    }
    return cell.is_null() ? "" : cell.dump();
}

double WidestWord(const PdfCanvas& c, const std::string& text) {
    double widest = 0;
    std::size_t i = 0;
    while (i <= text.size()) {
        const std::size_t space = std::min(text.find(' ', i), text.size());
        widest = std::max(widest, c.textWidth(text.substr(i, space - i)));
        i = space + 1;
    }
    return widest;
}

// The room left by the numbers, shared among the text columns: a column that needs less than
// an even share keeps what it needs, the others split what remains in proportion to what
// they hold, but never below their longest word (`least`: a word is not cut while another
// column has room to give), and a table narrower than the page is widened at its first text
// column.
void ShareTextRoom(std::vector<double>& widths, const std::vector<double>& least,
                   const std::vector<bool>& text, double room) {
    std::vector<std::size_t> pending;
    for (std::size_t i = 0; i < widths.size(); ++i) {
        if (text[i]) {
            pending.push_back(i);
        }
    }
    if (pending.empty()) {
        widths[0] += std::max(0.0, room);
        return;
    }
    const std::size_t first = pending.front();
    for (bool fixed = true; fixed && !pending.empty();) {
        fixed = false;
        const double share = room / static_cast<double>(pending.size());
        for (auto it = pending.begin(); it != pending.end();) {
            if (widths[*it] <= share) {
                room -= widths[*it];
                it = pending.erase(it);
                fixed = true;
            } else {
                ++it;
            }
        }
    }
    // In proportion to what each holds; a column whose share falls below its longest word
    // gets that word's width and leaves the pool, and the others share again.
    for (bool fixed = true; fixed && !pending.empty();) {
        fixed = false;
        double natural = 0;
        for (std::size_t i : pending) {
            natural += widths[i];
        }
        for (auto it = pending.begin(); it != pending.end();) {
            const double share = room * widths[*it] / natural;
            if (share < least[*it]) {
                widths[*it] = least[*it];
                room -= least[*it];
                it = pending.erase(it);
                fixed = true;
                break;
            }
            ++it;
        }
        if (!fixed) {
            for (std::size_t i : pending) {
                widths[i] = std::max(kMinText, room * widths[i] / natural);
            }
        }
    }
    if (pending.empty()) {
        widths[first] += std::max(0.0, room);
    }
}

// Numbers take what they need; text columns share the rest, in proportion to what they hold,
// wrapping where it is not enough.
std::vector<double> ColumnWidths(PdfCanvas& c, const DocumentTable& table) {
    const std::size_t n = table.columns.size();
    std::vector<double> widths(n, 0);
    std::vector<double> least(n, 0);
    std::vector<bool> text(n, false);
    for (std::size_t i = 0; i < n; ++i) {
        const DocumentColumn& column = table.columns[i];
        text[i] = column.kind == CellKind::Text;
        c.font(PdfCanvas::kBodySize, true);
        // A number's header on one line ("% women"); a text column's may wrap between words.
        widths[i] = text[i] ? WidestWord(c, column.header) : c.textWidth(column.header);
        least[i] = widths[i];
        c.font(PdfCanvas::kBodySize);
        for (const auto& row : table.rows) {
            const std::string cell = CellText(row.at(i), column.kind, c.labels());
            widths[i] = std::max(widths[i], c.textWidth(cell));
            least[i] = std::max(least[i], text[i] ? WidestWord(c, cell) : 0.0);
        }
        widths[i] += 2 * kPad;
        least[i] += 2 * kPad;
    }
    double numbers = 0;
    for (std::size_t i = 0; i < n; ++i) {
        numbers += text[i] ? 0 : widths[i];
    }
    ShareTextRoom(widths, least, text, PdfCanvas::width() - numbers);
    return widths;
}

struct Layout {
    std::vector<double> widths;
    std::vector<std::vector<std::string>> header; // each header's lines
};

// One line of cells at the cursor, each its lines: text from the left, numbers from the right.
void DrawCells(PdfCanvas& c, const DocumentTable& table, const std::vector<double>& widths,
               const std::vector<std::vector<std::string>>& cells) {
    double x = PdfCanvas::left();
    for (std::size_t i = 0; i < cells.size(); ++i) {
        double baseline = c.y + kLine - 1;
        for (const std::string& line : cells[i]) {
            if (table.columns[i].kind == CellKind::Text) {
                c.text(x + kPad, baseline, line);
            } else {
                c.textRight(x + widths[i] - kPad, baseline, line);
            }
            baseline += kLine;
        }
        x += widths[i];
    }
}

void DrawHeader(PdfCanvas& c, const DocumentTable& table, const Layout& layout) {
    std::size_t lines = 1;
    for (const auto& h : layout.header) {
        lines = std::max(lines, h.size());
    }
    const double height = static_cast<double>(lines) * kLine + 4;
    cairo_t* cr = c.cr();
    c.grey(0.88);
    cairo_rectangle(cr, PdfCanvas::left(), c.y, PdfCanvas::width(), height);
    cairo_fill(cr);
    c.grey(0);
    c.font(PdfCanvas::kBodySize, true);
    DrawCells(c, table, layout.widths, layout.header);
    c.y += height;
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, PdfCanvas::left(), c.y);
    cairo_line_to(cr, PdfCanvas::right(), c.y);
    cairo_stroke(cr);
}

// A row's cells as lines, wrapped to their columns.
std::vector<std::vector<std::string>> RowLines(PdfCanvas& c, const DocumentTable& table,
                                               const std::vector<json>& row, const Layout& layout) {
    c.font(PdfCanvas::kBodySize);
    std::vector<std::vector<std::string>> cells;
    for (std::size_t i = 0; i < layout.widths.size(); ++i) {
        const std::string text = CellText(row.at(i), table.columns[i].kind, c.labels());
        cells.push_back(table.columns[i].kind == CellKind::Text
                            ? c.wrap(text, layout.widths[i] - 2 * kPad)
                            : std::vector<std::string>{text});
    }
    return cells;
}

// The table at the cursor: its title and header, then its rows; a row that does not fit goes
// to a new page under the title "(continued)" and the header again.
void DrawTable(PdfCanvas& c, const DocumentTable& table) {
    Layout layout{ColumnWidths(c, table), {}};
    c.font(PdfCanvas::kBodySize, true);
    for (std::size_t i = 0; i < layout.widths.size(); ++i) {
        layout.header.push_back(c.wrap(table.columns[i].header, layout.widths[i] - 2 * kPad));
    }
    c.ensure(PdfCanvas::kTitleHeight + 3 * kLine + 8); // never a title alone at a page's foot
    c.title(table.title);
    DrawHeader(c, table, layout);
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto cells = RowLines(c, table, table.rows[r], layout);
        std::size_t lines = 1;
        for (const auto& cell : cells) {
            lines = std::max(lines, cell.size());
        }
        const double height = static_cast<double>(lines) * kLine + 3;
        if (c.ensure(height)) {
            c.title(table.title + " " + c.labels().continued);
            DrawHeader(c, table, layout);
        }
        if (r % 2 == 1) {
            // Every other row shaded, light enough for any printer.
            c.grey(0.95);
            cairo_rectangle(c.cr(), PdfCanvas::left(), c.y, PdfCanvas::width(), height);
            cairo_fill(c.cr());
        }
        c.grey(0);
        c.font(PdfCanvas::kBodySize);
        DrawCells(c, table, layout.widths, cells);
        c.y += height;
    }
    c.y += 10;
}

// Page 1's heading: the title, the event, where, which days, as of when.
void DrawHeading(PdfCanvas& c, const json& report, const DocumentHeading& heading) {
    const DocumentLabels& labels = c.labels();
    c.paragraph(heading.eventName, 18, true);
    c.y += 2;
    c.paragraph(labels.reportTitle, 13);
    c.y += 6;
    const auto line = [&](const char* label, const std::string& value) {
        if (!value.empty()) {
            c.paragraph(std::string(label) + labels.colon + value, 10);
        }
    };
    line(labels.venue, heading.venue);
    line(labels.dates, heading.daysCovered);
    line(labels.asOf, heading.asOf);
    line(labels.figures, heading.figures);
    line(labels.frozenDays, heading.frozenDays);
    c.y += 6;
    c.paragraph(std::string(labels.distinctParticipants) + labels.colon +
                    std::to_string(report.value("distinct_participants", 0)),
                11, true);
    c.y += 4;
}

// Everything, on `cr`; the number of pages.
int Render(cairo_t* cr, const json& report, const DocumentHeading& heading,
           const DocumentLabels& labels, int totalPages) {
    PdfCanvas c(cr, labels, totalPages);
    DrawHeading(c, report, heading);
    DrawTable(c, HeadsTable(report, labels));
    std::vector<DocumentTable> tables = ReportTables(report, heading, labels);
    // The PDF is for reading: the per-day rows and the arrivals' numbers stay in the
    // workbook; the arrivals are drawn as a chart below.
    for (std::size_t i = 1; i < tables.size(); ++i) {
        if (tables[i].sheet != labels.arrivalsSheet) {
            DrawTable(c, tables[i]);
        }
    }
    DrawArrivalsChart(c, report);
    DrawGenderByGroupChart(c, report);
    return c.finish();
}

Result<void> Failed(const std::string& path, cairo_status_t status) {
    return MakeError(ErrorKind::Storage,
                     "cannot write " + path + " (" + cairo_status_to_string(status) + ")");
}

} // namespace

Result<void> WritePdf(const json& report, const DocumentHeading& heading,
                      const DocumentLabels& labels, const std::string& path) {
    int pages = 0;
    {
        Surface counting(cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, nullptr));
        Context cr(cairo_create(counting.get()));
        pages = Render(cr.get(), report, heading, labels, 0);
    }
    Surface pdf(
        cairo_pdf_surface_create(path.c_str(), PdfCanvas::kPageWidth, PdfCanvas::kPageHeight));
    if (cairo_surface_status(pdf.get()) != CAIRO_STATUS_SUCCESS) {
        return Failed(path, cairo_surface_status(pdf.get()));
    }
    const std::string title = std::string(labels.reportTitle) + " — " + heading.eventName;
    cairo_pdf_surface_set_metadata(pdf.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
    cairo_pdf_surface_set_metadata(pdf.get(), CAIRO_PDF_METADATA_CREATOR, "accueil");
    {
        Context cr(cairo_create(pdf.get()));
        Render(cr.get(), report, heading, labels, pages);
        if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
            return Failed(path, cairo_status(cr.get()));
        }
    }
    cairo_surface_finish(pdf.get());
    if (cairo_surface_status(pdf.get()) != CAIRO_STATUS_SUCCESS) {
        return Failed(path, cairo_surface_status(pdf.get()));
    }
    return {};
}

} // namespace accueil::cli
