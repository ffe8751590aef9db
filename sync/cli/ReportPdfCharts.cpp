// SPDX-License-Identifier: Apache-2.0
// The PDF's two charts, drawn with Cairo. Both must read on a black-and-white printer: the
// days of the arrivals chart differ by dash and marker, the genders of the bars by fill
// (dark, light, hatched, dotted), and every bar carries its numbers in words.

#include "PdfCanvas.h"
#include "ReportDocuments.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <memory>

namespace accueil::cli {

using nlohmann::json;

namespace {

constexpr double kArrivalsHeight = 210; // the plot with its axes' labels
constexpr double kLegendLine = 14;
constexpr double kBar = 16;
constexpr double kBarGap = 7;

int Minutes(const std::string& hhmm) {
    if (hhmm.size() != 5 || hhmm[2] != ':') {
        return 0;
    }
    return ((hhmm[0] - '0') * 10 + (hhmm[1] - '0')) * 60 + (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
}

std::string Clock(int minutes) {
    const int h = minutes / 60;
    const int m = minutes % 60;
    return std::string(1, static_cast<char>('0' + h / 10)) + static_cast<char>('0' + h % 10) + ':' +
           static_cast<char>('0' + m / 10) + static_cast<char>('0' + m % 10);
}

// A step of 1, 2 or 5 times a power of ten that splits `top` into about five.
int NiceStep(int top) {
    int step = 1;
    for (int power = 1;; power *= 10) {
        for (int mult : {1, 2, 5}) {
            step = mult * power;
            if (top / step <= 5) {
                return step;
            }
        }
    }
}

// A day's line: solid, dashed, dotted, dash-dot, then again.
void DayDash(cairo_t* cr, std::size_t day) {
    static const std::vector<std::vector<double>> kDashes{
        {}, {6, 3}, {1.5, 2.5}, {7, 2.5, 1.5, 2.5}};
    const std::vector<double>& dash = kDashes[day % kDashes.size()];
    cairo_set_dash(cr, dash.data(), static_cast<int>(dash.size()), 0);
}

// A day's marker: a disc, a square, a triangle, a diamond, then again.
void DayMarker(cairo_t* cr, std::size_t day, double x, double y) {
    constexpr double kRadius = 2.6;
    switch (day % 4) {
    case 0:
        cairo_arc(cr, x, y, kRadius, 0, 2 * M_PI);
        break;
    case 1:
        cairo_rectangle(cr, x - kRadius, y - kRadius, 2 * kRadius, 2 * kRadius);
        break;
    case 2:
        cairo_move_to(cr, x, y - kRadius - 0.6);
        cairo_line_to(cr, x + kRadius + 0.4, y + kRadius);
        cairo_line_to(cr, x - kRadius - 0.4, y + kRadius);
        cairo_close_path(cr);
        break;
    default:
        cairo_move_to(cr, x, y - kRadius - 0.8);
        cairo_line_to(cr, x + kRadius + 0.8, y);
        cairo_line_to(cr, x, y + kRadius + 0.8);
        cairo_line_to(cr, x - kRadius - 0.8, y);
        cairo_close_path(cr);
        break;
    }
    cairo_fill(cr);
}

struct Plot {
    double x0, x1, yTop, yBottom;
    int from, to, top;
    double x(double minutes) const { return x0 + (x1 - x0) * (minutes - from) / (to - from); }
    double y(double count) const { return yBottom - (yBottom - yTop) * count / top; }
};

void DrawAxes(PdfCanvas& c, const Plot& p, int step) {
    cairo_t* cr = c.cr();
    c.font(7.5);
    cairo_set_line_width(cr, 0.4);
    for (int v = 0; v <= p.top; v += step) {
        c.grey(0.8);
        cairo_move_to(cr, p.x0, p.y(v));
        cairo_line_to(cr, p.x1, p.y(v));
        cairo_stroke(cr);
        c.grey(0);
        c.textRight(p.x0 - 4, p.y(v) + 2.5, std::to_string(v));
    }
    const int hours = p.to - p.from > 12 * 60 ? 120 : 60;
    for (int m = p.from; m <= p.to; m += hours) {
        c.grey(0);
        cairo_move_to(cr, p.x(m), p.yBottom);
        cairo_line_to(cr, p.x(m), p.yBottom + 3);
        cairo_stroke(cr);
        c.textCentred(p.x(m), p.yBottom + 12, Clock(m));
    }
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, p.x0, p.yTop);
    cairo_line_to(cr, p.x0, p.yBottom);
    cairo_line_to(cr, p.x1, p.yBottom);
    cairo_stroke(cr);
}

void DrawDayLine(PdfCanvas& c, const Plot& p, const std::vector<std::pair<int, int>>& slots,
                 std::size_t day) {
    cairo_t* cr = c.cr();
    c.grey(0);
    cairo_set_line_width(cr, 1.3);
    DayDash(cr, day);
    for (std::size_t i = 0; i < slots.size(); ++i) {
        // A quarter's arrivals are plotted at its middle.
        const double x = p.x(slots[i].first + 7.5);
        i == 0 ? cairo_move_to(cr, x, p.y(slots[i].second))
               : cairo_line_to(cr, x, p.y(slots[i].second));
    }
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
    const auto busiest = std::max_element(slots.begin(), slots.end(),
                                          [](auto a, auto b) { return a.second < b.second; });
    for (const auto& [minutes, count] : slots) {
        DayMarker(cr, day, p.x(minutes + 7.5), p.y(count));
    }
    // The busiest quarter said in numbers, so the peak reads without the grid.
    c.font(7.5, true);
    c.textCentred(p.x(busiest->first + 7.5), p.y(busiest->second) - 5,
                  std::to_string(busiest->second));
}

void DrawDayLegend(PdfCanvas& c,
                   const std::map<std::string, std::vector<std::pair<int, int>>>& days) {
    cairo_t* cr = c.cr();
    double x = PdfCanvas::left();
    std::size_t d = 0;
    for (const auto& [day, slots] : days) {
        const auto busiest = std::max_element(slots.begin(), slots.end(),
                                              [](auto a, auto b) { return a.second < b.second; });
        const std::string label = LongDate(day, c.labels()) + " (" + c.labels().peak + " " +
                                  Clock(busiest->first) + c.labels().colon +
                                  std::to_string(busiest->second) + ")";
        c.font(8);
        const double w = 34 + c.textWidth(label) + 14;
        if (x + w > PdfCanvas::right()) {
            x = PdfCanvas::left();
            c.y += kLegendLine;
        }
        c.ensure(kLegendLine);
        const double mid = c.y + kLegendLine / 2;
        c.grey(0);
        cairo_set_line_width(cr, 1.3);
        DayDash(cr, d);
        cairo_move_to(cr, x, mid);
        cairo_line_to(cr, x + 28, mid);
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
        DayMarker(cr, d, x + 14, mid);
        c.text(x + 34, mid + 3, label);
        x += w;
        ++d;
    }
    c.y += kLegendLine + 10;
}

// The fill of each gender: dark, light, hatched, dotted.
using Pattern = std::unique_ptr<cairo_pattern_t, decltype(&cairo_pattern_destroy)>;

Pattern Tile(bool hatch) {
    cairo_rectangle_t extent{0, 0, 6, 6};
    cairo_surface_t* tile = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extent);
    cairo_t* cr = cairo_create(tile);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    if (hatch) {
        cairo_set_line_width(cr, 0.9);
        cairo_move_to(cr, -1, 7);
        cairo_line_to(cr, 7, -1);
        cairo_stroke(cr);
    } else {
        cairo_arc(cr, 3, 3, 0.9, 0, 2 * M_PI);
        cairo_fill(cr);
    }
    cairo_destroy(cr);
    Pattern pattern(cairo_pattern_create_for_surface(tile), &cairo_pattern_destroy);
    cairo_surface_destroy(tile);
    cairo_pattern_set_extend(pattern.get(), CAIRO_EXTEND_REPEAT);
    return pattern;
}

struct Fills {
    Pattern hatch = Tile(true);
    Pattern dots = Tile(false);
    // 0 women, 1 men, 2 other, 3 undisclosed.
    void set(PdfCanvas& c, int gender) const {
        switch (gender) {
        case 0:
            c.grey(0.25);
            break;
        case 1:
            c.grey(0.78);
            break;
        case 2:
            cairo_set_source(c.cr(), hatch.get());
            break;
        default:
            cairo_set_source(c.cr(), dots.get());
            break;
        }
    }
};

void Swatch(PdfCanvas& c, const Fills& fills, int gender, double x, double y, double w, double h) {
    fills.set(c, gender);
    cairo_rectangle(c.cr(), x, y, w, h);
    cairo_fill_preserve(c.cr());
    c.grey(0);
    cairo_set_line_width(c.cr(), 0.5);
    cairo_stroke(c.cr());
}

void DrawGenderLegend(PdfCanvas& c, const Fills& fills) {
    const DocumentLabels& l = c.labels();
    double x = PdfCanvas::left();
    c.font(8);
    int gender = 0;
    for (const char* word : {l.women, l.men, l.other, l.undisclosed}) {
        Swatch(c, fills, gender++, x, c.y + 2, 14, 9);
        c.grey(0);
        c.text(x + 18, c.y + 10, word);
        x += 18 + c.textWidth(word) + 16;
    }
    c.y += kLegendLine + 4;
}

// A count written on its segment when it fits: white on the dark fill, black on a white box
// over the others, so a hatch never crosses a digit.
void SegmentCount(PdfCanvas& c, int gender, double x, double w, double y, int count) {
    const std::string text = std::to_string(count);
    const double tw = c.textWidth(text);
    if (count == 0 || tw + 4 > w) {
        return;
    }
    const double cx = x + w / 2;
    if (gender >= 2) {
        cairo_set_source_rgb(c.cr(), 1, 1, 1);
        cairo_rectangle(c.cr(), cx - tw / 2 - 1.5, y + 3.5, tw + 3, kBar - 7);
        cairo_fill(c.cr());
    }
    c.grey(gender == 0 ? 1 : 0);
    c.textCentred(cx, y + kBar / 2 + 3, text);
}

void DrawGroupBar(PdfCanvas& c, const Fills& fills, const GroupGender& g, double labelWidth) {
    c.ensure(kBar + kBarGap);
    const double y = c.y;
    c.font(8);
    c.grey(0);
    std::vector<std::string> name = c.wrap(g.group, labelWidth - 6);
    c.text(PdfCanvas::left(), y + kBar / 2 + 3,
           name.size() > 1 ? name.front() + "…" : name.front());
    const double barLeft = PdfCanvas::left() + labelWidth;
    const double barWidth = PdfCanvas::width() - labelWidth - 80;
    const std::array<int, 4> counts{g.female, g.male, g.other, g.undisclosed};
    double x = barLeft;
    if (g.attended() == 0) {
        cairo_rectangle(c.cr(), barLeft, y, barWidth, kBar);
        cairo_set_line_width(c.cr(), 0.5);
        cairo_stroke(c.cr());
    }
    for (int gender = 0; gender < 4 && g.attended() > 0; ++gender) {
        const double w = barWidth * counts.at(gender) / g.attended();
        if (w > 0) {
            Swatch(c, fills, gender, x, y, w, kBar);
            c.font(8, true);
            SegmentCount(c, gender, x, w, y, counts.at(gender));
        }
        x += w;
    }
    // The group's size and its share of women, in words beside the bar.
    c.font(8);
    c.grey(0);
    const json share =
        g.attended() > 0 ? json(static_cast<double>(g.female) / g.attended()) : json();
    c.text(barLeft + barWidth + 6, y + kBar / 2 + 3,
           "n = " + std::to_string(g.attended()) + "   " + ShareText(share, c.labels()));
    c.y += kBar + kBarGap;
}

} // namespace

void DrawArrivalsChart(PdfCanvas& c, const json& report) {
    std::map<std::string, std::vector<std::pair<int, int>>> days;
    int from = 24 * 60;
    int to = 0;
    int most = 1;
    for (const json& row : report.value("arrivals_per_15_min", json::array())) {
        const int m = Minutes(row.value("from", std::string()));
        const int n = row.value("arrivals", 0);
        days[row.value("day", std::string())].emplace_back(m, n);
        from = std::min(from, m / 60 * 60);
        to = std::max(to, (m + 15 + 59) / 60 * 60);
        most = std::max(most, n);
    }
    c.ensure(PdfCanvas::kTitleHeight + kArrivalsHeight + 2 * kLegendLine);
    c.title(c.labels().arrivalsTitle);
    if (days.empty()) {
        c.paragraph(c.labels().nobodyArrived, PdfCanvas::kBodySize);
        c.y += 10;
        return;
    }
    const int step = NiceStep(most);
    const Plot plot{PdfCanvas::left() + 28,
                    PdfCanvas::right() - 8,
                    c.y + 12,
                    c.y + kArrivalsHeight - 20,
                    from,
                    std::max(to, from + 60),
                    (most + step - 1) / step * step};
    DrawAxes(c, plot, step);
    std::size_t d = 0;
    for (const auto& [day, slots] : days) {
        DrawDayLine(c, plot, slots, d++);
    }
    c.y += kArrivalsHeight;
    DrawDayLegend(c, days);
}

void DrawGenderByGroupChart(PdfCanvas& c, const json& report) {
    const std::vector<GroupGender> groups = GenderByGroup(report);
    c.ensure(PdfCanvas::kTitleHeight + 2 * kLegendLine + kBar + kBarGap);
    c.title(c.labels().genderByGroupTitle);
    const Fills fills;
    DrawGenderLegend(c, fills);
    c.font(8);
    double labelWidth = 40;
    for (const GroupGender& g : groups) {
        labelWidth = std::max(labelWidth, c.textWidth(g.group) + 8);
    }
    labelWidth = std::min(labelWidth, PdfCanvas::width() * 0.3);
    for (const GroupGender& g : groups) {
        DrawGroupBar(c, fills, g, labelWidth);
    }
}

} // namespace accueil::cli
