// SPDX-License-Identifier: Apache-2.0
// The dashboard's routes. A browser signs in through a form whose CSRF token is a signed
// double-submit value (an HMAC of a random pre-session cookie, under a key this process made),
// then holds a session cookie whose token only the hash of is stored. Every form POST carries
// a CSRF token; every answer forbids framing, sniffing, caching and referrers; the page runs
// no inline script (its script is a file, the CSP says 'self' only).

#include "Dashboard.h"

#include "DashboardAssets.h"
#include "DashboardData.h"

#include <accueil/sync/Accounts.h>
#include <accueil/sync/DayDocuments.h>
#include <accueil/sync/Tokens.h>

#include <nlohmann/json.hpp>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <stdexcept>

namespace accueil::sync {

using core::UtcMillis;
using nlohmann::json;

namespace {

constexpr const char* kSignInCookie = "accueil_sign_in";
constexpr SignInLimits kSignInLimits{5, 300'000};

// What the dashboard's routes share beyond the RouteContext.
struct DashboardState {
    const RouteContext* ctx = nullptr;
    std::array<unsigned char, crypto_auth_KEYBYTES> formKey{}; ///< signs sign-in form tokens
    std::mutex hashing; ///< one password check at a time: each takes 64 MiB for a moment
    bool secure = false;
};

void SecurityHeaders(httplib::Response& res) {
    res.set_header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Cache-Control", "no-store");
    res.set_header("Referrer-Policy", "no-referrer");
}

void SendJsonError(httplib::Response& res, int status, const char* code,
                   const std::string& message) {
    SecurityHeaders(res);
    res.status = status;
    res.set_content(json{{"error", {{"code", code}, {"message", message}}}}.dump(),
                    "application/json");
}

void Redirect(httplib::Response& res, const std::string& to) {
    SecurityHeaders(res);
    res.status = 303;
    res.set_header("Location", to);
}

// The value of cookie `name` in the request's Cookie header(s), "" when absent.
std::string CookieValue(const httplib::Request& req, std::string_view name) {
    const std::size_t count = req.get_header_value_count("Cookie");
    for (std::size_t i = 0; i < count; ++i) {
        const std::string header = req.get_header_value("Cookie", i);
        std::size_t at = 0;
        while (at < header.size()) {
            std::size_t end = header.find(';', at);
            end = end == std::string::npos ? header.size() : end;
            std::string_view pair(header.data() + at, end - at);
            while (!pair.empty() && pair.front() == ' ') {
                pair.remove_prefix(1);
            }
            if (pair.size() > name.size() && pair.substr(0, name.size()) == name &&
                pair[name.size()] == '=') {
                return std::string(pair.substr(name.size() + 1));
            }
            at = end + 1;
        }
    }
    return {};
}

// A Set-Cookie value: HttpOnly, SameSite=Strict, for the whole site, Secure over TLS; an empty
// value clears the cookie.
std::string Cookie(const DashboardState& state, const char* name, const std::string& value) {
    std::string out = std::string(name) + "=" + value + "; HttpOnly; SameSite=Strict; Path=/";
    if (value.empty()) {
        out += "; Max-Age=0";
    }
    if (state.secure) {
        out += "; Secure";
    }
    return out;
}

// The sign-in form's CSRF token for a pre-session cookie's value: its HMAC under this process's
// key, in hex. Nobody without the key can make one, and it fits only its own cookie.
std::string FormToken(const DashboardState& state, const std::string& nonce) {
    std::array<unsigned char, crypto_auth_BYTES> mac{};
    crypto_auth(mac.data(), reinterpret_cast<const unsigned char*>(nonce.data()), nonce.size(),
                state.formKey.data());
    std::array<char, crypto_auth_BYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), mac.data(), mac.size());
    return {hex.data()};
}

// The body's fields of a form POST (not the query string's).
httplib::Params FormFields(const httplib::Request& req) {
    httplib::Params fields;
    if (req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0) {
        httplib::detail::parse_query_text(req.body, fields);
    }
    return fields;
}

std::string Field(const httplib::Params& fields, const char* name) {
    const auto it = fields.find(name);
    return it == fields.end() ? std::string() : it->second;
}

std::string HtmlEscape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string_view Asset(std::string_view name) {
    const auto bytes = DashboardAsset(name);
    if (!bytes) {
        throw std::logic_error("the dashboard asset " + std::string(name) + " is not compiled in");
    }
    return *bytes;
}

// assets/dashboard/strings.json: {"en": {key: text}, "fr": {…}}.
const json& Strings() {
    static const json strings = json::parse(Asset("strings.json"));
    return strings;
}

// The page's language: ?lang=en|fr (or the form's), else the central's dashboard_language.
std::string LanguageOf(const DashboardState& state, const std::string& asked) {
    return asked == "en" || asked == "fr" ? asked : state.ctx->options.dashboardLanguage;
}

// A page from its template: every {{key}} replaced by `vars`' value, or the language's text,
// HTML-escaped either way (attribute values too: the template quotes them all).
std::string Render(const DashboardState& state, std::string_view page, const std::string& language,
                   std::map<std::string, std::string> vars) {
    const json& texts = Strings().at(language);
    const std::string other = language == "fr" ? "en" : "fr";
    vars.emplace("lang", language);
    vars.emplace("other_lang", other);
    vars.emplace("other_lang_name", Strings().at(other).at("lang_name").get<std::string>());
    vars.emplace("event_name", state.ctx->event->displayName(language));
    std::string out;
    std::size_t at = 0;
    while (true) {
        const std::size_t open = page.find("{{", at);
        if (open == std::string_view::npos) {
            out.append(page.substr(at));
            return out;
        }
        const std::size_t close = page.find("}}", open);
        out.append(page.substr(at, open - at));
        const std::string key(page.substr(open + 2, close - open - 2));
        if (const auto v = vars.find(key); v != vars.end()) {
            out += HtmlEscape(v->second);
        } else if (texts.contains(key)) {
            out += HtmlEscape(texts.at(key).get<std::string>());
        }
        at = close + 2;
    }
}

void SendHtml(httplib::Response& res, int status, const std::string& html) {
    SecurityHeaders(res);
    res.status = status;
    res.set_content(html, "text/html; charset=utf-8");
}

// A user id as the log may show it: what the form sent, cut and without control characters
// (it is typed by anyone who reaches the page).
std::string LoggedId(const std::string& id) {
    std::string out;
    for (const char c : id.substr(0, 64)) {
        out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
    }
    return out;
}

// The request's session, if its cookie names a live one. Errors: Storage.
core::Result<std::optional<DashboardSession>> SessionOf(const DashboardState& state,
                                                        const httplib::Request& req) {
    const std::string token = CookieValue(req, kSessionCookie);
    if (token.empty()) {
        return std::optional<DashboardSession>();
    }
    return state.ctx->store->useSession(HashToken(token), core::NowUtcMillis(), kSessionIdle);
}

void StorageFailed(httplib::Response& res, const core::Error& e) {
    spdlog::error("dashboard storage: {}", e.message);
    SendJsonError(res, 500, "internal", "the central could not read or write its database");
}

// The sign-in form, with a fresh pre-session cookie and the token that goes with it.
void SendSignInForm(const DashboardState& state, httplib::Response& res, int status,
                    const std::string& language, const std::string& error,
                    const std::string& user) {
    const std::string nonce = NewKioskToken();
    res.set_header("Set-Cookie", Cookie(state, kSignInCookie, nonce));
    SendHtml(res, status,
             Render(state, Asset("sign-in.html"), language,
                    {{"csrf", FormToken(state, nonce)},
                     {"user", user},
                     {"error", error},
                     {"error_hidden", error.empty() ? "hidden" : ""}}));
}

// GET /: the page for a signed-in browser, the sign-in form's address for any other.
void HandlePage(const DashboardState& state, const httplib::Request& req, httplib::Response& res) {
    const std::string language = LanguageOf(state, req.get_param_value("lang"));
    auto session = SessionOf(state, req);
    if (!session) {
        return StorageFailed(res, session.error());
    }
    if (!*session) {
        return Redirect(res, "/sign-in?lang=" + language);
    }
    const json& texts = Strings().at(language);
    const DashboardSession& s = **session;
    SendHtml(res, 200,
             Render(state, Asset("dashboard.html"), language,
                    {{"csrf", s.csrf},
                     {"user", s.userId},
                     {"role", s.role},
                     {"role_name", texts.at("role_" + s.role).get<std::string>()},
                     {"i18n_json", texts.dump()}}));
}

// GET /sign-in.
void HandleSignInForm(const DashboardState& state, const httplib::Request& req,
                      httplib::Response& res) {
    SendSignInForm(state, res, 200, LanguageOf(state, req.get_param_value("lang")), "", "");
}

// Whether `user` signs in with `password` now, by the rules of the staff PINs: one answer
// and the same hashing work for an unknown user, a locked account and a wrong password.
core::Result<std::optional<std::string>> CheckSignIn(DashboardState& state, const std::string& user,
                                                     const std::string& password) {
    CentralStore& store = *state.ctx->store;
    const UtcMillis now = core::NowUtcMillis();
    const std::lock_guard hashing(state.hashing);
    if (!CheckUserId(user)) {
        HashAgainstNobody(password);
        return std::optional<std::string>();
    }
    auto slot = store.claimSignIn(user, now, kSignInLimits);
    if (!slot) {
        return std::move(slot).error();
    }
    if (slot->state != SignInSlot::State::Claimed) {
        HashAgainstNobody(password);
        return std::optional<std::string>();
    }
    const bool right = VerifyPassword(slot->passwordHash, password);
    auto stands = store.finishSignIn(user, right, core::NowUtcMillis(), kSignInLimits);
    if (!stands) {
        return std::move(stands).error();
    }
    return *stands ? std::optional<std::string>(slot->role) : std::nullopt;
}

// POST /sign-in: the form's token must fit the pre-session cookie; then the password.
void HandleSignIn(DashboardState& state, const httplib::Request& req, httplib::Response& res) {
    const httplib::Params fields = FormFields(req);
    const std::string language = LanguageOf(state, Field(fields, "lang"));
    const std::string client = state.ctx->client(req);
    const std::string nonce = CookieValue(req, kSignInCookie);
    if (nonce.empty() || !SameHash(FormToken(state, nonce), Field(fields, "csrf"))) {
        spdlog::warn("dashboard sign-in from {} refused: no valid CSRF token", client);
        return SendHtml(res, 403,
                        Render(state, Asset("sign-in.html"), language,
                               {{"csrf", ""},
                                {"user", ""},
                                {"error", Strings().at(language).at("form_expired")},
                                {"error_hidden", ""}}));
    }
    const std::string user = Field(fields, "user");
    auto role = CheckSignIn(state, user, Field(fields, "password"));
    if (!role) {
        return StorageFailed(res, role.error());
    }
    if (!*role) {
        spdlog::warn("dashboard sign-in of \"{}\" from {} refused (unknown user, wrong password "
                     "or locked)",
                     LoggedId(user), client);
        return SendSignInForm(state, res, 401, language,
                              Strings().at(language).at("sign_in_refused"), user);
    }
    const UtcMillis now = core::NowUtcMillis();
    const std::string token = NewKioskToken(); // 256 random bits
    const DashboardSession session{HashToken(token),  user, **role, NewKioskToken(), now, now,
                                   now + kSessionIdle};
    if (auto kept = state.ctx->store->putSession(session); !kept) {
        return StorageFailed(res, kept.error());
    }
    spdlog::info("dashboard sign-in of \"{}\" ({}) from {}", LoggedId(user), **role, client);
    res.set_header("Set-Cookie", Cookie(state, kSessionCookie, token));
    res.set_header("Set-Cookie", Cookie(state, kSignInCookie, ""));
    Redirect(res, "/?lang=" + language);
}

// POST /sign-out: the session's CSRF token, or nothing happens.
void HandleSignOut(const DashboardState& state, const httplib::Request& req,
                   httplib::Response& res) {
    auto session = SessionOf(state, req);
    if (!session) {
        return StorageFailed(res, session.error());
    }
    const httplib::Params fields = FormFields(req);
    if (!*session || !SameHash((*session)->csrf, Field(fields, "csrf"))) {
        return SendJsonError(res, 403, "forbidden", "no session, or no valid CSRF token");
    }
    if (auto ended = state.ctx->store->endSession((*session)->tokenHash); !ended) {
        return StorageFailed(res, ended.error());
    }
    spdlog::info("dashboard sign-out of \"{}\" from {}", (*session)->userId,
                 state.ctx->client(req));
    res.set_header("Set-Cookie", Cookie(state, kSessionCookie, ""));
    Redirect(res, "/sign-in?lang=" + LanguageOf(state, Field(fields, "lang")));
}

// GET /dashboard/data: the figures, for a session; names only for an administrator.
void HandleData(const DashboardState& state, const httplib::Request& req, httplib::Response& res) {
    auto session = SessionOf(state, req);
    if (!session) {
        return StorageFailed(res, session.error());
    }
    if (!*session) {
        return SendJsonError(res, 401, "signed_out", "sign in at /sign-in first");
    }
    const std::string language = LanguageOf(state, req.get_param_value("lang"));
    auto data =
        DashboardDataJson(*state.ctx, (*session)->role == "admin", language, core::NowUtcMillis());
    if (!data) {
        return StorageFailed(res, data.error());
    }
    SecurityHeaders(res);
    res.set_content(data->dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

// GET /dashboard/documents/DAY.FORMAT: a closed day's document from reports_dir, for any
// session (documents hold figures, never names). The file's path is made from the event and a
// meeting day and format checked against the lists, never from the request's text.
void HandleDocument(const DashboardState& state, const httplib::Request& req,
                    httplib::Response& res) {
    auto session = SessionOf(state, req);
    if (!session) {
        return StorageFailed(res, session.error());
    }
    if (!*session) {
        return SendJsonError(res, 401, "signed_out", "sign in at /sign-in first");
    }
    const core::EventConfig& event = *state.ctx->event;
    const std::string day = req.matches[1];
    const std::string format = req.matches[2];
    const auto& formats = kDayDocumentFormats;
    const bool known = event.calendar->isMeetingDay(day) &&
                       std::find(formats.begin(), formats.end(), format) != formats.end();
    const std::string path = DayDocumentPath(state.ctx->options.reportsDir, event.id, day, format);
    std::ifstream file(path, std::ios::binary);
    if (!known || state.ctx->options.reportsDir.empty() || !file) {
        return SendJsonError(res, 404, "not_found", "no such document");
    }
    std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    static const std::map<std::string, std::string> kTypes{
        {"pdf", "application/pdf"},
        {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {"csv", "text/csv; charset=utf-8"},
        {"json", "application/json"}};
    SecurityHeaders(res);
    res.set_header("Content-Disposition",
                   "attachment; filename=\"" + event.id + "-" + day + "." + format + "\"");
    res.set_content(bytes, kTypes.at(format));
    spdlog::info("dashboard document {}.{} sent to \"{}\"", day, format, (*session)->userId);
}

void ServeAsset(httplib::Server& server, const char* path, const char* name, const char* type) {
    server.Get(path, [name, type](const httplib::Request& /*req*/, httplib::Response& res) {
        SecurityHeaders(res);
        const std::string_view bytes = Asset(name);
        res.set_content(bytes.data(), bytes.size(), type);
    });
}

} // namespace

void InstallDashboard(httplib::Server& server, const RouteContext& ctx) {
    if (sodium_init() < 0) {
        throw std::runtime_error("libsodium failed to initialise");
    }
    // Shared by the handlers, which the server keeps as long as it lives.
    auto state = std::make_shared<DashboardState>();
    state->ctx = &ctx;
    crypto_auth_keygen(state->formKey.data());
    state->secure = !ctx.options.tlsCert.empty();
    server.Get("/", [state](const httplib::Request& req, httplib::Response& res) {
        HandlePage(*state, req, res);
    });
    server.Get("/sign-in", [state](const httplib::Request& req, httplib::Response& res) {
        HandleSignInForm(*state, req, res);
    });
    server.Post("/sign-in", [state](const httplib::Request& req, httplib::Response& res) {
        HandleSignIn(*state, req, res);
    });
    server.Post("/sign-out", [state](const httplib::Request& req, httplib::Response& res) {
        HandleSignOut(*state, req, res);
    });
    server.Get("/dashboard/data", [state](const httplib::Request& req, httplib::Response& res) {
        HandleData(*state, req, res);
    });
    server.Get(R"(/dashboard/documents/(\d{4}-\d{2}-\d{2})\.([a-z]{3,4}))",
               [state](const httplib::Request& req, httplib::Response& res) {
                   HandleDocument(*state, req, res);
               });
    ServeAsset(server, "/dashboard/dashboard.js", "dashboard.js", "text/javascript; charset=utf-8");
    ServeAsset(server, "/dashboard/dashboard.css", "dashboard.css", "text/css; charset=utf-8");
}

} // namespace accueil::sync
