// SPDX-License-Identifier: Apache-2.0
// The central's storage on PostgreSQL: the same observable behaviour as the SQLite central
// (sync/src/SqliteCentralStore.cpp), for several central instances over one database.
//
// Cursors stay gap-free under concurrent writers. Every transaction that hands out stream
// numbers (registrant changes, attendance, audit) first locks the rows of the one counter table
// `central_cursor` (SELECT ... FOR UPDATE) and holds the lock to its commit, so writers take
// their numbers one transaction after another and number order is commit order. PostgreSQL
// makes a transaction's commit visible before it releases the transaction's locks, so when the
// next writer gets the lock the numbers before its own are already visible to every new
// snapshot: a reader that sees N+1 committed also sees N, and a kiosk never skips a number
// that was still in flight. A sequence alone would not do: numbers are taken in one order and
// committed in another.

#include "Pg.h"
#include "PushRules.h"
#include "StreamPages.h"

#include <accueil/core/RegistrantMerge.h>
#include <accueil/sync/PgCentralStore.h>
#include <accueil/sync/Protocol.h>

#include <nlohmann/json.hpp>

#include <map>
#include <mutex>
#include <utility>
#include <vector>

namespace accueil::sync {

using core::Error;
using core::ErrorKind;
using core::MakeError;
using core::Result;
using pg::Num;
using pg::Param;

namespace {

// The schema, one numbered step per entry; the database's schema_version says how many ran.
// Applied in one transaction at open. Append steps, never edit one that shipped.
const std::vector<const char*> kMigrations = {
    R"sql(
CREATE TABLE central_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO central_meta (key, value) VALUES ('epoch', md5(random()::text || clock_timestamp()));
-- The streams' high waters; every writer that numbers rows locks them to its commit.
CREATE TABLE central_cursor (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO central_cursor (name, value) VALUES ('attendance', 0), ('audit', 0), ('registrant', 0);
CREATE TABLE central_kiosk (
    id         TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE TABLE central_enrolment (
    code_hash  TEXT PRIMARY KEY,
    kiosk_id   TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
-- The list: each registrant as the protocol's JSON, with its latest change number.
CREATE TABLE registrant (
    id          TEXT PRIMARY KEY,
    seq         BIGINT NOT NULL UNIQUE,
    provisional BOOLEAN NOT NULL,
    updated_at  BIGINT NOT NULL,
    body        TEXT NOT NULL
);
-- A random mark for every change number, so a cursor can name the change it stands on.
CREATE TABLE registrant_mark (
    seq  BIGINT PRIMARY KEY,
    mark TEXT NOT NULL
);
CREATE TABLE attendance (
    seq           BIGINT PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    kiosk_id      TEXT NOT NULL,
    day           TEXT NOT NULL,
    registrant_id TEXT NOT NULL,
    kind          TEXT NOT NULL,
    target        TEXT NOT NULL,
    body          TEXT NOT NULL
);
CREATE INDEX attendance_kiosk ON attendance (kiosk_id);
CREATE INDEX attendance_target ON attendance (target);
CREATE TABLE audit (
    seq      BIGINT PRIMARY KEY,
    uuid     TEXT NOT NULL UNIQUE,
    kiosk_id TEXT NOT NULL,
    body     TEXT NOT NULL
);
CREATE INDEX audit_kiosk ON audit (kiosk_id, seq);
)sql",
    // Photos change on a stream of their own; a removed photo keeps its change row, so kiosks
    // learn that it went.
    R"sql(
INSERT INTO central_cursor (name, value) VALUES ('photo', 0);
CREATE TABLE photo (
    registrant_id TEXT PRIMARY KEY,
    jpeg          BYTEA NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE TABLE photo_change (
    id  TEXT PRIMARY KEY,
    seq BIGINT NOT NULL UNIQUE
);
CREATE TABLE photo_mark (
    seq  BIGINT PRIMARY KEY,
    mark TEXT NOT NULL
);
)sql",
};

constexpr const char* kSchemaVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)";

// What is not built on PostgreSQL yet answers this, and changes nothing.
Error NotYet(const char* what) {
    return MakeError(ErrorKind::Storage,
                     std::string(what) + " is not available on a PostgreSQL central yet");
}

// The numbers a write transaction hands out. Taking it locks every counter row to the commit
// (see the top of this file); in one order, so two writers never wait on each other in a ring.
class Counters {
public:
    explicit Counters(pg::Connection& conn) : m_conn(conn) {
        const pg::Rows rows =
            conn.exec("SELECT name, value FROM central_cursor ORDER BY name FOR UPDATE");
        for (int i = 0; i < rows.size(); ++i) {
            m_values[rows.text(i, 0)] = rows.int64(i, 1);
        }
        m_start = m_values;
    }
    std::int64_t next(const std::string& stream) { return ++m_values.at(stream); }
    // Writes the numbers taken back, before the commit.
    void save() {
        for (const auto& [name, value] : m_values) {
            if (value != m_start.at(name)) {
                m_conn.exec("UPDATE central_cursor SET value = $1 WHERE name = $2",
                            {Num(value), name});
            }
        }
    }

private:
    pg::Connection& m_conn;
    std::map<std::string, std::int64_t> m_values;
    std::map<std::string, std::int64_t> m_start;
};

std::int64_t HighWater(pg::Connection& conn, const char* stream) {
    return conn.exec("SELECT value FROM central_cursor WHERE name = $1", {stream}).int64(0, 0);
}

std::string OneText(pg::Connection& conn, const char* sqlText, const std::vector<Param>& params) {
    const pg::Rows rows = conn.exec(sqlText, params);
    return rows.empty() ? std::string() : rows.text(0, 0);
}

core::Registrant ParseRegistrant(const std::string& body) {
    auto r = RegistrantFromJson(nlohmann::json::parse(body));
    if (!r) {
        throw std::runtime_error("a stored registrant cannot be read: " + r.error().message);
    }
    return *r;
}

std::optional<core::Registrant> LoadRegistrant(pg::Connection& conn, const std::string& id) {
    const pg::Rows rows = conn.exec("SELECT body FROM registrant WHERE id = $1", {id});
    if (rows.empty()) {
        return std::nullopt;
    }
    return ParseRegistrant(rows.text(0, 0));
}

std::vector<core::Registrant> SelectRegistrants(pg::Connection& conn, const char* sqlText) {
    const pg::Rows rows = conn.exec(sqlText);
    std::vector<core::Registrant> out;
    out.reserve(static_cast<std::size_t>(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        out.push_back(ParseRegistrant(rows.text(i, 0)));
    }
    return out;
}

// Writes a registrant row as a new change (the next number, with a mark of its own).
void WriteRegistrant(pg::Connection& conn, Counters& counters, const core::Registrant& r,
                     core::UtcMillis now) {
    const std::int64_t seq = counters.next("registrant");
    conn.exec("INSERT INTO registrant (id, seq, provisional, updated_at, body) "
              "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, "
              "provisional = excluded.provisional, updated_at = excluded.updated_at, "
              "body = excluded.body",
              {r.id, Num(seq), r.provisional ? "true" : "false", Num(now), ToJson(r).dump()});
    conn.exec("INSERT INTO registrant_mark (seq, mark) VALUES ($1, md5(random()::text))",
              {Num(seq)});
}

// An import's rows, each merged by the rule every store applies (core::MergeRegistrant).
core::UpsertSummary Upsert(pg::Connection& conn, Counters& counters,
                           const std::vector<core::Registrant>& list, core::UpsertFields fields,
                           core::UtcMillis now) {
    core::UpsertSummary summary;
    for (const core::Registrant& incoming : list) {
        const core::MergedRegistrant merged =
            core::MergeRegistrant(LoadRegistrant(conn, incoming.id), incoming, fields);
        if (merged.change != core::Upserted::Unchanged) {
            WriteRegistrant(conn, counters, merged.row, now);
        }
        summary.count(merged.change);
    }
    return summary;
}

template <class F> auto Guarded(const char* what, F&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const std::exception& e) {
        return MakeError(ErrorKind::Storage, std::string(what) + ": " + e.what());
    }
}

// Connections for the request threads, each used by one thread at a time. One that was lost
// (the server restarted) is dropped when given back, and the next call opens a fresh one.
class Pool {
public:
    explicit Pool(std::string url) : m_url(std::move(url)) {}

    template <class F> auto with(F&& body) -> decltype(body(std::declval<pg::Connection&>())) {
        std::unique_ptr<pg::Connection> conn = take();
        try {
            auto out = body(*conn);
            put(std::move(conn));
            return out;
        } catch (...) {
            put(std::move(conn));
            throw;
        }
    }

private:
    std::unique_ptr<pg::Connection> take() {
        {
            std::lock_guard lock(m_mutex);
            if (!m_idle.empty()) {
                auto conn = std::move(m_idle.back());
                m_idle.pop_back();
                return conn;
            }
        }
        return std::make_unique<pg::Connection>(pg::Connection::Open(m_url));
    }
    void put(std::unique_ptr<pg::Connection> conn) {
        if (!conn->ok()) {
            return;
        }
        std::lock_guard lock(m_mutex);
        m_idle.push_back(std::move(conn));
    }

    std::string m_url;
    std::mutex m_mutex;
    std::vector<std::unique_ptr<pg::Connection>> m_idle;
};

// The marks of the attendance and audit streams are the events' UUIDs.
std::string AttendanceUuidAt(pg::Connection& conn, std::int64_t seq) {
    return OneText(conn, "SELECT uuid FROM attendance WHERE seq = $1", {Num(seq)});
}
std::string AuditUuidAt(pg::Connection& conn, std::int64_t seq) {
    return OneText(conn, "SELECT uuid FROM audit WHERE seq = $1", {Num(seq)});
}
std::string RegistrantMarkAt(pg::Connection& conn, std::int64_t seq) {
    return OneText(conn, "SELECT mark FROM registrant_mark WHERE seq = $1", {Num(seq)});
}

// One page of a stream, read in one snapshot: the cursor checked, the items after it (`fetch`
// gives the rows "seq, body" and `parse` reads a body), then what stands at the page's end.
template <class Item, class Parse>
Result<Page<Item>> ReadStream(pg::Connection& conn, const CursorCheck& cursor, int limit,
                              const char* stream,
                              std::string (*markAt)(pg::Connection&, std::int64_t),
                              const std::function<pg::Rows()>& fetch, Parse parse) {
    pg::Transaction tx(conn, pg::Transaction::Mode::Snapshot);
    Page<Item> page;
    page.highWater = HighWater(conn, stream);
    if (auto checked = CheckCursor(cursor, page.highWater,
                                   [&](std::int64_t seq) { return markAt(conn, seq); });
        !checked) {
        return std::move(checked).error();
    }
    page.next = cursor.seq;
    const pg::Rows rows = fetch();
    for (int i = 0; i < rows.size(); ++i) {
        page.next = rows.int64(i, 0);
        page.items.push_back(parse(rows.text(i, 1)));
    }
    ClosePage(page, limit);
    page.check = page.next > 0 ? markAt(conn, page.next) : std::string();
    page.epoch = OneText(conn, "SELECT value FROM central_meta WHERE key = 'epoch'", {});
    tx.commit();
    return page;
}

template <class T> T Parsed(Result<T> r) {
    if (!r) {
        throw std::runtime_error("a stored row cannot be read: " + r.error().message);
    }
    return std::move(r).value();
}

// Bytes as bytea's text input ("\\x" and hex digits), and back from its text output.
std::string ByteaOf(const std::string& bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "\\x";
    out.reserve(2 + bytes.size() * 2);
    for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        out.push_back(kHex[b >> 4]);
        out.push_back(kHex[b & 0x0f]);
    }
    return out;
}

std::string BytesOf(const std::string& bytea) {
    const auto digit = [](char c) {
        return c <= '9' ? c - '0' : c - 'a' + 10;
    };
    std::string out;
    out.reserve(bytea.size() / 2);
    for (std::size_t i = 2; i + 1 < bytea.size(); i += 2) {
        out.push_back(static_cast<char>(digit(bytea[i]) * 16 + digit(bytea[i + 1])));
    }
    return out;
}

// A photo set, replaced or removed: the next photo number, with a mark of its own.
void PhotoChanged(pg::Connection& conn, Counters& counters, const std::string& registrantId) {
    const std::int64_t seq = counters.next("photo");
    conn.exec("INSERT INTO photo_change (id, seq) VALUES ($1, $2) "
              "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq",
              {registrantId, Num(seq)});
    conn.exec("INSERT INTO photo_mark (seq, mark) VALUES ($1, md5(random()::text))", {Num(seq)});
}

std::string PhotoMarkAt(pg::Connection& conn, std::int64_t seq) {
    return OneText(conn, "SELECT mark FROM photo_mark WHERE seq = $1", {Num(seq)});
}

core::AttendanceEvent ParseEvent(const std::string& body) {
    return Parsed(AttendanceFromJson(nlohmann::json::parse(body)));
}

core::AuditEntry ParseAudit(const std::string& body) {
    return Parsed(AuditFromJson(nlohmann::json::parse(body)));
}

class PgCentralStore final : public CentralStore {
public:
    explicit PgCentralStore(const std::string& url) : m_pool(url) {}

    Result<std::optional<KioskIdentity>> findKiosk(const std::string& tokenHash) override {
        return run(
            "reading kiosks", [&](pg::Connection& c) -> Result<std::optional<KioskIdentity>> {
                const pg::Rows rows = c.exec("SELECT id, token_hash, revoked_at IS NOT NULL FROM "
                                             "central_kiosk WHERE token_hash = $1",
                                             {tokenHash});
                if (rows.empty()) {
                    return std::optional<KioskIdentity>();
                }
                return std::optional<KioskIdentity>(
                    KioskIdentity{rows.text(0, 0), rows.text(0, 1), rows.text(0, 2) == "t"});
            });
    }

    Result<void> putKiosk(const std::string& kioskId, const std::string& tokenHash) override {
        return run("saving a kiosk", [&](pg::Connection& c) -> Result<void> {
            saveKioskToken(c, kioskId, tokenHash, core::NowUtcMillis());
            return core::Ok{};
        });
    }

    Result<void> revokeKiosk(const std::string& kioskId) override {
        return run("revoking a kiosk", [&](pg::Connection& c) -> Result<void> {
            const pg::Rows rows =
                c.exec("UPDATE central_kiosk SET revoked_at = coalesce(revoked_at, $1) "
                       "WHERE id = $2 RETURNING id",
                       {Num(core::NowUtcMillis()), kioskId});
            if (rows.empty()) {
                return MakeError(ErrorKind::NotFound, "no kiosk \"" + kioskId + "\"");
            }
            return core::Ok{};
        });
    }

    Result<std::vector<KioskRecord>> listKiosks() override {
        return run("listing kiosks", [&](pg::Connection& c) -> Result<std::vector<KioskRecord>> {
            const pg::Rows rows =
                c.exec("SELECT id, created_at, revoked_at FROM central_kiosk ORDER BY id");
            std::vector<KioskRecord> out;
            for (int i = 0; i < rows.size(); ++i) {
                KioskRecord k{rows.text(i, 0), rows.int64(i, 1), std::nullopt};
                if (!rows.isNull(i, 2)) {
                    k.revokedAt = rows.int64(i, 2);
                }
                out.push_back(std::move(k));
            }
            return out;
        });
    }

    Result<void> putEnrolment(const std::string& kioskId, const std::string& codeHash,
                              core::UtcMillis expiresAt) override {
        return run("saving an enrolment code", [&](pg::Connection& c) -> Result<void> {
            c.exec("INSERT INTO central_enrolment (code_hash, kiosk_id, created_at, expires_at) "
                   "VALUES ($1, $2, $3, $4)",
                   {codeHash, kioskId, Num(core::NowUtcMillis()), Num(expiresAt)});
            return core::Ok{};
        });
    }

    Result<EnrolmentAnswer> enrolKiosk(const std::string& codeHash, const std::string& askedKioskId,
                                       const std::string& tokenHash, core::UtcMillis now) override {
        return write("enrolling a kiosk", [&](pg::Connection& c) -> Result<EnrolmentAnswer> {
            // The code's row stays locked to the commit: two kiosks racing with one code cannot
            // both win.
            const pg::Rows rows = c.exec("SELECT kiosk_id, expires_at, used_at IS NOT NULL FROM "
                                         "central_enrolment WHERE code_hash = $1 FOR UPDATE",
                                         {codeHash});
            if (rows.empty()) {
                return EnrolmentAnswer{"", EnrolmentRefusal::Unknown};
            }
            EnrolmentAnswer answer{rows.text(0, 0), std::nullopt};
            if (rows.text(0, 2) == "t") {
                answer.refused = EnrolmentRefusal::Used;
            } else if (now >= rows.int64(0, 1)) {
                answer.refused = EnrolmentRefusal::Expired;
            } else if (!askedKioskId.empty() && askedKioskId != answer.kioskId) {
                answer.refused = EnrolmentRefusal::OtherKiosk;
            }
            if (answer.refused) {
                return answer;
            }
            c.exec("UPDATE central_enrolment SET used_at = $1 WHERE code_hash = $2",
                   {Num(now), codeHash});
            saveKioskToken(c, answer.kioskId, tokenHash, now);
            return answer;
        });
    }

    Result<core::UpsertSummary> importRegistrants(const std::vector<core::Registrant>& list,
                                                  core::UpsertFields fields) override {
        return write("saving registrants", [&](pg::Connection& c) -> Result<core::UpsertSummary> {
            Counters counters(c);
            const core::UpsertSummary summary =
                Upsert(c, counters, list, fields, core::NowUtcMillis());
            counters.save();
            return summary;
        });
    }

    Result<std::vector<core::UpsertSummary>> applyPlan(const RegistrantPlan& plan,
                                                       core::UpsertFields fields) override {
        return write("saving registrants",
                     [&](pg::Connection& c) -> Result<std::vector<core::UpsertSummary>> {
                         // The counters' lock first: no writer changes the list between what
                         // the plan reads and what it writes.
                         Counters counters(c);
                         auto batches =
                             plan(SelectRegistrants(c, "SELECT body FROM registrant ORDER BY id"));
                         if (!batches) {
                             return std::move(batches).error();
                         }
                         const core::UtcMillis now = core::NowUtcMillis();
                         std::vector<core::UpsertSummary> summaries;
                         for (const auto& batch : *batches) {
                             summaries.push_back(Upsert(c, counters, batch, fields, now));
                         }
                         counters.save();
                         return summaries;
                     });
    }

    Result<std::vector<core::Registrant>> allRegistrants() override {
        return run("reading registrants",
                   [&](pg::Connection& c) -> Result<std::vector<core::Registrant>> {
                       return SelectRegistrants(c, "SELECT body FROM registrant ORDER BY id");
                   });
    }

    Result<std::vector<std::string>> checkedInRegistrants() override {
        return run("reading check-ins", [&](pg::Connection& c) -> Result<std::vector<std::string>> {
            // The same rule as the SQLite central: an undone check-in never happened.
            const pg::Rows rows =
                c.exec("SELECT DISTINCT a.registrant_id FROM attendance a "
                       "WHERE a.kind IN ('check_in', 'manual_check_in') "
                       "AND NOT EXISTS (SELECT 1 FROM attendance u WHERE u.target = a.uuid) "
                       "ORDER BY a.registrant_id");
            std::vector<std::string> out;
            for (int i = 0; i < rows.size(); ++i) {
                out.push_back(rows.text(i, 0));
            }
            return out;
        });
    }

    Result<std::string> epoch() override {
        return run("reading the epoch", [&](pg::Connection& c) -> Result<std::string> {
            return OneText(c, "SELECT value FROM central_meta WHERE key = 'epoch'", {});
        });
    }

    Result<RegistrantPage> registrantsSince(const CursorCheck& cursor, int limit) override {
        return run("reading registrant changes", [&](pg::Connection& c) {
            return ReadStream<core::Registrant>(
                c, cursor, limit, "registrant", RegistrantMarkAt,
                [&] {
                    return c.exec("SELECT seq, body FROM registrant WHERE seq > $1 "
                                  "ORDER BY seq LIMIT $2",
                                  {Num(cursor.seq), Num(limit)});
                },
                ParseRegistrant);
        });
    }

    Result<AttendancePage> attendanceSince(const CursorCheck& cursor, int limit,
                                           const std::string& excludeKiosk) override {
        return run("reading attendance", [&](pg::Connection& c) {
            return ReadStream<core::AttendanceEvent>(
                c, cursor, limit, "attendance", AttendanceUuidAt,
                [&] {
                    return c.exec("SELECT seq, body FROM attendance WHERE seq > $1 AND "
                                  "kiosk_id <> $2 ORDER BY seq LIMIT $3",
                                  {Num(cursor.seq), excludeKiosk, Num(limit)});
                },
                ParseEvent);
        });
    }

    Result<AuditPage> auditSince(const CursorCheck& cursor, int limit,
                                 const std::string& kioskId) override {
        return run("reading audit lines", [&](pg::Connection& c) {
            return ReadStream<core::AuditEntry>(
                c, cursor, limit, "audit", AuditUuidAt,
                [&] {
                    return c.exec("SELECT seq, body FROM audit WHERE seq > $1 AND kiosk_id = $2 "
                                  "ORDER BY seq LIMIT $3",
                                  {Num(cursor.seq), kioskId, Num(limit)});
                },
                ParseAudit);
        });
    }

    Result<PhotoPage> photosSince(const CursorCheck& cursor, int limit,
                                  std::size_t maxBytes) override {
        return run("reading photo changes", [&](pg::Connection& c) -> Result<PhotoPage> {
            pg::Transaction tx(c, pg::Transaction::Mode::Snapshot);
            PhotoPage page;
            page.highWater = HighWater(c, "photo");
            if (auto checked = CheckCursor(cursor, page.highWater,
                                           [&](std::int64_t seq) { return PhotoMarkAt(c, seq); });
                !checked) {
                return std::move(checked).error();
            }
            page.next = cursor.seq;
            const pg::Rows rows = c.exec(
                "SELECT ch.seq, ch.id, p.jpeg FROM photo_change ch LEFT JOIN photo p ON "
                "p.registrant_id = ch.id WHERE ch.seq > $1 ORDER BY ch.seq LIMIT $2",
                {Num(cursor.seq), Num(limit)});
            // At least one change, and no more once the JPEGs reach the byte budget.
            std::size_t bytes = 0;
            for (int i = 0; i < rows.size() && bytes < maxBytes; ++i) {
                core::rows::PhotoChange change{rows.int64(i, 0), rows.text(i, 1), std::nullopt};
                if (!rows.isNull(i, 2)) {
                    change.jpeg = BytesOf(rows.text(i, 2));
                    bytes += change.jpeg->size();
                }
                page.next = change.seq;
                page.items.push_back(std::move(change));
            }
            page.more = !page.items.empty() && static_cast<int>(page.items.size()) < limit;
            ClosePage(page, limit);
            page.check = page.next > 0 ? PhotoMarkAt(c, page.next) : std::string();
            page.epoch = OneText(c, "SELECT value FROM central_meta WHERE key = 'epoch'", {});
            tx.commit();
            return page;
        });
    }

    Result<core::PhotoSummary> importPhotos(const std::vector<core::Photo>& photos) override {
        return write("saving photos", [&](pg::Connection& c) -> Result<core::PhotoSummary> {
            Counters counters(c);
            std::vector<std::string> unlisted;
            for (const core::Photo& p : photos) {
                if (c.exec("SELECT 1 FROM registrant WHERE id = $1", {p.registrantId}).empty()) {
                    unlisted.push_back(p.registrantId);
                }
            }
            if (!unlisted.empty()) {
                return UnlistedPhotos(unlisted);
            }
            core::PhotoSummary summary;
            const core::UtcMillis now = core::NowUtcMillis();
            for (const core::Photo& p : photos) {
                const pg::Rows stored = c.exec(
                    "SELECT jpeg FROM photo WHERE registrant_id = $1", {p.registrantId});
                if (!stored.empty() && BytesOf(stored.text(0, 0)) == p.jpeg) {
                    ++summary.unchanged;
                    continue;
                }
                c.exec("INSERT INTO photo (registrant_id, jpeg, updated_at) VALUES ($1, $2, $3) "
                       "ON CONFLICT (registrant_id) DO UPDATE SET jpeg = excluded.jpeg, "
                       "updated_at = excluded.updated_at",
                       {p.registrantId, ByteaOf(p.jpeg), Num(now)});
                PhotoChanged(c, counters, p.registrantId);
                ++(stored.empty() ? summary.added : summary.replaced);
            }
            counters.save();
            return summary;
        });
    }

    Result<bool> removePhoto(const std::string& registrantId) override {
        return write("removing a photo", [&](pg::Connection& c) -> Result<bool> {
            Counters counters(c);
            if (c.exec("DELETE FROM photo WHERE registrant_id = $1 RETURNING registrant_id",
                       {registrantId})
                    .empty()) {
                return false;
            }
            PhotoChanged(c, counters, registrantId);
            counters.save();
            return true;
        });
    }

    Result<CentralLogKeys> logKeys(const std::string& kioskId) override {
        return run("reading the logs", [&](pg::Connection& c) -> Result<CentralLogKeys> {
            pg::Transaction tx(c, pg::Transaction::Mode::Snapshot);
            CentralLogKeys keys;
            const pg::Rows events = c.exec("SELECT uuid, day, kiosk_id FROM attendance "
                                           "ORDER BY day, kiosk_id, uuid");
            for (int i = 0; i < events.size(); ++i) {
                keys.attendance.push_back(
                    core::rows::EventKey{events.text(i, 0), events.text(i, 1), events.text(i, 2)});
            }
            const pg::Rows audit =
                c.exec("SELECT uuid FROM audit WHERE kiosk_id = $1 ORDER BY uuid", {kioskId});
            for (int i = 0; i < audit.size(); ++i) {
                keys.kioskAudit.push_back(audit.text(i, 0));
            }
            tx.commit();
            return keys;
        });
    }

    Result<PushOutcome> storeBatch(const PushBatch& batch) override {
        return write("storing pushed events", [&](pg::Connection& c) -> Result<PushOutcome> {
            Counters counters(c);
            const core::UtcMillis now = core::NowUtcMillis();
            storeProvisional(c, counters, batch.provisional, now);
            PushOutcome out;
            for (const core::AttendanceEvent& e : batch.attendance) {
                (insertEvent(c, counters, e) ? out.stored : out.duplicates) += 1;
            }
            for (const core::AuditEntry& a : batch.audit) {
                const bool stored = insertAudit(c, counters, a);
                (stored ? out.stored : out.duplicates) += 1;
                if (stored) {
                    applyToList(c, counters, a);
                    if (a.action == "attention_admitted") {
                        out.attentionAdmitted.push_back(a);
                    }
                }
            }
            counters.save();
            return out;
        });
    }

    Result<CentralCounts> counts(const std::string& kioskId) override {
        return run("counting", [&](pg::Connection& c) -> Result<CentralCounts> {
            const pg::Rows rows =
                c.exec("SELECT (SELECT count(*) FROM attendance WHERE kiosk_id = $1), "
                       "(SELECT count(*) FROM audit WHERE kiosk_id = $1), "
                       "(SELECT count(*) FROM attendance), (SELECT count(*) FROM registrant)",
                       {kioskId});
            return CentralCounts{
                static_cast<int>(rows.int64(0, 0)), static_cast<int>(rows.int64(0, 1)),
                static_cast<int>(rows.int64(0, 2)), static_cast<int>(rows.int64(0, 3))};
        });
    }

    Result<CentralReport> reportWithFigures(const std::vector<std::string>& /*days*/) override {
        return NotYet("the report");
    }

    Result<std::vector<core::AttendanceEvent>> dayLog(const std::string& day) override {
        return run("reading the day's log",
                   [&](pg::Connection& c) -> Result<std::vector<core::AttendanceEvent>> {
                       const pg::Rows rows =
                           c.exec("SELECT body FROM attendance WHERE day = $1 ORDER BY seq", {day});
                       std::vector<core::AttendanceEvent> out;
                       for (int i = 0; i < rows.size(); ++i) {
                           out.push_back(ParseEvent(rows.text(i, 0)));
                       }
                       return out;
                   });
    }

    Result<bool> freezeDay(const std::string& /*day*/, core::UtcMillis /*asOf*/,
                           const std::string& /*asOfLocal*/,
                           const SnapshotRender& /*render*/) override {
        return NotYet("freezing a day");
    }

    Result<std::vector<DaySnapshot>> daySnapshots(const std::vector<std::string>& /*days*/,
                                                  int /*cap*/) override {
        // No day is frozen on this backend yet: reports are computed live.
        return std::vector<DaySnapshot>();
    }

    Result<std::vector<core::Registrant>> provisionalRegistrants() override {
        return run("listing provisional registrants",
                   [&](pg::Connection& c) -> Result<std::vector<core::Registrant>> {
                       return SelectRegistrants(
                           c, "SELECT body FROM registrant WHERE provisional ORDER BY id");
                   });
    }

    Result<std::set<std::string>> listedAmong(const std::set<std::string>& ids) override {
        return run("looking registrants up",
                   [&](pg::Connection& c) -> Result<std::set<std::string>> {
                       pg::Transaction tx(c, pg::Transaction::Mode::Snapshot);
                       std::set<std::string> listed;
                       for (const std::string& id : ids) {
                           if (!c.exec("SELECT 1 FROM registrant WHERE id = $1", {id}).empty()) {
                               listed.insert(id);
                           }
                       }
                       tx.commit();
                       return listed;
                   });
    }

    Result<core::WipeSummary> purgePersonalData(core::UtcMillis /*now*/,
                                                const std::string& /*report*/) override {
        return NotYet("purging personal data");
    }

    Result<std::optional<PurgedCentral>> purged() override {
        return std::optional<PurgedCentral>(); // a PostgreSQL central cannot be purged yet
    }

    Result<void> addUser(const std::string& /*id*/, const std::string& /*role*/,
                         const std::string& /*passwordHash*/, core::UtcMillis /*now*/) override {
        return NotYet("dashboard accounts");
    }
    Result<std::vector<CentralUser>> listUsers() override { return std::vector<CentralUser>(); }
    Result<void> removeUser(const std::string& /*id*/) override {
        return NotYet("dashboard accounts");
    }
    Result<void> setUserPassword(const std::string& /*id*/,
                                 const std::string& /*passwordHash*/) override {
        return NotYet("dashboard accounts");
    }
    Result<SignInSlot> claimSignIn(const std::string& /*id*/, core::UtcMillis /*now*/,
                                   const SignInLimits& /*limits*/) override {
        return SignInSlot{}; // no accounts: every name is unknown
    }
    Result<bool> finishSignIn(const std::string& /*id*/, bool /*rightPassword*/,
                              core::UtcMillis /*now*/, const SignInLimits& /*limits*/) override {
        return false;
    }
    Result<void> putSession(const DashboardSession& /*session*/) override {
        return NotYet("dashboard sessions");
    }
    Result<std::optional<DashboardSession>> useSession(const std::string& /*tokenHash*/,
                                                       core::UtcMillis /*now*/,
                                                       core::UtcMillis /*idle*/) override {
        return std::optional<DashboardSession>();
    }
    Result<void> endSession(const std::string& /*tokenHash*/) override { return core::Ok{}; }

private:
    static void saveKioskToken(pg::Connection& c, const std::string& kioskId,
                               const std::string& tokenHash, core::UtcMillis now) {
        c.exec("INSERT INTO central_kiosk (id, token_hash, created_at) VALUES ($1, $2, $3) "
               "ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, "
               "created_at = excluded.created_at, revoked_at = NULL",
               {kioskId, tokenHash, Num(now)});
    }

    // Provisional registrants: only ones the central does not know yet are added (never
    // overwriting the secretariat's record), so a retried request changes nothing.
    static void storeProvisional(pg::Connection& c, Counters& counters,
                                 const std::vector<core::Registrant>& provisional,
                                 core::UtcMillis now) {
        std::vector<core::Registrant> unknown;
        for (const core::Registrant& r : provisional) {
            if (!LoadRegistrant(c, r.id)) {
                unknown.push_back(r);
                unknown.back().provisional = true;
            }
        }
        Upsert(c, counters, unknown, {true, true, true, true}, now);
    }

    // Stored once by UUID: the counters' lock keeps a concurrent push of the same event out.
    static bool insertEvent(pg::Connection& c, Counters& counters, const core::AttendanceEvent& e) {
        if (!c.exec("SELECT 1 FROM attendance WHERE uuid = $1", {e.uuid}).empty()) {
            return false;
        }
        c.exec("INSERT INTO attendance (seq, uuid, kiosk_id, day, registrant_id, kind, target, "
               "body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
               {Num(counters.next("attendance")), e.uuid, e.kioskId, e.day, e.registrantId,
                std::string(core::ToString(e.kind)), e.target, ToJson(e).dump()});
        return true;
    }

    static bool insertAudit(pg::Connection& c, Counters& counters, const core::AuditEntry& a) {
        if (!c.exec("SELECT 1 FROM audit WHERE uuid = $1", {a.uuid}).empty()) {
            return false;
        }
        c.exec("INSERT INTO audit (seq, uuid, kiosk_id, body) VALUES ($1, $2, $3, $4)",
               {Num(counters.next("audit")), a.uuid, a.kioskId, ToJson(a).dump()});
        return true;
    }

    // A hold placed or cleared, or a badge re-issued, at one door becomes part of the list
    // (a new change), so every other door pulls it; the rules are the SQLite central's.
    static void applyToList(pg::Connection& c, Counters& counters, const core::AuditEntry& a) {
        const auto note = HoldNoteOf(a);
        const auto version = ReissuedVersionOf(a);
        if (!note && !version) {
            return;
        }
        auto stored = LoadRegistrant(c, a.registrantId);
        if (!stored) {
            return;
        }
        if (note && stored->holdNote != *note) {
            stored->holdNote = *note;
            WriteRegistrant(c, counters, *stored, a.at);
        } else if (version && stored->badgeVersion < *version) {
            stored->badgeVersion = *version;
            WriteRegistrant(c, counters, *stored, a.at);
        }
    }

    // Runs `body` on a pooled connection; a failure (a lost server included) is a Storage
    // error naming what was being done.
    template <class F>
    auto run(const char* what, F&& body) -> decltype(body(std::declval<pg::Connection&>())) {
        return Guarded(what, [&] { return m_pool.with(body); });
    }

    // Runs `body` in one write transaction; its error rolls back.
    template <class F>
    auto write(const char* what, F&& body) -> decltype(body(std::declval<pg::Connection&>())) {
        return run(what, [&](pg::Connection& c) -> decltype(body(c)) {
            pg::Transaction tx(c, pg::Transaction::Mode::Write);
            auto out = body(c);
            if (out) {
                tx.commit();
            }
            return out;
        });
    }

    Pool m_pool;
};

} // namespace

bool IsPostgresUrl(std::string_view database) {
    return database.rfind("postgresql://", 0) == 0 || database.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<CentralStore>>
OpenPgCentralStore(const std::string& url, const core::EventConfig& /*event*/, bool create) {
    if (!IsPostgresUrl(url)) {
        return MakeError(ErrorKind::Config,
                         "not a PostgreSQL URL (postgresql://...): " + PostgresWhere(url));
    }
    const std::string where = PostgresWhere(url);
    try {
        pg::Connection conn = pg::Connection::Open(url);
        pg::Transaction tx(conn, pg::Transaction::Mode::Write);
        // One migrating process at a time: a second `central serve` waits, then finds it done.
        conn.exec("SELECT pg_advisory_xact_lock(4242001)");
        const bool fresh = conn.exec("SELECT 1 FROM pg_tables WHERE schemaname = "
                                     "current_schema() AND tablename = 'schema_version'")
                               .empty();
        if (fresh && !create) {
            return MakeError(ErrorKind::Config, "no central schema in the PostgreSQL database " +
                                                    where + " (run `accueil central init` first)");
        }
        conn.execScript(kSchemaVersionTable);
        if (conn.exec("SELECT 1 FROM schema_version").empty()) {
            conn.exec("INSERT INTO schema_version (version) VALUES (0)");
        }
        const std::int64_t version = conn.exec("SELECT version FROM schema_version").int64(0, 0);
        if (version > static_cast<std::int64_t>(kMigrations.size())) {
            return MakeError(ErrorKind::Config,
                             "the PostgreSQL database " + where + " has schema version " +
                                 std::to_string(version) + ", newer than this build knows (" +
                                 std::to_string(kMigrations.size()) + ")");
        }
        for (auto step = static_cast<std::size_t>(version); step < kMigrations.size(); ++step) {
            conn.execScript(kMigrations[step]);
        }
        conn.exec("UPDATE schema_version SET version = $1",
                  {Num(static_cast<std::int64_t>(kMigrations.size()))});
        tx.commit();
    } catch (const pg::PgError& e) {
        return MakeError(ErrorKind::Storage,
                         "the PostgreSQL database " + where + " cannot be used: " + e.what());
    }
    return std::unique_ptr<CentralStore>(std::make_unique<PgCentralStore>(url));
}

std::string PostgresWhere(const std::string& url) {
    // scheme://[user[:password]@]host[:port][/database][?options]
    const std::size_t scheme = url.find("://");
    std::string rest = scheme == std::string::npos ? url : url.substr(scheme + 3);
    rest = rest.substr(0, rest.find('?'));
    const std::size_t at = rest.rfind('@');
    if (at != std::string::npos) {
        rest = rest.substr(at + 1); // the user and the password stay out of messages
    }
    const std::size_t slash = rest.find('/');
    std::string hostPort = rest.substr(0, slash);
    const std::string database = slash == std::string::npos ? "" : rest.substr(slash);
    if (hostPort.empty()) {
        hostPort = "localhost";
    }
    if (hostPort.find(':') == std::string::npos) {
        hostPort += ":5432";
    }
    return hostPort + database;
}

} // namespace accueil::sync
