// SPDX-License-Identifier: Apache-2.0
#include "TestSupport.h"

#include <accueil/core/Sqlite.h>

#include <atomic>
#include <fstream>
#include <iterator>
#include <numeric>
#include <thread>

using namespace accueil::core;
using accueil::core::test::TempDir;

namespace {

std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST(Staff, PinIsCheckedAndLocksAfterRepeatedFailures) {
    TempDir dir;
    const KioskConfig config = test::MakeKiosk(dir); // max_failures 3, lockout 60 s
    auto store = AttendanceStore::Open(config.databasePath, config.event, config.id);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(store->addStaff("S-01", "Marie Curie", "supervisor", "8642").ok());

    const UtcMillis t0 = 1'750'000'000'000;
    auto good = store->verifyPin("S-01", "8642", config.staff, t0);
    ASSERT_TRUE(good.ok()) << good.error().message;
    EXPECT_EQ(good->name, "Marie Curie");

    // A wrong PIN and an unknown ID get the same answer: it never tells which IDs exist.
    auto w1 = store->verifyPin("S-01", "1111", config.staff, t0 + 1);
    ASSERT_FALSE(w1.ok());
    EXPECT_EQ(w1.error().kind, ErrorKind::Auth);
    EXPECT_EQ(w1.error().message, "unknown staff ID or wrong PIN");
    EXPECT_EQ(store->verifyPin("S-99", "1111", config.staff, t0 + 1).error().message,
              w1.error().message);
    EXPECT_EQ(store->verifyPin("S-01", "2222", config.staff, t0 + 2).error().message,
              "unknown staff ID or wrong PIN");
    EXPECT_NE(store->verifyPin("S-01", "3333", config.staff, t0 + 3).error().message.find("locked"),
              std::string::npos);
    // Locked: even the right PIN is refused until the lockout ends.
    auto locked = store->verifyPin("S-01", "8642", config.staff, t0 + 30'000);
    ASSERT_FALSE(locked.ok());
    EXPECT_NE(locked.error().message.find("locked for 1 more minute"), std::string::npos);
    EXPECT_TRUE(store->verifyPin("S-01", "8642", config.staff, t0 + 61'000).ok());
    // The count starts again after a success: two wrong PINs do not lock, a third does.
    for (int i = 0; i < 2; ++i) {
        EXPECT_EQ(store->verifyPin("S-01", "0000", config.staff, t0 + 62'000).error().message,
                  "unknown staff ID or wrong PIN");
    }
    EXPECT_NE(
        store->verifyPin("S-01", "0000", config.staff, t0 + 62'000).error().message.find("locked"),
        std::string::npos);
}

namespace {

// `count` wrong PINs, all different.
std::vector<std::string> WrongPins(int count) {
    std::vector<std::string> pins;
    pins.reserve(static_cast<std::size_t>(count) + 1);
    for (int i = 0; i < count; ++i) {
        pins.push_back(std::to_string(1000 + i));
    }
    return pins;
}

// Guesses every PIN of `pins` at once for S-01, each from its own connection (as kiosks sharing
// a database, or a script starting `accueil staff check` many times). Returns which were
// accepted, and how many PINs were hashed (each audited as a wrong PIN or a success).
struct Guesses {
    std::vector<int> accepted;
    std::int64_t hashed = 0;
};

Guesses GuessAtOnce(const KioskConfig& config, const std::vector<std::string>& pins, UtcMillis at) {
    std::vector<std::optional<AttendanceStore>> stores(pins.size());
    for (auto& s : stores) {
        auto opened = AttendanceStore::Open(config.databasePath, config.event, config.id);
        EXPECT_TRUE(opened.ok());
        s.emplace(std::move(opened).value());
    }
    Guesses g;
    g.accepted.assign(pins.size(), 0);
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < pins.size(); ++i) {
        threads.emplace_back([&, i] {
            while (!go.load()) {
                std::this_thread::yield();
            }
            g.accepted[i] = stores[i]->verifyPin("S-01", pins[i], config.staff, at).ok() ? 1 : 0;
        });
    }
    go = true;
    for (auto& t : threads) {
        t.join();
    }
    sql::Database db = sql::Database::Open(config.databasePath, false);
    g.hashed = db.scalar("SELECT COUNT(*) FROM audit WHERE action = 'staff_login' AND "
                         "(outcome = 'ok' OR detail LIKE '%wrong PIN%')");
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM audit WHERE action = 'staff_login'"),
              static_cast<std::int64_t>(pins.size()));
    return g;
}

KioskConfig StaffKiosk(const TempDir& dir) {
    KioskConfig config = test::MakeKiosk(dir); // max_failures 3
    auto store = AttendanceStore::Open(config.databasePath, config.event, config.id);
    EXPECT_TRUE(store.ok());
    EXPECT_TRUE(store->addStaff("S-01", "Marie Curie", "supervisor", "8642").ok());
    return config;
}

} // namespace

// 40 wrong PINs at once: no more are hashed than max_failures allows, and the account locks,
// against the right PIN too.
TEST(Staff, ParallelGuessesGetNoMoreTriesThanTheLimit) {
    TempDir dir;
    const KioskConfig config = StaffKiosk(dir);
    const UtcMillis t0 = 1'750'000'000'000;
    const Guesses g = GuessAtOnce(config, WrongPins(40), t0);
    EXPECT_EQ(std::accumulate(g.accepted.begin(), g.accepted.end(), 0), 0);
    EXPECT_EQ(g.hashed, config.staff.maxFailures);
    auto store = AttendanceStore::Open(config.databasePath, config.event, config.id);
    ASSERT_TRUE(store.ok());
    const auto right = store->verifyPin("S-01", "8642", config.staff, t0 + 1);
    ASSERT_FALSE(right.ok());
    EXPECT_NE(right.error().message.find("locked"), std::string::npos);
}

// 39 wrong PINs and the right one at once: only the right one can be accepted; when it is
// refused, the guesses locked the account first and no more than the limit were hashed.
TEST(Staff, TheRightPinAmongParallelGuessesNeverGetsPastALock) {
    TempDir dir;
    const KioskConfig config = StaffKiosk(dir);
    const UtcMillis t0 = 1'750'000'000'000;
    std::vector<std::string> pins = WrongPins(39);
    pins.emplace_back("8642");
    const Guesses g = GuessAtOnce(config, pins, t0);
    const int wins = std::accumulate(g.accepted.begin(), g.accepted.end(), 0);
    EXPECT_EQ(wins, g.accepted.back());
    if (wins == 0) {
        EXPECT_LE(g.hashed, config.staff.maxFailures);
        auto store = AttendanceStore::Open(config.databasePath, config.event, config.id);
        ASSERT_TRUE(store.ok());
        EXPECT_FALSE(store->verifyPin("S-01", "8642", config.staff, t0 + 1).ok());
    }
}

TEST(Staff, UnknownStaffAndBadPinsAreRefused) {
    auto store = AttendanceStore::Open(":memory:", test::MakeEvent(), "door-1");
    ASSERT_TRUE(store.ok());
    EXPECT_EQ(store->addStaff("S-02", "A", "staff", "12").error().kind, ErrorKind::Input);
    EXPECT_EQ(store->addStaff("S-02", "A", "staff", "12ab").error().kind, ErrorKind::Input);
    EXPECT_EQ(store->addStaff("S-02", "A", "boss", "1234").error().kind, ErrorKind::Input);
    ASSERT_TRUE(store->addStaff("S-02", "A", "staff", "1234").ok());
    EXPECT_EQ(store->addStaff("S-02", "B", "staff", "5678").error().kind, ErrorKind::Conflict);
    EXPECT_EQ(store->verifyPin("S-99", "1234", {}, 0).error().kind, ErrorKind::Auth);
    EXPECT_EQ(store->verifyPin("S-02", "", {}, 0).error().kind, ErrorKind::Auth);
    auto list = store->listStaff();
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->size(), 1U);
    EXPECT_EQ((*list)[0].failedAttempts, 1);
    ASSERT_TRUE(store->removeStaff("S-02").ok());
    EXPECT_EQ(store->removeStaff("S-02").error().kind, ErrorKind::NotFound);
}

TEST(Staff, ThePinIsNeverStoredOrAudited) {
    TempDir dir;
    const KioskConfig config = test::MakeKiosk(dir);
    const std::string pin = "97531864";
    const std::string wrong = "86420975";
    {
        auto store = AttendanceStore::Open(config.databasePath, config.event, config.id);
        ASSERT_TRUE(store.ok());
        ASSERT_TRUE(store->addStaff("S-03", "B", "staff", pin).ok());
        ASSERT_TRUE(store->verifyPin("S-03", pin, config.staff, 0).ok());
        ASSERT_FALSE(store->verifyPin("S-03", wrong, config.staff, 1).ok());
        sql::Database db = sql::Database::Open(config.databasePath, false);
        EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM staff WHERE pin_hash LIKE '$argon2id$%'"), 1);
        EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM audit WHERE action = 'staff_login'"), 2);
    }
    for (const char* suffix : {"", "-wal"}) {
        const std::string bytes = ReadAll(config.databasePath + suffix);
        EXPECT_EQ(bytes.find(pin), std::string::npos) << suffix;
        EXPECT_EQ(bytes.find(wrong), std::string::npos) << suffix;
    }
}
