// SPDX-License-Identifier: Apache-2.0
// The report as an XLSX workbook (libxlsxwriter): a summary sheet, then one sheet per table,
// each with its header row frozen, counts as integers and shares as percentages.
//
// Every text cell is written with worksheet_write_string: a delegation named "=HYPERLINK(…)"
// is a string in the file, never a formula, so no spreadsheet program runs it.

#include "ReportDocuments.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <map>
#include <memory>

namespace accueil::cli {

using namespace accueil::core;
using core::Result;
using nlohmann::json;

namespace {

// A column is as wide as its longest cell (in characters, not bytes), within reason.
constexpr double kMinWidth = 8;
constexpr double kMaxWidth = 60;

std::size_t Characters(const std::string& utf8) {
    return static_cast<std::size_t>(
        std::count_if(utf8.begin(), utf8.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

struct Formats {
    lxw_format* header;
    lxw_format* count;
    lxw_format* share;
    lxw_format* title;
    lxw_format* label;
};

// The workbook's writer, keeping the first error: libxlsxwriter reports per call, and a
// document with a cell missing must not be handed on as if whole.
class Book {
public:
    explicit Book(const std::string& path) : m_book(workbook_new(path.c_str())) {}
    Book(const Book&) = delete;
    Book& operator=(const Book&) = delete;
    ~Book() {
        if (m_book != nullptr) {
            workbook_close(m_book); // only when close() was not reached
        }
    }

    bool opened() const { return m_book != nullptr; }

    Formats formats(const DocumentLabels& labels) {
        Formats f{workbook_add_format(m_book), workbook_add_format(m_book),
                  workbook_add_format(m_book), workbook_add_format(m_book),
                  workbook_add_format(m_book)};
        format_set_bold(f.header);
        format_set_bottom(f.header, LXW_BORDER_THIN);
        format_set_bg_color(f.header, 0xE6E6E6);
        format_set_text_wrap(f.header);
        format_set_num_format(f.count, "0");
        format_set_num_format(f.share, labels.percentFormat);
        format_set_bold(f.title);
        format_set_font_size(f.title, 14);
        format_set_bold(f.label);
        return f;
    }

    lxw_worksheet* sheet(const std::string& name) {
        return workbook_add_worksheet(m_book, name.c_str());
    }

    void check(lxw_error error, const std::string& where) {
        if (error != LXW_NO_ERROR && m_error.empty()) {
            m_error = where + ": " + lxw_strerror(error);
        }
    }

    void string(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const std::string& text,
                lxw_format* format) {
        check(worksheet_write_string(ws, row, col, text.c_str(), format), "a text cell");
    }

    void number(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, double value, lxw_format* format) {
        check(worksheet_write_number(ws, row, col, value, format), "a number cell");
    }

    Result<void> close(const std::string& path) {
        const lxw_error closed = workbook_close(m_book);
        m_book = nullptr;
        check(closed, "the workbook");
        if (!m_error.empty()) {
            return MakeError(ErrorKind::Storage, "cannot write " + path + " (" + m_error + ")");
        }
        return {};
    }

private:
    lxw_workbook* m_book;
    std::string m_error;
};

// One cell of a table: text as a string, counts and shares as numbers, no share as a blank.
void WriteCell(Book& book, lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const json& cell,
               CellKind kind, const Formats& f) {
    if (cell.is_string()) {
        book.string(ws, row, col, cell.get<std::string>(), nullptr);
    } else if (cell.is_number()) {
        book.number(ws, row, col, cell.get<double>(), kind == CellKind::Share ? f.share : f.count);
    }
}

std::size_t CellWidth(const json& cell, CellKind kind) {
    if (cell.is_string()) {
        return Characters(cell.get<std::string>());
    }
    return kind == CellKind::Share ? 7 : cell.dump().size();
}

void WriteTable(Book& book, lxw_worksheet* ws, lxw_row_t top, const DocumentTable& table,
                const Formats& f) {
    std::vector<std::size_t> widths(table.columns.size());
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        book.string(ws, top, static_cast<lxw_col_t>(c), table.columns[c].header, f.header);
        widths[c] = Characters(table.columns[c].header);
    }
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        for (std::size_t c = 0; c < table.columns.size() && c < table.rows[r].size(); ++c) {
            WriteCell(book, ws, static_cast<lxw_row_t>(top + 1 + r), static_cast<lxw_col_t>(c),
                      table.rows[r][c], table.columns[c].kind, f);
            widths[c] = std::max(widths[c], CellWidth(table.rows[r][c], table.columns[c].kind));
        }
    }
    for (std::size_t c = 0; c < widths.size(); ++c) {
        const double width = std::clamp(static_cast<double>(widths[c]) + 2.0, kMinWidth, kMaxWidth);
        book.check(worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                                        width, nullptr),
                   "a column's width");
    }
    // The header stays in sight however far down one scrolls.
    worksheet_freeze_panes(ws, static_cast<lxw_row_t>(top + 1), 0);
}

// The summary: what the figures are of, then the meeting's key figures and the heads of
// delegation by gender (a small table under its own header, which stays frozen).
void WriteSummary(Book& book, const json& report, const DocumentHeading& heading,
                  const DocumentLabels& labels, const Formats& f) {
    lxw_worksheet* ws = book.sheet(labels.summarySheet);
    book.string(ws, 0, 0, std::string(labels.reportTitle) + " — " + heading.eventName, f.title);
    lxw_row_t row = 2;
    const auto line = [&](const char* label, const std::string& value) {
        book.string(ws, row, 0, label, f.label);
        book.string(ws, row, 1, value, nullptr);
        ++row;
    };
    line(labels.event, heading.eventName);
    if (!heading.venue.empty()) {
        line(labels.venue, heading.venue);
    }
    line(labels.dates, heading.daysCovered);
    line(labels.asOf, heading.asOf);
    line(labels.figures, heading.figures);
    if (!heading.frozenDays.empty()) {
        line(labels.frozenDays, heading.frozenDays);
    }
    book.string(ws, row, 0, labels.distinctParticipants, f.label);
    book.number(ws, row, 1, report.value("distinct_participants", 0), f.count);
    row += 2;
    book.string(ws, row, 0, labels.headsOfDelegation, f.label);
    const DocumentTable heads = HeadsTable(report, labels);
    WriteTable(book, ws, row + 1, heads, f);
    // The label column wide enough for its words; the heading's values wrap in the second.
    book.check(worksheet_set_column(ws, 0, 0, 26, nullptr), "a column's width");
    book.check(worksheet_set_column(ws, 1, 1, 40, nullptr), "a column's width");
    worksheet_freeze_panes(ws, 1, 0);
}

} // namespace

Result<void> WriteXlsx(const json& report, const DocumentHeading& heading,
                       const DocumentLabels& labels, const std::string& path) {
    Book book(path);
    if (!book.opened()) {
        return MakeError(ErrorKind::Storage, "cannot create " + path);
    }
    const Formats f = book.formats(labels);
    WriteSummary(book, report, heading, labels, f);
    for (const DocumentTable& table : ReportTables(report, heading, labels)) {
        WriteTable(book, book.sheet(table.sheet), 0, table, f);
    }
    return book.close(path);
}

} // namespace accueil::cli
