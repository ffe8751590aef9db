// SPDX-License-Identifier: Apache-2.0
#include "LoadCentral.h"

#include "../../sync/AccueilProcess.h"

#include <accueil/sync/CentralBackend.h>

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <stdexcept>

namespace accueil::sync::bench {

namespace {

// Every simulated kiosk connects from 127.0.0.1, where real kiosks each have an address of their
// own: the gate's limit per client address (32 by default, docs/security.md) would shed the
// bench's own requests, so each central takes as many from one address as in all.
constexpr int kConnectionsPerClient = 512;

constexpr auto kStartWithin = std::chrono::seconds(30);
constexpr auto kStopWithin = std::chrono::seconds(10);

// Whether the child ended within `within` (reaped then).
bool EndedWithin(pid_t pid, Clock::duration within) {
    const auto deadline = Clock::now() + within;
    while (Clock::now() < deadline) {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) != 0) {
            return true;
        }
        ::poll(nullptr, 0, 20); // polling the child's end with a bounded deadline
    }
    return false;
}

} // namespace

ServeInstance::ServeInstance(const std::string& config) {
    m_pid = test::Spawn({test::kAccueil, "central", "--config", config, "serve"}, &m_out);
    if (m_pid < 0) {
        throw std::runtime_error("cannot start " + test::kAccueil);
    }
    std::string seen;
    const auto deadline = Clock::now() + kStartWithin;
    while (seen.find("listening") == std::string::npos) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        pollfd p{m_out, POLLIN, 0};
        std::array<char, 256> buf{};
        const ssize_t n = left.count() > 0 && ::poll(&p, 1, static_cast<int>(left.count())) > 0
                              ? ::read(m_out, buf.data(), buf.size())
                              : 0;
        if (n <= 0) {
            // Ended or silent: what it printed says why (its errors went to our standard error).
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
            ::close(m_out);
            std::string message = "accueil central serve (" + config + ") did not start ";
            message += "listening within 30 s; it printed: ";
            throw std::runtime_error(message + seen);
        }
        seen.append(buf.data(), static_cast<std::size_t>(n));
    }
    m_drain = std::thread([this] { drain(); });
}

void ServeInstance::drain() {
    std::array<char, 4096> buf{};
    ssize_t n = 0;
    while ((n = ::read(m_out, buf.data(), buf.size())) > 0) {
        std::lock_guard lock(m_mutex);
        if (m_afterListening.find('\n') == std::string::npos) {
            m_afterListening.append(buf.data(), static_cast<std::size_t>(n));
        }
    }
}

std::string ServeInstance::firstLogLine() const {
    std::lock_guard lock(m_mutex);
    return m_afterListening.substr(0, m_afterListening.find('\n'));
}

ServeInstance::~ServeInstance() {
    ::kill(m_pid, SIGTERM);
    if (!EndedWithin(m_pid, kStopWithin)) {
        ::kill(m_pid, SIGKILL);
        ::waitpid(m_pid, nullptr, 0);
    }
    m_drain.join(); // the pipe's end: the process and its output are gone
    ::close(m_out);
}

LoadCentral::LoadCentral(const LoadOptions& options, const test::TempDir& dir,
                         const core::EventConfig& event)
    : m_options(options) {
    if (options.backend == Backend::Sqlite) {
        ServerOptions server;
        server.maxConnectionsPerClient = kConnectionsPerClient;
        m_sqlite.emplace(dir, event, server, dir.file("central.db"));
        m_store = m_sqlite->store.get();
        m_urls.push_back(m_sqlite->url());
        return;
    }
    // Each instance pools up to one connection per request in flight, at most one per
    // generator thread; some to spare for this process and the tools.
    m_cluster.emplace(true, InstancesOf(options) * std::min(ThreadsOf(options), 128) + 20);
    if (!m_cluster->ok()) {
        throw std::runtime_error(m_cluster->error());
    }
    auto database = m_cluster->newDatabase();
    if (!database) {
        throw std::runtime_error(database.error().message);
    }
    m_database = *database;
    // The schema, as `accueil central init` makes it (the same call).
    auto store = OpenCentralStore(m_database, event, true);
    if (!store) {
        throw std::runtime_error(store.error().message);
    }
    m_pgStore = std::move(store).value();
    m_store = m_pgStore.get();
    // The instances' ports and configs now: the kiosks are made before the instances start.
    for (int i = 0; i < InstancesOf(options); ++i) {
        const int port = test::FreePort();
        const std::string config = test::WriteCentralConfig(
            dir.path().string(), "central-" + std::to_string(i) + ".toml", m_database, port);
        // [central] is the file's only table: a key added at its end belongs to it.
        test::WriteFile(config, test::ReadAll(config) + "max_connections_per_client = " +
                                    std::to_string(kConnectionsPerClient) + "\n");
        m_configs.push_back(config);
        m_urls.push_back("http://127.0.0.1:" + std::to_string(port));
    }
}

LoadCentral::~LoadCentral() = default;

void LoadCentral::serve() {
    for (const auto& config : m_configs) {
        m_instances.push_back(std::make_unique<ServeInstance>(config));
    }
}

std::string LoadCentral::description() const {
    if (m_sqlite) {
        return "SQLite, 1 central in the bench's process";
    }
    const int n = InstancesOf(m_options);
    return "PostgreSQL 15 (fsync and synchronous_commit on), " + std::to_string(n) +
           " `accueil central serve` process" + (n == 1 ? "" : "es");
}

std::string LoadCentral::instanceLog() const {
    for (const auto& instance : m_instances) {
        std::string line = instance->firstLogLine();
        if (!line.empty()) {
            return line;
        }
    }
    return "";
}

} // namespace accueil::sync::bench
