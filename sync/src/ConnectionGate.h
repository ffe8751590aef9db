// SPDX-License-Identifier: Apache-2.0
#pragma once

// The central's front door. cpp-httplib (0.11, Debian 12) gives every connection a request
// thread from the moment it is accepted and has no deadline on a request's head, no limit per
// client and no total: three hundred clients each sending a header line every few seconds hold
// every thread, and honest kiosks time out. The gate stands in front of it on the public
// address. One thread, poll(2), no thread per connection: it accepts, counts connections per
// client address and in total, waits for each request's whole head under a deadline, and only
// then opens a connection to the HTTP server on loopback and relays the bytes both ways. A slow
// client costs a socket and a few kilobytes, never a request thread; at a limit the oldest
// connection still sending its head is shed first, so an honest request always gets in.
//
// Each connection carries one request (the server closes after its answer), so every request
// meets the header deadline. With TLS the bytes are encrypted: the gate cannot see heads, and
// applies the connection limits and the lifetime only (shedding the oldest connection).

#include <accueil/core/Result.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace accueil::sync {

struct GateLimits {
    /// From accept to the end of the request's head (its blank line).
    std::chrono::milliseconds headerTimeout{std::chrono::seconds(10)};
    /// From accept to close, whatever the connection is doing.
    std::chrono::milliseconds connectionTimeout{std::chrono::seconds(120)};
    std::size_t maxHeadBytes = std::size_t{16} * 1024;
    int maxConnections = 512;
    int maxPerClient = 32; ///< per client address
};

class ConnectionGate {
public:
    /// Binds host:port (port 0 = any) and relays to 127.0.0.1:backendPort. inspectHeads: the
    /// bytes are plain HTTP (false for TLS). Errors: Config (cannot bind). Thread: any.
    static core::Result<std::unique_ptr<ConnectionGate>> Start(const std::string& host, int port,
                                                               int backendPort, bool inspectHeads,
                                                               const GateLimits& limits);
    ~ConnectionGate(); ///< stop()
    ConnectionGate(const ConnectionGate&) = delete;
    ConnectionGate& operator=(const ConnectionGate&) = delete;

    /// The bound public port.
    int port() const;
    /// Closes the public socket and every connection, joins the thread. Idempotent.
    void stop();
    /// The client ("address:port") behind the connection the gate opened to the server from
    /// local port `relayPort`, for the server's log; empty if it has none. Any thread.
    std::string clientOf(int relayPort) const;

    struct Impl;

private:
    explicit ConnectionGate(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace accueil::sync
