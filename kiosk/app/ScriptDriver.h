// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Commands.h"
#include "CoreTypes.h"
#include "KeyRouter.h"
#include "Script.h"
#include "UiState.h"
#include "Window.h"
#include "screens/Screens.h"

#include <accueil/scanner/WedgeDecoder.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace accueil::kiosk::app {

/// Where a script's screenshots go (--screenshot-dir, --screenshot-halvings).
struct ScreenshotOptions {
    std::string dir;
    int halvings = 0; ///< 1 writes 960×540 from 1920×1080
};

/// Plays a kiosk script (--script FILE) into the running kiosk, one step at a time: each step
/// starts once the previous one has played out on screen. Keys go through the KeyRouter and
/// ImGui's input as a keyboard's would; scans go into the commands as a camera's would.
/// Main thread (it touches ImGui's input state).
class ScriptDriver {
public:
    /// Reads and parses the script at `path`; wedge steps type on `wedgeLayout`. Errors
    /// (Input): "cannot read the script PATH", or "PATH: line N: ..." from ParseScript.
    static Result<ScriptDriver> Load(const std::string& path, scanner::WedgeLayout wedgeLayout,
                                     ScreenshotOptions screenshots);

    /// Every step has run.
    bool finished() const { return m_next == m_steps.size(); }
    /// The previous step has played out: the kiosk is `settled` (no store job, no command
    /// waiting, no frame left to draw, no wedge burst held), its wait is over and its
    /// screenshot taken.
    bool ready(bool settled, std::int64_t steadyMicros) const;
    /// Runs the next step (call only when ready() and not finished()). Returns true when the
    /// step changes what is on screen and frames should be drawn; a scan does not (nothing
    /// shows until its answer comes back).
    bool runNext(KeyRouter& router, Screen screen, Commands& out, std::int64_t steadyMicros);
    /// How long the loop may sleep while the script is not ready(), at most `seconds`: a script
    /// sleeps like the kiosk does (so `wait` measures idle) but wakes for its next step.
    double sleepSeconds(double seconds, std::int64_t steadyMicros) const;

    /// A screenshot is due: the loop keeps drawing until it is taken.
    bool screenshotDue() const { return !m_screenshot.empty(); }
    /// Between rendering and the swap: writes the due screenshot once the change has settled
    /// on screen (the last of its frames, `framesLeft` <= 1), and beside it NAME.boxes.tsv,
    /// where that frame's text landed (FormatTextBoxes). Errors: Storage.
    Result<void> takeScreenshot(const Window& window, int framesLeft);
    /// After a frame: lets go of the keys a `key` step held down for ImGui to see.
    void releaseKeys();

private:
    ScriptDriver(std::vector<ScriptStep> steps, scanner::WedgeLayout wedgeLayout,
                 ScreenshotOptions screenshots)
        : m_steps(std::move(steps)), m_wedgeLayout(wedgeLayout),
          m_screenshots(std::move(screenshots)),
          m_boxes(m_screenshots.dir.empty() ? nullptr : std::make_unique<TextBoxRecorder>()) {}

    void typeWedge(const std::string& text, KeyRouter& router, Screen screen, Commands& out,
                   std::int64_t steadyMicros) const;
    void pressKey(const std::string& name, KeyRouter& router, Screen screen, Commands& out,
                  std::int64_t steadyMicros);
    static void typeText(const std::string& text, KeyRouter& router, Screen screen, Commands& out,
                         std::int64_t steadyMicros);

    std::vector<ScriptStep> m_steps;
    std::size_t m_next = 0;
    scanner::WedgeLayout m_wedgeLayout;
    ScreenshotOptions m_screenshots;
    std::int64_t m_waitUntil = 0; ///< steady micros at which a `wait` step ends
    std::string m_screenshot;     ///< the name of the screenshot due, if any
    std::vector<int> m_keysToRelease;
    std::unique_ptr<TextBoxRecorder> m_boxes; ///< with screenshots: every frame's text boxes
};

} // namespace accueil::kiosk::app
