// SPDX-License-Identifier: Apache-2.0
// The real kiosk window under Xvfb: a script through every outcome and the staff panel, then
// assertions on the screenshots' pixels. The test starts Xvfb itself (xvfb-run), so CI needs
// no display; it is skipped when xvfb-run is not installed.

#include "OutcomeStyle.h"
#include "SyncTestEnv.h"
#include "TestKiosk.h"
#include "screens/Screens.h"

#include <accueil/core/PersonalDataWipe.h>
#include <accueil/core/Photo.h>
#include <accueil/core/SyncStore.h>
#include <accueil/scanner/BadgeKey.h>
#include <accueil/scanner/BadgeRender.h>
#include <accueil/scanner/BadgeToken.h>
#include <accueil/scanner/QrRender.h>

#include <stb_image.h>
#include <sys/wait.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <utility>
#include <vector>

namespace accueil::kiosk::app::test {

namespace {

namespace fs = std::filesystem;

struct Image {
    int width = 0;
    int height = 0;
    std::vector<unsigned char> rgb;
};

Image Load(const fs::path& path) {
    Image image;
    int channels = 0;
    unsigned char* data = stbi_load(path.c_str(), &image.width, &image.height, &channels, 3);
    if (data != nullptr) {
        image.rgb.assign(data, data + static_cast<std::size_t>(image.width) * image.height * 3);
        stbi_image_free(data);
    }
    return image;
}

// Share of pixels within a small distance of the colour.
double Share(const Image& image, Rgb colour) {
    if (image.rgb.empty()) {
        return 0.0;
    }
    std::size_t hits = 0;
    const std::size_t n = image.rgb.size() / 3;
    for (std::size_t i = 0; i < n; ++i) {
        const int dr = image.rgb[i * 3] - colour.r;
        const int dg = image.rgb[i * 3 + 1] - colour.g;
        const int db = image.rgb[i * 3 + 2] - colour.b;
        hits += (dr * dr + dg * dg + db * db) < 100 ? 1 : 0;
    }
    return static_cast<double>(hits) / static_cast<double>(n);
}

// Where the pixels of a colour are: their bounding box and how many there are.
struct Region {
    int left = 0;
    int top = 0;
    int right = -1; ///< inclusive; -1 = none found
    int bottom = -1;
    int count = 0;
    int width() const { return right - left + 1; }
    int height() const { return bottom - top + 1; }
};

Region Find(const Image& image, Rgb colour) {
    Region r{image.width, image.height, -1, -1, 0};
    for (int y = 0; y < image.height; ++y) {
        for (int x = 0; x < image.width; ++x) {
            const auto i = ((static_cast<std::size_t>(y) * image.width) + x) * 3;
            const int dr = image.rgb[i] - colour.r;
            const int dg = image.rgb[i + 1] - colour.g;
            const int db = image.rgb[i + 2] - colour.b;
            if (dr * dr + dg * dg + db * db < 300) {
                r = Region{std::min(r.left, x), std::min(r.top, y), std::max(r.right, x),
                           std::max(r.bottom, y), r.count + 1};
            }
        }
    }
    return r;
}

// Runs a shell command. In the sanitizer build the kiosk process does not check for leaks:
// the OpenGL driver it loads (Mesa) leaks at exit from a module it has already unloaded, so
// LeakSanitizer cannot even name it to suppress it. Our own code's leaks are checked by the
// in-process tests (controller, screens), which run without a driver.
int RunCommand(const std::string& command) {
    const std::string withOptions =
        std::string("ASAN_OPTIONS=\"${ASAN_OPTIONS:-}:detect_leaks=0\" ") + command;
    // NOLINTNEXTLINE(cert-env33-c,concurrency-mt-unsafe): a shell runs xvfb-run; one thread
    const int status = std::system(withOptions.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool HaveXvfb() {
    return RunCommand("command -v xvfb-run >/dev/null 2>&1") == 0;
}

// A delegate of the language and layout runs.
struct Delegate {
    const char* id;
    const char* language;
    const char* given;
    const char* family;
    const char* delegation;
};

// The first sample registrant as each delegate: id, language, names and delegation.
std::vector<Registrant> Registrants(std::initializer_list<Delegate> delegates) {
    std::vector<Registrant> list;
    for (const Delegate& d : delegates) {
        Registrant r = SampleRegistrants()[0];
        r.id = d.id;
        r.language = d.language;
        r.givenName = d.given;
        r.familyName = d.family;
        r.delegation = d.delegation;
        list.push_back(r);
    }
    return list;
}

class Scenario : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() /
                ("accueil-scenario-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir / "shots");
        fs::copy_file(fs::path(ACCUEIL_SOURCE_DIR) / "config/event.toml", m_dir / "event.toml");
        std::ofstream(m_dir / "kiosk.toml")
            << "[kiosk]\nid = \"door-1\"\ndatabase = \"kiosk.db\"\nevent = \"event.toml\"\n"
               "languages = [\"en\", \"fr\", \"es\"]\n[staff]\nauto_lock_seconds = 120\n";
        auto event = core::LoadEventConfig((m_dir / "event.toml").string());
        ASSERT_TRUE(event.ok());
        auto store = AttendanceStore::Open((m_dir / "kiosk.db").string(), *event, "door-1");
        ASSERT_TRUE(store.ok()) << store.error().message;
        auto regs = SampleRegistrants();
        regs[0].holdNote = "";
        Registrant held = regs[0];
        held.id = "REG-5";
        held.holdNote = "collect a new badge";
        regs.push_back(held);
        ASSERT_TRUE(store->upsertRegistrants(regs, core::UpsertFields{true, false, true}).ok());
        ASSERT_TRUE(store->addStaff("amina", "Amina Diallo", "staff", "2468").ok());
    }
    void TearDown() override {
        // NOLINTNEXTLINE(concurrency-mt-unsafe): no thread of the test sets the environment
        if (std::getenv("ACCUEIL_KEEP_SCENARIO") == nullptr) {
            fs::remove_all(m_dir);
        }
    }

    // Runs the kiosk on `script`; `flags` go on its command line after the usual ones.
    int runScript(const std::string& script, const std::string& flags = "") {
        std::ofstream(m_dir / "script.txt") << script;
        return runKiosk("1920x1080", m_dir / "shots", flags);
    }
    // Runs the kiosk on script.txt in a screen and window of `size` ("WxH"), screenshots to
    // `shots`.
    int runKiosk(const std::string& size, const fs::path& shots, const std::string& flags = "") {
        std::string command = "xvfb-run -a -s \"-screen 0 ";
        command += size;
        command += "x24\" ";
        command += ACCUEIL_KIOSK_BINARY;
        command += " --config " + (m_dir / "kiosk.toml").string();
        command += " --windowed " + size;
        command += " --clock 2025-06-17T09:00 --script " + (m_dir / "script.txt").string();
        command += " --screenshot-dir " + shots.string();
        command += " " + flags;
        command += " 2>" + (m_dir / "stderr.txt").string();
        return RunCommand(command);
    }
    Image shot(const std::string& name) { return Load(m_dir / "shots" / (name + ".png")); }

    // Signs a badge for new delegates with a fresh key the event trusts, lists them, and
    // writes badges.txt for wedge-typing.sh: `perDelay` delegates at each delay (ms a key). Not 0
    // ms: GLFW drops a press that comes within the same X server millisecond as the last press of
    // the same key (its filter for presses XIM duplicates), so "AAAA" typed with no delay
    // arrives as "A"; a USB scanner cannot do that, a press and its release being two HID
    // reports at least 1 ms apart.
    std::vector<Registrant> signBadges(const std::vector<std::pair<int, int>>& perDelay) {
        auto pair = scanner::GenerateBadgeKey();
        EXPECT_TRUE(pair.ok());
        std::ifstream in(m_dir / "event.toml");
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const std::string line = "[badges]\n";
        text.insert(text.find(line) + line.size(), "public_keys = [\"" + pair->publicKey + "\"]\n");
        std::ofstream(m_dir / "event.toml") << text;
        m_event = *core::LoadEventConfig((m_dir / "event.toml").string());
        std::vector<Registrant> delegates;
        std::ofstream badges(m_dir / "badges.txt");
        for (const auto& [delayMs, count] : perDelay) {
            for (int i = 0; i < count; ++i) {
                Registrant r = SampleRegistrants()[0];
                r.id = "W-" + std::to_string(delegates.size() + 1);
                delegates.push_back(r);
                scanner::BadgeData data{m_event.id, r.id, 1, 1750000000, r.givenName, r.familyName};
                badges << delayMs << ' ' << r.id << ' '
                       << *scanner::IssueBadgeToken(pair->secretKey, data) << '\n';
            }
        }
        auto store = AttendanceStore::Open((m_dir / "kiosk.db").string(), m_event, "door-1");
        EXPECT_TRUE(store.ok() && store->upsertRegistrants(delegates).ok());
        return delegates;
    }

    // Types signBadges()'s badges into the kiosk as real X key events (xdotool) while a busy
    // loop per core keeps both cores full; `flags` go on the kiosk's command line; `evdev`:
    // written as a USB scanner's evdev records instead (accueil_scan_driver). Then reads its
    // database: each badge admitted once, by wedge, and no other scan.
    void typeBadgesIntoABusyKiosk(const std::vector<std::pair<int, int>>& perDelay,
                                  const std::string& flags, bool evdev = false) {
        if (!HaveXvfb() || RunCommand("command -v xdotool sqlite3 >/dev/null 2>&1") != 0) {
            GTEST_SKIP() << "xvfb-run, xdotool or sqlite3 is not installed";
        }
        const std::vector<Registrant> delegates = signBadges(perDelay);
        // The kiosk runs until the typing is over; the script only bounds it.
        std::ofstream(m_dir / "script.txt") << "wait 400000\n";
        const int rc =
            RunCommand(std::string("xvfb-run -a -s \"-screen 0 1920x1080x24\" sh ") +
                       ACCUEIL_SOURCE_DIR + "/tests/kiosk/app/wedge-typing.sh " + m_dir.string() +
                       " " + ACCUEIL_KIOSK_BINARY + " \"" + flags + "\"" +
                       (evdev ? std::string(" ") + ACCUEIL_SCAN_DRIVER : std::string()));
        ASSERT_EQ(rc, 0) << "see " << (m_dir / "stderr.txt");
        auto store = AttendanceStore::Open((m_dir / "kiosk.db").string(), m_event, "door-1");
        ASSERT_TRUE(store.ok());
        auto audit = store->recentAudit(1000);
        ASSERT_TRUE(audit.ok());
        int scans = 0;
        for (const AuditEntry& a : *audit) {
            if (a.action == "scan") {
                ++scans;
                EXPECT_EQ(a.outcome, "admitted") << a.registrantId << " " << a.detail;
            }
        }
        EXPECT_EQ(scans, static_cast<int>(delegates.size())); // no piece of a burst as a scan
        for (const Registrant& r : delegates) {
            auto history = store->history(r.id);
            ASSERT_TRUE(history.ok());
            ASSERT_EQ(history->size(), 1u) << r.id;
            EXPECT_EQ(history->front().method, Method::Wedge);
        }
    }

    fs::path m_dir;
    core::EventConfig m_event; ///< the event as signBadges() left it
};

} // namespace

TEST_F(Scenario, EveryOutcomeFillsTheScreenAndThePanelNeedsThePin) {
    if (!HaveXvfb()) {
        GTEST_SKIP() << "xvfb-run is not installed";
    }
    const int rc = runScript(
        "screenshot waiting\n"
        "key Escape\nkey Alt+F4\nscreenshot still_waiting\n"
        "scan REG-1\nscreenshot admitted\n"
        "scan REG-3\nscreenshot not_today\n"
        // The same badge within the debounce window is the same scan: come back after it.
        "wait 5100\nscan REG-1\nscreenshot welcome_back\n"
        "scan REG-4\nscreenshot cancelled\n"
        "scan REG-5\nscreenshot see_desk\n"
        "scan REG-404\nscreenshot not_recognised\n"
        "wedge hello there!\nscreenshot unreadable\n"
        "wedge REG-2\nscreenshot wedge_admitted\n"
        "key F12\ntype amina\nkey Enter\ntype 1111\nkey Enter\nwait 100\nscreenshot wrong_pin\n"
        "type 2468\nkey Enter\nwait 100\nscreenshot panel\n"
        "type lukasiewicz\nwait 200\nscreenshot search\n"
        "key F2\nwait 200\nscreenshot today\n"
        "key Escape\nwait 100\nscreenshot locked\n");
    ASSERT_EQ(rc, 0) << "see " << (m_dir / "stderr.txt");

    const Rgb waiting{16, 24, 40};
    EXPECT_GT(Share(shot("waiting"), waiting), 0.8);
    EXPECT_GT(Share(shot("still_waiting"), waiting), 0.8); // Escape and Alt+F4 changed nothing
    const std::array<std::pair<const char*, Outcome>, 8> outcomes = {{
        {"admitted", Outcome::Admitted},
        {"welcome_back", Outcome::WelcomeBack},
        {"not_today", Outcome::NotValidToday},
        {"cancelled", Outcome::Cancelled},
        {"see_desk", Outcome::SeeDesk},
        {"not_recognised", Outcome::NotRecognised},
        {"unreadable", Outcome::Unreadable},
        {"wedge_admitted", Outcome::Admitted},
    }};
    for (const auto& [name, outcome] : outcomes) {
        const Image image = shot(name);
        ASSERT_EQ(image.width, 1920) << name;
        EXPECT_GT(Share(image, StyleFor(outcome).background), 0.6) << name;
    }
    const Rgb login{30, 34, 44};
    const Rgb panel{245, 246, 248};
    EXPECT_GT(Share(shot("wrong_pin"), login), 0.5);
    EXPECT_LT(Share(shot("wrong_pin"), panel), 0.05); // no panel without the right PIN
    EXPECT_GT(Share(shot("panel"), panel), 0.5);
    EXPECT_GT(Share(shot("search"), panel), 0.5);
    EXPECT_GT(Share(shot("today"), panel), 0.3);
    EXPECT_GT(Share(shot("locked"), waiting), 0.8); // Escape locks the panel
}

TEST_F(Scenario, CameraFramesAreReadAndAnswered) {
    if (!HaveXvfb()) {
        GTEST_SKIP() << "xvfb-run is not installed";
    }
    // One camera frame with REG-2's code, then empty ones, replayed as a camera would send them.
    fs::create_directories(m_dir / "frames");
    auto qr = scanner::RenderQr("REG-2", 6);
    ASSERT_TRUE(qr.ok());
    scanner::GreyFrame frame{640, 480,
                             std::vector<std::uint8_t>(static_cast<std::size_t>(640) * 480, 170)};
    for (int y = 0; y < qr->height; ++y) {
        for (int x = 0; x < qr->width; ++x) {
            frame.at(x + 150, y + 100) = qr->at(x, y);
        }
    }
    ASSERT_TRUE(scanner::WritePng(frame, (m_dir / "frames/a.png").string()).ok());
    std::fill(frame.pixels.begin(), frame.pixels.end(), 170);
    ASSERT_TRUE(scanner::WritePng(frame, (m_dir / "frames/b.png").string()).ok());
    std::ofstream(m_dir / "script.txt") << "wait 1500\nscreenshot camera\n";
    const int rc = RunCommand(
        std::string("xvfb-run -a -s \"-screen 0 1920x1080x24\" ") + ACCUEIL_KIOSK_BINARY +
        " --config " + (m_dir / "kiosk.toml").string() +
        " --windowed 1920x1080 --clock 2025-06-17T09:00 --frames " + (m_dir / "frames").string() +
        " --script " + (m_dir / "script.txt").string() + " --screenshot-dir " +
        (m_dir / "shots").string() + " 2>" + (m_dir / "stderr.txt").string());
    ASSERT_EQ(rc, 0);
    EXPECT_GT(Share(shot("camera"), StyleFor(Outcome::Admitted).background), 0.6);
    auto event = core::LoadEventConfig((m_dir / "event.toml").string());
    auto store = AttendanceStore::Open((m_dir / "kiosk.db").string(), *event, "door-1");
    ASSERT_TRUE(store.ok());
    auto history = store->history("REG-2");
    ASSERT_TRUE(history.ok());
    ASSERT_EQ(history->size(), 1u);
    EXPECT_EQ(history->front().method, Method::Camera);
}

// The field failure: a wedge scanner typing into the real window while both cores are busy,
// so frames are slow and keys reach the kiosk late and in clumps. Every signed badge must be
// admitted once, with no other scan: fifty at 5 ms a key (a door's rush), and three each at
// 2 and 20 ms (the fastest and slowest scanners).
TEST_F(Scenario, WedgeBurstsTypedIntoABusyKioskAreEachOneScan) {
    typeBadgesIntoABusyKiosk({{2, 3}, {5, 50}, {20, 3}}, "");
}

// The production path: a USB scanner read through its evdev node (here a FIFO the records are
// written to as a scanner sends them, stamped on the kernel's clock), the kiosk as busy. The
// same fifty at 5 ms a key, three each at 0 ms (no gap at all: the kernel's stamps still
// order the keys) and 20 ms.
TEST_F(Scenario, EvdevBurstsIntoABusyKioskAreEachOneScan) {
    typeBadgesIntoABusyKiosk({{0, 3}, {5, 50}, {20, 3}}, "", true);
}

// The same while the camera's picture keeps the waiting screen drawing (30 frames a second,
// once an answer has gone): frames drawn while a burst arrives must not cut it.
TEST_F(Scenario, WedgeBurstsAreEachOneScanWhileTheCameraPictureIsDrawn) {
    fs::create_directories(m_dir / "frames");
    scanner::GreyFrame blank{320, 240, std::vector<std::uint8_t>(std::size_t{320} * 240, 120)};
    for (int i = 0; i < 1200; ++i) { // 40 s at 30 a second: longer than the typing
        ASSERT_TRUE(scanner::WritePng(
                        blank, (m_dir / "frames" / (std::to_string(10000 + i) + ".png")).string())
                        .ok());
    }
    typeBadgesIntoABusyKiosk({{2, 3}, {5, 3}, {20, 3}},
                             "--frames " + (m_dir / "frames").string() + " --frames-fps 30");
}

TEST_F(Scenario, AppKeysInKioskTomlApplyAndFlagsWin) {
    if (!HaveXvfb()) {
        GTEST_SKIP() << "xvfb-run is not installed";
    }
    std::ofstream(m_dir / "kiosk.toml", std::ios::app)
        << "[app]\npanel_key = \"F5\"\nstaff_card_prefix = \"CARD/\"\n";
    const Rgb waiting{16, 24, 40};
    const Rgb login{30, 34, 44};

    // The keys apply: F5 opens the sign-in and F12 no longer does; a CARD/ badge is a staff card.
    ASSERT_EQ(runScript("key F12\nwait 100\nscreenshot f12\n"
                        "key F5\nwait 100\nscreenshot f5\nkey Escape\nwait 100\n"
                        "scan CARD/amina\nwait 100\nscreenshot card\n"),
              0)
        << "see " << (m_dir / "stderr.txt");
    EXPECT_GT(Share(shot("f12"), waiting), 0.8);
    EXPECT_GT(Share(shot("f5"), login), 0.5);
    EXPECT_GT(Share(shot("card"), login), 0.5);

    // The flag wins: with --panel-key F6, F5 does nothing and F6 opens the sign-in.
    ASSERT_EQ(runScript("key F5\nwait 100\nscreenshot f5_flag\n"
                        "key F6\nwait 100\nscreenshot f6_flag\n",
                        "--panel-key F6"),
              0)
        << "see " << (m_dir / "stderr.txt");
    EXPECT_GT(Share(shot("f5_flag"), waiting), 0.8);
    EXPECT_GT(Share(shot("f6_flag"), login), 0.5);
}

// systemd stops a kiosk with SIGTERM: it leaves as staff leaving it would, status 0, with what
// it had admitted on disk, and promptly (its script alone would keep it ten minutes).
TEST_F(Scenario, SigtermStopsTheKioskCleanly) {
    if (!HaveXvfb() || RunCommand("command -v sqlite3 >/dev/null 2>&1") != 0) {
        GTEST_SKIP() << "xvfb-run or sqlite3 is not installed";
    }
    std::ofstream(m_dir / "script.txt") << "scan REG-1\nwait 600000\n";
    const std::string db = (m_dir / "kiosk.db").string();
    std::ofstream(m_dir / "stop.sh")
        << std::string(ACCUEIL_KIOSK_BINARY) << " --config " << (m_dir / "kiosk.toml").string()
        << " --windowed 1280x720 --clock 2025-06-17T09:00 --script "
        << (m_dir / "script.txt").string() << " 2>" << (m_dir / "stderr.txt").string()
        << " &\nk=$!\n"
        // Once the scan is on disk (at most 30 s), SIGTERM; then at most 10 s to leave.
        << "for _ in $(seq 1 300); do\n"
        << "  [ \"$(sqlite3 -cmd '.timeout 5000' " << db
        << " \"SELECT COUNT(*) FROM audit WHERE action = 'scan'\" 2>/dev/null)\" = 1 ] && break\n"
        << "  sleep 0.1\ndone\n"
        << "kill -TERM $k\n"
        << "for _ in $(seq 1 100); do kill -0 $k 2>/dev/null || break; sleep 0.1; done\n"
        << "if kill -0 $k 2>/dev/null; then kill -9 $k; exit 99; fi\n"
        << "wait $k\n";
    const int rc =
        RunCommand("xvfb-run -a -s \"-screen 0 1280x720x24\" sh " + (m_dir / "stop.sh").string());
    EXPECT_EQ(rc, 0) << "see " << (m_dir / "stderr.txt");
    std::ifstream err(m_dir / "stderr.txt");
    const std::string text((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("stopping: asked by a signal"), std::string::npos) << text;
    auto event = core::LoadEventConfig((m_dir / "event.toml").string());
    ASSERT_TRUE(event.ok());
    auto store = AttendanceStore::Open(db, *event, "door-1");
    ASSERT_TRUE(store.ok());
    auto history = store->history("REG-1");
    ASSERT_TRUE(history.ok());
    EXPECT_EQ(history->size(), 1u);
}

// The central revokes the kiosk: its sync wipes the names while it runs, and from then on, a
// restart too, the door says it is out of service in every language and admits nobody.
TEST_F(Scenario, ARevokedKioskWipesItselfAndStaysOutOfService) {
    if (!HaveXvfb() || RunCommand("command -v sqlite3 >/dev/null 2>&1") != 0) {
        GTEST_SKIP() << "xvfb-run or sqlite3 is not installed";
    }
    auto event = core::LoadEventConfig((m_dir / "event.toml").string());
    ASSERT_TRUE(event.ok());
    const std::string db = (m_dir / "kiosk.db").string();
    {
        auto store = AttendanceStore::Open(db, *event, "door-1");
        ASSERT_TRUE(store.ok());
        const ScanRequest scan =
            sync::test::PlainScan("REG-1", *event->calendar->parseTime("2025-06-17T08:30"));
        ASSERT_TRUE(store->recordScan(scan).ok());
    }
    sync::test::TempDir centralDir;
    sync::test::Central central(centralDir, *event);
    std::ofstream(m_dir / "door-1.token") << central.addKiosk("door-1") << '\n';
    ASSERT_TRUE(central.store->revokeKiosk("door-1"));
    std::ofstream(m_dir / "kiosk.toml", std::ios::app)
        << "[central]\nurl = \"" << central.url() << "\"\ntoken_file = \"door-1.token\"\n";

    // First run: the kiosk's first round meets the revocation; once the store says so (at
    // most 30 s), SIGTERM.
    std::ofstream(m_dir / "script.txt") << "wait 600000\n";
    std::ofstream(m_dir / "revoke.sh")
        << std::string(ACCUEIL_KIOSK_BINARY) << " --config " << (m_dir / "kiosk.toml").string()
        << " --windowed 1280x720 --clock 2025-06-17T09:00 --script "
        << (m_dir / "script.txt").string() << " 2>" << (m_dir / "stderr.txt").string()
        << " &\nk=$!\n"
        << "for _ in $(seq 1 300); do\n"
        << "  [ \"$(sqlite3 -cmd '.timeout 5000' " << db
        << " \"SELECT COUNT(*) FROM meta WHERE key = 'revoked_at'\" 2>/dev/null)\" = 1 ] && break\n"
        << "  sleep 0.1\ndone\n"
        << "kill -TERM $k\n"
        << "for _ in $(seq 1 100); do kill -0 $k 2>/dev/null || break; sleep 0.1; done\n"
        << "if kill -0 $k 2>/dev/null; then kill -9 $k; exit 99; fi\n"
        << "wait $k\n";
    ASSERT_EQ(
        RunCommand("xvfb-run -a -s \"-screen 0 1280x720x24\" sh " + (m_dir / "revoke.sh").string()),
        0)
        << "see " << (m_dir / "stderr.txt");

    // Second run: out of service at once, and a badge shown to it is not admitted.
    const int rc = runScript("screenshot out_of_service\nscan REG-2\nwait 300\n"
                             "screenshot after_scan\nkey F12\nscreenshot after_panel_key\n");
    ASSERT_EQ(rc, 0) << "see " << (m_dir / "stderr.txt");
    const Rgb outOfService{40, 40, 40};
    EXPECT_GT(Share(shot("out_of_service"), outOfService), 0.6);
    EXPECT_GT(Share(shot("after_scan"), outOfService), 0.6);
    EXPECT_GT(Share(shot("after_panel_key"), outOfService), 0.6);
    std::ifstream err(m_dir / "stderr.txt");
    const std::string text((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("revoked"), std::string::npos) << text;
    // Its staff accounts were erased on purpose: nothing to warn about.
    EXPECT_EQ(text.find("no staff account"), std::string::npos) << text;

    auto store = AttendanceStore::Open(db, *event, "door-1");
    ASSERT_TRUE(store.ok());
    auto history = store->history("REG-2");
    ASSERT_TRUE(history.ok());
    EXPECT_TRUE(history->empty());                  // refused
    EXPECT_EQ(store->history("REG-1")->size(), 1u); // the check-in before stays
    EXPECT_EQ(store->registrant("REG-1")->value().familyName, "");
    EXPECT_TRUE(store->listStaff()->empty());
}

// After the meeting the kiosk's store was purged: the door says it is out of service because
// the meeting is over, and admits nobody.
TEST_F(Scenario, AnExitDoorSaysGoodbyeAndRecordsTheExit) {
    if (!HaveXvfb()) {
        GTEST_SKIP() << "xvfb-run is not installed";
    }
    std::ofstream(m_dir / "kiosk.toml")
        << "[kiosk]\nid = \"door-1\"\ndatabase = \"kiosk.db\"\nevent = \"event.toml\"\n"
           "languages = [\"en\", \"fr\", \"es\"]\ndirection = \"out\"\n";
    const int rc = runScript("screenshot exit_waiting\n"
                             "scan REG-1\nscreenshot goodbye\n"
                             "scan REG-5\nscreenshot goodbye_hold\n"
                             "scan REG-404\nscreenshot exit_unknown\n");
    ASSERT_EQ(rc, 0) << "see " << (m_dir / "stderr.txt");
    const Rgb slate = StyleFor(Outcome::Goodbye).background;
    EXPECT_GT(Share(shot("exit_waiting"), slate), 0.02); // the "EXIT" band
    EXPECT_GT(Share(shot("goodbye"), slate), 0.6);
    EXPECT_LT(Share(shot("goodbye"), StyleFor(Outcome::Admitted).background), 0.01);
    EXPECT_GT(Share(shot("goodbye_hold"), slate), 0.4); // still goodbye, with a band for staff
    EXPECT_GT(Share(shot("exit_unknown"), StyleFor(Outcome::NotRecognised).background), 0.6);
    auto event = core::LoadEventConfig((m_dir / "event.toml").string());
    ASSERT_TRUE(event.ok());
    auto store = AttendanceStore::Open((m_dir / "kiosk.db").string(), *event, "door-1");
    ASSERT_TRUE(store.ok());
    for (const char* id : {"REG-1", "REG-5"}) {
        auto history = store->history(id);
        ASSERT_TRUE(history.ok());
        ASSERT_EQ(history->size(), 1U) << id;
        EXPECT_EQ(history->front().kind, core::EventKind::CheckOut) << id;
    }
}

TEST_F(Scenario, AnEntranceTurnsAmberNearItsZonesCapacityAndRedAtIt) {
    if (!HaveXvfb()) {
        GTEST_SKIP() << "xvfb-run is not installed";
    }
    std::ofstream(m_dir / "event.toml", std::ios::app)
        << "\n[zones.plenary]\ncapacity = 10\nname = { en = \"Plenary room\", fr = \"Salle "
           "plénière\" }\n";
    std::ofstream(m_dir / "kiosk.toml")
        << "[kiosk]\nid = \"door-1\"\ndatabase = \"kiosk.db\"\nevent = \"event.toml\"\n"
           "languages = [\"en\", \"fr\", \"es\"]\nzone = \"plenary\"\n";
    auto event = core::LoadEventConfig((m_dir / "event.toml").string());
    ASSERT_TRUE(event.ok()) << event.error().message;
    {
        // Eight already in the room this morning.
        auto store = AttendanceStore::Open((m_dir / "kiosk.db").string(), *event, "door-1");
        ASSERT_TRUE(store.ok());
        ASSERT_TRUE(store->setZone("plenary").ok());
        std::vector<Registrant> seated;
        for (int i = 1; i <= 9; ++i) {
            Registrant r = SampleRegistrants()[0];
            r.id = "PLN-" + std::to_string(i);
            seated.push_back(r);
        }
        ASSERT_TRUE(store->upsertRegistrants(seated).ok());
        for (int i = 1; i <= 8; ++i) {
            core::ScanRequest r;
            r.payload = "PLN-" + std::to_string(i);
            r.claim = scanner::ParsePlainId(r.payload);
            r.at = *event->calendar->parseTime("2025-06-17T08:30");
            ASSERT_TRUE(store->recordScan(r).ok());
        }
    }
    const int rc = runScript("screenshot eighty_percent\n"
                             "scan REG-1\nwait 3100\nscreenshot nearly_full\n"
                             "scan REG-2\nwait 3100\nscreenshot full\n"
                             "scan PLN-9\nscreenshot room_full\n");
    ASSERT_EQ(rc, 0) << "see " << (m_dir / "stderr.txt");
    const Rgb amber{255, 183, 3};
    const Rgb red = StyleFor(Outcome::RoomFull).background;
    EXPECT_LT(Share(shot("eighty_percent"), amber), 0.001);
    EXPECT_LT(Share(shot("eighty_percent"), red), 0.001);
    EXPECT_GT(Share(shot("nearly_full"), amber), 0.02);
    EXPECT_LT(Share(shot("full"), amber), 0.001);
    EXPECT_GT(Share(shot("full"), red), 0.02);
    EXPECT_GT(Share(shot("room_full"), red), 0.6);
    auto store = AttendanceStore::Open((m_dir / "kiosk.db").string(), *event, "door-1");
    ASSERT_TRUE(store.ok());
    EXPECT_TRUE(store->history("PLN-9")->empty()); // refused, nothing recorded
}

TEST_F(Scenario, APurgedKioskIsOutOfServiceAndSaysWhy) {
    if (!HaveXvfb()) {
        GTEST_SKIP() << "xvfb-run is not installed";
    }
    auto event = core::LoadEventConfig((m_dir / "event.toml").string());
    ASSERT_TRUE(event.ok());
    const std::string db = (m_dir / "kiosk.db").string();
    {
        auto store = AttendanceStore::Open(db, *event, "door-1");
        ASSERT_TRUE(store.ok());
        ASSERT_TRUE(
            core::PurgeAfterEvent(*store, *event->calendar->parseTime("2025-06-21T09:00"), true)
                .ok());
    }
    const int rc = runScript("screenshot purged\nscan REG-1\nwait 300\nscreenshot after_scan\n");
    ASSERT_EQ(rc, 0) << "see " << (m_dir / "stderr.txt");
    const Rgb outOfService{40, 40, 40};
    EXPECT_GT(Share(shot("purged"), outOfService), 0.6);
    EXPECT_GT(Share(shot("after_scan"), outOfService), 0.6);
    std::ifstream err(m_dir / "stderr.txt");
    const std::string text((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("purged"), std::string::npos) << text;
    EXPECT_EQ(text.find("no staff account"), std::string::npos) << text;
    auto store = AttendanceStore::Open(db, *event, "door-1");
    ASSERT_TRUE(store.ok());
    EXPECT_TRUE(store->history("REG-1")->empty());
}

TEST_F(Scenario, UnknownScriptCommandFailsWithItsLine) {
    std::ofstream(m_dir / "bad.txt") << "scan REG-1\njump\n";
    const int rc = RunCommand(std::string(ACCUEIL_KIOSK_BINARY) + " --config " +
                              (m_dir / "kiosk.toml").string() + " --script " +
                              (m_dir / "bad.txt").string() + " 2>" + (m_dir / "err.txt").string());
    EXPECT_NE(rc, 0);
    std::ifstream err(m_dir / "err.txt");
    const std::string text((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("line 2"), std::string::npos) << text;
}

// What a venue's IT types first: --version answers; a wrong option or no --config is a usage
// error (status 2) that names the option, before any window or file is touched.
TEST_F(Scenario, VersionAndUsageErrors) {
    const std::string kiosk = ACCUEIL_KIOSK_BINARY;
    const std::string out = (m_dir / "out.txt").string();
    auto read = [&out] {
        std::ifstream in(out);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };
    EXPECT_EQ(RunCommand(kiosk + " --version >" + out + " 2>&1"), 0);
    EXPECT_EQ(read(), std::string("accueil-kiosk ") + ACCUEIL_VERSION + "\n");
    EXPECT_EQ(RunCommand(kiosk + " --config " + (m_dir / "kiosk.toml").string() + " --bogus >" +
                         out + " 2>&1"),
              2);
    EXPECT_NE(read().find("--bogus"), std::string::npos) << read();
    EXPECT_EQ(RunCommand(kiosk + " >" + out + " 2>&1"), 2);
    EXPECT_NE(read().find("--config is required"), std::string::npos) << read();
}

// A mistyped database path with no central to fill it: the kiosk says so and stops (status 5)
// rather than opening a door on an empty list, and makes no file.
TEST_F(Scenario, AMissingDatabaseWithoutACentralIsRefused) {
    std::ofstream(m_dir / "typo.toml")
        << "[kiosk]\nid = \"door-1\"\ndatabase = \"kiosk-typo.db\"\nevent = \"event.toml\"\n";
    const int rc =
        RunCommand(std::string(ACCUEIL_KIOSK_BINARY) + " --config " +
                   (m_dir / "typo.toml").string() + " 2>" + (m_dir / "err.txt").string());
    EXPECT_EQ(rc, 5);
    std::ifstream err(m_dir / "err.txt");
    const std::string text((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("kiosk-typo.db does not exist"), std::string::npos) << text;
    EXPECT_FALSE(fs::exists(m_dir / "kiosk-typo.db"));
}

TEST_F(Scenario, WithoutADisplayItSaysHowToGetOne) {
    const int rc = RunCommand(
        std::string("env -u DISPLAY -u WAYLAND_DISPLAY ") + ACCUEIL_KIOSK_BINARY + " --config " +
        (m_dir / "kiosk.toml").string() + " 2>" + (m_dir / "err.txt").string());
    EXPECT_EQ(rc, 6);
    std::ifstream err(m_dir / "err.txt");
    const std::string text((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("xvfb-run"), std::string::npos) << text;
}

// Where the translations come from (AssetsDir.h): a given --assets or ACCUEIL_ASSETS_DIR
// without i18n/ stops the kiosk with status 3, naming it; a binary copied into a prefix finds
// PREFIX/share/accueil beside PREFIX/bin, as the installed one finds /usr/share/accueil.
// (Without a display the kiosk then gets as far as the window: status 6.)
TEST_F(Scenario, AssetsAreFoundInstalledOrTheKioskSaysWhereItLooked) {
    const std::string config = " --config " + (m_dir / "kiosk.toml").string();
    const std::string err = (m_dir / "err.txt").string();
    auto read = [&err] {
        std::ifstream in(err);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };
    const std::string noDisplay = "env -u DISPLAY -u WAYLAND_DISPLAY ";
    EXPECT_EQ(RunCommand(noDisplay + ACCUEIL_KIOSK_BINARY + config + " --assets " +
                         (m_dir / "nope").string() + " 2>" + err),
              3);
    EXPECT_NE(read().find((m_dir / "nope").string() + " (--assets)"), std::string::npos) << read();
    EXPECT_EQ(RunCommand(noDisplay + "ACCUEIL_ASSETS_DIR=" + (m_dir / "none").string() + " " +
                         ACCUEIL_KIOSK_BINARY + config + " 2>" + err),
              3);
    EXPECT_NE(read().find((m_dir / "none").string() + " (ACCUEIL_ASSETS_DIR)"), std::string::npos)
        << read();

    // An installed layout: PREFIX/bin/accueil-kiosk with nothing in PREFIX/share/accueil yet.
    const fs::path prefix = m_dir / "prefix";
    fs::create_directories(prefix / "bin");
    fs::copy_file(ACCUEIL_KIOSK_BINARY, prefix / "bin" / "accueil-kiosk");
    const std::string installed = noDisplay + "-u ACCUEIL_ASSETS_DIR " +
                                  (prefix / "bin" / "accueil-kiosk").string() + config + " 2>" +
                                  err;
#ifdef ACCUEIL_PACKAGING_BUILD
    // No source tree compiled in: nothing else to fall back on.
    EXPECT_EQ(RunCommand(installed), 3);
    EXPECT_NE(read().find((prefix / "share" / "accueil").string() + " (installed)"),
              std::string::npos)
        << read();
#else
    EXPECT_EQ(RunCommand(installed), 6) << read(); // the source tree's, last
#endif
    fs::create_directories(prefix / "share" / "accueil");
    fs::copy(fs::path(ACCUEIL_SOURCE_DIR) / "assets" / "i18n",
             prefix / "share" / "accueil" / "i18n");
    EXPECT_EQ(RunCommand(installed), 6) << read();
}

namespace {

// The part of `image` from (x0, y0) to (x1, y1), as shares of its width and height.
Image Crop(const Image& image, double x0, double y0, double x1, double y1) {
    Image out;
    const auto px = [&](double share, int size) { return static_cast<int>(share * size); };
    out.width = px(x1, image.width) - px(x0, image.width);
    out.height = px(y1, image.height) - px(y0, image.height);
    for (int y = px(y0, image.height); y < px(y1, image.height); ++y) {
        const auto row = image.rgb.begin() +
                         (static_cast<std::ptrdiff_t>(y) * image.width + px(x0, image.width)) * 3;
        out.rgb.insert(out.rgb.end(), row, row + static_cast<std::ptrdiff_t>(out.width) * 3);
    }
    return out;
}

} // namespace

// A registrant with an attention note gets the usual green welcome, and staff an amber band in
// the top-left corner; an attention arrival at another door puts a small mark in the waiting
// screen's status corner until staff open the Today tab. In English and in French.
TEST_F(Scenario, AnAttentionNoteIsABandForStaffAndArrivalsElsewhereAMark) {
    if (!HaveXvfb()) {
        GTEST_SKIP() << "xvfb-run is not installed";
    }
    auto event = core::LoadEventConfig((m_dir / "event.toml").string());
    ASSERT_TRUE(event.ok());
    {
        Registrant minister = SampleRegistrants()[3];
        minister.id = "REG-6";
        minister.status = RegistrantStatus::Active; // a copy of a cancelled one
        minister.attention = "Minister: escort to room XX";
        Registrant ministre = minister; // for the second run: the first admitted REG-6 today
        ministre.id = "REG-8";
        ministre.attention = "Ministre : accompagner en salle XX";
        Registrant ambassador = SampleRegistrants()[1];
        ambassador.id = "REG-7";
        ambassador.attention = "Ambassador, wheelchair user: lift B";
        auto store = AttendanceStore::Open((m_dir / "kiosk.db").string(), *event, "door-1");
        ASSERT_TRUE(store.ok()) << store.error().message;
        ASSERT_TRUE(store->upsertRegistrants({minister, ministre, ambassador},
                                             core::UpsertFields{false, false, false, true}));
        // door-2 admitted the ambassador earlier, as the sync pull brings it in.
        AttendanceEvent elsewhere;
        elsewhere.uuid = NewUuid();
        elsewhere.registrantId = "REG-7";
        elsewhere.day = "2025-06-17";
        elsewhere.kind = EventKind::CheckIn;
        elsewhere.kioskId = "door-2";
        elsewhere.at = *event->calendar->parseTime("2025-06-17T08:30:00");
        elsewhere.method = Method::Camera;
        ASSERT_TRUE(core::ApplyRemoteAttendance(*store, {elsewhere}, 1));
    }
    const Rgb waiting{16, 24, 40};
    for (const std::string lang : {"en", "fr"}) {
        // The kiosk's language, which staff read the band in.
        std::ofstream(m_dir / "kiosk.toml")
            << "[kiosk]\nid = \"door-1\"\ndatabase = \"kiosk.db\"\nevent = \"event.toml\"\n"
            << "languages = [\"" << lang << "\"]\n[staff]\nauto_lock_seconds = 120\n";
        const std::string plainId = lang == "en" ? "REG-1" : "REG-2";
        const std::string noteId = lang == "en" ? "REG-6" : "REG-8";
        std::string script;
        const auto then = [&](const std::string& steps, const char* shotName) {
            script.append(steps).append("screenshot ").append(lang).append(shotName).append("\n");
        };
        then("wait 300\n", "_mark");
        then("scan " + plainId + "\n", "_plain");
        then("scan " + noteId + "\n", "_attention");
        then("key F12\ntype amina\nkey Enter\ntype 2468\nkey Enter\nwait 100\nkey F2\nwait 300\n",
             "_today");
        then("key Escape\nwait 300\n", "_seen");
        const int rc = runScript(script);
        ASSERT_EQ(rc, 0) << "see " << (m_dir / "stderr.txt");

        const Image mark = shot(lang + "_mark");
        EXPECT_GT(Share(mark, waiting), 0.8) << lang;
        EXPECT_GT(Share(Crop(mark, 0.85, 0.9, 1.0, 1.0), kAttentionBand), 0.05) << lang;
        EXPECT_LT(Share(Crop(mark, 0.0, 0.0, 0.85, 1.0), kAttentionBand), 0.001) << lang;

        const Rgb green = StyleFor(Outcome::Admitted).background;
        const Image plain = shot(lang + "_plain");
        const Image attention = shot(lang + "_attention");
        EXPECT_GT(Share(attention, green), 0.5) << lang; // the delegate's usual welcome
        EXPECT_LT(Share(plain, kAttentionBand), 0.001) << lang;
        EXPECT_GT(Share(Crop(attention, 0.0, 0.0, 0.36, 0.27), kAttentionBand), 0.3) << lang;
        // Outside the corner band, nothing of it: the delegate's part of the screen is as ever.
        EXPECT_LT(Share(Crop(attention, 0.37, 0.0, 1.0, 1.0), kAttentionBand), 0.001) << lang;
        EXPECT_LT(Share(Crop(attention, 0.0, 0.28, 1.0, 1.0), kAttentionBand), 0.001) << lang;

        EXPECT_GT(Share(shot(lang + "_today"), Rgb{245, 246, 248}), 0.3) << lang;
        const Image seen = shot(lang + "_seen");
        EXPECT_GT(Share(seen, waiting), 0.8) << lang;
        EXPECT_LT(Share(Crop(seen, 0.85, 0.9, 1.0, 1.0), kAttentionBand), 0.001) << lang;
    }
}

// A registrant's photo on the staff card and, with photo_on_outcome, beside the name on the
// outcome screen: found in the screenshots by its two colours, one above the other, with the
// photo's proportions; someone without a photo gets no picture and no placeholder.
TEST_F(Scenario, ThePhotoIsOnTheStaffCardAndTheOutcomeScreen) {
    if (!HaveXvfb()) {
        GTEST_SKIP() << "xvfb-run is not installed";
    }
    // Colours no screen of the kiosk uses: magenta over teal, 240 x 320 as stored.
    const Rgb top{230, 0, 160};
    const Rgb bottom{0, 170, 170};
    core::RgbImage picture{240, 320, {}};
    for (int y = 0; y < picture.height; ++y) {
        for (int x = 0; x < picture.width; ++x) {
            const Rgb c = y < picture.height / 2 ? top : bottom;
            picture.pixels.insert(picture.pixels.end(), {c.r, c.g, c.b});
        }
    }
    {
        auto event = core::LoadEventConfig((m_dir / "event.toml").string());
        auto store = AttendanceStore::Open((m_dir / "kiosk.db").string(), *event, "door-1");
        ASSERT_TRUE(store.ok());
        ASSERT_TRUE(core::ImportPhotos(*store, {core::Photo{"REG-1", *core::EncodeJpeg(picture)}}));
    }
    std::ifstream in(m_dir / "event.toml");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text.insert(text.find("[event]\n") + 8, "photo_on_outcome = true\n");
    std::ofstream(m_dir / "event.toml") << text;

    const int rc = runScript("scan REG-1\nwait 300\nscreenshot outcome_photo\n"
                             "scan REG-2\nwait 300\nscreenshot outcome_no_photo\n"
                             "key F12\ntype amina\nkey Enter\ntype 2468\nkey Enter\nwait 100\n"
                             "scan REG-1\nwait 300\nscreenshot card_photo\n"
                             "scan REG-2\nwait 300\nscreenshot card_no_photo\n");
    ASSERT_EQ(rc, 0) << "see " << (m_dir / "stderr.txt");

    const auto expectPhoto = [&](const std::string& name, int maxLeft) {
        const Image image = shot(name);
        ASSERT_EQ(image.width, 1920) << name;
        const Region upper = Find(image, top);
        const Region lower = Find(image, bottom);
        ASSERT_GT(upper.count, 5000) << name;
        ASSERT_GT(lower.count, 5000) << name;
        // Solid: the colours fill their boxes; the halves stand on each other, equally wide.
        EXPECT_GT(upper.count, upper.width() * upper.height() * 9 / 10) << name;
        EXPECT_NEAR(lower.top, upper.bottom + 1, 3) << name;
        EXPECT_NEAR(lower.left, upper.left, 2) << name;
        EXPECT_NEAR(lower.width(), upper.width(), 3) << name;
        // The whole photo keeps its 3:4 proportions, at the screen's left.
        const double aspect =
            static_cast<double>(upper.width()) / static_cast<double>(lower.bottom - upper.top + 1);
        EXPECT_NEAR(aspect, 0.75, 0.03) << name;
        EXPECT_LT(upper.left, maxLeft) << name;
    };
    expectPhoto("outcome_photo", 1920 / 4);
    expectPhoto("card_photo", 1920 / 2);
    EXPECT_GT(Share(shot("outcome_photo"), StyleFor(Outcome::Admitted).background), 0.5);
    for (const char* name : {"outcome_no_photo", "card_no_photo"}) {
        const Image image = shot(name);
        EXPECT_EQ(Find(image, top).count + Find(image, bottom).count, 0) << name;
    }
    EXPECT_GT(Share(shot("card_photo"), Rgb{245, 246, 248}), 0.4); // the panel
}

// Delegates whose language is Arabic, Chinese or Russian are welcomed in it, their names drawn
// from the fonts (no "?"); a name in a script no font has is logged by its code point. The
// screenshots stay in the build tree (scenario-shots/languages) to be looked at.
TEST_F(Scenario, DelegatesAreWelcomedInTheirLanguageWithTheirNamesDrawn) {
    if (!HaveXvfb()) {
        GTEST_SKIP() << "xvfb-run is not installed";
    }
    auto event = core::LoadEventConfig((m_dir / "event.toml").string());
    ASSERT_TRUE(event.ok());
    {
        const std::vector<Registrant> list = Registrants({
            {"REG-11", "ar", "فاطمة", "الهاشمي", "الجمهورية التونسية"},
            {"REG-12", "zh", "美玲", "王", "中国"},
            {"REG-13", "ru", "Дмитрий", "Добрынин", "Российская Федерация"},
            {"REG-14", "", "ཀུན་བཟང", "Sharma", "India"}, // Tibetan: no font the kiosk loads has it
        });
        auto store = AttendanceStore::Open((m_dir / "kiosk.db").string(), *event, "door-1");
        ASSERT_TRUE(store.ok()) << store.error().message;
        ASSERT_TRUE(store->upsertRegistrants(list, core::UpsertFields{false, false, true}));
    }
    std::ofstream(m_dir / "kiosk.toml")
        << "[kiosk]\nid = \"door-1\"\ndatabase = \"kiosk.db\"\nevent = \"event.toml\"\n"
        << "languages = [\"en\", \"fr\", \"es\", \"ar\", \"zh\", \"ru\"]\n";
    const fs::path shots = fs::path(ACCUEIL_SCENARIO_SHOTS) / "languages";
    fs::remove_all(shots);
    fs::create_directories(shots);
    std::ofstream(m_dir / "script.txt") << "wait 300\nscreenshot waiting\n"
                                        << "scan REG-11\nscreenshot ar_outcome\n"
                                        << "scan REG-12\nscreenshot zh_outcome\n"
                                        << "scan REG-13\nscreenshot ru_outcome\n"
                                        << "scan REG-14\nscreenshot missing_glyph\n";
    const int rc = runKiosk("1920x1080", shots);
    std::ifstream in(m_dir / "stderr.txt");
    const std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_EQ(rc, 0) << log;
    // The one name no font has is said once, by its code points; nothing else is missing.
    EXPECT_NE(log.find("no font has U+0F0B, U+0F40"), std::string::npos) << log;
    EXPECT_EQ(log.find("no font has"), log.rfind("no font has")) << log;

    const Rgb green = StyleFor(Outcome::Admitted).background;
    const Rgb ink{255, 255, 255};
    std::array<Region, 3> headlines{};
    const std::array<const char*, 3> names{"ar_outcome", "zh_outcome", "ru_outcome"};
    for (std::size_t i = 0; i < names.size(); ++i) {
        const Image image = Load(shots / (std::string(names[i]) + ".png"));
        ASSERT_GT(Share(image, green), 0.5) << names[i];
        headlines[i] = Find(Crop(image, 0.0, 0.2, 1.0, 0.4), ink);
        EXPECT_GT(headlines[i].count, 500) << names[i];
    }
    // Each in its own words: "欢迎" is far narrower than "ДОБРО ПОЖАЛОВАТЬ".
    EXPECT_LT(headlines[1].width() * 3, headlines[2].width());
}

} // namespace accueil::kiosk::app::test

namespace accueil::kiosk::app::test {

namespace {

// NAME.boxes.tsv beside a screenshot: where each text of that frame landed.
std::vector<TextBox> ReadTextBoxes(const fs::path& path) {
    std::vector<TextBox> boxes;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        TextBox box;
        fields >> box.x0 >> box.y0 >> box.x1 >> box.y1;
        fields.ignore(1);
        std::getline(fields, box.text);
        boxes.push_back(box);
    }
    return boxes;
}

// Delegates whose names and delegations run long in each language, and one with a note for
// staff, for the layout runs.
std::vector<Registrant> LongNamedDelegates() {
    std::vector<Registrant> list = Registrants({
        {"L-ES", "es", "María de los Ángeles", "Fernández-Villaverde y Rodríguez de la Concepción",
         "República Bolivariana de Venezuela"},
        {"L-RU", "ru", "Александра Константиновна", "Преображенская-Ростовская",
         "Российская Федерация"},
        {"L-AR", "ar", "عبد الرحمن بن عبد العزيز", "آل سعود", "المملكة العربية السعودية"},
        {"L-ZH", "zh", "明轩", "欧阳", "中华人民共和国"},
        {"L-FR", "fr", "Marie-Hélène", "de La Rochefoucauld-Liancourt",
         "Organisation internationale de la Francophonie"},
        {"L-HI", "en", "किशोर कुमार", "श्रीवास्तव", "भारत गणराज्य"}, // set by Pango
        {"L-EN", "en", "Christopher Alexander", "Montgomery-Fitzwilliam",
         "International Campaign to Ban Landmines – Cluster Munition Coalition"},
    });
    list.back().attention = "Head of delegation, wheelchair user: take lift B to the plenary";
    return list;
}

} // namespace

// Every screen at every size the issue names, in Spanish (the longest words) and in Arabic
// (mirrored): no text box overlaps another, none runs off the screen, no button label is cut.
// The kiosk writes each frame's text boxes beside its screenshot.
TEST_F(Scenario, TextHoldsItsPlaceAtEverySize) {
    if (!HaveXvfb()) {
        GTEST_SKIP() << "xvfb-run is not installed";
    }
    auto event = core::LoadEventConfig((m_dir / "event.toml").string());
    ASSERT_TRUE(event.ok());
    {
        auto store = AttendanceStore::Open((m_dir / "kiosk.db").string(), *event, "door-1");
        ASSERT_TRUE(store.ok()) << store.error().message;
        ASSERT_TRUE(store->upsertRegistrants(LongNamedDelegates(),
                                             core::UpsertFields{false, false, true, true}));
    }
    fs::copy_file(m_dir / "kiosk.db", m_dir / "list.db");
    const std::string script = "wait 300\nscreenshot waiting\n"
                               "scan L-ES\nscreenshot es\nscan L-RU\nscreenshot ru\n"
                               "scan L-AR\nscreenshot ar\nscan L-ZH\nscreenshot zh\n"
                               "scan L-FR\nscreenshot fr\nscan L-HI\nscreenshot hi\n"
                               "scan L-EN\nscreenshot en_note\n"
                               "scan REG-5\nscreenshot see_desk\nscan REG-3\nscreenshot not_today\n"
                               "key F12\ntype amina\nkey Enter\ntype 1111\nkey Enter\nwait 100\n"
                               "screenshot wrong_pin\ntype 2468\nkey Enter\nwait 300\n"
                               "type Fernandez\nwait 300\nkey Enter\nwait 300\nscreenshot card\n"
                               "key F2\nwait 300\nscreenshot today\n"
                               "key F3\nwait 300\nscreenshot kiosk_tab\n";
    const std::array<const char*, 14> shots{"waiting",   "es",   "ru",      "ar",       "zh",
                                            "fr",        "hi",   "en_note", "see_desk", "not_today",
                                            "wrong_pin", "card", "today",   "kiosk_tab"};
    struct Run {
        int width;
        int height;
        const char* languages;
    };
    const std::array<Run, 7> runs{{{1024, 600, R"("es", "en", "fr", "ar", "zh", "ru")"},
                                   {1280, 800, R"("es", "en", "fr", "ar", "zh", "ru")"},
                                   {1920, 1080, R"("es", "en", "fr", "ar", "zh", "ru")"},
                                   {3840, 2160, R"("es", "en", "fr", "ar", "zh", "ru")"},
                                   {1080, 1920, R"("es", "en", "fr", "ar", "zh", "ru")"},
                                   {1024, 600, R"("ar", "en", "fr", "es", "zh", "ru")"},
                                   {1080, 1920, R"("ar", "en", "fr", "es", "zh", "ru")"}}};
    std::ofstream(m_dir / "script.txt") << script;
    for (const Run& run : runs) {
        const std::string size = std::to_string(run.width) + "x" + std::to_string(run.height);
        const std::string language = std::string(run.languages).substr(1, 2);
        std::string runName = "layout-" + language;
        runName += "-" + size;
        const fs::path shotsDir = fs::path(ACCUEIL_SCENARIO_SHOTS) / runName;
        fs::remove_all(shotsDir);
        fs::create_directories(shotsDir);
        std::ofstream(m_dir / "kiosk.toml")
            << "[kiosk]\nid = \"door-1\"\ndatabase = \"kiosk.db\"\nevent = \"event.toml\"\n"
            << "languages = [" << run.languages << "]\n[staff]\nauto_lock_seconds = 120\n";
        // Each run starts from the same list with no entries, so it sees the same answers.
        fs::remove(m_dir / "kiosk.db-wal");
        fs::remove(m_dir / "kiosk.db-shm");
        fs::copy_file(m_dir / "list.db", m_dir / "kiosk.db", fs::copy_options::overwrite_existing);
        const int rc = runKiosk(size, shotsDir);
        ASSERT_EQ(rc, 0) << size << ": see " << (m_dir / "stderr.txt");
        for (const char* name : shots) {
            SCOPED_TRACE(::testing::Message() << name << " at " << size << " in " << language);
            const Image image = Load(shotsDir / (std::string(name) + ".png"));
            EXPECT_EQ(image.width, run.width);
            const std::vector<TextBox> boxes =
                ReadTextBoxes(shotsDir / (std::string(name) + ".boxes.tsv"));
            EXPECT_GE(boxes.size(), 3U); // the screen's words were noted
            if (std::string(name) == "hi") {
                // The Devanagari name is Pango's image, drawn where its box says: white ink there.
                const auto box = std::find_if(boxes.begin(), boxes.end(), [](const TextBox& b) {
                    return b.text == "किशोर कुमार श्रीवास्तव";
                });
                ASSERT_NE(box, boxes.end());
                const double w = run.width;
                const double h = run.height;
                const Image line = Crop(image, box->x0 / w, box->y0 / h, box->x1 / w, box->y1 / h);
                EXPECT_GT(Share(line, Rgb{255, 255, 255}), 0.1);
            }
            for (const std::string& fault : LayoutFaults(boxes, static_cast<float>(run.width),
                                                         static_cast<float>(run.height))) {
                ADD_FAILURE() << fault;
            }
        }
    }
}

} // namespace accueil::kiosk::app::test
