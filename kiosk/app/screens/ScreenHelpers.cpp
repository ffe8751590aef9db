// SPDX-License-Identifier: Apache-2.0
#include "../BidiText.h"
#include "../ShapedText.h"
#include "Screens.h"

#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cfloat>
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

namespace {

// `text` cut into lines no wider than `wrap` at `size` (0: at newlines only), in logical order
// and unshaped: what a line holds, before it is put in visual order.
std::vector<std::string_view> LineBreaks(const ImFont* font, float size, std::string_view text,
                                         float wrap) {
    std::vector<std::string_view> lines;
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
        lines.emplace_back(begin, static_cast<std::size_t>(lineEnd - begin));
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

} // namespace

std::vector<std::string> ShownLines(const ImFont* font, float size, std::string_view text,
                                    float wrap) {
    // Cut in logical order, then put in visual order and shaped: an Arabic sentence that wraps
    // starts on the first line, as it is read.
    std::vector<std::string> lines;
    for (const std::string_view line : LineBreaks(font, size, text, wrap)) {
        lines.push_back(Shown(line));
    }
    return lines;
}

namespace {

// Han, kana and hangul: a line may break between any two of them.
bool BreaksAnywhere(char32_t c) {
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF);
}

// The width of the widest word of `text` at `size`, leaving out words that may break
// anywhere (a Chinese name wraps between characters, not by shrinking).
float WidestWord(const ImFont* font, float size, const std::string& text) {
    float widest = 0;
    const char* p = text.c_str();
    const char* end = p + text.size();
    while (p < end) {
        while (p < end && (*p == ' ' || *p == '\n')) {
            ++p;
        }
        const char* word = p;
        bool anywhere = false;
        while (p < end && *p != ' ' && *p != '\n') {
            unsigned int c = 0;
            p += ImTextCharFromUtf8(&c, p, end);
            anywhere = anywhere || BreaksAnywhere(static_cast<char32_t>(c));
        }
        if (!anywhere && p > word) {
            widest = std::max(widest, font->CalcTextSizeA(size, FLT_MAX, 0.0f, word, p).x);
        }
    }
    return widest;
}

} // namespace

namespace {

// The texture of a line only shaping draws right, or none (id 0): the line is plain, or the
// kiosk set no ShapedLines (headless tests without one), or Pango failed.
ShapedLines::Texture ShapedLine(const ImFont* font, float size, const std::string& shown) {
    ShapedLines* lines = ShapedLines::current();
    if (lines == nullptr || !NeedsShaping(shown)) {
        return {};
    }
    return lines->line(shown, size, font);
}

} // namespace

float TextLineWidth(const ImFont* font, float size, const std::string& shown) {
    if (const ShapedLines::Texture t = ShapedLine(font, size, shown); t.id != 0) {
        return t.width;
    }
    return font->CalcTextSizeA(size, FLT_MAX, 0.0f, shown.c_str(), shown.c_str() + shown.size()).x;
}

namespace {

// A shaped line's image at `at` (the line's top left). It is white: ImGui's tint gives it the
// text's colour.
void DrawImage(ImDrawList* draw, const ShapedLines::Texture& t, ImVec2 at, ImU32 colour) {
    const ImVec2 from(at.x, at.y + t.top);
    // NOLINTNEXTLINE(performance-no-int-to-ptr): ImGui's texture id holds the GL name
    draw->AddImage(reinterpret_cast<ImTextureID>(t.id), from,
                   ImVec2(from.x + t.width, from.y + t.height), ImVec2(0, 0), ImVec2(1, 1), colour);
}

} // namespace

void DrawTextLine(ImDrawList* draw, const ImFont* font, float size, ImVec2 at, ImU32 colour,
                  const std::string& shown) {
    if (const ShapedLines::Texture t = ShapedLine(font, size, shown); t.id != 0) {
        DrawImage(draw, t, at, colour);
        return;
    }
    draw->AddText(font, size, at, colour, shown.c_str(), shown.c_str() + shown.size());
}

FittedText FitText(const ImFont* font, const std::string& text, float wrap, int maxLines,
                   float ceiling) {
    FittedText fitted;
    const float floor = ceiling * 0.55f;
    // Measured in logical order; only the size chosen is shaped (this runs every frame).
    for (int step = 0;; ++step) {
        const float size = std::max(floor, ceiling * std::pow(0.92f, static_cast<float>(step)));
        const bool fits = static_cast<int>(LineBreaks(font, size, text, wrap).size()) <= maxLines &&
                          WidestWord(font, size, text) <= wrap;
        if (fits || size <= floor) {
            fitted.size = size;
            fitted.lines = ShownLines(font, size, text, wrap);
            return fitted;
        }
    }
}

void DrawCentered(const ImFont* font, const FittedText& fitted, float y, Rgb colour) {
    const float width = ImGui::GetWindowWidth();
    const ImVec2 origin = ImGui::GetWindowPos();
    float lineY = origin.y + y;
    for (const std::string& shown : fitted.lines) {
        const ImVec2 line(TextLineWidth(font, fitted.size, shown), fitted.size);
        const float x = origin.x + (width - line.x) * 0.5f;
        DrawTextLine(ImGui::GetWindowDrawList(), font, fitted.size, ImVec2(x, lineY), ToU32(colour),
                     shown);
        // Only a word longer than the whole width at the smallest size runs past the edges.
        if (TextBoxRecorder::current() != nullptr) {
            NoteTextBox(x, lineY, x + line.x, lineY + fitted.size,
                        line.x > width ? "[cut] " + shown : shown);
        }
        lineY += fitted.size * 1.1f;
    }
}

float CenteredText(ImFont* font, const std::string& text, float y, Rgb colour, int maxLines) {
    if (text.empty()) {
        return 0.0f;
    }
    const float wrap = ImGui::GetWindowWidth() * 0.9f;
    const FittedText fitted = FitText(font, text, wrap, maxLines, font->FontSize);
    DrawCentered(font, fitted, y, colour);
    return fitted.height();
}

std::string ShownWithin(std::string_view text, float width) {
    const ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize();
    std::string shown = Shown(text);
    if (TextLineWidth(font, size, shown) <= width) {
        return shown;
    }
    // Cut in logical order, at the end of a word where one fits, else after a whole
    // character, and an ellipsis put where the reading stops.
    std::string kept(text);
    while (!kept.empty()) {
        const std::size_t space = kept.find_last_of(' ');
        if (space != std::string::npos && space > 0) {
            kept.erase(space);
        } else {
            while ((static_cast<unsigned char>(kept.back()) & 0xC0) == 0x80 && kept.size() > 1) {
                kept.pop_back(); // the last character's continuation bytes
            }
            kept.pop_back(); // and its lead byte
        }
        while (!kept.empty() && (kept.back() == ' ' || kept.back() == ',')) {
            kept.pop_back();
        }
        shown = Shown(kept + "…");
        if (TextLineWidth(font, size, shown) <= width) {
            return shown;
        }
    }
    return Shown("…");
}

namespace {

// One shaped line at the cursor, from the start edge of the UI's direction: the left, or the
// right in a right-to-left interface.
void StartAligned(const FrameContext& ctx, const std::string& shown) {
    const float size = ImGui::GetFontSize();
    const ShapedLines::Texture image = ShapedLine(ImGui::GetFont(), size, shown);
    if (ctx.rightToLeft()) {
        const float width = image.id != 0 ? image.width : ImGui::CalcTextSize(shown.c_str()).x;
        const float avail = ImGui::GetContentRegionAvail().x;
        if (avail > width) {
            ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - width);
        }
    }
    if (image.id != 0) {
        // Set by Pango: a space of the line's size, the image drawn in it.
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::Dummy(ImVec2(image.width, size));
        DrawImage(ImGui::GetWindowDrawList(), image, at, ImGui::GetColorU32(ImGuiCol_Text));
    } else {
        ImGui::TextUnformatted(shown.c_str(), shown.c_str() + shown.size());
    }
    NoteItemText(shown);
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
    if (height > width) {
        // Upright: the design turned a quarter, 1080 wide and 1920 tall. The lines wrap and
        // shrink to the narrow width; the type stays as large as on a landscape screen.
        return std::min(width / 1080.0f, height / 1920.0f);
    }
    return std::min(width / 1920.0f, height / 1080.0f);
}

namespace {

float& ContentScale() {
    static float scale = 1.0f; // UI thread only
    return scale;
}

} // namespace

void SetContentScale(float scale) {
    ContentScale() = std::clamp(scale, 1.0f, 4.0f);
}

float Tall(float at1080) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    // A fingertip is some 7 mm whatever the pixels: more of them on a dense panel.
    const float fingertip = 40.0f * ContentScale();
    return std::max(fingertip, std::round(at1080 * ScreenScale(display.x, display.y)));
}

bool TouchButton(const std::string& label, float width, float height) {
    // The shown part is shaped; an "##id" after it stays as it is.
    const std::size_t id = label.find("##");
    const std::string shown = id == std::string::npos
                                  ? Shown(label)
                                  : Shown(std::string_view(label).substr(0, id)) + label.substr(id);
    const bool pressed = ImGui::Button(shown.c_str(), ImVec2(width, height));
    if (TextBoxRecorder::current() != nullptr) {
        // The label's own box, centred in the button as ImGui draws it; marked when it is
        // wider than the button, whose edges then cut it.
        const std::string text = shown.substr(0, shown.find("##"));
        const ImVec2 size = ImGui::CalcTextSize(text.c_str());
        const ImVec2 min = ImGui::GetItemRectMin();
        const ImVec2 max = ImGui::GetItemRectMax();
        const float x = std::max(min.x, (min.x + max.x - size.x) * 0.5f);
        const float y = (min.y + max.y - size.y) * 0.5f;
        // ImGui starts a label too wide at the left padding and clips it at the button's edge.
        const bool cut = size.x > max.x - min.x - ImGui::GetStyle().FramePadding.x;
        NoteTextBox(x, y, std::min(max.x, x + size.x), y + size.y, cut ? "[cut] " + text : text);
    }
    return pressed;
}

void NoteItemText(std::string_view text) {
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    NoteTextBox(min.x, min.y, max.x, max.y, text);
}

bool ShapedInputText(const char* id, std::string* text, int flags) {
    // ImGui draws a field's text letter by letter: Arabic or Devanagari there would show
    // unjoined. Such text is drawn by the field invisibly (ImGui skips a transparent text) and
    // shown over it shaped, from the end it is read from, with a caret where typing goes on.
    const bool rightToLeft = HasRightToLeft(*text);
    const bool shaped = rightToLeft || NeedsShaping(*text);
    if (shaped) {
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(0, 0, 0, 0));
    }
    const bool changed = ImGui::InputText(id, text, flags);
    if (TextBoxRecorder::current() != nullptr) {
        NoteItemText(std::string("[field] ") + id);
    }
    if (!shaped) {
        return changed;
    }
    ImGui::PopStyleColor();
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    const ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize();
    const std::string shown = ShownWithin(*text, max.x - min.x - (pad.x * 2.0f) - 2.0f);
    const float width = TextLineWidth(font, size, shown);
    const float x = rightToLeft ? max.x - pad.x - width : min.x + pad.x;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImU32 colour = ImGui::GetColorU32(ImGuiCol_Text);
    DrawTextLine(draw, font, size, ImVec2(x, min.y + pad.y), colour, shown);
    if (ImGui::IsItemActive()) {
        const float caret = rightToLeft ? x - 2.0f : x + width + 1.0f;
        draw->AddLine(ImVec2(caret, min.y + pad.y), ImVec2(caret, min.y + pad.y + size), colour,
                      2.0f);
    }
    return changed;
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
