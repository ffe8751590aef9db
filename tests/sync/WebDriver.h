// SPDX-License-Identifier: Apache-2.0
#pragma once

// A small W3C WebDriver client for the browser tests: Debian's chromedriver started on a free
// loopback port, driving headless Chromium (https://www.w3.org/TR/webdriver2/).

#include <nlohmann/json.hpp>
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace accueil::sync::test {

/// Where Debian's chromium-driver package puts the driver.
inline constexpr const char* kChromeDriver = "/usr/bin/chromedriver";

/// chromedriver as a child process with one headless Chromium session. Every call fails the
/// current test (through gtest) when the driver answers an error, and returns an empty value.
class WebDriver {
public:
    /// Starts the driver and a browser window of `width`×`height`. Check ok() after.
    WebDriver(int width, int height);
    ~WebDriver();
    WebDriver(const WebDriver&) = delete;
    WebDriver& operator=(const WebDriver&) = delete;

    /// Whether the driver and the session started; why not in error().
    bool ok() const { return !m_session.empty(); }
    const std::string& error() const { return m_error; }

    void navigate(const std::string& url);
    std::string currentUrl();
    /// The first element matching the CSS selector, or "" when none does.
    std::string find(const std::string& css);
    std::vector<std::string> findAll(const std::string& css);
    void sendKeys(const std::string& element, const std::string& text);
    void click(const std::string& element);
    /// The element's rendered text ("" for a hidden one).
    std::string text(const std::string& element);
    /// The text of the first element matching `css`, "" when there is none.
    std::string textOf(const std::string& css);
    /// Runs `script` (a function body; `arguments` holds `args`) in the page; its return value.
    nlohmann::json execute(const std::string& script,
                           const nlohmann::json& args = nlohmann::json::array());
    /// The browser's cookies for the page, HttpOnly ones included.
    nlohmann::json cookies();
    void setWindowSize(int width, int height);
    /// A PNG of the window, written to `path` (its folder is made).
    void screenshot(const std::string& path);

    /// Polls `done` until it holds or `limit` passes; whether it held.
    static bool WaitUntil(const std::function<bool()>& done,
                          std::chrono::milliseconds limit = std::chrono::seconds(15));

private:
    nlohmann::json call(const std::string& method, const std::string& path,
                        const nlohmann::json& body = nullptr) const;
    nlohmann::json sessionCall(const std::string& method, const std::string& path,
                               const nlohmann::json& body = nullptr);

    pid_t m_pid = -1;
    int m_port = 0;
    std::string m_session;
    std::string m_error;
};

} // namespace accueil::sync::test
