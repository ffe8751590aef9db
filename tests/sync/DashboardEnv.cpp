// SPDX-License-Identifier: Apache-2.0
#include "DashboardEnv.h"

#include "AccueilProcess.h"
#include "DashboardData.h"

#include <accueil/sync/Accounts.h>

#include <regex>

namespace accueil::sync::test {

namespace {

void AddUser(CentralStore& store, const std::string& id, const std::string& role,
             const std::string& password) {
    auto hash = HashPassword(password);
    if (!hash || !store.addUser(id, role, *hash, core::NowUtcMillis())) {
        throw std::runtime_error("cannot add user " + id);
    }
}

} // namespace

DashboardEnv::DashboardEnv(int arrivals, int listed) {
    ServerOptions options;
    options.reportsDir = reportsDir;
    central = std::make_unique<Central>(dir, event, options);
    people = People(listed);
    if (!central->store->importRegistrants(people, {})) {
        throw std::runtime_error("cannot import the list");
    }
    AddUser(*central->store, kAdminId, "admin", kAdminPassword);
    AddUser(*central->store, kViewerId, "viewer", kViewerPassword);
    door =
        std::make_unique<Kiosk>(dir, event, "door-1", central->url(), central->addKiosk("door-1"));
    day = DashboardDay(*event.calendar, core::NowUtcMillis());
    door->sync(); // the list first, so plain IDs are admitted
    for (int i = 0; i < arrivals; ++i) {
        admitNext();
    }
}

const core::Registrant& DashboardEnv::admitNext() {
    while (static_cast<std::size_t>(scanned) < people.size()) {
        const core::Registrant& r = people[static_cast<std::size_t>(scanned)];
        // From 08:30, one every 7 minutes: a morning's curve over several quarter hours.
        const int at = 8 * 60 + 30 + 7 * scanned++;
        auto scan = door->store.recordScan(PlainScan(r.id, At(event, day, at / 60, at % 60)));
        if (scan && !scan->eventUuid.empty()) {
            admitted.push_back(&r);
            door->sync();
            return r;
        }
    }
    throw std::runtime_error("nobody left to admit");
}

std::string DashboardEnv::centralToml() const {
    std::string path = dir.file("central.toml");
    WriteFile(path, "[central]\ndatabase = \"" + central->dbPath + "\"\nlisten = \"127.0.0.1:" +
                        std::to_string(FreePort()) + "\"\nevent = \"" + ACCUEIL_SOURCE_DIR +
                        "/config/event.toml\"\nreports_dir = \"" + reportsDir + "\"\n");
    return path;
}

std::string SetCookie(const httplib::Response& res, const std::string& name) {
    const std::size_t n = res.get_header_value_count("Set-Cookie");
    for (std::size_t i = 0; i < n; ++i) {
        std::string value = res.get_header_value("Set-Cookie", i);
        if (value.rfind(name + "=", 0) == 0) {
            return value;
        }
    }
    return {};
}

std::pair<std::string, std::string> SignInForm(httplib::Client& client) {
    const auto form = client.Get("/sign-in");
    if (!form) {
        return {};
    }
    std::smatch m;
    const std::regex csrf(R"re(name="csrf" value="([0-9a-f]+)")re");
    const std::string cookie = SetCookie(*form, "accueil_sign_in");
    return {std::regex_search(form->body, m, csrf) ? m[1].str() : std::string(),
            cookie.substr(0, cookie.find(';'))};
}

httplib::Result PostSignIn(httplib::Client& client, const std::string& user,
                           const std::string& password) {
    const auto [csrf, cookie] = SignInForm(client);
    const httplib::Headers headers{{"Cookie", cookie}};
    return client.Post("/sign-in", headers,
                       httplib::Params{{"csrf", csrf}, {"user", user}, {"password", password}});
}

std::optional<HttpSession> SignIn(httplib::Client& client, const std::string& user,
                                  const std::string& password) {
    const auto r = PostSignIn(client, user, password);
    const std::string cookie = r ? SetCookie(*r, "accueil_session") : std::string();
    if (!r || r->status != 303 || cookie.empty()) {
        return std::nullopt;
    }
    HttpSession s{cookie.substr(0, cookie.find(';')), ""};
    const auto page = GetWith(client, "/", s.cookie);
    std::smatch m;
    const std::regex csrf(R"re(name="csrf" value="([^"]+)")re");
    if (page && std::regex_search(page->body, m, csrf)) {
        s.csrf = m[1].str();
    }
    return s;
}

httplib::Result GetWith(httplib::Client& client, const std::string& path,
                        const std::string& cookie) {
    return client.Get(path, httplib::Headers{{"Cookie", cookie}});
}

} // namespace accueil::sync::test
