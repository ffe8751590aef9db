// SPDX-License-Identifier: Apache-2.0
#include "KioskApp.h"

#include "Catalog.h"
#include "CoreTypes.h"
#include "Fonts.h"
#include "Frame.h"
#include "KeyRouter.h"
#include "KioskController.h"
#include "ScanInput.h"
#include "Script.h"
#include "Sound.h"
#include "StoreWorker.h"
#include "Window.h"

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Config.h>
#include <accueil/scanner/BadgeReader.h>
#include <accueil/sync/SyncWorker.h>

#include <imgui.h>
#include <imgui_internal.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#ifndef ACCUEIL_ASSETS_DIR
#define ACCUEIL_ASSETS_DIR "assets"
#endif

namespace accueil::kiosk::app {

namespace {

constexpr int kFramesAfterChange = 3; // ImGui settles focus and clicks over a few frames

std::int64_t SteadyMicros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

constexpr double kSyncStatusSeconds = 5.0;

void Log(const std::string& message) {
    std::fprintf(stderr, "accueil-kiosk: %s\n", message.c_str());
}

// Everything the running kiosk holds, so the loop reads as a list of steps.
struct Kiosk {
    explicit Kiosk(const AppOptions& o) : options(o) {}
    const AppOptions& options;
    KioskConfig config;
    Catalog catalog;
    UiState state;
    std::optional<Window> window;
    Fonts fonts;
    std::unique_ptr<MainQueue> queue;
    std::unique_ptr<StoreWorker> worker;
    std::unique_ptr<KioskController> controller;
    std::unique_ptr<KeyRouter> router;
    std::unique_ptr<SoundPlayer> sound;
    std::unique_ptr<ScanInput> scanInput;
    std::unique_ptr<accueil::sync::SyncWorker> sync; ///< when [central] url is set
    Commands pending; ///< from keys, the camera and the script, applied before the next frame
    std::optional<scanner::BadgeReader> reader;
    UtcMillis clockOffset = 0;
    std::string drawnMinute; ///< the clock shown by the last frame
    int framesToDraw = kFramesAfterChange;
    std::vector<int> keysToRelease;

    // Script state.
    std::vector<ScriptStep> script;
    std::size_t scriptNext = 0;
    std::int64_t waitUntil = 0;
    std::string screenshotName;

    // Failures and benchmark.
    FrameFailures failures;
    std::uint64_t lastShownSequence = 0;
    std::vector<std::int64_t> latencies;
    std::vector<std::int64_t> storeLatencies; ///< scan to commit, the store's share
    std::vector<std::int64_t> frameMicros;    ///< CPU-side time of each frame (benchmark)

    UtcMillis now() const { return NowUtcMillis() + clockOffset; }
    bool scripted() const { return !options.script.empty(); }
};

void RunScriptStep(Kiosk& k) {
    const ScriptStep& step = k.script[k.scriptNext++];
    const std::int64_t steady = SteadyMicros();
    ImGuiIO& io = ImGui::GetIO();
    switch (step.op) {
    case ScriptOp::Scan:
        k.pending.push_back(ScanPayload{step.argument, false});
        return; // as with a camera: nothing to draw until the answer comes back
    case ScriptOp::Wedge: {
        auto layout =
            scanner::ParseWedgeLayout(k.options.wedgeLayout).value_or(scanner::WedgeLayout::Us);
        auto keys = scanner::TypeOnLayout(step.argument, layout, steady, 5'000);
        for (const scanner::KeyEvent& e : keys) {
            k.router->onKey(e.key, (e.shift ? 1 : 0) | (e.altGr ? 4 : 0), e.atMicros,
                            k.state.screen, false, k.pending);
        }
        k.router->onKey(scanner::keys::kEnter, 0,
                        steady + 5'000 * static_cast<std::int64_t>(keys.size() + 1), k.state.screen,
                        false, k.pending);
        break;
    }
    case ScriptOp::Key: {
        int key = 0;
        int mods = 0;
        ParseKeyName(step.argument, key, mods);
        k.router->onKey(key, mods, steady, k.state.screen, io.WantTextInput, k.pending);
        if (key >= 0 && key < 512) {
            io.KeysDown[key] = true; // ImGui sees the press for one frame
            k.keysToRelease.push_back(key);
        }
        break;
    }
    case ScriptOp::Type:
        if (io.WantTextInput) {
            io.AddInputCharactersUTF8(step.argument.c_str());
        } else {
            for (char c : step.argument) {
                int key = 0;
                int mods = 0;
                if (ParseKeyName(std::string(1, c), key, mods)) {
                    k.router->onKey(key, mods, steady, k.state.screen, false, k.pending);
                }
            }
        }
        break;
    case ScriptOp::Wait:
        k.waitUntil = steady + static_cast<std::int64_t>(step.millis) * 1000;
        break;
    case ScriptOp::Screenshot:
        k.screenshotName = step.argument;
        break;
    }
    k.framesToDraw = std::max(k.framesToDraw, kFramesAfterChange);
}

// A script step runs once the previous one has fully played out on screen.
bool ScriptReady(const Kiosk& k) {
    return k.state.pendingJobs == 0 && k.pending.empty() && k.framesToDraw == 0 &&
           !k.router->holding() && SteadyMicros() >= k.waitUntil && k.screenshotName.empty();
}

// One frame; false when frames keep failing and the process should exit.
bool DrawOneFrame(Kiosk& k) {
    const std::int64_t frameStart = SteadyMicros();
    Commands emitted;
    k.window->beginFrame();
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
    if (!k.screenshotName.empty() && k.framesToDraw <= 1) {
        int w = 0;
        int h = 0;
        auto pixels = k.window->readPixels(w, h);
        const std::string path = k.options.screenshotDir + "/" + k.screenshotName + ".png";
        if (auto written = WriteScreenshot(path, pixels, w, h, k.options.screenshotHalvings);
            !written) {
            Log(written.error().message);
        }
        k.screenshotName.clear();
    }
    k.window->swap();
    if (!k.options.benchOut.empty()) {
        k.frameMicros.push_back(SteadyMicros() - frameStart);
    }
    if (k.state.screen == Screen::Outcome && k.state.outcome.sequence != k.lastShownSequence) {
        // A new answer is on screen: its sound now, and its latency for the benchmark.
        k.lastShownSequence = k.state.outcome.sequence;
        k.sound->play(StyleFor(k.state.outcome.outcome, k.state.outcome.warn).cls);
        if (!k.options.benchOut.empty() && k.controller->shownScanMicros() > 0) {
            k.latencies.push_back(SteadyMicros() - k.controller->shownScanMicros());
            k.storeLatencies.push_back(k.controller->shownDecidedMicros() -
                                       k.controller->shownScanMicros());
        }
    }
    for (int key : k.keysToRelease) {
        ImGui::GetIO().KeysDown[key] = false;
    }
    k.keysToRelease.clear();
    for (const UiCommand& c : emitted) {
        k.pending.push_back(c);
    }
    return true;
}

// How long the loop may sleep: until the next deadline, the next minute (the clock on the
// waiting screen), or a held wedge burst's gap. Zero when something is to be drawn.
// Starts the background sync when kiosk.toml names a central. A kiosk whose sync cannot
// start still admits delegates: the panel shows why it is offline.
void StartSync(Kiosk& k) {
    if (k.config.central.url.empty()) {
        return;
    }
    k.state.sync.configured = true;
    auto options = accueil::sync::SyncOptionsFromConfig(k.config);
    if (!options) {
        Log("sync: " + options.error().message);
        k.state.sync.lastError = options.error().message;
        return;
    }
    accueil::sync::WorkerOptions w;
    w.databasePath = k.config.databasePath;
    w.event = k.config.event;
    w.kioskId = k.config.id;
    w.sync = *options;
    w.interval = std::chrono::seconds(k.config.central.intervalSeconds);
    k.sync = std::make_unique<accueil::sync::SyncWorker>(std::move(w));
    k.sync->start();
}

// Copies the sync worker's state into the UI state; true when something shown changed.
bool FollowSync(Kiosk& k) {
    if (!k.sync) {
        return false;
    }
    const accueil::sync::SyncStatus s = k.sync->snapshot();
    SyncStatus next = k.state.sync;
    next.online = s.online;
    next.lastSuccess = s.lastSuccess;
    next.queueLength = s.queueLength;
    next.lastError = s.lastError ? s.lastError->message : std::string();
    const bool changed =
        next.online != k.state.sync.online || next.lastSuccess != k.state.sync.lastSuccess ||
        next.queueLength != k.state.sync.queueLength || next.lastError != k.state.sync.lastError;
    k.state.sync = std::move(next);
    return changed;
}

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
        seconds = std::min(seconds, kSyncStatusSeconds); // the status line follows the sync
    }
    if (k.router->holding()) {
        seconds = std::min(seconds, 0.02);
    }
    if (k.scripted()) {
        // A script sleeps like the kiosk does (so `wait` measures idle), but wakes for its
        // next step; store answers wake the loop themselves.
        const std::int64_t untilWait = k.waitUntil - SteadyMicros();
        if (untilWait > 0) {
            seconds = std::min(seconds, static_cast<double>(untilWait) / 1e6);
        } else if (ScriptReady(k)) {
            return 0.0;
        } else {
            seconds = std::min(seconds, 0.05);
        }
    }
    return std::max(seconds, 0.001);
}

// The benchmark figures: latencies, then this process's CPU time and peak memory.
void WriteBenchFile(const Kiosk& k, double wallSeconds) {
    std::ofstream out(k.options.benchOut);
    for (std::int64_t micros : k.latencies) {
        out << "latency_us " << micros << '\n';
    }
    for (std::int64_t micros : k.storeLatencies) {
        out << "store_us " << micros << '\n';
    }
    if (!k.frameMicros.empty()) {
        std::vector<std::int64_t> frames = k.frameMicros;
        std::sort(frames.begin(), frames.end());
        out << "frames " << frames.size() << '\n'
            << "frame_p50_us " << frames[frames.size() / 2] << '\n'
            << "frame_max_us " << frames.back() << '\n';
    }
    const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    out << "font_atlas " << atlas.TexWidth << 'x' << atlas.TexHeight << '\n';
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    out << "cpu_user_s " << seconds(usage.ru_utime) << '\n'
        << "cpu_sys_s " << seconds(usage.ru_stime) << '\n'
        << "max_rss_kb " << usage.ru_maxrss << '\n'
        << "wall_s " << wallSeconds << '\n';
}

} // namespace

int RunKiosk(const AppOptions& options) {
    const std::int64_t started = SteadyMicros();
    Kiosk k(options);
    auto config = LoadKioskConfig(options.config);
    if (!config) {
        Log(config.error().message);
        return kKioskConfig;
    }
    k.config = std::move(*config);
    if (k.scripted()) {
        std::ifstream in(options.script, std::ios::binary);
        if (!in) {
            Log("cannot read the script " + options.script);
            return kKioskScript;
        }
        std::stringstream text;
        text << in.rdbuf();
        auto steps = ParseScript(text.str());
        if (!steps) {
            Log(options.script + ": " + steps.error().message);
            return kKioskScript;
        }
        k.script = std::move(*steps);
    }
    if (!options.clock.empty()) {
        auto start = k.config.event.calendar->parseTime(options.clock);
        if (!start) {
            Log("--clock: " + start.error().message);
            return kKioskConfig;
        }
        k.clockOffset = *start - NowUtcMillis();
    }
    auto catalog = Catalog::Load(options.assets.empty() ? ACCUEIL_ASSETS_DIR : options.assets,
                                 k.config.languages);
    if (!catalog) {
        Log(catalog.error().message);
        return kKioskConfig;
    }
    k.catalog = std::move(*catalog);
    scanner::BadgeReaderOptions readerOptions;
    readerOptions.eventId = k.config.event.id;
    readerOptions.publicKeys = k.config.event.badges.publicKeys;
    readerOptions.acceptPlainIds = k.config.event.badges.acceptPlainIds;
    readerOptions.acceptIndico = k.config.event.badges.acceptIndico;
    readerOptions.plainIdPattern = k.config.event.badges.plainIdPattern;
    auto reader = scanner::BadgeReader::create(readerOptions);
    if (!reader) {
        Log("badge settings: " + reader.error().message);
        return kKioskConfig;
    }
    auto store = AttendanceStore::Open(k.config.databasePath, k.config.event, k.config.id);
    if (!store) {
        Log(store.error().message);
        return kKioskStorage;
    }
    const int panelKey = FunctionKeyCode(options.panelKey);
    auto layout = scanner::ParseWedgeLayout(options.wedgeLayout);
    if (panelKey == 0 || !layout) {
        Log("--panel-key must be F1..F12 and --wedge-layout one of us, ch, de, fr");
        return kKioskConfig;
    }
    scanner::WedgeOptions wedge;
    wedge.layout = *layout;
    k.router = std::make_unique<KeyRouter>(wedge, panelKey);

    WindowOptions windowOptions{options.width, options.height, options.monitor, !options.noVsync};
    auto window = Window::Open(windowOptions, [&k](int key, int mods, bool repeat) {
        if (!repeat) {
            k.router->onKey(key, mods, SteadyMicros(), k.state.screen, ImGui::GetIO().WantTextInput,
                            k.pending);
        }
    });
    if (!window) {
        Log(window.error().message);
        return kKioskNoDisplay;
    }
    k.window.emplace(std::move(*window));
    const float scale = static_cast<float>(k.window->framebufferHeight()) / 1080.0f;
    auto fonts = LoadFonts(*ImGui::GetIO().Fonts, k.catalog.allText(), scale);
    if (!fonts) {
        Log(fonts.error().message);
        return kKioskConfig;
    }
    k.fonts = *fonts;
    k.window->uploadFonts();
    ApplyKioskStyle(scale);

    k.sound = MakeSoundPlayer();
    k.queue = std::make_unique<MainQueue>([] { Window::Wake(); });
    k.worker = std::make_unique<StoreWorker>(std::move(*store), *k.queue);
    k.reader = *reader; // shared, immutable: the camera thread reads with it too
    k.controller =
        std::make_unique<KioskController>(k.state, *k.worker, k.config, k.catalog, *reader);
    if (!options.camera.empty() || !options.frames.empty()) {
        FrameInputOptions input{options.camera, options.frames, options.framesFps, false};
        auto opened = ScanInput::Open(input, *k.reader, [] { Window::Wake(); });
        if (!opened) {
            Log(opened.error().message); // the kiosk still works with the wedge scanner
            k.state.camera = CameraState::Failed;
        } else {
            k.scanInput = std::move(*opened);
            k.state.camera = CameraState::Running;
        }
    }
    StartSync(k);
    int exitCode = kKioskOk;
    while (!k.state.quitRequested) {
        k.window->waitEvents(SleepSeconds(k));
        if (k.window->anyInputSinceLastCall()) {
            k.framesToDraw = std::max(k.framesToDraw, kFramesAfterChange);
        }
        if (k.queue->drain(k.state) > 0) {
            // Delegate screens have no widgets to settle: one frame shows an answer.
            const bool staff = k.state.screen == Screen::Login || k.state.screen == Screen::Panel;
            k.framesToDraw = std::max(k.framesToDraw, staff ? kFramesAfterChange : 1);
        }
        if (k.scanInput) {
            k.scanInput->take(k.pending);
        }
        const std::int64_t steady = SteadyMicros();
        k.router->poll(steady, k.pending);
        Commands commands;
        commands.swap(k.pending);
        for (const UiCommand& c : commands) {
            const auto* scan = std::get_if<ScanPayload>(&c);
            // A camera scan is timed from its frame's capture, so latency includes decoding.
            k.controller->apply(c, k.now(),
                                scan && scan->capturedMicros ? scan->capturedMicros : steady);
            // A delegate's scan changes nothing visible until its answer comes back; drawing
            // meanwhile would only delay that answer's frame.
            const bool delegateScan =
                std::holds_alternative<ScanPayload>(c) &&
                (k.state.screen == Screen::Waiting || k.state.screen == Screen::Outcome);
            if (!delegateScan) {
                k.framesToDraw = std::max(k.framesToDraw, kFramesAfterChange);
            }
        }
        if (k.scanInput) {
            // The live picture is drawn on the waiting screen only; elsewhere it is dropped.
            auto preview = k.scanInput->takePreview();
            if (preview && k.state.screen == Screen::Waiting) {
                k.state.preview = CameraPreview{k.window->uploadPreview(*preview), preview->width,
                                                preview->height};
                k.framesToDraw = std::max(k.framesToDraw, 1);
            }
            const CameraState camera = k.scanInput->state();
            if (camera != k.state.camera) {
                k.state.camera = camera;
                k.framesToDraw = std::max(k.framesToDraw, 1);
            }
        }
        if (FollowSync(k)) {
            k.framesToDraw = std::max(k.framesToDraw, 1);
        }
        const Screen before = k.state.screen;
        k.controller->tick(k.now());
        if (k.state.screen != before) {
            k.framesToDraw = std::max(k.framesToDraw, kFramesAfterChange);
        }
        if (k.scripted() && ScriptReady(k)) {
            if (k.scriptNext == k.script.size()) {
                break;
            }
            RunScriptStep(k);
        }
        k.window->showCursor(k.state.screen == Screen::Login || k.state.screen == Screen::Panel);
        // Draw only when something visible changed, or the clock on screen moved on.
        const std::string minute = k.config.event.calendar->localTimeOfDay(k.now());
        if (minute != k.drawnMinute) {
            k.drawnMinute = minute;
            k.framesToDraw = std::max(k.framesToDraw, 1);
        }
        if (k.framesToDraw > 0 || !k.screenshotName.empty()) {
            if (!DrawOneFrame(k)) {
                exitCode = kKioskCrashed;
                break;
            }
            k.framesToDraw = std::max(0, k.framesToDraw - 1);
        }
    }
    k.scanInput.reset(); // no more scans
    k.sync.reset();      // stops the sync thread; what it had not pushed stays in the outbox
    k.worker.reset();    // finish queued writes before leaving
    if (!options.benchOut.empty()) {
        WriteBenchFile(k, static_cast<double>(SteadyMicros() - started) / 1e6);
    }
    return exitCode;
}

} // namespace accueil::kiosk::app
