// SPDX-License-Identifier: Apache-2.0
#include "../BidiText.h"
#include "Screens.h"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace accueil::kiosk::app {

OutcomeView MakeOutcomeView(const OutcomeDisplay& display, const Catalog& catalog) {
    OutcomeView view;
    view.style = StyleFor(display.outcome, display.warn);
    const std::string& lang = display.language;
    const std::string prefix = "outcome." + std::string(view.style.key);
    view.headline = catalog.text(lang, (prefix + ".headline").c_str());
    view.detail = catalog.text(lang, (prefix + ".detail").c_str());
    if (display.outcome == Outcome::RoomFull) {
        view.action = catalog.text(lang, "outcome.action.room_full"); // staff are at the door
    } else if (view.style.seeDesk) {
        view.action = catalog.text(lang, "outcome.action.see_desk");
    } else if (display.outcome == Outcome::Unreadable) {
        view.action = catalog.text(lang, "outcome.action.rescan");
    }
    view.name = display.name; // shaped when drawn (CenteredText)
    if (display.photo.texture != 0 && display.photo.height > 0) {
        view.photoTexture = display.photo.texture;
        view.photoAspect =
            static_cast<float>(display.photo.width) / static_cast<float>(display.photo.height);
    }
    view.delegation = display.delegation;
    if (!display.validDays.empty()) {
        // Not today: which days are, so the delegate knows when to come back.
        // One day or several: French says "le 18 juin" but "les 18 et 19 juin".
        const char* key =
            display.validDays.size() == 1 ? "outcome.valid_day" : "outcome.valid_days";
        view.detail = FormatText(catalog.text(lang, key),
                                 {{"days", FormatDayList(display.validDays, catalog, lang)}});
    }
    // The delegate is welcomed or let out; staff are told, in their language, so they can look.
    const std::string& staff =
        display.staffLanguage.empty() ? display.language : display.staffLanguage;
    if (display.outcome == Outcome::WelcomeBack && display.warn) {
        view.staffBand =
            FormatText(catalog.text(staff, "outcome.second_entry"), {{"time", display.timeText}});
    } else if (display.outcome == Outcome::Goodbye && display.warn) {
        view.staffBand = catalog.text(staff, "outcome.goodbye_staff");
    }
    if (!display.attention.empty()) {
        view.staffNote =
            FormatText(catalog.text(staff, "outcome.attention"), {{"note", display.attention}});
    }
    if (!view.staffBand.empty()) {
        // The band already says when the first entry was; the footer would say it again.
        view.timeLine.clear();
    } else if (IsEntry(display.outcome)) {
        view.timeLine =
            FormatText(catalog.text(lang, "outcome.first_entry"), {{"time", display.timeText}});
    } else {
        view.timeLine = display.timeText;
    }
    return view;
}

namespace {

// The largest of the fonts in which `text`, wrapped to `width` with a margin of 0.4 em, fits
// within `height`; the small font when none does (the band then cuts it).
ImFont* FittingFont(const std::string& text, float width, float height, const FrameContext& ctx) {
    for (ImFont* font : {ctx.fonts.large, ctx.fonts.body}) {
        const float pad = font->FontSize * 0.4f;
        const ImVec2 size =
            font->CalcTextSizeA(font->FontSize, FLT_MAX, width - pad * 2, text.c_str());
        if (size.y + pad * 2 <= height) {
            return font;
        }
    }
    return ctx.fonts.small;
}

// The attention note in the top-left corner, clear of the icon (which starts at `iconLeft`)
// and of the delegate's lines below it: amber, in the largest font it fits in, so staff read
// it from the desk.
void DrawStaffNote(const std::string& text, const FrameContext& ctx, float iconLeft) {
    const ImVec2 origin = ImGui::GetWindowPos();
    const float h = ImGui::GetWindowHeight();
    const float margin = h * 0.02f;
    const float boxWidth = std::min(ImGui::GetWindowWidth() * 0.34f, iconLeft - margin * 2);
    const float maxHeight = h * 0.25f;
    ImFont* font = FittingFont(text, boxWidth, maxHeight, ctx);
    const float pad = font->FontSize * 0.4f;
    const float wrap = boxWidth - pad * 2;
    const ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, wrap, text.c_str());
    const ImVec2 from(origin.x + margin, origin.y + margin);
    const ImVec2 to(from.x + boxWidth, from.y + std::min(size.y + pad * 2, maxHeight));
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(from, to, ToU32(kAttentionBand), pad);
    draw->PushClipRect(from, to, true);
    // An Arabic note reads from the band's right edge.
    const bool fromRight = HasRightToLeft(text);
    float lineY = from.y + pad;
    for (const std::string& line : ShownLines(font, font->FontSize, text, wrap)) {
        const float width = TextLineWidth(font, font->FontSize, line);
        const float x = fromRight ? to.x - pad - width : from.x + pad;
        DrawTextLine(draw, font, font->FontSize, ImVec2(x, lineY), ToU32(kAttentionText), line);
        NoteTextBox(x, lineY, x + width, lineY + font->FontSize, line);
        lineY += font->FontSize;
    }
    draw->PopClipRect();
}

// The photo at the screen's left, level with the name and framed in the answer's colour, for
// staff at the door to compare with the face; the centred lines keep their places.
void DrawOutcomePhoto(const OutcomeView& view, float nameY, Rgb frame) {
    if (view.photoTexture == 0) {
        return;
    }
    const float h = ImGui::GetWindowHeight();
    const float w = ImGui::GetWindowWidth();
    const ImVec2 origin = ImGui::GetWindowPos();
    const float height = h * 0.30f;
    const float width = height * view.photoAspect;
    const ImVec2 min(origin.x + (w * 0.04f), origin.y + nameY - (h * 0.04f));
    const ImVec2 max(min.x + width, min.y + height);
    const float border = h * 0.006f;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(ImVec2(min.x - border, min.y - border),
                        ImVec2(max.x + border, max.y + border), ToU32(frame));
    // NOLINTNEXTLINE(performance-no-int-to-ptr): ImGui's texture id holds the GL texture name
    draw->AddImage(reinterpret_cast<ImTextureID>(view.photoTexture), min, max);
}

} // namespace

namespace {

// The outcome's lines, each set to fit the width; `shrink` scales the name, the delegation
// and the band down together when they would otherwise run into the footer.
struct OutcomeLines {
    FittedText headline;
    FittedText detail;
    FittedText name;
    FittedText delegation;
    FittedText band;
    float bandHeight = 0;
};

OutcomeLines FitOutcome(const OutcomeView& view, const FrameContext& ctx, float width,
                        float shrink) {
    const float wrap = width * 0.9f;
    const auto fit = [&](const ImFont* font, const std::string& text, int lines, float scale) {
        return text.empty() ? FittedText{}
                            : FitText(font, text, wrap, lines, font->FontSize * scale);
    };
    OutcomeLines lines;
    lines.headline = fit(ctx.fonts.headline, view.headline, 2, 1.0f);
    lines.detail = fit(ctx.fonts.body, view.detail, 3, 1.0f);
    lines.name = fit(ctx.fonts.name, view.name, 2, shrink);
    lines.delegation = fit(ctx.fonts.large, view.delegation, 2, shrink);
    const std::string& bandText = view.action.empty() ? view.staffBand : view.action;
    lines.band = fit(ctx.fonts.large, bandText, 2, shrink);
    if (!lines.band.lines.empty()) {
        lines.bandHeight = lines.band.height() + lines.band.size * 0.6f;
    }
    return lines;
}

// Where the lines end, from `top`, with the gaps between them (fractions of the height).
float OutcomeBottom(const OutcomeLines& lines, float top, float h) {
    return top + lines.headline.height() + h * 0.01f + lines.detail.height() + h * 0.04f +
           lines.name.height() + h * 0.01f + lines.delegation.height() + h * 0.03f +
           lines.bandHeight;
}

} // namespace

void DrawOutcomeScreen(const OutcomeView& view, const FrameContext& ctx, Commands& out) {
    BeginFullScreen("outcome", view.style.background);
    const float h = ImGui::GetWindowHeight();
    const float w = ImGui::GetWindowWidth();
    const ImVec2 origin = ImGui::GetWindowPos();
    const Rgb fg = view.style.foreground;
    const float iconRadius = h * 0.11f;
    DrawIcon(view.style.icon, w * 0.5f, h * 0.17f, iconRadius, fg);
    NoteTextBox(origin.x + (w * 0.5f) - iconRadius, origin.y + (h * 0.17f) - iconRadius,
                origin.x + (w * 0.5f) + iconRadius, origin.y + (h * 0.17f) + iconRadius, "[icon]");
    // A long name and delegation shrink, with the band, until they clear the time line.
    const float footerY = h - ctx.fonts.body->FontSize * 2.0f;
    float y = h * 0.30f;
    OutcomeLines lines = FitOutcome(view, ctx, w, 1.0f);
    for (int step = 1; step <= 6 && OutcomeBottom(lines, y, h) > footerY; ++step) {
        lines = FitOutcome(view, ctx, w, std::pow(0.9f, static_cast<float>(step))); // to 53 %
    }
    DrawCentered(ctx.fonts.headline, lines.headline, y, fg);
    y += lines.headline.height() + h * 0.01f;
    DrawCentered(ctx.fonts.body, lines.detail, y, fg);
    y += lines.detail.height() + h * 0.04f;
    const float nameY = y;
    DrawCentered(ctx.fonts.name, lines.name, y, fg);
    y += lines.name.height() + h * 0.01f;
    DrawCentered(ctx.fonts.large, lines.delegation, y, fg);
    y += lines.delegation.height() + h * 0.03f;
    // What to do next, or what staff should know, sits in a band of its own so it reads as
    // an instruction.
    if (lines.bandHeight > 0) {
        ImGui::GetWindowDrawList()->AddRectFilled(
            ImVec2(origin.x, origin.y + y), ImVec2(origin.x + w, origin.y + y + lines.bandHeight),
            ToU32(fg));
        DrawCentered(ctx.fonts.large, lines.band, y + lines.band.size * 0.3f,
                     view.style.background);
    }
    DrawOutcomePhoto(view, nameY, fg); // over the band's left end, never under it
    CenteredText(ctx.fonts.body, view.timeLine, footerY, fg);
    if (!view.staffNote.empty()) {
        DrawStaffNote(view.staffNote, ctx, w * 0.5f - iconRadius);
    }
    // Touching the screen dismisses the answer early.
    ImGui::SetCursorPos(ImVec2(0, 0));
    if (ImGui::InvisibleButton("dismiss", ImVec2(w, h))) {
        out.push_back(DismissOutcome{});
    }
    EndFullScreen();
}

void DrawOutOfOrderScreen(const std::string& reason, const FrameContext& ctx) {
    constexpr Rgb kBackground{40, 40, 40};
    constexpr Rgb kText{255, 255, 255};
    BeginFullScreen("out_of_order", kBackground);
    const float h = ImGui::GetWindowHeight();
    DrawIcon(Icon::Exclamation, ImGui::GetWindowWidth() * 0.5f, h * 0.25f, h * 0.1f, kText);
    float y = h * 0.42f;
    y += CenteredText(ctx.fonts.headline, ctx.tr("out_of_order.headline"), y, kText) + h * 0.02f;
    y += CenteredText(ctx.fonts.large, ctx.tr("out_of_order.action"), y, kText) + h * 0.04f;
    CenteredText(ctx.fonts.small, reason, y, kText);
    EndFullScreen();
}

} // namespace accueil::kiosk::app
