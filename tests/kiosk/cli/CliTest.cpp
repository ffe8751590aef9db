// SPDX-License-Identifier: Apache-2.0
// The `accueil` command as scripts use it: exit codes, JSON output, error messages.

#include "AccueilCommand.h"
#include "TestSupport.h"

#include <accueil/core/Photo.h>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace accueil::core;
using accueil::core::test::TempDir;
using accueil::test::ChildProcess;

namespace {

using accueil::test::kAccueil;

struct CliRun {
    std::string out;
    int status = -1;
};

CliRun Accueil(std::vector<std::string> args, const std::string& stdinText = {}) {
    auto [out, status] = accueil::test::RunAccueil(std::move(args), stdinText);
    return CliRun{out, status};
}

// Standard output and standard error together, through a shell: for the error messages.
CliRun AccueilWithErrors(const std::vector<std::string>& args) {
    std::vector<std::string> sh{"/bin/sh", "-c", "exec \"$@\" 2>&1", "sh"};
    sh.push_back(kAccueil);
    sh.insert(sh.end(), args.begin(), args.end());
    ChildProcess child(sh);
    auto [out, status] = child.finish();
    return CliRun{out, status};
}

std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

class CliTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_config = test::MakeKiosk(m_dir, "warn", 5);
        m_kiosk = m_dir.file("kiosk.toml");
        // The kiosk's database as its first sync leaves it: there, with nobody in it.
        ASSERT_TRUE(AttendanceStore::Open(m_config.databasePath, m_config.event, m_config.id));
    }
    std::string importCsv(const std::string& csv) { return m_dir.write("list.csv", csv); }
    TempDir m_dir;
    KioskConfig m_config;
    std::string m_kiosk;
};

const std::string kCsv =
    "id,given_name,family_name,delegation,category,role,gender,days,status,badge_version\r\n"
    "REG-1,Zoë,Łukasiewicz-Müller,Poland,State Party,Delegate,f,all,active,1\r\n"
    "REG-2,Yao,Kouassi,Côte d'Ivoire,State Party,\"Head of delegation, a.i.\",m,2025-06-18,"
    "active,1\r\n";

} // namespace

TEST_F(CliTest, ImportCheckinFindAndReport) {
    const CliRun imported = Accueil({"import", "--config", m_kiosk, importCsv(kCsv)});
    EXPECT_EQ(imported.status, 0);
    EXPECT_NE(imported.out.find("2 added, 0 updated, 0 unchanged"), std::string::npos);

    CliRun checkin = Accueil({"checkin", "--config", m_kiosk, "--payload", "REG-1", "--at",
                              "2025-06-16T23:30:00Z", "--json"});
    ASSERT_EQ(checkin.status, 0);
    auto j = nlohmann::json::parse(checkin.out);
    EXPECT_EQ(j["outcome"], "admitted");
    EXPECT_EQ(j["registrant_id"], "REG-1");
    EXPECT_EQ(j["day"], "2025-06-17"); // Geneva time
    EXPECT_EQ(j["first_check_in"], "2025-06-16T23:30:00.000Z");

    checkin = Accueil({"checkin", "--config", m_kiosk, "--payload", "REG-1", "--at",
                       "2025-06-17T14:00:00+02:00", "--json"});
    j = nlohmann::json::parse(checkin.out);
    EXPECT_EQ(j["outcome"], "welcome_back");
    EXPECT_EQ(j["warn"], true); // reentry = "warn"
    EXPECT_EQ(j["first_check_in"], "2025-06-16T23:30:00.000Z");

    checkin = Accueil({"checkin", "--config", m_kiosk, "--payload", "REG-2", "--at",
                       "2025-06-17T10:00:00", "--json"});
    EXPECT_EQ(checkin.status, 0); // a refusal is a decided outcome, not an error
    EXPECT_EQ(nlohmann::json::parse(checkin.out)["outcome"], "not_valid_today");

    const CliRun found = Accueil({"find", "--config", m_kiosk, "cote d", "--json"});
    ASSERT_EQ(found.status, 0);
    const auto hits = nlohmann::json::parse(found.out);
    ASSERT_EQ(hits.size(), 1U);
    EXPECT_EQ(hits[0]["id"], "REG-2");

    const CliRun report = Accueil({"report", "--config", m_kiosk, "--day", "2025-06-17"});
    ASSERT_EQ(report.status, 0);
    EXPECT_NE(report.out.find("2025-06-17,total,all,1,1,0,0"), std::string::npos) << report.out;
    EXPECT_NE(report.out.find("2025-06-17,gender,female,1,1,0,0"), std::string::npos);
    const CliRun json = Accueil({"report", "--config", m_kiosk, "--format", "json"});
    ASSERT_EQ(json.status, 0);
    EXPECT_EQ(nlohmann::json::parse(json.out)["rows"][0]["dimension"], "total");
}

TEST_F(CliTest, ABadCsvRowImportsNothingAndExitsNonZero) {
    const CliRun run = Accueil(
        {"import", "--config", m_kiosk, importCsv(kCsv + "REG-3,A,B,C,D,E,f,all,archived,1\r\n")});
    EXPECT_EQ(run.status, 4);
    const CliRun count = Accueil({"find", "--config", m_kiosk, "REG-1", "--json"});
    EXPECT_EQ(nlohmann::json::parse(count.out).size(), 0U);
}

namespace {

// A picture file's bytes: a JPEG made here, of a colour and a gradient.
std::string PictureBytes(int width, int height, std::uint8_t red) {
    RgbImage image{width, height, {}};
    for (int k = 0; k < width * height; ++k) {
        image.pixels.insert(image.pixels.end(), {red, 40, static_cast<std::uint8_t>(k % 200)});
    }
    return *EncodeJpeg(image, 90);
}

} // namespace

TEST_F(CliTest, PhotosComeWithTheListOrFromAFolderAllOrNothing) {
    std::filesystem::create_directories(m_dir.file("pictures"));
    std::ofstream(m_dir.file("pictures/zoe.jpg"), std::ios::binary) << PictureBytes(600, 800, 200);
    const CliRun imported =
        Accueil({"import", "--config", m_kiosk,
                 importCsv("id,given_name,family_name,photo\nREG-1,Zoë,Müller,pictures/zoe.jpg\n"
                           "REG-2,Yao,Kouassi,\n")});
    ASSERT_EQ(imported.status, 0) << imported.out;
    EXPECT_NE(imported.out.find("Imported 1 photo: 1 added, 0 replaced, 0 unchanged."),
              std::string::npos)
        << imported.out;
    const auto photos = [&] {
        auto store = AttendanceStore::Open(m_config.databasePath, m_config.event, m_config.id);
        return store ? *PhotoCount(*store) : -1;
    };
    EXPECT_EQ(photos(), 1);

    // A photo file that is not there refuses the list, REG-3 included.
    const std::string missing = m_dir.write(
        "more.csv", "id,given_name,family_name,photo\nREG-3,Ana,Silva,pictures/ana.jpg\n");
    const CliRun refused = AccueilWithErrors({"import", "--config", m_kiosk, missing});
    EXPECT_EQ(refused.status, 4);
    EXPECT_NE(refused.out.find(missing + ":2: column \"photo\": " + m_dir.file("pictures/ana.jpg") +
                               ": cannot read the file"),
              std::string::npos)
        << refused.out;
    EXPECT_NE(refused.out.find("Nothing was imported."), std::string::npos);
    EXPECT_EQ(
        nlohmann::json::parse(Accueil({"find", "--config", m_kiosk, "Silva", "--json"}).out).size(),
        0U);

    // A folder with one damaged file imports none of it; without it, the rest goes in.
    std::filesystem::create_directories(m_dir.file("photos"));
    std::ofstream(m_dir.file("photos/REG-2.jpg"), std::ios::binary) << PictureBytes(300, 400, 90);
    std::ofstream(m_dir.file("photos/REG-1.jpg"), std::ios::binary) << "not a picture";
    const CliRun bad =
        AccueilWithErrors({"photos", "import", "--config", m_kiosk, m_dir.file("photos")});
    EXPECT_EQ(bad.status, 4);
    EXPECT_NE(bad.out.find("  REG-1.jpg: not a JPEG or PNG image"), std::string::npos) << bad.out;
    EXPECT_EQ(photos(), 1);
    std::filesystem::remove(m_dir.file("photos/REG-1.jpg"));
    const CliRun good = Accueil({"photos", "import", "--config", m_kiosk, m_dir.file("photos")});
    EXPECT_EQ(good.status, 0);
    EXPECT_NE(good.out.find("Imported 1 photo: 1 added"), std::string::npos) << good.out;
    EXPECT_EQ(photos(), 2);
}

TEST_F(CliTest, ErrorsHaveDistinctExitCodes) {
    m_dir.write("broken.toml", "[kiosk]\nid = \"door-1\"\ndatabase = 5\n");
    EXPECT_EQ(Accueil({"checkin", "--config", m_dir.file("broken.toml"), "--payload", "X"}).status,
              3);
    EXPECT_EQ(Accueil({"checkin", "--config", m_kiosk, "--payload", "X", "--at", "noon"}).status,
              4);
    EXPECT_EQ(Accueil({"checkin", "--config", m_kiosk}).status, 2); // missing --payload
    EXPECT_EQ(Accueil({"report", "--config", m_kiosk, "--day", "2025-07-01"}).status, 4);
}

// A mistyped database path is refused, not created: a report of zeros or a search that finds
// nobody would look like an answer. Importing the list is how a kiosk's database begins.
TEST_F(CliTest, AMissingDatabaseIsRefusedExceptByTheFirstSteps) {
    m_dir.write("other.toml", "[kiosk]\nid = \"door-1\"\ndatabase = \"nowhere.db\"\n"
                              "event = \"event.toml\"\n");
    const std::string other = m_dir.file("other.toml");
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"report", "--config", other},
          std::vector<std::string>{"find", "--config", other, "Zoë"},
          std::vector<std::string>{"checkin", "--config", other, "--payload", "REG-1"},
          std::vector<std::string>{"staff", "list", "--config", other}}) {
        const CliRun run = AccueilWithErrors(args);
        EXPECT_EQ(run.status, 5) << args[0];
        EXPECT_NE(run.out.find("nowhere.db does not exist"), std::string::npos) << run.out;
        EXPECT_FALSE(std::filesystem::exists(m_dir.file("nowhere.db"))) << args[0];
    }
    EXPECT_EQ(Accueil({"import", "--config", other, importCsv(kCsv)}).status, 0);
    const CliRun found = Accueil({"find", "--config", other, "Zoë", "--json"});
    EXPECT_EQ(found.status, 0);
    EXPECT_EQ(nlohmann::json::parse(found.out).size(), 1U) << found.out;
}

TEST_F(CliTest, StaffPinComesFromStandardInput) {
    EXPECT_EQ(
        Accueil({"staff", "add", "--config", m_kiosk, "--id", "S-1", "--name", "Ana"}, "4321\n")
            .status,
        0);
    const CliRun list = Accueil({"staff", "list", "--config", m_kiosk});
    EXPECT_NE(list.out.find("S-1  Ana  staff"), std::string::npos);
    EXPECT_EQ(list.out.find("4321"), std::string::npos);
    EXPECT_EQ(Accueil({"staff", "check", "--config", m_kiosk, "--id", "S-1"}, "4321\n").status, 0);
    EXPECT_EQ(Accueil({"staff", "check", "--config", m_kiosk, "--id", "S-1"}, "1111\n").status, 6);
}

TEST(CliDemoData, GeneratesAListThatImports) {
    TempDir dir;
    const KioskConfig config = test::MakeKiosk(dir);
    const CliRun csv = Accueil({"demo-data", "--count", "500"});
    ASSERT_EQ(csv.status, 0);
    const std::string path = dir.write("demo.csv", csv.out);
    const CliRun imported = Accueil({"import", "--config", dir.file("kiosk.toml"), path});
    EXPECT_EQ(imported.status, 0) << imported.out;
    EXPECT_NE(imported.out.find("500 added"), std::string::npos);
    // Many scripts, every category, cancellations and partial days.
    EXPECT_NE(csv.out.find("Ελ"), std::string::npos);
    EXPECT_NE(csv.out.find("NGO"), std::string::npos);
    EXPECT_NE(csv.out.find(",cancelled,"), std::string::npos);
    EXPECT_NE(csv.out.find(",2025-06-1"), std::string::npos);
}

TEST_F(CliTest, ConfigMayComeBeforeOrAfterTheSubcommand) {
    // After the subcommand's name, as a user types it, and right after the group's name.
    EXPECT_EQ(
        Accueil({"staff", "add", "--config", m_kiosk, "--id", "S-1", "--name", "Ana"}, "4321\n")
            .status,
        0);
    EXPECT_EQ(
        Accueil({"staff", "--config", m_kiosk, "add", "--id", "S-2", "--name", "Bo"}, "8765\n")
            .status,
        0);
    const CliRun listed = Accueil({"staff", "list", "--config", m_kiosk});
    ASSERT_EQ(listed.status, 0);
    EXPECT_NE(listed.out.find("S-1  Ana  staff"), std::string::npos) << listed.out;
    EXPECT_NE(listed.out.find("S-2  Bo  staff"), std::string::npos) << listed.out;
    EXPECT_EQ(Accueil({"staff", "--config", m_kiosk, "list"}).out, listed.out);
    EXPECT_EQ(Accueil({"staff", "--config", m_kiosk, "check", "--id", "S-2"}, "8765\n").status, 0);

    // After a positional argument too.
    const CliRun imported = Accueil({"import", importCsv(kCsv), "--config", m_kiosk});
    EXPECT_EQ(imported.status, 0);
    EXPECT_NE(imported.out.find("2 added"), std::string::npos) << imported.out;
}

TEST_F(CliTest, MissingConfigIsAUsageErrorNamingTheCommand) {
    const CliRun staff = AccueilWithErrors({"staff", "add", "--id", "S-1", "--name", "Ana"});
    EXPECT_EQ(staff.status, 2);
    EXPECT_NE(staff.out.find("accueil staff add: --config KIOSK.toml is required"),
              std::string::npos)
        << staff.out;
    const CliRun import = AccueilWithErrors({"import", importCsv(kCsv)});
    EXPECT_EQ(import.status, 2);
    EXPECT_NE(import.out.find("accueil import: --config KIOSK.toml is required"), std::string::npos)
        << import.out;
    // Nothing ran: no staff member was added without a PIN check, no list imported.
    const CliRun listed = Accueil({"staff", "list", "--config", m_kiosk});
    EXPECT_NE(listed.out.find("No staff yet"), std::string::npos) << listed.out;
}

namespace {

const std::string kIndicoExport =
    std::string(ACCUEIL_SOURCE_DIR) + "/tests/data/indico/registrants.csv";

std::string OutcomeOf(const std::string& kiosk, const std::string& payload,
                      const std::string& at = "2025-06-17T09:30:00+02:00") {
    const CliRun run =
        Accueil({"checkin", "--config", kiosk, "--payload", payload, "--at", at, "--json"});
    EXPECT_EQ(run.status, 0) << payload;
    return run.status == 0 ? nlohmann::json::parse(run.out)["outcome"].get<std::string>() : "";
}

} // namespace

TEST_F(CliTest, AnIndicoExportImportsWithTheProfileAndItsStatesHoldAtTheDoor) {
    m_dir.write("kiosk.toml", test::KioskToml() + "[import]\nprofile = \"indico\"\n"
                                                  "[import.columns]\ngender = \"Gender\"\n");
    const CliRun imported = AccueilWithErrors({"import", "--config", m_kiosk, kIndicoExport});
    ASSERT_EQ(imported.status, 0) << imported.out;
    EXPECT_NE(imported.out.find("8 added, 0 updated, 0 unchanged"), std::string::npos)
        << imported.out;
    EXPECT_EQ(imported.out.find("warning"), std::string::npos) << imported.out;

    EXPECT_EQ(OutcomeOf(m_kiosk, "1"), "admitted");  // Completed
    EXPECT_EQ(OutcomeOf(m_kiosk, "3"), "cancelled"); // Withdrawn
    EXPECT_EQ(OutcomeOf(m_kiosk, "4"), "cancelled"); // Rejected
    EXPECT_EQ(OutcomeOf(m_kiosk, "5"), "cancelled"); // Pending
    EXPECT_EQ(OutcomeOf(m_kiosk, "6"), "cancelled"); // Awaiting payment

    const CliRun report = Accueil({"report", "--config", m_kiosk, "--day", "2025-06-17"});
    EXPECT_NE(report.out.find("2025-06-17,gender,female,"), std::string::npos) << report.out;

    // An event that admits unpaid delegates says so, and the next import follows.
    m_dir.write("kiosk.toml", test::KioskToml() +
                                  "[import]\nprofile = \"indico\"\n"
                                  "[import.columns]\ngender = \"Gender\"\n"
                                  "[import.values.status]\n\"Awaiting payment\" = \"active\"\n");
    const CliRun again = Accueil({"import", "--config", m_kiosk, kIndicoExport});
    EXPECT_NE(again.out.find("0 added, 1 updated, 7 unchanged"), std::string::npos) << again.out;
    EXPECT_EQ(OutcomeOf(m_kiosk, "6", "2025-06-17T11:00:00+02:00"), "admitted");
}

TEST_F(CliTest, AnUnreadStateColumnIsAWarningOnStandardError) {
    m_dir.write("kiosk.toml", test::KioskToml() + "[import.columns]\nid = \"ID\"\n"
                                                  "given_name = \"First Name\"\n"
                                                  "family_name = \"Last Name\"\n");
    const CliRun quiet = Accueil({"import", "--config", m_kiosk, kIndicoExport});
    EXPECT_EQ(quiet.status, 0);
    EXPECT_EQ(quiet.out.find("warning"), std::string::npos) << quiet.out; // not on stdout
    const CliRun run = AccueilWithErrors({"import", "--config", m_kiosk, kIndicoExport});
    EXPECT_EQ(run.status, 0);
    EXPECT_NE(run.out.find("accueil: warning: " + kIndicoExport +
                           ":1: column \"Registration state\" looks like a registration status "
                           "but is not read: everyone in the file is imported as active."),
              std::string::npos)
        << run.out;
}

TEST_F(CliTest, SemicolonAndTabFilesImport) {
    const std::string semicolons = m_dir.write(
        "excel.csv", "\xEF\xBB\xBFid;given_name;family_name;delegation;gender\r\n"
                     "CH-1;Zoë;Müller;Suisse;Femme\r\nCH-2;Luc;Favre;\"Genève; Suisse\";Homme\r\n");
    const CliRun first = Accueil({"import", "--config", m_kiosk, semicolons});
    EXPECT_EQ(first.status, 0);
    EXPECT_NE(first.out.find("2 added"), std::string::npos) << first.out;
    const std::string tabs = m_dir.write("tabs.tsv", "id\tgiven_name\tfamily_name\tdelegation\n"
                                                     "T-1\tAna\tLima\tPeru, Republic of\n");
    const CliRun second = Accueil({"import", "--config", m_kiosk, tabs});
    EXPECT_EQ(second.status, 0);
    EXPECT_NE(second.out.find("1 added"), std::string::npos) << second.out;
    const auto hits =
        nlohmann::json::parse(Accueil({"find", "--config", m_kiosk, "Genève", "--json"}).out);
    ASSERT_EQ(hits.size(), 1U);
    EXPECT_EQ(hits[0]["delegation"], "Genève; Suisse");

    // The default columns on a Swiss-French export: the error shows what the header has.
    const std::string french =
        m_dir.write("fr.csv", "N°;Nom;Prénom;Délégation\r\n1;Favre;Luc;Suisse\r\n");
    const CliRun refused = AccueilWithErrors({"import", "--config", m_kiosk, french});
    EXPECT_EQ(refused.status, 4);
    EXPECT_NE(refused.out.find("no column \"id\" (for id); the header has: \"N°\", \"Nom\", "
                               "\"Prénom\", \"Délégation\" — set [import.columns] or [import] "
                               "profile\nNothing was imported."),
              std::string::npos)
        << refused.out;
}

namespace {

// `accueil ARGS…` with its output and errors, in a private mount namespace where the test's
// folder is mounted read-only (as on a backup disk or a forensic copy). Status 99: this machine
// allows no such namespace.
CliRun AccueilOnReadOnlyMount(const std::string& dir, const std::vector<std::string>& args) {
    const std::string script = "mount --bind \"$1\" \"$1\" && mount -o remount,bind,ro \"$1\" "
                               "|| exit 99; touch \"$1/probe\" 2>/dev/null && exit 98; shift; "
                               "exec \"$@\" 2>&1";
    std::vector<std::string> sh{
        "/usr/bin/unshare", "-rm", "/bin/sh", "-c", script, "sh", dir, kAccueil};
    sh.insert(sh.end(), args.begin(), args.end());
    ChildProcess child(sh);
    auto [out, status] = child.finish();
    return CliRun{out, status};
}

} // namespace

// A kiosk's file that can only be read still gives its report and its search; a check-in
// there changes nothing and says why, not which statement failed.
TEST_F(CliTest, AReadOnlyDatabaseServesReportsAndRefusesWritesClearly) {
    ASSERT_EQ(Accueil({"import", "--config", m_kiosk, importCsv(kCsv)}).status, 0);
    ASSERT_EQ(
        Accueil({"checkin", "--config", m_kiosk, "--payload", "REG-1", "--at", "2025-06-17T09:00"})
            .status,
        0);
    const std::string dir = m_dir.path().string();
    const CliRun report = AccueilOnReadOnlyMount(
        dir, {"report", "--config", m_kiosk, "--day", "2025-06-17", "--format", "csv"});
    if (report.status == 99) {
        GTEST_SKIP() << "no user and mount namespaces on this machine: " << report.out;
    }
    ASSERT_NE(report.status, 98) << "the mount was not read-only";
    EXPECT_EQ(report.status, 0) << report.out;
    EXPECT_NE(report.out.find("2025-06-17,total,all,1,1,0,0"), std::string::npos) << report.out;
    const CliRun found = AccueilOnReadOnlyMount(dir, {"find", "--config", m_kiosk, "Kouassi"});
    EXPECT_EQ(found.status, 0) << found.out;
    EXPECT_NE(found.out.find("REG-2"), std::string::npos) << found.out;
    const CliRun checkin = AccueilOnReadOnlyMount(
        dir, {"checkin", "--config", m_kiosk, "--payload", "REG-2", "--at", "2025-06-18T09:00"});
    EXPECT_NE(checkin.status, 0) << checkin.out;
    EXPECT_NE(checkin.out.find("can only be read here"), std::string::npos) << checkin.out;
    EXPECT_EQ(checkin.out.find("INSERT"), std::string::npos) << checkin.out;
    // Back on the writable folder: nothing was recorded, and the file works as before.
    const CliRun after =
        Accueil({"report", "--config", m_kiosk, "--day", "2025-06-18", "--format", "csv"});
    EXPECT_NE(after.out.find("2025-06-18,total,all,2,0,0,2"), std::string::npos) << after.out;
}

// The timers' drop-ins name the event's zone, so that systemd fires the night job at 23:45 in
// Geneva whatever the machine's own zone; systemd itself reads the schedule back.
TEST_F(CliTest, TimersAreWrittenInTheEventsZone) {
    const std::string units = m_dir.file("units");
    CliRun run = Accueil({"timers", "--event", m_dir.file("event.toml"), "--out-dir", units,
                          "--nightly-at", "23:45"});
    ASSERT_EQ(run.status, 0) << run.out;
    const std::string nightly = ReadAll(units + "/accueil-nightly.timer.d/event-zone.conf");
    const std::string freeze = ReadAll(units + "/accueil-freeze.timer.d/event-zone.conf");
    EXPECT_NE(ReadAll(units + "/accueil-kiosk-nightly.timer.d/event-zone.conf")
                  .find("\nOnCalendar=*-*-* 23:45:00 Europe/Zurich\n"),
              std::string::npos);
    EXPECT_NE(nightly.find("\nOnCalendar=\nOnCalendar=*-*-* 23:45:00 Europe/Zurich\n"),
              std::string::npos)
        << nightly;
    EXPECT_NE(freeze.find("\nOnCalendar=*-*-* 00:30:00 Europe/Zurich\n"), std::string::npos)
        << freeze;
    if (access("/usr/bin/systemd-analyze", X_OK) != 0) {
        GTEST_SKIP() << "systemd-analyze is not installed: the schedule was not read back";
    }
    // 23:45 in Geneva is 21:45 UTC in summer and 22:45 in winter: never the machine's 23:45.
    ChildProcess calendar({"/usr/bin/systemd-analyze", "calendar", "*-*-* 23:45:00 Europe/Zurich"});
    auto [out, status] = calendar.finish();
    ASSERT_EQ(status, 0) << out;
    EXPECT_TRUE(out.find(":45:00 UTC") != std::string::npos &&
                (out.find(" 21:45:00 UTC") != std::string::npos ||
                 out.find(" 22:45:00 UTC") != std::string::npos))
        << out;
}

TEST_F(CliTest, ATimerAtAnImpossibleHourWritesNothing) {
    const std::string units = m_dir.file("units");
    CliRun run = AccueilWithErrors({"timers", "--event", m_dir.file("event.toml"), "--out-dir",
                                    units, "--freeze-at", "24:30"});
    EXPECT_EQ(run.status, 4);
    EXPECT_NE(run.out.find("'24:30' is not a time of day as HH:MM"), std::string::npos) << run.out;
    EXPECT_FALSE(std::filesystem::exists(units));
    run = AccueilWithErrors({"timers", "--event", m_dir.file("missing.toml"), "--out-dir", units});
    EXPECT_EQ(run.status, 3) << run.out;
    EXPECT_FALSE(std::filesystem::exists(units));
}
