// SPDX-License-Identifier: Apache-2.0
#include <accueil/core/Csv.h>
#include <accueil/core/Occupancy.h>
#include <accueil/core/SyncStore.h>
#include <accueil/sync/Digests.h>
#include <accueil/sync/Nightly.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>

namespace accueil::sync {

namespace fs = std::filesystem;
using nlohmann::json;

bool NightlyResult::consistent() const {
    return !error && std::ranges::all_of(checks, [](const ContentCheck& c) { return c.agrees(); });
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

SyncError DataError(std::string message) {
    return SyncError{SyncErrorKind::Data, std::move(message), 0, "", std::nullopt};
}

// How many differing items a check names in the report.
constexpr std::size_t kSample = 5;

enum class Stream { Attendance, Audit, Registrants };

// A check and what it compares.
struct Pending {
    ContentCheck check;
    Stream stream = Stream::Attendance;
    DayKiosk group; ///< for attendance
};

// Both sides at one moment: the central's digests (GET /v1/reconcile) and the kiosk's, with the
// local keys and list they were made of.
struct Sides {
    LogDigests central;
    LogDigests kiosk;
    core::LocalLogKeys local;
    std::vector<core::Registrant> registrants;
};

SyncResult<Sides> ReadSides(SyncClient& client, core::AttendanceStore& store) {
    auto answer = client.getJson("/v1/reconcile");
    if (!answer) {
        return std::move(answer).error();
    }
    if (!answer->contains("digests")) {
        return DataError("the central's reconcile answer has no digests (upgrade the central)");
    }
    auto central = DigestsFromJson(answer->at("digests"));
    if (!central) {
        return DataError("reconcile answer: " + central.error().message);
    }
    auto keys = core::ReadLogKeys(store);
    if (!keys) {
        return Storage(keys.error());
    }
    auto list = store.allRegistrants();
    if (!list) {
        return Storage(list.error());
    }
    Sides sides{std::move(central).value(), {}, std::move(keys).value(), std::move(list).value()};
    sides.kiosk = MakeDigests(sides.local.attendance, sides.local.ownAudit, sides.registrants);
    return sides;
}

Digest Find(const std::map<DayKiosk, Digest>& digests, const DayKiosk& group) {
    const auto it = digests.find(group);
    return it == digests.end() ? Digest{} : it->second;
}

// What a check compares, on each side.
std::pair<Digest, Digest> DigestsOf(const Pending& p, const Sides& s) {
    switch (p.stream) {
    case Stream::Attendance:
        return {Find(s.kiosk.attendance, p.group), Find(s.central.attendance, p.group)};
    case Stream::Audit:
        return {s.kiosk.ownAudit, s.central.ownAudit};
    case Stream::Registrants:
        break;
    }
    return {s.kiosk.registrants, s.central.registrants};
}

// One check per day and kiosk either side has, then this kiosk's audit lines, then the list.
std::vector<Pending> Compare(const Sides& s) {
    std::set<DayKiosk> groups;
    for (const auto* side : {&s.kiosk.attendance, &s.central.attendance}) {
        for (const auto& entry : *side) {
            groups.insert(entry.first);
        }
    }
    std::vector<Pending> out;
    const auto add = [&out](std::string name, Stream stream, DayKiosk group) {
        Pending p;
        p.check.name = std::move(name);
        p.stream = stream;
        p.group = std::move(group);
        out.push_back(std::move(p));
    };
    for (const DayKiosk& g : groups) {
        add("attendance " + g.first + " " + g.second, Stream::Attendance, g);
    }
    add("own_audit", Stream::Audit, {});
    add("registrants", Stream::Registrants, {});
    for (Pending& p : out) {
        const auto [here, there] = DigestsOf(p, s);
        p.check.kioskBefore = here.count;
        p.check.centralBefore = there.count;
        p.check.sameBefore = here == there;
    }
    return out;
}

// A query value: letters, digits and -._~ as they are, anything else %-encoded.
std::string QueryValue(const std::string& text) {
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
            out += c;
        } else {
            constexpr std::string_view kHex = "0123456789ABCDEF";
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 0xF];
        }
    }
    return out;
}

// Counts what one side has that the other has not, and names the first few.
void Difference(std::vector<std::string> here, std::vector<std::string> there, ContentCheck& c) {
    std::ranges::sort(here);
    std::ranges::sort(there);
    std::vector<std::string> onlyHere;
    std::vector<std::string> onlyThere;
    std::ranges::set_difference(here, there, std::back_inserter(onlyHere));
    std::ranges::set_difference(there, here, std::back_inserter(onlyThere));
    c.missingHere = static_cast<int>(onlyThere.size());
    c.missingThere = static_cast<int>(onlyHere.size());
    for (const auto* list : {&onlyThere, &onlyHere}) {
        for (std::size_t i = 0; i < list->size() && c.sample.size() < kSample; ++i) {
            c.sample.push_back((*list)[i]);
        }
    }
}

// The UUIDs of a differing attendance group or of the audit lines, on both sides.
SyncResult<void> ListEvents(SyncClient& client, const Sides& s, Pending& p) {
    const std::string path =
        p.stream == Stream::Audit
            ? "/v1/reconcile/uuids?stream=audit"
            : "/v1/reconcile/uuids?stream=attendance&day=" + QueryValue(p.group.first) +
                  "&kiosk_id=" + QueryValue(p.group.second);
    auto answer = client.getJson(path);
    if (!answer) {
        return std::move(answer).error();
    }
    if (!answer->contains("uuids") || !answer->at("uuids").is_array()) {
        return DataError("the central's uuid list is malformed");
    }
    std::vector<std::string> central;
    for (const json& u : answer->at("uuids")) {
        if (u.is_string()) {
            central.push_back(u.get<std::string>());
        }
    }
    std::vector<std::string> local;
    if (p.stream == Stream::Audit) {
        local = s.local.ownAudit;
    } else {
        for (const auto& k : s.local.attendance) {
            if (k.day == p.group.first && k.kioskId == p.group.second) {
                local.push_back(k.uuid);
            }
        }
    }
    Difference(std::move(local), std::move(central), p.check);
    return Ok{};
}

// Registrant rows as the digest sees them, each behind its ID and a space.
std::vector<std::string> RowsById(const std::vector<core::Registrant>& list) {
    std::vector<std::string> rows = RegistrantLines(list);
    for (std::size_t i = 0; i < list.size(); ++i) {
        rows[i].insert(0, list[i].id + ' ');
    }
    return rows;
}

// The list replaced with a full download; what differed is told by comparing the rows before
// and after (the download is the central's list).
SyncResult<void> RepairRegistrants(SyncClient& client, core::AttendanceStore& store, const Sides& s,
                                   ContentCheck& c) {
    if (auto r = core::BeginFullRefresh(store, true); !r) {
        return Storage(r.error());
    }
    auto pulled = client.pullRegistrants(store);
    if (!pulled) {
        return std::move(pulled).error();
    }
    auto after = store.allRegistrants();
    if (!after) {
        return Storage(after.error());
    }
    Difference(RowsById(s.registrants), RowsById(*after), c);
    for (std::string& item : c.sample) {
        item = item.substr(0, item.find(' ')); // the ID only
    }
    c.repair = "replaced the registration list with a full download";
    return Ok{};
}

// What to repair, from the differences listed.
struct Needs {
    bool pull = false; ///< events the central has that this kiosk lacks
    bool push = false; ///< this kiosk's own events the central lacks
};

Needs NeedsOf(const std::vector<Pending>& checks, const std::string& self) {
    Needs n;
    for (const Pending& p : checks) {
        if (p.stream == Stream::Registrants || p.check.sameBefore) {
            continue;
        }
        n.pull |= p.check.missingHere > 0;
        n.push |= p.check.missingThere > 0 && (p.stream == Stream::Audit || p.group.second == self);
    }
    return n;
}

// Pull and push what differs; each repair is idempotent (events are stored once by UUID).
SyncResult<void> RepairEvents(SyncClient& client, core::AttendanceStore& store,
                              std::vector<Pending>& checks) {
    const Needs needs = NeedsOf(checks, store.kioskId());
    if (needs.push) {
        if (auto n = core::RequeueOwnEvents(store); !n) {
            return Storage(n.error());
        }
        if (auto pushed = client.push(store); !pushed) {
            return std::move(pushed).error();
        }
    }
    if (needs.pull) {
        if (auto r = core::ResetLogCursors(store); !r) {
            return Storage(r.error());
        }
        if (auto n = client.pullAttendance(store, true); !n) {
            return std::move(n).error();
        }
        if (auto n = client.pullAudit(store); !n) {
            return std::move(n).error();
        }
    }
    for (Pending& p : checks) {
        if (p.stream == Stream::Registrants || p.check.sameBefore) {
            continue;
        }
        const bool own = p.stream == Stream::Audit || p.group.second == store.kioskId();
        std::string repair;
        if (p.check.missingHere > 0) {
            repair = "pulled the missing events from the central";
        }
        if (p.check.missingThere > 0) {
            repair += std::string(repair.empty() ? "" : "; ") +
                      (own ? "re-pushed this kiosk's events"
                           : "the central lacks events only " + p.group.second + " can push");
        }
        p.check.repair = repair;
    }
    return Ok{};
}

// The automatic check-out of every meeting day whose time has passed by `now`, recorded after
// the round so that it sees the other doors' exits, and pushed at once. Idempotent: its
// events' UUIDs are derived, so another run or another door writes the same ones.
SyncResult<void> CheckOutPastDays(SyncClient& client, core::AttendanceStore& store,
                                  core::UtcMillis now) {
    int added = 0;
    for (const std::string& day : store.event().calendar->days()) {
        auto recorded = core::RecordNightlyCheckout(store, day, now);
        if (!recorded) {
            return Storage(recorded.error());
        }
        added += *recorded;
    }
    if (added > 0) {
        if (auto pushed = client.push(store); !pushed) {
            return std::move(pushed).error();
        }
    }
    return Ok{};
}

// A full round, the automatic check-out, the contents compared, what differs listed and
// repaired, compared again.
SyncResult<std::vector<ContentCheck>> Reconcile(SyncClient& client, core::AttendanceStore& store,
                                                core::UtcMillis now) {
    const RoundReport round = client.runRound(store);
    if (const SyncError* e = round.worstError()) {
        return *e;
    }
    if (auto closed = CheckOutPastDays(client, store, now); !closed) {
        return std::move(closed).error();
    }
    auto before = ReadSides(client, store);
    if (!before) {
        return std::move(before).error();
    }
    std::vector<Pending> checks = Compare(*before);
    for (Pending& p : checks) {
        if (p.check.sameBefore || p.stream == Stream::Registrants) {
            continue;
        }
        if (auto listed = ListEvents(client, *before, p); !listed) {
            return std::move(listed).error();
        }
    }
    if (auto repaired = RepairEvents(client, store, checks); !repaired) {
        return std::move(repaired).error();
    }
    if (!checks.back().check.sameBefore) {
        auto repaired = RepairRegistrants(client, store, *before, checks.back().check);
        if (!repaired) {
            return std::move(repaired).error();
        }
    }
    auto after = ReadSides(client, store);
    if (!after) {
        return std::move(after).error();
    }
    std::vector<ContentCheck> out;
    for (Pending& p : checks) {
        const auto [here, there] = DigestsOf(p, *after);
        p.check.kioskAfter = here.count;
        p.check.centralAfter = there.count;
        p.check.sameAfter = here == there;
        out.push_back(std::move(p.check));
    }
    return out;
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
                          const std::vector<ContentCheck>& checks) {
    json reconcile{{"kiosk_id", store.kioskId()},
                   {"at", core::FormatUtc(core::NowUtcMillis())},
                   {"checks", json::array()}};
    for (const auto& check : checks) {
        reconcile["checks"].push_back({{"name", check.name},
                                       {"kiosk_before", check.kioskBefore},
                                       {"central_before", check.centralBefore},
                                       {"kiosk_after", check.kioskAfter},
                                       {"central_after", check.centralAfter},
                                       {"missing_here", check.missingHere},
                                       {"missing_at_central", check.missingThere},
                                       {"sample", check.sample},
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
    auto checks = Reconcile(client, store, options.now.value_or(core::NowUtcMillis()));
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
