// SPDX-License-Identifier: Apache-2.0
// The [indico] table of central.toml.

#include "IndicoConfigToml.h"

#include <cmath>
#include <filesystem>
#include <set>

namespace accueil::sync {

namespace {

struct Failure {
    std::string message;
};

// Reads one table's keys with the file and the key's full name in every error.
class TableReader {
public:
    TableReader(std::string file, const toml::table& table, std::string prefix)
        : m_file(std::move(file)), m_table(table), m_prefix(std::move(prefix)) {}

    [[noreturn]] void fail(const toml::node& node, const std::string& key,
                           const std::string& what) const {
        throw Failure{m_file + ":" + std::to_string(node.source().begin.line) + ": " + m_prefix +
                      key + ": " + what};
    }

    void refuseUnknown(const std::set<std::string_view>& known) const {
        for (const auto& [key, node] : m_table) {
            if (!known.contains(key.str())) {
                fail(node, std::string(key.str()), "unknown key");
            }
        }
    }

    std::string text(const char* key, bool required) const {
        const toml::node* node = m_table.get(key);
        if (node == nullptr) {
            if (required) {
                throw Failure{m_file + ": " + m_prefix + key + ": missing (required)"};
            }
            return {};
        }
        if (!node->is_string() || node->as_string()->get().empty()) {
            fail(*node, key, "must be a non-empty string");
        }
        return node->as_string()->get();
    }

    std::int64_t id(const toml::node& node, const std::string& key) const {
        if (!node.is_integer() || node.as_integer()->get() < 1) {
            fail(node, key, "must be a whole number from 1");
        }
        return node.as_integer()->get();
    }

    const toml::node* get(const char* key) const { return m_table.get(key); }
    const std::string& file() const { return m_file; }

private:
    std::string m_file;
    const toml::table& m_table;
    std::string m_prefix;
};

// A path relative to central.toml's folder (an absolute one stays as it is).
std::string Resolve(const std::string& file, const std::string& path) {
    return (std::filesystem::path(file).parent_path() / path).lexically_normal().string();
}

std::string TrimSlashes(std::string url) {
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    return url;
}

std::chrono::milliseconds Interval(const TableReader& t) {
    const toml::node* node = t.get("interval_minutes");
    if (node == nullptr) {
        return std::chrono::milliseconds(0);
    }
    const std::optional<double> minutes = node->value<double>();
    if (!minutes || !std::isfinite(*minutes) || *minutes < 0 || *minutes > 7 * 24 * 60) {
        t.fail(*node, "interval_minutes", "must be a number of minutes from 0 to 10080");
    }
    return std::chrono::milliseconds(std::llround(*minutes * 60'000));
}

bool Flag(const TableReader& t, const char* key) {
    const toml::node* node = t.get(key);
    if (node == nullptr) {
        return false;
    }
    if (!node->is_boolean()) {
        t.fail(*node, key, "must be true or false");
    }
    return node->as_boolean()->get();
}

std::vector<std::int64_t> Forms(const TableReader& t) {
    std::vector<std::int64_t> forms;
    const toml::node* node = t.get("forms");
    if (node == nullptr) {
        return forms;
    }
    const toml::array* list = node->as_array();
    if (list == nullptr || list->empty()) {
        t.fail(*node, "forms", "must be a non-empty list of registration form ids");
    }
    for (const toml::node& form : *list) {
        forms.push_back(t.id(form, "forms"));
    }
    return forms;
}

const toml::table* SubTable(const TableReader& t, const char* key) {
    const toml::node* node = t.get(key);
    if (node == nullptr) {
        return nullptr;
    }
    if (!node->is_table()) {
        t.fail(*node, key, "must be a table");
    }
    return node->as_table();
}

std::string Value(const TableReader& t, const toml::node& node, const std::string& key) {
    if (!node.is_string() || node.as_string()->get().empty()) {
        t.fail(node, key, "must be a non-empty string");
    }
    return node.as_string()->get();
}

void States(const TableReader& t, IndicoConfig& out) {
    for (const std::string& state : IndicoStates()) {
        out.states[state] = state == "complete" ? core::RegistrantStatus::Active
                                                : core::RegistrantStatus::Cancelled;
    }
    const toml::table* table = SubTable(t, "states");
    if (table == nullptr) {
        return;
    }
    for (const auto& [key, node] : *table) {
        const std::string state(key.str());
        if (!out.states.contains(state)) {
            t.fail(node, "states." + state,
                   "not one of Indico's states (complete, pending, rejected, withdrawn, unpaid)");
        }
        const std::string status = Value(t, node, "states." + state);
        if (status != "active" && status != "cancelled") {
            t.fail(node, "states." + state, "\"" + status + "\" is not one of active, cancelled");
        }
        out.states[state] =
            status == "active" ? core::RegistrantStatus::Active : core::RegistrantStatus::Cancelled;
    }
}

void Tags(const TableReader& t, IndicoConfig& out) {
    const toml::table* table = SubTable(t, "tags");
    if (table == nullptr) {
        return;
    }
    for (const auto& [key, node] : *table) {
        const std::string name = "tags." + std::string(key.str());
        const std::string action = Value(t, node, name);
        const auto colon = action.find(':');
        const std::string verb = action.substr(0, colon);
        const std::string value = colon == std::string::npos ? "" : action.substr(colon + 1);
        if ((verb != "hold" && verb != "category") || value.empty()) {
            t.fail(node, name, "\"" + action + R"(" is not "hold:NOTE" or "category:NAME")");
        }
        out.tags[std::string(key.str())] = IndicoTagAction{
            verb == "hold" ? IndicoTagAction::Kind::Hold : IndicoTagAction::Kind::Category, value};
    }
}

void Fields(const TableReader& t, IndicoConfig& out) {
    out.fields = {{"Affiliation", "delegation"}};
    const toml::table* table = SubTable(t, "fields");
    if (table == nullptr) {
        return;
    }
    const std::set<std::string> ours{"gender", "delegation", "category", "role", "language"};
    for (const auto& [key, node] : *table) {
        const std::string name = "fields." + std::string(key.str());
        const std::string field = Value(t, node, name);
        if (!ours.contains(field)) {
            t.fail(node, name,
                   "\"" + field + "\" is not one of gender, delegation, category, role, language");
        }
        out.fields[std::string(key.str())] = field;
    }
}

IndicoConfig Read(const TableReader& t) {
    t.refuseUnknown({"url", "event_id", "token_file", "forms", "interval_minutes", "push_checkins",
                     "ca_file", "states", "tags", "fields"});
    IndicoConfig config;
    config.url = TrimSlashes(t.text("url", true));
    if (!config.url.starts_with("https://") && !config.url.starts_with("http://")) {
        throw Failure{t.file() + ": indico.url: must start with https:// (or http://)"};
    }
    const toml::node* event = t.get("event_id");
    if (event == nullptr) {
        throw Failure{t.file() + ": indico.event_id: missing (required)"};
    }
    config.eventId = t.id(*event, "event_id");
    config.tokenFile = Resolve(t.file(), t.text("token_file", true));
    config.forms = Forms(t);
    config.interval = Interval(t);
    config.pushCheckins = Flag(t, "push_checkins");
    if (const std::string ca = t.text("ca_file", false); !ca.empty()) {
        config.caFile = Resolve(t.file(), ca);
    }
    States(t, config);
    Tags(t, config);
    Fields(t, config);
    return config;
}

} // namespace

core::Result<std::optional<IndicoConfig>> ReadIndicoTable(const std::string& file,
                                                          const toml::table& root) {
    const toml::node* node = root.get("indico");
    if (node == nullptr) {
        return std::optional<IndicoConfig>();
    }
    try {
        if (!node->is_table()) {
            throw Failure{file + ":" + std::to_string(node->source().begin.line) +
                          ": indico: must be a table"};
        }
        return std::optional<IndicoConfig>(Read(TableReader(file, *node->as_table(), "indico.")));
    } catch (const Failure& f) {
        return core::MakeError(core::ErrorKind::Config, f.message);
    }
}

} // namespace accueil::sync
