// SPDX-License-Identifier: Apache-2.0
#include "FaultProxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <optional>
#include <stdexcept>

namespace accueil::sync::test {

namespace {

constexpr int kIoTimeoutMs = 10'000; // every wait is bounded: threads always end

bool WaitReadable(int fd, int timeoutMs) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, timeoutMs) > 0;
}

bool SendAll(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n <= 0) {
            return false;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool SendAll(int fd, const std::string& s) {
    return SendAll(fd, s.data(), s.size());
}

std::size_t ContentLength(const std::string& head) {
    std::string lower(head);
    for (char& c : lower) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    const auto at = lower.find("\r\ncontent-length:");
    if (at == std::string::npos) {
        return 0;
    }
    return static_cast<std::size_t>(std::strtoull(lower.c_str() + at + 17, nullptr, 10));
}

// One whole HTTP request (head and Content-Length body), or nullopt.
std::optional<std::string> ReadRequest(int fd) {
    std::string data;
    std::array<char, 16384> buf{};
    std::size_t headEnd = std::string::npos;
    while (headEnd == std::string::npos) {
        if (!WaitReadable(fd, kIoTimeoutMs)) {
            return std::nullopt;
        }
        const ssize_t n = ::recv(fd, buf.data(), buf.size(), 0);
        if (n <= 0) {
            return std::nullopt;
        }
        data.append(buf.data(), static_cast<std::size_t>(n));
        headEnd = data.find("\r\n\r\n");
    }
    const std::size_t total = headEnd + 4 + ContentLength(data.substr(0, headEnd + 2));
    while (data.size() < total) {
        if (!WaitReadable(fd, kIoTimeoutMs)) {
            return std::nullopt;
        }
        const ssize_t n = ::recv(fd, buf.data(), buf.size(), 0);
        if (n <= 0) {
            return std::nullopt;
        }
        data.append(buf.data(), static_cast<std::size_t>(n));
    }
    return data;
}

int Connect(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Sends the request upstream with "Connection: close" and reads the answer to the end.
std::optional<std::string> Forward(int port, const std::string& request) {
    const int fd = Connect(port);
    if (fd < 0) {
        return std::nullopt;
    }
    std::string rewritten = request;
    const auto lineEnd = rewritten.find("\r\n");
    rewritten.insert(lineEnd + 2, "Connection: close\r\n");
    std::optional<std::string> out;
    if (SendAll(fd, rewritten)) {
        std::string data;
        std::array<char, 16384> buf{};
        for (;;) {
            if (!WaitReadable(fd, kIoTimeoutMs)) {
                break;
            }
            const ssize_t n = ::recv(fd, buf.data(), buf.size(), 0);
            if (n <= 0) {
                out = std::move(data);
                break;
            }
            data.append(buf.data(), static_cast<std::size_t>(n));
        }
    }
    ::close(fd);
    if (out && out->empty()) {
        return std::nullopt;
    }
    return out;
}

std::string Synthetic(int status, const char* reason, const std::string& extra) {
    const std::string body = R"({"error":{"code":"injected","message":"fault proxy"}})";
    return "HTTP/1.1 " + std::to_string(status) + " " + reason +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n" + extra + "\r\n" + body;
}

void Reset(int fd) {
    linger l{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

} // namespace

FaultProxy::FaultProxy(int upstreamPort, std::uint64_t seed)
    : m_upstreamPort(upstreamPort), m_listen(::socket(AF_INET, SOCK_STREAM, 0)), m_engine(seed) {
    const int one = 1;
    ::setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(m_listen, 64) != 0 ||
        ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        throw std::runtime_error("fault proxy cannot listen");
    }
    m_port = ntohs(addr.sin_port);
    m_acceptor = std::thread([this] { acceptLoop(); });
}

FaultProxy::~FaultProxy() {
    m_stop = true;
    ::shutdown(m_listen, SHUT_RDWR);
    m_acceptor.join();
    ::close(m_listen);
    for (auto& t : m_workers) {
        t.join();
    }
}

std::map<Fault, int> FaultProxy::injected() const {
    std::lock_guard lock(m_mutex);
    return m_injected;
}

Fault FaultProxy::pick() {
    std::lock_guard lock(m_mutex);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    if (unit(m_engine) >= m_rate.load()) {
        return Fault::None;
    }
    const auto f = static_cast<Fault>(1 + m_engine() % 9);
    ++m_injected[f];
    return f;
}

void FaultProxy::acceptLoop() {
    while (!m_stop) {
        const int client = ::accept(m_listen, nullptr, nullptr);
        if (client < 0) {
            if (m_stop) {
                return;
            }
            continue;
        }
        m_workers.emplace_back([this, client] {
            serve(client);
            ::close(client);
        });
    }
}

void FaultProxy::serve(int client) {
    // One request per connection: every answer carries "Connection: close".
    const auto request = ReadRequest(client);
    if (!request) {
        return;
    }
    const Fault fault = pick();
    switch (fault) {
    case Fault::DropBeforeForward:
        return;
    case Fault::Status429:
        SendAll(client, Synthetic(429, "Too Many Requests", "Retry-After: 1\r\n"));
        return;
    case Fault::Timeout:
        // Hold the connection until the client gives up (bounded).
        if (WaitReadable(client, kIoTimeoutMs)) {
            char c = 0;
            (void)::recv(client, &c, 1, 0);
        }
        return;
    default:
        break;
    }
    std::optional<std::string> answer = Forward(m_upstreamPort, *request);
    if (fault == Fault::Duplicate && answer) {
        answer = Forward(m_upstreamPort, *request);
    }
    if (!answer) {
        return; // the central is down: the client sees a closed connection
    }
    const std::string& response = *answer;
    const std::size_t headEnd = response.find("\r\n\r\n");
    switch (fault) {
    case Fault::DropAfterForward:
        return;
    case Fault::Status500:
        SendAll(client, Synthetic(500, "Internal Server Error", ""));
        return;
    case Fault::ResetMidResponse:
        SendAll(client, response.data(), response.size() / 2);
        Reset(client);
        return;
    case Fault::TruncatedBody:
        if (headEnd != std::string::npos) {
            const std::size_t body = response.size() - headEnd - 4;
            SendAll(client, response.data(), headEnd + 4 + body / 2);
        }
        return;
    case Fault::TruncatedLength:
        if (headEnd != std::string::npos) {
            std::string head = response.substr(0, headEnd + 2);
            const std::string body = response.substr(headEnd + 4);
            const std::string cut = body.substr(0, body.size() / 2);
            std::string lower = head;
            for (char& c : lower) {
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            const auto at = lower.find("content-length:");
            if (at != std::string::npos) {
                const auto end = head.find("\r\n", at);
                head.replace(at, end - at, "Content-Length: " + std::to_string(cut.size()));
            }
            SendAll(client, head + "\r\n" + cut);
        }
        return;
    default:
        SendAll(client, response);
        return;
    }
}

} // namespace accueil::sync::test
