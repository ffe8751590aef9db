// SPDX-License-Identifier: Apache-2.0
#include <accueil/core/Csv.h>
#include <accueil/core/SyncStore.h>
#include <accueil/sync/Nightly.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace accueil::sync {

namespace fs = std::filesystem;
using nlohmann::json;

bool NightlyResult::consistent() const {
    return !error && std::ranges::all_of(checks, [](const CountCheck& c) { return c.agrees(); });
}

namespace {

SyncError Storage(const core::Error& e) {
    return SyncError{SyncErrorKind::Storage, e.message, 0, "", std::nullopt};
}

// Written beside, then renamed: a reader (or a killed job) never sees half a file.
bool WriteAtomically(const fs::path& path, const std::string& content) {
    const fs::path tmp = path.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << content;
        out.flush();
        if (!out) {
            return false;
        }
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    return !ec;
}

// The central's answer to /v1/reconcile.
struct CentralSide {
    int kioskAttendance = 0;
    int kioskAudit = 0;
    int allAttendance = 0;
    int registrants = 0;
};

struct Both {
    core::LocalCounts local;
    CentralSide central;
};

SyncResult<CentralSide> ReadCentralSide(const json& j) {
    for (const char* key : {"kiosk_attendance", "kiosk_audit", "all_attendance", "registrants"}) {
        if (!j.contains(key) || !j.at(key).is_number_integer()) {
            return SyncError{SyncErrorKind::Data, "reconcile answer lacks " + std::string(key), 0,
                             "", std::nullopt};
        }
    }
    return CentralSide{j.at("kiosk_attendance").get<int>(), j.at("kiosk_audit").get<int>(),
                       j.at("all_attendance").get<int>(), j.at("registrants").get<int>()};
}

SyncResult<Both> Count(SyncClient& client, core::AttendanceStore& store) {
    auto answer = client.getJson("/v1/reconcile");
    if (!answer) {
        return std::move(answer).error();
    }
    auto local = core::CountLocal(store);
    if (!local) {
        return Storage(local.error());
    }
    auto central = ReadCentralSide(*answer);
    if (!central) {
        return std::move(central).error();
    }
    return Both{*local, *central};
}

// Repairs: each is idempotent (a re-push is ignored where already held, a re-pull is stored
// once by UUID, a full refresh is staged then swapped). A local storage failure stops at once;
// a sync failure lets the other repairs run and is reported after them (the last one when
// several fail).
SyncResult<void> Repair(SyncClient& client, core::AttendanceStore& store, CountCheck& own,
                        CountCheck& all, CountCheck& reg) {
    std::optional<SyncError> failed;
    auto remember = [&failed](auto step) {
        if (!step) {
            failed = std::move(step).error();
        }
    };
    if (own.kioskBefore > own.centralBefore) {
        if (auto n = core::RequeueOwnEvents(store); !n) {
            return Storage(n.error());
        }
        remember(client.push(store));
        own.repair = "re-pushed this kiosk's events";
    }
    if (own.kioskBefore < own.centralBefore || all.kioskBefore < all.centralBefore) {
        if (auto r = core::ResetAttendanceCursor(store); !r) {
            return Storage(r.error());
        }
        remember(client.pullAttendance(store, own.kioskBefore < own.centralBefore));
        all.repair = "pulled the attendance log again from the start";
    }
    if (reg.kioskBefore != reg.centralBefore) {
        if (auto r = core::BeginFullRefresh(store, true); !r) {
            return Storage(r.error());
        }
        remember(client.pullRegistrants(store));
        reg.repair = "replaced the registration list with a full download";
    }
    if (failed) {
        return *std::move(failed);
    }
    return Ok{};
}

// A full round, the counts compared, drift repaired, the counts compared again.
SyncResult<std::vector<CountCheck>> Reconcile(SyncClient& client, core::AttendanceStore& store) {
    const RoundReport round = client.runRound(store);
    if (const SyncError* e = round.worstError()) {
        return *e;
    }
    auto before = Count(client, store);
    if (!before) {
        return std::move(before).error();
    }
    const core::LocalCounts& l = before->local;
    const CentralSide& c = before->central;
    // Own events: the kiosk's attendance plus audit lines against the central's.
    CountCheck own{
        "own_events", l.ownAttendance + l.ownAudit, c.kioskAttendance + c.kioskAudit, 0, 0, ""};
    CountCheck all{"all_attendance", l.allAttendance, c.allAttendance, 0, 0, ""};
    CountCheck reg{"registrants", l.registrants, c.registrants, 0, 0, ""};
    if (auto repaired = Repair(client, store, own, all, reg); !repaired) {
        return std::move(repaired).error();
    }
    auto after = Count(client, store);
    if (!after) {
        return std::move(after).error();
    }
    own.kioskAfter = after->local.ownAttendance + after->local.ownAudit;
    own.centralAfter = after->central.kioskAttendance + after->central.kioskAudit;
    all.kioskAfter = after->local.allAttendance;
    all.centralAfter = after->central.allAttendance;
    reg.kioskAfter = after->local.registrants;
    reg.centralAfter = after->central.registrants;
    return std::vector<CountCheck>{own, all, reg};
}

// The day asked for; else today when it is a meeting day; else none (all days).
std::optional<std::string> ReportDay(const core::AttendanceStore& store,
                                     const NightlyOptions& options) {
    if (options.day) {
        return options.day;
    }
    const auto& calendar = *store.event().calendar;
    const std::string today = calendar.dateAt(core::NowUtcMillis());
    if (calendar.isMeetingDay(today)) {
        return today;
    }
    return std::nullopt;
}

std::string DimensionCsv(const std::vector<core::ReportRow>& rows, const std::string& dimension) {
    std::string csv = "day,value,expected,admitted,walk_ins,not_arrived\n";
    for (const auto& r : rows) {
        if (r.dimension == dimension) {
            csv += r.day + "," + core::CsvCell(r.value) + "," + std::to_string(r.expected) + "," +
                   std::to_string(r.admitted) + "," + std::to_string(r.walkIns) + "," +
                   std::to_string(r.notArrived()) + "\n";
        }
    }
    return csv;
}

std::string ReconcileJson(const core::AttendanceStore& store,
                          const std::vector<CountCheck>& checks) {
    json reconcile{{"kiosk_id", store.kioskId()},
                   {"at", core::FormatUtc(core::NowUtcMillis())},
                   {"checks", json::array()}};
    for (const auto& check : checks) {
        reconcile["checks"].push_back({{"name", check.name},
                                       {"kiosk_before", check.kioskBefore},
                                       {"central_before", check.centralBefore},
                                       {"kiosk_after", check.kioskAfter},
                                       {"central_after", check.centralAfter},
                                       {"repair", check.repair},
                                       {"agrees", check.agrees()}});
    }
    return reconcile.dump(2) + "\n";
}

// One CSV per dimension, then reconcile-DAY.json; each written file is added to result.files.
// The reconcile file is a courtesy copy of what the job prints: failing to write it is not an
// error.
SyncResult<void> WriteReports(core::AttendanceStore& store, const NightlyOptions& options,
                              NightlyResult& result) {
    const std::optional<std::string> day = ReportDay(store, options);
    auto rows = store.report(day);
    if (!rows) {
        return SyncError{rows.error().kind == core::ErrorKind::Input ? SyncErrorKind::Data
                                                                     : SyncErrorKind::Storage,
                         rows.error().message, 0, "", std::nullopt};
    }
    std::error_code ec;
    fs::create_directories(options.reportDir, ec);
    const std::string label = day.value_or("all-days");
    for (const char* dimension : {"total", "delegation", "category", "gender"}) {
        const fs::path file =
            fs::path(options.reportDir) / ("attendance-" + label + "-" + dimension + ".csv");
        if (!WriteAtomically(file, DimensionCsv(*rows, dimension))) {
            return SyncError{SyncErrorKind::Storage, "cannot write " + file.string(), 0, "",
                             std::nullopt};
        }
        result.files.push_back(file.string());
    }
    const fs::path file = fs::path(options.reportDir) / ("reconcile-" + label + ".json");
    if (WriteAtomically(file, ReconcileJson(store, result.checks))) {
        result.files.push_back(file.string());
    }
    return Ok{};
}

} // namespace

NightlyResult RunNightly(SyncClient& client, core::AttendanceStore& store,
                         const NightlyOptions& options) {
    NightlyResult result;
    auto checks = Reconcile(client, store);
    if (!checks) {
        result.error = std::move(checks).error();
        return result;
    }
    result.checks = std::move(checks).value();
    if (auto written = WriteReports(store, options, result); !written) {
        result.error = std::move(written).error();
    }
    return result;
}

} // namespace accueil::sync
