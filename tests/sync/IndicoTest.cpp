// SPDX-License-Identifier: Apache-2.0
// Pulling the registration list from Indico's check-in API and pushing check-ins back, through
// the library, against the stand-in on loopback (IndicoStub).

#include "IndicoStub.h"
#include "SyncTestEnv.h"

#include <accueil/core/Photo.h>
#include <accueil/core/Text.h>
#include <accueil/sync/CentralConfig.h>
#include <accueil/sync/Indico.h>
#include <accueil/sync/IndicoSchedule.h>

#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace accueil::sync::test {
namespace {

const std::string kToken = "indico-token-5f3c9a1e";
const std::string kHost = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

std::string Slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

struct IndicoFixture : ::testing::Test {
    TempDir dir;
    core::EventConfig event = TestEvent();
    IndicoStub stub{kToken};
    std::unique_ptr<CentralStore> store;
    IndicoConfig config;
    IndicoRunOptions options;

    void SetUp() override {
        std::ofstream(dir.file("event.toml")) << Slurp(ACCUEIL_SOURCE_DIR "/config/event.toml");
        std::ofstream(dir.file("indico.token")) << kToken << '\n';
        ::chmod(dir.file("indico.token").c_str(), 0600);
        std::ofstream(dir.file("central.toml"))
            << "[central]\ndatabase = \"central.db\"\nevent = \"event.toml\"\n"
               "[indico]\nurl = \""
            << stub.url() << "/\"\nevent_id = 42\ntoken_file = \"indico.token\"\n"
            << "[indico.tags]\n\"VIP\" = \"category:VIP\"\n"
               "\"Visa pending\" = \"hold:Passport check at the desk\"\n"
               "[indico.fields]\n\"Gender\" = \"gender\"\n";
        auto loaded = LoadCentralConfig(dir.file("central.toml"));
        ASSERT_TRUE(loaded) << loaded.error().message;
        ASSERT_TRUE(loaded->indico);
        config = *loaded->indico;
        auto opened = OpenSqliteCentralStore(loaded->databasePath, event, true);
        ASSERT_TRUE(opened);
        store = std::move(opened).value();
        options.photosDir = IndicoPhotosDir(loaded->databasePath);
        options.backoff = BackoffPolicy{Millis(1), Millis(5), 2.0, 0.5};
    }

    IndicoResult<IndicoPullSummary> pull() const { return PullFromIndico(config, *store, options); }

    std::map<std::string, core::Registrant> list() const {
        std::map<std::string, core::Registrant> out;
        auto all = store->allRegistrants();
        for (auto& r : all.value()) {
            out[r.id] = r;
        }
        return out;
    }
};

TEST_F(IndicoFixture, FirstPullAddsEveryoneWithTheStatusOfTheirState) {
    auto s = pull();
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->registrations, 6);
    EXPECT_EQ(s->accompanying, 2);
    EXPECT_EQ(s->added, 8);
    EXPECT_EQ(s->photos, 1);
    EXPECT_EQ(Describe(*s), "Pulled 6 registrations (+2 accompanying persons) from Indico event "
                            "42: 8 added, 0 updated, 0 cancelled, 0 unchanged");
    auto l = list();
    ASSERT_EQ(l.size(), 8U);
    const core::Registrant& amina = l["101"];
    EXPECT_EQ(amina.givenName, "Amina");
    EXPECT_EQ(amina.familyName, "Diallo");
    EXPECT_EQ(amina.ticket, kHost); // lower-cased
    EXPECT_EQ(amina.delegation, "Senegal");
    EXPECT_EQ(amina.gender, "female"); // a single choice, through its caption
    EXPECT_EQ(amina.category, "VIP");  // a tag
    EXPECT_EQ(amina.status, core::RegistrantStatus::Active);
    EXPECT_EQ(l["102"].gender, "male");
    EXPECT_EQ(l["103"].gender, "undisclosed"); // unanswered
    EXPECT_EQ(l["106"].holdNote, "Passport check at the desk");
    for (const char* id : {"102", "103", "104", "105"}) { // pending, rejected, withdrawn, unpaid
        EXPECT_EQ(l[id].status, core::RegistrantStatus::Cancelled) << id;
    }
    EXPECT_EQ(l["106"].status, core::RegistrantStatus::Active);
    const core::Registrant& moussa = l["101-a1b2c3d4"];
    EXPECT_EQ(moussa.ticket, kHost + "/a1b2c3d4-0000-4000-8000-000000000001");
    EXPECT_EQ(moussa.givenName, "Moussa");
    EXPECT_EQ(moussa.role, "Accompanying person");
    EXPECT_EQ(moussa.delegation, "Senegal");
    EXPECT_EQ(moussa.status, core::RegistrantStatus::Active);
    EXPECT_EQ(l["101-b2c3d4e5"].ticket, kHost + "/b2c3d4e5-0000-4000-8000-000000000002");
    EXPECT_EQ(Slurp(dir.file("photos/101.png")),
              Slurp(std::string(ACCUEIL_TESTDATA_DIR) + "/indico/picture.png"));
    // The picture is Amina's photo too, for the kiosks: one change of the photo sequence.
    EXPECT_EQ(s->photosUnreadable, 0);
    auto photos = store->photosSince(CursorCheck{}, 100, std::size_t{1} << 20U);
    ASSERT_TRUE(photos) << photos.error().message;
    ASSERT_EQ(photos->items.size(), 1U);
    EXPECT_EQ(photos->items[0].registrantId, "101");
    ASSERT_TRUE(photos->items[0].jpeg);
    EXPECT_TRUE(core::IsStoredPhoto(*photos->items[0].jpeg));
}

TEST_F(IndicoFixture, ASecondPullChangesNothing) {
    ASSERT_TRUE(pull());
    const auto before = list();
    const auto photoChanges = [&] {
        return store->photosSince(CursorCheck{}, 100, std::size_t{1} << 20U)->highWater;
    };
    const std::int64_t photosBefore = photoChanges();
    auto s = pull();
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->added + s->updated + s->cancelled, 0);
    EXPECT_EQ(s->unchanged, 8);
    EXPECT_EQ(list(), before);
    EXPECT_EQ(photoChanges(), photosBefore); // the same picture: no photo change for kiosks
}

TEST_F(IndicoFixture, WithdrawnAndDeletedRegistrationsBecomeCancelled) {
    ASSERT_TRUE(pull());
    stub.setState(106, "withdrawn");
    stub.drop(101); // and with it, its two accompanying persons
    auto s = pull();
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->updated, 1);
    EXPECT_EQ(s->cancelled, 3);
    auto l = list();
    EXPECT_EQ(l.size(), 8U); // nobody is removed: their check-ins stay theirs
    for (const char* id : {"101", "101-a1b2c3d4", "101-b2c3d4e5", "106"}) {
        EXPECT_EQ(l[id].status, core::RegistrantStatus::Cancelled) << id;
    }
}

TEST_F(IndicoFixture, ACutDetailsAnswerChangesNothing) {
    ASSERT_TRUE(pull());
    const auto before = list();
    stub.setState(102, "complete");
    stub.truncateNext("/registrations/104");
    auto s = pull();
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().kind, IndicoErrorKind::Data);
    EXPECT_NE(s.error().message.find("/api/checkin/event/42/forms/8/registrations/104"),
              std::string::npos)
        << s.error().message;
    EXPECT_EQ(list(), before);
}

TEST_F(IndicoFixture, AMissingFieldNamesTheRegistrationAndChangesNothing) {
    nlohmann::json broken = nlohmann::json::array();
    broken.push_back(stub.registration(102));
    broken[0].erase("registration_data");
    broken[0].erase("checkin_secret");
    stub.replaceNext("/forms/7/registrations/", broken.dump());
    auto s = pull();
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().kind, IndicoErrorKind::Data);
    EXPECT_NE(s.error().message.find("/forms/7/registrations/"), std::string::npos);
    EXPECT_NE(s.error().message.find("registration 102: \"checkin_secret\" is missing"),
              std::string::npos)
        << s.error().message;
    EXPECT_TRUE(list().empty());
}

TEST_F(IndicoFixture, AGenderWeDoNotKnowIsRefusedWithRegistrationFieldAndValue) {
    nlohmann::json r = stub.registration(105);
    for (auto& f : r["registration_data"][0]["fields"]) {
        if (f["title"] == "Gender") {
            f["data"] = "Prefers Q";
        }
    }
    stub.replaceNext("/registrations/105", r.dump());
    auto s = pull();
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().kind, IndicoErrorKind::Data);
    EXPECT_NE(s.error().message.find("registration 105: field \"Gender\": \"Prefers Q\""),
              std::string::npos)
        << s.error().message;
    EXPECT_TRUE(list().empty());
}

// What delegates type into Indico's form is held to the CSV import's limits.
TEST_F(IndicoFixture, AControlCharacterOrAGiantNameIsRefusedWithTheField) {
    for (const std::string& name : {std::string("Ana\x1b[31m"), std::string(5000, 'A')}) {
        nlohmann::json r = stub.registration(105);
        for (auto& f : r["registration_data"][0]["fields"]) {
            if (f["title"] == "Last Name") {
                f["data"] = name;
            }
        }
        stub.replaceNext("/registrations/105", r.dump());
        auto s = pull();
        ASSERT_FALSE(s);
        EXPECT_EQ(s.error().kind, IndicoErrorKind::Data);
        EXPECT_NE(s.error().message.find("registration 105: field \"Last Name\": "),
                  std::string::npos)
            << s.error().message;
        EXPECT_TRUE(list().empty());
    }
}

TEST_F(IndicoFixture, ATicketTwiceInTheAnswerIsRefused) {
    nlohmann::json twin = stub.registration(103);
    twin["id"] = 107;
    twin["checkin_secret"] = stub.registration(102)["checkin_secret"];
    stub.add(twin);
    auto s = pull();
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().kind, IndicoErrorKind::Data);
    EXPECT_NE(s.error().message.find("registration 107: "), std::string::npos) << s.error().message;
    EXPECT_NE(s.error().message.find("appears twice"), std::string::npos);
    EXPECT_TRUE(list().empty());
}

TEST_F(IndicoFixture, TransientFailuresAreRetried) {
    stub.failNext(2, 503);
    auto s = pull();
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->added, 8);
    stub.rateLimitNext(1);
    ASSERT_TRUE(pull());
}

TEST_F(IndicoFixture, AnAnswerCutByTheNetworkIsAskedAgain) {
    stub.cutNext("/registrations/104", 1);
    auto s = pull();
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->added, 8);
    // The event, the forms, two lists, six registrations and a picture: 11, and 104 twice.
    EXPECT_EQ(stub.requests(), 12);
    const auto before = list();
    stub.setState(102, "complete");
    stub.cutNext("/registrations/104", 100); // every attempt: the pull gives up
    auto cut = pull();
    ASSERT_FALSE(cut);
    EXPECT_EQ(cut.error().kind, IndicoErrorKind::Network);
    EXPECT_NE(cut.error().message.find("/api/checkin/event/42/forms/8/registrations/104"),
              std::string::npos)
        << cut.error().message;
    EXPECT_EQ(list(), before);
}

TEST_F(IndicoFixture, AFailureThatLastsStopsAfterBoundedAttempts) {
    stub.failNext(100, 503);
    auto s = pull();
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().kind, IndicoErrorKind::Server);
    EXPECT_EQ(stub.requests(), options.attempts);
    EXPECT_NE(s.error().message.find("Indico is being restarted"), std::string::npos);
    stub.failNext(100, 500); // not a failure that passes: not retried
    const int before = stub.requests();
    ASSERT_FALSE(pull());
    EXPECT_EQ(stub.requests(), before + 1);
}

TEST_F(IndicoFixture, AWrongTokenFailsAtOnceWithAHint) {
    std::ofstream(dir.file("indico.token"), std::ios::trunc) << "not-the-token\n";
    auto s = pull();
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().kind, IndicoErrorKind::Auth);
    EXPECT_EQ(stub.requests(), 1);
    EXPECT_NE(s.error().message.find("401"), std::string::npos);
    EXPECT_NE(s.error().message.find("token"), std::string::npos);
    EXPECT_EQ(s.error().message.find("not-the-token"), std::string::npos);
}

TEST_F(IndicoFixture, ATokenFileOthersMayReadIsRefused) {
    ::chmod(dir.file("indico.token").c_str(), 0644);
    auto s = pull();
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().kind, IndicoErrorKind::Config);
    EXPECT_EQ(stub.requests(), 0);
}

TEST_F(IndicoFixture, ARegistrantImportedWithTheTicketIsUpdatedInPlace) {
    core::Registrant csv;
    csv.id = "REG-0007";
    csv.givenName = "J.";
    csv.familyName = "Berg";
    csv.ticket = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    csv.days = {"2025-06-18"};
    ASSERT_TRUE(store->importRegistrants({csv}, {false, true, false}));
    auto s = pull();
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->added, 7);
    EXPECT_EQ(s->updated, 1);
    auto l = list();
    EXPECT_FALSE(l.contains("102"));
    EXPECT_EQ(l["REG-0007"].givenName, "Jonas");
    EXPECT_EQ(l["REG-0007"].days, csv.days); // what Indico does not carry stays
    EXPECT_EQ(l["REG-0007"].status, core::RegistrantStatus::Cancelled); // pending
}

TEST_F(IndicoFixture, PushMarksCheckedInOnlyWhoArrivedAndOnlyOnce) {
    ASSERT_TRUE(pull());
    PushBatch batch;
    batch.kioskId = "door-1";
    for (const char* id : {"101", "101-a1b2c3d4"}) {
        core::AttendanceEvent e;
        e.uuid = core::NewUuid();
        e.registrantId = id;
        e.day = "2025-06-17";
        e.kioskId = "door-1";
        e.at = At(event, "2025-06-17", 9, 0);
        batch.attendance.push_back(e);
    }
    ASSERT_TRUE(store->storeBatch(batch));
    auto first = PushCheckinsToIndico(config, *store, options);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->sent, 1);
    EXPECT_EQ(first->alreadyCheckedIn, 1); // 106, checked in in Indico
    EXPECT_EQ(first->notArrived, 4);
    const auto patches = stub.patches();
    ASSERT_EQ(patches.size(), 1U);
    EXPECT_EQ(patches[0].first, "/api/checkin/event/42/forms/7/registrations/101");
    EXPECT_EQ(nlohmann::json::parse(patches[0].second), nlohmann::json({{"checked_in", true}}));
    auto second = PushCheckinsToIndico(config, *store, options);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->sent, 0);
    EXPECT_EQ(stub.patches().size(), 1U);
}

TEST_F(IndicoFixture, TheScheduleStopsPromptlyWhileIndicoKeepsFailing) {
    config.interval = std::chrono::minutes(60);
    stub.failNext(1000, 503); // the schedule waits a second and more between attempts
    IndicoSchedule schedule(config, *store, options.photosDir);
    schedule.start();
    for (int i = 0; i < 400 && stub.requests() == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ASSERT_GT(stub.requests(), 0);
    schedule.stop(); // in a wait between attempts: cut short, not sat out
    EXPECT_LT(stub.requests(), options.attempts);
    EXPECT_EQ(schedule.rounds(), 1);
    EXPECT_TRUE(list().empty());
}

} // namespace
} // namespace accueil::sync::test

namespace accueil::sync::test {
namespace {

// central.toml with `indico` as its [indico] table; the loaded [indico], or the error.
core::Result<std::optional<IndicoConfig>> LoadIndico(const TempDir& dir,
                                                     const std::string& indico) {
    std::ofstream(dir.file("event.toml")) << Slurp(ACCUEIL_SOURCE_DIR "/config/event.toml");
    std::ofstream(dir.file("central.toml"), std::ios::trunc)
        << "[central]\ndatabase = \"central.db\"\nevent = \"event.toml\"\n"
        << indico;
    auto loaded = LoadCentralConfig(dir.file("central.toml"));
    if (!loaded) {
        return loaded.error();
    }
    return loaded->indico;
}

TEST(IndicoConfigTest, DefaultsAndPathsResolvedAgainstTheFile) {
    TempDir dir;
    auto none = LoadIndico(dir, "");
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none);
    auto c = LoadIndico(dir, "[indico]\nurl = \"https://indico.example.org/\"\nevent_id = 7\n"
                             "token_file = \"secrets/indico.token\"\ninterval_minutes = 0.5\n"
                             "[indico.states]\npending = \"active\"\n");
    ASSERT_TRUE(c) << c.error().message;
    ASSERT_TRUE(*c);
    const IndicoConfig& i = **c;
    EXPECT_EQ(i.url, "https://indico.example.org");
    EXPECT_EQ(i.tokenFile, (dir.path() / "secrets/indico.token").string());
    EXPECT_EQ(i.interval, std::chrono::seconds(30));
    EXPECT_FALSE(i.pushCheckins);
    EXPECT_TRUE(i.forms.empty());
    EXPECT_EQ(i.states.at("complete"), core::RegistrantStatus::Active);
    EXPECT_EQ(i.states.at("pending"), core::RegistrantStatus::Active);
    EXPECT_EQ(i.states.at("withdrawn"), core::RegistrantStatus::Cancelled);
    EXPECT_EQ(i.fields.at("Affiliation"), "delegation");
}

TEST(IndicoConfigTest, MistakesNameTheFileLineAndKey) {
    TempDir dir;
    const std::string head = "[indico]\nurl = \"https://i.example.org\"\ntoken_file = \"t\"\n";
    const std::vector<std::pair<std::string, std::string>> cases{
        {head, "indico.event_id: missing (required)"},
        {head + "event_id = \"42\"\n", "central.toml:7: indico.event_id: must be a whole number"},
        {head + "event_id = 42\nforms = [3, 0]\n", "central.toml:8: indico.forms: must be"},
        {head + "event_id = 42\n[indico.states]\npaid = \"active\"\n",
         "central.toml:9: indico.states.paid: not one of Indico's states"},
        {head + "event_id = 42\n[indico.states]\npending = \"maybe\"\n",
         "indico.states.pending: \"maybe\" is not one of active, cancelled"},
        {head + "event_id = 42\n[indico.fields]\n\"Country\" = \"nationality\"\n",
         "indico.fields.Country: \"nationality\" is not one of"},
        {head + "event_id = 42\ninterval_minutes = -1\n", "indico.interval_minutes: must be"},
        {head + "event_id = 42\npush = true\n", "central.toml:8: indico.push: unknown key"},
    };
    for (const auto& [text, expected] : cases) {
        auto c = LoadIndico(dir, text);
        ASSERT_FALSE(c) << text;
        EXPECT_EQ(c.error().kind, core::ErrorKind::Config);
        EXPECT_NE(c.error().message.find(expected), std::string::npos)
            << c.error().message << "\nexpected: " << expected;
    }
}

// The central pulls one Indico event's tickets; the kiosks admit one event's: the two agree.
TEST(IndicoConfigTest, TheDoorsAndThePullNameTheSameIndicoEvent) {
    TempDir dir;
    const std::string indico =
        "[indico]\nurl = \"https://i.example.org\"\ntoken_file = \"t\"\nevent_id = 7\n";
    ASSERT_TRUE(LoadIndico(dir, indico)); // the doors do not check the event: nothing to agree
    std::ofstream(dir.file("event.toml"), std::ios::app) << "indico_event_id = 8\n";
    std::ofstream(dir.file("central.toml"), std::ios::trunc)
        << "[central]\ndatabase = \"central.db\"\nevent = \"event.toml\"\n"
        << indico;
    auto loaded = LoadCentralConfig(dir.file("central.toml"));
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().kind, core::ErrorKind::Config);
    EXPECT_NE(loaded.error().message.find("indico.event_id is 7, but"), std::string::npos)
        << loaded.error().message;
    EXPECT_NE(loaded.error().message.find("[badges] indico_event_id = 8"), std::string::npos);
}

} // namespace
} // namespace accueil::sync::test
