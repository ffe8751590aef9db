// SPDX-License-Identifier: Apache-2.0
// `accueil central freeze` and `accueil central report` over frozen days (docs/reports.md,
// "Frozen days"), as the real binary on a real central database.

#include "AccueilProcess.h"
#include "SyncTestEnv.h"

#include <accueil/core/Photo.h>
#include <accueil/core/Sqlite.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace accueil::sync::test {
namespace {

const std::string kDay1 = "2025-06-17";
// The morning of the 18th in Geneva: the 17th is over, the 18th is today.
const std::string kMorningOfDay2 = "2025-06-18T09:00:00";

// What the figures and rows say, without what says when and from where they were read.
nlohmann::json FiguresOf(nlohmann::json report) {
    // Inside now is a live count of the moment asked, never part of a snapshot.
    for (const char* key : {"generated_at", "frozen", "figures_from", "recomputed", "inside_now"}) {
        report.erase(key);
    }
    return report;
}

struct FrozenDays : ::testing::Test {
    TempDir dir;
    std::string central = dir.file("central.toml");
    core::EventConfig event = TestEvent();

    void SetUp() override {
        std::ifstream in(ACCUEIL_SOURCE_DIR "/config/event.toml");
        std::stringstream text;
        text << in.rdbuf();
        WriteFile(dir.file("event.toml"), text.str());
        WriteFile(central, "[central]\ndatabase = \"central.db\"\nevent = \"event.toml\"\n"
                           "log_level = \"warn\"\n");
        ASSERT_EQ(Accueil({"central", "--config", central, "init"}), 0);
        // Five Chilean delegates for every day; A1 and A2 come on the 17th.
        importList("A1,Ana,Uno,female,active\nA2,Bruno,Dos,male,active\nA3,Carla,Tres,female,"
                   "active\nA4,Diego,Cuatro,male,active\nA5,Elena,Cinco,female,active\n");
        auto store = OpenSqliteCentralStore(dir.file("central.db"), event, false);
        ASSERT_TRUE(store);
        std::vector<core::AttendanceEvent> entries;
        for (const auto& [id, uuid] : {std::pair{"A1", "0190a6d2-0000-7000-8000-000000000001"},
                                       std::pair{"A2", "0190a6d2-0000-7000-8000-000000000002"}}) {
            core::AttendanceEvent e;
            e.uuid = uuid;
            e.registrantId = id;
            e.day = kDay1;
            e.kioskId = "door-1";
            e.at = At(event, kDay1, 8, 10);
            entries.push_back(e);
        }
        ASSERT_TRUE((*store)->storeBatch(PushBatch{"door-1", entries, {}, {}, {}}));
    }

    void importList(const std::string& rows) const {
        WriteFile(
            dir.file("list.csv"),
            "id,given_name,family_name,gender,status,delegation,category\n" + [&] {
                std::string out;
                std::istringstream in(rows);
                for (std::string line; std::getline(in, line);) {
                    out += line + ",Chile,State Party\n";
                }
                return out;
            }());
        ASSERT_EQ(Accueil({"central", "--config", central, "import", dir.file("list.csv")}), 0);
    }

    std::pair<std::string, int> report(std::vector<std::string> extra) const {
        std::vector<std::string> args{"central", "report", "--config", central};
        args.insert(args.end(), extra.begin(), extra.end());
        return AccueilOutput(args);
    }

    std::pair<std::string, int> freeze(std::vector<std::string> extra) const {
        std::vector<std::string> args{"central", "freeze", "--config", central};
        args.insert(args.end(), extra.begin(), extra.end());
        return AccueilOutput(args);
    }

    // The central's database and its WAL, as bytes on disk.
    std::string fileBytes() const {
        std::string out;
        for (const char* suffix : {"", "-wal"}) {
            std::ifstream in(dir.file(std::string("central.db") + suffix), std::ios::binary);
            out.append(std::istreambuf_iterator<char>(in), {});
        }
        return out;
    }

    int snapshots() const {
        return static_cast<int>(core::sql::Database::Open(dir.file("central.db"), false)
                                    .scalar("SELECT count(*) FROM day_snapshot"));
    }
};

// The case: cancelling someone who attended on day 1 must not change day 1.
TEST_F(FrozenDays, ACancellationAfterTheDayLeavesItsFiguresAndSaysWhatChanged) {
    auto [before, beforeStatus] = report({"--day", kDay1, "--format", "json"});
    ASSERT_EQ(beforeStatus, 0) << before;
    const nlohmann::json live = JsonOf(before);
    ASSERT_TRUE(live.is_object()) << before;
    EXPECT_EQ(live["frozen"], nlohmann::json({{kDay1, nullptr}}));
    EXPECT_EQ(live["figures_from"], "live");
    // 5 expected, 2 admitted, no walk-in, 3 not arrived.
    EXPECT_EQ(live["rows"][0], nlohmann::json({{"day", kDay1},
                                               {"dimension", "total"},
                                               {"value", "all"},
                                               {"expected", 5},
                                               {"admitted", 2},
                                               {"walk_ins", 0},
                                               {"not_arrived", 3}}));

    auto [frozeOut, frozeStatus] = freeze({"--at", kMorningOfDay2});
    ASSERT_EQ(frozeStatus, 0) << frozeOut;
    EXPECT_NE(frozeOut.find("Froze 2025-06-17 as of "), std::string::npos) << frozeOut;
    EXPECT_EQ(frozeOut.find("2025-06-18"), std::string::npos) << frozeOut; // today stays open

    // A1 cancelled and A6 added after the day.
    importList("A1,Ana,Uno,female,cancelled\nA6,Fatima,Seis,female,active\n");

    auto [after, afterStatus] = report({"--day", kDay1, "--format", "json"});
    ASSERT_EQ(afterStatus, 0) << after;
    const nlohmann::json frozen = JsonOf(after);
    ASSERT_TRUE(frozen.is_object()) << after;
    EXPECT_EQ(FiguresOf(frozen), FiguresOf(live));
    EXPECT_EQ(frozen["figures_from"], "snapshot");
    const nlohmann::json& info = frozen["frozen"][kDay1];
    EXPECT_TRUE(info["as_of"].is_string()) << after;
    // The same moment in Geneva, to the second.
    const auto asOf = event.calendar->parseTime(info["as_of"].get<std::string>());
    ASSERT_TRUE(asOf) << after;
    EXPECT_EQ(info["as_of_local"], event.calendar->localIso(*asOf));
    EXPECT_EQ(*event.calendar->parseTime(info["as_of_local"].get<std::string>()),
              *asOf / 1000 * 1000);
    EXPECT_EQ(info["list_changed_since"], nlohmann::json({{"count", 2}, {"ids", {"A1", "A6"}}}));
    EXPECT_EQ(info["attendance_recorded_since"], 0);
    EXPECT_FALSE(frozen.contains("recomputed"));

    // Recomputed from the log: A6 is expected, A1 is no longer expected but was admitted.
    auto [again, againStatus] = report({"--day", kDay1, "--format", "json", "--recompute"});
    ASSERT_EQ(againStatus, 0) << again;
    const nlohmann::json both = JsonOf(again);
    ASSERT_TRUE(both.is_object()) << again;
    EXPECT_EQ(both["rows"], live["rows"]);
    EXPECT_EQ(both["recomputed"]["rows"][0], nlohmann::json({{"day", kDay1},
                                                             {"dimension", "total"},
                                                             {"value", "all"},
                                                             {"expected", 5},
                                                             {"admitted", 2},
                                                             {"walk_ins", 1},
                                                             {"not_arrived", 4}}));
    EXPECT_EQ(both["recomputed"]["distinct_participants"], 2);

    // The CSV: the frozen rows with their as-of, and the changes on standard error.
    auto [csv, csvStatus] = report({"--day", kDay1});
    EXPECT_EQ(csvStatus, 0) << csv;
    EXPECT_NE(csv.find("day,dimension,value,expected,admitted,walk_ins,not_arrived,as_of\r\n"),
              std::string::npos)
        << csv;
    EXPECT_NE(csv.find("2025-06-17,total,all,5,2,0,3," + info["as_of"].get<std::string>()),
              std::string::npos)
        << csv;
    EXPECT_NE(csv.find("since then 2 registrant(s) changed (A1, A6)"), std::string::npos) << csv;
    EXPECT_EQ(report({"--day", kDay1, "--recompute"}).second, 4); // recompute needs json
}

// Inside now at the central: every door's entries and exits as it holds them, at a moment.
TEST_F(FrozenDays, ADaysReportCountsWhoIsInsideAtAMoment) {
    const auto inside = [&](const std::string& at) {
        auto [out, status] = report({"--day", kDay1, "--at", at, "--format", "json"});
        EXPECT_EQ(status, 0) << out;
        return JsonOf(out)["inside_now"];
    };
    EXPECT_EQ(inside("08:00")["total"], 0);
    EXPECT_EQ(inside("09:00")["total"], 2); // A1 and A2 came in at 08:10
    EXPECT_EQ(inside("09:00")["zones"]["building"], 2);
    EXPECT_EQ(report({"--day", kDay1, "--at", "09:00"}).second, 4); // JSON only
    EXPECT_EQ(report({"--day", kDay1, "--at", "25:00", "--format", "json"}).second, 4);
    EXPECT_FALSE(JsonOf(report({"--format", "json"}).first).contains("inside_now")); // a range
}

TEST_F(FrozenDays, ARangeTakesFrozenRowsAndComputesItsFiguresLive) {
    ASSERT_EQ(freeze({"--day", kDay1, "--at", kMorningOfDay2}).second, 0);
    importList("A1,Ana,Uno,female,cancelled\n");
    auto [out, status] = report({"--from", kDay1, "--to", "2025-06-18", "--format", "json"});
    ASSERT_EQ(status, 0) << out;
    const nlohmann::json range = JsonOf(out);
    ASSERT_TRUE(range.is_object()) << out;
    EXPECT_EQ(range["figures_from"], "live");
    EXPECT_TRUE(range["frozen"][kDay1].is_object());
    EXPECT_TRUE(range["frozen"]["2025-06-18"].is_null());
    // The 17th as frozen (A1 still expected), the 18th live (A1 cancelled: 4 expected).
    EXPECT_EQ(range["rows"][0]["day"], kDay1);
    EXPECT_EQ(range["rows"][0]["expected"], 5);
    EXPECT_EQ(range["rows"][0]["walk_ins"], 0);
    bool sawDay2 = false;
    for (const auto& row : range["rows"]) {
        if (row["day"] == "2025-06-18" && row["dimension"] == "total") {
            EXPECT_EQ(row["expected"], 4);
            sawDay2 = true;
        }
        EXPECT_FALSE(row.contains("as_of"));
    }
    EXPECT_TRUE(sawDay2) << out;
}

TEST_F(FrozenDays, ASecondFreezeKeepsTheFirstSnapshot) {
    ASSERT_EQ(freeze({"--day", kDay1, "--at", kMorningOfDay2}).second, 0);
    const nlohmann::json first = JsonOf(report({"--day", kDay1, "--format", "json"}).first);
    importList("A3,Carla,Tres,female,cancelled\n");

    auto [out, status] = freeze({"--day", kDay1});
    EXPECT_EQ(status, 0) << out;
    EXPECT_NE(out.find("2025-06-17 was already frozen: its snapshot is kept as it is."),
              std::string::npos)
        << out;
    // Without --day: every day over now (the whole meeting), the 17th kept, the others made.
    std::tie(out, status) = freeze({});
    EXPECT_EQ(status, 0) << out;
    EXPECT_NE(out.find("2025-06-17 was already frozen"), std::string::npos) << out;
    EXPECT_NE(out.find("Froze 2025-06-20"), std::string::npos) << out;
    EXPECT_EQ(snapshots(), 4);

    const nlohmann::json second = JsonOf(report({"--day", kDay1, "--format", "json"}).first);
    EXPECT_EQ(FiguresOf(second), FiguresOf(first));
    EXPECT_EQ(second["frozen"][kDay1]["as_of"], first["frozen"][kDay1]["as_of"]);
    EXPECT_EQ(second["frozen"][kDay1]["list_changed_since"]["ids"], nlohmann::json({"A3"}));
}

TEST_F(FrozenDays, ALateEntryForAFrozenDayIsCountedApartNotInTheSnapshot) {
    ASSERT_EQ(freeze({"--day", kDay1, "--at", kMorningOfDay2}).second, 0);
    const nlohmann::json first = JsonOf(report({"--day", kDay1, "--format", "json"}).first);
    {
        // A door that was offline pushes A3's entry of the 17th after the freeze, and an
        // entry of the 18th that is not the 17th's business.
        auto store = OpenSqliteCentralStore(dir.file("central.db"), event, false);
        ASSERT_TRUE(store);
        core::AttendanceEvent late;
        late.uuid = "0190a6d2-0000-7000-8000-000000000003";
        late.registrantId = "A3";
        late.day = kDay1;
        late.kioskId = "door-2";
        late.at = At(event, kDay1, 17, 0);
        core::AttendanceEvent next = late;
        next.uuid = "0190a6d2-0000-7000-8000-000000000004";
        next.day = "2025-06-18";
        next.at = At(event, "2025-06-18", 8, 0);
        ASSERT_TRUE((*store)->storeBatch(PushBatch{"door-2", {late, next}, {}, {}, {}}));
    }
    auto [out, status] = report({"--day", kDay1, "--format", "json", "--recompute"});
    ASSERT_EQ(status, 0) << out;
    const nlohmann::json after = JsonOf(out);
    ASSERT_TRUE(after.is_object()) << out;
    EXPECT_EQ(FiguresOf(after), FiguresOf(first));
    EXPECT_EQ(after["rows"][0]["admitted"], 2);
    EXPECT_EQ(after["frozen"][kDay1]["attendance_recorded_since"], 1);
    EXPECT_EQ(after["frozen"][kDay1]["list_changed_since"]["count"], 0);
    EXPECT_EQ(after["recomputed"]["rows"][0]["admitted"], 3);
    EXPECT_EQ(after["recomputed"]["distinct_participants"], 3);
}

TEST_F(FrozenDays, AnOpenOrUnknownDayIsRefusedAndNothingIsStored) {
    auto [today, todayStatus] = freeze({"--day", "2025-06-18", "--at", kMorningOfDay2});
    EXPECT_EQ(todayStatus, 4);
    EXPECT_NE(today.find("cannot freeze 2025-06-18: it is not over yet (today is 2025-06-18 in "
                         "Europe/Zurich)"),
              std::string::npos)
        << today;
    EXPECT_EQ(freeze({"--day", "2025-06-20", "--at", kMorningOfDay2}).second, 4); // the future
    auto [unknown, unknownStatus] = freeze({"--day", "2025-06-21"});
    EXPECT_EQ(unknownStatus, 4);
    EXPECT_NE(unknown.find("2025-06-21 is not a meeting day"), std::string::npos) << unknown;
    auto [future, futureStatus] = freeze({"--at", "2999-01-01T00:00:00Z"});
    EXPECT_EQ(futureStatus, 4);
    EXPECT_NE(future.find("is in the future"), std::string::npos) << future;
    // Before the meeting nothing is over: said, and nothing stored.
    auto [early, earlyStatus] = freeze({"--at", "2025-06-17T07:00:00"});
    EXPECT_EQ(earlyStatus, 0) << early;
    EXPECT_NE(early.find("No meeting day is over yet (today is 2025-06-17 in Europe/Zurich)"),
              std::string::npos)
        << early;
    EXPECT_EQ(snapshots(), 0);
    const nlohmann::json live = JsonOf(report({"--day", kDay1, "--format", "json"}).first);
    EXPECT_TRUE(live["frozen"][kDay1].is_null());
}

} // namespace
// After the meeting (docs/security.md, "Retention"): the central keeps every day's figures and
// the whole meeting's, exactly as they were, and no name; it then takes in nothing more.
TEST_F(FrozenDays, APurgeAfterTheMeetingKeepsEveryFigureAndNoName) {
    const auto purge = [&](const std::string& at) {
        return AccueilOutput(
            {"central", "purge", "--config", central, "--after-event", "--at", at});
    };
    auto [early, earlyStatus] = purge("2025-06-20T23:00:00"); // the last day, in Geneva
    EXPECT_EQ(earlyStatus, 7) << early;
    EXPECT_NE(early.find("the meeting is not over"), std::string::npos) << early;
    EXPECT_EQ(snapshots(), 0); // refused before anything was frozen
    std::filesystem::create_directories(dir.file("photos"));
    WriteFile(dir.file("photos/A1.jpg"), "a picture pulled from Indico");
    {
        // A2's photo in the central's list, as `central photos import` stores it.
        core::RgbImage face{120, 160, {}};
        face.pixels.assign(static_cast<std::size_t>(120 * 160 * 3), 128);
        auto store = OpenSqliteCentralStore(dir.file("central.db"), event, false);
        ASSERT_TRUE(store);
        ASSERT_TRUE((*store)->importPhotos({core::Photo{"A2", *core::EncodeJpeg(face)}}));
    }

    auto [meetingBefore, s1] = report({"--format", "json"});
    auto [day1Before, s2] = report({"--day", kDay1, "--format", "json"});
    auto [csvBefore, s3] = report({});
    ASSERT_EQ(s1 + s2 + s3, 0) << meetingBefore << day1Before << csvBefore;

    const std::string before = fileBytes();
    auto [out, status] = purge("2025-06-21T00:00:00");
    ASSERT_EQ(status, 0) << out;
    EXPECT_NE(out.find("Purged the personal data of 5 registrants"), std::string::npos) << out;
    EXPECT_EQ(snapshots(), 4); // every day frozen first
    EXPECT_FALSE(std::filesystem::exists(dir.file("photos")));
    EXPECT_EQ(core::sql::Database::Open(dir.file("central.db"), false)
                  .scalar("SELECT count(*) FROM photo"),
              0);

    auto [meetingAfter, s4] = report({"--format", "json"});
    auto [day1After, s5] = report({"--day", kDay1, "--format", "json"});
    auto [csvAfter, s6] = report({});
    ASSERT_EQ(s4 + s5 + s6, 0) << meetingAfter << day1After << csvAfter;
    const nlohmann::json meeting = JsonOf(meetingAfter);
    EXPECT_EQ(FiguresOf(meeting).erase("purged_at"), 1U);
    nlohmann::json kept = FiguresOf(meeting);
    kept.erase("purged_at");
    EXPECT_EQ(kept, FiguresOf(JsonOf(meetingBefore)));
    EXPECT_EQ(kept["gender"], FiguresOf(JsonOf(meetingBefore))["gender"]);
    nlohmann::json day = FiguresOf(JsonOf(day1After));
    day.erase("purged_at");
    EXPECT_EQ(day["rows"], FiguresOf(JsonOf(day1Before))["rows"]);
    // The CSV's rows as before (each day's as frozen now carries its as-of).
    EXPECT_NE(csvAfter.find("2025-06-17,gender,female,3,1,0,2,"), std::string::npos) << csvAfter;
    EXPECT_NE(csvBefore.find("2025-06-17,gender,female,3,1,0,2,"), std::string::npos) << csvBefore;

    // No name left in the database file or its WAL, and nothing more taken in.
    const std::string after = fileBytes();
    for (const char* name : {"Bruno", "Carla", "Diego", "Elena", "Cuatro", "Cinco"}) {
        EXPECT_NE(before.find(name), std::string::npos) << name; // the check can see names
        EXPECT_EQ(after.find(name), std::string::npos) << name;
    }
    auto [again, againStatus] = purge("2025-06-21T00:00:00");
    EXPECT_EQ(againStatus, 7) << again;
    EXPECT_EQ(Accueil({"central", "--config", central, "import", dir.file("list.csv")}), 7);
    std::filesystem::create_directories(dir.file("faces"));
    EXPECT_EQ(Accueil({"central", "--config", central, "photos", "import", dir.file("faces")}), 7);
    auto [range, rangeStatus] = report({"--from", kDay1, "--to", "2025-06-18", "--format", "json"});
    EXPECT_EQ(rangeStatus, 4) << range;
    EXPECT_NE(range.find("purged"), std::string::npos) << range;
}

} // namespace accueil::sync::test
