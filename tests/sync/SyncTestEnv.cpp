// SPDX-License-Identifier: Apache-2.0
#include "SyncTestEnv.h"

#include "PgTestCluster.h"

#include <accueil/core/DemoRegistrants.h>
#include <accueil/core/Sqlite.h>
#include <accueil/core/Text.h>
#include <accueil/sync/CentralBackend.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

namespace accueil::sync::test {

namespace fs = std::filesystem;

TempDir::TempDir() {
    std::random_device rd;
    m_path = fs::temp_directory_path() /
             ("accueil-sync-" + std::to_string(rd()) + "-" + std::to_string(rd()));
    fs::create_directories(m_path);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

core::EventConfig TestEvent() {
    auto event = core::LoadEventConfig(ACCUEIL_SOURCE_DIR "/config/event.toml");
    if (!event) {
        throw std::runtime_error(event.error().message);
    }
    return std::move(event).value();
}

core::UtcMillis At(const core::EventConfig& event, const std::string& day, int hour, int minute) {
    return event.calendar->localMidnight(day) + (hour * 60LL + minute) * 60'000LL;
}

std::vector<core::Registrant> People(int n, std::uint64_t seed) {
    return core::GenerateDemoRegistrants(n, TestEvent().calendar->days(), seed);
}

void ExpectClean(const RoundReport& r) {
    EXPECT_FALSE(r.pushError) << r.pushError->message;
    EXPECT_FALSE(r.pullError) << r.pullError->message;
}

core::ScanRequest PlainScan(const std::string& id, core::UtcMillis at) {
    core::ScanRequest r;
    r.payload = id;
    r.claim = scanner::ParsePlainId(id);
    r.at = at;
    r.method = core::Method::Wedge;
    return r;
}

std::string TestCentralDatabase(const std::string& sqlitePath) {
    const char* backend = std::getenv("ACCUEIL_TEST_CENTRAL"); // NOLINT(concurrency-mt-unsafe)
    const std::string prefix = "postgresql:";
    if (backend == nullptr || std::string(backend).rfind(prefix, 0) != 0) {
        return sqlitePath;
    }
    auto url = NewPgDatabase(std::string(backend).substr(prefix.size()));
    if (!url) {
        throw std::runtime_error(url.error().message);
    }
    return *url;
}

Central::Central(const TempDir& dir, const core::EventConfig& eventConfig,
                 ServerOptions serverOptions, const std::string& database)
    : dbPath(database.empty() ? TestCentralDatabase(dir.file("central.db")) : database),
      event(eventConfig), options(std::move(serverOptions)) {
    options.host = "127.0.0.1";
    auto s = OpenCentralStore(dbPath, event, true);
    if (!s) {
        throw std::runtime_error(s.error().message);
    }
    store = std::move(s).value();
    options.port = 0;
    auto srv = CentralServer::Start(options, event, *store);
    if (!srv) {
        throw std::runtime_error(srv.error().message);
    }
    server = std::move(srv).value();
    port = server->port();
}

Central::~Central() {
    if (server) {
        server->stop();
    }
}

void Central::restart() {
    restartAfter([] {});
}

void Central::restartAfter(const std::function<void()>& whileStopped) {
    server->stop();
    server.reset();
    store.reset();
    whileStopped();
    auto s = OpenCentralStore(dbPath, event, false);
    if (!s) {
        throw std::runtime_error(s.error().message);
    }
    store = std::move(s).value();
    options.port = port;
    auto srv = CentralServer::Start(options, event, *store);
    if (!srv) {
        throw std::runtime_error(srv.error().message);
    }
    server = std::move(srv).value();
}

std::string Central::addKiosk(const std::string& id) const {
    std::string token = NewKioskToken();
    auto s = store->putKiosk(id, HashToken(token));
    if (!s) {
        throw std::runtime_error(s.error().message);
    }
    return token;
}

namespace {

CentralLogKeys LogKeysOf(CentralStore& store, const std::string& kioskId) {
    auto keys = store.logKeys(kioskId);
    if (!keys) {
        throw std::runtime_error(keys.error().message);
    }
    return std::move(keys).value();
}

} // namespace

std::vector<std::string> Central::attendanceUuids() const {
    std::vector<std::string> out;
    for (const auto& key : LogKeysOf(*store, "").attendance) {
        out.push_back(key.uuid);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> Central::kioskAttendanceUuids(const std::string& kioskId) const {
    std::vector<std::string> out;
    for (const auto& key : LogKeysOf(*store, kioskId).attendance) {
        if (key.kioskId == kioskId) {
            out.push_back(key.uuid);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> Central::kioskAuditUuids(const std::string& kioskId) const {
    std::vector<std::string> out = LogKeysOf(*store, kioskId).kioskAudit;
    std::sort(out.begin(), out.end());
    return out;
}

namespace {
core::AttendanceStore OpenKioskStore(const TempDir& dir, const core::EventConfig& event,
                                     const std::string& id) {
    auto s = core::AttendanceStore::Open(dir.file(id + ".db"), event, id);
    if (!s) {
        throw std::runtime_error(s.error().message);
    }
    return std::move(s).value();
}

SyncOptions Options(const std::string& url, const std::string& token, long timeoutMs) {
    SyncOptions o;
    o.url = url;
    o.token = token;
    o.timeoutMs = timeoutMs;
    o.connectTimeoutMs = std::min(timeoutMs, 2000L);
    return o;
}
} // namespace

Kiosk::Kiosk(const TempDir& dir, const core::EventConfig& event, const std::string& kioskId,
             const std::string& url, const std::string& token, long timeoutMs)
    : id(kioskId), dbPath(dir.file(kioskId + ".db")), store(OpenKioskStore(dir, event, kioskId)),
      client(Options(url, token, timeoutMs)) {}

void BackUp(const std::string& dbPath, const std::string& backupPath) {
    core::sql::Database db = core::sql::Database::Open(dbPath, false);
    db.prepare("VACUUM INTO ?").bind(1, backupPath).run();
}

bool MakeCertificate(const std::string& cert, const std::string& key) {
    const std::string cmd = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
                            "-nodes -days 2 -subj /CN=127.0.0.1 -addext "
                            "subjectAltName=IP:127.0.0.1 -keyout " +
                            key + " -out " + cert + " >/dev/null 2>&1";
    // NOLINTNEXTLINE(cert-env33-c,concurrency-mt-unsafe): our own openssl command, no thread yet
    return std::system(cmd.c_str()) == 0;
}

void CopyOver(const std::string& backupPath, const std::string& dbPath) {
    for (const char* suffix : {"-wal", "-shm"}) {
        std::filesystem::remove(dbPath + suffix);
    }
    std::filesystem::copy_file(backupPath, dbPath,
                               std::filesystem::copy_options::overwrite_existing);
}

std::vector<std::thread> ScanAndPush(const std::vector<std::unique_ptr<Kiosk>>& kiosks,
                                     const core::EventConfig& event,
                                     const std::atomic<bool>& stop) {
    std::vector<std::thread> doors;
    doors.reserve(kiosks.size());
    for (std::size_t i = 0; i < kiosks.size(); ++i) {
        doors.emplace_back([&kiosks, &event, &stop, i] {
            Kiosk& k = *kiosks[i];
            for (int n = 0; n < 200 && !stop; ++n) {
                const int who = static_cast<int>(i) * 200 + n;
                (void)k.store.recordScan(PlainScan("P" + std::to_string(who),
                                                   At(event, "2025-06-17", 8 + n / 60, n % 60)));
                (void)k.client.push(k.store);
            }
        });
    }
    return doors;
}

void SettleRounds(const std::vector<std::unique_ptr<Kiosk>>& kiosks) {
    for (int settle = 0; settle < 2; ++settle) {
        for (const auto& k : kiosks) {
            const RoundReport r = k->sync();
            if (settle == 1) {
                ExpectClean(r);
            }
        }
    }
}

std::vector<std::string> AttendanceUuids(const std::string& dbPath) {
    core::sql::Database db = core::sql::Database::Open(dbPath, false);
    std::vector<std::string> out;
    core::sql::Statement st = db.prepare("SELECT uuid FROM attendance ORDER BY uuid");
    while (st.step()) {
        out.push_back(st.text(0));
    }
    return out;
}

} // namespace accueil::sync::test
