// SPDX-License-Identifier: Apache-2.0
#include "ScriptDriver.h"

#include <imgui.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace accueil::kiosk::app {

namespace {

constexpr std::int64_t kWedgeKeyGapMicros = 5'000; // a wedge scanner types a key every 5 ms
constexpr double kPollSeconds = 0.05;              // how often an unsettled script looks again

} // namespace

Result<ScriptDriver> ScriptDriver::Load(const std::string& path, scanner::WedgeLayout wedgeLayout,
                                        ScreenshotOptions screenshots) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return MakeError(ErrorKind::Input, "cannot read the script " + path);
    }
    std::stringstream text;
    text << in.rdbuf();
    auto steps = ParseScript(text.str());
    if (!steps) {
        return MakeError(ErrorKind::Input, path + ": " + steps.error().message);
    }
    return ScriptDriver(std::move(*steps), wedgeLayout, std::move(screenshots));
}

bool ScriptDriver::ready(bool settled, std::int64_t steadyMicros) const {
    return settled && steadyMicros >= m_waitUntil && m_screenshot.empty();
}

bool ScriptDriver::runNext(KeyRouter& router, Screen screen, Commands& out,
                           std::int64_t steadyMicros) {
    const ScriptStep& step = m_steps[m_next++];
    switch (step.op) {
    case ScriptOp::Scan:
        out.push_back(ScanPayload{step.argument, false});
        return false; // as with a camera: nothing to draw until the answer comes back
    case ScriptOp::Wedge:
        typeWedge(step.argument, router, screen, out, steadyMicros);
        break;
    case ScriptOp::Key:
        pressKey(step.argument, router, screen, out, steadyMicros);
        break;
    case ScriptOp::Type:
        typeText(step.argument, router, screen, out, steadyMicros);
        break;
    case ScriptOp::Wait:
        m_waitUntil = steadyMicros + static_cast<std::int64_t>(step.millis) * 1000;
        break;
    case ScriptOp::Screenshot:
        m_screenshot = step.argument;
        break;
    }
    return true;
}

double ScriptDriver::sleepSeconds(double seconds, std::int64_t steadyMicros) const {
    const std::int64_t untilWait = m_waitUntil - steadyMicros;
    if (untilWait > 0) {
        return std::min(seconds, static_cast<double>(untilWait) / 1e6);
    }
    // Store answers wake the loop themselves; the rest (frames, a held burst) is polled.
    return std::min(seconds, kPollSeconds);
}

Result<void> ScriptDriver::takeScreenshot(const Window& window, int framesLeft) {
    // Earlier frames of a change may not show it yet (ImGui settles focus over a few frames).
    if (m_screenshot.empty() || framesLeft > 1) {
        return Ok{};
    }
    int width = 0;
    int height = 0;
    auto pixels = window.readPixels(width, height);
    const std::string path = m_screenshots.dir + "/" + m_screenshot;
    m_screenshot.clear();
    if (m_boxes) {
        std::ofstream boxes(path + ".boxes.tsv", std::ios::binary);
        boxes << FormatTextBoxes(m_boxes->boxes());
        if (!boxes.flush()) {
            return MakeError(ErrorKind::Storage, "cannot write " + path + ".boxes.tsv");
        }
    }
    return WriteScreenshot(path + ".png", pixels, width, height, m_screenshots.halvings);
}

void ScriptDriver::releaseKeys() {
    for (int key : m_keysToRelease) {
        ImGui::GetIO().KeysDown[key] = false;
    }
    m_keysToRelease.clear();
}

// The keys a wedge scanner on this layout would send, 5 ms apart as a burst, then Enter.
void ScriptDriver::typeWedge(const std::string& text, KeyRouter& router, Screen screen,
                             Commands& out, std::int64_t steadyMicros) const {
    auto keys = scanner::TypeOnLayout(text, m_wedgeLayout, steadyMicros, kWedgeKeyGapMicros);
    for (const scanner::KeyEvent& e : keys) {
        router.onKey(e.key, (e.shift ? 1 : 0) | (e.altGr ? 4 : 0), e.atMicros, screen, false, out);
    }
    router.onKey(scanner::keys::kEnter, 0,
                 steadyMicros + kWedgeKeyGapMicros * static_cast<std::int64_t>(keys.size() + 1),
                 screen, false, out);
}

void ScriptDriver::pressKey(const std::string& name, KeyRouter& router, Screen screen,
                            Commands& out, std::int64_t steadyMicros) {
    int key = 0;
    int mods = 0;
    ParseKeyName(name, key, mods);
    ImGuiIO& io = ImGui::GetIO();
    router.onKey(key, mods, steadyMicros, screen, io.WantTextInput, out);
    if (key >= 0 && key < 512) {
        io.KeysDown[key] = true; // ImGui sees the press for one frame
        m_keysToRelease.push_back(key);
    }
}

// A person typing: into the focused text field when there is one, else key by key (the PIN
// pad takes digits from the keyboard).
void ScriptDriver::typeText(const std::string& text, KeyRouter& router, Screen screen,
                            Commands& out, std::int64_t steadyMicros) {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) {
        io.AddInputCharactersUTF8(text.c_str());
        return;
    }
    for (char c : text) {
        int key = 0;
        int mods = 0;
        if (ParseKeyName(std::string(1, c), key, mods)) {
            router.onKey(key, mods, steadyMicros, screen, false, out);
        }
    }
}

} // namespace accueil::kiosk::app
