// SPDX-License-Identifier: Apache-2.0
#pragma once

// A thin RAII layer over SQLite for the kiosk store and the sync code. It throws SqlError;
// the libraries catch it at their public boundary and return a Result instead.

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace accueil::core::sql {

/// An SQLite failure: the primary result code and SQLite's own message.
class SqlError : public std::runtime_error {
public:
    SqlError(int code, const std::string& message) : std::runtime_error(message), m_code(code) {}
    int code() const { return m_code; }
    bool busy() const;     ///< SQLITE_BUSY or SQLITE_LOCKED: another connection holds the lock
    bool readOnly() const; ///< SQLITE_READONLY: the file can only be read

private:
    int m_code;
};

/// A prepared statement. Usually borrowed from the connection's cache: it is reset and its
/// bindings cleared when it goes out of scope, so no read transaction outlives its use. While
/// it is out, asking for the same SQL again gives a fresh statement of its own (finalized at
/// scope end), so two live statements never share one cursor.
class Statement {
public:
    /// `inUse`: the cache entry's flag, cleared when a borrowed statement is returned; null for
    /// a statement this object owns.
    Statement(sqlite3_stmt* stmt, bool* inUse) : m_stmt(stmt), m_inUse(inUse) {}
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept : m_stmt(other.m_stmt), m_inUse(other.m_inUse) {
        other.m_stmt = nullptr;
        other.m_inUse = nullptr;
    }
    Statement& operator=(Statement&&) = delete;
    ~Statement();

    /// Parameters are 1-based, as in SQLite.
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const std::string& text) {
        return bind(index, std::string_view(text));
    }
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bindNull(int index);
    Statement& bind(int index, const std::optional<std::string>& text);
    /// Binds bytes as a BLOB (a photo's JPEG), not as text.
    Statement& bindBlob(int index, std::string_view bytes);

    /// Advances: true when a row is ready, false when done. Throws SqlError.
    bool step();
    /// Runs a statement that returns no rows.
    void run();

    std::int64_t int64(int column) const;
    std::string text(int column) const;
    /// A BLOB column's bytes (empty for NULL).
    std::string blob(int column) const;
    bool isNull(int column) const;

private:
    sqlite3_stmt* m_stmt;
    bool* m_inUse; ///< null when owned
};

/// One connection. Move-only; not shared between threads (one connection per thread).
class Database {
public:
    /// Opens (creating if asked) the file with the house pragmas: WAL, synchronous=FULL,
    /// foreign keys, a busy timeout. ":memory:" works. A file that can only be read (a
    /// read-only mount, a file without write permission) is opened for reading: see
    /// readOnly(). Throws SqlError.
    static Database Open(const std::string& path, bool create, int busyTimeoutMs = 10000);

    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    /// Runs one or more statements with no parameters.
    void exec(std::string_view sql);
    /// A prepared statement for `sql`: the cached one, or a fresh one while the cached one is
    /// still out (nested reads of the same query). Throws SqlError.
    Statement prepare(std::string_view sql);
    /// Value of the first column of the first row, for PRAGMAs and counts.
    std::int64_t scalar(std::string_view sql);

    std::int64_t lastInsertRowid() const;
    int changes() const;
    /// The file was opened for reading only: every write fails (SQLITE_READONLY).
    bool readOnly() const;
    sqlite3* handle() const { return m_db; }
    const std::string& path() const { return m_path; }

private:
    Database(sqlite3* db, std::string path);
    static Database OpenForReading(const std::string& path, int busyTimeoutMs);
    sqlite3* m_db = nullptr;
    std::string m_path;
    struct Finalizer {
        void operator()(sqlite3_stmt* stmt) const;
    };
    struct Cached {
        std::unique_ptr<sqlite3_stmt, Finalizer> stmt;
        bool inUse = false;
    };
    // Node-based: a Cached entry stays put while the map grows, so Statement may point at it.
    std::unordered_map<std::string, Cached> m_cache;
};

/// A write transaction (BEGIN IMMEDIATE, so two writers queue on the busy timeout instead of
/// failing mid-way). Commit is explicit; the destructor rolls back and never throws.
class Transaction {
public:
    enum class Mode { Immediate, Deferred };
    explicit Transaction(Database& db, Mode mode = Mode::Immediate);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

private:
    Database& m_db;
    bool m_open = true;
};

} // namespace accueil::core::sql
