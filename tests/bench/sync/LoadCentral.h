// SPDX-License-Identifier: Apache-2.0
#pragma once

// The central a load run talks to: the SQLite central in this process (test::Central), or a
// durable PostgreSQL cluster of the run's own with N `accueil central serve` processes over one
// database. Everything it started is stopped and removed when it is destroyed, also when its
// constructor throws half-way.

#include "../../sync/PgTestCluster.h"
#include "../../sync/SyncTestEnv.h"
#include "SyncBench.h"

#include <sys/types.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace accueil::sync::bench {

/// `accueil central serve --config CONFIG` as a child process, ready once it printed its
/// "listening" line (within 30 s, or the constructor throws). Its standard output is read to the
/// end on a thread of its own, so a log line never blocks it; the first line after "listening"
/// is kept. The destructor sends SIGTERM, and SIGKILL if it has not ended 10 s later.
class ServeInstance {
public:
    explicit ServeInstance(const std::string& config);
    ~ServeInstance();
    ServeInstance(const ServeInstance&) = delete;
    ServeInstance& operator=(const ServeInstance&) = delete;
    /// The first line the instance printed after it started listening ("" when none).
    std::string firstLogLine() const;

private:
    void drain();

    pid_t m_pid = -1;
    int m_out = -1;
    std::thread m_drain;
    mutable std::mutex m_mutex;
    std::string m_afterListening;
};

class LoadCentral {
public:
    /// Sets up the store (SQLite: the central serves at once; PostgreSQL: a durable cluster, a
    /// database and its schema, no instance yet). Throws std::runtime_error saying what failed.
    LoadCentral(const LoadOptions& options, const test::TempDir& dir,
                const core::EventConfig& event);
    ~LoadCentral();
    LoadCentral(const LoadCentral&) = delete;
    LoadCentral& operator=(const LoadCentral&) = delete;

    /// The central's data, for the import, the kiosks' tokens and the count at the end.
    CentralStore& store() { return *m_store; }
    /// Starts the PostgreSQL instances (nothing to do on SQLite); throws when one does not start.
    void serve();
    /// The instances' addresses (known before they start): kiosk i talks to
    /// urls()[i % urls().size()].
    const std::vector<std::string>& urls() const { return m_urls; }
    /// What serves, for the report ("SQLite, 1 central in this process", ...).
    std::string description() const;
    /// The first log line of any instance after it started ("" when none).
    std::string instanceLog() const;

private:
    const LoadOptions& m_options;
    // Declared in the order they start: destroyed the other way round, the instances before the
    // store's connections and both before the cluster.
    std::optional<test::Central> m_sqlite;
    std::optional<test::OwnPgCluster> m_cluster;
    std::string m_database;
    std::unique_ptr<CentralStore> m_pgStore;
    CentralStore* m_store = nullptr;
    std::vector<std::string> m_configs; ///< one central.toml per PostgreSQL instance
    std::vector<std::unique_ptr<ServeInstance>> m_instances;
    std::vector<std::string> m_urls;
};

} // namespace accueil::sync::bench
