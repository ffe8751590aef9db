// SPDX-License-Identifier: Apache-2.0
// The dashboard over plain HTTP: what it refuses without a session or a CSRF token, the
// lockout, the cookie, the headers, what a viewer's figures leave out; and `central user`.

#include "AccueilProcess.h"
#include "DashboardEnv.h"

#include <accueil/sync/Accounts.h>
#include <accueil/sync/CentralConfig.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>

namespace accueil::sync::test {
namespace {

using nlohmann::json;

struct DashboardTest : ::testing::Test {
    DashboardEnv env{3};
    httplib::Client client{"127.0.0.1", env.central->port};

    bool namesIn(const std::string& text) const {
        return std::ranges::any_of(env.people, [&](const core::Registrant& r) {
            return text.find(r.familyName) != std::string::npos ||
                   text.find(r.givenName + " ") != std::string::npos ||
                   text.find(r.id) != std::string::npos;
        });
    }

    static void expectSecurityHeaders(const httplib::Response& r) {
        EXPECT_EQ(r.get_header_value("Content-Security-Policy"),
                  "default-src 'self'; frame-ancestors 'none'");
        EXPECT_EQ(r.get_header_value("X-Content-Type-Options"), "nosniff");
        EXPECT_EQ(r.get_header_value("Cache-Control"), "no-store");
        EXPECT_EQ(r.get_header_value("Referrer-Policy"), "no-referrer");
    }
};

TEST_F(DashboardTest, WithoutASessionEveryRouteIsRefused) {
    const auto page = client.Get("/");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 303);
    EXPECT_EQ(page->get_header_value("Location").rfind("/sign-in", 0), 0U);
    const auto data = client.Get("/dashboard/data");
    ASSERT_TRUE(data);
    EXPECT_EQ(data->status, 401);
    EXPECT_EQ(json::parse(data->body)["error"]["code"], "signed_out");
    EXPECT_FALSE(namesIn(data->body));
    const auto out = client.Post("/sign-out", httplib::Params{{"csrf", "x"}});
    ASSERT_TRUE(out);
    EXPECT_EQ(out->status, 403);
    // A cookie that names no session is no session.
    const auto forged = GetWith(client, "/dashboard/data", "accueil_session=forged");
    ASSERT_TRUE(forged);
    EXPECT_EQ(forged->status, 401);
}

TEST_F(DashboardTest, SignInNeedsTheFormsToken) {
    const auto [csrf, cookie] = SignInForm(client);
    ASSERT_FALSE(csrf.empty());
    ASSERT_FALSE(cookie.empty());
    const httplib::Params noToken{{"user", kAdminId}, {"password", kAdminPassword}};
    const auto without = client.Post("/sign-in", httplib::Headers{{"Cookie", cookie}}, noToken);
    ASSERT_TRUE(without);
    EXPECT_EQ(without->status, 403);
    EXPECT_TRUE(SetCookie(*without, "accueil_session").empty());
    httplib::Params wrong = noToken;
    wrong.emplace("csrf", std::string(csrf.size(), '0'));
    const auto forged = client.Post("/sign-in", httplib::Headers{{"Cookie", cookie}}, wrong);
    ASSERT_TRUE(forged);
    EXPECT_EQ(forged->status, 403);
    // The right token without its cookie (another browser's) is refused too.
    httplib::Params right = noToken;
    right.emplace("csrf", csrf);
    const auto noCookie = client.Post("/sign-in", right);
    ASSERT_TRUE(noCookie);
    EXPECT_EQ(noCookie->status, 403);
    // The token in the query string instead of the form is not the form's.
    const auto inQuery =
        client.Post("/sign-in?csrf=" + csrf, httplib::Headers{{"Cookie", cookie}}, noToken);
    ASSERT_TRUE(inQuery);
    EXPECT_EQ(inQuery->status, 403);
    const auto ok = client.Post("/sign-in", httplib::Headers{{"Cookie", cookie}}, right);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 303);
    EXPECT_FALSE(SetCookie(*ok, "accueil_session").empty());
}

TEST_F(DashboardTest, TheSessionCookieIsHttpOnlyStrictAndOnlyItsHashIsKept) {
    const auto r = PostSignIn(client, kAdminId, kAdminPassword);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 303);
    const std::string cookie = SetCookie(*r, "accueil_session");
    EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("; Path=/"), std::string::npos) << cookie;
    EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "plain HTTP: " << cookie;
    const std::string token = cookie.substr(16, cookie.find(';') - 16);
    EXPECT_EQ(token.size(), 43U); // 32 random bytes in URL-safe base64
    // The database holds the token's hash, never the token.
    std::string stored;
    for (const char* suffix : {"", "-wal"}) {
        std::ifstream file(env.central->dbPath + suffix, std::ios::binary);
        stored.append(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    }
    EXPECT_EQ(stored.find(token), std::string::npos);
    EXPECT_NE(stored.find(HashToken(token)), std::string::npos);
}

TEST_F(DashboardTest, EveryAnswerCarriesTheSecurityHeaders) {
    const auto session = SignIn(client, kAdminId, kAdminPassword);
    ASSERT_TRUE(session);
    for (const char* path : {"/", "/sign-in", "/dashboard/data", "/dashboard/dashboard.js",
                             "/dashboard/dashboard.css"}) {
        const auto r = GetWith(client, path, session->cookie);
        ASSERT_TRUE(r) << path;
        EXPECT_EQ(r->status, 200) << path;
        SCOPED_TRACE(path);
        expectSecurityHeaders(*r);
    }
    const auto refused = client.Get("/dashboard/data");
    ASSERT_TRUE(refused);
    expectSecurityHeaders(*refused);
    const auto redirect = client.Get("/");
    ASSERT_TRUE(redirect);
    expectSecurityHeaders(*redirect);
    // The page runs no inline script: its script is a file, as the policy demands.
    const auto page = GetWith(client, "/", session->cookie);
    EXPECT_EQ(page->body.find("<script>"), std::string::npos);
    EXPECT_NE(page->body.find(R"(<script src="/dashboard/dashboard.js")"), std::string::npos);
}

TEST_F(DashboardTest, AViewersFiguresHoldNoNameAndAnAdminsDo) {
    const auto viewer = SignIn(client, kViewerId, kViewerPassword);
    ASSERT_TRUE(viewer);
    const auto v = GetWith(client, "/dashboard/data", viewer->cookie);
    ASSERT_TRUE(v);
    ASSERT_EQ(v->status, 200);
    const json figures = json::parse(v->body);
    EXPECT_EQ(figures["total"]["admitted"], 3);
    EXPECT_TRUE(figures["latest_arrivals"].is_null());
    EXPECT_FALSE(namesIn(v->body)) << v->body;
    const auto page = GetWith(client, "/", viewer->cookie);
    EXPECT_FALSE(namesIn(page->body));

    const auto admin = SignIn(client, kAdminId, kAdminPassword);
    ASSERT_TRUE(admin);
    const auto a = GetWith(client, "/dashboard/data", admin->cookie);
    const json all = json::parse(a->body);
    ASSERT_EQ(all["latest_arrivals"].size(), 3U);
    // Newest first: the third check-in.
    EXPECT_EQ(all["latest_arrivals"][0]["name"], env.admitted[2]->displayName());
    EXPECT_EQ(all["latest_arrivals"][0]["door"], "door-1");
    EXPECT_EQ(all["doors"][0]["id"], "door-1");
    EXPECT_EQ(all["doors"][0]["state"], "online");
}

TEST_F(DashboardTest, FiveWrongPasswordsLockTheAccountEvenAgainstTheRightOne) {
    for (int i = 0; i < 5; ++i) {
        const auto r = PostSignIn(client, kAdminId, "not the password at all");
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 401);
        EXPECT_TRUE(SetCookie(*r, "accueil_session").empty());
    }
    const auto locked = PostSignIn(client, kAdminId, kAdminPassword);
    ASSERT_TRUE(locked);
    EXPECT_EQ(locked->status, 401);
    EXPECT_TRUE(SetCookie(*locked, "accueil_session").empty());
    // The same answer as for a user nobody added.
    const auto unknown = PostSignIn(client, "nobody", kAdminPassword);
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->status, 401);
    EXPECT_NE(locked->body.find("Unknown user or wrong password"), std::string::npos);
    EXPECT_NE(unknown->body.find("Unknown user or wrong password"), std::string::npos);
    auto users = env.central->store->listUsers();
    ASSERT_TRUE(users);
    ASSERT_TRUE(users->front().lockedUntil);
    const core::UtcMillis until = *users->front().lockedUntil;
    // The viewer was not locked by the admin's failures.
    EXPECT_TRUE(SignIn(client, kViewerId, kViewerPassword));
    // Five minutes on, the lock has run out.
    SignInLimits limits;
    auto slot = env.central->store->claimSignIn(kAdminId, until - 1, limits);
    ASSERT_TRUE(slot);
    EXPECT_EQ(slot->state, SignInSlot::State::Locked);
    slot = env.central->store->claimSignIn(kAdminId, until, limits);
    ASSERT_TRUE(slot);
    EXPECT_EQ(slot->state, SignInSlot::State::Claimed);
}

TEST_F(DashboardTest, SigningOutNeedsTheSessionsTokenAndEndsIt) {
    const auto session = SignIn(client, kAdminId, kAdminPassword);
    ASSERT_TRUE(session);
    ASSERT_FALSE(session->csrf.empty());
    const httplib::Headers cookie{{"Cookie", session->cookie}};
    const auto noToken = client.Post("/sign-out", cookie, httplib::Params{});
    ASSERT_TRUE(noToken);
    EXPECT_EQ(noToken->status, 403);
    EXPECT_EQ(GetWith(client, "/dashboard/data", session->cookie)->status, 200);
    const auto out = client.Post("/sign-out", cookie, httplib::Params{{"csrf", session->csrf}});
    ASSERT_TRUE(out);
    EXPECT_EQ(out->status, 303);
    EXPECT_NE(SetCookie(*out, "accueil_session").find("Max-Age=0"), std::string::npos);
    EXPECT_EQ(GetWith(client, "/dashboard/data", session->cookie)->status, 401);
}

TEST_F(DashboardTest, ARemovedUsersSessionsEndAndANewPasswordEndsThemToo) {
    const auto viewer = SignIn(client, kViewerId, kViewerPassword);
    const auto admin = SignIn(client, kAdminId, kAdminPassword);
    ASSERT_TRUE(viewer && admin);
    ASSERT_TRUE(env.central->store->removeUser(kViewerId));
    EXPECT_EQ(GetWith(client, "/dashboard/data", viewer->cookie)->status, 401);
    EXPECT_FALSE(SignIn(client, kViewerId, kViewerPassword));
    auto hash = HashPassword("another long password");
    ASSERT_TRUE(hash);
    ASSERT_TRUE(env.central->store->setUserPassword(kAdminId, *hash));
    EXPECT_EQ(GetWith(client, "/dashboard/data", admin->cookie)->status, 401);
    EXPECT_FALSE(SignIn(client, kAdminId, kAdminPassword));
    EXPECT_TRUE(SignIn(client, kAdminId, "another long password"));
}

TEST_F(DashboardTest, ASessionEndsAfterTwelveHoursUnused) {
    const auto session = SignIn(client, kAdminId, kAdminPassword);
    ASSERT_TRUE(session);
    const std::string hash = HashToken(session->cookie.substr(16));
    const core::UtcMillis now = core::NowUtcMillis();
    const core::UtcMillis twelveHours = core::UtcMillis{12} * 3600 * 1000;
    auto used = env.central->store->useSession(hash, now + twelveHours - 1000, twelveHours);
    ASSERT_TRUE(used);
    EXPECT_TRUE(*used) << "used within 12 h: it stands, and its 12 h start again";
    used = env.central->store->useSession(hash, now + 2 * twelveHours - 2000, twelveHours);
    ASSERT_TRUE(used);
    EXPECT_TRUE(*used);
    used = env.central->store->useSession(hash, now + 3 * twelveHours, twelveHours);
    ASSERT_TRUE(used);
    EXPECT_FALSE(*used) << "12 h unused: over";
    EXPECT_EQ(GetWith(client, "/dashboard/data", session->cookie)->status, 401);
}

TEST_F(DashboardTest, KiosksStillGetJsonErrorsOnV1) {
    const auto r = client.Get("/v1/registrants?since=0");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(json::parse(r->body)["error"]["code"], "unauthorized");
}

// `accueil central user`: the password from standard input, never shorter than 12.
TEST_F(DashboardTest, CentralUserCommands) {
    const std::string config = env.centralToml();
    const auto run = [&](const std::string& input, const std::string& args) {
        return CommandOutput({"/bin/sh", "-c",
                              "printf '%s\\n' '" + input + "' | " + kAccueil +
                                  " central --config " + config + " user " + args});
    };
    auto [shortOut, shortStatus] = run("eleven char", "add --id eve --role viewer");
    EXPECT_EQ(shortStatus, 4) << shortOut;
    EXPECT_NE(shortOut.find("shorter than 12 characters"), std::string::npos) << shortOut;
    auto [badRole, badRoleStatus] = run("twelve chars!", "add --id eve --role owner");
    EXPECT_NE(badRoleStatus, 0) << badRole;
    auto [added, addedStatus] = run("twelve chars!", "add --id eve --role viewer");
    EXPECT_EQ(addedStatus, 0) << added;
    auto [again, againStatus] = run("twelve chars!", "add --id eve --role admin");
    EXPECT_EQ(againStatus, 7) << again;
    EXPECT_NE(again.find("exists already"), std::string::npos) << again;
    auto [listed, listStatus] = run("", "list");
    EXPECT_EQ(listStatus, 0);
    EXPECT_NE(listed.find("eve  viewer"), std::string::npos) << listed;
    EXPECT_EQ(listed.find("$argon2"), std::string::npos) << listed;
    EXPECT_TRUE(SignIn(client, "eve", "twelve chars!"));
    auto [reset, resetStatus] = run("a new one, longer", "password --id eve");
    EXPECT_EQ(resetStatus, 0) << reset;
    EXPECT_FALSE(SignIn(client, "eve", "twelve chars!"));
    EXPECT_TRUE(SignIn(client, "eve", "a new one, longer"));
    auto [removed, removedStatus] = run("", "remove --id eve");
    EXPECT_EQ(removedStatus, 0) << removed;
    auto [gone, goneStatus] = run("", "remove --id eve");
    EXPECT_EQ(goneStatus, 7) << gone;
    EXPECT_FALSE(SignIn(client, "eve", "a new one, longer"));
}

// A closed day's documents, written by the real freeze into central.toml's reports_dir, are
// offered and downloaded with any session, never without one; nothing else of the folder is.
TEST_F(DashboardTest, AClosedDaysDocumentsAreOfferedAndDownloaded) {
    const std::string day = env.event.calendar->days().front(); // long over
    ASSERT_EQ(Accueil({"central", "--config", env.centralToml(), "freeze", "--day", day}), 0);
    WriteFile(env.reportsDir + "/notes.txt", "not a document");
    const auto viewer = SignIn(client, kViewerId, kViewerPassword);
    ASSERT_TRUE(viewer);
    const auto data = GetWith(client, "/dashboard/data", viewer->cookie);
    ASSERT_TRUE(data);
    const json documents = json::parse(data->body).at("documents");
    ASSERT_EQ(documents.size(), 4U) << documents.dump();
    EXPECT_EQ(documents[0].at("href"), "/dashboard/documents/" + day + ".pdf");
    EXPECT_EQ(documents[1].at("format"), "xlsx");

    const auto pdf = GetWith(client, "/dashboard/documents/" + day + ".pdf", viewer->cookie);
    ASSERT_TRUE(pdf);
    EXPECT_EQ(pdf->status, 200);
    EXPECT_EQ(pdf->body.rfind("%PDF-", 0), 0U);
    EXPECT_EQ(pdf->get_header_value("Content-Type"), "application/pdf");
    EXPECT_NE(pdf->get_header_value("Content-Disposition").find("attachment; filename="),
              std::string::npos);
    expectSecurityHeaders(*pdf);
    const auto xlsx = GetWith(client, "/dashboard/documents/" + day + ".xlsx", viewer->cookie);
    ASSERT_TRUE(xlsx);
    EXPECT_EQ(xlsx->body.rfind("PK", 0), 0U) << "a zip";

    const auto anonymous = client.Get("/dashboard/documents/" + day + ".pdf");
    ASSERT_TRUE(anonymous);
    EXPECT_EQ(anonymous->status, 401);
    for (const std::string& path : std::vector<std::string>{
             "/dashboard/documents/2024-01-01.pdf", "/dashboard/documents/" + day + ".txt",
             std::string("/dashboard/documents/notes.txt"),
             std::string("/dashboard/documents/..%2Fcentral.db"),
             "/dashboard/documents/" + env.event.calendar->days().back() + ".pdf"}) {
        const auto refused = GetWith(client, path, viewer->cookie);
        ASSERT_TRUE(refused);
        EXPECT_EQ(refused->status, 404) << path;
    }
}

// Without dashboard_language, the dashboard opens in the event's first working language when
// it has it; central.toml's key overrides.
TEST(DashboardLanguage, TheEventsFirstLanguageUnlessCentralTomlSays) {
    TempDir dir;
    std::ifstream example(ACCUEIL_SOURCE_DIR "/config/event.toml");
    const std::string event((std::istreambuf_iterator<char>(example)),
                            std::istreambuf_iterator<char>());
    const auto languageWith = [&](const std::string& eventLanguages, const std::string& key) {
        std::string text = event;
        if (!eventLanguages.empty()) {
            text.insert(text.find("venue = "), "languages = " + eventLanguages + "\n");
        }
        std::ofstream(dir.file("event.toml"), std::ios::trunc) << text;
        std::ofstream(dir.file("central.toml"), std::ios::trunc)
            << "[central]\ndatabase = \"central.db\"\nevent = \"event.toml\"\n"
            << key;
        auto loaded = LoadCentralConfig(dir.file("central.toml"));
        EXPECT_TRUE(loaded) << loaded.error().message;
        return loaded ? loaded->server.dashboardLanguage : std::string();
    };
    EXPECT_EQ(languageWith("", ""), "en");
    EXPECT_EQ(languageWith(R"(["fr", "en"])", ""), "fr");
    EXPECT_EQ(languageWith(R"(["es", "fr"])", ""), "en") << "the dashboard has no Spanish";
    EXPECT_EQ(languageWith(R"(["fr", "en"])", "dashboard_language = \"en\"\n"), "en");
}

} // namespace
} // namespace accueil::sync::test
