// SPDX-License-Identifier: Apache-2.0
// The WebDriver client over cpp-httplib and nlohmann::json.

#include "WebDriver.h"

#include "AccueilProcess.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <sodium.h>
#include <sys/wait.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

namespace accueil::sync::test {

using nlohmann::json;

namespace {

// The key W3C WebDriver names an element reference by.
constexpr const char* kElementKey = "element-6066-11e4-a52e-4f735466cecf";

} // namespace

WebDriver::WebDriver(int width, int height) {
    if (!std::filesystem::exists(kChromeDriver)) {
        m_error = std::string(kChromeDriver) +
                  " is missing: install Debian's chromium and chromium-driver (./run.sh deps)";
        return;
    }
    m_port = FreePort();
    m_pid = Spawn({kChromeDriver, "--port=" + std::to_string(m_port), "--silent"}, nullptr);
    const bool ready = WaitUntil(
        [&] {
            httplib::Client client("127.0.0.1", m_port);
            const auto r = client.Get("/status");
            return r && r->status == 200 &&
                   json::parse(r->body, nullptr, false).value("/value/ready"_json_pointer, false);
        },
        std::chrono::seconds(20));
    if (!ready) {
        m_error = "chromedriver did not become ready on port " + std::to_string(m_port);
        return;
    }
    const json args =
        json::array({"--headless=new", "--no-sandbox", "--disable-gpu",
                     "--window-size=" + std::to_string(width) + "," + std::to_string(height),
                     "--lang=en-GB", "--force-device-scale-factor=1"});
    const json made =
        call("POST", "/session",
             {{"capabilities",
               {{"alwaysMatch",
                 {{"browserName", "chrome"},
                  {"goog:chromeOptions", {{"binary", "/usr/bin/chromium"}, {"args", args}}}}}}}});
    m_session = made.value("sessionId", std::string());
    if (m_session.empty()) {
        m_error = "chromedriver made no session: " + made.dump();
    }
}

WebDriver::~WebDriver() {
    if (!m_session.empty()) {
        httplib::Client client("127.0.0.1", m_port);
        client.set_read_timeout(30, 0);
        client.Delete("/session/" + m_session); // closes the browser
    }
    if (m_pid > 0) {
        ::kill(m_pid, SIGTERM);
        Wait(m_pid);
    }
}

json WebDriver::call(const std::string& method, const std::string& path, const json& body) const {
    httplib::Client client("127.0.0.1", m_port);
    client.set_read_timeout(60, 0);
    httplib::Result r =
        method == "GET" ? client.Get(path)
        : method == "DELETE"
            ? client.Delete(path)
            : client.Post(path, body.is_null() ? "{}" : body.dump(), "application/json");
    if (!r) {
        ADD_FAILURE() << "WebDriver " << method << " " << path << ": no answer";
        return nullptr;
    }
    const json answer = json::parse(r->body, nullptr, false);
    if (r->status != 200 || !answer.is_object()) {
        ADD_FAILURE() << "WebDriver " << method << " " << path << ": " << r->status << " "
                      << r->body.substr(0, 500);
        return nullptr;
    }
    return answer.value("value", json());
}

json WebDriver::sessionCall(const std::string& method, const std::string& path, const json& body) {
    return call(method, "/session/" + m_session + path, body);
}

void WebDriver::navigate(const std::string& url) {
    sessionCall("POST", "/url", {{"url", url}});
}

std::string WebDriver::currentUrl() {
    const json url = sessionCall("GET", "/url");
    return url.is_string() ? url.get<std::string>() : std::string();
}

std::vector<std::string> WebDriver::findAll(const std::string& css) {
    const json found =
        sessionCall("POST", "/elements", {{"using", "css selector"}, {"value", css}});
    std::vector<std::string> out;
    for (const json& e : found.is_array() ? found : json::array()) {
        out.push_back(e.value(kElementKey, std::string()));
    }
    return out;
}

std::string WebDriver::find(const std::string& css) {
    const std::vector<std::string> all = findAll(css);
    return all.empty() ? std::string() : all.front();
}

void WebDriver::sendKeys(const std::string& element, const std::string& text) {
    sessionCall("POST", "/element/" + element + "/value", {{"text", text}});
}

void WebDriver::click(const std::string& element) {
    sessionCall("POST", "/element/" + element + "/click", json::object());
}

std::string WebDriver::text(const std::string& element) {
    const json t = sessionCall("GET", "/element/" + element + "/text");
    return t.is_string() ? t.get<std::string>() : std::string();
}

std::string WebDriver::textOf(const std::string& css) {
    const std::string element = find(css);
    return element.empty() ? std::string() : text(element);
}

json WebDriver::execute(const std::string& script, const json& args) {
    return sessionCall("POST", "/execute/sync", {{"script", script}, {"args", args}});
}

json WebDriver::cookies() {
    return sessionCall("GET", "/cookie");
}

void WebDriver::setWindowSize(int width, int height) {
    sessionCall("POST", "/window/rect", {{"width", width}, {"height", height}});
}

void WebDriver::screenshot(const std::string& path) {
    const json shot = sessionCall("GET", "/screenshot");
    const std::string base64 = shot.is_string() ? shot.get<std::string>() : std::string();
    std::string png(base64.size(), '\0');
    std::size_t length = 0;
    if (base64.empty() ||
        sodium_base642bin(reinterpret_cast<unsigned char*>(png.data()), png.size(), base64.data(),
                          base64.size(), nullptr, &length, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0) {
        ADD_FAILURE() << "the screenshot is not base64";
        return;
    }
    png.resize(length);
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << png;
}

bool WebDriver::WaitUntil(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (true) {
        if (done()) {
            return true;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

} // namespace accueil::sync::test
