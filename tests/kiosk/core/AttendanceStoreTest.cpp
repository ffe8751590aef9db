// SPDX-License-Identifier: Apache-2.0
#include "TestSupport.h"

#include <accueil/core/PersonalDataWipe.h>
#include <accueil/core/Sqlite.h>
#include <accueil/scanner/BadgeReader.h>
#include <accueil/scanner/IndicoTicket.h>

#include <filesystem>

using namespace accueil::core;
using accueil::core::test::At;
using accueil::core::test::Person;
using accueil::core::test::TempDir;

namespace {

class StoreTest : public ::testing::Test {
protected:
    void SetUp() override { open("allow", 5); }

    // A fresh file each time, which the test inspects on a connection of its own.
    void open(const std::string& reentry, int debounce) {
        m_event = test::MakeEvent(reentry, debounce);
        m_db.reset();
        m_store.reset();
        const std::string path = m_dir.file("kiosk-" + std::to_string(++m_opened) + ".db");
        auto store = AttendanceStore::Open(path, m_event, "door-1");
        ASSERT_TRUE(store.ok()) << store.error().message;
        m_store.emplace(std::move(store).value());
        m_db.emplace(sql::Database::Open(path, false));
        auto s = m_store->upsertRegistrants({
            Person("REG-1", "Zoë", "Łukasiewicz-Müller", "Poland"),
            Person("REG-2", "Yao", "Kouassi", "Côte d'Ivoire", "State Party", "male"),
            Person("REG-3", "Ελένη", "Ελευθερίου", "Greece"),
            Person("REG-4", "Анна", "Добрынина", "Humanity & Inclusion", "NGO"),
        });
        ASSERT_TRUE(s.ok()) << s.error().message;
    }

    // Records a scan of `payload`, read as `claim` (a plain ID unless given).
    ScanResult scan(const std::string& payload, const std::string& at,
                    std::optional<accueil::scanner::BadgeClaim> claim = std::nullopt) {
        ScanRequest r;
        r.payload = payload;
        r.claim = claim ? std::move(*claim) : accueil::scanner::ParsePlainId(payload);
        r.at = At(m_event, at);
        auto result = m_store->recordScan(r);
        EXPECT_TRUE(result.ok()) << result.error().message;
        return result.ok() ? *result : ScanResult{};
    }

    ScanResult scanIndico(const std::string& payload, const std::string& at) {
        return scan(payload, at, accueil::scanner::ParseIndicoTicket(payload));
    }

    // Lists registrant "6" holding an Indico ticket (ids in Indico are small integers).
    void listTicketHolder(const std::string& ticket) {
        Registrant holder = Person("6", "Amina", "Diallo", "Senegal");
        holder.ticket = ticket;
        ASSERT_TRUE(m_store->upsertRegistrants({holder}, UpsertFields{false, true, false}).ok());
    }

    int attendanceRows() {
        return static_cast<int>(m_db->scalar("SELECT COUNT(*) FROM attendance"));
    }

    TempDir m_dir;
    int m_opened = 0;
    EventConfig m_event;
    std::optional<AttendanceStore> m_store;
    std::optional<sql::Database> m_db; ///< the same file, for looking inside
};

// An Indico v1 check-in code, as Indico prints it.
std::string IndicoV1(const std::string& registrantId, const std::string& secret,
                     const std::string& eventId = "1") {
    return R"({"registrant_id":")" + registrantId + R"(","checkin_secret":")" + secret +
           R"(","event_id":")" + eventId + "\"}";
}

constexpr const char* kHolderTicket = "0b5d1c3e-8f4a-4d2b-9c6e-7a1f2e3d4c5b";
constexpr const char* kGuestId = "1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d";
constexpr const char* kOtherTicket = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";

} // namespace

TEST_F(StoreTest, ScanRecordsAnEntryThenWelcomesBack) {
    const ScanResult first = scan("REG-1", "2025-06-17T08:55:00+02:00");
    EXPECT_EQ(first.decision.outcome, Outcome::Admitted);
    EXPECT_FALSE(first.eventUuid.empty());
    EXPECT_EQ(first.day, "2025-06-17");
    ASSERT_TRUE(first.registrant);
    EXPECT_EQ(first.registrant->familyName, "Łukasiewicz-Müller");
    EXPECT_EQ(first.firstEntryToday, At(m_event, "2025-06-17T08:55:00+02:00"));

    const ScanResult again = scan("REG-1", "2025-06-17T13:10:00+02:00");
    EXPECT_EQ(again.decision.outcome, Outcome::WelcomeBack);
    EXPECT_EQ(again.firstEntryToday, first.firstEntryToday);
    EXPECT_EQ(attendanceRows(), 2);

    // A new day is a new first entry.
    EXPECT_EQ(scan("REG-1", "2025-06-18T09:00:00+02:00").decision.outcome, Outcome::Admitted);
    EXPECT_EQ(*m_store->outboxSize(), 3 + 3); // three entries and three audit lines to push
}

TEST_F(StoreTest, TheSameBadgeWithinTheDebounceIsOneScan) {
    const ScanResult first = scan("REG-2", "2025-06-17T09:00:00Z");
    const ScanResult repeat = scan("REG-2", "2025-06-17T09:00:04Z");
    EXPECT_TRUE(repeat.repeat);
    EXPECT_EQ(repeat.decision.outcome, Outcome::Admitted);
    EXPECT_TRUE(repeat.eventUuid.empty());
    EXPECT_EQ(attendanceRows(), 1);
    const ScanResult later = scan("REG-2", "2025-06-17T09:00:06Z");
    EXPECT_FALSE(later.repeat);
    EXPECT_EQ(later.decision.outcome, Outcome::WelcomeBack);
    EXPECT_EQ(attendanceRows(), 2);
    // A refused code repeats as the same refusal, and is audited once.
    scan("nope nope", "2025-06-17T09:01:00Z");
    const ScanResult r2 = scan("nope nope", "2025-06-17T09:01:01Z");
    EXPECT_TRUE(r2.repeat);
    EXPECT_EQ(r2.decision.outcome, Outcome::Unreadable);
    EXPECT_EQ(m_db->scalar("SELECT COUNT(*) FROM audit WHERE action = 'scan'"), 3);
}

// The wall clock steps back (NTP corrects a fast clock) between two scans of the same badge:
// on the monotonic clock the kiosk gives, it is still the same scan; and a real wait is not
// taken for a repeat because the wall clock says little time passed.
TEST_F(StoreTest, TheDebounceHoldsWhenTheWallClockSteps) {
    const auto scanAt = [&](const std::string& at, std::int64_t steadyMs) {
        ScanRequest r;
        r.payload = "REG-2";
        r.claim = accueil::scanner::ParsePlainId(r.payload);
        r.at = At(m_event, at);
        r.steadyMs = steadyMs;
        auto result = m_store->recordScan(r);
        EXPECT_TRUE(result.ok());
        return result.ok() ? *result : ScanResult{};
    };
    EXPECT_FALSE(scanAt("2025-06-17T09:00:10Z", 1'000'000).repeat);
    // 1 s later by the monotonic clock, but the wall clock went back 8 s.
    const ScanResult stepped = scanAt("2025-06-17T09:00:02Z", 1'001'000);
    EXPECT_TRUE(stepped.repeat);
    EXPECT_EQ(attendanceRows(), 1);
    // 7 s later by the monotonic clock, though the wall clock shows only 1 s: a new scan.
    const ScanResult waited = scanAt("2025-06-17T09:00:11Z", 1'007'000);
    EXPECT_FALSE(waited.repeat);
    EXPECT_EQ(waited.decision.outcome, Outcome::WelcomeBack);
    EXPECT_EQ(attendanceRows(), 2);
    // Without a monotonic time (the CLI), the wall clock decides as before: a step back is
    // not within the window.
    EXPECT_FALSE(scan("REG-2", "2025-06-17T09:00:09Z").repeat);
}

TEST_F(StoreTest, DenyPolicyRefusesReentryWithoutRecording) {
    open("deny", 0);
    EXPECT_EQ(scan("REG-1", "2025-06-17T09:00:00Z").decision.outcome, Outcome::Admitted);
    EXPECT_EQ(scan("REG-1", "2025-06-17T09:00:01Z").decision.outcome, Outcome::Denied);
    EXPECT_EQ(attendanceRows(), 1);
}

TEST_F(StoreTest, EveryScanIsAuditedIncludingRefusals) {
    scan("REG-1", "2025-06-16T12:00:00Z");   // not a meeting day
    scan("REG-999", "2025-06-17T12:00:00Z"); // unknown
    scan("{\"json\":1}", "2025-06-17T12:00:00Z");
    auto audit = m_store->recentAudit(10);
    ASSERT_TRUE(audit.ok());
    ASSERT_EQ(audit->size(), 3U);
    EXPECT_EQ((*audit)[0].outcome, "unreadable");
    EXPECT_NE((*audit)[0].detail.find("{\\\"json\\\":1}"), std::string::npos); // what was shown
    EXPECT_EQ((*audit)[1].outcome, "not_recognised");
    EXPECT_EQ((*audit)[1].registrantId, "REG-999");
    EXPECT_EQ((*audit)[2].outcome, "not_valid_today");
    EXPECT_EQ(attendanceRows(), 0);
}

TEST_F(StoreTest, CancelledReplacedAndHeldAreRefused) {
    Registrant cancelled = Person("REG-5", "A", "B");
    cancelled.status = RegistrantStatus::Cancelled;
    ASSERT_TRUE(m_store->upsertRegistrants({cancelled}).ok());
    EXPECT_EQ(scan("REG-5", "2025-06-17T09:00:00Z").decision.outcome, Outcome::Cancelled);

    ASSERT_TRUE(m_store
                    ->setHold("REG-3", "Credentials pending", "staff-7",
                              At(m_event, "2025-06-17T08:00:00Z"))
                    .ok());
    EXPECT_EQ(scan("REG-3", "2025-06-17T09:00:00Z").decision.outcome, Outcome::SeeDesk);
    ASSERT_TRUE(m_store->setHold("REG-3", "", "staff-7", At(m_event, "2025-06-17T09:01:00Z")).ok());
    EXPECT_EQ(scan("REG-3", "2025-06-17T09:02:00Z").decision.outcome, Outcome::Admitted);

    // A re-import without a hold column keeps the hold staff placed.
    ASSERT_TRUE(m_store->setHold("REG-4", "Pay the fee", "staff-7", 0).ok());
    ASSERT_TRUE(m_store->upsertRegistrants({Person("REG-4", "Анна", "Добрынина-Петрова")}).ok());
    EXPECT_EQ((*m_store->registrant("REG-4"))->holdNote, "Pay the fee");
    EXPECT_EQ(m_store->setHold("REG-404", "x", "staff-7", 0).error().kind, ErrorKind::NotFound);
}

TEST_F(StoreTest, ManualCheckInUndoAndWalkInAreEventsInTheLog) {
    const UtcMillis t = At(m_event, "2025-06-17T09:00:00Z");
    auto manual = m_store->manualCheckIn("REG-2", "staff-7", "badge left at hotel", t);
    ASSERT_TRUE(manual.ok()) << manual.error().message;
    EXPECT_EQ(manual->decision.outcome, Outcome::Admitted);
    EXPECT_EQ(m_store->manualCheckIn("REG-2", "staff-7", "", t).error().kind, ErrorKind::Input);
    EXPECT_EQ(m_store->manualCheckIn("REG-9", "staff-7", "x", t).error().kind, ErrorKind::NotFound);

    // Undo: the delegate is no longer in today; undoing twice is refused.
    auto undo = m_store->undo(manual->eventUuid, "staff-7", "wrong person", t + 60'000);
    ASSERT_TRUE(undo.ok()) << undo.error().message;
    EXPECT_EQ(undo->kind, EventKind::Undo);
    EXPECT_EQ(undo->target, manual->eventUuid);
    EXPECT_EQ(m_store->undo(manual->eventUuid, "staff-7", "again", t).error().kind,
              ErrorKind::Conflict);
    EXPECT_EQ(m_store->undo(undo->uuid, "staff-7", "undo the undo", t).error().kind,
              ErrorKind::Conflict);
    EXPECT_EQ(scan("REG-2", "2025-06-17T09:05:00Z").decision.outcome, Outcome::Admitted);

    auto history = m_store->history("REG-2");
    ASSERT_TRUE(history.ok());
    ASSERT_EQ(history->size(), 3U);
    EXPECT_EQ((*history)[0].kind, EventKind::ManualCheckIn);
    EXPECT_EQ((*history)[0].staffId, "staff-7");
    EXPECT_EQ((*history)[1].kind, EventKind::Undo);

    Registrant walkIn;
    walkIn.givenName = "Sam";
    walkIn.familyName = "Okafor";
    walkIn.delegation = "Nigeria";
    auto w = m_store->admitWalkIn(walkIn, "staff-7", "accredited by phone", t);
    ASSERT_TRUE(w.ok()) << w.error().message;
    ASSERT_TRUE(w->registrant);
    EXPECT_TRUE(w->registrant->provisional);
    EXPECT_TRUE(w->registrant->id.starts_with("WALKIN-"));
    EXPECT_TRUE((*m_store->registrant(w->registrant->id))->provisional);
    EXPECT_EQ(m_db->scalar("SELECT COUNT(*) FROM audit WHERE staff_id = 'staff-7'"), 3);
}

// What the central would refuse (and so lose) is refused at the door, and nothing is written.
TEST_F(StoreTest, StaffTextTheCentralWouldRefuseIsRefusedHereAndChangesNothing) {
    const UtcMillis t = At(m_event, "2025-06-17T09:00:00Z");
    const auto rows = [&] {
        return m_db->scalar("SELECT (SELECT COUNT(*) FROM attendance) + (SELECT COUNT(*) FROM "
                            "audit) + (SELECT COUNT(*) FROM registrant)");
    };
    const auto before = rows();
    const auto long401 = std::string(401, 'x');
    const auto manual = m_store->manualCheckIn("REG-2", "staff-7", long401, t);
    ASSERT_FALSE(manual.ok());
    EXPECT_EQ(manual.error().kind, ErrorKind::Input);
    EXPECT_EQ(manual.error().message, "the reason: longer than 400 characters (401)");
    EXPECT_EQ(m_store->manualCheckIn("REG-2", "staff-7", "line\nbreak", t).error().message,
              "the reason: a control character (U+000A) at character 5");
    EXPECT_EQ(m_store->setHold("REG-2", std::string(201, 'n'), "staff-7", t).error().message,
              "the hold note: longer than 200 characters (201)");
    Registrant walkIn;
    walkIn.givenName = "Sam";
    walkIn.familyName = std::string(201, 'O');
    EXPECT_EQ(m_store->admitWalkIn(walkIn, "staff-7", "phone", t).error().message,
              "the family name: longer than 200 characters (201)");
    walkIn.familyName = "Okafor";
    walkIn.delegation = "Nig\teria";
    EXPECT_EQ(m_store->admitWalkIn(walkIn, "staff-7", "phone", t).error().message,
              "the delegation: a control character (U+0009) at character 4");
    EXPECT_EQ(rows(), before);
    // At the bounds it is taken.
    walkIn.delegation = " Nigeria ";
    auto w = m_store->admitWalkIn(walkIn, "staff-7", std::string(400, 'r'), t);
    ASSERT_TRUE(w.ok()) << w.error().message;
    EXPECT_EQ(w->registrant->delegation, "Nigeria");
}

// Events the central does not have would be purged with the names of the walk-ins they
// carry: a purge waits for them unless told otherwise.
TEST_F(StoreTest, APurgeWaitsForUnsentEventsUnlessToldOtherwise) {
    scan("REG-2", "2025-06-17T09:00:00Z");
    const UtcMillis after = At(m_event, "2025-06-21T00:00:00Z");
    const auto waiting = PurgeAfterEvent(*m_store, after, false);
    ASSERT_FALSE(waiting.ok());
    EXPECT_EQ(waiting.error().kind, ErrorKind::Conflict);
    EXPECT_NE(waiting.error().message.find("not at the central yet"), std::string::npos);
    EXPECT_FALSE(*PurgedAt(*m_store));
    const auto purged = PurgeAfterEvent(*m_store, after, true);
    ASSERT_TRUE(purged.ok()) << purged.error().message;
    EXPECT_EQ(purged->days, 4);
    EXPECT_TRUE(*PurgedAt(*m_store));
    EXPECT_EQ(m_store->manualCheckIn("REG-2", "s", "x", after).error().kind, ErrorKind::Conflict);
}

TEST_F(StoreTest, TheLogsAreAppendOnly) {
    scan("REG-1", "2025-06-17T09:00:00Z");
    EXPECT_THROW(m_db->exec("UPDATE attendance SET day = '2025-06-18'"), sql::SqlError);
    EXPECT_THROW(m_db->exec("DELETE FROM attendance"), sql::SqlError);
    EXPECT_THROW(m_db->exec("DELETE FROM audit"), sql::SqlError);
    EXPECT_EQ(attendanceRows(), 1);
}

TEST_F(StoreTest, SearchIgnoresAccentsCaseAndSpecialLetters) {
    const auto ids = [&](const std::string& q) { return test::SearchIds(*m_store, q); };
    EXPECT_EQ(ids("muller"), std::vector<std::string>{"REG-1"});
    EXPECT_EQ(ids("lukas"), std::vector<std::string>{"REG-1"});
    EXPECT_EQ(ids("ZOE"), std::vector<std::string>{"REG-1"});
    EXPECT_EQ(ids("cote d"), std::vector<std::string>{"REG-2"});
    EXPECT_EQ(ids("ελευθ"), std::vector<std::string>{"REG-3"});
    EXPECT_EQ(ids("добры"), std::vector<std::string>{"REG-4"});
    EXPECT_EQ(ids("humanity inclusion"), std::vector<std::string>{"REG-4"});
    EXPECT_EQ(ids("REG-3"), std::vector<std::string>{"REG-3"}); // an exact ID
    EXPECT_TRUE(ids("nobody").empty());
    EXPECT_TRUE(ids("\" OR * NEAR(").empty()); // FTS syntax is just text
    EXPECT_TRUE(ids("   ").empty());
}

TEST_F(StoreTest, ReportCountsPerDayAndGroup) {
    Registrant partial = Person("REG-5", "Kofi", "Mensah", "Ghana", "State Party", "male");
    partial.days = {"2025-06-18"};
    ASSERT_TRUE(m_store->upsertRegistrants({partial}).ok());
    scan("REG-1", "2025-06-17T09:00:00Z");
    scan("REG-2", "2025-06-17T09:00:00Z");
    scan("REG-2", "2025-06-17T15:00:00Z"); // re-entry counts once
    auto rows = m_store->report("2025-06-17");
    ASSERT_TRUE(rows.ok()) << rows.error().message;
    const auto find = [&](const std::string& dim, const std::string& value) {
        for (const auto& r : *rows) {
            if (r.dimension == dim && r.value == value) {
                return r;
            }
        }
        ADD_FAILURE() << dim << "=" << value;
        return ReportRow{};
    };
    const ReportRow total = find("total", "all");
    EXPECT_EQ(total.expected, 4); // REG-5 is not expected on the 17th
    EXPECT_EQ(total.admitted, 2);
    EXPECT_EQ(total.notArrived(), 2);
    EXPECT_EQ(find("gender", "female").admitted, 1);
    EXPECT_EQ(find("gender", "female").expected, 3);
    EXPECT_EQ(find("gender", "male").admitted, 1);
    EXPECT_EQ(find("category", "NGO").expected, 1);
    EXPECT_EQ(find("delegation", "Côte d'Ivoire").admitted, 1);
    EXPECT_EQ(m_store->report("2025-06-16").error().kind, ErrorKind::Input);
    auto all = m_store->report(std::nullopt);
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(std::count_if(all->begin(), all->end(),
                            [](const ReportRow& r) { return r.dimension == "total"; }),
              4);
}

TEST(StoreFile, ReopensWithItsDataAndRefusesAnotherEvent) {
    TempDir dir;
    const KioskConfig config = test::MakeKiosk(dir);
    {
        auto store = AttendanceStore::Open(config.databasePath, config.event, config.id);
        ASSERT_TRUE(store.ok());
        ASSERT_TRUE(store->upsertRegistrants({Person("REG-1", "A", "B")}).ok());
        sql::Database db = sql::Database::Open(config.databasePath, false);
        sql::Statement mode = db.prepare("PRAGMA journal_mode");
        ASSERT_TRUE(mode.step());
        EXPECT_EQ(mode.text(0), "wal");
    }
    auto again = AttendanceStore::Open(config.databasePath, config.event, config.id);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again->registrantCount(), 1);

    EventConfig other = config.event;
    other.id = "another-event";
    auto refused = AttendanceStore::Open(config.databasePath, other, config.id);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().kind, ErrorKind::Config);
    EXPECT_NE(refused.error().message.find("belongs to event \"apmbc-ism-2025\""),
              std::string::npos);

    // Nor is it opened as another kiosk: its outbox holds door-1's events, which the central
    // would refuse from door-2 forever.
    auto renamed = AttendanceStore::Open(config.databasePath, config.event, "door-2");
    ASSERT_FALSE(renamed.ok());
    EXPECT_EQ(renamed.error().kind, ErrorKind::Config);
    EXPECT_NE(renamed.error().message.find("belongs to kiosk \"door-1\", not \"door-2\""),
              std::string::npos)
        << renamed.error().message;
    EXPECT_TRUE(AttendanceStore::Open(config.databasePath, config.event, config.id).ok());
}

// A zero-byte file (a truncated copy, a failed restore) is not taken for a new database.
TEST(StoreFile, AnEmptyFileIsRefusedNotAdopted) {
    TempDir dir;
    const std::string path = dir.write("kiosk.db", "");
    auto store = AttendanceStore::Open(path, test::MakeEvent(), "door-1");
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().kind, ErrorKind::Storage);
    EXPECT_NE(store.error().message.find("empty file (0 bytes)"), std::string::npos);
    EXPECT_EQ(std::filesystem::file_size(path), 0U); // left as it was
}

TEST(StoreFile, ADamagedFileIsRefusedWithAClearError) {
    TempDir dir;
    const std::string path = dir.write("junk.db", std::string(8192, 'x'));
    auto store = AttendanceStore::Open(path, test::MakeEvent(), "door-1");
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().kind, ErrorKind::Storage);
    EXPECT_NE(store.error().message.find(path), std::string::npos);
}

// An Indico ticket is a secret: the code is resolved by its checkin_secret alone, and only
// for this meeting's Indico event. Indico's registrant ids are small integers anyone can
// print, so the id a v1 code names proves nothing. Every combination of a right or wrong id,
// secret and event: only the right secret of the right event admits, and always its holder.
TEST_F(StoreTest, AnIndicoV1CodeAdmitsOnlyWithTheRightSecretOfTheRightEvent) {
    listTicketHolder(kHolderTicket);
    accueil::scanner::BadgeReaderOptions options;
    options.acceptIndico = true;
    options.indicoEventId = "1";
    const auto reader = accueil::scanner::BadgeReader::create(options);
    ASSERT_TRUE(reader.ok());
    const std::string forged = "00000000-0000-4000-8000-000000000000";
    int minute = 0;
    int entries = 0;
    for (const std::string id : {"6", "999"}) {
        for (const std::string& secret : {std::string(kHolderTicket), forged, std::string()}) {
            for (const std::string event : {"1", "2"}) {
                std::string payload = IndicoV1(id, secret, event);
                if (secret.empty()) {
                    payload = R"({"registrant_id":")";
                    payload += id;
                    payload += R"(","event_id":")";
                    payload += event;
                    payload += R"("})";
                }
                const std::string at = "2025-06-17T09:" + std::to_string(10 + minute++) +
                                       ":00+02:00"; // a minute apart: no debounce
                const ScanResult r = scan(payload, at, reader->read(payload));
                const bool admits = secret == kHolderTicket && event == "1";
                SCOPED_TRACE(payload);
                EXPECT_EQ(r.decision.recordsEntry, admits) << r.decision.reason;
                if (admits) {
                    ++entries;
                    ASSERT_TRUE(r.registrant);
                    EXPECT_EQ(r.registrant->id, "6");
                    continue;
                }
                EXPECT_EQ(r.decision.outcome, Outcome::NotRecognised);
                EXPECT_FALSE(r.registrant);
                // Audited with the reason, under nobody: the id beside a failed ticket is
                // not the person who showed it.
                sql::Statement last = m_db->prepare(
                    "SELECT outcome, registrant_id, detail FROM audit ORDER BY seq DESC LIMIT 1");
                ASSERT_TRUE(last.step());
                EXPECT_EQ(last.text(0), "not_recognised");
                EXPECT_EQ(last.text(1), "");
                const std::string why = event == "2"     ? "event 2"
                                        : secret.empty() ? "checkin_secret"
                                                         : "not on the registration list";
                EXPECT_NE(last.text(2).find(why), std::string::npos) << last.text(2);
            }
        }
    }
    EXPECT_EQ(entries, 2);
    EXPECT_EQ(attendanceRows(), 2);
}

// Indico ≥ 3.3 prints a ticket for each person accompanying a registrant: the registrant's
// ticket and the person's own id. Both must match the person's row, listed under the host.
TEST_F(StoreTest, AnAccompanyingPersonIsAdmittedAsThemselvesWithBothIdsRight) {
    listTicketHolder(kHolderTicket);
    Registrant guest = Person("6-1a2b3c4d", "Mamadou", "Diallo", "Senegal");
    guest.role = "Accompanying person";
    guest.ticket = std::string(kHolderTicket) + "/" + kGuestId;
    Registrant other = Person("7", "Lin", "Wei", "China");
    other.ticket = kOtherTicket;
    ASSERT_TRUE(m_store->upsertRegistrants({guest, other}, UpsertFields{false, true, false}).ok());

    const std::string host = "C10cPo9KTSucbnofLj1MWw==";     // kHolderTicket in base64
    const std::string guestB64 = "Gis8TV5vShuMLT5PWmt8jQ=="; // kGuestId
    const std::string otherB64 = "n459bFtKQ5KBcG9eTTwrGg=="; // kOtherTicket
    const auto v2 = [](const std::vector<std::string>& ids) {
        std::string out = R"({"i":[2,"indico.example.org")";
        for (const auto& id : ids) {
            out += ",\"" + id + "\"";
        }
        return out + "]}";
    };
    const ScanResult guestIn = scanIndico(v2({host, guestB64}), "2025-06-17T09:00:00+02:00");
    EXPECT_EQ(guestIn.decision.outcome, Outcome::Admitted);
    ASSERT_TRUE(guestIn.registrant);
    EXPECT_EQ(guestIn.registrant->id, "6-1a2b3c4d");

    const ScanResult hostIn = scanIndico(v2({host}), "2025-06-17T09:00:01+02:00");
    EXPECT_EQ(hostIn.decision.outcome, Outcome::Admitted); // the host's own first entry
    ASSERT_TRUE(hostIn.registrant);
    EXPECT_EQ(hostIn.registrant->id, "6");

    // The person's id under another registrant's ticket, or an unknown person: nobody.
    for (const auto& ids :
         {std::vector<std::string>{otherB64, guestB64}, std::vector<std::string>{host, otherB64}}) {
        const ScanResult r = scanIndico(v2(ids), "2025-06-17T09:01:00+02:00");
        EXPECT_EQ(r.decision.outcome, Outcome::NotRecognised) << v2(ids);
        EXPECT_FALSE(r.registrant);
    }
    EXPECT_EQ(attendanceRows(), 2);
}

// Right after the holder's scan, a forged code naming the same id is not "the same scan again".
TEST_F(StoreTest, AForgedIndicoCodeIsNotTakenForARepeatOfTheHolders) {
    const std::string secret = kHolderTicket;
    listTicketHolder(secret);
    const std::string at = "2025-06-17T09:00:00+02:00";
    EXPECT_EQ(scanIndico(IndicoV1("6", secret), at).decision.outcome, Outcome::Admitted);
    const ScanResult forged = scanIndico(IndicoV1("6", "00000000-0000-4000-8000-000000000000"), at);
    EXPECT_FALSE(forged.repeat);
    EXPECT_EQ(forged.decision.outcome, Outcome::NotRecognised);
}

TEST_F(StoreTest, AnAttentionNoteAdmitsAndLeavesAnAuditLineThatSyncs) {
    Registrant minister = Person("REG-6", "Ana", "Lima", "Brazil");
    minister.attention = "Minister: escort to room XX";
    ASSERT_TRUE(m_store->upsertRegistrants({minister}, UpsertFields{false, false, false, true}));
    EXPECT_EQ((*m_store->registrant("REG-6"))->attention, "Minister: escort to room XX");

    const ScanResult first = scan("REG-6", "2025-06-17T09:00:00Z");
    EXPECT_EQ(first.decision.outcome, Outcome::Admitted);
    EXPECT_EQ(first.decision.attention, "Minister: escort to room XX");
    // The same badge held up again shows the note again, and records nothing more.
    const ScanResult repeat = scan("REG-6", "2025-06-17T09:00:02Z");
    EXPECT_TRUE(repeat.repeat);
    EXPECT_EQ(repeat.decision.attention, "Minister: escort to room XX");

    auto audit = m_store->recentAudit(10);
    ASSERT_TRUE(audit.ok());
    ASSERT_EQ(audit->size(), 2U); // the scan's line and the attention line; none for the repeat
    EXPECT_EQ((*audit)[0].action, "attention_admitted");
    EXPECT_EQ((*audit)[0].registrantId, "REG-6");
    EXPECT_NE((*audit)[0].detail.find(first.eventUuid), std::string::npos);
    EXPECT_EQ((*audit)[1].action, "scan");
    EXPECT_EQ(*m_store->outboxSize(), 1 + 2);

    // Someone without a note: one audit line, as before.
    EXPECT_TRUE(scan("REG-2", "2025-06-17T09:05:00Z").decision.attention.empty());
    EXPECT_EQ(m_store->recentAudit(10)->size(), 3U);
}
