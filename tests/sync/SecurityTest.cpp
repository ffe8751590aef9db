// SPDX-License-Identifier: Apache-2.0
// Each bad request gets a clean JSON error with a stable code, and writes nothing.

#include "LogCapture.h"
#include "SyncTestEnv.h"

#include <accueil/sync/HttpClient.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <sstream>

namespace accueil::sync::test {
namespace {

using nlohmann::json;

struct Fixture : ::testing::Test {
    TempDir dir;
    core::EventConfig event = TestEvent();
    std::unique_ptr<Central> central;
    std::string token;
    std::string listedId;

    void SetUp() override {
        ServerOptions o;
        o.maxBodyBytes = std::size_t{64} * 1024;
        central = std::make_unique<Central>(dir, event, o);
        ASSERT_TRUE(central->store->importRegistrants(
            core::GenerateDemoRegistrants(5, event.calendar->days(), 1), {}));
        token = central->addKiosk("door-1");
        listedId = core::GenerateDemoRegistrants(5, event.calendar->days(), 1).front().id;
    }

    HttpResponse call(const std::string& bearer, const std::string& path,
                      const std::string* body = nullptr) const {
        HttpClient http(HttpOptions{central->url(), bearer, 2000, 5000, "", nullptr});
        HttpResult r = body != nullptr ? http.post(path, *body) : http.get(path);
        EXPECT_TRUE(r) << r.error().message;
        return r ? std::move(r).value() : HttpResponse{};
    }

    static std::string Code(const HttpResponse& r) {
        const json j = json::parse(r.body, nullptr, false);
        return j.is_object() && j.contains("error") ? j["error"].value("code", "") : "";
    }

    int centralEvents() const {
        auto c = central->store->counts("door-1");
        return c ? c->allAttendance + c->kioskAudit : -1;
    }

    std::string validPush(const std::string& kioskId = "door-1") const {
        core::AttendanceEvent e;
        e.uuid = "0190a0a0-0000-7000-8000-000000000001";
        e.registrantId = listedId; // a registrant the central lists
        e.day = "2025-06-17";
        e.kioskId = kioskId;
        e.at = At(event, "2025-06-17", 9, 0);
        return json{{"attendance", json::array({ToJson(e)})}}.dump();
    }
};

TEST_F(Fixture, NoTokenIs401) {
    const auto r = call("", "/v1/registrants?since=0");
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(Code(r), "unauthorized");
    const std::string body = validPush();
    EXPECT_EQ(call("", "/v1/events", &body).status, 401);
    EXPECT_EQ(centralEvents(), 0);
}

TEST_F(Fixture, WrongTokenIs401) {
    const std::string body = validPush();
    const auto r = call(token + "x", "/v1/events", &body);
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(Code(r), "unauthorized");
    EXPECT_EQ(centralEvents(), 0);
}

// Every refused request leaves a line in the central's log with the client's address and the
// reason, and never the token that was sent.
TEST_F(Fixture, RefusalsAreLoggedWithTheClientAndTheReasonNeverTheToken) {
    LogCapture log;
    const std::string wrong = token + "-not-it";
    HttpClient http(HttpOptions{central->url(), wrong, 2000, 5000, "", nullptr});
    ASSERT_TRUE(http.get("/v1/registrants?since=0"));
    // The line names the client behind the central's gate, not the gate's own relay.
    EXPECT_TRUE(log.waitFor("refused GET /v1/registrants from 127.0.0.1:")) << log.text();
    EXPECT_TRUE(log.waitFor("401 unauthorized (unknown token)")) << log.text();
    EXPECT_EQ(log.text().find(token), std::string::npos) << log.text();
}

TEST_F(Fixture, RevokedTokenIs403) {
    ASSERT_TRUE(central->store->revokeKiosk("door-1"));
    const std::string body = validPush();
    const auto r = call(token, "/v1/events", &body);
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(Code(r), "token_revoked");
    EXPECT_EQ(centralEvents(), 0);
    // A new token for the same kiosk works again.
    const std::string fresh = central->addKiosk("door-1");
    EXPECT_EQ(call(fresh, "/v1/events", &body).status, 200);
    EXPECT_EQ(call(token, "/v1/settings").status, 401); // the old one is gone for good
}

TEST_F(Fixture, OversizedBodyIs413) {
    const std::string body(std::size_t{200} * 1024, ' ');
    const auto r = call(token, "/v1/events", &body);
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(Code(r), "body_too_large");
    EXPECT_EQ(centralEvents(), 0);
}

// What the central answered a raw chunked upload of `total` bytes of `body` (repeated), sent
// with `bearer` (none when empty); the upload stops early once the central closes.
struct RawAnswer {
    std::string statusLine;
    std::size_t sent = 0;
};

RawAnswer ChunkedUpload(int port, const std::string& bearer, const std::string& body,
                        std::size_t total) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    RawAnswer answer;
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return answer;
    }
    timeval timeout{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    std::string head = "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                       "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n";
    if (!bearer.empty()) {
        head += "Authorization: Bearer " + bearer + "\r\n";
    }
    head += "\r\n";
    const auto sendAll = [fd](const std::string& data) {
        return ::send(fd, data.data(), data.size(), MSG_NOSIGNAL) ==
               static_cast<ssize_t>(data.size());
    };
    bool open = sendAll(head);
    std::ostringstream size;
    size << std::hex << body.size();
    const std::string chunk = size.str() + "\r\n" + body + "\r\n";
    while (open && answer.sent < total) {
        open = sendAll(chunk);
        answer.sent += open ? body.size() : 0;
    }
    if (open) {
        sendAll("0\r\n\r\n");
    }
    std::string reply;
    std::array<char, 4096> buffer{};
    for (ssize_t n = 0;
         (n = ::recv(fd, buffer.data(), buffer.size(), 0)) > 0 && reply.size() < 65536;) {
        reply.append(buffer.data(), static_cast<std::size_t>(n));
        if (reply.find("\r\n") != std::string::npos) {
            break;
        }
    }
    ::close(fd);
    answer.statusLine = reply.substr(0, reply.find("\r\n"));
    return answer;
}

// Resident memory of this process (the central runs in it), in bytes.
std::size_t ResidentBytes() {
    std::ifstream statm("/proc/self/statm");
    std::size_t pages = 0;
    std::size_t resident = 0;
    statm >> pages >> resident;
    return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

int PortOf(const std::string& url) {
    return std::stoi(url.substr(url.rfind(':') + 1));
}

// Chunked uploads: without a token the body is never read (six 50 MB uploads cost the central
// no memory); with one, reading stops at max_body_bytes however the body is framed.
TEST_F(Fixture, ChunkedBodiesAreCappedAndReadOnlyAfterTheToken) {
    const int port = PortOf(central->url());
    const std::string megabyte(std::size_t{1} << 20, 'x');
    [[maybe_unused]] const std::size_t before = ResidentBytes();
    for (int i = 0; i < 6; ++i) {
        const RawAnswer r = ChunkedUpload(port, "", megabyte, std::size_t{50} << 20);
        EXPECT_NE(r.statusLine.find(" 401 "), std::string::npos) << r.statusLine;
    }
#if !defined(__SANITIZE_ADDRESS__)
    // (Under AddressSanitizer freed memory stays in its quarantine, so the process's resident
    // size says nothing about what the central holds; the plain build checks it.)
    EXPECT_LT(ResidentBytes(), before + (std::size_t{40} << 20)); // not 300 MB
#endif
    const RawAnswer big = ChunkedUpload(port, token, megabyte, std::size_t{20} << 20);
    EXPECT_NE(big.statusLine.find(" 413 "), std::string::npos) << big.statusLine;
    EXPECT_EQ(centralEvents(), 0);
    // A chunked push within the limit is read and stored as any other.
    const RawAnswer ok = ChunkedUpload(port, token, validPush(), 1);
    EXPECT_NE(ok.statusLine.find(" 200 "), std::string::npos) << ok.statusLine;
    EXPECT_EQ(centralEvents(), 1);
}

TEST_F(Fixture, MalformedJsonIs400) {
    const std::string body = R"({"attendance": [ {"uuid": "a", )";
    const auto r = call(token, "/v1/events", &body);
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(Code(r), "malformed_json");
    EXPECT_EQ(centralEvents(), 0);
}

// A bad event is refused on its own, with its reason in the answer; the good one beside it is
// stored, so one bad event never wedges a kiosk's outbox.
TEST_F(Fixture, AnInvalidEventIsRefusedAloneAndTheRestStored) {
    json j = json::parse(validPush());
    json bad = j["attendance"][0];
    bad["uuid"] = "0190a0a0-0000-7000-8000-000000000002";
    bad["kind"] = "teleport";
    j["attendance"].push_back(bad);
    json ghost = j["attendance"][0];
    ghost["uuid"] = "0190a0a0-0000-7000-8000-000000000003";
    ghost["registrant_id"] = "NOBODY-1";
    j["attendance"].push_back(ghost);
    const std::string body = j.dump();
    const auto r = call(token, "/v1/events", &body);
    ASSERT_EQ(r.status, 200);
    const json answer = json::parse(r.body);
    EXPECT_EQ(answer["accepted"], json::array({"0190a0a0-0000-7000-8000-000000000001"}));
    ASSERT_EQ(answer["refused"].size(), 2U);
    EXPECT_EQ(answer["refused"][0]["uuid"], "0190a0a0-0000-7000-8000-000000000002");
    EXPECT_NE(answer["refused"][0]["reason"].get<std::string>().find("unknown kind"),
              std::string::npos);
    EXPECT_NE(answer["refused"][1]["reason"].get<std::string>().find("not on the central's list"),
              std::string::npos);
    EXPECT_EQ(centralEvents(), 1); // the valid event, and no unknown registrant in the report
}

TEST_F(Fixture, AnotherKiosksEventIsRefusedAlone) {
    const std::string body = validPush("door-9");
    const auto r = call(token, "/v1/events", &body);
    ASSERT_EQ(r.status, 200);
    const json answer = json::parse(r.body);
    EXPECT_TRUE(answer["accepted"].empty());
    ASSERT_EQ(answer["refused"].size(), 1U);
    EXPECT_NE(answer["refused"][0]["reason"].get<std::string>().find("names kiosk \"door-9\""),
              std::string::npos);
    EXPECT_EQ(centralEvents(), 0);
}

TEST_F(Fixture, CursorFromTheFutureIs409) {
    for (const char* path : {"/v1/registrants?since=999999", "/v1/attendance?since=999999"}) {
        const auto r = call(token, path);
        EXPECT_EQ(r.status, 409) << path;
        EXPECT_EQ(Code(r), "cursor_ahead") << path;
    }
    EXPECT_EQ(call(token, "/v1/registrants?since=-1").status, 422);
    EXPECT_EQ(call(token, "/v1/registrants?since=abc").status, 422);
    EXPECT_EQ(centralEvents(), 0);
}

TEST_F(Fixture, DuplicatePushIsStoredOnce) {
    const std::string body = validPush();
    const auto first = call(token, "/v1/events", &body);
    const auto second = call(token, "/v1/events", &body);
    EXPECT_EQ(first.status, 200);
    EXPECT_EQ(second.status, 200);
    EXPECT_EQ(json::parse(second.body)["duplicates"], 1);
    EXPECT_EQ(centralEvents(), 1);
}

TEST_F(Fixture, UnknownPathIsJson404) {
    const auto r = call(token, "/v2/nothing");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(Code(r), "not_found");
}

TEST_F(Fixture, KioskWithRevokedTokenGetsAuthError) {
    ASSERT_TRUE(central->store->revokeKiosk("door-1"));
    Kiosk k(dir, event, "door-1", central->url(), token);
    const RoundReport r = k.sync();
    ASSERT_NE(r.worstError(), nullptr);
    EXPECT_EQ(r.worstError()->kind, SyncErrorKind::Auth);
    EXPECT_EQ(r.worstError()->code, "token_revoked");
}

} // namespace
} // namespace accueil::sync::test
