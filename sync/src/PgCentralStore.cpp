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

#include "AccountRules.h"
#include "Pg.h"
#include "PushRules.h"
#include "StreamPages.h"

#include <accueil/core/PersonalDataWipe.h>
#include <accueil/core/RegistrantMerge.h>
#include <accueil/core/Report.h>
#include <accueil/sync/DoorStates.h>
#include <accueil/sync/PgCentralStore.h>
#include <accueil/sync/Protocol.h>

#include <nlohmann/json.hpp>

#include <map>
#include <mutex>
#include <string_view>
#include <utility>
#include <vector>

namespace accueil::sync {

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
    at            BIGINT NOT NULL,
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
    // Dashboard accounts (the password's Argon2id hash and the lockout) and signed-in browsers
    // (the SHA-256 of the cookie's token, never the token), as on the SQLite central.
    R"sql(
CREATE TABLE central_user (
    id              TEXT PRIMARY KEY,
    role            TEXT NOT NULL CHECK (role IN ('viewer', 'admin')),
    password_hash   TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    BIGINT
);
CREATE TABLE central_session (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES central_user (id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_used  BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX central_session_user ON central_session (user_id);
)sql",
    // A closed day's report as frozen (docs/reports.md): written once, never updated.
    R"sql(
CREATE TABLE day_snapshot (
    day            TEXT PRIMARY KEY,
    as_of          BIGINT NOT NULL,
    as_of_local    TEXT NOT NULL,
    list_seq       BIGINT NOT NULL,
    attendance_seq BIGINT NOT NULL,
    report_json    TEXT NOT NULL
);
)sql",
    // The doors' live states as the central instances last heard them (DoorStates), so that
    // every instance's dashboard sees the doors syncing through the others.
    R"sql(
CREATE TABLE central_door (
    kiosk_id  TEXT PRIMARY KEY,
    last_seen BIGINT NOT NULL,
    state     TEXT NOT NULL
);
)sql",
};

constexpr const char* kSchemaVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)";

// The meta key of the purge after the meeting, as on the SQLite central.
constexpr const char* kPurgedAtKey = "purged_at";

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
    std::int64_t value(const std::string& stream) const { return m_values.at(stream); }
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

// One page of a stream, read in one snapshot: the cursor checked, the items after it (`fill`
// adds them and moves `next`), then what stands at the page's end and the epoch.
template <class Item>
Result<Page<Item>> ReadStream(pg::Connection& conn, const CursorCheck& cursor, int limit,
                              const char* stream,
                              std::string (*markAt)(pg::Connection&, std::int64_t),
                              const std::function<void(Page<Item>&)>& fill) {
    pg::Transaction tx(conn, pg::Transaction::Mode::Snapshot);
    Page<Item> page;
    page.highWater = HighWater(conn, stream);
    if (auto checked = CheckCursor(cursor, page.highWater,
                                   [&](std::int64_t seq) { return markAt(conn, seq); });
        !checked) {
        return std::move(checked).error();
    }
    page.next = cursor.seq;
    fill(page);
    ClosePage(page, limit);
    page.check = page.next > 0 ? markAt(conn, page.next) : std::string();
    page.epoch = OneText(conn, "SELECT value FROM central_meta WHERE key = 'epoch'", {});
    tx.commit();
    return page;
}

// A stream's rows "seq, body" into its page, each body read by `parse`.
template <class Item, class Parse>
void AddRows(Page<Item>& page, const pg::Rows& rows, Parse parse) {
    for (int i = 0; i < rows.size(); ++i) {
        page.next = rows.int64(i, 0);
        page.items.push_back(parse(rows.text(i, 1)));
    }
}

template <class T> T Parsed(Result<T> r) {
    if (!r) {
        throw std::runtime_error("a stored row cannot be read: " + r.error().message);
    }
    return std::move(r).value();
}

// Bytes as bytea's text input ("\\x" and hex digits), and back from its text output.
std::string ByteaOf(const std::string& bytes) {
    constexpr std::string_view kHex = "0123456789abcdef";
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
    const auto digit = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
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

// What the report needs of each registrant on the list.
std::vector<core::ReportPerson> ReportPeople(pg::Connection& conn) {
    std::vector<core::ReportPerson> people;
    for (const core::Registrant& r : SelectRegistrants(conn, "SELECT body FROM registrant")) {
        people.push_back(core::ReportPerson{r.id, r.delegation, r.category, r.gender, r.days,
                                            r.status == core::RegistrantStatus::Active,
                                            r.provisional, r.role});
    }
    return people;
}

// The report rows of `days` and the figures' facts, counted by the core's arithmetic
// (core::CountReportDay) from the same effective entries as the SQLite central: an entry counts
// unless an undo names it. In the caller's transaction.
CentralReport ReadReport(pg::Connection& conn, const std::vector<std::string>& days) {
    constexpr const char* kEffective = "a.kind IN ('check_in', 'manual_check_in') AND NOT EXISTS "
                                       "(SELECT 1 FROM attendance u WHERE u.target = a.uuid)";
    CentralReport out;
    out.facts.people = ReportPeople(conn);
    for (const std::string& day : days) {
        const pg::Rows rows =
            conn.exec((std::string("SELECT DISTINCT a.registrant_id FROM attendance a WHERE "
                                   "a.day = $1 AND ") +
                       kEffective)
                          .c_str(),
                      {day});
        std::set<std::string> admitted;
        for (int i = 0; i < rows.size(); ++i) {
            admitted.insert(rows.text(i, 0));
        }
        auto dayRows = core::CountReportDay(day, out.facts.people, admitted);
        out.rows.insert(out.rows.end(), std::make_move_iterator(dayRows.begin()),
                        std::make_move_iterator(dayRows.end()));
    }
    const pg::Rows entries =
        conn.exec((std::string("SELECT a.registrant_id, a.day, MIN(a.at) FROM attendance a "
                               "WHERE ") +
                   kEffective + " GROUP BY a.registrant_id, a.day ORDER BY a.day, a.registrant_id")
                      .c_str());
    for (int i = 0; i < entries.size(); ++i) {
        out.facts.entries.push_back(
            core::DayEntry{entries.text(i, 0), entries.text(i, 1), entries.int64(i, 2)});
    }
    return out;
}

// A day's snapshot and what changed since it: registrants whose latest change came after the
// snapshot's number, and the day's attendance events stored after its newest one.
std::optional<DaySnapshot> ReadSnapshot(pg::Connection& conn, const std::string& day, int cap) {
    const pg::Rows row = conn.exec("SELECT as_of, as_of_local, list_seq, attendance_seq, "
                                   "report_json FROM day_snapshot WHERE day = $1",
                                   {day});
    if (row.empty()) {
        return std::nullopt;
    }
    DaySnapshot s{day,
                  row.int64(0, 0),
                  row.text(0, 1),
                  row.int64(0, 2),
                  row.int64(0, 3),
                  row.text(0, 4),
                  {},
                  0,
                  0};
    const pg::Rows changed =
        conn.exec("SELECT id FROM registrant WHERE seq > $1 ORDER BY id LIMIT $2",
                  {Num(s.listSeq), Num(cap)});
    for (int i = 0; i < changed.size(); ++i) {
        s.changed.push_back(changed.text(i, 0));
    }
    s.changedCount = static_cast<int>(
        conn.exec("SELECT count(*) FROM registrant WHERE seq > $1", {Num(s.listSeq)}).int64(0, 0));
    s.attendanceSince =
        static_cast<int>(conn.exec("SELECT count(*) FROM attendance WHERE day = $1 AND seq > $2",
                                   {day, Num(s.attendanceSeq)})
                             .int64(0, 0));
    return s;
}

// An account's lock from the columns failed_attempts, locked_until at `col`, `col` + 1.
AccountLock LockOf(const pg::Rows& rows, int col) {
    AccountLock lock{static_cast<int>(rows.int64(0, col)), std::nullopt};
    if (!rows.isNull(0, col + 1)) {
        lock.lockedUntil = rows.int64(0, col + 1);
    }
    return lock;
}

core::AttendanceEvent ParseEvent(const std::string& body) {
    return Parsed(AttendanceFromJson(nlohmann::json::parse(body)));
}

core::AuditEntry ParseAudit(const std::string& body) {
    return Parsed(AuditFromJson(nlohmann::json::parse(body)));
}

class PgCentralStore final : public CentralStore {
public:
    explicit PgCentralStore(const std::string& url) : m_pool(url), m_where(PostgresWhere(url)) {}

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
            out.reserve(static_cast<std::size_t>(rows.size()));
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
                c, cursor, limit, "registrant", RegistrantMarkAt, [&](RegistrantPage& page) {
                    AddRows(page,
                            c.exec("SELECT seq, body FROM registrant WHERE seq > $1 "
                                   "ORDER BY seq LIMIT $2",
                                   {Num(cursor.seq), Num(limit)}),
                            ParseRegistrant);
                });
        });
    }

    Result<AttendancePage> attendanceSince(const CursorCheck& cursor, int limit,
                                           const std::string& excludeKiosk) override {
        return run("reading attendance", [&](pg::Connection& c) {
            return ReadStream<core::AttendanceEvent>(
                c, cursor, limit, "attendance", AttendanceUuidAt, [&](AttendancePage& page) {
                    AddRows(page, selectAttendance(c, cursor, limit, excludeKiosk), ParseEvent);
                });
        });
    }

    Result<Page<std::string>> attendanceJsonSince(const CursorCheck& cursor, int limit,
                                                  const std::string& excludeKiosk) override {
        return run("reading attendance", [&](pg::Connection& c) {
            return ReadStream<std::string>(
                c, cursor, limit, "attendance", AttendanceUuidAt, [&](Page<std::string>& page) {
                    AddRows(page, selectAttendance(c, cursor, limit, excludeKiosk),
                            [](std::string body) { return body; });
                });
        });
    }

    Result<AuditPage> auditSince(const CursorCheck& cursor, int limit,
                                 const std::string& kioskId) override {
        return run("reading audit lines", [&](pg::Connection& c) {
            return ReadStream<core::AuditEntry>(
                c, cursor, limit, "audit", AuditUuidAt, [&](AuditPage& page) {
                    AddRows(page,
                            c.exec("SELECT seq, body FROM audit WHERE seq > $1 AND "
                                   "kiosk_id = $2 ORDER BY seq LIMIT $3",
                                   {Num(cursor.seq), kioskId, Num(limit)}),
                            ParseAudit);
                });
        });
    }

    Result<PhotoPage> photosSince(const CursorCheck& cursor, int limit,
                                  std::size_t maxBytes) override {
        return run("reading photo changes", [&](pg::Connection& c) {
            return ReadStream<
                core::rows::
                    PhotoChange>(c, cursor, limit, "photo", PhotoMarkAt, [&](PhotoPage& page) {
                const pg::Rows rows =
                    c.exec("SELECT ch.seq, ch.id, p.jpeg FROM photo_change ch LEFT JOIN photo p ON "
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
                // Cut short?
                page.more = !page.items.empty() && static_cast<int>(page.items.size()) < limit;
            });
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
                const pg::Rows stored =
                    c.exec("SELECT jpeg FROM photo WHERE registrant_id = $1", {p.registrantId});
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

    Result<CentralReport> reportWithFigures(const std::vector<std::string>& days) override {
        return run("building the report", [&](pg::Connection& c) -> Result<CentralReport> {
            // One snapshot: the rows and the figures count the same list and log.
            pg::Transaction tx(c, pg::Transaction::Mode::Snapshot);
            CentralReport out = ReadReport(c, days);
            tx.commit();
            return out;
        });
    }

    Result<std::vector<core::AttendanceEvent>> dayLog(const std::string& day) override {
        return run("reading the day's log",
                   [&](pg::Connection& c) -> Result<std::vector<core::AttendanceEvent>> {
                       const pg::Rows rows =
                           c.exec("SELECT body FROM attendance WHERE day = $1 ORDER BY seq", {day});
                       std::vector<core::AttendanceEvent> out;
                       out.reserve(static_cast<std::size_t>(rows.size()));
                       for (int i = 0; i < rows.size(); ++i) {
                           out.push_back(ParseEvent(rows.text(i, 0)));
                       }
                       return out;
                   });
    }

    Result<bool> freezeDay(const std::string& day, core::UtcMillis asOf,
                           const std::string& asOfLocal, const SnapshotRender& render) override {
        return write("freezing a day", [&](pg::Connection& c) -> Result<bool> {
            // The counters' lock first: the report and the numbers it is frozen at belong to one
            // moment, and a second freeze (at any instance) waits and finds it there.
            Counters counters(c);
            if (!c.exec("SELECT 1 FROM day_snapshot WHERE day = $1", {day}).empty()) {
                return false;
            }
            const std::string json = render(ReadReport(c, {day}));
            c.exec("INSERT INTO day_snapshot (day, as_of, as_of_local, list_seq, attendance_seq, "
                   "report_json) VALUES ($1, $2, $3, $4, $5, $6)",
                   {day, Num(asOf), asOfLocal, Num(counters.value("registrant")),
                    Num(counters.value("attendance")), json});
            return true;
        });
    }

    Result<std::vector<DaySnapshot>> daySnapshots(const std::vector<std::string>& days,
                                                  int cap) override {
        return run("reading frozen days",
                   [&](pg::Connection& c) -> Result<std::vector<DaySnapshot>> {
                       pg::Transaction tx(c, pg::Transaction::Mode::Snapshot);
                       std::vector<DaySnapshot> out;
                       for (const std::string& day : days) {
                           if (auto snapshot = ReadSnapshot(c, day, cap)) {
                               out.push_back(std::move(*snapshot));
                           }
                       }
                       tx.commit();
                       return out;
                   });
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

    Result<core::WipeSummary> purgePersonalData(core::UtcMillis now,
                                                const std::string& meetingReportJson) override {
        auto erased =
            write("erasing the personal data", [&](pg::Connection& c) -> Result<core::WipeSummary> {
                Counters counters(c);
                if (!c.exec("SELECT 1 FROM central_meta WHERE key = $1", {kPurgedAtKey}).empty()) {
                    return MakeError(ErrorKind::Conflict,
                                     "the PostgreSQL central " + m_where + " was purged already");
                }
                core::WipeSummary summary = erase(c, counters, now);
                c.exec("INSERT INTO central_meta (key, value) VALUES ($1, $2), "
                       "('purged_report', $3)",
                       {kPurgedAtKey, Num(now), meetingReportJson});
                counters.save();
                return summary;
            });
        if (!erased) {
            return erased;
        }
        // The old row versions stay in the tables' files until they are rewritten.
        auto compacted =
            run("compacting after the erasure", [&](pg::Connection& c) -> Result<void> {
                c.execScript("VACUUM FULL registrant, attendance, audit, photo");
                return core::Ok{};
            });
        if (!compacted) {
            return std::move(compacted).error();
        }
        return erased;
    }

    Result<std::optional<PurgedCentral>> purged() override {
        return run("reading the purge mark",
                   [&](pg::Connection& c) -> Result<std::optional<PurgedCentral>> {
                       const pg::Rows rows = c.exec(
                           "SELECT a.value, coalesce(r.value, '') FROM central_meta a LEFT JOIN "
                           "central_meta r ON r.key = 'purged_report' WHERE a.key = $1",
                           {kPurgedAtKey});
                       if (rows.empty()) {
                           return std::optional<PurgedCentral>();
                       }
                       return std::optional<PurgedCentral>(
                           PurgedCentral{rows.int64(0, 0), rows.text(0, 1)});
                   });
    }

    Result<void> addUser(const std::string& id, const std::string& role,
                         const std::string& passwordHash, core::UtcMillis now) override {
        return write("adding a user", [&](pg::Connection& c) -> Result<void> {
            const pg::Rows added = c.exec(
                "INSERT INTO central_user (id, role, password_hash, created_at) VALUES ($1, $2, "
                "$3, $4) ON CONFLICT (id) DO NOTHING RETURNING id",
                {id, role, passwordHash, Num(now)});
            if (added.empty()) {
                return MakeError(ErrorKind::Conflict, "user " + id + " exists already");
            }
            return core::Ok{};
        });
    }

    Result<std::vector<CentralUser>> listUsers() override {
        return run("listing users", [&](pg::Connection& c) -> Result<std::vector<CentralUser>> {
            const pg::Rows rows = c.exec("SELECT id, role, created_at, failed_attempts, "
                                         "locked_until FROM central_user ORDER BY id");
            std::vector<CentralUser> out;
            for (int i = 0; i < rows.size(); ++i) {
                CentralUser u{rows.text(i, 0), rows.text(i, 1), rows.int64(i, 2),
                              static_cast<int>(rows.int64(i, 3)), std::nullopt};
                if (!rows.isNull(i, 4)) {
                    u.lockedUntil = rows.int64(i, 4);
                }
                out.push_back(std::move(u));
            }
            return out;
        });
    }

    Result<void> removeUser(const std::string& id) override {
        // Its sessions go with it (ON DELETE CASCADE).
        return write("removing a user", [&](pg::Connection& c) -> Result<void> {
            if (c.exec("DELETE FROM central_user WHERE id = $1 RETURNING id", {id}).empty()) {
                return MakeError(ErrorKind::NotFound, "no user " + id);
            }
            return core::Ok{};
        });
    }

    Result<void> setUserPassword(const std::string& id, const std::string& passwordHash) override {
        return write("setting a password", [&](pg::Connection& c) -> Result<void> {
            if (c.exec("UPDATE central_user SET password_hash = $2, failed_attempts = 0, "
                       "locked_until = NULL WHERE id = $1 RETURNING id",
                       {id, passwordHash})
                    .empty()) {
                return MakeError(ErrorKind::NotFound, "no user " + id);
            }
            c.exec("DELETE FROM central_session WHERE user_id = $1", {id});
            return core::Ok{};
        });
    }

    Result<SignInSlot> claimSignIn(const std::string& id, core::UtcMillis now,
                                   const SignInLimits& limits) override {
        return write("checking a sign-in", [&](pg::Connection& c) -> Result<SignInSlot> {
            // The row stays locked to the commit: parallel guesses, at any instance, claim
            // their slots one after another.
            const pg::Rows rows = c.exec("SELECT role, password_hash, failed_attempts, "
                                         "locked_until FROM central_user WHERE id = $1 FOR UPDATE",
                                         {id});
            SignInSlot slot;
            if (rows.empty()) {
                return slot; // UnknownUser
            }
            slot.role = rows.text(0, 0);
            const ClaimDecision decision = ClaimAttempt(LockOf(rows, 2), now, limits);
            if (!decision.claimed) {
                slot.state = SignInSlot::State::Locked;
                slot.lockedUntil = decision.lock.lockedUntil;
                return slot;
            }
            slot.passwordHash = rows.text(0, 1);
            c.exec("UPDATE central_user SET failed_attempts = $2, locked_until = NULL "
                   "WHERE id = $1",
                   {id, Num(decision.lock.failedAttempts)});
            slot.state = SignInSlot::State::Claimed;
            return slot;
        });
    }

    Result<bool> finishSignIn(const std::string& id, bool rightPassword, core::UtcMillis now,
                              const SignInLimits& limits) override {
        return write("checking a sign-in", [&](pg::Connection& c) -> Result<bool> {
            const pg::Rows rows = c.exec("SELECT failed_attempts, locked_until FROM central_user "
                                         "WHERE id = $1 FOR UPDATE",
                                         {id});
            if (rows.empty()) {
                return false; // removed meanwhile
            }
            const AccountLock stored = LockOf(rows, 0);
            if (rightPassword && !LockedAt(stored, now)) {
                c.exec("UPDATE central_user SET failed_attempts = 0, locked_until = NULL "
                       "WHERE id = $1",
                       {id});
                return true;
            }
            if (!rightPassword) {
                if (const auto until = LockAfterWrongPassword(stored, now, limits)) {
                    c.exec("UPDATE central_user SET locked_until = $2 WHERE id = $1",
                           {id, Num(*until)});
                }
            }
            return false;
        });
    }

    Result<void> putSession(const DashboardSession& s) override {
        return write("saving a session", [&](pg::Connection& c) -> Result<void> {
            c.exec("INSERT INTO central_session (token_hash, user_id, csrf, created_at, "
                   "last_used, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
                   {s.tokenHash, s.userId, s.csrf, Num(s.createdAt), Num(s.lastUsed),
                    Num(s.expiresAt)});
            return core::Ok{};
        });
    }

    Result<std::optional<DashboardSession>>
    useSession(const std::string& tokenHash, core::UtcMillis now, core::UtcMillis idle) override {
        return write(
            "reading a session", [&](pg::Connection& c) -> Result<std::optional<DashboardSession>> {
                const pg::Rows rows =
                    c.exec("SELECT s.user_id, u.role, s.csrf, s.created_at, s.last_used, "
                           "s.expires_at FROM central_session s JOIN central_user u ON "
                           "u.id = s.user_id WHERE s.token_hash = $1",
                           {tokenHash});
                if (rows.empty()) {
                    return std::optional<DashboardSession>();
                }
                DashboardSession s{tokenHash,       rows.text(0, 0),  rows.text(0, 1),
                                   rows.text(0, 2), rows.int64(0, 3), rows.int64(0, 4),
                                   rows.int64(0, 5)};
                if (s.expiresAt <= now) {
                    c.exec("DELETE FROM central_session WHERE token_hash = $1", {tokenHash});
                    return std::optional<DashboardSession>();
                }
                if (RestartIdleClock(s, now, idle)) {
                    c.exec("UPDATE central_session SET last_used = $2, expires_at = $3 "
                           "WHERE token_hash = $1",
                           {tokenHash, Num(s.lastUsed), Num(s.expiresAt)});
                }
                return std::optional<DashboardSession>(std::move(s));
            });
    }

    Result<void> endSession(const std::string& tokenHash) override {
        return run("ending a session", [&](pg::Connection& c) -> Result<void> {
            c.exec("DELETE FROM central_session WHERE token_hash = $1", {tokenHash});
            return core::Ok{};
        });
    }

    bool sharesDoors() const override { return true; }

    Result<void> shareDoors(const std::vector<DoorState>& doors) override {
        if (doors.empty()) {
            return core::Ok{};
        }
        // No numbers are handed out: the cursor lock is not taken, and a door heard later
        // through another instance is kept.
        return run("writing the doors' states", [&](pg::Connection& c) -> Result<void> {
            pg::Transaction tx(c, pg::Transaction::Mode::Write);
            for (const DoorState& d : doors) {
                c.exec("INSERT INTO central_door (kiosk_id, last_seen, state) VALUES ($1, $2, $3) "
                       "ON CONFLICT (kiosk_id) DO UPDATE SET last_seen = EXCLUDED.last_seen, "
                       "state = EXCLUDED.state WHERE central_door.last_seen < EXCLUDED.last_seen",
                       {d.kioskId, Num(d.lastSeen), DoorStateJson(d)});
            }
            tx.commit();
            return core::Ok{};
        });
    }

    Result<std::vector<DoorState>> sharedDoors() override {
        return run("reading the doors' states",
                   [&](pg::Connection& c) -> Result<std::vector<DoorState>> {
                       const auto rows =
                           c.exec("SELECT kiosk_id, state FROM central_door ORDER BY kiosk_id");
                       std::vector<DoorState> doors;
                       for (int i = 0; i < rows.size(); ++i) {
                           auto door = ParseDoorStateJson(rows.text(i, 0), rows.text(i, 1));
                           if (!door) {
                               return std::move(door).error();
                           }
                           doors.push_back(std::move(door).value());
                       }
                       return doors;
                   });
    }

private:
    // The rows "seq, body" of an attendance page.
    static pg::Rows selectAttendance(pg::Connection& c, const CursorCheck& cursor, int limit,
                                     const std::string& excludeKiosk) {
        return c.exec("SELECT seq, body FROM attendance WHERE seq > $1 AND kiosk_id <> $2 "
                      "ORDER BY seq LIMIT $3",
                      {Num(cursor.seq), excludeKiosk, Num(limit)});
    }

    // What the erasure takes away (core::WithPersonalDataErased for each registrant, each a new
    // change as on the SQLite central; every photo; staff reasons and audit details), as the
    // SQLite central's core::ErasePersonalData does. In the purge's transaction.
    static core::WipeSummary erase(pg::Connection& c, Counters& counters, core::UtcMillis now) {
        core::WipeSummary summary;
        for (const core::Registrant& r :
             SelectRegistrants(c, "SELECT body FROM registrant ORDER BY id")) {
            WriteRegistrant(c, counters, core::WithPersonalDataErased(r), now);
            ++summary.registrants;
        }
        const pg::Rows photos = c.exec("DELETE FROM photo RETURNING registrant_id");
        for (int i = 0; i < photos.size(); ++i) {
            PhotoChanged(c, counters, photos.text(i, 0));
        }
        summary.photos = photos.size();
        const pg::Rows events = c.exec("SELECT seq, body FROM attendance");
        for (int i = 0; i < events.size(); ++i) {
            core::AttendanceEvent e = ParseEvent(events.text(i, 1));
            if (!e.reason.empty()) {
                e.reason.clear();
                c.exec("UPDATE attendance SET body = $2 WHERE seq = $1",
                       {Num(events.int64(i, 0)), ToJson(e).dump()});
            }
        }
        const pg::Rows lines = c.exec("SELECT seq, body FROM audit");
        for (int i = 0; i < lines.size(); ++i) {
            core::AuditEntry a = ParseAudit(lines.text(i, 1));
            if (!a.detail.empty()) {
                a.detail.clear();
                c.exec("UPDATE audit SET body = $2 WHERE seq = $1",
                       {Num(lines.int64(i, 0)), ToJson(a).dump()});
            }
        }
        return summary;
    }

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
               "at, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
               {Num(counters.next("attendance")), e.uuid, e.kioskId, e.day, e.registrantId,
                std::string(core::ToString(e.kind)), e.target, Num(e.at), ToJson(e).dump()});
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
    std::string m_where; // how messages name the database (never with the password)
};

} // namespace

bool IsPostgresUrl(std::string_view database) {
    return database.rfind("postgresql://", 0) == 0 || database.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<CentralStore>>
OpenPgCentralStore(const std::string& url, const core::EventConfig& event, bool create) {
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
        // A database belongs to one event for good, as an SQLite central's file does: the first
        // open binds it, later opens (and a restored backup) are checked.
        conn.exec("INSERT INTO central_meta (key, value) VALUES ('event_id', $1) "
                  "ON CONFLICT (key) DO NOTHING",
                  {event.id});
        const std::string bound =
            conn.exec("SELECT value FROM central_meta WHERE key = 'event_id'").text(0, 0);
        if (bound != event.id) {
            return MakeError(ErrorKind::Config, "the PostgreSQL database " + where +
                                                    " belongs to event \"" + bound + "\", not \"" +
                                                    event.id + "\"");
        }
        tx.commit();
    } catch (const pg::PgError& e) {
        return MakeError(ErrorKind::Storage,
                         "the PostgreSQL database " + where + " cannot be used: " + e.what());
    }
    return std::unique_ptr<CentralStore>(std::make_unique<PgCentralStore>(url));
}

Result<std::string> RenewPgCentralEpoch(const std::string& url, const core::EventConfig& event) {
    auto store = OpenPgCentralStore(url, event, false);
    if (!store) {
        return std::move(store).error();
    }
    try {
        pg::Connection conn = pg::Connection::Open(url);
        return conn
            .exec("UPDATE central_meta SET value = md5(random()::text || clock_timestamp()) "
                  "WHERE key = 'epoch' RETURNING value")
            .text(0, 0);
    } catch (const pg::PgError& e) {
        return MakeError(ErrorKind::Storage, "cannot give the PostgreSQL database " +
                                                 PostgresWhere(url) + " a new epoch: " + e.what());
    }
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
