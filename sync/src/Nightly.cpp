// SPDX-License-Identifier: Apache-2.0
#include <accueil/core/Csv.h>
#include <accueil/core/SyncStore.h>
#include <accueil/sync/Nightly.h>

#include <filesystem>
#include <fstream>

namespace accueil::sync {

namespace fs = std::filesystem;
using nlohmann::json;

bool NightlyResult::consistent() const {
    if (error) {
        return false;
    }
    for (const auto& c : checks) {
        if (!c.agrees()) {
            return false;
        }
    }
    return true;
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

struct Both {
    core::LocalCounts local;
    json central;
};

std::optional<Both> Count(SyncClient& client, core::AttendanceStore& store,
                          std::optional<SyncError>& error) {
    auto central = client.getJson("/v1/reconcile", error);
    if (!central) {
        return std::nullopt;
    }
    auto local = core::CountLocal(store);
    if (!local) {
        error = Storage(local.error());
        return std::nullopt;
    }
    for (const char* key : {"kiosk_attendance", "kiosk_audit", "all_attendance", "registrants"}) {
        if (!central->contains(key) || !(*central)[key].is_number_integer()) {
            error = SyncError{SyncErrorKind::Data, "reconcile answer lacks " + std::string(key), 0,
                              "", std::nullopt};
            return std::nullopt;
        }
    }
    return Both{*local, std::move(*central)};
}

} // namespace

NightlyResult RunNightly(SyncClient& client, core::AttendanceStore& store,
                         const NightlyOptions& options) {
    NightlyResult result;
    RoundReport round = client.runRound(store);
    if (const SyncError* e = round.worstError()) {
        result.error = *e;
        return result;
    }
    std::optional<SyncError> error;
    auto before = Count(client, store, error);
    if (!before) {
        result.error = error;
        return result;
    }
    const auto& c = before->central;
    const core::LocalCounts& l = before->local;
    const int cOwnAtt = c["kiosk_attendance"].get<int>();
    const int cOwnAud = c["kiosk_audit"].get<int>();
    const int cAll = c["all_attendance"].get<int>();
    const int cReg = c["registrants"].get<int>();

    CountCheck own{"own_events", l.ownAttendance + l.ownAudit, cOwnAtt + cOwnAud, 0, 0, ""};
    CountCheck all{"all_attendance", l.allAttendance, cAll, 0, 0, ""};
    CountCheck reg{"registrants", l.registrants, cReg, 0, 0, ""};

    // Repairs: each is idempotent (a re-push is ignored where already held, a re-pull is
    // stored once by UUID, a full refresh is staged then swapped).
    if (own.kioskBefore > own.centralBefore) {
        auto n = core::RequeueOwnEvents(store);
        if (!n) {
            result.error = Storage(n.error());
            return result;
        }
        client.push(store, error);
        own.repair = "re-pushed this kiosk's events";
    }
    if (own.kioskBefore < own.centralBefore || all.kioskBefore < all.centralBefore) {
        if (auto r = core::ResetAttendanceCursor(store); !r) {
            result.error = Storage(r.error());
            return result;
        }
        client.pullAttendance(store, error, own.kioskBefore < own.centralBefore);
        all.repair = "pulled the attendance log again from the start";
    }
    if (reg.kioskBefore != reg.centralBefore) {
        if (auto r = core::BeginFullRefresh(store, true); !r) {
            result.error = Storage(r.error());
            return result;
        }
        bool full = false;
        client.pullRegistrants(store, error, full);
        reg.repair = "replaced the registration list with a full download";
    }
    if (error) {
        result.error = error;
        return result;
    }
    auto after = Count(client, store, error);
    if (!after) {
        result.error = error;
        return result;
    }
    // Own events: the kiosk's attendance plus audit lines against the central's.
    own.kioskAfter = after->local.ownAttendance + after->local.ownAudit;
    own.centralAfter =
        after->central["kiosk_attendance"].get<int>() + after->central["kiosk_audit"].get<int>();
    all.kioskAfter = after->local.allAttendance;
    all.centralAfter = after->central["all_attendance"].get<int>();
    reg.kioskAfter = after->local.registrants;
    reg.centralAfter = after->central["registrants"].get<int>();
    result.checks = {own, all, reg};

    // Reports.
    const auto& calendar = *store.event().calendar;
    std::optional<std::string> day = options.day;
    if (!day) {
        const std::string today = calendar.dateAt(core::NowUtcMillis());
        if (calendar.isMeetingDay(today)) {
            day = today;
        }
    }
    auto rows = store.report(day);
    if (!rows) {
        result.error =
            SyncError{rows.error().kind == core::ErrorKind::Input ? SyncErrorKind::Data
                                                                  : SyncErrorKind::Storage,
                      rows.error().message, 0, "", std::nullopt};
        return result;
    }
    std::error_code ec;
    fs::create_directories(options.reportDir, ec);
    const std::string label = day.value_or("all-days");
    const std::string header = "day,value,expected,admitted,walk_ins,not_arrived\n";
    for (const char* dimension : {"total", "delegation", "category", "gender"}) {
        std::string csv = header;
        for (const auto& r : *rows) {
            if (r.dimension == dimension) {
                csv += r.day + "," + core::CsvQuote(r.value) + "," + std::to_string(r.expected) +
                       "," + std::to_string(r.admitted) + "," + std::to_string(r.walkIns) + "," +
                       std::to_string(r.notArrived()) + "\n";
            }
        }
        const fs::path file =
            fs::path(options.reportDir) / ("attendance-" + label + "-" + dimension + ".csv");
        if (!WriteAtomically(file, csv)) {
            result.error = SyncError{SyncErrorKind::Storage, "cannot write " + file.string(), 0, "",
                                     std::nullopt};
            return result;
        }
        result.files.push_back(file.string());
    }
    json reconcile{{"kiosk_id", store.kioskId()},
                   {"at", core::FormatUtc(core::NowUtcMillis())},
                   {"checks", json::array()}};
    for (const auto& check : result.checks) {
        reconcile["checks"].push_back({{"name", check.name},
                                       {"kiosk_before", check.kioskBefore},
                                       {"central_before", check.centralBefore},
                                       {"kiosk_after", check.kioskAfter},
                                       {"central_after", check.centralAfter},
                                       {"repair", check.repair},
                                       {"agrees", check.agrees()}});
    }
    const fs::path file = fs::path(options.reportDir) / ("reconcile-" + label + ".json");
    if (WriteAtomically(file, reconcile.dump(2) + "\n")) {
        result.files.push_back(file.string());
    }
    return result;
}

} // namespace accueil::sync
