// SPDX-License-Identifier: Apache-2.0
#include <accueil/core/Config.h>
#include <accueil/core/Text.h>
#include <accueil/scanner/BadgeKey.h>
#include <accueil/scanner/BadgeToken.h>
#include <accueil/scanner/EvdevReader.h>
#include <accueil/scanner/WedgeDecoder.h>

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <limits>
#include <map>
#include <regex>
#include <set>

namespace accueil::core {

namespace {

namespace fs = std::filesystem;

// Thrown inside this file only; LoadXConfig turns it into an Error.
struct ConfigFailure {
    std::string message;
};

// Reads typed values out of one parsed file, failing with "file:line: key: reason".
class TomlFile {
public:
    explicit TomlFile(std::string path) : m_path(std::move(path)) {
        try {
            m_root = toml::parse_file(m_path);
        } catch (const toml::parse_error& e) {
            throw ConfigFailure{m_path + ":" + std::to_string(e.source().begin.line) + ": " +
                                std::string(e.description())};
        }
    }

    const toml::table& root() const { return m_root; }
    const std::string& path() const { return m_path; }

    [[noreturn]] void fail(const toml::node* node, const std::string& key,
                           const std::string& why) const {
        std::string where = m_path;
        if (node != nullptr && node->source().begin.line > 0) {
            where += ":" + std::to_string(node->source().begin.line);
        }
        throw ConfigFailure{where + ": " + key + ": " + why};
    }

    // Refuses keys nobody reads: a typo must not silently fall back to a default.
    void onlyKeys(const toml::table& table, const std::string& prefix,
                  std::initializer_list<const char*> allowed) const {
        const std::set<std::string_view> names(allowed.begin(), allowed.end());
        for (const auto& [key, node] : table) {
            if (!names.contains(key.str())) {
                fail(&node, prefix + std::string(key.str()), "unknown key");
            }
        }
    }

    const toml::table* table(const toml::table& parent, const std::string& prefix, const char* key,
                             bool required) const {
        const toml::node* node = parent.get(key);
        if (node == nullptr) {
            if (required) {
                fail(&parent, "[" + prefix + key + "]", "missing section");
            }
            return nullptr;
        }
        if (!node->is_table()) {
            fail(node, prefix + key, "must be a table");
        }
        return node->as_table();
    }

    std::string string(const toml::table& t, const std::string& prefix, const char* key,
                       std::optional<std::string> fallback) const {
        const toml::node* node = t.get(key);
        if (node == nullptr) {
            if (!fallback) {
                fail(&t, prefix + key, "missing (required)");
            }
            return *fallback;
        }
        if (!node->is_string()) {
            fail(node, prefix + key, "must be a string in quotes");
        }
        return node->as_string()->get();
    }

    std::string nonEmpty(const toml::table& t, const std::string& prefix, const char* key) const {
        std::string value = string(t, prefix, key, std::nullopt);
        if (value.empty()) {
            fail(t.get(key), prefix + key, "must not be empty");
        }
        return value;
    }

    int integer(const toml::table& t, const std::string& prefix, const char* key, int fallback,
                int min, int max) const {
        const toml::node* node = t.get(key);
        if (node == nullptr) {
            return fallback;
        }
        if (!node->is_integer()) {
            fail(node, prefix + key, "must be a whole number");
        }
        const auto value = node->as_integer()->get();
        if (value < min || value > max) {
            fail(node, prefix + key,
                 "must be between " + std::to_string(min) + " and " + std::to_string(max));
        }
        return static_cast<int>(value);
    }

    bool boolean(const toml::table& t, const std::string& prefix, const char* key,
                 bool fallback) const {
        const toml::node* node = t.get(key);
        if (node == nullptr) {
            return fallback;
        }
        if (!node->is_boolean()) {
            fail(node, prefix + key, "must be true or false");
        }
        return node->as_boolean()->get();
    }

    std::vector<std::string> strings(const toml::table& t, const std::string& prefix,
                                     const char* key, bool required) const {
        const toml::node* node = t.get(key);
        std::vector<std::string> out;
        if (node == nullptr) {
            if (required) {
                fail(&t, prefix + key, "missing (required)");
            }
            return out;
        }
        if (!node->is_array()) {
            fail(node, prefix + key, R"(must be a list of strings, e.g. ["a", "b"])");
        }
        for (const auto& item : *node->as_array()) {
            if (!item.is_string()) {
                fail(&item, prefix + key, "every entry must be a string in quotes");
            }
            out.push_back(item.as_string()->get());
        }
        return out;
    }

    // Paths in a file resolve against that file's folder.
    std::string resolve(const std::string& relative) const {
        const fs::path p(relative);
        if (p.is_absolute()) {
            return p.lexically_normal().string();
        }
        return (fs::path(m_path).parent_path() / p).lexically_normal().string();
    }

private:
    std::string m_path;
    toml::table m_root;
};

void RequireFile(const std::string& path, const char* what) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        throw ConfigFailure{path + ": " + what + " not found"};
    }
}

// [badges]: which badge formats the kiosks accept. `ev` is [event], for the id's length check.
void ReadBadges(const TomlFile& file, const toml::table& badges, const toml::table& ev,
                EventConfig& config) {
    const std::string p = "event.";
    const std::string b = "badges.";
    file.onlyKeys(badges, b,
                  {"public_keys", "accept_plain_ids", "accept_indico", "plain_id_pattern",
                   "indico_event_id", "indico_server"});
    config.badges.publicKeys = file.strings(badges, b, "public_keys", false);
    for (const auto& key : config.badges.publicKeys) {
        if (auto parsed = scanner::ParsePublicKey(key); !parsed) {
            file.fail(badges.get("public_keys"), b + "public_keys",
                      "\"" + key + "\" is not a badge public key (" + parsed.error().message +
                          "); copy it from `accueil badge keygen`");
        }
    }
    if (!config.badges.publicKeys.empty() && config.id.size() > scanner::kBadgeEventIdMaxBytes) {
        file.fail(ev.get("id"), p + "id",
                  "signed badges carry the event id: use at most " +
                      std::to_string(scanner::kBadgeEventIdMaxBytes) + " characters");
    }
    config.badges.acceptPlainIds = file.boolean(badges, b, "accept_plain_ids", true);
    config.badges.acceptIndico = file.boolean(badges, b, "accept_indico", false);
    config.badges.plainIdPattern = file.string(badges, b, "plain_id_pattern", std::string());
    if (badges.contains("indico_event_id")) {
        config.badges.indicoEventId = std::to_string(
            file.integer(badges, b, "indico_event_id", 0, 1, std::numeric_limits<int>::max()));
    }
    config.badges.indicoServer = file.string(badges, b, "indico_server", std::string());
    if (!config.badges.plainIdPattern.empty()) {
        try {
            std::regex check(config.badges.plainIdPattern, std::regex::ECMAScript);
        } catch (const std::regex_error& e) {
            file.fail(badges.get("plain_id_pattern"), b + "plain_id_pattern",
                      std::string("not a valid regular expression: ") + e.what());
        }
    }
}

// [reports]: the head-of-delegation role and the delegation groups of the figures.
ReportSettings ReadReports(const TomlFile& file, const toml::table& reports) {
    const std::string p = "reports.";
    file.onlyKeys(reports, p, {"head_of_delegation_role", "groups"});
    ReportSettings settings;
    if (reports.contains("head_of_delegation_role")) {
        settings.headOfDelegationRole = file.nonEmpty(reports, p, "head_of_delegation_role");
    }
    const toml::table* groups = file.table(reports, p, "groups", false);
    if (groups == nullptr) {
        return settings;
    }
    // Categories are compared as the figures compare them, so two spellings of one category
    // in two groups are caught here rather than counted twice.
    std::map<std::string, std::string> groupOf;
    for (const auto& [name, node] : *groups) {
        const std::string group(name.str());
        std::string key = p + "groups.";
        key += group;
        const std::vector<std::string> categories =
            file.strings(*groups, p + "groups.", group.c_str(), true);
        if (categories.empty()) {
            file.fail(&node, key, "list at least one category");
        }
        for (const std::string& category : categories) {
            const std::string folded = FoldCase(TrimAscii(category));
            if (const auto [it, added] = groupOf.emplace(folded, group); !added) {
                file.fail(&node, key,
                          "category \"" + category + "\" is already in group \"" + it->second +
                              "\"");
            }
        }
        settings.groups[group] = categories;
    }
    return settings;
}

// [event] categories: the participant categories staff pick from for a walk-in; each named
// once (trimmed, in any case).
std::vector<std::string> ReadCategories(const TomlFile& file, const toml::table& ev,
                                        const std::string& p) {
    if (ev.get("categories") == nullptr) {
        return {};
    }
    std::vector<std::string> categories = file.strings(ev, p, "categories", false);
    std::set<std::string> seen;
    for (std::string& category : categories) {
        category = std::string(TrimAscii(category));
        if (category.empty()) {
            file.fail(ev.get("categories"), p + "categories", "a category is empty");
        }
        if (!seen.insert(FoldCase(category)).second) {
            file.fail(ev.get("categories"), p + "categories",
                      "\"" + category + "\" is listed twice");
        }
    }
    return categories;
}

// A key as it is written in TOML: bare when it can be, else in quotes ("Awaiting payment").
std::string TomlKey(std::string_view key) {
    const bool bare = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_';
    });
    return bare ? std::string(key) : "\"" + std::string(key) + "\"";
}

// A zone id as the log and the sync protocol carry it.
bool IsZoneId(std::string_view id) {
    return !id.empty() && id.size() <= 32 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

// A `name` table of display names by language ([event] name, [zones.X] name).
std::map<std::string, std::string> ReadNames(const TomlFile& file, const toml::table& parent,
                                             const std::string& prefix) {
    std::map<std::string, std::string> names;
    if (const toml::table* table = file.table(parent, prefix, "name", false)) {
        for (const auto& [lang, node] : *table) {
            if (!node.is_string()) {
                file.fail(&node, prefix + "name." + std::string(lang.str()), "must be a string");
            }
            names[std::string(lang.str())] = node.as_string()->get();
        }
    }
    return names;
}

// The building's names when [zones] does not give them.
Zone DefaultZone() {
    return Zone{std::string(kDefaultZone),
                {{"en", "Building"}, {"fr", "Bâtiment"}, {"es", "Edificio"}},
                std::nullopt};
}

// [zones]: one table per zone, keyed by its id; the building is there whether named or not.
std::vector<Zone> ReadZones(const TomlFile& file, const toml::table* zones) {
    std::vector<Zone> out{DefaultZone()};
    if (zones == nullptr) {
        return out;
    }
    for (const auto& [key, node] : *zones) {
        const std::string id(key.str());
        const std::string prefix = "zones." + id + ".";
        if (!IsZoneId(id)) {
            file.fail(&node, "zones." + TomlKey(id),
                      "a zone id is 1 to 32 of a-z, 0-9, '-' and '_' (e.g. \"plenary\")");
        }
        if (!node.is_table()) {
            file.fail(&node, "zones." + id, "must be a table, e.g. [zones." + id + "]");
        }
        const toml::table& table = *node.as_table();
        file.onlyKeys(table, prefix, {"name", "capacity"});
        Zone zone{id, ReadNames(file, table, prefix), std::nullopt};
        if (table.contains("capacity")) {
            zone.capacity = file.integer(table, prefix, "capacity", 0, 1, 1000000);
        }
        if (id == kDefaultZone) {
            if (zone.name.empty()) {
                zone.name = out.front().name;
            }
            out.front() = std::move(zone);
        } else {
            out.push_back(std::move(zone));
        }
    }
    return out;
}

// [event] checkout_time: "HH:MM" local time, or "off" (the default).
std::optional<int> ReadCheckoutTime(const TomlFile& file, const toml::table& ev,
                                    const std::string& p) {
    const std::string text = file.string(ev, p, "checkout_time", std::string("off"));
    if (text == "off") {
        return std::nullopt;
    }
    int hours = 0;
    int minutes = 0;
    const bool shaped =
        text.size() == 5 && text[2] == ':' &&
        std::from_chars(text.data(), text.data() + 2, hours).ptr == text.data() + 2 &&
        std::from_chars(text.data() + 3, text.data() + 5, minutes).ptr == text.data() + 5;
    if (!shaped || hours > 23 || minutes > 59 || hours < 0 || minutes < 0) {
        file.fail(ev.get("checkout_time"), p + "checkout_time",
                  "\"" + text + R"(" is not a local time "HH:MM" (e.g. "22:00") or "off")");
    }
    return hours * 60 + minutes;
}

// [event] languages: language codes as the name tables write them ("en", "fr"), in order.
std::vector<std::string> ReadLanguages(const TomlFile& file, const toml::table& ev,
                                       const std::string& p) {
    if (ev.get("languages") == nullptr) {
        return {};
    }
    std::vector<std::string> languages = file.strings(ev, p, "languages", false);
    if (languages.empty()) {
        file.fail(ev.get("languages"), p + "languages", "list at least one language");
    }
    for (const std::string& code : languages) {
        const bool shaped =
            code.size() >= 2 && code.size() <= 3 &&
            std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        if (!shaped) {
            file.fail(ev.get("languages"), p + "languages",
                      "\"" + code + R"(" is not a language code such as "en" or "fr")");
        }
    }
    return languages;
}

EventConfig ReadEvent(const std::string& path) {
    RequireFile(path, "event file");
    const TomlFile file(path);
    file.onlyKeys(file.root(), "", {"event", "badges", "reports", "zones"});
    const toml::table& ev = *file.table(file.root(), "", "event", true);
    const std::string p = "event.";
    file.onlyKeys(ev, p,
                  {"id", "name", "venue", "languages", "timezone", "days", "reentry",
                   "debounce_seconds", "categories", "checkout_time", "photo_on_outcome"});

    EventConfig config;
    config.path = path;
    config.id = file.nonEmpty(ev, p, "id");
    config.venue = file.string(ev, p, "venue", std::string());
    config.name = ReadNames(file, ev, p);
    config.languages = ReadLanguages(file, ev, p);
    if (config.name.empty()) {
        config.name["en"] = config.id;
    }

    const std::string tz = file.nonEmpty(ev, p, "timezone");
    auto calendar = EventCalendar::Create(tz, file.strings(ev, p, "days", true));
    if (!calendar) {
        const char* key =
            calendar.error().message.find("zone") != std::string::npos ? "timezone" : "days";
        file.fail(ev.get(key), p + key, calendar.error().message);
    }
    config.calendar = std::make_shared<const EventCalendar>(std::move(calendar).value());

    const std::string reentry = file.string(ev, p, "reentry", std::string("allow"));
    if (reentry == "allow") {
        config.reentry = ReentryPolicy::Allow;
    } else if (reentry == "warn") {
        config.reentry = ReentryPolicy::Warn;
    } else if (reentry == "deny") {
        config.reentry = ReentryPolicy::Deny;
    } else {
        file.fail(ev.get("reentry"), p + "reentry",
                  "\"" + reentry + "\" is not one of allow, warn, deny");
    }
    config.debounceSeconds = file.integer(ev, p, "debounce_seconds", 5, 0, 3600);
    config.categories = ReadCategories(file, ev, p);
    config.checkoutMinutes = ReadCheckoutTime(file, ev, p);
    config.zones = ReadZones(file, file.table(file.root(), "", "zones", false));
    config.photoOnOutcome = file.boolean(ev, p, "photo_on_outcome", false);

    if (const toml::table* badges = file.table(file.root(), "", "badges", false)) {
        ReadBadges(file, *badges, ev, config);
    }
    if (const toml::table* reports = file.table(file.root(), "", "reports", false)) {
        config.reports = ReadReports(file, *reports);
    }
    return config;
}

void ReadKioskTable(const TomlFile& file, KioskConfig& config) {
    const toml::table& k = *file.table(file.root(), "", "kiosk", true);
    const std::string p = "kiosk.";
    file.onlyKeys(k, p, {"id", "database", "event", "languages", "zone", "direction"});
    config.id = file.nonEmpty(k, p, "id");
    for (const char c : config.id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        if (!ok || config.id.size() > 64) {
            file.fail(k.get("id"), p + "id",
                      "use 1 to 64 letters, digits, '-', '_' or '.' (e.g. \"door-1\")");
        }
    }
    config.databasePath = file.resolve(file.nonEmpty(k, p, "database"));
    config.eventPath = file.resolve(file.nonEmpty(k, p, "event"));
    if (k.get("languages") != nullptr) {
        config.languages = file.strings(k, p, "languages", false);
        if (config.languages.empty()) {
            file.fail(k.get("languages"), p + "languages", "list at least one language");
        }
    }
    config.zone = file.string(k, p, "zone", config.zone);
    const std::string direction = file.string(k, p, "direction", std::string("in"));
    if (direction == "in") {
        config.direction = DoorDirection::In;
    } else if (direction == "out") {
        config.direction = DoorDirection::Out;
    } else if (direction == "both") {
        config.direction = DoorDirection::Both;
    } else {
        file.fail(k.get("direction"), p + "direction",
                  "\"" + direction + "\" is not one of in, out, both");
    }
}

// [kiosk] zone must be one of the event's zones; checked once both files are read.
void CheckKioskZone(const std::string& path, const KioskConfig& config) {
    if (config.event.zone(config.zone) != nullptr) {
        return;
    }
    std::string known;
    for (const Zone& z : config.event.zones) {
        known += (known.empty() ? "" : ", ") + z.id;
    }
    throw ConfigFailure{path + ": kiosk.zone: \"" + config.zone + "\" is not a zone of " +
                        config.eventPath + " (its zones: " + known + ")"};
}

void ReadStaff(const TomlFile& file, const toml::table& staff, StaffSettings& out) {
    const std::string s = "staff.";
    file.onlyKeys(staff, s, {"max_failures", "lockout_seconds", "auto_lock_seconds"});
    out.maxFailures = file.integer(staff, s, "max_failures", 5, 1, 100);
    out.lockoutSeconds = file.integer(staff, s, "lockout_seconds", 300, 1, 86400);
    out.autoLockSeconds = file.integer(staff, s, "auto_lock_seconds", 120, 5, 86400);
}

std::string JoinNames(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) {
        out += (out.empty() ? "" : ", ") + name;
    }
    return out;
}

// [import] delimiter: "auto" (found from the header line), ",", ";" or "tab".
char ReadDelimiter(const TomlFile& file, const toml::table& import, char fallback) {
    if (import.get("delimiter") == nullptr) {
        return fallback;
    }
    const std::string text = file.string(import, "import.", "delimiter", std::nullopt);
    if (text == "auto") {
        return 0;
    }
    if (text == "," || text == ";") {
        return text[0];
    }
    if (text == "tab" || text == "\t") {
        return '\t';
    }
    file.fail(import.get("delimiter"), "import.delimiter",
              "\"" + text + R"(" is not one of auto, ",", ";", tab)");
}

void ReadImportColumns(const TomlFile& file, const toml::table& columns, ImportSettings& out) {
    const std::string c = "import.columns.";
    const auto& fields = RegistrantFields();
    for (const auto& [field, node] : columns) {
        if (std::find(fields.begin(), fields.end(), field.str()) == fields.end()) {
            file.fail(&node, c + std::string(field.str()), "unknown key");
        }
        out.columns[std::string(field.str())] =
            file.nonEmpty(columns, c, std::string(field.str()).c_str());
    }
}

// One [import.values.X] table into `out`. `targets` lists what a value may map to (empty: any
// non-empty text). Two spellings of one value ("Completed", "completed") are refused: they
// would match the same cells.
void ReadValueTable(const TomlFile& file, const toml::table& values, const char* name,
                    const std::vector<std::string>& targets, ValueMap& out) {
    const std::string prefix = std::string("import.values.") + name + ".";
    std::map<std::string, std::string> spelled;
    for (const auto& [from, node] : values) {
        const std::string key = prefix + TomlKey(from.str());
        if (!node.is_string()) {
            file.fail(&node, key, "must be a string in quotes");
        }
        const std::string to = node.as_string()->get();
        if (targets.empty() ? to.empty()
                            : std::find(targets.begin(), targets.end(), to) == targets.end()) {
            file.fail(&node, key,
                      targets.empty() ? std::string("must not be empty")
                                      : "\"" + to + "\" is not one of " + JoinNames(targets));
        }
        const auto [it, inserted] =
            spelled.emplace(ValueMap::key(from.str()), std::string(from.str()));
        if (!inserted) {
            file.fail(&node, key,
                      "the same value as \"" + it->second +
                          "\" (values match whatever their case)");
        }
        out.set(from.str(), to);
    }
}

void ReadImportValues(const TomlFile& file, const toml::table& values, ImportSettings& out) {
    const std::string v = "import.values.";
    file.onlyKeys(values, v, {"status", "gender", "category"});
    if (const toml::table* status = file.table(values, v, "status", false)) {
        ReadValueTable(file, *status, "status", {"active", "cancelled"}, out.status);
    }
    if (const toml::table* gender = file.table(values, v, "gender", false)) {
        ReadValueTable(file, *gender, "gender", {"female", "male", "other", "undisclosed"},
                       out.gender);
    }
    if (const toml::table* category = file.table(values, v, "category", false)) {
        ReadValueTable(file, *category, "category", {}, out.category);
    }
}

// [import], the same table in kiosk.toml and central.toml: how registration lists are read. A
// profile's columns and values come first; the file's own add to them or replace them.
ImportSettings ReadImport(const TomlFile& file, const toml::table& import) {
    const std::string p = "import.";
    file.onlyKeys(import, p, {"profile", "delimiter", "columns", "values"});
    ImportSettings out;
    if (const toml::node* node = import.get("profile")) {
        const std::string name = file.string(import, p, "profile", std::nullopt);
        auto profile = ImportProfile(name);
        if (!profile) {
            file.fail(node, p + "profile",
                      "\"" + name + "\" is not a known profile (known: " +
                          JoinNames(ImportProfileNames()) + ")");
        }
        out = std::move(profile).value();
    }
    out.delimiter = ReadDelimiter(file, import, out.delimiter);
    if (const toml::table* columns = file.table(import, p, "columns", false)) {
        ReadImportColumns(file, *columns, out);
    }
    if (const toml::table* values = file.table(import, p, "values", false)) {
        ReadImportValues(file, *values, out);
    }
    return out;
}

void ReadCentral(const TomlFile& file, const toml::table& central, CentralSettings& out) {
    const std::string c = "central.";
    file.onlyKeys(central, c,
                  {"url", "token_file", "ca_file", "interval_seconds", "offline_alert_minutes"});
    // One address, or a list of the central's instances tried in turn.
    if (const toml::node* url = central.get("url"); url != nullptr && url->is_array()) {
        out.urls = file.strings(central, c, "url", false);
        if (out.urls.empty()) {
            file.fail(url, c + "url", "list at least one address");
        }
    } else if (std::string one = file.string(central, c, "url", std::string()); !one.empty()) {
        out.urls.push_back(std::move(one));
    }
    const std::string token = file.string(central, c, "token_file", std::string());
    out.tokenFile = token.empty() ? token : file.resolve(token);
    const std::string ca = file.string(central, c, "ca_file", std::string());
    out.caFile = ca.empty() ? ca : file.resolve(ca);
    out.intervalSeconds = file.integer(central, c, "interval_seconds", 5, 1, 3600);
    out.offlineAlertMinutes = file.integer(central, c, "offline_alert_minutes", 30, 0, 10080);
}

bool IsFunctionKeyName(const std::string& name) {
    for (int n = 1; n <= 12; ++n) {
        if (name == "F" + std::to_string(n)) {
            return true;
        }
    }
    return false;
}

// [app]: what accueil-kiosk's flags used to be the only way to say. Checked here, like every
// other key, so a venue's mistake stops the kiosk at start with the line that holds it.
void ReadApp(const TomlFile& file, const toml::table& app, AppSettings& out) {
    const std::string a = "app.";
    file.onlyKeys(app, a, {"panel_key", "monitor", "camera", "staff_card_prefix", "windowed"});
    out.panelKey = file.string(app, a, "panel_key", out.panelKey);
    if (!IsFunctionKeyName(out.panelKey)) {
        file.fail(app.get("panel_key"), a + "panel_key",
                  "\"" + out.panelKey + "\" is not one of F1 to F12");
    }
    out.monitor = file.integer(app, a, "monitor", out.monitor, 0, 15);
    out.camera = file.string(app, a, "camera", out.camera);
    if (!out.camera.empty() && !fs::path(out.camera).is_absolute()) {
        file.fail(app.get("camera"), a + "camera",
                  R"(must be a device path such as "/dev/video0" ("" for no camera))");
    }
    out.staffCardPrefix = file.string(app, a, "staff_card_prefix", out.staffCardPrefix);
    const bool control =
        std::any_of(out.staffCardPrefix.begin(), out.staffCardPrefix.end(), [](char c) {
            const auto byte = static_cast<unsigned char>(c);
            return byte < 0x20 || byte == 0x7f;
        });
    if (control || out.staffCardPrefix.size() > 32) {
        file.fail(app.get("staff_card_prefix"), a + "staff_card_prefix",
                  "use at most 32 characters and no control characters (\"\" turns staff "
                  "cards off)");
    }
    if (const toml::node* node = app.get("windowed")) {
        auto size = ParseWindowSize(file.string(app, a, "windowed", std::nullopt));
        if (!size) {
            file.fail(node, a + "windowed", size.error().message);
        }
        out.windowed = *size;
    }
}

// [scanner] kind: one name or a list of them.
std::vector<ScannerKind> ReadScannerKinds(const TomlFile& file, const toml::table& scanner) {
    const std::string key = "scanner.kind";
    const toml::node* node = scanner.get("kind");
    if (node == nullptr) {
        file.fail(&scanner, key,
                  R"(missing (required): one of "keyboard", "evdev", "serial", "camera", or a )"
                  R"(list of them)");
    }
    std::vector<std::pair<const toml::node*, std::string>> names;
    if (node->is_string()) {
        names.emplace_back(node, node->as_string()->get());
    } else if (node->is_array()) {
        for (const auto& item : *node->as_array()) {
            if (!item.is_string()) {
                file.fail(&item, key, "every entry must be a string in quotes");
            }
            names.emplace_back(&item, item.as_string()->get());
        }
    } else {
        file.fail(node, key, R"(must be a string or a list of strings, e.g. ["evdev", "camera"])");
    }
    if (names.empty()) {
        file.fail(node, key, "list at least one kind");
    }
    std::vector<ScannerKind> kinds;
    for (const auto& [where, name] : names) {
        std::optional<ScannerKind> kind;
        for (const ScannerKind k : {ScannerKind::Keyboard, ScannerKind::Evdev, ScannerKind::Serial,
                                    ScannerKind::Camera}) {
            if (name == ToString(k)) {
                kind = k;
            }
        }
        if (!kind) {
            file.fail(where, key, "\"" + name + "\" is not one of keyboard, evdev, serial, camera");
        }
        if (std::find(kinds.begin(), kinds.end(), *kind) != kinds.end()) {
            file.fail(where, key, "\"" + name + "\" is listed twice");
        }
        kinds.push_back(*kind);
    }
    const auto has = [&](ScannerKind k) {
        return std::find(kinds.begin(), kinds.end(), k) != kinds.end();
    };
    if (has(ScannerKind::Evdev) && has(ScannerKind::Serial)) {
        file.fail(node, key, "evdev and serial would share one device: list one of them");
    }
    return kinds;
}

// [scanner]: which badge readers the door has, and their settings.
void ReadScanner(const TomlFile& file, const toml::table& scanner, ScannerSettings& out) {
    const std::string s = "scanner.";
    file.onlyKeys(scanner, s, {"kind", "device", "layout", "camera", "camera_size"});
    out.configured = true;
    out.kinds = ReadScannerKinds(file, scanner);
    const bool evdev = out.has(ScannerKind::Evdev);
    const bool serial = out.has(ScannerKind::Serial);
    if (evdev || serial) {
        out.device = file.nonEmpty(scanner, s, "device");
        const bool path = fs::path(out.device).is_absolute();
        if (serial && !path) {
            file.fail(scanner.get("device"), s + "device",
                      R"(must be a tty path such as "/dev/serial/by-id/usb-…" or "/dev/ttyACM0")");
        }
        if (evdev && !path && !scanner::ParseUsbId(out.device)) {
            file.fail(scanner.get("device"), s + "device",
                      R"(must be an event device path such as "/dev/input/by-id/usb-…-event-kbd")"
                      R"( or a USB id "vendor:product" such as "0c2e:0b61")");
        }
    } else if (scanner.get("device") != nullptr) {
        file.fail(scanner.get("device"), s + "device",
                  "only an evdev or serial scanner has a device (see kind)");
    }
    out.layout = file.string(scanner, s, "layout", out.layout);
    if (!scanner::ParseWedgeLayout(out.layout)) {
        file.fail(scanner.get("layout"), s + "layout",
                  "\"" + out.layout + "\" is not one of us, ch, de, fr");
    }
    const bool camera = out.has(ScannerKind::Camera);
    for (const char* key : {"camera", "camera_size"}) {
        if (!camera && scanner.get(key) != nullptr) {
            file.fail(scanner.get(key), s + key, "kind does not list camera");
        }
    }
    out.camera = file.string(scanner, s, "camera", out.camera);
    if (!fs::path(out.camera).is_absolute()) {
        file.fail(scanner.get("camera"), s + "camera",
                  R"(must be a device path such as "/dev/video0")");
    }
    if (const toml::node* node = scanner.get("camera_size")) {
        auto size = ParseWindowSize(file.string(scanner, s, "camera_size", std::nullopt));
        if (!size || size->fullScreen()) {
            file.fail(node, s + "camera_size",
                      size ? "expected WIDTHxHEIGHT, e.g. 1280x720" : size.error().message);
        }
        out.cameraSize = *size;
    }
}

KioskConfig ReadKiosk(const std::string& path) {
    RequireFile(path, "kiosk configuration");
    const TomlFile file(path);
    file.onlyKeys(file.root(), "", {"kiosk", "staff", "import", "central", "app", "scanner"});
    KioskConfig config;
    config.path = path;
    ReadKioskTable(file, config);
    if (const toml::table* staff = file.table(file.root(), "", "staff", false)) {
        ReadStaff(file, *staff, config.staff);
    }
    if (const toml::table* import = file.table(file.root(), "", "import", false)) {
        config.import = ReadImport(file, *import);
    }
    if (const toml::table* central = file.table(file.root(), "", "central", false)) {
        ReadCentral(file, *central, config.central);
    }
    if (const toml::table* app = file.table(file.root(), "", "app", false)) {
        ReadApp(file, *app, config.app);
    }
    if (const toml::table* scanner = file.table(file.root(), "", "scanner", false)) {
        ReadScanner(file, *scanner, config.scanner);
        // One place names the camera: with a [scanner] table, it is [scanner] camera.
        if (!config.app.camera.empty()) {
            const toml::node* app = file.root().get("app");
            file.fail(app->as_table()->get("camera"), "app.camera",
                      "with a [scanner] table the camera is set there: kind = [..., \"camera\"] "
                      "and camera = \"" +
                          config.app.camera + "\"");
        }
    }
    return config;
}

} // namespace

const std::string& EventConfig::displayName(const std::string& language) const {
    if (const auto it = name.find(language); it != name.end()) {
        return it->second;
    }
    if (const auto it = name.find("en"); it != name.end()) {
        return it->second;
    }
    return name.empty() ? id : name.begin()->second;
}

const std::string& Zone::displayName(const std::string& language) const {
    if (const auto it = name.find(language); it != name.end()) {
        return it->second;
    }
    if (const auto it = name.find("en"); it != name.end()) {
        return it->second;
    }
    return id;
}

const Zone* EventConfig::zone(std::string_view zoneId) const {
    const auto it = std::find_if(zones.begin(), zones.end(),
                                 [zoneId](const Zone& z) { return z.id == zoneId; });
    return it == zones.end() ? nullptr : &*it;
}

Result<EventConfig> LoadEventConfig(const std::string& path) {
    try {
        return ReadEvent(path);
    } catch (const ConfigFailure& f) {
        return MakeError(ErrorKind::Config, f.message);
    }
}

Result<KioskConfig> LoadKioskConfig(const std::string& path) {
    try {
        KioskConfig config = ReadKiosk(path);
        config.event = ReadEvent(config.eventPath);
        CheckKioskZone(path, config);
        return config;
    } catch (const ConfigFailure& f) {
        return MakeError(ErrorKind::Config, f.message);
    }
}

Result<ImportSettings> LoadImportSettings(const std::string& path) {
    try {
        const TomlFile file(path);
        const toml::table* import = file.table(file.root(), "", "import", false);
        return import == nullptr ? ImportSettings{} : ReadImport(file, *import);
    } catch (const ConfigFailure& f) {
        return MakeError(ErrorKind::Config, f.message);
    }
}

Result<WindowSize> ParseWindowSize(std::string_view text) {
    if (text.empty()) {
        return WindowSize{};
    }
    // Whole numbers only: "1920x1080px" or "x1080" is a mistake, not a size.
    auto number = [](std::string_view digits, int& out) {
        const char* end = digits.data() + digits.size();
        return !digits.empty() && digits.size() <= 5 &&
               std::from_chars(digits.data(), end, out).ptr == end;
    };
    const auto x = text.find('x');
    WindowSize size;
    if (x == std::string_view::npos || !number(text.substr(0, x), size.width) ||
        !number(text.substr(x + 1), size.height)) {
        return MakeError(ErrorKind::Input, "expected WIDTHxHEIGHT, e.g. 1920x1080");
    }
    if (size.width < 320 || size.height < 240) {
        return MakeError(ErrorKind::Input, "at least 320x240");
    }
    return size;
}

scanner::BadgeReaderOptions BadgeReaderOptionsFor(const EventConfig& event) {
    scanner::BadgeReaderOptions options;
    options.eventId = event.id;
    options.publicKeys = event.badges.publicKeys;
    options.acceptPlainIds = event.badges.acceptPlainIds;
    options.acceptIndico = event.badges.acceptIndico;
    options.plainIdPattern = event.badges.plainIdPattern;
    options.indicoEventId = event.badges.indicoEventId;
    options.indicoServer = event.badges.indicoServer;
    return options;
}

bool ScannerSettings::has(ScannerKind kind) const {
    return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

const char* ToString(ScannerKind kind) {
    switch (kind) {
    case ScannerKind::Keyboard:
        return "keyboard";
    case ScannerKind::Evdev:
        return "evdev";
    case ScannerKind::Serial:
        return "serial";
    case ScannerKind::Camera:
        return "camera";
    }
    return "keyboard";
}

const char* ToString(DoorDirection direction) {
    switch (direction) {
    case DoorDirection::In:
        return "in";
    case DoorDirection::Out:
        return "out";
    case DoorDirection::Both:
        return "both";
    }
    return "in";
}

const char* ToString(ReentryPolicy policy) {
    switch (policy) {
    case ReentryPolicy::Allow:
        return "allow";
    case ReentryPolicy::Warn:
        return "warn";
    case ReentryPolicy::Deny:
        return "deny";
    }
    return "allow";
}

} // namespace accueil::core
