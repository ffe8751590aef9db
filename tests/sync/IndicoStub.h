// SPDX-License-Identifier: Apache-2.0
#pragma once

// A stand-in for Indico's check-in API on loopback, serving the fixtures of tests/data/indico/
// (event 42, forms 7 and 8). It checks the Bearer token, records PATCH bodies, and can be told
// to fail, to forget a registration or to change one.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace httplib {
class Server;
}

namespace accueil::sync::test {

class IndicoStub {
public:
    explicit IndicoStub(std::string token);
    ~IndicoStub();
    IndicoStub(const IndicoStub&) = delete;
    IndicoStub& operator=(const IndicoStub&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    static constexpr std::int64_t kEvent = 42;

    /// The next `count` requests are answered `status` with an Indico-style JSON error.
    void failNext(int count, int status);
    /// The next `count` requests are answered 429 with Retry-After: 0.
    void rateLimitNext(int count);
    /// The next answer whose path contains `pathPart` is cut in half (a body that is not JSON,
    /// with a Content-Length that matches it).
    void truncateNext(const std::string& pathPart);
    /// The next `times` answers whose path contains `pathPart` stop halfway through their
    /// Content-Length and the connection closes (an answer cut by the network).
    void cutNext(const std::string& pathPart, int times);
    /// The next answer whose path contains `pathPart` is `body` instead.
    void replaceNext(const std::string& pathPart, std::string body);
    /// Registration `id` is deleted in Indico.
    void drop(std::int64_t id);
    /// Registration `id` changes state.
    void setState(std::int64_t id, const std::string& state);
    /// A new registration (details, with regform_id and registration_data).
    void add(nlohmann::json registration);
    /// The fixture's registration `id` (details).
    nlohmann::json registration(std::int64_t id) const;

    /// PATCH requests so far: path and body.
    std::vector<std::pair<std::string, std::string>> patches() const;
    /// Requests answered so far (faults included).
    int requests() const;

private:
    struct Answer {
        int status = 404;
        std::string body;
        std::string type = "application/json";
        bool cut = false;
    };
    void alter(const std::string& path, Answer& a);
    bool injectFault(Answer& answer);
    Answer answer(const std::string& method, const std::string& path, const std::string& body);
    std::string list(std::int64_t form) const;
    void route();

    std::string m_token;
    std::unique_ptr<httplib::Server> m_server;
    int m_port = 0;
    std::thread m_thread;
    mutable std::mutex m_mutex;
    nlohmann::json m_event;
    nlohmann::json m_forms;
    std::vector<nlohmann::json> m_registrations;
    std::string m_picture;
    int m_failCount = 0;
    int m_failStatus = 0;
    int m_rateLimited = 0;
    std::vector<std::pair<std::string, std::string>> m_replace; ///< path part, body ("" = cut)
    std::vector<std::pair<std::string, int>> m_cuts;            ///< path part, times
    std::vector<std::pair<std::string, std::string>> m_patches;
    int m_requests = 0;
};

} // namespace accueil::sync::test
