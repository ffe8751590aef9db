// SPDX-License-Identifier: Apache-2.0
#pragma once

// A thin layer over libpq for the PostgreSQL central: owned connections and results, queries
// with parameters only (never SQL built from values), and transactions that roll back unless
// committed. Internal to the sync library; libpq's header stays in Pg.cpp.

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct pg_conn;
struct pg_result;

namespace accueil::sync::pg {

/// A failed query or connection; `lost` when the connection itself is gone.
class PgError : public std::runtime_error {
public:
    PgError(const std::string& message, bool lost) : std::runtime_error(message), m_lost(lost) {}
    bool lost() const { return m_lost; }

private:
    bool m_lost;
};

/// A query's answer: rows of text values (NULL reads as "").
class Rows {
public:
    explicit Rows(pg_result* result);
    int size() const;
    bool empty() const { return size() == 0; }
    std::string text(int row, int col) const;
    std::int64_t int64(int row, int col) const;
    bool isNull(int row, int col) const;

private:
    struct Clear {
        void operator()(pg_result* r) const;
    };
    std::unique_ptr<pg_result, Clear> m_result;
};

/// A query parameter: a text value, or NULL.
using Param = std::optional<std::string>;

/// One connection to the server. Move-only; closed by its destructor.
class Connection {
public:
    /// Connects with a libpq URL. Throws PgError (the message names the host and port).
    static Connection Open(const std::string& url);

    /// Runs one statement with its parameters ($1, $2, ...). Throws PgError.
    Rows exec(const char* sqlText, const std::vector<Param>& params = {});
    /// Runs statements without parameters (the schema). Throws PgError.
    void execScript(const char* sqlText);
    /// Whether the connection is still usable.
    bool ok() const;

private:
    struct Finish {
        void operator()(pg_conn* c) const;
    };
    explicit Connection(pg_conn* conn) : m_conn(conn) {}
    // The answer when it succeeded; otherwise throws PgError with the server's message.
    Rows checked(pg_result* result);
    std::unique_ptr<pg_conn, Finish> m_conn;
};

/// A transaction on a connection: rolled back by the destructor unless committed.
class Transaction {
public:
    enum class Mode {
        Write,   ///< read committed: each statement sees what committed before it
        Snapshot ///< repeatable read, read only: every statement sees one moment
    };
    Transaction(Connection& conn, Mode mode);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Connection& m_conn;
    bool m_done = false;
};

/// The parameter text of a number.
inline Param Num(std::int64_t n) {
    return std::to_string(n);
}

} // namespace accueil::sync::pg
