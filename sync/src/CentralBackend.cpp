// SPDX-License-Identifier: Apache-2.0

#include <accueil/sync/CentralBackend.h>
#include <accueil/sync/PgCentralStore.h>
#include <accueil/sync/Protocol.h>
#include <accueil/sync/SqliteCentralStore.h>

namespace accueil::sync {

core::Result<std::unique_ptr<CentralStore>>
OpenCentralStore(const std::string& database, const core::EventConfig& event, bool create) {
    if (IsPostgresUrl(database)) {
        return OpenPgCentralStore(database, event, create);
    }
    return OpenSqliteCentralStore(database, event, create);
}

core::Result<Page<std::string>> CentralStore::attendanceJsonSince(const CursorCheck& cursor,
                                                                  int limit,
                                                                  const std::string& excludeKiosk) {
    auto page = attendanceSince(cursor, limit, excludeKiosk);
    if (!page) {
        return std::move(page).error();
    }
    Page<std::string> out{{}, page->next, page->more, page->highWater, page->check, page->epoch};
    out.items.reserve(page->items.size());
    for (const core::AttendanceEvent& e : page->items) {
        out.items.push_back(ToJson(e).dump());
    }
    return out;
}

std::string DatabaseName(const std::string& database) {
    return IsPostgresUrl(database) ? "postgresql://" + PostgresWhere(database) : database;
}

} // namespace accueil::sync
