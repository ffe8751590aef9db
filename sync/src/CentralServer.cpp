// SPDX-License-Identifier: Apache-2.0
// The central's HTTP routes (docs/sync-protocol.md). Every handler authenticates first, checks
// the whole request, then calls the store once: a bad request writes nothing.

#include <accueil/sync/CentralServer.h>
#include <accueil/sync/Protocol.h>
#include <accueil/sync/Tokens.h>

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <chrono>
#include <thread>

namespace accueil::sync {

using nlohmann::json;

struct CentralServer::Impl {
    ServerOptions options;
    const core::EventConfig* event = nullptr;
    CentralStore* store = nullptr;
    std::unique_ptr<httplib::Server> server;
    std::thread thread;
    int port = 0;
};

namespace {

constexpr const char* kJson = "application/json";

void SendError(httplib::Response& res, ApiError code, std::string_view message) {
    res.status = HttpStatus(code);
    if (code == ApiError::Unauthorized) {
        res.set_header("WWW-Authenticate", "Bearer realm=\"accueil\"");
    }
    res.set_content(ErrorBody(code, message), kJson);
}

void SendStorageError(httplib::Response& res, const core::Error& e) {
    spdlog::error("storage: {}", e.message);
    res.set_header("Retry-After", "5");
    SendError(res, ApiError::Internal, "the central could not read or write its database");
}

// The kiosk the bearer token belongs to, or an error response already written.
std::optional<std::string> Authenticate(CentralStore& store, const httplib::Request& req,
                                        httplib::Response& res) {
    const std::string header = req.get_header_value("Authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (header.size() <= kBearer.size() || header.compare(0, kBearer.size(), kBearer) != 0) {
        SendError(res, ApiError::Unauthorized, "an Authorization: Bearer token is required");
        return std::nullopt;
    }
    const std::string hash = HashToken(std::string_view(header).substr(kBearer.size()));
    auto found = store.findKiosk(hash);
    if (!found) {
        SendStorageError(res, found.error());
        return std::nullopt;
    }
    // The lookup is by hash (which reveals nothing about the token); the final comparison is
    // constant-time anyway.
    if (!found->has_value() || !SameHash((*found)->tokenHash, hash)) {
        SendError(res, ApiError::Unauthorized, "unknown token");
        return std::nullopt;
    }
    if ((*found)->revoked) {
        SendError(res, ApiError::TokenRevoked, "this kiosk's token was revoked");
        return std::nullopt;
    }
    return (*found)->kioskId;
}

// A non-negative integer query parameter, `fallback` when absent; nullopt (and a response)
// when malformed.
std::optional<std::int64_t> IntParam(const httplib::Request& req, httplib::Response& res,
                                     const char* name, std::int64_t fallback, std::int64_t max) {
    if (!req.has_param(name)) {
        return fallback;
    }
    const std::string text = req.get_param_value(name);
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < 0 || v > max) {
        SendError(res, ApiError::InvalidRequest,
                  std::string("query parameter \"") + name + "\" must be an integer from 0 to " +
                      std::to_string(max));
        return std::nullopt;
    }
    return v;
}

json SettingsJson(const core::EventConfig& event) {
    return json{{"event",
                 {{"id", event.id},
                  {"name", event.name},
                  {"venue", event.venue},
                  {"timezone", event.calendar->timeZoneName()},
                  {"days", event.calendar->days()},
                  {"reentry", core::ToString(event.reentry)},
                  {"debounce_seconds", event.debounceSeconds}}},
                {"badges",
                 {{"public_keys", event.badges.publicKeys},
                  {"accept_plain_ids", event.badges.acceptPlainIds},
                  {"accept_indico", event.badges.acceptIndico}}},
                {"server_time", core::NowUtcMillis()}};
}

// Parses and checks a push body; nullopt (and a response) when anything is wrong.
std::optional<PushBatch> ParsePush(const ServerOptions& options, const std::string& kioskId,
                                   const httplib::Request& req, httplib::Response& res) {
    json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded()) {
        SendError(res, ApiError::MalformedJson, "the body is not JSON");
        return std::nullopt;
    }
    if (!body.is_object()) {
        SendError(res, ApiError::InvalidRequest, "the body must be a JSON object");
        return std::nullopt;
    }
    PushBatch batch;
    batch.kioskId = kioskId;
    auto array = [&](const char* key) -> const json* {
        static const json kEmpty = json::array();
        auto it = body.find(key);
        if (it == body.end()) {
            return &kEmpty;
        }
        return it->is_array() ? &*it : nullptr;
    };
    const json* attendance = array("attendance");
    const json* audit = array("audit");
    const json* registrants = array("registrants");
    if (attendance == nullptr || audit == nullptr || registrants == nullptr) {
        SendError(res, ApiError::InvalidRequest,
                  "\"attendance\", \"audit\" and \"registrants\" must be arrays");
        return std::nullopt;
    }
    if (attendance->size() + audit->size() > static_cast<std::size_t>(options.maxPushEvents) ||
        registrants->size() > static_cast<std::size_t>(options.maxPushEvents)) {
        SendError(res, ApiError::InvalidRequest,
                  "at most " + std::to_string(options.maxPushEvents) + " events per request");
        return std::nullopt;
    }
    auto bad = [&](ApiError code, const std::string& message) {
        SendError(res, code, message);
        return std::nullopt;
    };
    for (const json& j : *attendance) {
        auto e = AttendanceFromJson(j);
        if (!e) {
            return bad(ApiError::InvalidRequest, e.error().message);
        }
        if (e->kioskId != kioskId) {
            return bad(ApiError::KioskMismatch, "event " + e->uuid + " names kiosk \"" +
                                                    e->kioskId + "\", not this token's");
        }
        // Any well-formed day is taken (not only meeting days): one event the central
        // refused for ever would block the kiosk's outbox behind it.
        batch.attendance.push_back(std::move(e).value());
    }
    for (const json& j : *audit) {
        auto a = AuditFromJson(j);
        if (!a) {
            return bad(ApiError::InvalidRequest, a.error().message);
        }
        if (a->kioskId.empty()) {
            a->kioskId = kioskId; // lines written by local tools (e.g. an import) carry none
        } else if (a->kioskId != kioskId) {
            return bad(ApiError::KioskMismatch, "audit line " + a->uuid + " names kiosk \"" +
                                                    a->kioskId + "\", not this token's");
        }
        batch.audit.push_back(std::move(a).value());
    }
    for (const json& j : *registrants) {
        auto r = RegistrantFromJson(j);
        if (!r) {
            return bad(ApiError::InvalidRequest, r.error().message);
        }
        batch.provisional.push_back(std::move(r).value());
    }
    return batch;
}

void Install(CentralServer::Impl& impl) {
    httplib::Server& s = *impl.server;
    CentralStore& store = *impl.store;
    const core::EventConfig& event = *impl.event;
    const ServerOptions& options = impl.options;

    s.set_payload_max_length(options.maxBodyBytes);
    // Headers and body go out in separate writes: without NODELAY, Nagle plus delayed ACKs add
    // 40 ms to every answer.
    s.set_tcp_nodelay(true);
    // An idle keep-alive connection holds a request thread: keep it short (kiosks come back
    // every few seconds and reconnect cheaply).
    s.set_keep_alive_timeout(1);
    s.set_read_timeout(10, 0);
    s.set_write_timeout(10, 0);
    const int threads = std::max(options.threads, 2);
    s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };

    s.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) {
            return;
        }
        if (res.status == 413) {
            SendError(res, ApiError::BodyTooLarge, "the request body is too large");
        } else if (res.status == 404) {
            SendError(res, ApiError::NotFound, "no such path");
        } else if (res.status >= 500) {
            SendError(res, ApiError::Internal, "internal error");
        } else {
            res.set_content(ErrorBody(ApiError::InvalidRequest, "bad request"), kJson);
        }
    });
    s.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
            SendError(res, ApiError::Internal, "internal error");
        });
    // Paths and statuses only at debug level: never tokens, never names.
    s.set_logger([](const httplib::Request& req, const httplib::Response& res) {
        spdlog::debug("{} {} -> {}", req.method, req.path, res.status);
    });

    s.Get("/v1/health", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(R"({"status":"ok"})", kJson);
    });

    s.Get("/v1/settings", [&store, &event](const httplib::Request& req, httplib::Response& res) {
        if (!Authenticate(store, req, res)) {
            return;
        }
        res.set_content(SettingsJson(event).dump(), kJson);
    });

    s.Get(
        "/v1/registrants", [&store, &options](const httplib::Request& req, httplib::Response& res) {
            if (!Authenticate(store, req, res)) {
                return;
            }
            const auto since = IntParam(req, res, "since", 0, INT64_MAX);
            const auto limit =
                since ? IntParam(req, res, "limit", 1000, options.maxPageSize) : std::nullopt;
            if (!since || !limit) {
                return;
            }
            auto page =
                store.registrantsSince(*since, static_cast<int>(std::max<std::int64_t>(*limit, 1)));
            if (!page) {
                if (page.error().kind == ErrorKind::Conflict) {
                    SendError(res, ApiError::CursorAhead, page.error().message);
                } else {
                    SendStorageError(res, page.error());
                }
                return;
            }
            std::string body = "{\"items\":[";
            body.reserve(page->items.size() * 300 + 100);
            for (std::size_t i = 0; i < page->items.size(); ++i) {
                if (i > 0) {
                    body += ',';
                }
                AppendJson(body, page->items[i]);
            }
            body += "],\"next\":" + std::to_string(page->next) +
                    ",\"more\":" + (page->more ? "true" : "false") +
                    ",\"high_water\":" + std::to_string(page->highWater) + "}";
            res.set_content(std::move(body), kJson);
        });

    s.Get("/v1/attendance",
          [&store, &options](const httplib::Request& req, httplib::Response& res) {
              const auto kioskId = Authenticate(store, req, res);
              if (!kioskId) {
                  return;
              }
              const auto since = IntParam(req, res, "since", 0, INT64_MAX);
              const auto limit =
                  since ? IntParam(req, res, "limit", 1000, options.maxPageSize) : std::nullopt;
              if (!since || !limit) {
                  return;
              }
              // own=1 (the nightly repair) includes the asking kiosk's own events.
              const bool own = req.get_param_value("own") == "1";
              auto page =
                  store.attendanceSince(*since, static_cast<int>(std::max<std::int64_t>(*limit, 1)),
                                        own ? std::string() : *kioskId);
              if (!page) {
                  if (page.error().kind == ErrorKind::Conflict) {
                      SendError(res, ApiError::CursorAhead, page.error().message);
                  } else {
                      SendStorageError(res, page.error());
                  }
                  return;
              }
              json items = json::array();
              for (const auto& e : page->items) {
                  items.push_back(ToJson(e));
              }
              res.set_content(json{{"items", std::move(items)},
                                   {"next", page->next},
                                   {"more", page->more},
                                   {"high_water", page->highWater}}
                                  .dump(),
                              kJson);
          });

    s.Post("/v1/events", [&store, &options](const httplib::Request& req, httplib::Response& res) {
        const auto kioskId = Authenticate(store, req, res);
        if (!kioskId) {
            return;
        }
        auto batch = ParsePush(options, *kioskId, req, res);
        if (!batch) {
            spdlog::warn("push from {} refused: {}", *kioskId, res.status);
            return;
        }
        auto stored = store.storeBatch(*batch);
        if (!stored) {
            SendStorageError(res, stored.error());
            return;
        }
        json accepted = json::array();
        for (const auto& e : batch->attendance) {
            accepted.push_back(e.uuid);
        }
        for (const auto& a : batch->audit) {
            accepted.push_back(a.uuid);
        }
        if (stored->stored > 0) {
            spdlog::info("{} pushed {} new events ({} already held)", *kioskId, stored->stored,
                         stored->duplicates);
        }
        res.set_content(json{{"accepted", std::move(accepted)},
                             {"stored", stored->stored},
                             {"duplicates", stored->duplicates}}
                            .dump(),
                        kJson);
    });

    s.Get("/v1/reconcile", [&store](const httplib::Request& req, httplib::Response& res) {
        const auto kioskId = Authenticate(store, req, res);
        if (!kioskId) {
            return;
        }
        auto c = store.counts(*kioskId);
        if (!c) {
            SendStorageError(res, c.error());
            return;
        }
        res.set_content(json{{"kiosk_attendance", c->kioskAttendance},
                             {"kiosk_audit", c->kioskAudit},
                             {"all_attendance", c->allAttendance},
                             {"registrants", c->registrants}}
                            .dump(),
                        kJson);
    });
}

} // namespace

CentralServer::CentralServer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

CentralServer::~CentralServer() {
    stop();
}

core::Result<std::unique_ptr<CentralServer>> CentralServer::Start(const ServerOptions& options,
                                                                  const core::EventConfig& event,
                                                                  CentralStore& store) {
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    impl->event = &event;
    impl->store = &store;
    if (!options.tlsCert.empty() || !options.tlsKey.empty()) {
        auto tls =
            std::make_unique<httplib::SSLServer>(options.tlsCert.c_str(), options.tlsKey.c_str());
        if (!tls->is_valid()) {
            return core::MakeError(ErrorKind::Config, "cannot load the TLS certificate " +
                                                          options.tlsCert + " and key " +
                                                          options.tlsKey);
        }
        impl->server = std::move(tls);
    } else {
        impl->server = std::make_unique<httplib::Server>();
    }
    Install(*impl);
    const int port =
        options.port == 0
            ? impl->server->bind_to_any_port(options.host)
            : (impl->server->bind_to_port(options.host, options.port) ? options.port : -1);
    if (port <= 0) {
        return core::MakeError(ErrorKind::Config, "cannot listen on " + options.host + ":" +
                                                      std::to_string(options.port));
    }
    impl->port = port;
    httplib::Server* server = impl->server.get();
    impl->thread = std::thread([server] { server->listen_after_bind(); });
    // stop() is a no-op until the loop runs, so do not hand out a server that is not yet there.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!server->is_running() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::yield();
    }
    spdlog::info("central listening on {}:{}{}", options.host, port,
                 options.tlsCert.empty() ? "" : " (TLS)");
    return std::unique_ptr<CentralServer>(new CentralServer(std::move(impl)));
}

int CentralServer::port() const {
    return m_impl->port;
}

void CentralServer::stop() {
    if (m_impl && m_impl->server) {
        m_impl->server->stop();
        if (m_impl->thread.joinable()) {
            m_impl->thread.join();
        }
    }
}

void CentralServer::wait() {
    if (m_impl->thread.joinable()) {
        m_impl->thread.join();
    }
}

} // namespace accueil::sync
