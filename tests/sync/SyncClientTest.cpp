// SPDX-License-Identifier: Apache-2.0
// The sync client's steps return values: counts of what they did, or the error that stopped
// them, with "the network failed" kept apart from "the central answered with an error". A round
// still counts the work that was committed before a step failed.

#include "SyncTestEnv.h"

#include <accueil/sync/HttpClient.h>

#include <httplib.h>

#include <array>
#include <atomic>
#include <chrono>
#include <thread>

namespace accueil::sync::test {
namespace {

using nlohmann::json;

constexpr const char* kNobodyListens = "http://127.0.0.1:1";

// A stand-in central on loopback answering what a test needs: any status with an error body,
// bodies that are not a JSON object, and pushes that are acknowledged only in part.
class StubCentral {
public:
    enum class Push {
        AcknowledgeFirstOnly,  ///< every answer acknowledges the first event of the batch only
        AcknowledgeOnceThen503 ///< the first push is acknowledged whole, later ones get a 503
    };

    explicit StubCentral(Push push) : m_push(push) {
        m_server.Get(R"(/answer/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
            res.status = std::stoi(req.matches[1]);
            if (res.status == 503) {
                res.set_header("Retry-After", "7");
            }
            res.set_content(ErrorBody(ApiError::Internal, "come back later"), "application/json");
        });
        // A refusal whose error fields are not strings, as a broken or hostile peer may send.
        m_server.Get("/odd-error", [](const httplib::Request&, httplib::Response& res) {
            res.status = 503;
            res.set_content(R"({"error":{"code":7,"message":["busy"]}})", "application/json");
        });
        m_server.Get("/text", [](const httplib::Request&, httplib::Response& res) {
            res.set_content("not json", "text/plain");
        });
        m_server.Get("/array", [](const httplib::Request&, httplib::Response& res) {
            res.set_content("[1,2]", "application/json");
        });
        m_server.Post("/v1/events", [this](const httplib::Request& req, httplib::Response& res) {
            answerPush(req, res);
        });
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        // stop() does nothing before the loop runs: wait for it (bounded) before any test can
        // end.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (!m_server.is_running() && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::yield();
        }
    }
    ~StubCentral() {
        m_server.stop();
        m_thread.join();
    }
    StubCentral(const StubCentral&) = delete;
    StubCentral& operator=(const StubCentral&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    int pushes() const { return m_pushes; }

private:
    void answerPush(const httplib::Request& req, httplib::Response& res) {
        const int n = ++m_pushes;
        if (m_push == Push::AcknowledgeOnceThen503 && n > 1) {
            res.status = 503;
            res.set_header("Retry-After", "7");
            res.set_content(ErrorBody(ApiError::Internal, "busy"), "application/json");
            return;
        }
        const json body = json::parse(req.body);
        json accepted = json::array();
        for (const char* list : {"attendance", "audit"}) {
            for (const json& item : body[list]) {
                accepted.push_back(item["uuid"]);
            }
        }
        if (m_push == Push::AcknowledgeFirstOnly && accepted.size() > 1) {
            accepted.erase(accepted.begin() + 1, accepted.end());
        }
        res.set_content(json{{"accepted", accepted}}.dump(), "application/json");
    }

    Push m_push;
    std::atomic<int> m_pushes{0};
    httplib::Server m_server;
    int m_port = 0;
    std::thread m_thread;
};

SyncOptions Options(const std::string& url, const std::string& token = "t") {
    SyncOptions o;
    o.url = url;
    o.token = token;
    o.connectTimeoutMs = 2000;
    o.timeoutMs = 5000;
    return o;
}

// A kiosk with the central's list and two check-ins (and their audit lines) in its outbox.
struct KioskWithOutbox {
    TempDir dir;
    core::EventConfig event = TestEvent();
    Central central{dir, event};
    std::unique_ptr<Kiosk> kiosk;
    std::string token; ///< door-1's
    int checkIns = 0;
    int waiting = 0;

    KioskWithOutbox() {
        const auto people = core::GenerateDemoRegistrants(10, event.calendar->days(), 5);
        EXPECT_TRUE(central.store->importRegistrants(people, {}));
        token = central.addKiosk("door-1");
        kiosk = std::make_unique<Kiosk>(dir, event, "door-1", central.url(), token);
        EXPECT_TRUE(kiosk->sync().ok());
        // Not everyone is expected on the day: scan until two are admitted.
        for (std::size_t i = 0; i < people.size() && checkIns < 2; ++i) {
            auto scan = kiosk->store.recordScan(
                PlainScan(people[i].id, At(event, "2025-06-17", 9, static_cast<int>(i))));
            EXPECT_TRUE(scan);
            checkIns += scan && !scan->eventUuid.empty() ? 1 : 0;
        }
        EXPECT_EQ(checkIns, 2);
        waiting = *kiosk->store.outboxSize();
    }
};

TEST(SyncClient, NoAnswerIsANetworkError) {
    SyncClient client(Options(kNobodyListens));
    auto answer = client.getJson("/v1/settings");
    ASSERT_FALSE(answer);
    EXPECT_EQ(answer.error().kind, SyncErrorKind::Network);
    EXPECT_EQ(answer.error().httpStatus, 0);
    EXPECT_TRUE(answer.error().code.empty());
}

TEST(SyncClient, TheCentralsStatusPicksTheKind) {
    StubCentral stub(StubCentral::Push::AcknowledgeFirstOnly);
    SyncClient client(Options(stub.url()));
    const auto cases = std::to_array<std::pair<int, SyncErrorKind>>({
        {503, SyncErrorKind::Server},
        {500, SyncErrorKind::Server},
        {429, SyncErrorKind::Server},
        {401, SyncErrorKind::Auth},
        {403, SyncErrorKind::Auth},
        {422, SyncErrorKind::Data},
        {409, SyncErrorKind::Data},
    });
    for (const auto& [status, kind] : cases) {
        auto answer = client.getJson("/answer/" + std::to_string(status));
        ASSERT_FALSE(answer) << status;
        EXPECT_EQ(answer.error().kind, kind) << status;
        EXPECT_EQ(answer.error().httpStatus, status);
        EXPECT_EQ(answer.error().code, "internal") << status;
        EXPECT_EQ(answer.error().message,
                  "central answered " + std::to_string(status) + ": come back later");
        EXPECT_EQ(answer.error().retryAfterSeconds.has_value(), status == 503) << status;
    }
    auto busy = client.getJson("/answer/503");
    ASSERT_FALSE(busy);
    EXPECT_EQ(busy.error().retryAfterSeconds, 7);
}

TEST(SyncClient, ARefusalWithOddErrorFieldsIsStillARefusal) {
    StubCentral stub(StubCentral::Push::AcknowledgeFirstOnly);
    SyncClient client(Options(stub.url()));
    auto answer = client.getJson("/odd-error");
    ASSERT_FALSE(answer);
    EXPECT_EQ(answer.error().kind, SyncErrorKind::Server);
    EXPECT_EQ(answer.error().httpStatus, 503);
    EXPECT_TRUE(answer.error().code.empty());
    EXPECT_EQ(answer.error().message, "central answered 503");
}

TEST(SyncClient, AnAnswerThatIsNotAJsonObjectIsData) {
    StubCentral stub(StubCentral::Push::AcknowledgeFirstOnly);
    SyncClient client(Options(stub.url()));
    for (const char* path : {"/text", "/array"}) {
        auto answer = client.getJson(path);
        ASSERT_FALSE(answer) << path;
        EXPECT_EQ(answer.error().kind, SyncErrorKind::Data) << path;
        EXPECT_EQ(answer.error().httpStatus, 0) << path;
    }
    auto fine = client.getJson("/answer/200");
    ASSERT_TRUE(fine) << fine.error().message;
    EXPECT_TRUE(fine->contains("error"));
}

TEST(HttpClient, AnErrorStatusIsAnAnswerNotAnError) {
    StubCentral stub(StubCentral::Push::AcknowledgeFirstOnly);
    HttpClient http(HttpOptions{stub.url(), "t", 2000, 5000, "", nullptr});
    auto busy = http.get("/answer/503");
    ASSERT_TRUE(busy) << busy.error().message;
    EXPECT_EQ(busy->status, 503);
    EXPECT_EQ(busy->retryAfterSeconds, 7);

    HttpClient nowhere(HttpOptions{kNobodyListens, "t", 2000, 5000, "", nullptr});
    auto failed = nowhere.get("/v1/health");
    ASSERT_FALSE(failed);
    EXPECT_FALSE(failed.error().message.empty());
    EXPECT_FALSE(failed.error().cancelled);
}

TEST(SyncClient, PushReturnsHowManyWereAcknowledged) {
    KioskWithOutbox k;
    ASSERT_GE(k.waiting, 2);
    auto pushed = k.kiosk->client.push(k.kiosk->store);
    ASSERT_TRUE(pushed) << pushed.error().message;
    EXPECT_EQ(*pushed, k.waiting);
    EXPECT_EQ(*k.kiosk->store.outboxSize(), 0);
    auto again = k.kiosk->client.push(k.kiosk->store);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(*again, 0);
}

TEST(SyncClient, RoundCountsAPartlyAcknowledgedPush) {
    KioskWithOutbox k;
    ASSERT_GE(k.waiting, 2);
    StubCentral stub(StubCentral::Push::AcknowledgeFirstOnly);
    SyncOptions o = Options(stub.url());
    o.pushBatch = 2;
    SyncClient client(o);
    const RoundReport r = client.runRound(k.kiosk->store);
    EXPECT_EQ(stub.pushes(), 1);
    EXPECT_EQ(r.pushed, 1);
    ASSERT_TRUE(r.pushError);
    EXPECT_EQ(r.pushError->kind, SyncErrorKind::Data);
    EXPECT_EQ(r.pushError->message, "the central acknowledged 1 and refused 0 of 2 events");
    EXPECT_EQ(r.outboxLeft, k.waiting - 1);
}

TEST(SyncClient, RoundCountsBatchesPushedBeforeTheCentralFailed) {
    KioskWithOutbox k;
    ASSERT_GE(k.waiting, 2);
    StubCentral stub(StubCentral::Push::AcknowledgeOnceThen503);
    SyncOptions o = Options(stub.url());
    o.pushBatch = 1;
    SyncClient client(o);
    const RoundReport r = client.runRound(k.kiosk->store);
    EXPECT_EQ(stub.pushes(), 2);
    EXPECT_EQ(r.pushed, 1);
    ASSERT_TRUE(r.pushError);
    EXPECT_EQ(r.pushError->kind, SyncErrorKind::Server);
    EXPECT_EQ(r.pushError->httpStatus, 503);
    EXPECT_EQ(r.pushError->retryAfterSeconds, 7);
    EXPECT_EQ(r.outboxLeft, k.waiting - 1);
    // Alone, the step returns the error (what it pushed before is committed all the same).
    auto pushed = client.push(k.kiosk->store);
    ASSERT_FALSE(pushed);
    EXPECT_EQ(pushed.error().kind, SyncErrorKind::Server);
    EXPECT_EQ(*k.kiosk->store.outboxSize(), k.waiting - 1);
}

// kiosk.toml lists the central's instances: one nobody answers at, or that fails with a
// server error, is left at once for the next in the same round, and the client stays with the
// one that answered. Every event reaches the central once.
TEST(SyncClient, ARoundMovesToTheNextInstanceWhenOneFails) {
    KioskWithOutbox k;
    ASSERT_GE(k.waiting, 2);
    StubCentral failing(StubCentral::Push::AcknowledgeOnceThen503);
    SyncOptions o = Options(kNobodyListens, k.token);
    o.otherUrls = {failing.url(), k.central.url()};
    o.pushBatch = 1;
    SyncClient client(o);
    const RoundReport r = client.runRound(k.kiosk->store);
    EXPECT_TRUE(r.ok()) << r.worstError()->message;
    EXPECT_EQ(client.url(), k.central.url());
    EXPECT_EQ(*k.kiosk->store.outboxSize(), 0);
    EXPECT_GE(failing.pushes(), 1); // tried, and it failed part way
    const auto counts = k.central.store->counts("door-1");
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->kioskAttendance, k.checkIns); // once each, wherever it was first sent
    // The next round starts where the last one ended.
    const int before = failing.pushes();
    EXPECT_TRUE(client.runRound(k.kiosk->store).ok());
    EXPECT_EQ(client.url(), k.central.url());
    EXPECT_EQ(failing.pushes(), before);
}

// With every instance down the round fails as a network error after trying each once.
TEST(SyncClient, WithEveryInstanceDownTheRoundFailsAfterOneTryEach) {
    KioskWithOutbox k;
    SyncOptions o = Options(kNobodyListens);
    o.otherUrls = {kNobodyListens, kNobodyListens};
    SyncClient client(o);
    const RoundReport r = client.runRound(k.kiosk->store);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.worstError()->kind, SyncErrorKind::Network);
    EXPECT_EQ(*k.kiosk->store.outboxSize(), k.waiting);
}

TEST(SyncClient, PullAttendanceReturnsHowManyWereNew) {
    KioskWithOutbox k;
    ASSERT_TRUE(k.kiosk->client.push(k.kiosk->store));
    Kiosk other(k.dir, k.event, "door-2", k.central.url(), k.central.addKiosk("door-2"));
    auto first = other.client.pullAttendance(other.store);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(*first, k.checkIns);
    auto second = other.client.pullAttendance(other.store);
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(*second, 0);
}

TEST(SyncClient, PullRegistrantsSaysWhetherTheListWasReplaced) {
    KioskWithOutbox k;
    Kiosk fresh(k.dir, k.event, "door-2", k.central.url(), k.central.addKiosk("door-2"));
    auto full = fresh.client.pullRegistrants(fresh.store);
    ASSERT_TRUE(full) << full.error().message;
    EXPECT_TRUE(full->fullRefresh);
    EXPECT_EQ(full->applied, 10);
    auto idle = fresh.client.pullRegistrants(fresh.store);
    ASSERT_TRUE(idle) << idle.error().message;
    EXPECT_FALSE(idle->fullRefresh);
    EXPECT_EQ(idle->applied, 0);
}

TEST(SyncClient, PullSettingsRefusesAnotherEvent) {
    TempDir dir;
    const core::EventConfig event = TestEvent();
    Central central(dir, event);
    core::EventConfig other = TestEvent();
    other.id = "another-event";
    auto store = core::AttendanceStore::Open(dir.file("door-1.db"), other, "door-1");
    ASSERT_TRUE(store);
    SyncClient client(Options(central.url(), central.addKiosk("door-1")));
    auto pulled = client.pullSettings(*store);
    ASSERT_FALSE(pulled);
    EXPECT_EQ(pulled.error().kind, SyncErrorKind::Data);
    EXPECT_NE(pulled.error().message.find("another-event"), std::string::npos);
    EXPECT_NE(pulled.error().message.find(event.id), std::string::npos);
}

} // namespace
} // namespace accueil::sync::test
