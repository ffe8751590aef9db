// SPDX-License-Identifier: Apache-2.0
// Where the screens' text lands, noted for the layout tests and --screenshot-dir.
#include "Screens.h"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>
#include <vector>

namespace accueil::kiosk::app {

namespace {

// The recorder alive now: one at a time, on the UI thread.
TextBoxRecorder*& Current() {
    // NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): the one recorder
    static TextBoxRecorder* current = nullptr;
    return current;
}

bool Overlap(const TextBox& a, const TextBox& b) {
    constexpr float kSlack = 2.0f; // neighbouring lines and buttons may touch
    return std::min(a.x1, b.x1) - std::max(a.x0, b.x0) > kSlack &&
           std::min(a.y1, b.y1) - std::max(a.y0, b.y0) > kSlack;
}

std::string Describe(const TextBox& box) {
    std::array<char, 64> at{};
    (void)std::snprintf(at.data(), at.size(), " at %.0f,%.0f-%.0f,%.0f", box.x0, box.y0, box.x1,
                        box.y1);
    return "\"" + box.text + "\"" + at.data();
}

} // namespace

TextBoxRecorder::TextBoxRecorder() {
    Current() = this;
}

TextBoxRecorder::~TextBoxRecorder() {
    Current() = nullptr;
}

TextBoxRecorder* TextBoxRecorder::current() {
    return Current();
}

void NoteTextBox(float x0, float y0, float x1, float y1, std::string_view text) {
    TextBoxRecorder* recorder = Current();
    if (recorder == nullptr || ImGui::GetCurrentContext() == nullptr) {
        return;
    }
    const ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 clipMin = draw->GetClipRectMin();
    const ImVec2 clipMax = draw->GetClipRectMax();
    // Nothing scrolls sideways: a text its window cuts at the side is cut for good. (Cut at
    // the top or bottom it is a row of a list scrolled part way.)
    const bool cut = x0 < clipMin.x - 1 || x1 > clipMax.x + 1;
    TextBox box{std::max(x0, clipMin.x), std::max(y0, clipMin.y), std::min(x1, clipMax.x),
                std::min(y1, clipMax.y),
                cut && !text.starts_with("[cut]") ? "[cut] " + std::string(text)
                                                  : std::string(text)};
    if (box.x1 > box.x0 && box.y1 > box.y0) {
        recorder->add(std::move(box));
    }
}

std::vector<std::string> LayoutFaults(const std::vector<TextBox>& boxes, float width,
                                      float height) {
    std::vector<std::string> faults;
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        const TextBox& a = boxes[i];
        if (a.text.starts_with("[cut]")) {
            faults.push_back("label cut: " + Describe(a));
        }
        if (a.x0 < -1 || a.y0 < -1 || a.x1 > width + 1 || a.y1 > height + 1) {
            faults.push_back("off the screen: " + Describe(a));
        }
        for (std::size_t j = i + 1; j < boxes.size(); ++j) {
            if (Overlap(a, boxes[j])) {
                faults.push_back("overlap: " + Describe(a) + " and " + Describe(boxes[j]));
            }
        }
    }
    return faults;
}

std::string FormatTextBoxes(const std::vector<TextBox>& boxes) {
    std::string text;
    for (const TextBox& box : boxes) {
        std::array<char, 64> at{};
        (void)std::snprintf(at.data(), at.size(), "%.1f\t%.1f\t%.1f\t%.1f\t", box.x0, box.y0,
                            box.x1, box.y1);
        std::string words = box.text;
        std::replace(words.begin(), words.end(), '\t', ' ');
        std::replace(words.begin(), words.end(), '\n', ' ');
        text += at.data() + words + "\n";
    }
    return text;
}

} // namespace accueil::kiosk::app
