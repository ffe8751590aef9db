// SPDX-License-Identifier: Apache-2.0
#include "Screens.h"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cfloat>
#include <cstdio>
#include <string>

namespace accueil::kiosk::app {

namespace {

// Arrivals per quarter hour as bars, from 06:00 to 21:00 (the hours a venue is open).
void DrawArrivalsChart(const std::vector<int>& buckets, const FrameContext& ctx, float width,
                       float height) {
    constexpr int kFirst = 6 * 4;
    constexpr int kLast = 21 * 4;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    int peak = 1;
    for (int i = kFirst; i < kLast && i < static_cast<int>(buckets.size()); ++i) {
        peak = std::max(peak, buckets[static_cast<std::size_t>(i)]);
    }
    const float labelHeight = ctx.fonts.small->FontSize * 1.2f;
    const float chartHeight = height - labelHeight;
    const float barWidth = width / static_cast<float>(kLast - kFirst);
    // A label every two hours, or every four where the chart is too narrow for them.
    const float labelWidth =
        ctx.fonts.small->CalcTextSizeA(ctx.fonts.small->FontSize, FLT_MAX, 0.0f, "00:00").x;
    const int labelEvery = barWidth * 8 >= labelWidth * 1.3f ? 8 : 16;
    draw->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + chartHeight),
                        IM_COL32(255, 255, 255, 255));
    for (int i = kFirst; i < kLast && i < static_cast<int>(buckets.size()); ++i) {
        const int n = buckets[static_cast<std::size_t>(i)];
        const float x = origin.x + static_cast<float>(i - kFirst) * barWidth;
        const float top =
            origin.y + chartHeight * (1.0f - static_cast<float>(n) / static_cast<float>(peak));
        if (n > 0) {
            draw->AddRectFilled(ImVec2(x + 1, top),
                                ImVec2(x + barWidth - 1, origin.y + chartHeight),
                                IM_COL32(0, 70, 140, 255));
        }
        if (i % labelEvery == 0) {
            std::array<char, 16> label{};
            (void)std::snprintf(label.data(), label.size(), "%02d:00", i / 4);
            // Centred on its hour, kept inside the chart at either end.
            const float labelX =
                std::clamp(x - labelWidth * 0.5f, origin.x, origin.x + width - labelWidth);
            const ImVec2 at(labelX, origin.y + chartHeight + 2);
            draw->AddText(ctx.fonts.small, ctx.fonts.small->FontSize, at, IM_COL32(17, 24, 39, 255),
                          label.data());
            NoteTextBox(at.x, at.y, at.x + labelWidth, at.y + ctx.fonts.small->FontSize,
                        label.data());
        }
    }
    const std::string peakText = std::to_string(peak);
    draw->AddText(ctx.fonts.small, ctx.fonts.small->FontSize, ImVec2(origin.x + 4, origin.y + 2),
                  IM_COL32(17, 24, 39, 255), peakText.c_str());
    ImGui::Dummy(ImVec2(width, height));
}

// Today's attention arrivals at other doors: time, door, name, note; newest first, as staff
// look for the latest.
void DrawAttentionArrivals(const PanelFacts& facts, const FrameContext& ctx) {
    Paragraph(ctx, ctx.tr("today.attention"));
    if (facts.attention.empty()) {
        Bullet(ctx, ctx.tr("today.attention_none"));
        return;
    }
    if (!ImGui::BeginTable("attention", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders)) {
        return;
    }
    ImGui::TableSetupColumn("time", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("door", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("note", ImGuiTableColumnFlags_WidthStretch, 1.5f);
    for (auto it = facts.attention.rbegin(); it != facts.attention.rend(); ++it) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        Label(ctx, facts.calendar->localTimeOfDay(it->at));
        ImGui::TableNextColumn();
        Label(ctx, it->kioskId);
        ImGui::TableNextColumn();
        Paragraph(ctx, it->name);
        ImGui::TableNextColumn();
        Paragraph(ctx, it->note);
    }
    ImGui::EndTable();
}

const char* CameraKey(CameraState camera) {
    switch (camera) {
    case CameraState::None:
        return "camera.none";
    case CameraState::Starting:
        return "camera.starting";
    case CameraState::Running:
        return "camera.running";
    case CameraState::Failed:
        return "camera.failed";
    }
    return "camera.none";
}

// "Inside now: 212", then each zone, with its capacity when it has one.
void DrawInsideNow(const PanelFacts& facts, const FrameContext& ctx) {
    if (!facts.occupancy || facts.zones == nullptr) {
        return;
    }
    Label(ctx,
          FormatText(ctx.tr("today.inside"), {{"count", std::to_string(facts.occupancy->total)}}));
    for (const core::Zone& zone : *facts.zones) {
        const auto it = facts.occupancy->zones.find(zone.id);
        const std::string count =
            std::to_string(it == facts.occupancy->zones.end() ? 0 : it->second);
        const std::string line =
            zone.capacity
                ? FormatText(ctx.tr("today.inside_capacity"),
                             {{"zone", zone.displayName(ctx.language)},
                              {"count", count},
                              {"capacity", std::to_string(*zone.capacity)}})
                : FormatText(ctx.tr("today.inside_zone"),
                             {{"zone", zone.displayName(ctx.language)}, {"count", count}});
        Bullet(ctx, line);
    }
}

// The people of the day: inside now, attention arrivals, admitted per category.
void DrawPeopleColumn(const TodayStats& t, const PanelFacts& facts, const FrameContext& ctx,
                      float width) {
    ImGui::BeginChild("people", ImVec2(width, 0), false);
    DrawInsideNow(facts, ctx);
    ImGui::Dummy(ImVec2(0, 10));
    DrawAttentionArrivals(facts, ctx);
    ImGui::Dummy(ImVec2(0, 10));
    Paragraph(ctx, ctx.tr("today.by_category"));
    if (ImGui::BeginTable("cat", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders)) {
        for (const CategoryCount& c : t.byCategory) {
            // The category first in reading order: at the right in Arabic.
            const std::string count =
                std::to_string(c.admitted) + " / " + std::to_string(c.expected);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (ctx.rightToLeft()) {
                Label(ctx, count);
                ImGui::TableNextColumn();
            }
            Paragraph(ctx, c.category.empty() ? "—" : c.category);
            if (!ctx.rightToLeft()) {
                ImGui::TableNextColumn();
                Label(ctx, count);
            }
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();
}

// The door: arrivals per quarter hour, the sync, the camera.
void DrawDoorColumn(const TodayStats& t, const PanelFacts& facts, const FrameContext& ctx,
                    float width) {
    ImGui::BeginChild("chart", ImVec2(width, 0), false);
    Paragraph(ctx, ctx.tr("today.arrivals"));
    DrawArrivalsChart(t.arrivalsPer15Minutes, ctx, ImGui::GetContentRegionAvail().x, 300);
    ImGui::Dummy(ImVec2(0, 20));
    Paragraph(ctx, ctx.tr("today.sync"));
    std::string sync;
    if (!facts.sync.configured) {
        sync = ctx.tr("status.local");
    } else {
        sync = ctx.tr(facts.sync.online ? "status.online" : "status.offline");
    }
    if (facts.sync.offlineMinutes) {
        sync = ctx.counted("status.no_contact", *facts.sync.offlineMinutes);
    }
    Bullet(ctx, sync);
    Bullet(ctx, ctx.counted("today.queue", facts.sync.queueLength));
    if (facts.sync.setAside > 0) {
        Bullet(ctx, ctx.counted("today.set_aside", facts.sync.setAside));
    }
    if (!facts.sync.lastError.empty()) {
        // What staff can do, in their language; the technical words below it, for IT.
        const std::string kind =
            facts.sync.lastErrorKind.empty() ? "network" : facts.sync.lastErrorKind;
        Bullet(ctx, ctx.tr(("sync_error." + kind).c_str()));
        ImGui::PushFont(ctx.fonts.small);
        Paragraph(ctx, facts.sync.lastError);
        ImGui::PopFont();
    }
    Paragraph(ctx, ctx.tr("today.camera"));
    Bullet(ctx, ctx.tr(CameraKey(facts.camera)));
    ImGui::EndChild();
}

} // namespace

void DrawPanelTodayTab(const PanelState& panel, const PanelFacts& facts, const FrameContext& ctx,
                       Commands& out) {
    const float w = ImGui::GetContentRegionAvail().x;
    RowLayout(ctx).next(w * 0.2f);
    if (TouchButton(ctx.tr("panel.refresh"), w * 0.2f, Tall(70))) {
        out.push_back(RefreshToday{});
    }
    if (!panel.today) {
        Label(ctx, ctx.tr("panel.loading"));
        return;
    }
    const TodayStats& t = *panel.today;
    ImGui::PushFont(ctx.fonts.large);
    Paragraph(ctx,
              FormatText(ctx.tr("today.summary"), {{"day", t.day},
                                                   {"admitted", std::to_string(t.admitted)},
                                                   {"expected", std::to_string(t.expected)},
                                                   {"missing", std::to_string(t.notArrived)}}));
    ImGui::PopFont();
    // Walk-ins are counted among the admitted but were never expected: said on a line of
    // their own, zero included, so staff need not guess whether they were counted.
    Paragraph(ctx,
              FormatText(ctx.tr("today.walk_ins"), {{"count", std::to_string(t.admittedWalkIns)}}));
    const int otherUnexpected = t.walkIns - t.admittedWalkIns;
    if (otherUnexpected > 0) {
        // The rest of "admitted beyond expected", or it reads as a miscount.
        Paragraph(ctx, ctx.counted("today.unexpected", otherUnexpected));
    }
    ImGui::Dummy(ImVec2(0, 10));

    // The people (inside now, attention arrivals, categories) first; the curve, the sync and
    // the camera beside them, all above the fold at 1080 lines. Mirrored in Arabic: the people
    // at the right.
    const float peopleWidth = w * 0.35f;
    if (ctx.rightToLeft()) {
        DrawDoorColumn(t, facts, ctx, w - peopleWidth - ImGui::GetStyle().ItemSpacing.x);
        ImGui::SameLine();
        DrawPeopleColumn(t, facts, ctx, peopleWidth);
    } else {
        DrawPeopleColumn(t, facts, ctx, peopleWidth);
        ImGui::SameLine();
        DrawDoorColumn(t, facts, ctx, 0);
    }
}

} // namespace accueil::kiosk::app
