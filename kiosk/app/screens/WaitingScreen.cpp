// SPDX-License-Identifier: Apache-2.0
#include "Screens.h"

#include <imgui.h>

#include <cfloat>

namespace accueil::kiosk::app {

namespace {

constexpr Rgb kBackground{16, 24, 40};
constexpr Rgb kText{255, 255, 255};
constexpr Rgb kSoftText{214, 222, 235}; // still above 7:1 on the background
constexpr Rgb kTarget{255, 255, 255};
// The bands: the outcome screens' colours, so amber and red mean here what they mean there.
constexpr Rgb kExitBand{55, 65, 81};
constexpr Rgb kAmberBand{255, 183, 3};
constexpr Rgb kRedBand{150, 0, 18};
constexpr Rgb kBlack{0, 0, 0};
constexpr int kNearlyFullPercent = 90;

// "17–20 June 2025" in the language's words; the calendar's days are sorted.
std::string FormatDates(const std::vector<std::string>& days, const Catalog& catalog,
                        const std::string& lang) {
    if (days.empty()) {
        return {};
    }
    auto part = [](const std::string& day, int from, int len) { return day.substr(from, len); };
    auto dayNumber = [&](const std::string& day) {
        return std::to_string(std::stoi(part(day, 8, 2)));
    };
    auto month = [&](const std::string& day) {
        return catalog.text(lang, ("month." + std::to_string(std::stoi(part(day, 5, 2)))).c_str());
    };
    const std::string& first = days.front();
    const std::string& last = days.back();
    if (first == last) {
        return FormatText(
            catalog.text(lang, "dates.one"),
            {{"day", dayNumber(first)}, {"month", month(first)}, {"year", part(first, 0, 4)}});
    }
    if (part(first, 0, 7) == part(last, 0, 7)) {
        return FormatText(catalog.text(lang, "dates.same_month"), {{"from", dayNumber(first)},
                                                                   {"to", dayNumber(last)},
                                                                   {"month", month(first)},
                                                                   {"year", part(first, 0, 4)}});
    }
    return FormatText(catalog.text(lang, "dates.two_months"), {{"from", dayNumber(first)},
                                                               {"from_month", month(first)},
                                                               {"to", dayNumber(last)},
                                                               {"to_month", month(last)},
                                                               {"year", part(last, 0, 4)}});
}

// A small amber tag in the bottom-right corner, beside the status line: for staff, away from
// where delegates look, and still enough to notice from the desk.
void DrawAttentionMark(const std::string& mark, const FrameContext& ctx) {
    const std::string text = Shown(mark);
    ImFont* font = ctx.fonts.small;
    const ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text.c_str());
    const float pad = font->FontSize * 0.4f;
    const ImVec2 origin = ImGui::GetWindowPos();
    const float right = origin.x + ImGui::GetWindowWidth() - pad * 2;
    const float bottom = origin.y + ImGui::GetWindowHeight() - pad * 2;
    const ImVec2 from(right - size.x - pad * 2, bottom - size.y - pad * 2);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(from, ImVec2(right, bottom), ToU32(kAttentionBand), pad);
    draw->AddText(font, font->FontSize, ImVec2(from.x + pad, from.y + pad), ToU32(kAttentionText),
                  text.c_str());
}

// The band of the waiting screen: an exit door says it is one; an entrance whose zone has a
// capacity turns amber from 90 % of it and red at it (where entries are refused as room full).
void SetBand(WaitingView& view, const UiState& state, const KioskConfig& config,
             const Catalog& catalog) {
    const std::string& lang = state.language;
    const core::Zone* zone = config.event.zone(config.zone);
    const std::string zoneName = zone != nullptr ? zone->displayName(lang) : config.zone;
    if (state.direction == core::Direction::Out) {
        view.band = FormatText(catalog.text(lang, "waiting.exit_band"), {{"zone", zoneName}});
        view.bandBackground = kExitBand;
        view.bandText = kText;
        return;
    }
    if (zone == nullptr || !zone->capacity || !state.occupancy) {
        return;
    }
    const auto it = state.occupancy->zones.find(config.zone);
    const int inside = it == state.occupancy->zones.end() ? 0 : it->second;
    const int capacity = *zone->capacity;
    const std::vector<std::pair<std::string, std::string>> values{
        {"zone", zoneName},
        {"count", std::to_string(inside)},
        {"capacity", std::to_string(capacity)}};
    if (inside >= capacity) {
        view.band = FormatText(catalog.text(lang, "waiting.room_full"), values);
        view.bandBackground = kRedBand;
        view.bandText = kText;
    } else if (static_cast<long long>(inside) * 100 >=
               static_cast<long long>(capacity) * kNearlyFullPercent) {
        view.band = FormatText(catalog.text(lang, "waiting.room_nearly_full"), values);
        view.bandBackground = kAmberBand;
        view.bandText = kBlack;
    }
}

} // namespace

WaitingView MakeWaitingView(const UiState& state, const KioskConfig& config, const Catalog& catalog,
                            UtcMillis now) {
    WaitingView view;
    const std::string& lang = state.language;
    view.eventName = config.event.displayName(lang);
    view.dates = FormatDates(config.event.calendar->days(), catalog, lang);
    // The UI language first, then the others: side by side, no cycling (no animation to run).
    const char* prompt =
        state.direction == core::Direction::Out ? "waiting.exit_prompt" : "waiting.prompt";
    view.prompts.push_back(catalog.text(lang, prompt));
    for (const std::string& other : catalog.languages()) {
        if (other != lang) {
            view.prompts.push_back(catalog.text(other, prompt));
        }
    }
    SetBand(view, state, config, catalog);
    view.hint = catalog.text(lang, "waiting.hint");
    std::string link;
    if (!state.sync.configured) {
        link = catalog.text(lang, "status.local");
    } else {
        link = catalog.text(lang, state.sync.online ? "status.online" : "status.offline");
    }
    if (state.sync.offlineMinutes) {
        link = catalog.counted(lang, "status.no_contact", *state.sync.offlineMinutes);
    }
    view.status = config.id + "  ·  " + config.event.calendar->localTimeOfDay(now) + "  ·  " + link;
    if (state.scannerCapsLock) {
        view.status += "  ·  " + catalog.text(lang, "status.caps_lock");
    }
    if (state.attentionArrivals.size() > state.attentionSeen) {
        view.attentionMark = FormatText(
            catalog.text(lang, "status.attention"),
            {{"count", std::to_string(state.attentionArrivals.size() - state.attentionSeen)}});
    }
    view.cameraPreview = state.camera == CameraState::Running;
    view.preview = state.preview;
    return view;
}

void DrawWaitingScreen(const WaitingView& view, const FrameContext& ctx, Commands& out) {
    (void)out; // the waiting screen takes no touch input: scans and keys come from elsewhere
    BeginFullScreen("waiting", kBackground);
    const float h = ImGui::GetWindowHeight();
    const float w = ImGui::GetWindowWidth();
    float y = h * 0.07f;
    y += CenteredText(ctx.fonts.large, view.eventName, y, kText) + h * 0.01f;
    CenteredText(ctx.fonts.body, view.dates, y, kSoftText);

    // The target frame where the badge goes (over the camera preview when there is one).
    const ImVec2 origin = ImGui::GetWindowPos();
    const float side = h * 0.30f;
    const float cx = origin.x + w * 0.5f;
    const float cy = origin.y + h * 0.45f;
    const float corner = side * 0.22f;
    const float thick = h * 0.008f;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImU32 col = ToU32(kTarget);
    const bool live = view.cameraPreview && view.preview.texture != 0 && view.preview.height > 0;
    if (live) {
        // What the camera sees, behind the target frame, so a delegate can aim the badge.
        const float ph = side * 1.2f; // clear of the prompts below
        const float pw =
            ph * static_cast<float>(view.preview.width) / static_cast<float>(view.preview.height);
        // NOLINTNEXTLINE(performance-no-int-to-ptr): ImGui's texture id holds the GL texture name
        draw->AddImage(reinterpret_cast<ImTextureID>(view.preview.texture),
                       ImVec2(cx - pw * 0.5f, cy - ph * 0.5f),
                       ImVec2(cx + pw * 0.5f, cy + ph * 0.5f));
    }
    for (float sx : {-1.0f, 1.0f}) {
        for (float sy : {-1.0f, 1.0f}) {
            const ImVec2 p(cx + sx * side * 0.5f, cy + sy * side * 0.5f);
            draw->AddLine(p, ImVec2(p.x - sx * corner, p.y), col, thick);
            draw->AddLine(p, ImVec2(p.x, p.y - sy * corner), col, thick);
        }
    }
    // A stylised QR code inside the frame says "badge here" without words (unless the live
    // picture is there).
    const float cell = side * 0.09f;
    if (!live) {
        for (int i = 0; i < 3; ++i) {
            const float bx = cx - cell * 2.5f + (i == 1 ? cell * 3.0f : 0.0f);
            const float by = cy - cell * 2.5f + (i == 2 ? cell * 3.0f : 0.0f);
            draw->AddRect(ImVec2(bx, by), ImVec2(bx + cell * 2, by + cell * 2), col, 0, 0,
                          thick * 0.6f);
        }
        draw->AddRectFilled(ImVec2(cx + cell * 0.5f, cy + cell * 0.5f),
                            ImVec2(cx + cell * 1.5f, cy + cell * 1.5f), col);
    }

    // Up to three languages sit well spaced under the frame; six (the UN's) closer together,
    // starting a little higher, so the hint stays clear of the status line.
    const bool many = view.prompts.size() > 3;
    y = h * (many ? 0.62f : 0.64f);
    const float gap = h * (many ? 0.003f : 0.012f);
    for (std::size_t i = 0; i < view.prompts.size(); ++i) {
        ImFont* font = i == 0 ? ctx.fonts.large : ctx.fonts.body;
        y += CenteredText(font, view.prompts[i], y, i == 0 ? kText : kSoftText) + gap;
    }
    y += h * 0.01f;
    y += CenteredText(ctx.fonts.small, view.hint, y, kSoftText) + h * 0.015f;
    if (!view.band.empty()) {
        const float band = ctx.fonts.large->FontSize * 1.6f;
        draw->AddRectFilled(ImVec2(origin.x, origin.y + y),
                            ImVec2(origin.x + w, origin.y + y + band), ToU32(view.bandBackground));
        CenteredText(ctx.fonts.large, view.band, y + band * 0.18f, view.bandText);
    }
    CenteredText(ctx.fonts.small, view.status, h - ctx.fonts.small->FontSize * 1.6f, kSoftText);
    if (!view.attentionMark.empty()) {
        DrawAttentionMark(view.attentionMark, ctx);
    }
    EndFullScreen();
}

} // namespace accueil::kiosk::app
