// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "BenchRecorder.h"
#include "Catalog.h"
#include "Commands.h"
#include "CoreTypes.h"
#include "FontRebuilder.h"
#include "Fonts.h"
#include "Frame.h"
#include "KeyRouter.h"
#include "KioskController.h"
#include "MainQueue.h"
#include "PhotoTextures.h"
#include "ScanInput.h"
#include "ScriptDriver.h"
#include "ShapedText.h"
#include "Sound.h"
#include "StoreWorker.h"
#include "UiState.h"
#include "Window.h"

#include <accueil/sync/SyncWorker.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>

namespace accueil::kiosk::app {

/// ImGui settles focus and clicks over a few frames: a change is drawn this many times.
inline constexpr int kFramesAfterChange = 3;

/// Everything the running kiosk holds. RunKiosk fills it in; RunLoop runs it. The members are
/// destroyed in reverse order, the window (and ImGui) last but for the configuration.
struct Kiosk {
    KioskConfig config;
    Catalog catalog;
    UiState state;
    std::optional<Window> window;
    PhotoTextures photos; ///< after the window: its textures go while the GL context is alive
    std::unique_ptr<ShapedLines> shapedLines; ///< Indic names and the like, set by Pango; idem
    Fonts fonts; ///< in the window's atlas; replaced with it when the list brings new letters
    std::unique_ptr<FontRebuilder> fontRebuilder; ///< its thread: new atlases off the frame path
    std::unique_ptr<MainQueue> queue;
    std::unique_ptr<StoreWorker> worker;
    std::unique_ptr<KioskController> controller;
    std::unique_ptr<KeyRouter> router;
    std::unique_ptr<SoundPlayer> sound;
    std::unique_ptr<ScanInput> scanInput;            ///< camera, frames, evdev or serial
    std::unique_ptr<accueil::sync::SyncWorker> sync; ///< when [central] url is set
    std::optional<ScriptDriver> script;              ///< when --script is set
    BenchRecorder bench;                             ///< records when --bench-out is set
    Commands pending; ///< from keys, the camera and the script, applied before the next frame
    UtcMillis clockOffset = 0;       ///< --clock: how far the kiosk's clock is from the real one
    UtcMillis syncStarted = 0;       ///< real time the sync started (the offline alert's reference)
    bool offlineAlertLogged = false; ///< the journal said the kiosk lost contact
    std::string drawnMinute;         ///< the clock shown by the last frame
    int framesToDraw = kFramesAfterChange;
    FrameFailures failures;
    std::uint64_t lastShownSequence = 0; ///< the answer whose sound has played
    /// SIGTERM or SIGINT came (set on the signal watcher's thread): leave at the next turn.
    std::atomic<bool> stopSignalled{false};

    /// The kiosk's clock.
    UtcMillis now() const { return NowUtcMillis() + clockOffset; }
};

/// Runs the kiosk until staff leave it, the script ends, or frames keep failing (then
/// kKioskCrashed, else kKioskOk). Sleeps between frames until input, a posted result or the
/// next deadline. Needs every part of `k` but the optional ones. Main thread.
int RunLoop(Kiosk& k);

/// Writes "accueil-kiosk: MESSAGE" to standard error. Any thread.
void Log(const std::string& message);

} // namespace accueil::kiosk::app
