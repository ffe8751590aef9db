// SPDX-License-Identifier: Apache-2.0

#include <accueil/sync/CentralBackend.h>
#include <accueil/sync/PgCentralStore.h>
#include <accueil/sync/SqliteCentralStore.h>

namespace accueil::sync {

core::Result<std::unique_ptr<CentralStore>>
OpenCentralStore(const std::string& database, const core::EventConfig& event, bool create) {
    if (IsPostgresUrl(database)) {
        return OpenPgCentralStore(database, event, create);
    }
    return OpenSqliteCentralStore(database, event, create);
}

std::string DatabaseName(const std::string& database) {
    return IsPostgresUrl(database) ? "postgresql://" + PostgresWhere(database) : database;
}

} // namespace accueil::sync
