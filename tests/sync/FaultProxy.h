// SPDX-License-Identifier: Apache-2.0
#pragma once

// A TCP proxy in front of the central that the tests own: it reads one HTTP request per
// connection and, at random (fixed seed), drops, resets, delays, truncates, duplicates or answers
// it with an error instead of passing it through.

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace accueil::sync::test {

enum class Fault {
    None,
    DropBeforeForward, ///< the request never reaches the central
    DropAfterForward,  ///< the central did the work; the answer is lost
    ResetMidResponse,  ///< half the answer, then a TCP reset
    Status500,         ///< a 500 (sometimes after the central did the work)
    Status429,         ///< a 429 with Retry-After
    Timeout,           ///< no answer until the client gives up
    TruncatedBody,     ///< the body is cut short of its Content-Length
    TruncatedLength,   ///< a shorter body with a matching Content-Length (bad JSON)
    Duplicate,         ///< the request reaches the central twice
};

class FaultProxy {
public:
    FaultProxy(int upstreamPort, std::uint64_t seed);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    int port() const { return m_port; }
    /// Probability that a request gets a fault (0 = plain pass-through).
    void setFaultRate(double rate) { m_rate = rate; }
    /// How many of each fault were injected so far.
    std::map<Fault, int> injected() const;

private:
    void acceptLoop();
    void serve(int client);
    Fault pick();

    int m_upstreamPort;
    int m_listen = -1;
    int m_port = 0;
    std::atomic<double> m_rate{0.0};
    std::atomic<bool> m_stop{false};
    mutable std::mutex m_mutex;
    std::mt19937_64 m_engine;
    std::map<Fault, int> m_injected;
    std::vector<std::thread> m_workers;
    std::thread m_acceptor;
};

} // namespace accueil::sync::test
