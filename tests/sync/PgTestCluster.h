// SPDX-License-Identifier: Apache-2.0
#pragma once

// The PostgreSQL server of the tests: the throwaway cluster tests/sync/pg-cluster.sh starts as
// a CTest fixture (one for the whole run), and a database of its own for each test.

#include <accueil/core/Result.h>

#include <string>

namespace accueil::sync::test {

/// A new, empty database on the test cluster that `stateFile` describes (by default the one
/// ACCUEIL_PG_STATE names, which CTest sets), as a postgresql:// URL. Errors: Config when no
/// cluster runs (its message names the Debian package), Storage.
core::Result<std::string> NewPgDatabase(const std::string& stateFile = "");

/// A cluster of the caller's own (for tests that restart the server), stopped and removed by
/// the destructor.
class OwnPgCluster {
public:
    OwnPgCluster() : OwnPgCluster(false, 200) {}
    /// `durable`: fsync and synchronous_commit on (PostgreSQL's defaults), for the bench; the
    /// tests' clusters run without fsync. `maxConnections`: the server's max_connections.
    OwnPgCluster(bool durable, int maxConnections);
    ~OwnPgCluster();
    OwnPgCluster(const OwnPgCluster&) = delete;
    OwnPgCluster& operator=(const OwnPgCluster&) = delete;
    /// Whether it started; otherwise `error` says why.
    bool ok() const { return m_port > 0; }
    const std::string& error() const { return m_error; }
    /// A new database on it, as a postgresql:// URL.
    core::Result<std::string> newDatabase() const;
    /// Restarts the server (every open connection is cut). Returns whether it came back.
    bool restart();

private:
    std::string m_state;
    std::string m_error;
    int m_port = 0;
};

} // namespace accueil::sync::test
