// SPDX-License-Identifier: Apache-2.0
// The central against slow and greedy clients, on a live central over loopback: a request's
// head has a deadline, connections are limited per client and in all, slow ones are shed first,
// and honest kiosks are served throughout.

#include "LogCapture.h"
#include "SyncTestEnv.h"

#include <accueil/sync/CentralConfig.h>
#include <accueil/sync/HttpClient.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <vector>

namespace accueil::sync::test {
namespace {

using namespace std::chrono_literals;

/// A raw client connection, closed when it goes.
class RawClient {
public:
    explicit RawClient(int port) : m_fd(::socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_connected = ::connect(m_fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
    }
    ~RawClient() { ::close(m_fd); }
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    bool connected() const { return m_connected; }
    bool send(const std::string& data) const {
        return ::send(m_fd, data.data(), data.size(), MSG_NOSIGNAL) ==
               static_cast<ssize_t>(data.size());
    }
    int localPort() const {
        sockaddr_in local{};
        socklen_t length = sizeof local;
        ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&local), &length);
        return ntohs(local.sin_port);
    }
    /// Everything the central sends until it closes, waiting at most `limit` for each piece.
    /// Sets `closed` when the central closed the connection within that time.
    std::string readUntilClosed(bool& closed, std::chrono::milliseconds limit = 10s) const {
        std::string text;
        closed = false;
        std::array<char, 4096> buffer{};
        for (int pieces = 0; pieces < 1000; ++pieces) {
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(limit.count())) <= 0) {
                return text; // still open
            }
            const ssize_t n = ::recv(m_fd, buffer.data(), buffer.size(), 0);
            if (n <= 0) {
                closed = true;
                return text;
            }
            text.append(buffer.data(), static_cast<std::size_t>(n));
        }
        return text;
    }
    /// True while the central keeps the connection open (nothing to read, no end).
    bool stillOpen() const {
        pollfd p{m_fd, POLLIN, 0};
        return ::poll(&p, 1, 0) == 0;
    }

private:
    int m_fd;
    bool m_connected = false;
};

const std::string kHealthHead = "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n";

struct Gate : ::testing::Test {
    TempDir dir;
    core::EventConfig event = TestEvent();
    std::unique_ptr<Central> central;
    std::string token;

    void start(const ServerOptions& o) {
        central = std::make_unique<Central>(dir, event, o);
        ASSERT_TRUE(central->store->importRegistrants(
            core::GenerateDemoRegistrants(5, event.calendar->days(), 1), {}));
        token = central->addKiosk("door-1");
    }
    bool healthy() const {
        HttpClient http(HttpOptions{central->url(), "", 2000, 2000, "", nullptr});
        const HttpResult r = http.get("/v1/health");
        return r && r->status == 200;
    }
    bool kioskServed() const {
        HttpClient http(HttpOptions{central->url(), token, 2000, 2000, "", nullptr});
        const HttpResult r = http.get("/v1/registrants?since=0");
        return r && r->status == 200;
    }
    /// A push whose head is complete and whose body never comes: the server holds it, waiting.
    std::string pendingPushHead() const {
        return "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
               "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";
    }
};

TEST_F(Gate, AHeadThatNeverEndsIsCutAtTheDeadlineAndLoggedWithItsClient) {
    ServerOptions o;
    o.headerTimeout = 300ms;
    start(o);
    LogCapture log;
    RawClient slow(central->port);
    ASSERT_TRUE(slow.connected());
    ASSERT_TRUE(slow.send(kHealthHead)); // and never the blank line
    bool closed = false;
    const std::string answer = slow.readUntilClosed(closed);
    EXPECT_EQ(answer.rfind("HTTP/1.1 408 ", 0), 0U) << answer;
    EXPECT_NE(answer.find("\"header_timeout\""), std::string::npos) << answer;
    EXPECT_TRUE(closed);
    EXPECT_TRUE(
        log.waitFor("refused a connection from 127.0.0.1:" + std::to_string(slow.localPort()) +
                    ": the request's head took too long"))
        << log.text();
}

TEST_F(Gate, AHeadOverTheLimitIs431) {
    start(ServerOptions{});
    RawClient greedy(central->port);
    ASSERT_TRUE(greedy.send(kHealthHead + "X-Padding: " + std::string(20000, 'a') + "\r\n\r\n"));
    bool closed = false;
    const std::string answer = greedy.readUntilClosed(closed);
    EXPECT_EQ(answer.rfind("HTTP/1.1 431 ", 0), 0U) << answer;
    EXPECT_TRUE(closed);
    EXPECT_TRUE(healthy());
}

// The server's log names the client behind the gate (its own port), not the gate's relay.
TEST_F(Gate, TheServersLogNamesTheClientNotTheRelay) {
    start(ServerOptions{});
    LogCapture log;
    RawClient client(central->port);
    ASSERT_TRUE(client.send("GET /v1/registrants?since=0 HTTP/1.1\r\nHost: x\r\n\r\n"));
    bool closed = false;
    const std::string answer = client.readUntilClosed(closed);
    EXPECT_EQ(answer.rfind("HTTP/1.1 401 ", 0), 0U) << answer;
    EXPECT_TRUE(log.waitFor(
        "refused GET /v1/registrants from 127.0.0.1:" + std::to_string(client.localPort()) + ":"))
        << log.text();
}

// Three hundred clients, each sending a header line every 50 ms and never finishing (the
// attack that held every request thread of the bare HTTP server): health and a kiosk's pull
// are answered throughout, and the slow ones are shed down to the per-client limit.
TEST_F(Gate, SlowClientsNeverStopHealthOrAKiosk) {
    ServerOptions o;
    o.threads = 8; // few request threads: without the gate eight slow clients would be enough
    o.maxConnections = 128;
    o.maxConnectionsPerClient = 32;
    start(o);
    std::vector<std::unique_ptr<RawClient>> slow;
    for (int i = 0; i < 300; ++i) {
        slow.push_back(std::make_unique<RawClient>(central->port));
        slow.back()->send(kHealthHead);
    }
    int answered = 0;
    for (int round = 0; round < 10; ++round) {
        for (std::size_t i = 0; i < slow.size(); ++i) {
            slow[i]->send("X-Slow-" + std::to_string(round) + ": " + std::to_string(i) + "\r\n");
        }
        answered += healthy() ? 1 : 0;
        answered += kioskServed() ? 1 : 0;
        std::this_thread::sleep_for(50ms); // the attackers' pace, not a synchronisation
    }
    EXPECT_EQ(answered, 20);
    int open = 0;
    for (const auto& s : slow) {
        open += s->stillOpen() ? 1 : 0;
    }
    // All from 127.0.0.1: at most the per-client limit of them left (the honest requests,
    // from the same address, each took the place of the oldest slow one).
    EXPECT_LE(open, 32);
    EXPECT_GT(open, 0); // and the limit is a limit, not a wholesale close
}

// At the limit, the oldest connection still sending its head makes room for a newcomer.
TEST_F(Gate, TheOldestSlowConnectionIsShedFirst) {
    ServerOptions o;
    o.maxConnectionsPerClient = 4;
    start(o);
    std::vector<std::unique_ptr<RawClient>> idle;
    for (int i = 0; i < 4; ++i) {
        idle.push_back(std::make_unique<RawClient>(central->port));
        ASSERT_TRUE(idle.back()->send("GET /v1/health HTTP/1.1\r\n"));
        // Accepted in this order: the gate has answered nothing, so wait until each is in.
        ASSERT_TRUE(healthy()); // also proves each newcomer is admitted
    }
    // The last health check found the client at its limit and took the oldest idle one's place.
    bool closed = false;
    const std::string shed = idle[0]->readUntilClosed(closed, 5s);
    EXPECT_EQ(shed.rfind("HTTP/1.1 408 ", 0), 0U) << shed;
    EXPECT_TRUE(closed);
    EXPECT_TRUE(idle[3]->stillOpen());
}

// Connections whose heads are in are not slow: at the limit a newcomer is refused (503), the
// requests in flight finish, and the connection's lifetime ends one that never does.
TEST_F(Gate, RequestsInFlightAreNeverShedAndANewcomerGets503) {
    ServerOptions o;
    o.maxConnectionsPerClient = 2;
    o.connectionTimeout = 2s;
    start(o);
    LogCapture log;
    RawClient first(central->port);
    RawClient second(central->port);
    ASSERT_TRUE(first.send(pendingPushHead()));
    ASSERT_TRUE(second.send(pendingPushHead()));
    // Both heads are in and relayed: neither is slow any more.
    ASSERT_TRUE(
        log.waitFor("relaying a request from 127.0.0.1:" + std::to_string(first.localPort())));
    ASSERT_TRUE(
        log.waitFor("relaying a request from 127.0.0.1:" + std::to_string(second.localPort())));
    RawClient third(central->port);
    third.send(kHealthHead + "\r\n");
    bool closed = false;
    const std::string answer = third.readUntilClosed(closed);
    EXPECT_EQ(answer.rfind("HTTP/1.1 503 ", 0), 0U) << answer;
    EXPECT_NE(answer.find("\"busy\""), std::string::npos) << answer;
    EXPECT_NE(answer.find("Retry-After: 1"), std::string::npos) << answer;
    // The first finishes its push (a malformed body, answered 400 by the route: it was read).
    ASSERT_TRUE(first.send(std::string(100, '{')));
    const std::string pushed = first.readUntilClosed(closed);
    EXPECT_EQ(pushed.rfind("HTTP/1.1 400 ", 0), 0U) << pushed;
    // The second never sends its body: its life ends at connection_timeout.
    const std::string cut = second.readUntilClosed(closed);
    EXPECT_TRUE(closed);
    EXPECT_EQ(cut, "") << cut;
    EXPECT_TRUE(healthy());
}

// central.toml's keys for the gate: read, and a bad value refused with its line and key.
TEST(GateConfig, LimitsAreReadFromCentralTomlAndCheckedThere) {
    TempDir dir;
    const std::ifstream example(ACCUEIL_SOURCE_DIR "/config/event.toml");
    std::ofstream(dir.file("event.toml")) << example.rdbuf();
    const std::string head = "[central]\ndatabase = \"central.db\"\nevent = \"event.toml\"\n";
    std::ofstream(dir.file("central.toml"))
        << head << "header_timeout = 3\nconnection_timeout = 30\nmax_connections = 100\n"
        << "max_connections_per_client = 4\n";
    auto loaded = LoadCentralConfig(dir.file("central.toml"));
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(loaded->server.headerTimeout, 3s);
    EXPECT_EQ(loaded->server.connectionTimeout, 30s);
    EXPECT_EQ(loaded->server.maxConnections, 100);
    EXPECT_EQ(loaded->server.maxConnectionsPerClient, 4);
    std::ofstream(dir.file("central.toml"), std::ios::trunc) << head << "header_timeout = 0\n";
    loaded = LoadCentralConfig(dir.file("central.toml"));
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find("central.toml:4"), std::string::npos)
        << loaded.error().message;
    EXPECT_NE(loaded.error().message.find("header_timeout"), std::string::npos)
        << loaded.error().message;
}

} // namespace
} // namespace accueil::sync::test
