// SPDX-License-Identifier: Apache-2.0
#include "../BidiText.h"
#include "Screens.h"

#include <imgui.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

namespace accueil::kiosk::app {

unsigned int ToU32(Rgb c, float alpha) {
    return IM_COL32(c.r, c.g, c.b, static_cast<int>(std::lround(alpha * 255.0f)));
}

void BeginFullScreen(const char* id, Rgb background) {
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ToU32(background));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::Begin(id, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
}

void EndFullScreen() {
    ImGui::End();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor();
}

std::string Shown(std::string_view text) {
    return VisualOrder(text);
}

std::vector<std::string> ShownLines(const ImFont* font, float size, std::string_view text,
                                    float wrap) {
    std::vector<std::string> lines;
    const char* begin = text.data();
    const char* end = begin + text.size();
    const float scale = size / font->FontSize;
    while (begin < end) {
        const char* newline = std::find(begin, end, '\n');
        const char* lineEnd =
            wrap > 0 ? font->CalcWordWrapPositionA(scale, begin, newline, wrap) : newline;
        if (lineEnd == begin && begin < newline) {
            lineEnd = begin + 1; // a character wider than the line still moves on
        }
        // Cut in logical order, then put in visual order and shaped: an Arabic sentence that
        // wraps starts on the first line, as it is read.
        lines.push_back(Shown(std::string_view(begin, lineEnd - begin)));
        begin = lineEnd;
        while (begin < end && *begin == ' ') {
            ++begin;
        }
        if (begin < end && *begin == '\n') {
            ++begin;
        }
    }
    if (lines.empty()) {
        lines.emplace_back();
    }
    return lines;
}

float CenteredText(ImFont* font, const std::string& text, float y, Rgb colour) {
    if (text.empty()) {
        return 0.0f;
    }
    const float width = ImGui::GetWindowWidth();
    const float margin = 0.05f * width;
    const float wrap = width - 2 * margin;
    const ImVec2 size =
        font->CalcTextSizeA(font->FontSize, wrap, wrap, text.c_str(), text.c_str() + text.size());
    const ImVec2 origin = ImGui::GetWindowPos();
    // Long names wrap instead of running off the screen; each line is centred on its own.
    float lineY = origin.y + y;
    for (const std::string& shown : ShownLines(font, font->FontSize, text, wrap)) {
        const char* shownEnd = shown.c_str() + shown.size();
        const ImVec2 line =
            font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, shown.c_str(), shownEnd);
        const float x = origin.x + (width - line.x) * 0.5f;
        ImGui::GetWindowDrawList()->AddText(font, font->FontSize, ImVec2(x, lineY), ToU32(colour),
                                            shown.c_str(), shownEnd);
        lineY += font->FontSize * 1.1f;
    }
    return std::max(size.y, lineY - (origin.y + y));
}

namespace {

// One shaped line at the cursor, from the start edge of the UI's direction: the left, or the
// right in a right-to-left interface.
void StartAligned(const FrameContext& ctx, const std::string& shown) {
    if (ctx.rightToLeft()) {
        const float width = ImGui::CalcTextSize(shown.c_str(), shown.c_str() + shown.size()).x;
        const float avail = ImGui::GetContentRegionAvail().x;
        if (avail > width) {
            ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - width);
        }
    }
    ImGui::TextUnformatted(shown.c_str(), shown.c_str() + shown.size());
}

} // namespace

void Label(const FrameContext& ctx, const std::string& text) {
    StartAligned(ctx, Shown(text));
}

void Paragraph(const FrameContext& ctx, const std::string& text) {
    const float wrap = std::max(1.0f, ImGui::GetContentRegionAvail().x);
    for (const std::string& line : ShownLines(ImGui::GetFont(), ImGui::GetFontSize(), text, wrap)) {
        StartAligned(ctx, line);
    }
}

void Bullet(const FrameContext& ctx, const std::string& text) {
    // Before the text in its own direction: at the right of an Arabic line.
    Paragraph(ctx, "\u2022 " + text);
}

RowLayout::RowLayout(const FrameContext& ctx) : m_rightToLeft(ctx.rightToLeft()) {}

void RowLayout::next(float width) {
    if (!m_first) {
        ImGui::SameLine();
    }
    if (m_rightToLeft) {
        if (m_first) {
            m_edge = ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x;
        } else {
            m_edge -= ImGui::GetStyle().ItemSpacing.x;
        }
        m_edge -= width;
        ImGui::SetCursorPosX(m_edge);
    }
    m_first = false;
}

void RowLayout::last(float width) {
    if (!m_first) {
        ImGui::SameLine();
    }
    // The far end of the row: the right edge, or the left one in a right-to-left interface.
    ImGui::SetCursorPosX(m_rightToLeft
                             ? ImGui::GetStyle().WindowPadding.x
                             : ImGui::GetWindowWidth() - width - ImGui::GetStyle().WindowPadding.x);
    m_first = false;
}

void DrawIcon(Icon icon, float cx, float cy, float r, Rgb colour) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetWindowPos();
    cx += origin.x;
    cy += origin.y;
    const ImU32 col = ToU32(colour);
    const float thick = r * 0.16f;
    draw->AddCircle(ImVec2(cx, cy), r, col, 64, thick);
    auto line = [&](float x0, float y0, float x1, float y1) {
        draw->AddLine(ImVec2(cx + x0 * r, cy + y0 * r), ImVec2(cx + x1 * r, cy + y1 * r), col,
                      thick);
    };
    switch (icon) {
    case Icon::Check:
        line(-0.45f, 0.02f, -0.12f, 0.35f);
        line(-0.12f, 0.35f, 0.48f, -0.32f);
        break;
    case Icon::CheckTwice:
        line(-0.6f, 0.02f, -0.32f, 0.3f);
        line(-0.32f, 0.3f, 0.18f, -0.28f);
        line(-0.15f, 0.1f, 0.05f, 0.3f);
        line(0.05f, 0.3f, 0.55f, -0.28f);
        break;
    case Icon::Cross:
        line(-0.38f, -0.38f, 0.38f, 0.38f);
        line(-0.38f, 0.38f, 0.38f, -0.38f);
        break;
    case Icon::Exclamation:
        line(0.0f, -0.5f, 0.0f, 0.15f);
        draw->AddCircleFilled(ImVec2(cx, cy + 0.42f * r), thick * 0.75f, col);
        break;
    case Icon::Question:
        draw->PathArcTo(ImVec2(cx, cy - 0.2f * r), 0.28f * r, -3.3f, 0.6f, 24);
        draw->PathStroke(col, 0, thick);
        line(0.22f, -0.03f, 0.0f, 0.12f);
        line(0.0f, 0.12f, 0.0f, 0.22f);
        draw->AddCircleFilled(ImVec2(cx, cy + 0.45f * r), thick * 0.75f, col);
        break;
    case Icon::Retry: {
        // Most of a circle, clockwise, with an arrowhead along the tangent at its end.
        const float start = -1.2f;
        const float end = start + 5.3f;
        const float rr = 0.5f * r;
        draw->PathArcTo(ImVec2(cx, cy), rr, start, end, 40);
        draw->PathStroke(col, 0, thick);
        const ImVec2 tip(cx + rr * std::cos(end), cy + rr * std::sin(end));
        const ImVec2 tangent(-std::sin(end), std::cos(end));
        const ImVec2 normal(std::cos(end), std::sin(end));
        const float head = 0.25f * r;
        for (float side : {-1.0f, 1.0f}) {
            draw->AddLine(tip,
                          ImVec2(tip.x - tangent.x * head + normal.x * head * side,
                                 tip.y - tangent.y * head + normal.y * head * side),
                          col, thick);
        }
        break;
    }
    case Icon::Clock:
        line(0.0f, 0.0f, 0.0f, -0.5f);
        line(0.0f, 0.0f, 0.35f, 0.2f);
        break;
    case Icon::Stop:
        line(-0.5f, 0.0f, 0.5f, 0.0f);
        break;
    case Icon::Exit:
        // An arrow leaving through a door frame.
        line(-0.3f, -0.45f, -0.3f, 0.45f);
        line(-0.15f, 0.0f, 0.55f, 0.0f);
        line(0.55f, 0.0f, 0.3f, -0.25f);
        line(0.55f, 0.0f, 0.3f, 0.25f);
        break;
    }
}

float ScreenScale(float width, float height) {
    return std::min(width / 1920.0f, height / 1080.0f);
}

float Tall(float at1080) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    return std::max(40.0f, std::round(at1080 * ScreenScale(display.x, display.y)));
}

bool TouchButton(const std::string& label, float width, float height) {
    // The shown part is shaped; an "##id" after it stays as it is.
    const std::size_t id = label.find("##");
    const std::string shown = id == std::string::npos
                                  ? Shown(label)
                                  : Shown(std::string_view(label).substr(0, id)) + label.substr(id);
    return ImGui::Button(shown.c_str(), ImVec2(width, height));
}

bool ChoiceButton(const std::string& label, bool chosen, float width, float height) {
    if (!chosen) {
        return TouchButton(label, width, height);
    }
    // Filled in every state: a touch screen leaves the last tapped button "hovered".
    constexpr ImU32 kChosen = IM_COL32(0, 70, 140, 255);
    ImGui::PushStyleColor(ImGuiCol_Button, kChosen);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, kChosen);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, kChosen);
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 255, 255, 255));
    const bool pressed = TouchButton(label, width, height);
    ImGui::PopStyleColor(4);
    return pressed;
}

namespace {

// "a", "a and b", "a, b and c", with the language's "and".
std::string JoinList(const std::vector<std::string>& items, const std::string& conjunction) {
    std::string text;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
            text += i + 1 == items.size() ? " " + conjunction + " " : ", ";
        }
        text += items[i];
    }
    return text;
}

// The days of one month: single days as they are, three or more in a row as a range.
std::vector<std::string> DayItems(const std::vector<int>& days) {
    std::vector<std::string> items;
    for (std::size_t i = 0; i < days.size();) {
        std::size_t end = i;
        while (end + 1 < days.size() && days[end + 1] == days[end] + 1) {
            ++end;
        }
        if (end - i >= 2) {
            items.push_back(std::to_string(days[i]) + "\u2013" + std::to_string(days[end]));
        } else {
            for (std::size_t k = i; k <= end; ++k) {
                items.push_back(std::to_string(days[k]));
            }
        }
        i = end + 1;
    }
    return items;
}

// "2025-06-18" to its month and day; false unless the text is exactly such a day.
bool ParseIsoDay(std::string_view day, int& month, int& dayOfMonth) {
    if (day.size() != 10 || day[4] != '-' || day[7] != '-') {
        return false;
    }
    auto number = [&day](std::size_t at, std::size_t length, int& value) {
        const char* first = day.data() + at;
        const char* last = first + length;
        const auto [end, error] = std::from_chars(first, last, value);
        return error == std::errc() && end == last;
    };
    int year = 0;
    return number(0, 4, year) && number(5, 2, month) && number(8, 2, dayOfMonth) && month >= 1 &&
           month <= 12 && dayOfMonth >= 1 && dayOfMonth <= 31;
}

} // namespace

std::string FormatDayList(std::vector<std::string> days, const Catalog& catalog,
                          const std::string& lang) {
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    struct Month {
        std::string key; ///< "2025-06"
        int month = 0;
        std::vector<int> days;
    };
    std::vector<Month> months;
    std::vector<std::string> unreadable; // not "YYYY-MM-DD": shown as they are
    for (const std::string& day : days) {
        int m = 0;
        int d = 0;
        if (!ParseIsoDay(day, m, d)) {
            unreadable.push_back(day);
            continue;
        }
        if (months.empty() || months.back().key != day.substr(0, 7)) {
            months.push_back({day.substr(0, 7), m, {}});
        }
        months.back().days.push_back(d);
    }
    std::vector<std::string> parts;
    parts.reserve(months.size() + unreadable.size());
    const std::string& conjunction = catalog.text(lang, "dates.and");
    for (const Month& month : months) {
        parts.push_back(
            FormatText(catalog.text(lang, "dates.days_month"),
                       {{"days", JoinList(DayItems(month.days), conjunction)},
                        {"month", catalog.text(lang, "month." + std::to_string(month.month))}}));
    }
    parts.insert(parts.end(), unreadable.begin(), unreadable.end());
    return JoinList(parts, conjunction);
}

} // namespace accueil::kiosk::app
