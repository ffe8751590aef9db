// SPDX-License-Identifier: Apache-2.0
#include "KioskApp.h"

#include "AssetsDir.h"
#include "KioskLoop.h"
#include "SignalGate.h"
#include "SteadyClock.h"
#include "screens/Screens.h"

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Config.h>
#include <accueil/core/PersonalDataWipe.h>
#include <accueil/scanner/BadgeReader.h>
#include <accueil/sync/SyncWorker.h>

#include <fcntl.h>
#include <imgui.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <set>
#include <thread>

namespace accueil::kiosk::app {

namespace {

// A step of the start-up: nothing, or the exit status to leave with (the message is logged).
template <class T> using Setup = accueil::Result<T, KioskExit>;

// kiosk.toml with its event, the script, --clock and the catalog: everything read from files.
Setup<void> ReadFiles(Kiosk& k, const AppOptions& options) {
    auto config = LoadKioskConfig(options.config);
    if (!config) {
        Log(config.error().message);
        return kKioskConfig;
    }
    k.config = std::move(*config);
    // From here on, config.app and config.scanner hold what the kiosk runs with: the file's
    // keys, the flags over.
    k.config.scanner = ResolveScanners(k.config, options);
    k.config.app = ResolveAppSettings(k.config.app, options);
    if (!options.script.empty()) {
        // An unknown layout stops the kiosk in MakeRouter, before the script's first step.
        const auto layout =
            scanner::ParseWedgeLayout(k.config.scanner.layout).value_or(scanner::WedgeLayout::Us);
        auto script = ScriptDriver::Load(options.script, layout,
                                         {options.screenshotDir, options.screenshotHalvings});
        if (!script) {
            Log(script.error().message);
            return kKioskScript;
        }
        k.script.emplace(std::move(*script));
    }
    if (!options.clock.empty()) {
        auto start = k.config.event.calendar->parseTime(options.clock);
        if (!start) {
            Log("--clock: " + start.error().message);
            return kKioskConfig;
        }
        k.clockOffset = *start - NowUtcMillis();
    }
    // --assets, then ACCUEIL_ASSETS_DIR, then the installed data folder (AssetsDir.h).
    auto assets = FindAssetsDir(options.assets);
    if (!assets) {
        Log(assets.error().message);
        return kKioskConfig;
    }
    auto catalog = Catalog::Load(*assets, k.config.languages);
    if (!catalog) {
        Log(catalog.error().message);
        return kKioskConfig;
    }
    k.catalog = std::move(*catalog);
    return Ok{};
}

Setup<scanner::BadgeReader> MakeReader(const KioskConfig& config) {
    auto reader = scanner::BadgeReader::create(core::BadgeReaderOptionsFor(config.event));
    if (!reader) {
        Log("badge settings: " + reader.error().message);
        return kKioskConfig;
    }
    return std::move(*reader);
}

// The kiosk's database. One that does not exist is made only when a central will fill it: a
// mistyped path would otherwise start a door on an empty list that answers NOT RECOGNISED to
// everyone, with no staff account to open the panel.
Setup<AttendanceStore> OpenStore(const KioskConfig& config) {
    std::error_code error;
    if (config.central.url().empty() && !std::filesystem::exists(config.databasePath, error)) {
        Log("database " + config.databasePath +
            " does not exist: check [kiosk] database, or import the registration list first "
            "(accueil import --config KIOSK.toml FILE), or set [central] url so the kiosk "
            "fetches it");
        return kKioskStorage;
    }
    auto store = AttendanceStore::Open(config.databasePath, config.event, config.id);
    if (!store) {
        Log(store.error().message);
        return kKioskStorage;
    }
    if (auto zoned = store->setZone(config.zone); !zoned) {
        Log(zoned.error().message);
        return kKioskStorage;
    }
    return std::move(*store);
}

// Said at the start of a door in service: staff would find out only with a queue waiting.
void WarnIfNoStaff(AttendanceStore& store, const KioskConfig& config) {
    if (auto staff = store.listStaff(); staff && staff->empty()) {
        Log("no staff account in " + config.databasePath +
            ": the staff panel cannot be opened (accueil staff add --config KIOSK.toml)");
    }
}

// The keyboard: wedge bursts, the panel key, the PIN pad.
Setup<void> MakeRouter(Kiosk& k) {
    // kiosk.toml's keys were checked when it was read: a wrong value here came from a flag.
    const int panelKey = FunctionKeyCode(k.config.app.panelKey);
    auto layout = scanner::ParseWedgeLayout(k.config.scanner.layout);
    if (panelKey == 0 || !layout) {
        Log("--panel-key must be F1..F12 and --wedge-layout one of us, ch, de, fr");
        return kKioskConfig;
    }
    scanner::WedgeOptions wedge;
    wedge.layout = *layout;
    // Without "keyboard" among the kinds, a burst typed through the window is no scan; the
    // panel key and the PIN pad work either way.
    k.router = std::make_unique<KeyRouter>(wedge, panelKey,
                                           k.config.scanner.has(core::ScannerKind::Keyboard));
    return Ok{};
}

// The event's and zones' names in every language: drawn on the waiting screen and the panel.
GlyphSet ConfigGlyphs(const KioskConfig& config) {
    GlyphSet glyphs;
    for (const auto& [lang, name] : config.event.name) {
        glyphs.addDrawnText(name);
    }
    for (const core::Zone& zone : config.event.zones) {
        for (const auto& [lang, name] : zone.name) {
            glyphs.addDrawnText(name);
        }
    }
    return glyphs;
}

// The atlas for what this kiosk draws (its catalogs, its list, its configuration), built
// before the first frame, and the thread that rebuilds it when a sync brings new letters.
Setup<void> InstallFonts(Kiosk& k, float scale) {
    FontSources sources;
    sources.databasePath = k.config.databasePath;
    sources.catalogTexts = k.catalog.texts();
    sources.headlineTexts = k.catalog.texts(".headline");
    sources.configGlyphs = ConfigGlyphs(k.config);
    sources.scale = scale;
    auto built = BuildKioskFonts(sources);
    if (!built && built.error().kind == ErrorKind::Storage) {
        // The list cannot be read: the kiosk still starts, with the fixed scripts.
        Log(built.error().message);
        GlyphNeeds needs;
        needs.catalogTexts = sources.catalogTexts;
        needs.headlineTexts = sources.headlineTexts;
        needs.names = sources.configGlyphs;
        built = BuildFontAtlas(needs, scale, sources.files);
    }
    if (!built) {
        Log(built.error().message);
        return kKioskConfig;
    }
    std::set<char32_t> warned;
    WarnMissingGlyphs(built->missing, warned, Log);
    k.bench.fontsBuilt(built->listMillis, built->buildMillis, built->glyphs);
    k.fonts = built->fonts;
    k.window->installFonts(std::move(built->atlas));
    k.fontRebuilder = std::make_unique<FontRebuilder>(
        std::move(sources), std::move(built->asked), std::move(warned), [] { Window::Wake(); },
        Log);
    return Ok{};
}

// The window, ImGui, the fonts at the screen's scale and the kiosk's style.
Setup<void> OpenWindow(Kiosk& k, const AppOptions& options) {
    const core::AppSettings& app = k.config.app;
    const WindowOptions windowOptions{app.windowed.width, app.windowed.height, app.monitor,
                                      !options.noVsync};
    // Each key is timed here, as the window hands it over, and goes to the router at once.
    auto window = Window::Open(windowOptions, [&k](int key, int mods, bool repeat) {
        const std::int64_t at = SteadyMicros();
        const Screen screen = k.state.screen;
        if (!repeat) {
            k.router->onKey(key, mods, at, screen, ImGui::GetIO().WantTextInput, k.pending);
        }
        // On the delegate screens keys feed the wedge decoder and change nothing on screen:
        // what they ask for (a scan, the staff sign-in) arrives as a command.
        return screen != Screen::Waiting && screen != Screen::Outcome;
    });
    if (!window) {
        Log(window.error().message);
        return kKioskNoDisplay;
    }
    k.window.emplace(std::move(*window));
    // The screens are laid out for 1920×1080; other sizes scale the fonts and sizes to fit.
    const auto [width, height] = k.window->framebufferSize();
    const float scale = ScreenScale(static_cast<float>(width), static_cast<float>(height));
    SetContentScale(k.window->contentScale());
    if (auto fonts = InstallFonts(k, scale); !fonts) {
        return fonts.error();
    }
    ApplyKioskStyle(scale);
    k.shapedLines = std::make_unique<ShapedLines>(
        [](const ShapedImage& image) {
            return Window::uploadRgba(image.width, image.height, image.rgba.data());
        },
        &Window::releaseTexture, &k.fonts);
    k.window->show();
    return Ok{};
}

// --evdev-replay: a file or FIFO of input_event records read as the evdev scanner; -1 without
// the flag. A FIFO is opened for writing too, so the kiosk reads whatever is written to it,
// by any number of writers one after the other, until it exits; a file ends at its end.
Setup<int> OpenEvdevReplay(const AppOptions& options) {
    if (options.evdevReplay.empty()) {
        return -1;
    }
    struct stat st {};
    const bool fifo = ::stat(options.evdevReplay.c_str(), &st) == 0 && S_ISFIFO(st.st_mode);
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-vararg): open(2) is variadic
    const int fd = ::open(options.evdevReplay.c_str(), (fifo ? O_RDWR : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) {
        const int error = errno;
        // NOLINTNEXTLINE(concurrency-mt-unsafe): no other thread of ours calls strerror
        Log("--evdev-replay " + options.evdevReplay + ": " + std::strerror(error));
        return kKioskConfig;
    }
    return fd;
}

// The threads beside the UI: the store's, and the camera's decoder when there is a camera.
void StartWorkers(Kiosk& k, AttendanceStore store, const scanner::BadgeReader& reader,
                  const AppOptions& options, int evdevReplayFd) {
    k.sound = MakeSoundPlayer();
    k.queue = std::make_unique<MainQueue>([] { Window::Wake(); });
    k.worker = std::make_unique<StoreWorker>(std::move(store), *k.queue);
    ControllerSettings settings;
    settings.staffCardPrefix = k.config.app.staffCardPrefix;
    k.controller = std::make_unique<KioskController>(k.state, *k.worker, k.config, k.catalog,
                                                     reader, std::move(settings));
    const core::ScannerSettings& scanners = k.config.scanner;
    FrameInputOptions input = InputOptionsFor(scanners);
    input.framesDir = options.frames;
    input.framesFps = options.framesFps;
    input.evdevFd = evdevReplayFd;
    if (input.cameraDevice.empty() && input.framesDir.empty() && input.evdevDevice.empty() &&
        input.serialDevice.empty() && input.evdevFd < 0) {
        return; // the keyboard wedge alone, through the window
    }
    // The reader is immutable and shared: the camera thread reads with its own copy.
    // One debounce setting: the event's. A badge held in view is decoded many times a
    // second, so even with the store's debounce off (0) the camera counts it once a second.
    const int debounceSeconds = std::max(k.config.event.debounceSeconds, 1);
    input.debounceMicros = std::int64_t{debounceSeconds} * 1'000'000;
    const bool camera = !input.cameraDevice.empty() || !input.framesDir.empty();
    auto opened = ScanInput::Open(input, reader, [] { Window::Wake(); });
    if (!opened && camera) {
        // The kiosk still works with the other scanners: run them without the camera.
        Log(opened.error().message);
        k.state.camera = CameraState::Failed;
        if (input.evdevDevice.empty() && input.serialDevice.empty() && input.evdevFd < 0) {
            return; // the keyboard wedge alone
        }
        input.cameraDevice.clear();
        input.framesDir.clear();
        opened = ScanInput::Open(input, reader, [] { Window::Wake(); });
    }
    if (!opened) {
        Log(opened.error().message);
        return;
    }
    k.scanInput = std::move(*opened);
    if (camera && k.state.camera != CameraState::Failed) {
        k.state.camera = CameraState::Running;
    }
}

// Starts the background sync when kiosk.toml names a central. A kiosk whose sync cannot
// start still admits delegates: the panel shows why it is offline.
void StartSync(Kiosk& k) {
    if (k.config.central.url().empty()) {
        return;
    }
    k.state.sync.configured = true;
    auto options = accueil::sync::SyncOptionsFromConfig(k.config);
    if (!options) {
        Log("sync: " + options.error().message);
        k.state.sync.lastError = options.error().message;
        k.state.sync.lastErrorKind = "config";
        return;
    }
    accueil::sync::WorkerOptions w;
    w.databasePath = k.config.databasePath;
    w.event = k.config.event;
    w.kioskId = k.config.id;
    w.sync = *options;
    w.interval = std::chrono::seconds(k.config.central.intervalSeconds);
    w.tokenFile = k.config.central.tokenFile; // emptied if the central revokes this kiosk
    k.syncStarted = NowUtcMillis();
    k.sync = std::make_unique<accueil::sync::SyncWorker>(std::move(w));
    k.sync->start();
}

// Watches for SIGTERM (systemd stopping the kiosk) and SIGINT while it lives: the loop is told
// to end, so the kiosk leaves as staff leaving it would — queued writes finished, the sync
// stopped, the benchmark's figures written — with status 0.
class StopOnSignal {
public:
    explicit StopOnSignal(Kiosk& k)
        : m_thread([this, &k] {
              while (!m_done.load()) {
                  if (m_gate.wait(kCheckMs)) {
                      Log("stopping: asked by a signal");
                      k.stopSignalled.store(true);
                      Window::Wake();
                      return;
                  }
              }
          }) {}
    StopOnSignal(const StopOnSignal&) = delete;
    StopOnSignal& operator=(const StopOnSignal&) = delete;
    ~StopOnSignal() {
        m_done.store(true);
        m_thread.join();
    }

private:
    static constexpr int kCheckMs = 200; // how soon the watcher notices it is no longer needed
    SignalGate m_gate;                   // first: blocks the signals before any thread starts
    std::atomic<bool> m_done{false};
    std::thread m_thread;
};

} // namespace

core::AppSettings ResolveAppSettings(core::AppSettings fromFile, const AppOptions& flags) {
    if (flags.windowed) {
        fromFile.windowed = *flags.windowed;
    }
    if (flags.monitor) {
        fromFile.monitor = *flags.monitor;
    }
    if (flags.panelKey) {
        fromFile.panelKey = *flags.panelKey;
    }
    if (flags.camera) {
        fromFile.camera = *flags.camera;
    }
    return fromFile;
}

core::ScannerSettings ResolveScanners(const core::KioskConfig& config, const AppOptions& flags) {
    using core::ScannerKind;
    core::ScannerSettings out = config.scanner;
    if (!out.configured && !config.app.camera.empty()) {
        out.kinds.push_back(ScannerKind::Camera);
        out.camera = config.app.camera;
    }
    if (flags.camera) {
        std::erase(out.kinds, ScannerKind::Camera);
        if (!flags.camera->empty()) {
            out.kinds.push_back(ScannerKind::Camera);
            out.camera = *flags.camera;
        }
    }
    if (flags.wedgeLayout) {
        out.layout = *flags.wedgeLayout;
    }
    return out;
}

int RunKiosk(const AppOptions& options) {
    Kiosk k;
    const StopOnSignal stop(k);
    k.bench = BenchRecorder(options.benchOut, SteadyMicros());
    if (auto read = ReadFiles(k, options); !read) {
        return read.error();
    }
    auto reader = MakeReader(k.config);
    if (!reader) {
        return reader.error();
    }
    auto store = OpenStore(k.config);
    if (!store) {
        return store.error();
    }
    // Wiped after a revocation, or purged after the meeting: the door stays out of service
    // across restarts, without sync.
    const auto revoked = core::RevokedAt(*store);
    const auto purged = core::PurgedAt(*store);
    k.state.purged = purged && purged->has_value();
    const bool outOfService = (revoked && revoked->has_value()) || k.state.purged;
    if (k.state.purged) {
        Log("the meeting is over and this kiosk's personal data was purged (accueil purge): out "
            "of service");
    } else if (outOfService) {
        Log("this kiosk was revoked at the central and its personal data erased: out of "
            "service until it is enrolled again (accueil enrol)");
    } else {
        WarnIfNoStaff(*store, k.config);
    }
    auto evdevReplay = OpenEvdevReplay(options);
    if (!evdevReplay) {
        return evdevReplay.error();
    }
    if (auto router = MakeRouter(k); !router) {
        return router.error();
    }
    if (auto window = OpenWindow(k, options); !window) {
        return window.error();
    }
    StartWorkers(k, std::move(*store), *reader, options, *evdevReplay);
    if (outOfService) {
        EnterOutOfService(k.state);
    } else {
        StartSync(k);
    }
    const int exitCode = RunLoop(k);
    k.scanInput.reset(); // no more scans
    k.sync.reset();      // stops the sync thread; what it had not pushed stays in the outbox
    k.worker.reset();    // finish queued writes before leaving
    k.bench.write(SteadyMicros());
    return exitCode;
}

} // namespace accueil::kiosk::app
