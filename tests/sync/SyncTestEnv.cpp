// SPDX-License-Identifier: Apache-2.0
#include "SyncTestEnv.h"

#include <accueil/kiosk/Sqlite.h>
#include <accueil/kiosk/Text.h>

#include <algorithm>

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

kiosk::EventConfig TestEvent() {
    auto event = kiosk::LoadEventConfig(ACCUEIL_SOURCE_DIR "/config/event.toml");
    if (!event) {
        throw std::runtime_error(event.error().message);
    }
    return std::move(event).value();
}

kiosk::UtcMillis At(const kiosk::EventConfig& event, const std::string& day, int hour, int minute) {
    return event.calendar->localMidnight(day) + (hour * 60LL + minute) * 60'000LL;
}

kiosk::ScanRequest PlainScan(const std::string& id, kiosk::UtcMillis at) {
    kiosk::ScanRequest r;
    r.payload = id;
    r.claim = scanner::ParsePlainId(id);
    r.at = at;
    r.method = kiosk::Method::Wedge;
    return r;
}

Central::Central(const TempDir& dir, const kiosk::EventConfig& ev, ServerOptions opts)
    : dbPath(dir.file("central.db")), event(ev), options(std::move(opts)) {
    options.host = "127.0.0.1";
    auto s = OpenSqliteCentralStore(dbPath, event, true);
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
    server->stop();
    server.reset();
    store.reset();
    auto s = OpenSqliteCentralStore(dbPath, event, false);
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

std::string Central::addKiosk(const std::string& id) {
    const std::string token = NewKioskToken();
    auto s = store->putKiosk(id, HashToken(token));
    if (!s) {
        throw std::runtime_error(s.error().message);
    }
    return token;
}

namespace {
kiosk::AttendanceStore OpenKioskStore(const TempDir& dir, const kiosk::EventConfig& event,
                                      const std::string& id) {
    auto s = kiosk::AttendanceStore::Open(dir.file(id + ".db"), event, id);
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

Kiosk::Kiosk(const TempDir& dir, const kiosk::EventConfig& event, const std::string& kioskId,
             const std::string& url, const std::string& token, long timeoutMs)
    : id(kioskId), store(OpenKioskStore(dir, event, kioskId)),
      client(Options(url, token, timeoutMs)) {}

std::vector<std::string> AttendanceUuids(kiosk::AttendanceStore& store) {
    std::vector<std::string> out;
    kiosk::sql::Statement st =
        store.database().prepare("SELECT uuid FROM attendance ORDER BY uuid");
    while (st.step()) {
        out.push_back(st.text(0));
    }
    return out;
}

std::vector<std::string> CentralAttendanceUuids(const std::string& dbPath,
                                                const kiosk::EventConfig& event) {
    auto store = kiosk::AttendanceStore::Open(dbPath, event, "central");
    if (!store) {
        throw std::runtime_error(store.error().message);
    }
    return AttendanceUuids(*store);
}

} // namespace accueil::sync::test
