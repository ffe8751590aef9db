// SPDX-License-Identifier: Apache-2.0
// One sync round, kiosk side. Every step commits what it pulled together with the cursor that
// follows it, so a round killed at any point resumes where it stopped and never applies a page
// twice in a way that matters (all writes are idempotent upserts or INSERT OR IGNORE).

#include <accueil/core/EventCalendar.h>
#include <accueil/core/SyncStore.h>
#include <accueil/core/Text.h>
#include <accueil/sync/DoorStates.h>
#include <accueil/sync/Protocol.h>
#include <accueil/sync/SyncClient.h>

#include <spdlog/spdlog.h>

#include <fstream>
#include <functional>
#include <sstream>

namespace accueil::sync {

using nlohmann::json;

const char* ToString(SyncErrorKind kind) {
    switch (kind) {
    case SyncErrorKind::Network:
        return "network";
    case SyncErrorKind::Server:
        return "server";
    case SyncErrorKind::Auth:
        return "auth";
    case SyncErrorKind::Data:
        return "data";
    case SyncErrorKind::Storage:
        return "storage";
    case SyncErrorKind::Config:
        return "config";
    }
    return "network";
}

const SyncError* RoundReport::worstError() const {
    auto rank = [](const std::optional<SyncError>& e) {
        if (!e) {
            return -1;
        }
        switch (e->kind) {
        case SyncErrorKind::Auth:
            return 6;
        case SyncErrorKind::Config:
            return 5;
        case SyncErrorKind::Data:
            return 4;
        case SyncErrorKind::Storage:
            return 3;
        case SyncErrorKind::Server:
            return 2;
        case SyncErrorKind::Network:
            return 1;
        }
        return 0;
    };
    if (rank(pushError) < 0 && rank(pullError) < 0) {
        return nullptr;
    }
    return rank(pushError) >= rank(pullError) ? &*pushError : &*pullError;
}

core::Result<SyncOptions> SyncOptionsFromConfig(const core::KioskConfig& config) {
    if (config.central.url().empty()) {
        return core::MakeError(ErrorKind::Config,
                               config.path + ": [central] url is not set; nothing to sync with");
    }
    if (config.central.tokenFile.empty()) {
        return core::MakeError(ErrorKind::Config,
                               config.path + ": [central] token_file is not set");
    }
    std::ifstream in(config.central.tokenFile, std::ios::binary);
    if (!in) {
        return core::MakeError(ErrorKind::Config,
                               "cannot read the token file " + config.central.tokenFile);
    }
    std::stringstream text;
    text << in.rdbuf();
    std::string token(core::TrimAscii(text.str()));
    if (token.empty()) {
        return core::MakeError(ErrorKind::Config,
                               "the token file " + config.central.tokenFile + " is empty");
    }
    SyncOptions o;
    if (!config.central.caFile.empty()) {
        // Said now, not as a TLS failure at every round.
        if (!std::ifstream(config.central.caFile)) {
            return core::MakeError(ErrorKind::Config, config.path + ": [central] ca_file " +
                                                          config.central.caFile +
                                                          " cannot be read");
        }
        o.caFile = config.central.caFile;
    }
    const auto trimmed = [](std::string url) {
        while (!url.empty() && url.back() == '/') {
            url.pop_back();
        }
        return url;
    };
    o.url = trimmed(config.central.url());
    for (std::size_t i = 1; i < config.central.urls.size(); ++i) {
        o.otherUrls.push_back(trimmed(config.central.urls[i]));
    }
    o.token = std::move(token);
    return o;
}

namespace {

SyncError StorageError(const core::Error& e) {
    return SyncError{SyncErrorKind::Storage, e.message, 0, "", std::nullopt};
}

SyncError DataError(std::string message) {
    return SyncError{SyncErrorKind::Data, std::move(message), 0, "", std::nullopt};
}

// A text field of the central's error object, or "" when it is missing or not a string: a
// refusal is reported whatever its body holds (json::value would throw on a number).
std::string ErrorText(const json& error, const char* key) {
    const auto it = error.find(key);
    return it != error.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The central answered, but not with a 2xx: the status decides the kind (auth, try again
// later, or our request is wrong); the central's own code and message are kept.
SyncError RefusalError(const HttpResponse& r, const json& body) {
    SyncError e;
    e.httpStatus = r.status;
    e.retryAfterSeconds = r.retryAfterSeconds;
    if (body.is_object() && body.contains("error") && body.at("error").is_object()) {
        e.code = ErrorText(body.at("error"), "code");
        e.message = ErrorText(body.at("error"), "message");
    }
    e.message = "central answered " + std::to_string(r.status) +
                (e.message.empty() ? "" : ": " + e.message);
    if (r.status == 401 || r.status == 403) {
        e.kind = SyncErrorKind::Auth;
    } else if (r.status == 408 || r.status == 429 || r.status >= 500) {
        e.kind = SyncErrorKind::Server;
    } else {
        e.kind = SyncErrorKind::Data;
    }
    return e;
}

// The JSON object of a 2xx answer. "The network failed" (Network) stays apart from "the
// central said no" (RefusalError).
SyncResult<json> ParseAnswer(HttpResult result) {
    if (!result) {
        return SyncError{SyncErrorKind::Network, std::move(result).error().message, 0, "",
                         std::nullopt};
    }
    const HttpResponse& r = *result;
    json body = json::parse(r.body, nullptr, false);
    if (r.status < 200 || r.status > 299) {
        return RefusalError(r, body);
    }
    if (body.is_discarded() || !body.is_object()) {
        return DataError("the central's answer is not a JSON object (truncated?)");
    }
    return body;
}

// One page of a pull, its items parsed.
template <class Item> struct Page {
    std::vector<Item> items;
    std::int64_t next = 0;
    bool more = false;
    std::string check; ///< what stands at `next`, sent back with it ("" from older centrals)
};

// The optional text field `key` of an answer ("" when missing or not a string).
std::string OptionalText(const json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A cursor as a query: the number and, when the central gave one, what stands there.
std::string CursorQuery(std::int64_t since, const std::string& check, int limit) {
    return "since=" + std::to_string(since) + (check.empty() ? "" : "&check=" + check) +
           "&limit=" + std::to_string(limit);
}

// The central does not know the cursor: it was restored from a backup or replaced.
bool CentralForgot(const SyncError& e) {
    return e.code == "cursor_ahead" || e.code == "cursor_unknown";
}

// The central forgot our cursors (new epoch, or a cursor it does not know): every cursor
// starts over and our own events are queued again (core::ForgetCentral). `epoch` is the
// central's new one, or none to keep the one saved.
SyncResult<void> StartOver(core::AttendanceStore& store, RoundReport& report,
                           const std::optional<std::string>& epoch) {
    std::string keep;
    if (epoch) {
        keep = *epoch;
    } else {
        auto cursors = core::LoadCursors(store);
        if (!cursors) {
            return StorageError(cursors.error());
        }
        keep = cursors->epoch;
    }
    auto requeued = core::ForgetCentral(store, keep);
    if (!requeued) {
        return StorageError(requeued.error());
    }
    report.centralChanged = true;
    return Ok{};
}

// Runs `pass`; when the central does not know a cursor, starts over and runs it once more.
SyncResult<void> WithStartOver(core::AttendanceStore& store, RoundReport& report,
                               const std::function<SyncResult<void>()>& pass) {
    for (int attempt = 0;; ++attempt) {
        auto done = pass();
        if (done || !CentralForgot(done.error()) || attempt > 0) {
            return done;
        }
        // The central does not know our cursor (restored or replaced): start over, once.
        // Pulling everything again is harmless: everything is stored once by UUID.
        if (auto over = StartOver(store, report, std::nullopt); !over) {
            return over;
        }
    }
}

// A new epoch: the central's database was restored or replaced since the last round.
SyncResult<void> CheckEpoch(core::AttendanceStore& store, const std::string& epoch,
                            RoundReport& report) {
    if (epoch.empty()) {
        return Ok{}; // a central older than epochs: the cursor checks alone
    }
    auto cursors = core::LoadCursors(store);
    if (!cursors) {
        return StorageError(cursors.error());
    }
    if (cursors->epoch == epoch) {
        return Ok{};
    }
    if (cursors->epoch.empty()) {
        // The first epoch this kiosk sees: kept; its cursors are checked on their own.
        if (auto kept = core::SetSyncValue(store, core::kCentralEpochKey, epoch); !kept) {
            return StorageError(kept.error());
        }
        return Ok{};
    }
    return StartOver(store, report, epoch);
}

// Reads "items" (each with `parse`), "next" and "more" of a page answer; `what` names the
// stream in errors. A cursor never goes back, so a `next` before `since` is malformed too.
template <class Item, class Parse>
SyncResult<Page<Item>> ReadPage(const json& j, std::int64_t since, const std::string& what,
                                Parse parse) {
    if (!j.is_object() || !j.contains("items") || !j.at("items").is_array() ||
        !j.contains("next") || !j.at("next").is_number_integer() || !j.contains("more") ||
        !j.at("more").is_boolean() || j.at("next").get<std::int64_t>() < since) {
        return DataError("malformed " + what + " page from the central");
    }
    Page<Item> page;
    page.next = j.at("next").get<std::int64_t>();
    page.more = j.at("more").get<bool>();
    page.check = OptionalText(j, "check");
    page.items.reserve(j.at("items").size());
    for (const json& item : j.at("items")) {
        auto parsed = parse(item);
        if (!parsed) {
            return DataError(what + " page: " + parsed.error().message);
        }
        page.items.push_back(std::move(parsed).value());
    }
    return page;
}

std::string PushBody(const core::OutboxBatch& batch) {
    json body{
        {"attendance", json::array()}, {"audit", json::array()}, {"registrants", json::array()}};
    for (const auto& e : batch.attendance) {
        body["attendance"].push_back(ToJson(e));
    }
    for (const auto& a : batch.audit) {
        body["audit"].push_back(ToJson(a));
    }
    for (const auto& r : batch.provisional) {
        json registrant = ToJson(r);
        // A badge-only admission brings its signed badge: the central lists them on it alone.
        if (const auto badge = batch.badges.find(r.id); badge != batch.badges.end()) {
            registrant["badge"] = badge->second;
        }
        body["registrants"].push_back(std::move(registrant));
    }
    return body.dump();
}

// The UUIDs a push answer acknowledges (entries that are not strings are ignored).
SyncResult<std::vector<std::string>> AcceptedUuids(const json& answer) {
    if (!answer.contains("accepted") || !answer.at("accepted").is_array()) {
        return DataError("the central's push answer has no \"accepted\" list");
    }
    std::vector<std::string> accepted;
    for (const json& u : answer.at("accepted")) {
        if (u.is_string()) {
            accepted.push_back(u.get<std::string>());
        }
    }
    return accepted;
}

// The events a push answer refuses, with the central's reasons ("refused" is absent from the
// answers of centrals older than it: none refused).
std::vector<core::RefusedEvent> RefusedEvents(const json& answer) {
    std::vector<core::RefusedEvent> refused;
    const auto list = answer.find("refused");
    if (list == answer.end() || !list->is_array()) {
        return refused;
    }
    for (const json& r : *list) {
        if (r.is_object() && r.contains("uuid") && r.at("uuid").is_string()) {
            refused.push_back(
                core::RefusedEvent{r.at("uuid").get<std::string>(), r.value("reason", "")});
        }
    }
    return refused;
}

} // namespace

SyncClient::SyncClient(SyncOptions options)
    : m_options(std::move(options)), m_url(m_options.url),
      m_http(HttpOptions{m_options.url, m_options.token, m_options.connectTimeoutMs,
                         m_options.timeoutMs, m_options.caFile, m_options.cancel,
                         m_options.acceptGzip}) {}

SyncResult<json> SyncClient::getJson(const std::string& path) {
    return ParseAnswer(m_http.get(path));
}

SyncResult<int> SyncClient::push(core::AttendanceStore& store) {
    RoundReport report;
    if (auto pushed = pushInto(store, report); !pushed) {
        return std::move(pushed).error();
    }
    return report.pushed;
}

SyncResult<RegistrantPull> SyncClient::pullRegistrants(core::AttendanceStore& store) {
    RoundReport report;
    if (auto pulled = pullRegistrantsInto(store, report); !pulled) {
        return std::move(pulled).error();
    }
    return RegistrantPull{report.pulledRegistrants, report.fullRefresh};
}

SyncResult<int> SyncClient::pullAttendance(core::AttendanceStore& store, bool includeOwn) {
    RoundReport report;
    if (auto pulled = pullAttendanceInto(store, report, includeOwn); !pulled) {
        return std::move(pulled).error();
    }
    return report.pulledAttendance;
}

SyncResult<int> SyncClient::pullAudit(core::AttendanceStore& store) {
    RoundReport report;
    if (auto pulled = pullAuditInto(store, report); !pulled) {
        return std::move(pulled).error();
    }
    return report.pulledAudit;
}

SyncResult<void> SyncClient::pushInto(core::AttendanceStore& store, RoundReport& report) {
    auto initial = store.outboxSize();
    if (!initial) {
        return StorageError(initial.error());
    }
    // Bounded: the outbox may grow while we push, but a round ends.
    const int maxRequests = *initial / std::max(m_options.pushBatch, 1) + 4;
    for (int i = 0; i < maxRequests; ++i) {
        auto sent = pushBatch(store, report);
        if (!sent) {
            return std::move(sent).error();
        }
        if (*sent == 0) {
            break;
        }
    }
    return Ok{};
}

// One request: the oldest batch of the outbox, and the acknowledged events out of it. Returns
// how many events the batch held, 0 when the outbox was empty (and nothing was sent).
SyncResult<std::size_t> SyncClient::pushBatch(core::AttendanceStore& store, RoundReport& report) {
    auto batch = core::ReadOutbox(store, m_options.pushBatch);
    if (!batch) {
        return StorageError(batch.error());
    }
    if (batch->empty()) {
        return std::size_t{0};
    }
    auto answer = ParseAnswer(m_http.post("/v1/events", PushBody(*batch)));
    if (!answer) {
        return std::move(answer).error();
    }
    auto accepted = AcceptedUuids(*answer);
    if (!accepted) {
        return std::move(accepted).error();
    }
    if (auto ack = core::AcknowledgeOutbox(store, *accepted); !ack) {
        return StorageError(ack.error());
    }
    report.pushed += static_cast<int>(accepted->size());
    // Refused events leave the outbox with the central's reason (kept for staff), so the rest of
    // the outbox goes through: one bad event never wedges it.
    const std::vector<core::RefusedEvent> refused = RefusedEvents(*answer);
    if (auto aside = core::SetAsideOutbox(store, refused, core::NowUtcMillis()); !aside) {
        return StorageError(aside.error());
    }
    report.setAside += static_cast<int>(refused.size());
    if (accepted->size() + refused.size() < batch->size()) {
        return DataError("the central acknowledged " + std::to_string(accepted->size()) +
                         " and refused " + std::to_string(refused.size()) + " of " +
                         std::to_string(batch->size()) + " events");
    }
    return batch->size();
}

SyncResult<void> SyncClient::pullRegistrantsInto(core::AttendanceStore& store,
                                                 RoundReport& report) {
    return WithStartOver(store, report, [&] { return registrantPass(store, report); });
}

namespace {

// Whether another page follows the one just taken.
enum class Paging { More, Last };

// A full refresh: the page is staged; the last one swaps the staged list in. Another process
// refreshing the same file (Conflict) ends this pass quietly: it will finish the job.
SyncResult<Paging> StagePage(core::AttendanceStore& store, const Page<core::Registrant>& page,
                             std::int64_t since, RoundReport& report) {
    if (auto s = core::StageRegistrantPage(store, page.items, since, page.next, page.check); !s) {
        if (s.error().kind != ErrorKind::Conflict) {
            return StorageError(s.error());
        }
        return Paging::Last;
    }
    if (page.more) {
        return Paging::More;
    }
    auto done = core::FinishFullRefresh(store, page.next, page.check);
    if (!done) {
        if (done.error().kind != ErrorKind::Conflict) {
            return StorageError(done.error());
        }
        return Paging::Last;
    }
    report.pulledRegistrants += done->added + done->updated;
    return Paging::Last;
}

// An incremental pull: the page is applied with its cursor (a page that changes nothing and
// moves no cursor writes nothing).
SyncResult<Paging> ApplyPage(core::AttendanceStore& store, const Page<core::Registrant>& page,
                             std::int64_t since, RoundReport& report) {
    if (!page.items.empty() || page.next != since) {
        auto done = core::ApplyRegistrantPage(store, page.items, page.next, page.check);
        if (!done) {
            return StorageError(done.error());
        }
        report.pulledRegistrants += done->added + done->updated;
    }
    return page.more ? Paging::More : Paging::Last;
}

} // namespace

// One pass over the registrant pages from the saved cursor, or from the last staged page of a
// full refresh (which is begun here when the list was never synced).
SyncResult<void> SyncClient::registrantPass(core::AttendanceStore& store, RoundReport& report) {
    auto cursors = core::LoadCursors(store);
    if (!cursors) {
        return StorageError(cursors.error());
    }
    const bool full = cursors->staging || !cursors->listSynced;
    std::int64_t since = full ? cursors->stage : cursors->registrants;
    std::string check = full ? cursors->stageCheck : cursors->registrantsCheck;
    if (full) {
        report.fullRefresh = true;
        if (auto begun = core::BeginFullRefresh(store, false); !begun) {
            return StorageError(begun.error());
        }
    }
    for (;;) {
        auto answer = getJson("/v1/registrants?" + CursorQuery(since, check, m_options.pageSize));
        if (!answer) {
            return std::move(answer).error();
        }
        auto page = ReadPage<core::Registrant>(*answer, since, "registrant", RegistrantFromJson);
        if (!page) {
            return std::move(page).error();
        }
        auto taken =
            full ? StagePage(store, *page, since, report) : ApplyPage(store, *page, since, report);
        if (!taken) {
            return std::move(taken).error();
        }
        if (*taken == Paging::Last) {
            return Ok{};
        }
        since = page->next;
        check = page->check;
    }
}

namespace {

// One pass over the pages of the log `/v1/<what>` from a saved cursor (`extra`: more of the
// query): each page is stored by `apply(items, next, check)` with its cursor, which returns how
// many items were new. A page that brings nothing and moves nothing writes nothing.
template <class Item, class Parse, class Apply>
SyncResult<int> PullLog(SyncClient& client, const std::string& what, const std::string& extra,
                        std::int64_t since, std::string check, int pageSize, Parse parse,
                        Apply apply) {
    int added = 0;
    for (;;) {
        std::string path = "/v1/";
        path += what;
        path += '?';
        path += CursorQuery(since, check, pageSize);
        path += extra;
        auto answer = client.getJson(path);
        if (!answer) {
            return std::move(answer).error();
        }
        auto page = ReadPage<Item>(*answer, since, what, parse);
        if (!page) {
            return std::move(page).error();
        }
        if (!page->items.empty() || page->next != since || page->check != check) {
            auto n = apply(page->items, page->next, page->check);
            if (!n) {
                return StorageError(n.error());
            }
            added += *n;
        }
        since = page->next;
        check = page->check;
        if (!page->more) {
            return added;
        }
    }
}

} // namespace

SyncResult<void> SyncClient::pullAttendanceInto(core::AttendanceStore& store, RoundReport& report,
                                                bool includeOwn) {
    return WithStartOver(store, report, [&]() -> SyncResult<void> {
        auto cursors = core::LoadCursors(store);
        if (!cursors) {
            return StorageError(cursors.error());
        }
        auto n = PullLog<core::AttendanceEvent>(
            *this, "attendance", includeOwn ? "&own=1" : "", cursors->attendance,
            cursors->attendanceCheck, m_options.pageSize, AttendanceFromJson,
            [&](const auto& items, std::int64_t next, const std::string& check) {
                return core::ApplyRemoteAttendance(store, items, next, check);
            });
        if (!n) {
            return std::move(n).error();
        }
        report.pulledAttendance += *n;
        return Ok{};
    });
}

// This kiosk's own audit lines back from the central (after a restore, the ones it lost).
SyncResult<void> SyncClient::pullAuditInto(core::AttendanceStore& store, RoundReport& report) {
    auto pulled = WithStartOver(store, report, [&]() -> SyncResult<void> {
        auto cursors = core::LoadCursors(store);
        if (!cursors) {
            return StorageError(cursors.error());
        }
        auto n = PullLog<core::AuditEntry>(
            *this, "audit", "", cursors->audit, cursors->auditCheck, m_options.pageSize,
            AuditFromJson, [&](const auto& items, std::int64_t next, const std::string& check) {
                return core::ApplyRemoteAudit(store, items, next, check);
            });
        if (!n) {
            return std::move(n).error();
        }
        report.pulledAudit += *n;
        return Ok{};
    });
    if (!pulled && pulled.error().code == "not_found") {
        return Ok{}; // a central older than the audit route: nothing to take back
    }
    return pulled;
}

// Photo changes, after the list they belong to; a central older than photos has no route.
SyncResult<void> SyncClient::pullPhotosInto(core::AttendanceStore& store, RoundReport& report) {
    auto pulled = WithStartOver(store, report, [&]() -> SyncResult<void> {
        auto cursors = core::LoadCursors(store);
        if (!cursors) {
            return StorageError(cursors.error());
        }
        auto n = PullLog<core::rows::PhotoChange>(
            *this, "photos", "", cursors->photos, cursors->photosCheck, m_options.pageSize,
            PhotoFromJson, [&](const auto& items, std::int64_t next, const std::string& check) {
                return core::ApplyPhotoPage(store, items, next, check);
            });
        if (!n) {
            return std::move(n).error();
        }
        report.pulledPhotos += *n;
        return Ok{};
    });
    if (!pulled && pulled.error().code == "not_found") {
        return Ok{}; // a central older than photos: none to take
    }
    return pulled;
}

SyncResult<void> SyncClient::pullSettings(core::AttendanceStore& store) {
    RoundReport report;
    return settingsInto(store, report);
}

SyncResult<void> SyncClient::settingsInto(core::AttendanceStore& store, RoundReport& report) {
    auto answer = getJson("/v1/settings");
    if (!answer) {
        return std::move(answer).error();
    }
    const json& ev = (*answer)["event"];
    if (!ev.is_object() || !ev.contains("id") || !ev["id"].is_string()) {
        return DataError("the central's settings name no event");
    }
    if (ev["id"].get<std::string>() != store.event().id) {
        return DataError("the central serves event \"" + ev["id"].get<std::string>() +
                         "\", this kiosk is for \"" + store.event().id + "\"");
    }
    if (auto epoch = CheckEpoch(store, OptionalText(*answer, "epoch"), report); !epoch) {
        return epoch;
    }
    // Only what matters to the kiosk is compared, so an unchanged round writes nothing.
    json kept = *answer;
    kept.erase("server_time");
    const std::string text = kept.dump();
    auto old = core::GetSyncValue(store, "settings");
    if (old && *old == text) {
        return Ok{};
    }
    if (auto s = core::SetSyncValue(store, "settings", text); !s) {
        return StorageError(s.error());
    }
    return Ok{};
}

// Settings first (they say whether this is our event at all), then the list and its photos,
// then the log.
SyncResult<void> SyncClient::pullInto(core::AttendanceStore& store, RoundReport& report) {
    if (auto settings = settingsInto(store, report); !settings) {
        return settings;
    }
    if (auto registrants = pullRegistrantsInto(store, report); !registrants) {
        return registrants;
    }
    if (auto photos = pullPhotosInto(store, report); !photos) {
        return photos;
    }
    // This kiosk's own events come back too: a kiosk restored from a backup (or an empty
    // database) takes back what it recorded since; the ones it has are ignored by UUID.
    if (auto attendance = pullAttendanceInto(store, report, true); !attendance) {
        return attendance;
    }
    return pullAuditInto(store, report);
}

void SyncClient::sayDoorState(core::AttendanceStore& store) {
    std::vector<std::string> lines{std::string(kVersionHeader) + ": " + ACCUEIL_VERSION};
    if (auto queue = store.outboxSize(); queue) {
        lines.push_back(std::string(kQueueHeader) + ": " + std::to_string(*queue));
    }
    if (!m_lastError.empty()) {
        lines.push_back(std::string(kLastErrorHeader) + ": " + m_lastError);
    }
    m_http.setExtraHeaders(std::move(lines));
}

RoundReport SyncClient::runRound(core::AttendanceStore& store) {
    RoundReport report = roundWith(store);
    // Several instances of the central: one that cannot be reached, or answers with a server
    // error, is left for the next at once, each tried once a round. Every write is idempotent
    // and every instance serves the same cursors, so a round may start over on another.
    const std::size_t instances = 1 + m_options.otherUrls.size();
    const auto unavailable = [](const std::optional<SyncError>& e) {
        return e && (e->kind == SyncErrorKind::Network || e->kind == SyncErrorKind::Server);
    };
    for (std::size_t tried = 1; tried < instances; ++tried) {
        const std::optional<SyncError>& error =
            unavailable(report.pushError) ? report.pushError : report.pullError;
        if (!unavailable(error)) {
            break;
        }
        const std::string failed = m_url;
        m_instance = (m_instance + 1) % instances;
        m_url = m_instance == 0 ? m_options.url : m_options.otherUrls[m_instance - 1];
        m_http = HttpClient(HttpOptions{m_url, m_options.token, m_options.connectTimeoutMs,
                                        m_options.timeoutMs, m_options.caFile, m_options.cancel,
                                        m_options.acceptGzip});
        spdlog::warn("sync: {} failed ({}: {}), trying {}", failed, ToString(error->kind),
                     error->message, m_url);
        report = roundWith(store);
    }
    return report;
}

RoundReport SyncClient::roundWith(core::AttendanceStore& store) {
    RoundReport report;
    sayDoorState(store);
    if (auto pushed = pushInto(store, report); !pushed) {
        report.pushError = std::move(pushed).error();
    }
    // The pull runs whatever the push did, unless the central refused our token.
    if (!report.pushError || report.pushError->kind != SyncErrorKind::Auth) {
        if (auto pulled = pullInto(store, report); !pulled) {
            report.pullError = std::move(pulled).error();
        }
    }
    // The central was restored or replaced: what it lost of ours was queued again.
    if (report.centralChanged && !report.pullError) {
        if (auto pushed = pushInto(store, report); !pushed) {
            report.pushError = std::move(pushed).error();
        }
    }
    auto left = store.outboxSize();
    report.outboxLeft = left ? *left : -1;
    if (const SyncError* error = report.worstError()) {
        m_lastError = EncodeLastError(core::NowUtcMillis(),
                                      std::string(ToString(error->kind)) + ": " + error->message);
    }
    return report;
}

} // namespace accueil::sync
