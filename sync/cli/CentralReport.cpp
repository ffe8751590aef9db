// SPDX-License-Identifier: Apache-2.0
#include "CentralReport.h"

#include "FrozenReport.h"
#include "ReportDocuments.h"

#include <accueil/cli/ReportJson.h>
#include <accueil/core/Occupancy.h>

#include <filesystem>
#include <system_error>

namespace accueil::cli {

using namespace accueil::core;
using core::Result;

namespace {

// Inside now on `day` as of `atText` (InsideNowMoment), over the central's log.
Result<nlohmann::json> InsideNowJsonAt(const OpenedCentral& c, const std::string& day,
                                       const std::string& atText) {
    const EventConfig& event = c.config.event;
    auto at = InsideNowMoment(event, day, atText);
    if (!at) {
        return std::move(at).error();
    }
    auto log = c.store->dayLog(day);
    if (!log) {
        return std::move(log).error();
    }
    return InsideNowJson(core::InsideNow(*log, *at, event.zones, core::CheckoutAt(event, day)),
                         *at);
}

struct ReportAndSnapshots {
    sync::CentralReport live;
    std::vector<sync::DaySnapshot> frozen;
};

// The report of `days` computed now, and the snapshots of those of them that are frozen.
Result<ReportAndSnapshots> ReadReport(const OpenedCentral& c,
                                      const std::vector<std::string>& days) {
    auto report = c.store->reportWithFigures(days);
    if (!report) {
        return std::move(report).error();
    }
    auto frozen = c.store->daySnapshots(days, kChangedIdsShown);
    if (!frozen) {
        return std::move(frozen).error();
    }
    return ReportAndSnapshots{std::move(report).value(), std::move(frozen).value()};
}

} // namespace

Result<nlohmann::json> CentralReportJson(const OpenedCentral& c,
                                         const std::vector<std::string>& days,
                                         const std::string& insideDay, const std::string& at,
                                         bool recompute) {
    auto read = ReadReport(c, days);
    if (!read) {
        return std::move(read).error();
    }
    auto out = FrozenReportJson(read->live, read->frozen, days, c.config.event, recompute);
    if (!out || insideDay.empty()) {
        return out;
    }
    // Who is inside, from every door's entries and exits as the central holds them.
    auto inside = InsideNowJsonAt(c, insideDay, at);
    if (!inside) {
        return std::move(inside).error();
    }
    (*out)["inside_now"] = *inside;
    return out;
}

Result<std::string> CentralReportCsv(const OpenedCentral& c, const std::vector<std::string>& days,
                                     std::string& note) {
    auto read = ReadReport(c, days);
    if (!read) {
        return std::move(read).error();
    }
    note = ChangedSinceNote(read->frozen);
    return FrozenReportCsv(read->live, read->frozen, days);
}

bool HasDayDocuments(const std::string& dir, const std::string& eventId, const std::string& day) {
    std::error_code ec;
    for (const char* extension : sync::kDayDocumentFormats) {
        if (!std::filesystem::exists(sync::DayDocumentPath(dir, eventId, day, extension), ec)) {
            return false;
        }
    }
    return true;
}

Result<void> WriteDayDocuments(const OpenedCentral& c, const std::string& day,
                               const std::string& dir, const DocumentLabels& labels) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        return MakeError(ErrorKind::Storage, "cannot create " + dir + ": " + ec.message());
    }
    auto json = CentralReportJson(c, {day}, day, "", false);
    if (!json) {
        return std::move(json).error();
    }
    std::string note;
    auto csv = CentralReportCsv(c, {day}, note);
    if (!csv) {
        return std::move(csv).error();
    }
    const EventConfig& event = c.config.event;
    for (const char* format : sync::kDayDocumentFormats) {
        auto written = WriteReportFile(format, *json, *csv, event, labels,
                                       sync::DayDocumentPath(dir, event.id, day, format));
        if (!written) {
            return written;
        }
    }
    return {};
}

} // namespace accueil::cli
