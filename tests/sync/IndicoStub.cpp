// SPDX-License-Identifier: Apache-2.0
#include "IndicoStub.h"

#include <httplib.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>

namespace accueil::sync::test {

namespace {

using nlohmann::json;

std::string ReadData(const std::string& name) {
    std::ifstream in(std::string(ACCUEIL_TESTDATA_DIR) + "/indico/" + name, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string IndicoErrorBody(const std::string& title, const std::string& message) {
    return json{{"error", {{"title", title}, {"message", message}}}}.dump();
}

} // namespace

IndicoStub::IndicoStub(std::string token)
    : m_token(std::move(token)), m_server(std::make_unique<httplib::Server>()),
      m_event(json::parse(ReadData("event.json"))), m_forms(json::parse(ReadData("forms.json"))),
      m_picture(ReadData("picture.png")) {
    for (auto& r : json::parse(ReadData("registrations.json"))) {
        m_registrations.push_back(std::move(r));
    }
    route();
    m_port = m_server->bind_to_any_port("127.0.0.1");
    m_thread = std::thread([this] { m_server->listen_after_bind(); });
    // Connections queue from the bind on; the wait is for stop(), which only stops a server
    // that is running.
    for (int i = 0; i < 5000 && !m_server->is_running(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

IndicoStub::~IndicoStub() {
    m_server->stop();
    m_thread.join();
}

void IndicoStub::failNext(int count, int status) {
    std::lock_guard lock(m_mutex);
    m_failCount = count;
    m_failStatus = status;
}

void IndicoStub::rateLimitNext(int count) {
    std::lock_guard lock(m_mutex);
    m_rateLimited = count;
}

void IndicoStub::truncateNext(const std::string& pathPart) {
    std::lock_guard lock(m_mutex);
    m_replace.emplace_back(pathPart, "");
}

void IndicoStub::cutNext(const std::string& pathPart, int times) {
    std::lock_guard lock(m_mutex);
    m_cuts.emplace_back(pathPart, times);
}

void IndicoStub::replaceNext(const std::string& pathPart, std::string body) {
    std::lock_guard lock(m_mutex);
    m_replace.emplace_back(pathPart, std::move(body));
}

void IndicoStub::drop(std::int64_t id) {
    std::lock_guard lock(m_mutex);
    std::erase_if(m_registrations, [id](const json& r) { return r["id"] == id; });
}

void IndicoStub::setState(std::int64_t id, const std::string& state) {
    std::lock_guard lock(m_mutex);
    for (json& r : m_registrations) {
        if (r["id"] == id) {
            r["state"] = state;
        }
    }
}

void IndicoStub::add(json registration) {
    std::lock_guard lock(m_mutex);
    m_registrations.push_back(std::move(registration));
}

json IndicoStub::registration(std::int64_t id) const {
    std::lock_guard lock(m_mutex);
    for (const json& r : m_registrations) {
        if (r["id"] == id) {
            return r;
        }
    }
    return {};
}

std::vector<std::pair<std::string, std::string>> IndicoStub::patches() const {
    std::lock_guard lock(m_mutex);
    return m_patches;
}

int IndicoStub::requests() const {
    std::lock_guard lock(m_mutex);
    return m_requests;
}

// Under m_mutex. A fault set for the next requests replaces the answer.
bool IndicoStub::injectFault(Answer& answer) {
    if (m_failCount > 0) {
        --m_failCount;
        answer.status = m_failStatus;
        answer.body = IndicoErrorBody("Service Unavailable", "Indico is being restarted");
        return true;
    }
    if (m_rateLimited > 0) {
        --m_rateLimited;
        answer.status = 429;
        answer.body = IndicoErrorBody("Too Many Requests", "slow down");
        return true;
    }
    return false;
}

// Under m_mutex. A form's registrations, as Indico lists them: without registration_data.
std::string IndicoStub::list(std::int64_t form) const {
    json list = json::array();
    for (const json& r : m_registrations) {
        if (r["regform_id"] == form) {
            json entry = r;
            entry.erase("registration_data");
            list.push_back(std::move(entry));
        }
    }
    return list.dump();
}

// Under m_mutex.
IndicoStub::Answer IndicoStub::answer(const std::string& method, const std::string& path,
                                      const std::string& body) {
    const std::string event = "/api/checkin/event/" + std::to_string(kEvent);
    static const std::regex kList(R"(/forms/(\d+)/registrations/)");
    static const std::regex kOne(R"(/forms/(\d+)/registrations/(\d+))");
    static const std::regex kPicture(R"(/forms/\d+/registrations/\d+/picture/\d+/.+)");
    const std::string rest = path.starts_with(event) ? path.substr(event.size()) : "!";
    std::smatch m;
    Answer a{404, IndicoErrorBody("Not Found", "The requested URL was not found on the server.")};
    if (rest == "/") {
        a = Answer{200, m_event.dump()};
    } else if (rest == "/forms/") {
        a = Answer{200, m_forms.dump()};
    } else if (std::regex_match(rest, m, kList)) {
        a = Answer{200, list(std::stoll(m[1]))};
    } else if (std::regex_match(rest, m, kOne)) {
        for (json& r : m_registrations) {
            if (r["id"] == std::stoll(m[2]) && r["regform_id"] == std::stoll(m[1])) {
                if (method == "PATCH") {
                    m_patches.emplace_back(path, body);
                    const json patch = json::parse(body, nullptr, false);
                    r["checked_in"] = patch.value("checked_in", r["checked_in"].get<bool>());
                }
                a = Answer{200, r.dump()};
            }
        }
    } else if (std::regex_match(rest, kPicture)) {
        a = Answer{200, m_picture, "image/png"};
    }
    return a;
}

// Under m_mutex. The replacements and cuts asked for, applied to a real answer.
void IndicoStub::alter(const std::string& path, Answer& a) {
    for (auto it = m_replace.begin(); it != m_replace.end(); ++it) {
        if (path.find(it->first) != std::string::npos) {
            a.body = it->second.empty() ? a.body.substr(0, a.body.size() / 2) : it->second;
            m_replace.erase(it);
            break;
        }
    }
    for (auto it = m_cuts.begin(); it != m_cuts.end(); ++it) {
        if (path.find(it->first) != std::string::npos) {
            a.cut = true;
            if (--it->second == 0) {
                m_cuts.erase(it);
            }
            break;
        }
    }
}

void IndicoStub::route() {
    const auto handle = [this](const httplib::Request& req, httplib::Response& res) {
        std::lock_guard lock(m_mutex);
        ++m_requests;
        Answer a{401, IndicoErrorBody("Unauthorized", "The OAuth token is invalid")};
        if (req.get_header_value("Authorization") == "Bearer " + m_token && !injectFault(a)) {
            a = answer(req.method, req.path, req.body);
            alter(req.path, a);
        }
        res.status = a.status;
        if (a.status == 429) {
            res.set_header("Retry-After", "0");
        }
        if (!a.cut) {
            res.set_content(a.body, a.type);
            return;
        }
        // Half the promised length, then the provider gives up and the connection closes.
        res.set_content_provider(
            a.body.size(), a.type,
            [body = a.body](std::size_t, std::size_t, httplib::DataSink& sink) {
                sink.write(body.data(), body.size() / 2);
                return false;
            });
    };
    m_server->Get(".*", handle);
    m_server->Patch(".*", handle);
}

} // namespace accueil::sync::test
