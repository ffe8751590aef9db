// SPDX-License-Identifier: Apache-2.0
// One sync round, kiosk side. Every step commits what it pulled together with the cursor that
// follows it, so a round killed at any point resumes where it stopped and never applies a page
// twice in a way that matters (all writes are idempotent upserts or INSERT OR IGNORE).

#include <accueil/core/SyncStore.h>
#include <accueil/core/Text.h>
#include <accueil/sync/Protocol.h>
#include <accueil/sync/SyncClient.h>

#include <fstream>
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
    if (config.central.url.empty()) {
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
    o.url = config.central.url;
    while (!o.url.empty() && o.url.back() == '/') {
        o.url.pop_back();
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

// "next" and "more" of a page answer, with the items array.
struct PageHeader {
    const json* items = nullptr;
    std::int64_t next = 0;
    bool more = false;
};

std::optional<PageHeader> ReadPage(const json& j, std::int64_t since) {
    if (!j.is_object() || !j.contains("items") || !j["items"].is_array() || !j.contains("next") ||
        !j["next"].is_number_integer() || !j.contains("more") || !j["more"].is_boolean()) {
        return std::nullopt;
    }
    PageHeader p{&j["items"], j["next"].get<std::int64_t>(), j["more"].get<bool>()};
    if (p.next < since) {
        return std::nullopt; // a cursor never goes back
    }
    return p;
}

} // namespace

SyncClient::SyncClient(SyncOptions options)
    : m_options(std::move(options)),
      m_http(HttpOptions{m_options.url, m_options.token, m_options.connectTimeoutMs,
                         m_options.timeoutMs, m_options.caFile, m_options.cancel,
                         m_options.acceptGzip}) {}

std::optional<json> SyncClient::parseAnswer(HttpResult result, std::optional<SyncError>& error) {
    if (auto* t = std::get_if<TransportError>(&result)) {
        error = SyncError{SyncErrorKind::Network, t->message, 0, "", std::nullopt};
        return std::nullopt;
    }
    auto& r = std::get<HttpResponse>(result);
    json body = json::parse(r.body, nullptr, false);
    if (r.status < 200 || r.status > 299) {
        SyncError e;
        e.httpStatus = r.status;
        e.retryAfterSeconds = r.retryAfterSeconds;
        if (body.is_object() && body.contains("error") && body["error"].is_object()) {
            e.code = body["error"].value("code", "");
            e.message = body["error"].value("message", "");
        }
        e.message = "central answered " + std::to_string(r.status) +
                    (e.message.empty() ? "" : ": " + e.message);
        if (r.status == 401 || r.status == 403) {
            e.kind = SyncErrorKind::Auth;
        } else if (r.status == 429 || r.status >= 500) {
            e.kind = SyncErrorKind::Server;
        } else {
            e.kind = SyncErrorKind::Data;
        }
        error = std::move(e);
        return std::nullopt;
    }
    if (body.is_discarded() || !body.is_object()) {
        error = DataError("the central's answer is not a JSON object (truncated?)");
        return std::nullopt;
    }
    return body;
}

std::optional<json> SyncClient::getJson(const std::string& path, std::optional<SyncError>& error) {
    return parseAnswer(m_http.get(path), error);
}

int SyncClient::push(core::AttendanceStore& store, std::optional<SyncError>& error) {
    int pushed = 0;
    auto initial = store.outboxSize();
    if (!initial) {
        error = StorageError(initial.error());
        return pushed;
    }
    // Bounded: the outbox may grow while we push, but a round ends.
    const int maxRequests = *initial / std::max(m_options.pushBatch, 1) + 4;
    for (int i = 0; i < maxRequests; ++i) {
        auto batch = core::ReadOutbox(store, m_options.pushBatch);
        if (!batch) {
            error = StorageError(batch.error());
            return pushed;
        }
        if (batch->empty()) {
            break;
        }
        json body{{"attendance", json::array()},
                  {"audit", json::array()},
                  {"registrants", json::array()}};
        for (const auto& e : batch->attendance) {
            body["attendance"].push_back(ToJson(e));
        }
        for (const auto& a : batch->audit) {
            body["audit"].push_back(ToJson(a));
        }
        for (const auto& r : batch->provisional) {
            body["registrants"].push_back(ToJson(r));
        }
        auto answer = parseAnswer(m_http.post("/v1/events", body.dump()), error);
        if (!answer) {
            return pushed;
        }
        if (!answer->contains("accepted") || !(*answer)["accepted"].is_array()) {
            error = DataError("the central's push answer has no \"accepted\" list");
            return pushed;
        }
        std::vector<std::string> accepted;
        for (const json& u : (*answer)["accepted"]) {
            if (u.is_string()) {
                accepted.push_back(u.get<std::string>());
            }
        }
        if (auto ack = core::AcknowledgeOutbox(store, accepted); !ack) {
            error = StorageError(ack.error());
            return pushed;
        }
        pushed += static_cast<int>(accepted.size());
        if (accepted.size() < batch->size()) {
            error = DataError("the central acknowledged " + std::to_string(accepted.size()) +
                              " of " + std::to_string(batch->size()) + " events");
            return pushed;
        }
    }
    return pushed;
}

int SyncClient::pullRegistrants(core::AttendanceStore& store, std::optional<SyncError>& error,
                                bool& fullRefresh) {
    int applied = 0;
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto cursors = core::LoadCursors(store);
        if (!cursors) {
            error = StorageError(cursors.error());
            return applied;
        }
        const bool full = cursors->staging || !cursors->listSynced;
        std::int64_t since = full ? cursors->stage : cursors->registrants;
        if (full) {
            fullRefresh = true;
            if (auto begun = core::BeginFullRefresh(store, false); !begun) {
                error = StorageError(begun.error());
                return applied;
            }
        }
        bool restart = false;
        for (;;) {
            std::optional<SyncError> e;
            auto answer = getJson("/v1/registrants?since=" + std::to_string(since) +
                                      "&limit=" + std::to_string(m_options.pageSize),
                                  e);
            if (!answer) {
                if (e->code == "cursor_ahead" && attempt == 0) {
                    // The central does not know our cursor (restored or replaced): start over.
                    if (auto r = core::BeginFullRefresh(store, true); !r) {
                        error = StorageError(r.error());
                        return applied;
                    }
                    restart = true;
                    break;
                }
                error = std::move(e);
                return applied;
            }
            auto page = ReadPage(*answer, since);
            if (!page) {
                error = DataError("malformed registrant page from the central");
                return applied;
            }
            std::vector<core::Registrant> items;
            items.reserve(page->items->size());
            for (const json& j : *page->items) {
                auto r = RegistrantFromJson(j);
                if (!r) {
                    error = DataError("registrant page: " + r.error().message);
                    return applied;
                }
                items.push_back(std::move(r).value());
            }
            if (full) {
                if (auto s = core::StageRegistrantPage(store, items, since, page->next); !s) {
                    // Conflict: another process on this file is refreshing; it will finish.
                    if (s.error().kind != ErrorKind::Conflict) {
                        error = StorageError(s.error());
                    }
                    return applied;
                }
                if (!page->more) {
                    auto done = core::FinishFullRefresh(store, page->next);
                    if (!done) {
                        if (done.error().kind != ErrorKind::Conflict) {
                            error = StorageError(done.error());
                        }
                        return applied;
                    }
                    return applied + done->added + done->updated;
                }
            } else if (!items.empty() || page->next != since) {
                auto done = core::ApplyRegistrantPage(store, items, page->next);
                if (!done) {
                    error = StorageError(done.error());
                    return applied;
                }
                applied += done->added + done->updated;
            }
            since = page->next;
            if (!page->more) {
                return applied;
            }
        }
        if (!restart) {
            break;
        }
    }
    return applied;
}

int SyncClient::pullAttendance(core::AttendanceStore& store, std::optional<SyncError>& error,
                               bool includeOwn) {
    int added = 0;
    auto cursors = core::LoadCursors(store);
    if (!cursors) {
        error = StorageError(cursors.error());
        return added;
    }
    std::int64_t since = cursors->attendance;
    bool resetOnce = false;
    for (;;) {
        std::optional<SyncError> e;
        auto answer = getJson("/v1/attendance?since=" + std::to_string(since) + "&limit=" +
                                  std::to_string(m_options.pageSize) + (includeOwn ? "&own=1" : ""),
                              e);
        if (!answer) {
            if (e->code == "cursor_ahead" && !resetOnce) {
                // Pulling everything again is harmless: events are stored once by UUID.
                resetOnce = true;
                since = 0;
                continue;
            }
            error = std::move(e);
            return added;
        }
        auto page = ReadPage(*answer, since);
        if (!page) {
            error = DataError("malformed attendance page from the central");
            return added;
        }
        std::vector<core::AttendanceEvent> items;
        for (const json& j : *page->items) {
            auto ev = AttendanceFromJson(j);
            if (!ev) {
                error = DataError("attendance page: " + ev.error().message);
                return added;
            }
            items.push_back(std::move(ev).value());
        }
        if (!items.empty() || page->next != cursors->attendance) {
            auto n = core::ApplyRemoteAttendance(store, items, page->next);
            if (!n) {
                error = StorageError(n.error());
                return added;
            }
            added += *n;
            cursors->attendance = page->next;
        }
        since = page->next;
        if (!page->more) {
            return added;
        }
    }
}

void SyncClient::pullSettings(core::AttendanceStore& store, std::optional<SyncError>& error) {
    auto answer = getJson("/v1/settings", error);
    if (!answer) {
        return;
    }
    const json& ev = (*answer)["event"];
    if (!ev.is_object() || !ev.contains("id") || !ev["id"].is_string()) {
        error = DataError("the central's settings name no event");
        return;
    }
    if (ev["id"].get<std::string>() != store.event().id) {
        error = DataError("the central serves event \"" + ev["id"].get<std::string>() +
                          "\", this kiosk is for \"" + store.event().id + "\"");
        return;
    }
    // Only what matters to the kiosk is compared, so an unchanged round writes nothing.
    json kept = *answer;
    kept.erase("server_time");
    const std::string text = kept.dump();
    auto old = core::GetSyncValue(store, "settings");
    if (old && *old == text) {
        return;
    }
    if (auto s = core::SetSyncValue(store, "settings", text); !s) {
        error = StorageError(s.error());
    }
}

RoundReport SyncClient::runRound(core::AttendanceStore& store) {
    RoundReport report;
    std::optional<SyncError> pushError;
    auto pushed = push(store, pushError);
    report.pushed = pushed;
    report.pushError = std::move(pushError);
    // The pull runs whatever the push did, unless the central refused our token.
    if (!report.pushError || report.pushError->kind != SyncErrorKind::Auth) {
        std::optional<SyncError> pullError;
        pullSettings(store, pullError);
        if (!pullError) {
            report.pulledRegistrants = pullRegistrants(store, pullError, report.fullRefresh);
        }
        if (!pullError) {
            report.pulledAttendance = pullAttendance(store, pullError);
        }
        report.pullError = std::move(pullError);
    }
    auto left = store.outboxSize();
    report.outboxLeft = left ? *left : -1;
    return report;
}

} // namespace accueil::sync
