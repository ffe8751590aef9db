// SPDX-License-Identifier: Apache-2.0
// The central server's life: bind, serve on its own threads, stop. The routes themselves are in
// CentralRoutes.cpp; here they are only wired to their paths. The HTTP server listens on
// loopback only; clients reach it through the ConnectionGate on the configured address.

#include "CentralRoutes.h"
#include "ConnectionGate.h"
#include "Dashboard.h"

#include <accueil/sync/CentralServer.h>

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <functional>
#include <mutex>
#include <thread>

namespace accueil::sync {

struct CentralServer::Impl {
    RouteContext routes;
    std::unique_ptr<httplib::Server> server;
    std::unique_ptr<ConnectionGate> gate;
    std::thread thread;
    int port = 0;
    // Over a database that other instances serve too: the doors heard here are written to it
    // every kDoorShareEvery, on a thread of their own that no request waits for.
    std::thread doorSharer;
    std::mutex stopMutex;
    std::condition_variable stopSignal;
    bool stopping = false;
};

namespace {

// "Sun, 06 Nov 1994 08:49:37 GMT": English names whatever the locale (RFC 9110's IMF-fixdate).
std::string HttpDate(std::time_t at) {
    static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed",
                                                      "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm tm{};
    ::gmtime_r(&at, &tm);
    std::array<char, 40> buf{};
    (void)std::snprintf(buf.data(), buf.size(), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                        kDays.at(static_cast<std::size_t>(tm.tm_wday)), tm.tm_mday,
                        kMonths.at(static_cast<std::size_t>(tm.tm_mon)), tm.tm_year + 1900,
                        tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf.data();
}

void SetServerOptions(httplib::Server& s, const ServerOptions& options) {
    s.set_payload_max_length(options.maxBodyBytes);
    // Headers and body go out in separate writes: without NODELAY, Nagle plus delayed ACKs add
    // 40 ms to every answer.
    s.set_tcp_nodelay(true);
    // One request a connection: the gate then holds every request to its header deadline, and
    // no idle keep-alive connection holds a request thread (kiosks reconnect cheaply).
    s.set_keep_alive_max_count(1);
    s.set_keep_alive_timeout(1);
    s.set_read_timeout(10, 0);
    s.set_write_timeout(10, 0);
    const int threads = std::max(options.threads, 2);
    s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
}

using Route = void (*)(const RouteContext&, const httplib::Request&, httplib::Response&);

// A route as the HTTP library wants it. `ctx` lives in the Impl, which outlives the server.
httplib::Server::Handler Bind(const RouteContext& ctx, Route route) {
    return [&ctx, route](const httplib::Request& req, httplib::Response& res) {
        route(ctx, req, res);
    };
}

void Install(CentralServer::Impl& impl) {
    httplib::Server& s = *impl.server;
    const RouteContext& ctx = impl.routes;
    SetServerOptions(s, ctx.options);
    s.set_error_handler(HandleLibraryError);
    s.set_exception_handler(HandleException);
    // The server sees the gate's relay: the log names the client behind it.
    const ConnectionGate* gate = impl.gate.get();
    const auto clientOf = [gate](const httplib::Request& req) {
        std::string client = gate->clientOf(req.remote_port);
        return client.empty() ? req.remote_addr + ":" + std::to_string(req.remote_port) : client;
    };
    impl.routes.client = clientOf;
    s.set_logger([clientOf](const httplib::Request& req, const httplib::Response& res) {
        LogRequest(req, res, clientOf(req));
    });

    // Every answer carries its Date (RFC 9110 6.6.1; the library sends none): `accueil doctor`
    // compares a kiosk's clock with it, since a badge's day depends on the kiosk's clock.
    s.set_post_routing_handler([](const httplib::Request& /*req*/, httplib::Response& res) {
        res.set_header("Date", HttpDate(std::time(nullptr)));
    });

    s.Get("/v1/health", HandleHealth);
    s.Get("/v1/settings", Bind(ctx, HandleSettings));
    s.Get("/v1/registrants", Bind(ctx, HandleRegistrants));
    s.Get("/v1/attendance", Bind(ctx, HandleAttendance));
    // With a content reader the library leaves the body unread until the route asks for it.
    s.Post("/v1/events",
           [&ctx](const httplib::Request& req, httplib::Response& res,
                  const httplib::ContentReader& content) { HandlePush(ctx, req, res, content); });
    s.Get("/v1/audit", Bind(ctx, HandleAudit));
    s.Get("/v1/photos", Bind(ctx, HandlePhotos));
    s.Post("/v1/enrol", Bind(ctx, HandleEnrol));
    s.Get("/v1/reconcile", Bind(ctx, HandleReconcile));
    s.Get("/v1/reconcile/uuids", Bind(ctx, HandleReconcileUuids));
    // The secretariat's dashboard: its own sign-in and session cookie (docs/security.md).
    InstallDashboard(s, ctx);
}

// HTTPS when a certificate or key is configured (and then only HTTPS), plain HTTP otherwise.
core::Result<std::unique_ptr<httplib::Server>> MakeServer(const ServerOptions& options) {
    if (options.tlsCert.empty() && options.tlsKey.empty()) {
        return std::make_unique<httplib::Server>();
    }
    auto tls =
        std::make_unique<httplib::SSLServer>(options.tlsCert.c_str(), options.tlsKey.c_str());
    if (!tls->is_valid()) {
        return core::MakeError(core::ErrorKind::Config, "cannot load the TLS certificate " +
                                                            options.tlsCert + " and key " +
                                                            options.tlsKey);
    }
    return std::unique_ptr<httplib::Server>(std::move(tls));
}

constexpr auto kDoorShareEvery = std::chrono::seconds(2);

// Until the server stops: the doors heard since the last time, written for the other
// instances. A failed write is retried with the next (the database may be restarting).
void ShareDoors(CentralServer::Impl& impl) {
    DoorStates& doors = *impl.routes.doors;
    std::unique_lock lock(impl.stopMutex);
    bool failing = false;
    while (!impl.stopSignal.wait_for(lock, kDoorShareEvery, [&] { return impl.stopping; })) {
        lock.unlock();
        std::vector<DoorState> changed = doors.takeChanged();
        if (auto shared = impl.routes.store->shareDoors(changed); !shared) {
            doors.markChanged(changed);
            if (!failing) {
                spdlog::warn("cannot share the doors' states with the other central instances: "
                             "{} (retrying)",
                             shared.error().message);
            }
            failing = true;
        } else {
            failing = false;
        }
        lock.lock();
    }
}

} // namespace

CentralServer::CentralServer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

CentralServer::~CentralServer() {
    stop();
}

core::Result<std::unique_ptr<CentralServer>> CentralServer::Start(const ServerOptions& options,
                                                                  const core::EventConfig& event,
                                                                  CentralStore& store) {
    auto impl = std::make_unique<Impl>();
    auto badges = scanner::BadgeReader::create(core::BadgeReaderOptionsFor(event));
    if (!badges) {
        return core::MakeError(core::ErrorKind::Config,
                               "the event's badge settings: " + badges.error().message);
    }
    impl->routes.options = options;
    impl->routes.event = &event;
    impl->routes.store = &store;
    impl->routes.doors = std::make_shared<DoorStates>(core::NowUtcMillis());
    impl->routes.badges = std::make_shared<const scanner::BadgeReader>(std::move(badges).value());
    auto made = MakeServer(options);
    if (!made) {
        return std::move(made).error();
    }
    impl->server = std::move(made).value();
    const int backendPort = impl->server->bind_to_any_port("127.0.0.1");
    if (backendPort <= 0) {
        return core::MakeError(core::ErrorKind::Config, "cannot listen on 127.0.0.1");
    }
    GateLimits limits;
    limits.headerTimeout = options.headerTimeout;
    limits.connectionTimeout = options.connectionTimeout;
    limits.maxConnections = options.maxConnections;
    limits.maxPerClient = options.maxConnectionsPerClient;
    auto gate = ConnectionGate::Start(options.host, options.port, backendPort,
                                      options.tlsCert.empty(), limits);
    if (!gate) {
        return std::move(gate).error();
    }
    impl->gate = std::move(gate).value();
    impl->port = impl->gate->port();
    Install(*impl);
    httplib::Server* server = impl->server.get();
    impl->thread = std::thread([server] { server->listen_after_bind(); });
    // stop() is a no-op until the loop runs, so do not hand out a server that is not yet there.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!server->is_running() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::yield();
    }
    if (store.sharesDoors()) {
        impl->doorSharer = std::thread(ShareDoors, std::ref(*impl));
    }
    spdlog::info("central listening on {}:{}{}", options.host, impl->port,
                 options.tlsCert.empty() ? "" : " (TLS)");
    return std::unique_ptr<CentralServer>(new CentralServer(std::move(impl)));
}

const DoorStates& CentralServer::doors() const {
    return *m_impl->routes.doors;
}

int CentralServer::port() const {
    return m_impl->port;
}

void CentralServer::stop() {
    if (m_impl && m_impl->doorSharer.joinable()) {
        {
            std::lock_guard lock(m_impl->stopMutex);
            m_impl->stopping = true;
        }
        m_impl->stopSignal.notify_all();
        m_impl->doorSharer.join();
    }
    if (m_impl && m_impl->gate) {
        m_impl->gate->stop(); // no new connection, and the ones in flight are cut
    }
    if (m_impl && m_impl->server) {
        m_impl->server->stop();
        if (m_impl->thread.joinable()) {
            m_impl->thread.join();
        }
    }
}

void CentralServer::wait() {
    if (m_impl->thread.joinable()) {
        m_impl->thread.join();
    }
}

} // namespace accueil::sync
