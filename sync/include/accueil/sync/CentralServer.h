// SPDX-License-Identifier: Apache-2.0
#pragma once

// The central registration server: the sync protocol over HTTP(S), on top of a CentralStore.

#include <accueil/core/Config.h>
#include <accueil/core/Result.h>
#include <accueil/sync/CentralStore.h>
#include <accueil/sync/DoorStates.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace accueil::sync {

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 8470;     ///< 0 = any free port (tests)
    std::string tlsCert; ///< PEM; with tlsKey, the server speaks HTTPS only
    std::string tlsKey;
    std::size_t maxBodyBytes = std::size_t{8} * 1024 * 1024;
    int maxPageSize = 5000;
    int maxPushEvents = 5000;
    int threads = 128; ///< request threads (a request holds one only once its head is in)
    /// Limits of the gate in front of the HTTP server (docs/security.md): the time a request's
    /// head may take, a connection's whole life, connections in all and per client address.
    std::chrono::milliseconds headerTimeout{std::chrono::seconds(10)};
    std::chrono::milliseconds connectionTimeout{std::chrono::seconds(120)};
    int maxConnections = 512;
    int maxConnectionsPerClient = 32;
    /// The language the dashboard's pages open in: "en" or "fr" (`dashboard_language`).
    std::string dashboardLanguage = "en";
    /// Where `central freeze` writes each closed day's documents (`reports_dir`), offered for
    /// download on the dashboard; "" = none.
    std::string reportsDir;
};

/// A running server. Start it, ask its port, stop it (or let the destructor do so).
class CentralServer {
public:
    /// Binds and starts serving on its own threads. `store` and `event` must outlive the
    /// server. Errors: Config (cannot bind, bad TLS files). Thread: any.
    static core::Result<std::unique_ptr<CentralServer>>
    Start(const ServerOptions& options, const core::EventConfig& event, CentralStore& store);
    ~CentralServer();
    CentralServer(const CentralServer&) = delete;
    CentralServer& operator=(const CentralServer&) = delete;

    /// The bound port.
    int port() const;
    /// Stops accepting, finishes requests in flight, joins the threads. Idempotent.
    void stop();
    /// The doors this server has heard from since it started. Thread: any.
    const DoorStates& doors() const;
    /// Blocks until the server stops (for `accueil central serve`).
    void wait();

    struct Impl;

private:
    explicit CentralServer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace accueil::sync
