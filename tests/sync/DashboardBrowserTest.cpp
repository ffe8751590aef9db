// SPDX-License-Identifier: Apache-2.0
// The dashboard in Debian's headless Chromium (through chromedriver): signing in through the
// form, the figures the page shows against `accueil central report`'s, what a viewer sees, a
// refused password, the phone's layout, and a check-in reaching the page within its poll.
// Without chromedriver these tests fail: they are part of the suite, not optional.

#include "AccueilProcess.h"
#include "DashboardEnv.h"
#include "WebDriver.h"

#include <accueil/sync/DoorStates.h>

#include <nlohmann/json.hpp>

#include <iomanip>
#include <sstream>

namespace accueil::sync::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

std::string Screenshot(const std::string& name) {
    return std::string(ACCUEIL_SCREENSHOT_DIR) + "/dashboard-" + name + ".png";
}

// Signs in through the form at `url`.
void SignInThroughTheForm(WebDriver& browser, const std::string& url, const std::string& user,
                          const std::string& password) {
    browser.navigate(url + "/");
    ASSERT_TRUE(WebDriver::WaitUntil([&] { return !browser.find("#password").empty(); }))
        << "no sign-in form at " << browser.currentUrl();
    browser.sendKeys(browser.find("#user"), user);
    browser.sendKeys(browser.find("#password"), password);
    browser.click(browser.find("#sign-in"));
}

// Waits until the page shows figures (its script filled in the big number).
bool FiguresShown(WebDriver& browser) {
    return WebDriver::WaitUntil([&] {
        const std::string admitted = browser.textOf("#admitted");
        return !admitted.empty() && admitted != "–";
    });
}

// A request from the door holding `token` that says what a kiosk says of itself in its
// headers (docs/sync-protocol.md, "The door's state").
void DoorSays(const Central& central, const std::string& token, const std::string& version,
              int queue, const std::string& error) {
    httplib::Client client("127.0.0.1", central.port);
    httplib::Headers headers{{"Authorization", "Bearer " + token},
                             {kVersionHeader, version},
                             {kQueueHeader, std::to_string(queue)}};
    if (!error.empty()) {
        headers.emplace(kLastErrorHeader, EncodeLastError(core::NowUtcMillis(), error));
    }
    const auto r = client.Get("/v1/settings", headers);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200);
}

struct DashboardBrowserTest : ::testing::Test {
    DashboardEnv env{5};
    std::unique_ptr<WebDriver> browser;

    void SetUp() override {
        browser = std::make_unique<WebDriver>(1366, 768);
        ASSERT_TRUE(browser->ok()) << browser->error();
    }

    void signIn(const std::string& user, const std::string& password) const {
        SignInThroughTheForm(*browser, env.central->url(), user, password);
    }

    bool figuresShown() const { return FiguresShown(*browser); }

    json cliReport() const {
        auto [out, status] = AccueilOutput({"central", "--config", env.centralToml(), "report",
                                            "--day", env.day, "--format", "json"});
        EXPECT_EQ(status, 0) << out;
        // Standard error (the provisional note) may follow the JSON.
        return json::parse(out.substr(0, out.rfind('}') + 1), nullptr, false);
    }

    std::string pageText() const { return browser->execute("return document.body.innerText;"); }
};

TEST_F(DashboardBrowserTest, AnAdminSignsInAndSeesTheCentralsFigures) {
    signIn(kAdminId, kAdminPassword);
    ASSERT_TRUE(figuresShown()) << pageText();
    const json report = cliReport();
    ASSERT_TRUE(report.is_object());
    // The big numbers: the report's total row of the day.
    for (const json& row : report["rows"]) {
        if (row["dimension"] == "total") {
            EXPECT_EQ(browser->textOf("#admitted"), std::to_string(row["admitted"].get<int>()));
            EXPECT_EQ(browser->textOf("#expected"), std::to_string(row["expected"].get<int>()));
        }
    }
    EXPECT_EQ(browser->textOf("#admitted"), "5");
    // The gender table, delegation by delegation, as `central report` counts it.
    ASSERT_FALSE(report["by_delegation_gender"].empty());
    for (const json& row : report["by_delegation_gender"]) {
        const std::string tr =
            "#gender tr[data-delegation=\"" + row["delegation"].get<std::string>() + "\"] ";
        SCOPED_TRACE(row.dump());
        for (const char* gender : {"female", "male", "other", "undisclosed", "attended"}) {
            EXPECT_EQ(browser->textOf(tr + "td." + gender), std::to_string(row[gender].get<int>()));
        }
        std::ostringstream percent;
        percent << std::fixed << std::setprecision(1) << row["female_share"].get<double>() * 100.0
                << '%';
        EXPECT_EQ(browser->textOf(tr + "td.share"), percent.str());
    }
    EXPECT_EQ(browser->textOf("#heads td.attended"),
              std::to_string(report["heads_of_delegation"]["attended"].get<int>()));
    // The door's row: what the central heard from door-1.
    const std::vector<DoorState> doors = env.central->server->doors().all();
    ASSERT_EQ(doors.size(), 1U);
    EXPECT_EQ(browser->textOf("#doors tr[data-door=\"door-1\"] td.id"), "door-1");
    EXPECT_EQ(browser->textOf("#doors tr[data-door=\"door-1\"] td.state"), "online");
    EXPECT_EQ(browser->textOf("#doors tr[data-door=\"door-1\"] td.address"), doors[0].address);
    EXPECT_EQ(browser->textOf("#doors tr[data-door=\"door-1\"] td.version"),
              doors[0].report.version);
    // Admins see who arrived last, newest first.
    EXPECT_EQ(browser->textOf("#latest tbody tr:first-child td.name"),
              env.admitted[4]->displayName());
    EXPECT_EQ(browser->textOf("#latest tbody tr:first-child td.door"), "door-1");
    // The arrivals curve is drawn from the data: five arrivals in all.
    const json arrivals =
        browser->execute("return [...document.querySelectorAll('#curve rect.bar')]"
                         ".reduce((n, r) => n + Number(r.dataset.arrivals), 0);");
    EXPECT_EQ(arrivals, 5);
    // Doors sit above the fold on a laptop.
    const json doorsTop =
        browser->execute("return document.getElementById('doors').getBoundingClientRect().top;");
    EXPECT_LT(doorsTop.get<double>(), 768.0);
    browser->screenshot(Screenshot("laptop"));
}

TEST_F(DashboardBrowserTest, AViewerSeesFiguresAndNoName) {
    signIn(kViewerId, kViewerPassword);
    ASSERT_TRUE(figuresShown());
    EXPECT_EQ(browser->textOf("#admitted"), "5");
    const std::string text = pageText();
    for (const core::Registrant& r : env.people) {
        EXPECT_EQ(text.find(r.familyName), std::string::npos) << r.familyName;
    }
    EXPECT_EQ(browser->execute("return document.getElementById('latest-box').hidden;"), true);
}

// The morning after: the closed day's documents, written by the real freeze, are linked on the
// page (any session may download them; DashboardTest checks the downloads themselves).
TEST_F(DashboardBrowserTest, AClosedDaysDocumentsAreLinkedOnThePage) {
    const std::string day = env.event.calendar->days().front();
    ASSERT_EQ(Accueil({"central", "--config", env.centralToml(), "freeze", "--day", day}), 0);
    signIn(kViewerId, kViewerPassword);
    ASSERT_TRUE(figuresShown());
    const std::string pdf = "#documents tr[data-day='" + day + "'] a[data-format='pdf']";
    ASSERT_TRUE(WebDriver::WaitUntil([&] { return !browser->find(pdf).empty(); }));
    EXPECT_EQ(
        browser->execute("return document.querySelector(\"" + pdf + "\").getAttribute('href');"),
        "/dashboard/documents/" + day + ".pdf");
    EXPECT_EQ(browser->execute("return document.querySelectorAll('#documents a').length;"), 4);
    EXPECT_EQ(browser->execute("return document.getElementById('documents-box').hidden;"), false);
}

TEST_F(DashboardBrowserTest, AWrongPasswordShowsTheErrorAndSetsNoSession) {
    signIn(kAdminId, "not the right password");
    ASSERT_TRUE(WebDriver::WaitUntil([&] { return !browser->textOf("#sign-in-error").empty(); }));
    EXPECT_NE(browser->textOf("#sign-in-error").find("Unknown user or wrong password"),
              std::string::npos);
    for (const json& cookie : browser->cookies()) {
        EXPECT_NE(cookie.value("name", ""), "accueil_session") << cookie.dump();
    }
    browser->navigate(env.central->url() + "/");
    EXPECT_NE(browser->currentUrl().find("/sign-in"), std::string::npos);
}

TEST_F(DashboardBrowserTest, OnAPhoneNothingOverflowsSideways) {
    browser->setWindowSize(390, 844);
    signIn(kAdminId, kAdminPassword);
    ASSERT_TRUE(figuresShown());
    // Wide tables scroll inside their own box; the page itself never does.
    const json overflow = browser->execute(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    EXPECT_LE(overflow.get<double>(), 0.0);
    browser->screenshot(Screenshot("phone"));
}

TEST_F(DashboardBrowserTest, AnotherCheckInShowsWithinAPoll) {
    signIn(kAdminId, kAdminPassword);
    ASSERT_TRUE(figuresShown());
    ASSERT_EQ(browser->textOf("#admitted"), "5");
    const core::Registrant& next = env.admitNext();
    EXPECT_TRUE(WebDriver::WaitUntil([&] { return browser->textOf("#admitted") == "6"; }, 15s))
        << browser->textOf("#admitted");
    EXPECT_EQ(browser->textOf("#latest tbody tr:first-child td.name"), next.displayName());
}

TEST_F(DashboardBrowserTest, SigningOutStopsThePage) {
    signIn(kAdminId, kAdminPassword);
    ASSERT_TRUE(figuresShown());
    // The account is removed elsewhere: the next poll finds no session and says so.
    ASSERT_TRUE(env.central->store->removeUser(kAdminId));
    EXPECT_TRUE(WebDriver::WaitUntil(
        [&] { return browser->execute("return document.body.dataset.signedOut || '';") == "true"; },
        15s));
    EXPECT_NE(browser->textOf("#status").find("Signed out"), std::string::npos);
}

TEST_F(DashboardBrowserTest, InFrenchThroughTheToggle) {
    browser->navigate(env.central->url() + "/sign-in?lang=fr");
    EXPECT_EQ(browser->textOf("label[for=password]"), "Mot de passe");
    browser->sendKeys(browser->find("#user"), kAdminId);
    browser->sendKeys(browser->find("#password"), kAdminPassword);
    browser->click(browser->find("#sign-in"));
    ASSERT_TRUE(figuresShown());
    EXPECT_EQ(browser->execute("return document.documentElement.lang;"), "fr");
    EXPECT_NE(browser->textOf("#sign-out").find("Se déconnecter"), std::string::npos);
}

} // namespace
} // namespace accueil::sync::test

namespace accueil::sync::test {
namespace {

TEST_F(DashboardBrowserTest, ADoorInTroubleIsInTheAlertBandAndItsRow) {
    const std::string token = env.central->addKiosk("door-2");
    DoorSays(*env.central, token, "0.1.0", 14, "could not reach the central: timeout");
    signIn(kViewerId, kViewerPassword);
    ASSERT_TRUE(figuresShown());
    ASSERT_TRUE(WebDriver::WaitUntil([&] { return !browser->textOf("#alerts").empty(); }));
    const std::string band = browser->textOf("#alert-list li[data-door=\"door-2\"]");
    EXPECT_NE(band.find("door-2: its last sync failed at"), std::string::npos) << band;
    const std::string row = "#doors tr[data-door=\"door-2\"] ";
    EXPECT_EQ(browser->textOf(row + "td.version"), "0.1.0");
    EXPECT_EQ(browser->textOf(row + "td.queue"), "14");
    EXPECT_NE(browser->textOf(row + "td.error").find("could not reach the central: timeout"),
              std::string::npos);
    EXPECT_EQ(browser->execute("return document.querySelector('#doors tr[data-door=\"door-2\"]')"
                               ".classList.contains('alerting');"),
              true);
    // door-1 is fine: no alert names it.
    EXPECT_TRUE(browser->find("#alert-list li[data-door=\"door-1\"]").empty());
}

// The README's picture (docs/screenshots/make-dashboard-screenshot.sh copies it there): a
// morning's arrivals, two doors, one of them in trouble, at laptop size.
TEST(DashboardScreenshot, ForTheDocs) {
    DashboardEnv env(18, 30);
    const std::string token = env.central->addKiosk("door-2");
    DoorSays(*env.central, token, "0.1.0", 14, "could not reach the central: timeout");
    WebDriver browser(1366, 768);
    ASSERT_TRUE(browser.ok()) << browser.error();
    SignInThroughTheForm(browser, env.central->url(), kAdminId, kAdminPassword);
    ASSERT_TRUE(FiguresShown(browser));
    EXPECT_EQ(browser.textOf("#admitted"), "18");
    browser.screenshot(Screenshot("docs"));
}

} // namespace
} // namespace accueil::sync::test
