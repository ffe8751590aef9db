// SPDX-License-Identifier: Apache-2.0
// The central's front door: limits, head deadline and relay on one poll(2) thread. Why it
// exists and what it promises: ConnectionGate.h.

#include "ConnectionGate.h"

#include <accueil/sync/Protocol.h>

#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace accueil::sync {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kBufferBytes = std::size_t{64} * 1024; // per direction and connection
constexpr int kAcceptsPerRound = 64; // then serve the connections already in before more
constexpr std::chrono::milliseconds kLongestWait{1000};
constexpr int kFdsPerConnection = 3; // the client's, the relay's, and the server's end of it

/// A file descriptor that closes itself.
class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : m_fd(fd) {}
    Fd(Fd&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
    Fd& operator=(Fd&& other) noexcept {
        if (this != &other) {
            reset();
            m_fd = std::exchange(other.m_fd, -1);
        }
        return *this;
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { reset(); }
    int get() const { return m_fd; }
    bool valid() const { return m_fd >= 0; }
    void reset() {
        if (m_fd >= 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }

private:
    int m_fd = -1;
};

enum class Phase {
    Head,       ///< reading the request's head from the client
    Connecting, ///< the head is in; connecting to the server
    Relay,      ///< copying bytes both ways until the server has answered and closed
};

struct Connection {
    Fd client;
    Fd server;
    std::string address; ///< the client's address alone: what the per-client limit counts
    std::string peer;    ///< address:port, for logs
    Clock::time_point accepted;
    Phase phase = Phase::Head;
    std::string up;   ///< read from the client, not yet written to the server
    std::string down; ///< read from the server, not yet written to the client
    bool clientDone = false;
    bool serverDone = false;
    bool upShut = false;
    int relayPort = 0;
    bool closed = false;
};

/// What to poll a connection's client socket for: room to read, something to write.
short ClientWants(const Connection& c) {
    int wants = 0;
    wants |= !c.clientDone && c.up.size() < kBufferBytes ? POLLIN : 0;
    wants |= !c.down.empty() ? POLLOUT : 0;
    return static_cast<short>(wants);
}

short ServerWants(const Connection& c) {
    if (c.phase == Phase::Connecting) {
        return POLLOUT;
    }
    int wants = 0;
    if (c.phase == Phase::Relay) {
        wants |= !c.serverDone && c.down.size() < kBufferBytes ? POLLIN : 0;
        wants |= !c.up.empty() ? POLLOUT : 0;
    }
    return static_cast<short>(wants);
}

std::string ErrnoText(int error) {
    return std::error_code(error, std::generic_category()).message();
}

bool WouldBlock() {
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
}

std::string_view Reason(int status) {
    switch (status) {
    case 408:
        return "Request Timeout";
    case 431:
        return "Request Header Fields Too Large";
    default:
        return "Service Unavailable";
    }
}

/// A whole HTTP answer with the protocol's JSON error body; the connection closes after it.
std::string Answer(ApiError code, std::string_view message) {
    const std::string body = ErrorBody(code, message);
    return fmt::format("HTTP/1.1 {} {}\r\nContent-Type: application/json\r\nContent-Length: "
                       "{}\r\nConnection: close\r\n{}\r\n{}",
                       HttpStatus(code), Reason(HttpStatus(code)), body.size(),
                       code == ApiError::Busy ? "Retry-After: 1\r\n" : "", body);
}

/// "address" and "address:port" of a socket address, numeric.
std::pair<std::string, std::string> Describe(const sockaddr_storage& from, socklen_t length) {
    std::array<char, NI_MAXHOST> host{};
    std::array<char, NI_MAXSERV> service{};
    if (::getnameinfo(reinterpret_cast<const sockaddr*>(&from), length, host.data(), host.size(),
                      service.data(), service.size(), NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
        return {"?", "?"};
    }
    const std::string address = host.data();
    const bool v6 = address.find(':') != std::string::npos;
    return {address, (v6 ? "[" + address + "]" : address) + ":" + service.data()};
}

int LocalPort(int fd) {
    sockaddr_storage local{};
    socklen_t length = sizeof local;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) != 0) {
        return 0;
    }
    if (local.ss_family == AF_INET6) {
        return ntohs(reinterpret_cast<const sockaddr_in6*>(&local)->sin6_port);
    }
    return ntohs(reinterpret_cast<const sockaddr_in*>(&local)->sin_port);
}

void NoDelay(int fd) {
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

/// Every connection can cost three descriptors: raise the soft limit towards the hard one, and
/// lower maxConnections if even that is not enough.
int AffordableConnections(int wanted) {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        return wanted;
    }
    const rlim_t needed = static_cast<rlim_t>(wanted) * kFdsPerConnection + 256;
    if (limit.rlim_cur < needed) {
        limit.rlim_cur = std::min(needed, limit.rlim_max);
        ::setrlimit(RLIMIT_NOFILE, &limit);
        ::getrlimit(RLIMIT_NOFILE, &limit);
    }
    if (limit.rlim_cur >= needed) {
        return wanted;
    }
    const int affordable =
        std::max(16, static_cast<int>((limit.rlim_cur - 256) / kFdsPerConnection));
    spdlog::warn("the open-file limit ({}) allows {} connections, not the {} configured",
                 limit.rlim_cur, affordable, wanted);
    return affordable;
}

core::Result<Fd> Listen(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string where = host + ":" + std::to_string(port);
    if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 ||
        found == nullptr) {
        return core::MakeError(core::ErrorKind::Config,
                               "cannot listen on " + where + ": unknown address");
    }
    std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> owner(found, ::freeaddrinfo);
    Fd fd(::socket(found->ai_family, found->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    const int on = 1;
    if (!fd.valid() || ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
        ::bind(fd.get(), found->ai_addr, found->ai_addrlen) != 0 ||
        ::listen(fd.get(), SOMAXCONN) != 0) {
        return core::MakeError(core::ErrorKind::Config,
                               "cannot listen on " + where + ": " + ErrnoText(errno));
    }
    return fd;
}

} // namespace

struct ConnectionGate::Impl {
    GateLimits limits;
    bool inspectHeads = true;
    int backendPort = 0;
    int port = 0;
    Fd listener;
    Fd wake;
    std::thread thread;
    std::atomic<bool> stopping{false};

    mutable std::mutex relayMutex;
    std::unordered_map<int, std::string> clientByRelayPort;

    // The loop's own state: its thread alone touches it.
    std::vector<std::unique_ptr<Connection>> connections;
    Clock::time_point lastRefusalLog;
    int refusalsNotLogged = 0;

    void run();
    void acceptSome(Clock::time_point now);
    void admit(Fd client, const sockaddr_storage& from, socklen_t length, Clock::time_point now);
    Connection* victim(const std::string* address);
    void pumpHead(Connection& c);
    void startRelay(Connection& c);
    void finishConnect(Connection& c);
    void pumpRelay(Connection& c, short serverEvents);
    void readClient(Connection& c);
    void refuse(Connection& c, ApiError code, std::string_view why);
    void close(Connection& c);
    void logRefusal(const std::string& peer, std::string_view why, Clock::time_point now);
    Clock::time_point deadline(const Connection& c) const;
    void expire(Clock::time_point now);
};

void ConnectionGate::Impl::logRefusal(const std::string& peer, std::string_view why,
                                      Clock::time_point now) {
    // Under attack there can be thousands a second: one line a second, with the count.
    if (now - lastRefusalLog < std::chrono::seconds(1)) {
        ++refusalsNotLogged;
        return;
    }
    spdlog::warn("refused a connection from {}: {}{}", peer, why,
                 refusalsNotLogged == 0 ? std::string()
                                        : fmt::format(" ({} more refused since the last such line)",
                                                      refusalsNotLogged));
    lastRefusalLog = now;
    refusalsNotLogged = 0;
}

void ConnectionGate::Impl::close(Connection& c) {
    if (c.relayPort != 0) {
        const std::lock_guard lock(relayMutex);
        clientByRelayPort.erase(c.relayPort);
    }
    c.client.reset();
    c.server.reset();
    c.closed = true;
}

void ConnectionGate::Impl::refuse(Connection& c, ApiError code, std::string_view why) {
    logRefusal(c.peer, why, Clock::now());
    if (inspectHeads && c.phase == Phase::Head) {
        const std::string answer = Answer(code, why);
        // Best effort: a client that does not read it loses nothing it could have used.
        (void)::send(c.client.get(), answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        ::shutdown(c.client.get(), SHUT_WR);
    }
    close(c);
}

Clock::time_point ConnectionGate::Impl::deadline(const Connection& c) const {
    const auto life = c.accepted + limits.connectionTimeout;
    return inspectHeads && c.phase == Phase::Head
               ? std::min(life, c.accepted + limits.headerTimeout)
               : life;
}

void ConnectionGate::Impl::expire(Clock::time_point now) {
    for (auto& c : connections) {
        if (c->closed || now < deadline(*c)) {
            continue;
        }
        if (inspectHeads && c->phase == Phase::Head) {
            refuse(*c, ApiError::HeaderTimeout, "the request's head took too long");
        } else {
            logRefusal(c->peer, "the connection outlived its time", now);
            close(*c);
        }
    }
}

// The connection to shed for a newcomer: the oldest still sending its head (of that client if
// it is the client's limit that is reached). Without heads to see (TLS), the oldest.
Connection* ConnectionGate::Impl::victim(const std::string* address) {
    Connection* oldest = nullptr;
    for (auto& c : connections) {
        if (c->closed || (address != nullptr && c->address != *address) ||
            (inspectHeads && c->phase != Phase::Head)) {
            continue;
        }
        if (oldest == nullptr || c->accepted < oldest->accepted) {
            oldest = c.get();
        }
    }
    return oldest;
}

void ConnectionGate::Impl::admit(Fd client, const sockaddr_storage& from, socklen_t length,
                                 Clock::time_point now) {
    auto c = std::make_unique<Connection>();
    std::tie(c->address, c->peer) = Describe(from, length);
    c->client = std::move(client);
    c->accepted = now;
    int live = 0;
    int fromClient = 0;
    for (const auto& other : connections) {
        if (!other->closed) {
            ++live;
            fromClient += other->address == c->address ? 1 : 0;
        }
    }
    const bool clientFull = fromClient >= limits.maxPerClient;
    if (clientFull || live >= limits.maxConnections) {
        Connection* shed = victim(clientFull ? &c->address : nullptr);
        if (shed == nullptr) {
            refuse(*c, ApiError::Busy,
                   clientFull ? "too many connections from this client"
                              : "the central is at its connection limit");
            return;
        }
        refuse(*shed, ApiError::HeaderTimeout,
               "shed: still sending its head while the limit was reached");
    }
    NoDelay(c->client.get());
    if (!inspectHeads) {
        startRelay(*c);
    }
    connections.push_back(std::move(c));
}

void ConnectionGate::Impl::acceptSome(Clock::time_point now) {
    for (int i = 0; i < kAcceptsPerRound; ++i) {
        sockaddr_storage from{};
        socklen_t length = sizeof from;
        Fd client(::accept4(listener.get(), reinterpret_cast<sockaddr*>(&from), &length,
                            SOCK_NONBLOCK | SOCK_CLOEXEC));
        if (!client.valid()) {
            if (!WouldBlock() && errno != ECONNABORTED) {
                // Out of descriptors, most likely: the limits above should prevent it.
                spdlog::error("accept failed: {}", ErrnoText(errno));
            }
            return;
        }
        admit(std::move(client), from, length, now);
    }
}

void ConnectionGate::Impl::readClient(Connection& c) {
    if (c.clientDone || c.up.size() >= kBufferBytes) {
        return;
    }
    std::array<char, 16384> buffer{};
    const std::size_t room = std::min(buffer.size(), kBufferBytes - c.up.size());
    const ssize_t n = ::recv(c.client.get(), buffer.data(), room, 0);
    if (n > 0) {
        c.up.append(buffer.data(), static_cast<std::size_t>(n));
    } else if (n == 0) {
        c.clientDone = true;
    } else if (!WouldBlock()) {
        close(c);
    }
}

void ConnectionGate::Impl::pumpHead(Connection& c) {
    const std::size_t end = c.up.find("\r\n\r\n");
    if (end != std::string::npos && end + 4 <= limits.maxHeadBytes) {
        startRelay(c);
    } else if (c.up.size() >= limits.maxHeadBytes) {
        refuse(c, ApiError::HeadTooLarge, "the request's head is too large");
    } else if (c.clientDone) {
        close(c); // gone before finishing its request
    }
}

void ConnectionGate::Impl::startRelay(Connection& c) {
    c.server = Fd(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<std::uint16_t>(backendPort));
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (!c.server.valid() ||
        (::connect(c.server.get(), reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0 &&
         errno != EINPROGRESS)) {
        spdlog::error("cannot reach the central's own server on 127.0.0.1:{}: {}", backendPort,
                      ErrnoText(errno));
        refuse(c, ApiError::Busy, "the central's server is unreachable");
        return;
    }
    NoDelay(c.server.get());
    c.phase = Phase::Connecting;
}

void ConnectionGate::Impl::finishConnect(Connection& c) {
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(c.server.get(), SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0) {
        spdlog::error("cannot reach the central's own server on 127.0.0.1:{}: {}", backendPort,
                      ErrnoText(error));
        refuse(c, ApiError::Busy, "the central's server is unreachable");
        return;
    }
    c.phase = Phase::Relay;
    c.relayPort = LocalPort(c.server.get());
    spdlog::debug("relaying a request from {}", c.peer);
    const std::lock_guard lock(relayMutex);
    clientByRelayPort[c.relayPort] = c.peer;
}

void ConnectionGate::Impl::pumpRelay(Connection& c, short serverEvents) {
    if (!c.up.empty() && !c.serverDone) {
        const ssize_t n = ::send(c.server.get(), c.up.data(), c.up.size(), MSG_NOSIGNAL);
        if (n > 0) {
            c.up.erase(0, static_cast<std::size_t>(n));
        } else if (n < 0 && !WouldBlock()) {
            // The server answered and closed without reading the rest (a refused upload): its
            // answer may still be on the way, so keep reading it.
            c.up.clear();
            c.clientDone = true;
        }
    }
    if (c.up.empty() && c.clientDone && !c.upShut) {
        ::shutdown(c.server.get(), SHUT_WR);
        c.upShut = true;
    }
    if ((serverEvents & (POLLIN | POLLHUP | POLLERR)) != 0 && !c.serverDone &&
        c.down.size() < kBufferBytes) {
        std::array<char, 16384> buffer{};
        const std::size_t room = std::min(buffer.size(), kBufferBytes - c.down.size());
        const ssize_t n = ::recv(c.server.get(), buffer.data(), room, 0);
        if (n > 0) {
            c.down.append(buffer.data(), static_cast<std::size_t>(n));
        } else if (n == 0 || !WouldBlock()) {
            c.serverDone = true; // closed, or reset after its answer
        }
    }
    if (!c.down.empty()) {
        const ssize_t n = ::send(c.client.get(), c.down.data(), c.down.size(), MSG_NOSIGNAL);
        if (n > 0) {
            c.down.erase(0, static_cast<std::size_t>(n));
        } else if (n < 0 && !WouldBlock()) {
            close(c);
            return;
        }
    }
    if (c.serverDone && c.down.empty()) {
        close(c); // answered: one request a connection
    }
}

void ConnectionGate::Impl::run() {
    std::vector<pollfd> polled;
    std::vector<Connection*> owners; // owners[i] for polled[i], nullptr for wake and listener
    while (!stopping.load()) {
        polled.clear();
        owners.clear();
        polled.push_back({wake.get(), POLLIN, 0});
        polled.push_back({listener.get(), POLLIN, 0});
        owners.resize(2, nullptr);
        auto now = Clock::now();
        auto next = now + kLongestWait;
        for (auto& c : connections) {
            next = std::min(next, deadline(*c));
            if (const short wants = ClientWants(*c); wants != 0) {
                polled.push_back({c->client.get(), wants, 0});
                owners.push_back(c.get());
            }
            if (const short wants = ServerWants(*c); wants != 0) {
                polled.push_back({c->server.get(), wants, 0});
                owners.push_back(c.get());
            }
        }
        const auto wait = std::chrono::ceil<std::chrono::milliseconds>(next - now);
        if (::poll(polled.data(), polled.size(),
                   static_cast<int>(std::max<long>(0, wait.count()))) < 0 &&
            errno != EINTR) {
            spdlog::error("the connection gate's poll failed: {}", ErrnoText(errno));
            return;
        }
        now = Clock::now();
        for (std::size_t i = 2; i < polled.size(); ++i) {
            Connection& c = *owners[i];
            const short got = polled[i].revents;
            if (c.closed || got == 0) {
                continue;
            }
            if (polled[i].fd == c.client.get()) {
                if ((got & (POLLIN | POLLHUP | POLLERR)) != 0) {
                    readClient(c);
                }
                if (!c.closed && c.phase == Phase::Head) {
                    pumpHead(c);
                } else if (!c.closed && c.phase == Phase::Relay) {
                    pumpRelay(c, 0);
                }
            } else if (c.phase == Phase::Connecting) {
                finishConnect(c);
                if (!c.closed) {
                    pumpRelay(c, 0);
                }
            } else if (c.phase == Phase::Relay) {
                pumpRelay(c, got);
            }
        }
        expire(now);
        std::erase_if(connections, [](const auto& c) { return c->closed; });
        if ((polled[1].revents & POLLIN) != 0) {
            acceptSome(now);
        }
    }
}

ConnectionGate::ConnectionGate(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

ConnectionGate::~ConnectionGate() {
    stop();
}

core::Result<std::unique_ptr<ConnectionGate>> ConnectionGate::Start(const std::string& host,
                                                                    int port, int backendPort,
                                                                    bool inspectHeads,
                                                                    const GateLimits& limits) {
    auto impl = std::make_unique<Impl>();
    impl->limits = limits;
    impl->limits.maxConnections = AffordableConnections(limits.maxConnections);
    impl->inspectHeads = inspectHeads;
    impl->backendPort = backendPort;
    auto listener = Listen(host, port);
    if (!listener) {
        return std::move(listener).error();
    }
    impl->listener = std::move(listener).value();
    impl->port = LocalPort(impl->listener.get());
    impl->wake = Fd(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
    if (!impl->wake.valid()) {
        return core::MakeError(core::ErrorKind::Config,
                               std::string("cannot create an eventfd: ") + ErrnoText(errno));
    }
    Impl* loop = impl.get();
    impl->thread = std::thread([loop] { loop->run(); });
    return std::unique_ptr<ConnectionGate>(new ConnectionGate(std::move(impl)));
}

int ConnectionGate::port() const {
    return m_impl->port;
}

void ConnectionGate::stop() {
    if (!m_impl || !m_impl->thread.joinable()) {
        return;
    }
    m_impl->stopping.store(true);
    const std::uint64_t one = 1;
    // An eventfd refuses a write only when interrupted (its counter cannot fill up here).
    while (::write(m_impl->wake.get(), &one, sizeof one) < 0 && errno == EINTR) {
    }
    m_impl->thread.join();
    m_impl->connections.clear();
    m_impl->listener.reset();
}

std::string ConnectionGate::clientOf(int relayPort) const {
    const std::lock_guard lock(m_impl->relayMutex);
    const auto found = m_impl->clientByRelayPort.find(relayPort);
    return found == m_impl->clientByRelayPort.end() ? std::string() : found->second;
}

} // namespace accueil::sync
