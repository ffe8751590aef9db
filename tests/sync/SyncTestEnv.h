// SPDX-License-Identifier: Apache-2.0
#pragma once

// A central (its store + HTTP server on a free loopback port) and kiosks in a temporary
// folder, for the sync tests. The central's store is an SQLite file, or a PostgreSQL database
// on the test cluster when ACCUEIL_TEST_CENTRAL=postgresql:STATE (CTest runs some suites both
// ways).

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Config.h>
#include <accueil/core/DemoRegistrants.h>
#include <accueil/sync/CentralServer.h>
#include <accueil/sync/Protocol.h>
#include <accueil/sync/SqliteCentralStore.h>
#include <accueil/sync/SyncClient.h>
#include <accueil/sync/Tokens.h>

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace accueil::sync::test {

/// A fresh folder under the system temp dir, removed at the end.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string file(const std::string& name) const { return (m_path / name).string(); }
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

/// The example event (config/event.toml): 17-20 June 2025, Europe/Zurich.
core::EventConfig TestEvent();

/// Milliseconds at a local time on a meeting day, e.g. At("2025-06-17", 9, 30).
core::UtcMillis At(const core::EventConfig& event, const std::string& day, int hour, int minute);

/// A scan of a plain registrant ID at a moment.
core::ScanRequest PlainScan(const std::string& id, core::UtcMillis at);

/// Expects a round that neither push nor pull failed.
void ExpectClean(const RoundReport& r);

/// `n` demo registrants for every day of TestEvent, the same ones for the same seed.
std::vector<core::Registrant> People(int n, std::uint64_t seed = 7);

/// Where a test central keeps its data: `sqlitePath`, or a new database on the PostgreSQL test
/// cluster when the environment says ACCUEIL_TEST_CENTRAL=postgresql:STATE (the cluster's state
/// file, tests/sync/pg-cluster.sh). Throws when that cluster is missing (the message names the
/// package).
std::string TestCentralDatabase(const std::string& sqlitePath);

/// The central, running.
struct Central {
    /// Over `database` (a file path or a postgresql:// URL); "" = TestCentralDatabase.
    Central(const TempDir& dir, const core::EventConfig& eventConfig,
            ServerOptions serverOptions = {}, const std::string& database = "");
    ~Central();
    Central(const Central&) = delete;
    Central& operator=(const Central&) = delete;
    void restart(); ///< stop and start again on the same port and database
    /// Stops, runs `whileStopped` (no connection to the database is open then), and starts
    /// again on the same port and database.
    void restartAfter(const std::function<void()>& whileStopped);
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
    std::string addKiosk(const std::string& id) const; ///< returns the token
    /// Every attendance event's UUID the central holds, sorted (through its store).
    std::vector<std::string> attendanceUuids() const;
    /// `kioskId`'s attendance and audit UUIDs at the central, each sorted.
    std::vector<std::string> kioskAttendanceUuids(const std::string& kioskId) const;
    std::vector<std::string> kioskAuditUuids(const std::string& kioskId) const;

    std::string dbPath; ///< the SQLite file, or the PostgreSQL URL
    const core::EventConfig& event;
    ServerOptions options;
    std::unique_ptr<CentralStore> store;
    std::unique_ptr<CentralServer> server;
    int port = 0;
};

/// A kiosk: its store and its sync client.
struct Kiosk {
    Kiosk(const TempDir& dir, const core::EventConfig& event, const std::string& id,
          const std::string& url, const std::string& token, long timeoutMs = 5000);
    RoundReport sync() { return client.runRound(store); }
    std::string id;
    std::string dbPath;
    core::AttendanceStore store;
    SyncClient client;
};

/// Each kiosk, on a thread of its own, scans P<i*200+n> (i its index, n up to 200) and pushes
/// after each scan, until `stop`. Join the threads.
std::vector<std::thread> ScanAndPush(const std::vector<std::unique_ptr<Kiosk>>& kiosks,
                                     const core::EventConfig& event, const std::atomic<bool>& stop);

/// Two more rounds at every kiosk after a fault, the second clean: the first may meet the
/// consequences (a restarted central, a cursor to start over).
void SettleRounds(const std::vector<std::unique_ptr<Kiosk>>& kiosks);

/// A consistent copy of a store database taken while it is in use (VACUUM INTO), as a backup
/// job would.
void BackUp(const std::string& dbPath, const std::string& backupPath);

/// Copies a backup over a database file that nobody has open (its WAL and shared-memory files
/// removed first), as someone restoring by hand would.
void CopyOver(const std::string& backupPath, const std::string& dbPath);

/// The uuids of every attendance event in a store database's log (a kiosk's or the central's),
/// sorted, read through a connection of its own.
std::vector<std::string> AttendanceUuids(const std::string& dbPath);

/// A self-signed certificate for 127.0.0.1 valid two days, and its key, made by the openssl
/// command; false when that command is not available (the caller skips its test).
bool MakeCertificate(const std::string& cert, const std::string& key);

} // namespace accueil::sync::test
