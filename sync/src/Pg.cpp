// SPDX-License-Identifier: Apache-2.0

#include "Pg.h"

#include <libpq-fe.h>

#include <array>
#include <string_view>

namespace accueil::sync::pg {

namespace {

// libpq ends its messages with a newline; ours are one line.
std::string Trimmed(const char* message) {
    std::string out = message != nullptr ? message : "";
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) {
        out.pop_back();
    }
    // One line: libpq breaks its hints onto indented lines.
    std::string line;
    for (const char c : out) {
        const bool space = c == '\n' || c == '\t' || c == ' ';
        if (!space || (!line.empty() && line.back() != ' ')) {
            line.push_back(space ? ' ' : c);
        }
    }
    return line;
}

} // namespace

Rows::Rows(pg_result* result) : m_result(result) {}

void Rows::Clear::operator()(pg_result* r) const {
    PQclear(r);
}

int Rows::size() const {
    return PQntuples(m_result.get());
}

std::string Rows::text(int row, int col) const {
    return PQgetvalue(m_result.get(), row, col);
}

std::int64_t Rows::int64(int row, int col) const {
    return isNull(row, col) ? 0 : std::stoll(text(row, col));
}

bool Rows::isNull(int row, int col) const {
    return PQgetisnull(m_result.get(), row, col) != 0;
}

void Connection::Finish::operator()(pg_conn* c) const {
    PQfinish(c);
}

Connection Connection::Open(const std::string& url) {
    // Bounded: an unreachable server fails the call, it does not hang it.
    const std::array<const char*, 4> keys{"dbname", "connect_timeout", "application_name", nullptr};
    const std::array<const char*, 4> values{url.c_str(), "10", "accueil-central", nullptr};
    pg_conn* conn = PQconnectdbParams(keys.data(), values.data(), 1);
    if (conn == nullptr) {
        throw PgError("out of memory", true);
    }
    Connection out(conn);
    if (PQstatus(conn) != CONNECTION_OK) {
        throw PgError(Trimmed(PQerrorMessage(conn)), true);
    }
    // Quiet: the server's notices (e.g. "relation exists, skipping") are not the central's.
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    return out;
}

Rows Connection::exec(const char* sqlText, const std::vector<Param>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const Param& p : params) {
        values.push_back(p ? p->c_str() : nullptr);
    }
    return checked(PQexecParams(m_conn.get(), sqlText, static_cast<int>(values.size()), nullptr,
                                values.data(), nullptr, nullptr, 0));
}

void Connection::execScript(const char* sqlText) {
    checked(PQexec(m_conn.get(), sqlText));
}

Rows Connection::checked(pg_result* result) {
    Rows rows(result);
    const ExecStatusType status = PQresultStatus(result);
    if (result != nullptr && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)) {
        return rows;
    }
    // No result at all: out of memory, or the connection is gone.
    const bool lost = PQstatus(m_conn.get()) != CONNECTION_OK;
    const char* message =
        result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(m_conn.get());
    throw PgError(Trimmed(message), lost);
}

bool Connection::ok() const {
    return m_conn && PQstatus(m_conn.get()) == CONNECTION_OK;
}

Transaction::Transaction(Connection& conn, Mode mode) : m_conn(conn) {
    m_conn.exec(mode == Mode::Write ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                                    : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

Transaction::~Transaction() {
    if (!m_done && m_conn.ok()) {
        try {
            m_conn.exec("ROLLBACK");
        } catch (...) { // NOLINT(bugprone-empty-catch): a lost connection rolled back already
        }
    }
}

void Transaction::commit() {
    m_conn.exec("COMMIT");
    m_done = true;
}

} // namespace accueil::sync::pg
