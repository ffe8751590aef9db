// SPDX-License-Identifier: Apache-2.0
// The real `accueil doctor` against kiosks set up with `accueil` commands and a real central on
// loopback: healthy, a readable database, a damaged one, the central down, a wrong token, the
// central's own file, --json, and a central whose clock is five minutes off.

#include "AccueilProcess.h"
#include "SyncTestEnv.h"

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <ctime>
#include <fstream>
#include <sstream>
#include <thread>

namespace accueil::sync::test {
namespace {

// The lines of the report after its first (which names the kind).
std::vector<std::string> CheckLines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        if (line.find(" checks: ") == std::string::npos && !line.empty()) {
            lines.push_back(line);
        }
    }
    return lines;
}

// The line of check `name`, or "" when the report has none.
std::string LineOf(const std::string& text, const std::string& name) {
    for (const auto& line : CheckLines(text)) {
        std::istringstream words(line);
        std::string status;
        std::string check;
        words >> status >> check;
        if (check == name) {
            return line;
        }
    }
    return {};
}

bool StartsWith(const std::string& text, const std::string& prefix) {
    return text.rfind(prefix, 0) == 0;
}

struct DoctorFixture : ::testing::Test {
    TempDir dir;
    int port = FreePort();
    std::string central = dir.file("central.toml");

    void SetUp() override {
        std::ifstream in(ACCUEIL_SOURCE_DIR "/config/event.toml");
        std::stringstream text;
        text << in.rdbuf();
        WriteFile(dir.file("event.toml"), text.str());
        WriteFile(central, "[central]\ndatabase = \"central.db\"\nlisten = \"127.0.0.1:" +
                               std::to_string(port) +
                               "\"\nevent = \"event.toml\"\nlog_level = \"warn\"\n");
        // As the database's folder is on a real installation (/var/lib/accueil, 0700): the
        // system temp folder's default would be a permissions warning in every report.
        std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all);
        ASSERT_EQ(Accueil({"central", "--config", central, "init"}), 0);
        ASSERT_EQ(Accueil({"central", "--config", central, "kiosk", "add", "--id", "door-1",
                           "--token-file", dir.file("door-1.token")}),
                  0);
    }

    // A kiosk synced once with the running central and given one staff account.
    std::string kiosk(const std::string& url) const {
        std::string path = dir.file("door-1.toml");
        WriteFile(path, "[kiosk]\nid = \"door-1\"\ndatabase = \"door-1.db\"\nevent = "
                        "\"event.toml\"\n[central]\nurl = \"" +
                            url + "\"\ntoken_file = \"door-1.token\"\n");
        return path;
    }

    std::string centralUrl() const { return "http://127.0.0.1:" + std::to_string(port); }

    std::string readyKiosk() const {
        std::string k = kiosk(centralUrl());
        EXPECT_EQ(Accueil({"sync", "--config", k, "--once", "--timeout-ms", "3000"}), 0);
        WriteFile(dir.file("pin"), "2468\n");
        // The PIN comes on standard input, as an operator types it.
        EXPECT_EQ(Wait(Spawn({"/bin/sh", "-c",
                              "exec \"$0\" staff add --config \"$1\" --id S-01 --name Ana < \"$2\"",
                              kAccueil, k, dir.file("pin")},
                             nullptr)),
                  0);
        return k;
    }
};

TEST_F(DoctorFixture, HealthyKioskPasses) {
    ServeProcess serve(central);
    const std::string k = readyKiosk();
    const auto [text, status] = AccueilOutput({"doctor", "--config", k});
    EXPECT_EQ(status, 0) << text;
    EXPECT_TRUE(StartsWith(text, "kiosk: ")) << text;
    const auto lines = CheckLines(text);
    EXPECT_GE(lines.size(), 10U);
    for (const auto& line : lines) {
        EXPECT_TRUE(StartsWith(line, "ok ") || StartsWith(line, "warning ")) << line;
    }
    EXPECT_TRUE(StartsWith(LineOf(text, "staff"), "ok ")) << text;
    EXPECT_TRUE(StartsWith(LineOf(text, "central-token"), "ok ")) << text;
    EXPECT_TRUE(StartsWith(LineOf(text, "token-file"), "ok ")) << text; // kiosk add's 0600
    EXPECT_TRUE(StartsWith(LineOf(text, "clock"), "ok ")) << text;
    EXPECT_TRUE(StartsWith(LineOf(text, "database-permissions"), "ok ")) << text;
}

// The kiosk program of this build, put on PATH for the doctor to find.
const std::string kKioskPath = "PATH=" ACCUEIL_BINARY_DIR "/kiosk/app:/usr/bin:/bin";

TEST_F(DoctorFixture, RendererWithoutADisplayIsAWarning) {
    ServeProcess serve(central);
    const std::string k = readyKiosk();
    const auto [text, status] =
        CommandOutput({"/usr/bin/env", "-u", "DISPLAY", "-u", "WAYLAND_DISPLAY", kKioskPath,
                       kAccueil, "doctor", "--config", k});
    EXPECT_EQ(status, 0) << text;
    const std::string line = LineOf(text, "renderer");
    EXPECT_TRUE(StartsWith(line, "warning ")) << text;
    EXPECT_NE(line.find("no OpenGL window"), std::string::npos) << line;
}

TEST_F(DoctorFixture, RendererUnderXvfb) {
    if (::access("/usr/bin/xvfb-run", X_OK) != 0) {
        GTEST_SKIP() << "xvfb-run is not installed";
    }
    ServeProcess serve(central);
    const std::string k = readyKiosk();
    const auto [text, status] = CommandOutput(
        {"/usr/bin/xvfb-run", "-a", "/usr/bin/env", kKioskPath, kAccueil, "doctor", "--config", k});
    EXPECT_EQ(status, 0) << text;
    EXPECT_TRUE(StartsWith(LineOf(text, "display"), "ok ")) << text;
    const std::string line = LineOf(text, "renderer");
    // Xvfb draws with Mesa on the CPU: a warning naming it; on a GPU it would be ok.
    EXPECT_NE(line.find(", OpenGL "), std::string::npos) << text;
    if (line.find("llvmpipe") != std::string::npos) {
        EXPECT_TRUE(StartsWith(line, "warning ")) << line;
        EXPECT_NE(line.find("no GPU driver"), std::string::npos) << line;
    }
}

TEST_F(DoctorFixture, ReadableDatabaseIsAWarningWithTheChmod) {
    ServeProcess serve(central);
    const std::string k = readyKiosk();
    ASSERT_EQ(::chmod(dir.file("door-1.db").c_str(), 0644), 0);
    const auto [text, status] = AccueilOutput({"doctor", "--config", k});
    EXPECT_EQ(status, 0) << text; // a warning does not fail the doctor
    const std::string line = LineOf(text, "database-permissions");
    EXPECT_TRUE(StartsWith(line, "warning ")) << text;
    EXPECT_NE(line.find("chmod 600 " + dir.file("door-1.db")), std::string::npos) << line;
}

TEST_F(DoctorFixture, DamagedDatabaseFails) {
    ServeProcess serve(central);
    const std::string k = readyKiosk();
    // Garbage over the middle of the file, where the tables' pages are.
    const std::string db = dir.file("door-1.db");
    const auto size = std::filesystem::file_size(db);
    ASSERT_GT(size, 8192U);
    {
        std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(size / 2));
        const std::string junk(4096, '\xA5');
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    const auto sizeBefore = std::filesystem::file_size(db);
    const auto [text, status] = AccueilOutput({"doctor", "--config", k});
    EXPECT_EQ(status, 8) << text;
    EXPECT_TRUE(StartsWith(LineOf(text, "database"), "error ")) << text;
    EXPECT_EQ(std::filesystem::file_size(db), sizeBefore); // the doctor repaired nothing
}

TEST_F(DoctorFixture, CentralDownNamesTheUrl) {
    std::string k;
    {
        ServeProcess serve(central);
        k = readyKiosk();
    }
    const auto [text, status] = AccueilOutput({"doctor", "--config", k});
    EXPECT_EQ(status, 8) << text;
    const std::string line = LineOf(text, "central");
    EXPECT_TRUE(StartsWith(line, "error ")) << text;
    EXPECT_NE(line.find(centralUrl()), std::string::npos) << line;
}

TEST_F(DoctorFixture, WrongTokenFails) {
    ServeProcess serve(central);
    const std::string k = readyKiosk();
    WriteFile(dir.file("door-1.token"), "not-the-token\n");
    const auto [text, status] = AccueilOutput({"doctor", "--config", k});
    EXPECT_EQ(status, 8) << text;
    EXPECT_TRUE(StartsWith(LineOf(text, "central"), "ok ")) << text;
    const std::string line = LineOf(text, "central-token");
    EXPECT_TRUE(StartsWith(line, "error ")) << text;
    EXPECT_NE(line.find("401"), std::string::npos) << line;
}

TEST_F(DoctorFixture, CentralServingAndNot) {
    {
        const auto [text, status] = AccueilOutput({"doctor", "--config", central});
        EXPECT_EQ(status, 0) << text;
        EXPECT_TRUE(StartsWith(text, "central: ")) << text;
        EXPECT_TRUE(StartsWith(LineOf(text, "listen"), "warning ")) << text;
        EXPECT_NE(LineOf(text, "listen").find("systemctl start accueil-central"),
                  std::string::npos);
    }
    ServeProcess serve(central);
    const auto [text, status] = AccueilOutput({"doctor", "--config", central});
    EXPECT_EQ(status, 0) << text;
    const std::string line = LineOf(text, "listen");
    EXPECT_TRUE(StartsWith(line, "ok ")) << text;
    EXPECT_NE(line.find("serving"), std::string::npos) << line;
    EXPECT_NE(LineOf(text, "kiosk-tokens").find("1 kiosk token, 0 revoked"), std::string::npos)
        << text;
}

TEST_F(DoctorFixture, JsonMatchesText) {
    ServeProcess serve(central);
    const std::string k = readyKiosk();
    ASSERT_EQ(::chmod(dir.file("door-1.db").c_str(), 0644), 0); // a warning, with a fix
    const auto [text, textStatus] = AccueilOutput({"doctor", "--config", k});
    const auto [json, jsonStatus] = AccueilOutput({"doctor", "--config", k, "--json"});
    EXPECT_EQ(textStatus, jsonStatus);
    const auto array = nlohmann::json::parse(json);
    const auto lines = CheckLines(text);
    ASSERT_EQ(array.size(), lines.size()) << text << json;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& c = array[i];
        const std::string check = c["check"].get<std::string>();
        EXPECT_TRUE(StartsWith(lines[i], c["status"].get<std::string>() + " ")) << lines[i];
        EXPECT_NE(lines[i].find(" " + check + " "), std::string::npos) << lines[i];
        // Two runs measure the clock offset and the free space twice: those details differ.
        if (check != "clock" && check != "disk") {
            EXPECT_NE(lines[i].find(c["detail"].get<std::string>()), std::string::npos) << lines[i];
        }
        EXPECT_NE(lines[i].find(c["fix"].get<std::string>()), std::string::npos) << lines[i];
    }
}

TEST_F(DoctorFixture, MissingConfigIsThreeAndNoConfigIsTwo) {
    EXPECT_EQ(Accueil({"doctor", "--config", dir.file("nowhere.toml")}), 3);
    EXPECT_EQ(Accueil({"doctor"}), 2);
}

// A stand-in central whose clock is five minutes ahead: /v1/health and /v1/settings answer 200
// with that Date.
class SkewedCentral {
public:
    SkewedCentral() {
        const auto answer = [](const httplib::Request& /*req*/, httplib::Response& res) {
            const std::time_t ahead = std::time(nullptr) + 300;
            std::tm tm{};
            ::gmtime_r(&ahead, &tm);
            std::array<char, 64> date{};
            (void)std::strftime(date.data(), date.size(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
            res.set_header("Date", date.data());
            res.set_content(R"({"status":"ok"})", "application/json");
        };
        m_server.Get("/v1/health", answer);
        m_server.Get("/v1/settings", answer);
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (!m_server.is_running() && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::yield();
        }
    }
    ~SkewedCentral() {
        m_server.stop();
        m_thread.join();
    }
    SkewedCentral(const SkewedCentral&) = delete;
    SkewedCentral& operator=(const SkewedCentral&) = delete;
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

private:
    httplib::Server m_server;
    std::thread m_thread;
    int m_port = 0;
};

TEST_F(DoctorFixture, ClockFiveMinutesOffFails) {
    SkewedCentral skewed;
    const std::string k = kiosk(skewed.url());
    const auto [text, status] = AccueilOutput({"doctor", "--config", k});
    EXPECT_EQ(status, 8) << text;
    const std::string line = LineOf(text, "clock");
    EXPECT_TRUE(StartsWith(line, "error ")) << text;
    EXPECT_NE(line.find("behind the central"), std::string::npos) << line;
}

TEST_F(DoctorFixture, HttpsCertificateSoonExpiredAndKeyMismatch) {
    if (!MakeCertificate(dir.file("central.crt"), dir.file("central.key")) ||
        !MakeCertificate(dir.file("other.crt"), dir.file("other.key"))) {
        GTEST_SKIP() << "openssl command not available to make a test certificate";
    }
    WriteFile(central,
              "[central]\ndatabase = \"central.db\"\nlisten = \"127.0.0.1:" + std::to_string(port) +
                  "\"\nevent = \"event.toml\"\nlog_level = \"warn\"\n"
                  "tls_cert = \"central.crt\"\ntls_key = \"central.key\"\n");
    ServeProcess serve(central);
    const std::string k = dir.file("door-1.toml");
    WriteFile(k, "[kiosk]\nid = \"door-1\"\ndatabase = \"door-1.db\"\nevent = \"event.toml\"\n"
                 "[central]\nurl = \"https://127.0.0.1:" +
                     std::to_string(port) +
                     "\"\ntoken_file = \"door-1.token\"\nca_file = \"central.crt\"\n");
    ASSERT_EQ(Accueil({"sync", "--config", k, "--once", "--timeout-ms", "3000"}), 0);

    const auto [text, status] = AccueilOutput({"doctor", "--config", k});
    EXPECT_TRUE(StartsWith(LineOf(text, "central-token"), "ok ")) << text;
    const std::string tls = LineOf(text, "central-tls");
    EXPECT_TRUE(StartsWith(tls, "warning ")) << text;
    // Two days from when it was made: a whole two when the doctor ran within the same second.
    EXPECT_TRUE(tls.find("expires in 1 day") != std::string::npos ||
                tls.find("expires in 2 days") != std::string::npos)
        << tls;
    (void)status; // no staff account: the kiosk fails elsewhere

    const auto [served, servedStatus] = AccueilOutput({"doctor", "--config", central});
    EXPECT_EQ(servedStatus, 0) << served;
    EXPECT_TRUE(StartsWith(LineOf(served, "listen"), "ok ")) << served;
    EXPECT_TRUE(StartsWith(LineOf(served, "tls"), "warning ")) << served;

    // The key of another certificate.
    WriteFile(central,
              "[central]\ndatabase = \"central.db\"\nlisten = \"127.0.0.1:" + std::to_string(port) +
                  "\"\nevent = \"event.toml\"\nlog_level = \"warn\"\n"
                  "tls_cert = \"central.crt\"\ntls_key = \"other.key\"\n");
    const auto [mismatch, mismatchStatus] = AccueilOutput({"doctor", "--config", central});
    EXPECT_EQ(mismatchStatus, 8) << mismatch;
    const std::string line = LineOf(mismatch, "tls");
    EXPECT_TRUE(StartsWith(line, "error ")) << mismatch;
    EXPECT_NE(line.find("is not the key of"), std::string::npos) << line;
}

TEST_F(DoctorFixture, ScannerDevicesPresentOrNot) {
    ServeProcess serve(central);
    const std::string k = readyKiosk();
    // A file standing in for the serial scanner's tty; no camera at the path named.
    WriteFile(dir.file("ttyACM-test"), "");
    std::ofstream(k, std::ios::app)
        << "[scanner]\nkind = [\"serial\", \"camera\"]\ndevice = \"" << dir.file("ttyACM-test")
        << "\"\ncamera = \"" << dir.file("video9") << "\"\n";
    const auto [text, status] = AccueilOutput({"doctor", "--config", k});
    EXPECT_EQ(status, 8) << text;
    EXPECT_TRUE(StartsWith(LineOf(text, "scanner-serial"), "ok ")) << text;
    const std::string camera = LineOf(text, "scanner-camera");
    EXPECT_TRUE(StartsWith(camera, "error ")) << text;
    EXPECT_NE(camera.find(dir.file("video9") + " is not present"), std::string::npos) << camera;
}

TEST_F(DoctorFixture, IndicoTokenReadableByOthersFails) {
    WriteFile(dir.file("indico.token"), "indp_secret\n");
    ASSERT_EQ(::chmod(dir.file("indico.token").c_str(), 0644), 0);
    std::ofstream(central, std::ios::app)
        << "[indico]\nurl = \"https://indico.example.org\"\nevent_id = 1234\n"
           "token_file = \"indico.token\"\n";
    const auto [text, status] = AccueilOutput({"doctor", "--config", central});
    EXPECT_EQ(status, 8) << text;
    const std::string line = LineOf(text, "indico-token");
    EXPECT_TRUE(StartsWith(line, "error ")) << text;
    EXPECT_NE(line.find("chmod 600 " + dir.file("indico.token")), std::string::npos) << line;
}

} // namespace
} // namespace accueil::sync::test
