// SPDX-License-Identifier: Apache-2.0
// The desk's tools from the command line: undo, hold set | clear, walkin, checkin --staff.
// Each is attributed to a staff member whose PIN comes on standard input, audited as the
// kiosk panel's, and changes nothing when refused.

#include "AccueilCommand.h"
#include "TestSupport.h"

#include <accueil/core/Report.h>
#include <accueil/scanner/FrameView.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

using namespace accueil::core;
using accueil::core::test::TempDir;
using accueil::test::RunAccueil;

namespace {

const std::string kCsv =
    "id,given_name,family_name,delegation,category,role,gender,days,status,badge_version\r\n"
    "REG-1,Zoë,Łukasiewicz-Müller,Poland,State Party,Delegate,f,all,active,1\r\n"
    "REG-2,Yao,Kouassi,Côte d'Ivoire,State Party,Delegate,m,all,active,1\r\n";

const std::string kPin = "2468\n";
const std::string kWrongPin = "1357\n";

class DeskCli : public ::testing::Test {
protected:
    void SetUp() override {
        std::string event = test::EventToml();
        const std::string after = "debounce_seconds = 5\n";
        event.insert(event.find(after) + after.size(),
                     "categories = [\"State Party\", \"NGO\", \"Media\"]\n");
        m_dir.write("event.toml", event);
        m_event = event;
        m_kiosk = m_dir.write("kiosk.toml", test::KioskToml());
        ASSERT_EQ(RunAccueil({"import", "--config", m_kiosk, m_dir.write("list.csv", kCsv)}).second,
                  0);
        ASSERT_EQ(RunAccueil({"staff", "add", "--config", m_kiosk, "--id", "amina", "--name",
                              "Amina Diallo"},
                             kPin)
                      .second,
                  0);
    }

    // The kiosk's store, opened afresh to look at what the commands left.
    AttendanceStore store() {
        auto config = LoadKioskConfig(m_kiosk);
        EXPECT_TRUE(config.ok());
        auto opened = AttendanceStore::Open(config->databasePath, config->event, config->id);
        EXPECT_TRUE(opened.ok());
        return std::move(opened).value();
    }

    std::vector<AuditEntry> auditOf(const std::string& action) {
        auto all = store().recentAudit(1000);
        EXPECT_TRUE(all.ok());
        std::vector<AuditEntry> found;
        std::copy_if(all->begin(), all->end(), std::back_inserter(found),
                     [&](const AuditEntry& a) { return a.action == action; });
        return found;
    }

    static nlohmann::json run(const std::vector<std::string>& args, const std::string& pin = kPin) {
        auto [out, status] = RunAccueil(args, pin);
        EXPECT_EQ(status, 0) << out;
        return nlohmann::json::parse(out);
    }

    // A new badge-signing key whose public half the event accepts; its path ("" on failure).
    std::string acceptedKey() {
        std::string key = m_dir.file("desk.key");
        auto [publicKey, made] = RunAccueil({"badge", "keygen", "--out", key});
        if (made != 0) {
            return {};
        }
        publicKey.erase(publicKey.find_last_not_of('\n') + 1);
        m_dir.write("event.toml", m_event + "[badges]\npublic_keys = [\"" + publicKey + "\"]\n");
        return key;
    }

    static int status(const std::vector<std::string>& args, const std::string& pin = kPin) {
        return RunAccueil(args, pin).second;
    }

    TempDir m_dir;
    std::string m_event; ///< event.toml as written
    std::string m_kiosk;
};

} // namespace

TEST_F(DeskCli, UndoCancelsTheEntryWithTheStaffMembersNameAndReason) {
    const auto entry = run({"checkin", "--config", m_kiosk, "--payload", "REG-1", "--at",
                            "2025-06-17T09:00", "--json"},
                           "");
    const std::string uuid = entry["event_uuid"];

    // A wrong PIN undoes nothing and counts as a failed login.
    EXPECT_EQ(status({"undo", "--config", m_kiosk, "--event", uuid, "--staff", "amina", "--reason",
                      "wrong badge"},
                     kWrongPin),
              6);
    ASSERT_EQ(store().history("REG-1")->size(), 1U);

    const auto undone = run({"undo", "--config", m_kiosk, "--event", uuid, "--staff", "amina",
                             "--reason", "wrong badge", "--at", "2025-06-17T09:01", "--json"});
    EXPECT_EQ(undone["undone"], uuid);
    EXPECT_EQ(undone["registrant_id"], "REG-1");
    EXPECT_EQ(undone["staff_id"], "amina");
    const auto history = store().history("REG-1");
    ASSERT_EQ(history->size(), 2U);
    EXPECT_EQ((*history)[1].kind, EventKind::Undo);
    EXPECT_EQ((*history)[1].target, uuid);
    EXPECT_EQ((*history)[1].staffId, "amina");
    EXPECT_EQ((*history)[1].reason, "wrong badge");
    const auto audit = auditOf("undo");
    ASSERT_EQ(audit.size(), 1U);
    EXPECT_EQ(audit[0].staffId, "amina");

    // Twice is a conflict; no reason is a usage error; both change nothing.
    EXPECT_EQ(status({"undo", "--config", m_kiosk, "--event", uuid, "--staff", "amina", "--reason",
                      "again"}),
              7);
    EXPECT_EQ(status({"undo", "--config", m_kiosk, "--event", uuid, "--staff", "amina"}), 2);
    EXPECT_EQ(store().history("REG-1")->size(), 2U);
    // The delegate is out again: the next scan is a first entry.
    const auto again = run({"checkin", "--config", m_kiosk, "--payload", "REG-1", "--at",
                            "2025-06-17T09:05", "--json"},
                           "");
    EXPECT_EQ(again["outcome"], "admitted");
}

TEST_F(DeskCli, AHoldSendsToTheDeskUntilItIsCleared) {
    const auto placed = run({"hold", "set", "--config", m_kiosk, "--registrant", "REG-2", "--note",
                             "Collect the visa letter", "--staff", "amina", "--json"});
    EXPECT_EQ(placed["hold_note"], "Collect the visa letter");
    const auto refused = run({"checkin", "--config", m_kiosk, "--payload", "REG-2", "--at",
                              "2025-06-17T09:00", "--json"},
                             "");
    EXPECT_EQ(refused["outcome"], "see_desk");
    EXPECT_EQ(refused["recorded"], false);

    // The config may come after the group's name too; an unknown registrant changes nothing.
    EXPECT_EQ(status({"hold", "--config", m_kiosk, "set", "--registrant", "REG-9", "--note", "x",
                      "--staff", "amina"}),
              7);
    EXPECT_EQ(status({"hold", "set", "--config", m_kiosk, "--registrant", "REG-1", "--note", " ",
                      "--staff", "amina"}),
              4);
    EXPECT_EQ((*store().registrant("REG-1"))->holdNote, "");

    const auto cleared = run({"hold", "clear", "--config", m_kiosk, "--registrant", "REG-2",
                              "--staff", "amina", "--json"});
    EXPECT_EQ(cleared["previous_note"], "Collect the visa letter");
    const auto admitted = run({"checkin", "--config", m_kiosk, "--payload", "REG-2", "--at",
                               "2025-06-17T09:02", "--json"},
                              "");
    EXPECT_EQ(admitted["outcome"], "admitted");
    ASSERT_EQ(auditOf("hold_placed").size(), 1U);
    ASSERT_EQ(auditOf("hold_cleared").size(), 1U);
    EXPECT_EQ(auditOf("hold_placed")[0].staffId, "amina");
    EXPECT_EQ(auditOf("hold_cleared")[0].registrantId, "REG-2");
}

TEST_F(DeskCli, AWalkInHasAGenderAndACategoryFromTheEventsList) {
    const auto w = run({"walkin",
                        "--config",
                        m_kiosk,
                        "--given-name",
                        "Sam",
                        "--family-name",
                        "Okafor",
                        "--delegation",
                        "Nigeria",
                        "--category",
                        " ngo ",
                        "--gender",
                        "female",
                        "--staff",
                        "amina",
                        "--reason",
                        "accredited by phone",
                        "--at",
                        "2025-06-17T09:10",
                        "--json"});
    EXPECT_EQ(w["outcome"], "admitted");
    EXPECT_EQ(w["category"], "NGO"); // the event's spelling
    EXPECT_EQ(w["provisional"], true);
    const std::string id = w["registrant_id"];
    const auto person = *store().registrant(id);
    ASSERT_TRUE(person);
    EXPECT_EQ(person->gender, "female");
    EXPECT_TRUE(person->provisional);
    const auto history = store().history(id);
    ASSERT_EQ(history->size(), 1U);
    EXPECT_EQ((*history)[0].kind, EventKind::ManualCheckIn);
    EXPECT_EQ((*history)[0].staffId, "amina");
    ASSERT_EQ(auditOf("walk_in").size(), 1U);

    // She counts as a woman in the gender report, not as undisclosed.
    const auto rows = store().report(std::string("2025-06-17"));
    ASSERT_TRUE(rows.ok());
    const auto female = std::find_if(rows->begin(), rows->end(), [](const ReportRow& r) {
        return r.dimension == "gender" && r.value == "female";
    });
    ASSERT_NE(female, rows->end());
    EXPECT_EQ(female->admitted, 1); // Zoë was not there that day: only the walk-in
    EXPECT_EQ(female->walkIns, 1);

    // A category not on the list, a gender that is none, a day that is not a meeting day:
    // refused before the PIN is read (a wrong PIN would say 6), and nothing is recorded.
    const std::vector<std::string> base{"walkin",  "--config", m_kiosk,    "--given-name", "Ana",
                                        "--staff", "amina",    "--reason", "no badge"};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = base;
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    };
    EXPECT_EQ(status(with({"--category", "Press", "--gender", "f", "--at", "2025-06-17T10:00"}),
                     kWrongPin),
              4);
    EXPECT_EQ(
        status(with({"--category", "NGO", "--gender", "sometimes", "--at", "2025-06-17T10:00"}),
               kWrongPin),
        4);
    EXPECT_EQ(
        status(with({"--category", "NGO", "--gender", "f", "--at", "2025-06-21T10:00"}), kWrongPin),
        4);
    EXPECT_EQ(status(with({"--category", "NGO", "--at", "2025-06-17T10:00"})), 2); // no gender
    EXPECT_EQ(auditOf("walk_in").size(), 1U);
    const auto staff = store().listStaff();
    ASSERT_EQ(staff->size(), 1U);
    EXPECT_EQ((*staff)[0].failedAttempts, 0);
}

TEST_F(DeskCli, AManualCheckInNamesTheStaffMemberAndTheReason) {
    const auto m =
        run({"checkin", "--config", m_kiosk, "--registrant", "REG-1", "--staff", "amina",
             "--reason", "badge left at the hotel", "--at", "2025-06-17T09:00", "--json"});
    EXPECT_EQ(m["outcome"], "admitted");
    EXPECT_EQ(m["registrant_id"], "REG-1");
    // By badge too: the payload names the person.
    const auto byBadge =
        run({"checkin", "--config", m_kiosk, "--payload", "REG-2", "--staff", "amina", "--reason",
             "scanner down", "--at", "2025-06-17T09:01", "--json"});
    EXPECT_EQ(byBadge["registrant_id"], "REG-2");
    for (const std::string id : {"REG-1", "REG-2"}) {
        const auto history = store().history(id);
        ASSERT_EQ(history->size(), 1U) << id;
        EXPECT_EQ((*history)[0].kind, EventKind::ManualCheckIn);
        EXPECT_EQ((*history)[0].method, Method::Manual);
        EXPECT_EQ((*history)[0].staffId, "amina");
    }
    EXPECT_EQ(auditOf("manual_check_in").size(), 2U);

    // A manual check-in is a staff member's; nobody on the list for a badge is a walk-in.
    EXPECT_EQ(status({"checkin", "--config", m_kiosk, "--payload", "REG-1", "--method", "manual"}),
              2);
    EXPECT_EQ(status({"checkin", "--config", m_kiosk, "--registrant", "REG-1"}), 2);
    EXPECT_EQ(status({"checkin", "--config", m_kiosk, "--payload", "REG-1", "--staff", "amina"}),
              2); // no reason
    EXPECT_EQ(status({"checkin", "--config", m_kiosk, "--payload", "REG-7", "--staff", "amina",
                      "--reason", "x", "--at", "2025-06-17T09:02"}),
              7);
    EXPECT_EQ(status({"checkin", "--config", m_kiosk, "--registrant", "REG-1", "--staff", "amina",
                      "--reason", "x", "--at", "2025-06-17T09:03"},
                     kWrongPin),
              6);
    EXPECT_EQ(store().history("REG-1")->size(), 1U);
}

// A lost badge: the desk prints a new one, and the old one is refused as replaced.
TEST_F(DeskCli, AReissuedBadgeRefusesTheOldOne) {
    const std::string key = acceptedKey();
    ASSERT_FALSE(key.empty());

    auto [oldToken, issued] = RunAccueil({"badge", "issue", "--key", key, "--config", m_kiosk,
                                          "--registrant", "REG-1", "--out", m_dir.file("old.png")});
    ASSERT_EQ(issued, 0);
    oldToken.erase(oldToken.find_last_not_of('\n') + 1);

    // A wrong PIN: no new badge, the old one still good.
    const std::string out = m_dir.file("new.png");
    const std::vector<std::string> reissue{"badge",    "reissue", "--key",        key,
                                           "--config", m_kiosk,   "--registrant", "REG-1",
                                           "--out",    out,       "--staff",      "amina"};
    EXPECT_EQ(status(reissue, kWrongPin), 6);
    EXPECT_FALSE(std::filesystem::exists(out));
    EXPECT_EQ((*store().registrant("REG-1"))->badgeVersion, 1);
    const auto attempts = auditOf("desk_pin"); // a command's PIN, not a panel sign-in
    ASSERT_EQ(attempts.size(), 1U);
    EXPECT_EQ(attempts[0].outcome, "refused");
    EXPECT_EQ(attempts[0].staffId, "amina");

    auto [newToken, reissued] = RunAccueil(reissue, kPin);
    ASSERT_EQ(reissued, 0);
    newToken.erase(newToken.find_last_not_of('\n') + 1);
    EXPECT_NE(newToken, oldToken);
    EXPECT_GT(std::filesystem::file_size(out), 1000U); // a PNG, not an empty file
    EXPECT_FALSE(std::filesystem::exists(out + ".part"));
    EXPECT_EQ((*store().registrant("REG-1"))->badgeVersion, 2);
    const auto audit = auditOf("badge_reissued");
    ASSERT_EQ(audit.size(), 1U);
    EXPECT_EQ(audit[0].staffId, "amina");
    EXPECT_EQ(audit[0].registrantId, "REG-1");

    const auto refused = run({"checkin", "--config", m_kiosk, "--payload", oldToken, "--at",
                              "2025-06-17T09:00", "--json"},
                             "");
    EXPECT_EQ(refused["outcome"], "replaced");
    const auto admitted = run({"checkin", "--config", m_kiosk, "--payload", newToken, "--at",
                               "2025-06-17T09:01", "--json"},
                              "");
    EXPECT_EQ(admitted["outcome"], "admitted");
    // Re-issued again on the desk's A5 stock: the badge is drawn at that size (300 dpi); a
    // size that is no badge is refused before anything changes.
    std::vector<std::string> larger = reissue;
    larger.insert(larger.end(), {"--size", "A5"});
    ASSERT_EQ(RunAccueil(larger, kPin).second, 0);
    auto image = accueil::scanner::LoadImageFile(out);
    ASSERT_TRUE(image);
    EXPECT_EQ(image->width, 1748);
    EXPECT_EQ(image->height, 2480);
    EXPECT_EQ((*store().registrant("REG-1"))->badgeVersion, 3);
    std::vector<std::string> tiny = reissue;
    tiny.insert(tiny.end(), {"--size", "10x10"});
    EXPECT_EQ(status(tiny, kPin), 4);
    EXPECT_EQ((*store().registrant("REG-1"))->badgeVersion, 3);
    // Nobody by that ID: refused before the PIN, nothing written.
    EXPECT_EQ(status({"badge", "reissue", "--key", key, "--config", m_kiosk, "--registrant",
                      "REG-9", "--out", m_dir.file("nobody.png"), "--staff", "amina"},
                     kWrongPin),
              7);
    EXPECT_FALSE(std::filesystem::exists(m_dir.file("nobody.png")));
}

// `--print PRINTER` hands the new badge to the printing system through `lp` (here a stand-in
// first on PATH that records its arguments and answers as CUPS's lp does) and audits the job;
// a printer that refuses is reported, and the re-issued badge stays valid and on disk.
TEST_F(DeskCli, AReissuedBadgeIsPrintedAndItsJobAudited) {
    const std::string key = acceptedKey();
    ASSERT_FALSE(key.empty());
    std::filesystem::create_directories(m_dir.path() / "bin");
    const std::string lp = m_dir.write("bin/lp", "#!/bin/sh\n"
                                                 "echo \"$@\" > \"$(dirname \"$0\")/args\"\n"
                                                 "[ \"$2\" = jammed ] && { echo \"lp: The printer "
                                                 "is not accepting jobs.\" >&2; exit 1; }\n"
                                                 "echo \"request id is $2-17 (1 file(s))\"\n");
    std::filesystem::permissions(lp, std::filesystem::perms::owner_all);
    // NOLINTNEXTLINE(concurrency-mt-unsafe): the test's threads do not read the environment
    const std::string path = std::getenv("PATH") != nullptr ? std::getenv("PATH") : "";
    // NOLINTNEXTLINE(concurrency-mt-unsafe): as above
    ::setenv("PATH", (m_dir.file("bin") + ":" + path).c_str(), 1);

    const auto reissue = [&](const std::string& printer, const std::string& out) {
        return RunAccueil({"badge", "reissue", "--key", key, "--config", m_kiosk, "--registrant",
                           "REG-2", "--out", m_dir.file(out), "--staff", "amina", "--print",
                           printer},
                          kPin);
    };
    auto [token, printed] = reissue("desk-printer", "new.pdf");
    EXPECT_EQ(printed, 0) << token;
    std::ifstream args(m_dir.file("bin/args"));
    std::string line;
    std::getline(args, line);
    EXPECT_EQ(line, "-d desk-printer -t Badge REG-2 -- " + m_dir.file("new.pdf"));
    auto jobs = auditOf("badge_printed");
    ASSERT_EQ(jobs.size(), 1U);
    EXPECT_EQ(jobs[0].staffId, "amina");
    EXPECT_EQ(jobs[0].registrantId, "REG-2");
    EXPECT_EQ(jobs[0].detail, "printer desk-printer, job desk-printer-17, version 2");

    // A printer that refuses: the badge is re-issued all the same (version 3, on disk), the
    // command fails so the desk knows, and no job is audited.
    auto [second, refused] = reissue("jammed", "again.png");
    EXPECT_EQ(refused, 4);
    EXPECT_TRUE(std::filesystem::exists(m_dir.file("again.png")));
    EXPECT_EQ((*store().registrant("REG-2"))->badgeVersion, 3);
    EXPECT_EQ(auditOf("badge_printed").size(), 1U);
    // NOLINTNEXTLINE(concurrency-mt-unsafe): as above
    ::setenv("PATH", path.c_str(), 1);
}

// After the meeting: nobody can be found by name, the figures stay as they were, and the
// kiosk records and syncs nothing more.
TEST_F(DeskCli, APurgeAfterTheEventKeepsTheFiguresAndNoName) {
    run({"checkin", "--config", m_kiosk, "--payload", "REG-1", "--at", "2025-06-17T09:00",
         "--json"},
        "");
    run({"walkin", "--config", m_kiosk, "--given-name", "Sam", "--family-name", "Okafor",
         "--category", "NGO", "--gender", "male", "--staff", "amina", "--reason", "phone", "--at",
         "2025-06-18T09:00", "--json"});
    const auto [before, reported] = RunAccueil({"report", "--config", m_kiosk});
    ASSERT_EQ(reported, 0);
    ASSERT_NE(before.find("2025-06-17,gender,female,1,1,0,0"), std::string::npos) << before;

    // The last day is not over at 23:00 in Geneva.
    EXPECT_EQ(status({"purge", "--config", m_kiosk, "--after-event", "--at", "2025-06-20T23:00"}),
              7);
    EXPECT_EQ(run({"find", "--config", m_kiosk, "Zoë", "--json"}, "").size(), 1U);
    EXPECT_EQ(status({"purge", "--config", m_kiosk}), 2); // --after-event says it is over

    EXPECT_EQ(status({"purge", "--config", m_kiosk, "--after-event", "--at", "2025-06-21T00:30"}),
              0);
    for (const std::string name : {"Zoë", "Łukasiewicz", "Okafor", "Poland"}) {
        EXPECT_EQ(run({"find", "--config", m_kiosk, name, "--json"}, "").size(), 0U) << name;
    }
    const auto [after, reportedAfter] = RunAccueil({"report", "--config", m_kiosk});
    EXPECT_EQ(reportedAfter, 0);
    EXPECT_EQ(after, before);
    // Not a byte of the names left in the database's files.
    for (const std::string suffix : {"", "-wal"}) {
        std::ifstream file(m_dir.file("kiosk.db") + suffix, std::ios::binary);
        const std::string bytes{std::istreambuf_iterator<char>(file),
                                std::istreambuf_iterator<char>()};
        EXPECT_EQ(bytes.find("Łukasiewicz"), std::string::npos) << suffix;
        EXPECT_EQ(bytes.find("Okafor"), std::string::npos) << suffix;
    }
    EXPECT_EQ(
        status({"checkin", "--config", m_kiosk, "--payload", "REG-2", "--at", "2025-06-18T10:00"},
               ""),
        7);
    EXPECT_EQ(status({"sync", "--config", m_kiosk, "--once"}, ""), 7);
    EXPECT_EQ(status({"purge", "--config", m_kiosk, "--after-event"}), 7);
    EXPECT_EQ(auditOf("purge").size(), 1U);
}

TEST_F(DeskCli, ACheckinOfARegistrantWithAnAttentionNoteSaysSoInItsJson) {
    const std::string list =
        "id,given_name,family_name,delegation,category,role,gender,days,status,badge_version,"
        "attention\n"
        "REG-3,Ana,Lima,Brazil,State Party,Minister,f,all,active,1,Minister: escort to room XX\n";
    ASSERT_EQ(RunAccueil({"import", "--config", m_kiosk, m_dir.write("vip.csv", list)}).second, 0);
    const auto vip = run({"checkin", "--config", m_kiosk, "--payload", "REG-3", "--at",
                          "2025-06-17T09:00", "--json"},
                         "");
    EXPECT_EQ(vip["outcome"], "admitted");
    EXPECT_EQ(vip["recorded"], true);
    EXPECT_EQ(vip["attention"], "Minister: escort to room XX");
    ASSERT_EQ(auditOf("attention_admitted").size(), 1U);
    EXPECT_EQ(auditOf("attention_admitted")[0].registrantId, "REG-3");

    // No note, no field: a script tests for the key.
    const auto plain = run({"checkin", "--config", m_kiosk, "--payload", "REG-1", "--at",
                            "2025-06-17T09:01", "--json"},
                           "");
    EXPECT_EQ(plain["outcome"], "admitted");
    EXPECT_FALSE(plain.contains("attention"));
}
