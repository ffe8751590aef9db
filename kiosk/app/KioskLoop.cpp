// SPDX-License-Identifier: Apache-2.0
#include "KioskLoop.h"

#include "KioskApp.h"
#include "OutcomeStyle.h"
#include "SteadyClock.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace accueil::kiosk::app {

namespace {

constexpr double kSyncStatusSeconds = 5.0; // the status line follows the sync this often
constexpr double kWedgeHoldSeconds = 0.05; // a held wedge run is polled for its end gap

// Asks for at least `frames` more frames.
void Redraw(Kiosk& k, int frames) {
    k.framesToDraw = std::max(k.framesToDraw, frames);
}

// Nothing is left to play out: no store job, no command waiting, no frame to draw, no wedge
// burst held. A script's next step waits for this.
bool Settled(const Kiosk& k) {
    return k.state.pendingJobs == 0 && k.pending.empty() && k.framesToDraw == 0 &&
           !k.router->holding();
}

// How long the loop may sleep: until the next deadline, the next minute (the clock on the
// waiting screen), or a held wedge burst's gap. Zero when something is to be drawn.
double SleepSeconds(const Kiosk& k) {
    if (k.framesToDraw > 0 || !k.pending.empty()) {
        return 0.0;
    }
    const UtcMillis now = k.now();
    UtcMillis next = now + 60'000 - now % 60'000;
    if (auto deadline = k.controller->nextDeadline(now)) {
        next = std::min(next, *deadline);
    }
    double seconds = static_cast<double>(next - now) / 1000.0;
    if (k.sync) {
        seconds = std::min(seconds, kSyncStatusSeconds);
    }
    if (k.router->holding()) {
        seconds = std::min(seconds, kWedgeHoldSeconds);
    }
    if (k.script) {
        const std::int64_t steady = SteadyMicros();
        if (k.script->ready(Settled(k), steady)) {
            return 0.0;
        }
        seconds = k.script->sleepSeconds(seconds, steady);
    }
    return std::max(seconds, 0.001);
}

// Input since the last turn: window events, the store's answers, camera scans, and the end of
// a wedge burst that had no terminator.
void GatherInput(Kiosk& k, std::int64_t steady) {
    if (k.window->anyInputSinceLastCall()) {
        Redraw(k, kFramesAfterChange);
    }
    if (k.queue->drain(k.state) > 0) {
        // Delegate screens have no widgets to settle: one frame shows an answer.
        const bool staff = k.state.screen == Screen::Login || k.state.screen == Screen::Panel;
        Redraw(k, staff ? kFramesAfterChange : 1);
    }
    if (k.scanInput) {
        k.scanInput->take(k.pending);
    }
    k.router->poll(steady, k.pending);
}

// When a scan was read, so latency counts decoding and waiting for this turn: the frame's
// capture, the last key's arrival. A time from another clock (a replayed recording) or
// none at all is replaced by this turn's.
std::int64_t ScanTime(const ScanPayload& scan, std::int64_t steady) {
    constexpr std::int64_t kPlausibleMicros = 10'000'000;
    const bool plausible = scan.capturedMicros > 0 && scan.capturedMicros <= steady &&
                           steady - scan.capturedMicros < kPlausibleMicros;
    return plausible ? scan.capturedMicros : steady;
}

void ApplyCommands(Kiosk& k, std::int64_t steady) {
    Commands commands;
    commands.swap(k.pending);
    for (const UiCommand& c : commands) {
        const auto* scan = std::get_if<ScanPayload>(&c);
        if (scan != nullptr) {
            k.bench.scanDecoded(scan->capturedMicros, scan->decodedMicros);
        }
        k.controller->apply(c, k.now(), scan != nullptr ? ScanTime(*scan, steady) : steady);
        // A delegate's scan changes nothing visible until its answer comes back; drawing
        // meanwhile would only delay that answer's frame.
        const bool delegateScan = scan != nullptr && (k.state.screen == Screen::Waiting ||
                                                      k.state.screen == Screen::Outcome);
        if (!delegateScan) {
            Redraw(k, kFramesAfterChange);
        }
    }
}

void FollowCamera(Kiosk& k) {
    if (!k.scanInput) {
        return;
    }
    // The live picture is drawn on the waiting screen only; elsewhere it is dropped.
    auto preview = k.scanInput->takePreview();
    if (preview && k.state.screen == Screen::Waiting) {
        k.state.preview =
            CameraPreview{k.window->uploadPreview(*preview), preview->width, preview->height};
        Redraw(k, 1);
    }
    // Without a camera (evdev or serial scanners only, or a camera that failed to open) the
    // state set at start stays.
    const CameraState camera = k.scanInput->state();
    if (camera != CameraState::None && camera != k.state.camera) {
        k.state.camera = camera;
        Redraw(k, 1);
    }
}

// Photos decoded on the store thread go on the GPU before they are drawn; a kiosk whose
// personal data was erased keeps none.
void FollowPhotos(Kiosk& k) {
    if (k.state.outOfService) {
        k.photos.clear();
        return;
    }
    const bool card = k.photos.upload(k.state.panel.photo);
    const bool outcome = k.photos.upload(k.state.outcome.photo);
    if (card || outcome) {
        Redraw(k, 1);
    }
}

// Copies the sync worker's state into the UI state; true when something shown changed.
bool FollowSync(Kiosk& k) {
    if (!k.sync) {
        return false;
    }
    const accueil::sync::SyncStatus s = k.sync->snapshot();
    if (s.revoked && !k.state.outOfService) {
        Log(s.wipeError.empty()
                ? "the central revoked this kiosk: its personal data was erased; out of service"
                : "the central revoked this kiosk; erasing its personal data failed: " +
                      s.wipeError);
        EnterOutOfService(k.state);
        return true;
    }
    if (s.lastSuccess != k.state.sync.lastSuccess && k.fontRebuilder) {
        k.fontRebuilder->check(); // the round may have brought names in new letters
    }
    SyncStatus next = k.state.sync;
    next.online = s.online;
    next.lastSuccess = s.lastSuccess;
    next.queueLength = s.queueLength;
    next.setAside = s.setAside;
    next.lastError = s.lastError ? s.lastError->message : std::string();
    next.lastErrorKind = s.lastError ? accueil::sync::ToString(s.lastError->kind) : "";
    // Real time, as the worker's lastSuccess: --clock moves the kiosk's clock only.
    next.offlineMinutes = OfflineAlertMinutes(s.lastSuccess, k.syncStarted, NowUtcMillis(),
                                              k.config.central.offlineAlertMinutes);
    if (next.offlineMinutes && !k.offlineAlertLogged) {
        Log("no contact with the central at " + k.config.central.url() + " for " +
            std::to_string(*next.offlineMinutes) +
            " min: check the network cable or Wi-Fi (entries are kept meanwhile)");
        k.offlineAlertLogged = true;
    } else if (!next.offlineMinutes && k.offlineAlertLogged) {
        Log("contact with the central is back");
        k.offlineAlertLogged = false;
    }
    const bool changed =
        next.online != k.state.sync.online || next.lastSuccess != k.state.sync.lastSuccess ||
        next.queueLength != k.state.sync.queueLength || next.setAside != k.state.sync.setAside ||
        next.lastError != k.state.sync.lastError ||
        next.offlineMinutes != k.state.sync.offlineMinutes;
    k.state.sync = std::move(next);
    return changed;
}

// An atlas rebuilt for new letters in the list replaces the one in use, between frames.
void FollowFonts(Kiosk& k) {
    if (!k.fontRebuilder) {
        return;
    }
    if (auto atlas = k.fontRebuilder->take()) {
        k.bench.fontsBuilt(atlas->listMillis, atlas->buildMillis, atlas->glyphs);
        k.fonts = atlas->fonts;
        k.window->installFonts(std::move(atlas->atlas));
        Log("fonts rebuilt for new characters in the list: " + std::to_string(atlas->glyphs) +
            " glyphs in " + std::to_string(static_cast<long>(atlas->buildMillis)) + " ms");
        Redraw(k, 1);
    }
}

// Time-driven changes: an answer's timeout, the panel's auto-lock.
void FollowDeadlines(Kiosk& k) {
    const Screen before = k.state.screen;
    k.controller->tick(k.now());
    if (k.state.screen != before) {
        Redraw(k, kFramesAfterChange);
    }
}

// The clock on screen moving on to the next minute.
void FollowClock(Kiosk& k) {
    const std::string minute = k.config.event.calendar->localTimeOfDay(k.now());
    if (minute != k.drawnMinute) {
        k.drawnMinute = minute;
        Redraw(k, 1);
    }
}

// Runs the script's next step once the last one has played out; false when it is over.
bool StepScript(Kiosk& k) {
    if (!k.script || !k.script->ready(Settled(k), SteadyMicros())) {
        return true;
    }
    if (k.script->finished()) {
        return false;
    }
    if (k.script->runNext(*k.router, k.state.screen, k.pending, SteadyMicros())) {
        Redraw(k, kFramesAfterChange);
    }
    return true;
}

// A new answer is on screen: its sound now, and its latency for the benchmark.
void FollowShownAnswer(Kiosk& k) {
    if (k.state.screen != Screen::Outcome || k.state.outcome.sequence == k.lastShownSequence) {
        return;
    }
    k.lastShownSequence = k.state.outcome.sequence;
    k.sound->play(CueFor(StyleFor(k.state.outcome.outcome, k.state.outcome.warn).cls,
                         !k.state.outcome.attention.empty()));
    k.bench.answerShown(k.controller->shownScanMicros(), k.controller->shownDecidedMicros(),
                        SteadyMicros());
}

// One frame; false when frames keep failing and the process should exit.
bool DrawOneFrame(Kiosk& k) {
    const std::int64_t frameStart = SteadyMicros();
    Commands emitted;
    Window::BeginFrame();
    auto failed =
        DrawGuarded([&] { DrawFrame(k.state, k.config, k.catalog, k.fonts, k.now(), emitted); });
    if (failed) {
        Log("a frame failed: " + *failed);
        k.state.screen = Screen::OutOfOrder;
        k.state.outOfOrderReason = *failed;
        k.framesToDraw = kFramesAfterChange;
        return !k.failures.record(k.now());
    }
    k.window->endFrame();
    if (k.script) {
        if (auto shot = k.script->takeScreenshot(*k.window, k.framesToDraw); !shot) {
            Log(shot.error().message);
        }
    }
    k.window->swap();
    k.bench.frameDrawn(SteadyMicros() - frameStart);
    FollowShownAnswer(k);
    if (k.script) {
        k.script->releaseKeys();
    }
    for (const UiCommand& c : emitted) {
        k.pending.push_back(c);
    }
    return true;
}

} // namespace

void Log(const std::string& message) {
    (void)std::fprintf(stderr, "accueil-kiosk: %s\n", message.c_str());
}

int RunLoop(Kiosk& k) {
    while (!k.state.quitRequested && !k.stopSignalled.load()) {
        Window::WaitEvents(SleepSeconds(k));
        const std::int64_t steady = SteadyMicros();
        GatherInput(k, steady);
        ApplyCommands(k, steady);
        FollowCamera(k);
        if (FollowSync(k)) {
            Redraw(k, 1);
        }
        FollowDeadlines(k);
        FollowPhotos(k);
        FollowFonts(k);
        if (!StepScript(k)) {
            break;
        }
        k.window->showCursor(k.state.screen == Screen::Login || k.state.screen == Screen::Panel);
        FollowClock(k);
        // Draw only when something visible changed, or the clock on screen moved on.
        if (k.framesToDraw > 0 || (k.script && k.script->screenshotDue())) {
            if (!DrawOneFrame(k)) {
                return kKioskCrashed;
            }
            k.framesToDraw = std::max(0, k.framesToDraw - 1);
        }
    }
    return kKioskOk;
}

} // namespace accueil::kiosk::app
