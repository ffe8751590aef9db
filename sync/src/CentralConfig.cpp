// SPDX-License-Identifier: Apache-2.0
#include "IndicoConfigToml.h"

#include <accueil/sync/CentralConfig.h>
#include <accueil/sync/PgCentralStore.h>

#include <toml++/toml.h>

#include <charconv>
#include <filesystem>
#include <set>

namespace accueil::sync {

namespace {

namespace fs = std::filesystem;

// The central pulls from one Indico event and the kiosks admit tickets of one: they must be the
// same, or every pulled ticket would be refused at the door as another event's.
std::optional<std::string> IndicoEventMismatch(const CentralConfig& config) {
    const std::string& doors = config.event.badges.indicoEventId;
    if (!config.indico || doors.empty() || doors == std::to_string(config.indico->eventId)) {
        return std::nullopt;
    }
    return config.path + ": indico.event_id is " + std::to_string(config.indico->eventId) +
           ", but " + config.event.path + " has [badges] indico_event_id = " + doors +
           ": the kiosks would refuse every ticket pulled from Indico";
}

struct Failure {
    std::string message;
};

std::string Resolve(const std::string& file, const std::string& relative) {
    const fs::path p(relative);
    if (p.is_absolute()) {
        return p.lexically_normal().string();
    }
    return (fs::path(file).parent_path() / p).lexically_normal().string();
}

std::string Where(const std::string& file, const toml::node& node) {
    return file + ":" + std::to_string(node.source().begin.line);
}

std::string Text(const std::string& file, const toml::table& t, const char* key,
                 const std::string& fallback, bool required = false) {
    const toml::node* node = t.get(key);
    if (node == nullptr) {
        if (required) {
            throw Failure{file + ": central." + key + ": missing (required)"};
        }
        return fallback;
    }
    if (!node->is_string() || node->as_string()->get().empty()) {
        throw Failure{Where(file, *node) + ": central." + key + ": must be a non-empty string"};
    }
    return node->as_string()->get();
}

// `database`: a PostgreSQL URL as it is, or an SQLite file resolved against central.toml's
// folder. Any other URL is a mistake, not a file name.
std::string DatabaseOf(const std::string& file, const toml::table& c) {
    std::string database = Text(file, c, "database", "", true);
    if (IsPostgresUrl(database)) {
        return database;
    }
    if (database.find("://") != std::string::npos) {
        throw Failure{Where(file, *c.get("database")) +
                      ": central.database: expected a file path or a postgresql:// URL, got a " +
                      database.substr(0, database.find("://") + 3) + " URL"};
    }
    return Resolve(file, database);
}

std::int64_t Integer(const std::string& file, const toml::table& t, const char* key,
                     std::int64_t fallback, std::int64_t min, std::int64_t max) {
    const toml::node* node = t.get(key);
    if (node == nullptr) {
        return fallback;
    }
    if (!node->is_integer() || node->as_integer()->get() < min || node->as_integer()->get() > max) {
        throw Failure{Where(file, *node) + ": central." + key + ": must be a whole number from " +
                      std::to_string(min) + " to " + std::to_string(max)};
    }
    return node->as_integer()->get();
}

// "127.0.0.1:8470", "[::1]:8470", "0.0.0.0:8470".
void ParseListen(const std::string& file, const std::string& listen, ServerOptions& out) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos || colon == 0) {
        throw Failure{file + ": central.listen: expected HOST:PORT, got \"" + listen + "\""};
    }
    std::string host = listen.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    const std::string port = listen.substr(colon + 1);
    int value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value < 0 || value > 65535) {
        throw Failure{file + ": central.listen: bad port \"" + port + "\""};
    }
    out.host = host;
    out.port = value;
}

// The [central] keys of the HTTP server and its gate.
void ReadServerKeys(const std::string& path, const toml::table& c, ServerOptions& server) {
    ParseListen(path, Text(path, c, "listen", "127.0.0.1:8470"), server);
    const std::string cert = Text(path, c, "tls_cert", "");
    const std::string key = Text(path, c, "tls_key", "");
    if (cert.empty() != key.empty()) {
        throw Failure{path + ": central: tls_cert and tls_key go together"};
    }
    if (!cert.empty()) {
        server.tlsCert = Resolve(path, cert);
        server.tlsKey = Resolve(path, key);
    }
    server.maxBodyBytes =
        static_cast<std::size_t>(Integer(path, c, "max_body_bytes", 8 << 20, 1024, 1 << 30));
    server.maxPageSize = static_cast<int>(Integer(path, c, "max_page_size", 5000, 10, 100000));
    server.threads = static_cast<int>(Integer(path, c, "threads", 128, 2, 1024));
    server.headerTimeout = std::chrono::seconds(Integer(path, c, "header_timeout", 10, 1, 300));
    server.connectionTimeout =
        std::chrono::seconds(Integer(path, c, "connection_timeout", 120, 5, 3600));
    server.maxConnections = static_cast<int>(Integer(path, c, "max_connections", 512, 16, 65536));
    server.maxConnectionsPerClient =
        static_cast<int>(Integer(path, c, "max_connections_per_client", 32, 1, 65536));
}

// The language the dashboard opens in (its pages have both; ?lang= switches): "" when
// central.toml does not say, for the event's to decide.
std::string DashboardLanguage(const std::string& path, const toml::table& central) {
    std::string language = Text(path, central, "dashboard_language", "");
    if (!language.empty() && language != "en" && language != "fr") {
        throw Failure{path + R"(: central.dashboard_language: expected "en" or "fr", got ")" +
                      language + "\""};
    }
    return language;
}

// [central]'s keys are these; another is a mistake, refused with its line.
void RefuseUnknownKeys(const std::string& path, const toml::table& c) {
    const std::set<std::string_view> keys{"database",
                                          "listen",
                                          "event",
                                          "tls_cert",
                                          "tls_key",
                                          "max_body_bytes",
                                          "max_page_size",
                                          "threads",
                                          "log_level",
                                          "header_timeout",
                                          "connection_timeout",
                                          "max_connections",
                                          "max_connections_per_client",
                                          "public_url",
                                          "dashboard_language",
                                          "reports_dir"};
    for (const auto& [key, node] : c) {
        if (!keys.contains(key.str())) {
            throw Failure{Where(path, node) + ": central." + std::string(key.str()) +
                          ": unknown key"};
        }
    }
}

// What the dashboard reads: the language it opens in ("" for the event's to decide), and the
// folder of the closed days' documents.
void ReadDashboardKeys(const std::string& path, const toml::table& c, ServerOptions& server) {
    server.dashboardLanguage = DashboardLanguage(path, c);
    if (const std::string reports = Text(path, c, "reports_dir", ""); !reports.empty()) {
        server.reportsDir = Resolve(path, reports);
    }
}

} // namespace

core::Result<CentralConfig> LoadCentralConfig(const std::string& path) {
    try {
        std::error_code ec;
        if (!fs::is_regular_file(path, ec)) {
            throw Failure{path + ": central config not found"};
        }
        toml::table root;
        try {
            root = toml::parse_file(path);
        } catch (const toml::parse_error& e) {
            throw Failure{path + ":" + std::to_string(e.source().begin.line) + ": " +
                          std::string(e.description())};
        }
        const std::set<std::string_view> sections{"central", "import", "indico"};
        for (const auto& [key, node] : root) {
            if (!sections.contains(key.str())) {
                throw Failure{Where(path, node) + ": " + std::string(key.str()) + ": unknown key"};
            }
        }
        const toml::table* c = root["central"].as_table();
        if (c == nullptr) {
            throw Failure{path + ": [central]: missing section"};
        }
        RefuseUnknownKeys(path, *c);
        CentralConfig config;
        config.path = path;
        config.databasePath = DatabaseOf(path, *c);
        config.eventPath = Resolve(path, Text(path, *c, "event", "", true));
        ReadServerKeys(path, *c, config.server);
        config.logLevel = Text(path, *c, "log_level", "info");
        config.publicUrl = Text(path, *c, "public_url", "");
        if (!config.publicUrl.empty() && config.publicUrl.rfind("http://", 0) != 0 &&
            config.publicUrl.rfind("https://", 0) != 0) {
            throw Failure{path + ": central.public_url: expected http://… or https://…, got \"" +
                          config.publicUrl + "\""};
        }
        ReadDashboardKeys(path, *c, config.server);
        // The same [import] table as kiosk.toml's, read by the same code.
        auto import = core::LoadImportSettings(path);
        if (!import) {
            return import.error();
        }
        config.import = std::move(import).value();
        auto indico = ReadIndicoTable(path, root);
        if (!indico) {
            return std::move(indico).error();
        }
        config.indico = std::move(indico).value();
        auto event = core::LoadEventConfig(config.eventPath);
        if (!event) {
            return event.error();
        }
        config.event = std::move(event).value();
        if (config.server.dashboardLanguage.empty()) {
            // The event's first working language when the dashboard has it, as the documents.
            const auto& languages = config.event.languages;
            config.server.dashboardLanguage =
                !languages.empty() && languages.front() == "fr" ? "fr" : "en";
        }
        if (auto mismatch = IndicoEventMismatch(config)) {
            return core::MakeError(core::ErrorKind::Config, *mismatch);
        }
        return config;
    } catch (const Failure& f) {
        return core::MakeError(core::ErrorKind::Config, f.message);
    }
}

} // namespace accueil::sync
