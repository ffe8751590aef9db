// SPDX-License-Identifier: Apache-2.0
// The RAII layer over SQLite: cached statements, nested use of the same SQL, transactions.

#include "TestSupport.h"

#include <accueil/core/Sqlite.h>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

namespace accueil::core::sql {
namespace {

Database ThreeRows() {
    Database db = Database::Open(":memory:", true);
    db.exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3);");
    return db;
}

constexpr const char* kAll = "SELECT x FROM t ORDER BY x";

TEST(Sqlite, TheSameQueryNestedInItselfKeepsTwoCursors) {
    Database db = ThreeRows();
    std::vector<std::pair<std::int64_t, std::int64_t>> pairs;
    Statement outer = db.prepare(kAll);
    // Bounded: with one shared cursor the inner loop would rewind the outer one for ever.
    for (int guard = 0; guard < 10 && outer.step(); ++guard) {
        Statement inner = db.prepare(kAll);
        while (inner.step()) {
            pairs.emplace_back(outer.int64(0), inner.int64(0));
        }
    }
    ASSERT_EQ(pairs.size(), 9U);
    EXPECT_EQ(pairs.front(), std::make_pair(std::int64_t{1}, std::int64_t{1}));
    EXPECT_EQ(pairs.back(), std::make_pair(std::int64_t{3}, std::int64_t{3}));
}

TEST(Sqlite, AStatementReturnedToTheCacheStartsAfresh) {
    Database db = ThreeRows();
    {
        Statement first = db.prepare("SELECT x FROM t WHERE x >= ? ORDER BY x");
        first.bind(1, 2);
        ASSERT_TRUE(first.step());
        EXPECT_EQ(first.int64(0), 2);
    }
    Statement again = db.prepare("SELECT x FROM t WHERE x >= ? ORDER BY x");
    again.bind(1, 1);
    ASSERT_TRUE(again.step());
    EXPECT_EQ(again.int64(0), 1); // reset and re-bound, not continuing the first read
}

TEST(Sqlite, AMovedStatementStillReadsAndReturnsOnce) {
    Database db = ThreeRows();
    Statement moved = [&] {
        Statement st = db.prepare(kAll);
        return st;
    }();
    ASSERT_TRUE(moved.step());
    EXPECT_EQ(moved.int64(0), 1);
    Statement second = db.prepare(kAll); // the first is still out: a fresh one
    ASSERT_TRUE(second.step());
    EXPECT_EQ(second.int64(0), 1);
    ASSERT_TRUE(moved.step());
    EXPECT_EQ(moved.int64(0), 2);
}

TEST(Sqlite, ATransactionNotCommittedRollsBack) {
    Database db = ThreeRows();
    {
        Transaction tx(db);
        db.exec("INSERT INTO t VALUES (4)");
    }
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM t"), 3);
    {
        Transaction tx(db);
        db.exec("INSERT INTO t VALUES (4)");
        tx.commit();
    }
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM t"), 4);
}

// The files hold every delegate's name and gender: a new database, its WAL and shared memory
// are readable and writable by their owner alone, whatever the umask. An existing file keeps
// the mode its owner gave it.
TEST(Sqlite, ANewDatabaseAndItsWalAreTheOwnersAlone) {
    core::test::TempDir dir;
    const std::string path = dir.file("new.db");
    auto mode = [](const std::string& file) {
        struct stat st {};
        EXPECT_EQ(::stat(file.c_str(), &st), 0) << file;
        return st.st_mode & 0777U;
    };
    {
        Database db = Database::Open(path, true);
        db.exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);");
        EXPECT_EQ(mode(path), 0600U);
        EXPECT_EQ(mode(path + "-wal"), 0600U);
        EXPECT_EQ(mode(path + "-shm"), 0600U);
    }
    const std::string shared = dir.file("shared.db");
    std::ofstream(shared).close();
    ASSERT_EQ(::chmod(shared.c_str(), 0640), 0);
    Database db = Database::Open(shared, true);
    db.exec("CREATE TABLE t (x INTEGER)");
    EXPECT_EQ(mode(shared), 0640U);
}

TEST(Sqlite, BadSqlThrowsWithSqlitesMessage) {
    Database db = ThreeRows();
    try {
        (void)db.prepare("SELECT nope FROM t");
        FAIL() << "no error";
    } catch (const SqlError& e) {
        EXPECT_NE(std::string(e.what()).find("nope"), std::string::npos) << e.what();
    }
}

} // namespace
} // namespace accueil::core::sql
