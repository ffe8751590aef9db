// SPDX-License-Identifier: Apache-2.0
// Enrolment with a one-time code: the code and the enrolment string, POST /v1/enrol (single
// use, expiry, another kiosk's code), the key pin on https, and `accueil central kiosk add
// --enrol` then `accueil enrol` end to end, with kiosk.toml's comments kept.

#include "AccueilProcess.h"
#include "CentralRoutes.h"
#include "SyncTestEnv.h"

#include <accueil/sync/Enrolment.h>
#include <accueil/sync/HttpClient.h>
#include <accueil/sync/TomlEdit.h>

#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <fstream>
#include <set>
#include <sstream>

namespace accueil::sync::test {
namespace {

std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The central's error code in an answer's body ("" when there is none).
std::string Code(const HttpResult& r) {
    if (!r) {
        return "no answer: " + r.error().message;
    }
    const auto j = nlohmann::json::parse(r->body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"].value("code", "") : "";
}

HttpResult Enrol(const std::string& url, const std::string& code, const std::string& kioskId,
                 const std::string& pin = "") {
    HttpOptions o;
    o.baseUrl = url;
    o.pinnedPublicKey = pin;
    HttpClient http(o);
    nlohmann::json body{{"code", code}};
    if (!kioskId.empty()) {
        body["kiosk_id"] = kioskId;
    }
    return http.post("/v1/enrol", body.dump());
}

TEST(EnrolmentCode, IsGroupedBase32OfAHundredBitsAndNeverTheSame) {
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        const std::string code = NewEnrolmentCode();
        ASSERT_EQ(code.size(), 23U) << code; // 20 letters, 3 dashes
        for (std::size_t c = 0; c < code.size(); ++c) {
            if (c % 6 == 5) {
                EXPECT_EQ(code[c], '-') << code;
            } else {
                EXPECT_NE(std::string("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567").find(code[c]),
                          std::string::npos)
                    << code;
            }
        }
        seen.insert(code);
    }
    EXPECT_EQ(seen.size(), 200U);
    EXPECT_EQ(NormaliseEnrolmentCode("abcde-fghij 23456"), "ABCDEFGHIJ23456");
    EXPECT_EQ(HashEnrolmentCode("abcde-fghij"), HashEnrolmentCode("ABCDEFGHIJ"));
}

TEST(EnrolmentString, RoundTripsAndSaysWhatIsWrong) {
    const EnrolmentOffer offer{"https://central.example:8470", "ABCDE-FGHIJ", "sha256//abc="};
    const std::string text = EncodeEnrolment(offer);
    EXPECT_EQ(text.rfind("accueil-enrol:1:", 0), 0U);
    EXPECT_EQ(text.find_first_of("+/="), std::string::npos); // base64url, no padding
    const auto back = DecodeEnrolment(text + "\n");
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->url, offer.url);
    EXPECT_EQ(back->code, offer.code);
    EXPECT_EQ(back->pin, offer.pin);

    EXPECT_NE(DecodeEnrolment("hello").error().message.find("not an enrolment string"),
              std::string::npos);
    EXPECT_NE(DecodeEnrolment("accueil-enrol:2:xyz").error().message.find("another version"),
              std::string::npos);
    EXPECT_NE(DecodeEnrolment("accueil-enrol:1:!!!").error().message.find("damaged"),
              std::string::npos);
    const std::string noCode = EncodeEnrolment({"http://x", "", ""});
    EXPECT_FALSE(DecodeEnrolment(noCode));
    EXPECT_FALSE(DecodeEnrolment(EncodeEnrolment({"ftp://x", "A", ""})));
}

TEST(TomlEdit, SetsKeysInTheTableAndKeepsEveryComment) {
    const std::string text = "# the door by the lifts\n"
                             "[kiosk]\n"
                             "id = \"door-1\"  # as the central knows it\n"
                             "url = \"not this one\"\n"
                             "\n"
                             "[central]\n"
                             "# set by accueil enrol\n"
                             "url = \"http://old\"\n"
                             "interval_seconds = 5\n"
                             "\n"
                             "[scanner] # last\n"
                             "kind = [\"camera\"]\n";
    const std::string out =
        SetTomlStrings(text, "central", {{"url", "https://new"}, {"token_file", "door-1.token"}});
    EXPECT_EQ(out, "# the door by the lifts\n"
                   "[kiosk]\n"
                   "id = \"door-1\"  # as the central knows it\n"
                   "url = \"not this one\"\n"
                   "\n"
                   "[central]\n"
                   "# set by accueil enrol\n"
                   "url = \"https://new\"\n"
                   "interval_seconds = 5\n"
                   "token_file = \"door-1.token\"\n"
                   "\n"
                   "[scanner] # last\n"
                   "kind = [\"camera\"]\n");
    EXPECT_EQ(SetTomlStrings("[kiosk]\nid = \"a\"\n", "central", {{"url", "q\"b\\"}}),
              "[kiosk]\nid = \"a\"\n\n[central]\nurl = \"q\\\"b\\\\\"\n");
}

struct RouteFixture : ::testing::Test {
    TempDir dir;
    core::EventConfig event = TestEvent();
    std::unique_ptr<Central> central = std::make_unique<Central>(dir, event);
    core::UtcMillis inAnHour = core::NowUtcMillis() + 3'600'000;

    std::string offer(const std::string& kioskId, core::UtcMillis expires) const {
        std::string code = NewEnrolmentCode();
        EXPECT_TRUE(central->store->putEnrolment(kioskId, HashEnrolmentCode(code), expires));
        return code;
    }
};

TEST_F(RouteFixture, ACodeGivesATokenOnceAndTheTokenSyncs) {
    ASSERT_TRUE(central->store->importRegistrants(
        core::GenerateDemoRegistrants(5, event.calendar->days(), 1), {}));
    const std::string code = offer("door-1", inAnHour);
    // Typed by hand: lower case, without its dashes.
    std::string typed = NormaliseEnrolmentCode(code);
    for (char& c : typed) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    const HttpResult first = Enrol(central->url(), typed, "door-1");
    ASSERT_TRUE(first);
    ASSERT_EQ(first->status, 200) << first->body;
    const auto j = nlohmann::json::parse(first->body);
    EXPECT_EQ(j["kiosk_id"], "door-1");
    EXPECT_EQ(j["event_id"], event.id);
    EXPECT_FALSE(j.contains("ca_pem")); // plain http

    Kiosk kiosk(dir, event, "door-1", central->url(), j["token"].get<std::string>());
    EXPECT_TRUE(kiosk.sync().ok());
    EXPECT_EQ(*kiosk.store.registrantCount(), 5);

    const HttpResult again = Enrol(central->url(), code, "door-1");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 403);
    EXPECT_EQ(Code(again), "enrolment_used");
    EXPECT_TRUE(kiosk.sync().ok()); // the second try changed no token
}

TEST_F(RouteFixture, UnknownExpiredAndOtherKioskCodesAreRefusedAndChangeNothing) {
    EXPECT_EQ(Code(Enrol(central->url(), "AAAAA-BBBBB-CCCCC-DDDDD", "")), "enrolment_unknown");
    const std::string old = offer("door-1", core::NowUtcMillis() - 1);
    EXPECT_EQ(Code(Enrol(central->url(), old, "door-1")), "enrolment_expired");

    const std::string token = central->addKiosk("door-2");
    const std::string forDoor2 = offer("door-2", inAnHour);
    const HttpResult wrongKiosk = Enrol(central->url(), forDoor2, "door-1");
    ASSERT_TRUE(wrongKiosk);
    EXPECT_EQ(wrongKiosk->status, 422);
    EXPECT_NE(wrongKiosk->body.find("door-2"), std::string::npos);
    Kiosk door2(dir, event, "door-2", central->url(), token);
    EXPECT_TRUE(door2.sync().ok()); // its token still works
    // Not used up by the refusal: the right kiosk still enrols with it (a new token).
    const HttpResult right = Enrol(central->url(), forDoor2, "door-2");
    ASSERT_TRUE(right);
    EXPECT_EQ(right->status, 200);
    EXPECT_EQ(door2.sync().worstError()->httpStatus, 401); // the old token was replaced

    const HttpResult garbage = [&] {
        HttpClient http(HttpOptions{central->url(), "", 2000, 5000, "", nullptr});
        return http.post("/v1/enrol", "{\"code\": 42}");
    }();
    ASSERT_TRUE(garbage);
    EXPECT_EQ(garbage->status, 422);
}

TEST(EnrolmentThrottle, TenRefusalsInTenMinutesWaitForTheOldestToLeave) {
    EnrolmentThrottle throttle;
    const core::UtcMillis t0 = 1'750'000'000'000;
    for (core::UtcMillis i = 0; i < EnrolmentThrottle::kRefusals; ++i) {
        EXPECT_EQ(throttle.waitSeconds("192.0.2.7", t0 + i * 1000), 0) << i;
        throttle.refused("192.0.2.7", t0 + i * 1000);
    }
    EXPECT_EQ(throttle.waitSeconds("192.0.2.7", t0 + 10'000), 590);
    EXPECT_EQ(throttle.waitSeconds("192.0.2.8", t0 + 10'000), 0); // another address
    EXPECT_EQ(throttle.waitSeconds("192.0.2.7", t0 + EnrolmentThrottle::kWindow - 1), 1);
    EXPECT_EQ(throttle.waitSeconds("192.0.2.7", t0 + EnrolmentThrottle::kWindow), 0);
    // One more refusal then: the window now starts at the second one.
    throttle.refused("192.0.2.7", t0 + EnrolmentThrottle::kWindow);
    EXPECT_EQ(throttle.waitSeconds("192.0.2.7", t0 + EnrolmentThrottle::kWindow), 1);

    EXPECT_EQ(AddressOf("192.0.2.7:51234"), "192.0.2.7");
    EXPECT_EQ(AddressOf("[2001:db8::1]:51234"), "2001:db8::1");
}

// Through the real central and its connection gate: the address counted is the client's.
TEST_F(RouteFixture, AnAddressThatKeepsGuessingIsToldToWait) {
    for (int i = 0; i < EnrolmentThrottle::kRefusals; ++i) {
        EXPECT_EQ(Code(Enrol(central->url(), NewEnrolmentCode(), "")), "enrolment_unknown") << i;
    }
    const std::string good = offer("door-1", inAnHour);
    const HttpResult waiting = Enrol(central->url(), good, "door-1");
    ASSERT_TRUE(waiting);
    EXPECT_EQ(waiting->status, 429);
    EXPECT_EQ(Code(waiting), "enrolment_throttled");
    ASSERT_TRUE(waiting->retryAfterSeconds);
    EXPECT_GT(*waiting->retryAfterSeconds, 0);
    EXPECT_LE(*waiting->retryAfterSeconds, 600);
    // Told to wait before the code was looked at: it is not spent, and no token was made.
    EXPECT_TRUE(central->store->listKiosks()->empty());
}

TEST_F(RouteFixture, ARevokedKioskEnrolsAgain) {
    central->addKiosk("door-1");
    ASSERT_TRUE(central->store->revokeKiosk("door-1"));
    const HttpResult r = Enrol(central->url(), offer("door-1", inAnHour), "door-1");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200);
    Kiosk kiosk(dir, event, "door-1", central->url(),
                nlohmann::json::parse(r->body)["token"].get<std::string>());
    EXPECT_TRUE(kiosk.sync().ok());
}

// A self-signed central: the pin alone lets a kiosk with no CA in, and it gets the
// certificate to trust from then on; a wrong pin is refused before anything is sent.
TEST(EnrolmentTls, ThePinAuthenticatesTheCentral) {
    TempDir dir;
    const std::string cert = dir.file("central.crt");
    const std::string key = dir.file("central.key");
    if (!MakeCertificate(cert, key)) {
        GTEST_SKIP() << "openssl command not available to make a test certificate";
    }
    const auto event = TestEvent();
    ServerOptions options;
    options.tlsCert = cert;
    options.tlsKey = key;
    Central central(dir, event, options);
    const std::string url = "https://127.0.0.1:" + std::to_string(central.port);
    const auto pin = PublicKeyPin(cert);
    ASSERT_TRUE(pin) << pin.error().message;
    EXPECT_EQ(pin->rfind("sha256//", 0), 0U);
    EXPECT_FALSE(PublicKeyPin(key)); // a key file holds no certificate

    const std::string code = NewEnrolmentCode();
    ASSERT_TRUE(central.store->putEnrolment("door-1", HashEnrolmentCode(code),
                                            core::NowUtcMillis() + 60'000));
    const HttpResult wrong = Enrol(url, code, "door-1", "sha256//" + std::string(43, 'A') + "=");
    EXPECT_FALSE(wrong); // the TLS handshake fails: no request was sent
    const HttpResult noPin = Enrol(url, code, "door-1");
    EXPECT_FALSE(noPin); // self-signed, and no pin to stand for a CA

    const HttpResult right = Enrol(url, code, "door-1", *pin);
    ASSERT_TRUE(right) << right.error().message;
    ASSERT_EQ(right->status, 200) << right->body;
    EXPECT_EQ(nlohmann::json::parse(right->body)["ca_pem"], ReadAll(cert));
}

struct EnrolCli : ::testing::Test {
    TempDir dir;
    int port = FreePort();
    std::string central = dir.file("central.toml");
    std::string kiosk = dir.file("kiosk.toml");
    const std::string kioskText = "# the door by the lifts\n"
                                  "[kiosk]\n"
                                  "id = \"door-1\"  # as the central knows it\n"
                                  "database = \"door-1.db\"\n"
                                  "event = \"event.toml\"\n"
                                  "\n"
                                  "[central]\n"
                                  "# filled in by accueil enrol\n"
                                  "interval_seconds = 5\n";

    void SetUp() override {
        WriteFile(dir.file("event.toml"), ReadAll(ACCUEIL_SOURCE_DIR "/config/event.toml"));
        WriteFile(central, "[central]\ndatabase = \"central.db\"\nlisten = \"127.0.0.1:" +
                               std::to_string(port) +
                               "\"\nevent = \"event.toml\"\nlog_level = \"warn\"\n"
                               "public_url = \"http://127.0.0.1:" +
                               std::to_string(port) + "\"\n");
        ASSERT_EQ(Accueil({"central", "--config", central, "init"}), 0);
        WriteFile(kiosk, kioskText);
    }

    // The enrolment string `central kiosk add --enrol` printed.
    std::string offer() const {
        const auto [out, status] =
            AccueilOutput({"central", "--config", central, "kiosk", "add", "--id", "door-1",
                           "--enrol", "--valid-minutes", "10", "--qr-png", dir.file("qr.png")});
        EXPECT_EQ(status, 0) << out;
        const auto at = out.find("accueil-enrol:1:");
        EXPECT_NE(at, std::string::npos) << out;
        EXPECT_NE(out.find("▀"), std::string::npos); // the QR code in half blocks
        return out.substr(at, out.find('\n', at) - at);
    }
};

TEST_F(EnrolCli, EnrolsOnceWritesTheTokenAndKeepsTheComments) {
    const std::string enrolment = offer();
    EXPECT_GT(ReadAll(dir.file("qr.png")).size(), 100U);
    ServeProcess serve(central);
    const auto [said, status] = AccueilOutput({"enrol", "--config", kiosk, enrolment});
    ASSERT_EQ(status, 0) << said;
    struct stat st {};
    ASSERT_EQ(::stat(dir.file("door-1.token").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600U);
    const std::string written = ReadAll(kiosk);
    EXPECT_EQ(written, kioskText + "url = \"http://127.0.0.1:" + std::to_string(port) +
                           "\"\ntoken_file = \"door-1.token\"\n");
    EXPECT_EQ(Accueil({"sync", "--config", kiosk, "--once", "--timeout-ms", "3000"}), 0);

    // The same code again: refused, and nothing is touched.
    const std::string token = ReadAll(dir.file("door-1.token"));
    const auto [again, againStatus] = AccueilOutput({"enrol", "--config", kiosk, enrolment});
    EXPECT_EQ(againStatus, 6);
    EXPECT_NE(again.find("enrolment_used"), std::string::npos) << again;
    EXPECT_EQ(ReadAll(dir.file("door-1.token")), token);
    EXPECT_EQ(ReadAll(kiosk), written);
}

TEST_F(EnrolCli, ATokenFileKioskTomlNamesIsWrittenAndItsLineKept) {
    const std::string named = kioskText + "token_file = \"my-door.token\"  # kept as written\n";
    WriteFile(kiosk, named);
    const std::string enrolment = offer();
    ServeProcess serve(central);
    const auto [said, status] = AccueilOutput({"enrol", "--config", kiosk, enrolment});
    ASSERT_EQ(status, 0) << said;
    EXPECT_EQ(ReadAll(kiosk), named + "url = \"http://127.0.0.1:" + std::to_string(port) + "\"\n");
    EXPECT_GT(ReadAll(dir.file("my-door.token")).size(), 40U);
    EXPECT_FALSE(std::filesystem::exists(dir.file("door-1.token")));
}

TEST_F(EnrolCli, ABadCodeOrStringWritesNothing) {
    ServeProcess serve(central);
    const std::string url = "http://127.0.0.1:" + std::to_string(port);
    const auto [said, status] =
        AccueilOutput({"enrol", "--config", kiosk, "--url", url, "--code", "AAAAA-BBBBB"});
    EXPECT_EQ(status, 6);
    EXPECT_NE(said.find("enrolment_unknown"), std::string::npos) << said;
    EXPECT_EQ(Accueil({"enrol", "--config", kiosk, "accueil-enrol:1:%%%"}), 4);
    EXPECT_EQ(ReadAll(kiosk), kioskText);
    EXPECT_FALSE(std::filesystem::exists(dir.file("door-1.token")));
    // Without public_url, the central cannot say where kiosks should go.
    WriteFile(central, ReadAll(central).substr(0, ReadAll(central).find("public_url")));
    const auto [noUrl, noUrlStatus] = AccueilOutput(
        {"central", "--config", central, "kiosk", "add", "--id", "door-1", "--enrol"});
    EXPECT_EQ(noUrlStatus, 3);
    EXPECT_NE(noUrl.find("public_url"), std::string::npos) << noUrl;
}

} // namespace
} // namespace accueil::sync::test
