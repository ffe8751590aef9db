// SPDX-License-Identifier: Apache-2.0
#include <accueil/core/Sqlite.h>

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <string_view>

namespace accueil::core::sql {

namespace {

[[noreturn]] void Throw(sqlite3* db, int code, std::string_view context) {
    std::string message(context);
    message += ": ";
    message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    throw SqlError(code, message);
}

} // namespace

bool SqlError::busy() const {
    const int primary = m_code & 0xff;
    return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

bool SqlError::readOnly() const {
    return (m_code & 0xff) == SQLITE_READONLY;
}

Statement::~Statement() {
    if (m_stmt == nullptr) {
        return;
    }
    if (m_inUse == nullptr) {
        sqlite3_finalize(m_stmt);
        return;
    }
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    *m_inUse = false;
}

Statement& Statement::bind(int index, std::string_view text) {
    const int rc =
        sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK) {
        Throw(sqlite3_db_handle(m_stmt), rc, "bind");
    }
    return *this;
}

Statement& Statement::bindBlob(int index, std::string_view bytes) {
    const int rc = sqlite3_bind_blob64(m_stmt, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) {
        Throw(sqlite3_db_handle(m_stmt), rc, "bind");
    }
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    const int rc = sqlite3_bind_int64(m_stmt, index, value);
    if (rc != SQLITE_OK) {
        Throw(sqlite3_db_handle(m_stmt), rc, "bind");
    }
    return *this;
}

Statement& Statement::bindNull(int index) {
    const int rc = sqlite3_bind_null(m_stmt, index);
    if (rc != SQLITE_OK) {
        Throw(sqlite3_db_handle(m_stmt), rc, "bind");
    }
    return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& text) {
    return text ? bind(index, std::string_view(*text)) : bindNull(index);
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    Throw(sqlite3_db_handle(m_stmt), rc, sqlite3_sql(m_stmt));
}

void Statement::run() {
    while (step()) {
    }
}

std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(m_stmt, column);
}

std::string Statement::text(int column) const {
    const auto* data = sqlite3_column_text(m_stmt, column);
    if (data == nullptr) {
        return {};
    }
    return {reinterpret_cast<const char*>(data),
            static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))};
}

std::string Statement::blob(int column) const {
    const auto* data = static_cast<const char*>(sqlite3_column_blob(m_stmt, column));
    if (data == nullptr) {
        return {};
    }
    return {data, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))};
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

void Database::Finalizer::operator()(sqlite3_stmt* stmt) const {
    sqlite3_finalize(stmt);
}

Database::Database(sqlite3* db, std::string path) : m_db(db), m_path(std::move(path)) {}

Database::Database(Database&& other) noexcept
    : m_db(other.m_db), m_path(std::move(other.m_path)), m_cache(std::move(other.m_cache)) {
    other.m_db = nullptr;
}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        m_cache.clear();
        if (m_db != nullptr) {
            sqlite3_close_v2(m_db);
        }
        m_db = other.m_db;
        m_path = std::move(other.m_path);
        m_cache = std::move(other.m_cache);
        other.m_db = nullptr;
    }
    return *this;
}

Database::~Database() {
    m_cache.clear(); // statements before the connection
    if (m_db != nullptr) {
        sqlite3_close_v2(m_db);
    }
}

namespace {

// "file:" URI of a path, with the characters URIs give a meaning escaped.
std::string FileUri(const std::string& path, std::string_view query) {
    constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string uri = "file:";
    for (const char c : path) {
        if (c == '%' || c == '?' || c == '#') {
            const auto u = static_cast<unsigned char>(c);
            uri += '%';
            uri += kHex[u >> 4];
            uri += kHex[u & 15U];
        } else {
            uri += c;
        }
    }
    return uri + "?" + std::string(query);
}

sqlite3* OpenUri(const std::string& uri, const std::string& path) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(
        uri.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = "cannot open database " + path + " for reading: " +
                              (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc));
        sqlite3_close_v2(raw);
        throw SqlError(rc, message);
    }
    return raw;
}

} // namespace

// A file that can only be read. A WAL database needs its -shm file: where that cannot be
// created (a read-only mount, where nothing can write either) the file is opened as immutable.
Database Database::OpenForReading(const std::string& path, int busyTimeoutMs) {
    Database db(OpenUri(FileUri(path, "mode=ro"), path), path);
    sqlite3_extended_result_codes(db.m_db, 1);
    sqlite3_busy_timeout(db.m_db, busyTimeoutMs);
    try {
        db.scalar("SELECT COUNT(*) FROM sqlite_master");
    } catch (const SqlError&) {
        db = Database(OpenUri(FileUri(path, "immutable=1"), path), path);
        sqlite3_extended_result_codes(db.m_db, 1);
    }
    db.exec("PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY");
    return db;
}

bool Database::readOnly() const {
    return sqlite3_db_readonly(m_db, "main") == 1;
}

Database Database::Open(const std::string& path, bool create, int busyTimeoutMs) {
    sqlite3* raw = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (create) {
        flags |= SQLITE_OPEN_CREATE;
        // Every delegate's name and gender: readable by its owner alone. SQLite gives the WAL
        // and shared-memory files the database file's mode, so they follow. An empty file is
        // an empty database; one that exists keeps the mode it has.
        if (path != ":memory:") {
            // NOLINTNEXTLINE(cppcoreguidelines-pro-type-vararg): open(2) is variadic
            const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
            if (fd >= 0) {
                ::close(fd);
            }
        }
    }
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = "cannot open database " + path + ": " +
                              (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc));
        sqlite3_close_v2(raw);
        throw SqlError(rc, message);
    }
    Database db(raw, path);
    if (path != ":memory:" && db.readOnly()) {
        return OpenForReading(path, busyTimeoutMs);
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, busyTimeoutMs);
    // WAL lets the night job read while the kiosk writes; FULL makes every commit durable.
    if (path != ":memory:") {
        db.exec("PRAGMA journal_mode=WAL");
    }
    db.exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY");
    return db;
}

void Database::exec(std::string_view sql) {
    const std::string text(sql);
    char* error = nullptr;
    const int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = text + ": " + (error != nullptr ? error : sqlite3_errstr(rc));
        sqlite3_free(error);
        throw SqlError(rc, message);
    }
}

Statement Database::prepare(std::string_view sql) {
    const auto compile = [&] {
        sqlite3_stmt* stmt = nullptr;
        const int rc = sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()),
                                          SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
        if (rc != SQLITE_OK) {
            Throw(m_db, rc, sql);
        }
        return stmt;
    };
    auto it = m_cache.find(std::string(sql));
    if (it == m_cache.end()) {
        it = m_cache.emplace(std::string(sql), Cached{{compile(), Finalizer{}}, false}).first;
    } else if (it->second.inUse) {
        return {compile(), nullptr};
    }
    it->second.inUse = true;
    return {it->second.stmt.get(), &it->second.inUse};
}

std::int64_t Database::scalar(std::string_view sql) {
    Statement st = prepare(sql);
    return st.step() ? st.int64(0) : 0;
}

std::int64_t Database::lastInsertRowid() const {
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const {
    return sqlite3_changes(m_db);
}

Transaction::Transaction(Database& db, Mode mode) : m_db(db) {
    m_db.exec(mode == Mode::Immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
}

Transaction::~Transaction() {
    if (m_open) {
        // Never throws: a failed rollback leaves SQLite to roll back on the next open.
        sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    m_db.exec("COMMIT");
    m_open = false;
}

} // namespace accueil::core::sql
