// SPDX-License-Identifier: Apache-2.0
// A PostgreSQL central backed up with pg_dump (custom format) and put back with pg_restore in
// one transaction. A backup is read back before it is trusted: the central's meta rows say it
// is a central and of which event, before anything touches the live database.

#include "CentralBackup.h"

#include <accueil/cli/RunProgram.h>
#include <accueil/sync/PgCentralStore.h>

#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

namespace accueil::cli {

using core::ErrorKind;
using core::MakeError;
using core::Result;
namespace fs = std::filesystem;

namespace {

// A central's dump or restore takes minutes at most; the limit only stops a tool that hangs.
constexpr std::chrono::hours kToolLimit{2};

// Where Debian's postgresql-client-15 puts its tools when its wrappers are not on PATH.
constexpr const char* kDebianPgBin = "/usr/lib/postgresql/15/bin/";

Result<std::string> FindPgTool(const std::string& name) {
    const char* path = std::getenv("PATH"); // NOLINT(concurrency-mt-unsafe): main thread
    std::string_view dirs = path != nullptr ? path : "";
    while (!dirs.empty()) {
        const std::size_t colon = dirs.find(':');
        const std::string dir(dirs.substr(0, colon));
        dirs = colon == std::string_view::npos ? std::string_view() : dirs.substr(colon + 1);
        const std::string candidate = (fs::path(dir) / name).string();
        if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
    }
    const std::string debian = kDebianPgBin + name;
    if (::access(debian.c_str(), X_OK) == 0) {
        return debian;
    }
    return MakeError(ErrorKind::Config, name + " is not installed (neither on PATH nor in " +
                                            kDebianPgBin +
                                            "): install the Debian package postgresql-client-15");
}

std::string Trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.pop_back();
    }
    return text;
}

// Runs a PostgreSQL tool with `args`; its output when it failed, or nullopt when it succeeded.
// The password, if any, goes through the environment.
Result<std::optional<std::string>> RunPgTool(const std::string& name,
                                             const std::vector<std::string>& args,
                                             const std::optional<std::string>& password) {
    auto tool = FindPgTool(name);
    if (!tool) {
        return std::move(tool).error();
    }
    std::vector<std::string> argv{*tool};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<std::string> env;
    if (password) {
        env.push_back("PGPASSWORD=" + *password);
    }
    const ProgramRun run = RunProgram(argv, kToolLimit, env);
    if (!run.error.empty()) {
        return MakeError(ErrorKind::Storage, "cannot run " + *tool + ": " + run.error);
    }
    if (run.exitStatus == 0) {
        return std::optional<std::string>();
    }
    return std::optional<std::string>(
        run.timedOut ? name + " did not finish in " + std::to_string(kToolLimit.count()) + " hours"
                     : Trimmed(run.output));
}

// What a backup says of itself, read from its data with pg_restore (no server needed).
struct DumpFacts {
    std::string epoch;   ///< "" when the dump has no central_meta epoch: not a central
    std::string eventId; ///< "" when the central was never bound to an event
    std::int64_t registrants = 0;
    std::int64_t attendance = 0;
};

std::string FieldOf(const CopyRows& rows, const std::string& table, const std::string& key) {
    const auto t = rows.find(table);
    if (t != rows.end()) {
        for (const auto& row : t->second) {
            if (row.size() == 2 && row[0] == key) {
                return row[1];
            }
        }
    }
    return {};
}

// Reads the central's meta, counters and list out of the dump `file`: a dump that is not a
// custom-format dump, or whose data is cut short, fails here (Input), before any use of it.
Result<DumpFacts> ReadDump(const std::string& file) {
    auto listed = RunPgTool("pg_restore", {"--list", file}, std::nullopt);
    if (!listed) {
        return std::move(listed).error();
    }
    if (*listed) {
        return MakeError(ErrorKind::Input, file +
                                               " is not a backup made by accueil central backup "
                                               "of a PostgreSQL central (" +
                                               **listed + ")");
    }
    // The script goes to a file of our own among the system's temporary files (standard output
    // would be mixed with pg_restore's messages), removed whatever happens.
    std::string script = (fs::temp_directory_path() / "accueil-restore-check-XXXXXX").string();
    const int fd = ::mkstemp(script.data());
    if (fd < 0) {
        return MakeError(ErrorKind::Storage,
                         "cannot make a temporary file in " + fs::temp_directory_path().string());
    }
    ::close(fd);
    auto read = RunPgTool("pg_restore",
                          {"--data-only", "--table=central_meta", "--table=central_cursor",
                           "--table=registrant", "--file=" + script, file},
                          std::nullopt);
    std::ifstream in(script);
    std::stringstream sql;
    sql << in.rdbuf();
    std::error_code ec;
    fs::remove(script, ec);
    if (!read) {
        return std::move(read).error();
    }
    if (*read) {
        return MakeError(ErrorKind::Input, file + " is damaged or cut short (" + **read + ")");
    }
    const CopyRows rows = ParseCopyData(sql.str());
    DumpFacts facts;
    facts.epoch = FieldOf(rows, "central_meta", "epoch");
    facts.eventId = FieldOf(rows, "central_meta", "event_id");
    const std::string attendance = FieldOf(rows, "central_cursor", "attendance");
    facts.attendance = attendance.empty() ? 0 : std::stoll(attendance);
    if (const auto list = rows.find("registrant"); list != rows.end()) {
        facts.registrants = static_cast<std::int64_t>(list->second.size());
    }
    if (facts.epoch.empty()) {
        return MakeError(ErrorKind::Input,
                         file + " is a PostgreSQL backup, but not of an Accueil central");
    }
    return facts;
}

char HexValue(char c) {
    if (c >= '0' && c <= '9') {
        return static_cast<char>(c - '0');
    }
    return static_cast<char>((c | 0x20) - 'a' + 10);
}

std::string PercentDecoded(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(text[i + 1]) != 0 &&
            std::isxdigit(text[i + 2]) != 0) {
            out.push_back(static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

// What COPY TO writes after a backslash, back to the character (\\ and others stand for
// themselves).
char Unescaped(char e) {
    switch (e) {
    case 't':
        return '\t';
    case 'n':
        return '\n';
    case 'r':
        return '\r';
    case 'b':
        return '\b';
    case 'f':
        return '\f';
    case 'v':
        return '\v';
    default:
        return e;
    }
}

// COPY's text format: backslash escapes (\t \n \\ and others), \N for NULL (read as "").
std::vector<std::string> CopyFields(std::string_view line) {
    std::vector<std::string> fields(1);
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '\t') {
            fields.emplace_back();
        } else if (c == '\\' && i + 1 < line.size()) {
            const char e = line[++i];
            if (e != 'N') {
                fields.back() += Unescaped(e);
            }
        } else {
            fields.back() += c;
        }
    }
    return fields;
}

} // namespace

PgTarget SplitPostgresPassword(const std::string& url) {
    PgTarget target{url, std::nullopt};
    const std::size_t scheme = url.find("://");
    if (scheme == std::string::npos) {
        return target;
    }
    const std::size_t query = url.find('?', scheme);
    std::string main = url.substr(0, query);
    std::string params = query == std::string::npos ? "" : url.substr(query + 1);
    const std::size_t at = main.rfind('@');
    const std::size_t colon = main.find(':', scheme + 3);
    if (at != std::string::npos && colon != std::string::npos && colon < at) {
        target.password = PercentDecoded(std::string_view(main).substr(colon + 1, at - colon - 1));
        main.erase(colon, at - colon);
    }
    std::string kept;
    std::string_view rest = params;
    while (!rest.empty()) {
        const std::size_t amp = rest.find('&');
        const std::string_view param = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        if (param.starts_with("password=")) {
            target.password = PercentDecoded(param.substr(9));
        } else if (!param.empty()) {
            kept += (kept.empty() ? "" : "&") + std::string(param);
        }
    }
    target.url = kept.empty() ? main : main + "?" + kept;
    return target;
}

CopyRows ParseCopyData(const std::string& sql) {
    CopyRows rows;
    std::istringstream in(sql);
    std::string line;
    std::vector<std::vector<std::string>>* table = nullptr;
    while (std::getline(in, line)) {
        if (table != nullptr) {
            if (line == "\\.") {
                table = nullptr;
            } else {
                table->push_back(CopyFields(line));
            }
        } else if (line.starts_with("COPY ") && line.ends_with("FROM stdin;")) {
            // COPY schema.name (columns) FROM stdin;  — the name without schema or quotes.
            std::string name = line.substr(5, line.find(' ', 5) - 5);
            name = name.substr(name.rfind('.') == std::string::npos ? 0 : name.rfind('.') + 1);
            std::erase(name, '"');
            table = &rows[name];
        }
    }
    return rows;
}

Result<BackupSummary> BackUpPgCentral(const std::string& url, const std::string& file,
                                      const std::string& tmp) {
    const PgTarget target = SplitPostgresPassword(url);
    auto dumped = RunPgTool(
        "pg_dump", {"--format=custom", "--file=" + tmp, "--dbname=" + target.url}, target.password);
    if (!dumped) {
        return std::move(dumped).error();
    }
    if (*dumped) {
        return MakeError(ErrorKind::Storage, "cannot back up the PostgreSQL database " +
                                                 sync::PostgresWhere(url) + " (" + **dumped + ")");
    }
    // Read back before it is called a backup.
    auto facts = ReadDump(tmp);
    if (!facts) {
        return MakeError(ErrorKind::Storage, "the backup of " + sync::PostgresWhere(url) +
                                                 " does not read back: " + facts.error().message +
                                                 "; nothing was written to " + file);
    }
    BackupSummary summary;
    summary.registrants = facts->registrants;
    summary.attendance = facts->attendance;
    return summary;
}

Result<std::string> RestorePgCentral(const std::string& file, const std::string& url,
                                     const core::EventConfig& event) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
        return MakeError(ErrorKind::Input, "no backup file at " + file);
    }
    auto facts = ReadDump(file);
    if (!facts) {
        return std::move(facts).error();
    }
    if (!facts->eventId.empty() && facts->eventId != event.id) {
        return MakeError(ErrorKind::Input, file + " is a backup of the central of event \"" +
                                               facts->eventId + "\", not \"" + event.id + "\"");
    }
    // One transaction: a dump that fails halfway leaves the live database as it was.
    const PgTarget target = SplitPostgresPassword(url);
    auto restored = RunPgTool("pg_restore",
                              {"--clean", "--if-exists", "--single-transaction", "--no-owner",
                               "--dbname=" + target.url, file},
                              target.password);
    if (!restored) {
        return std::move(restored).error();
    }
    if (*restored) {
        return MakeError(ErrorKind::Storage, "cannot restore " + file + " into " +
                                                 sync::PostgresWhere(url) +
                                                 "; nothing was changed (" + **restored + ")");
    }
    auto epoch = sync::RenewPgCentralEpoch(url, event);
    if (!epoch) {
        return MakeError(epoch.error().kind,
                         "restored " + file + " into " + sync::PostgresWhere(url) +
                             " but could not give it a new epoch, so kiosks would not start "
                             "over: run the restore again (" +
                             epoch.error().message + ")");
    }
    return epoch;
}

} // namespace accueil::cli
