// SPDX-License-Identifier: Apache-2.0

#include "PgTestCluster.h"

#include "Pg.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

namespace accueil::sync::test {

namespace {

constexpr const char* kScript = ACCUEIL_SOURCE_DIR "/tests/sync/pg-cluster.sh";

std::string Url(int port, const std::string& database) {
    return "postgresql://accueil@127.0.0.1:" + std::to_string(port) + "/" + database;
}

// The port of the cluster a state file describes; 0 when there is none.
int PortOf(const std::string& state) {
    std::ifstream in(state);
    int port = 0;
    in >> port;
    return port;
}

// A name no other test (of this process or another) takes: the process and a counter, with
// random letters against a reused process id. Only letters, digits and _: it is an identifier.
std::string UniqueName() {
    static std::atomic<int> counter{0};
    std::random_device random;
    return "t" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" +
           std::to_string(random() % 1000000);
}

core::Result<std::string> CreateDatabase(int port) {
    const std::string name = UniqueName();
    try {
        pg::Connection admin = pg::Connection::Open(Url(port, "postgres"));
        // CREATE DATABASE takes no parameters; the name is made above, never from input.
        admin.execScript(("CREATE DATABASE " + name).c_str());
    } catch (const pg::PgError& e) {
        return core::MakeError(core::ErrorKind::Storage,
                               "cannot create a test database: " + std::string(e.what()));
    }
    return Url(port, name);
}

// `environment`: assignments put before the script on its command line ("" for none).
int RunScript(const std::string& action, const std::string& state,
              const std::string& environment = "") {
    const std::string command =
        environment + std::string(kScript) + " " + action + " " + state + " >/dev/null";
    // Our own script with fixed words; the tests call it from one thread.
    return std::system(command.c_str()); // NOLINT(cert-env33-c,concurrency-mt-unsafe)
}

} // namespace

core::Result<std::string> NewPgDatabase(const std::string& stateFile) {
    const char* state = std::getenv("ACCUEIL_PG_STATE"); // NOLINT(concurrency-mt-unsafe)
    const int port = !stateFile.empty() ? PortOf(stateFile) : state != nullptr ? PortOf(state) : 0;
    if (port <= 0) {
        return core::MakeError(
            core::ErrorKind::Config,
            "no PostgreSQL test server: the CTest fixture pg_cluster starts one with "
            "tests/sync/pg-cluster.sh, which needs the Debian package postgresql-15");
    }
    return CreateDatabase(port);
}

OwnPgCluster::OwnPgCluster(bool durable, int maxConnections)
    : m_state((std::filesystem::temp_directory_path() / ("accueil-pg-" + UniqueName() + ".state"))
                  .string()) {
    const std::string environment = std::string(durable ? "ACCUEIL_PG_DURABLE=1 " : "") +
                                    "ACCUEIL_PG_MAX_CONNECTIONS=" + std::to_string(maxConnections) +
                                    " ";
    if (RunScript("start", m_state, environment) != 0) {
        m_error = "the PostgreSQL test server did not start (tests/sync/pg-cluster.sh; it needs "
                  "the Debian package postgresql-15)";
        return;
    }
    m_port = PortOf(m_state);
}

OwnPgCluster::~OwnPgCluster() {
    RunScript("stop", m_state);
}

core::Result<std::string> OwnPgCluster::newDatabase() const {
    return CreateDatabase(m_port);
}

bool OwnPgCluster::restart() {
    return RunScript("restart", m_state) == 0;
}

} // namespace accueil::sync::test
