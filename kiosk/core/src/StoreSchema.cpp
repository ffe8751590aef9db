// SPDX-License-Identifier: Apache-2.0
#include "StoreSchema.h"

#include "StoreInternal.h"

#include <array>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace accueil::core::schema {

namespace {

// Migration N takes the database from user_version N to N+1. Append only; never edit one
// that has shipped.
constexpr std::array<const char*, kVersion> kMigrations{
    R"sql(
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE registrant (
    rid           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    given_name    TEXT NOT NULL DEFAULT '',
    family_name   TEXT NOT NULL DEFAULT '',
    delegation    TEXT NOT NULL DEFAULT '',
    category      TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL DEFAULT '',
    gender        TEXT NOT NULL DEFAULT 'undisclosed',
    days          TEXT NOT NULL DEFAULT '',           -- '' = every day, else 'YYYY-MM-DD;...'
    status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
    badge_version INTEGER NOT NULL DEFAULT 1,
    hold_note     TEXT NOT NULL DEFAULT '',
    ticket        TEXT NOT NULL DEFAULT '',
    language      TEXT NOT NULL DEFAULT '',
    provisional   INTEGER NOT NULL DEFAULT 0,
    updated_at    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX registrant_ticket ON registrant (ticket) WHERE ticket <> '';

-- Folded names for search (see FoldForSearch); rowid = registrant.rid.
CREATE VIRTUAL TABLE registrant_search USING fts5 (
    text, tokenize = 'unicode61 remove_diacritics 2'
);

-- The append-only attendance log. A delegate's state on a day is derived from it.
CREATE TABLE attendance (
    seq           INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    registrant_id TEXT NOT NULL,
    day           TEXT NOT NULL,
    kind          TEXT NOT NULL
                  CHECK (kind IN ('check_in', 'check_out', 'undo', 'manual_check_in')),
    target        TEXT,
    kiosk_id      TEXT NOT NULL,
    at            INTEGER NOT NULL,
    method        TEXT NOT NULL CHECK (method IN ('camera', 'wedge', 'manual')),
    staff_id      TEXT,
    reason        TEXT,
    CHECK ((kind = 'undo') = (target IS NOT NULL))
);
-- One index serves a delegate's day (the hot path) and a whole day (reports); every index
-- is one more page written and synced per check-in.
CREATE INDEX attendance_by_day ON attendance (day, registrant_id);
CREATE INDEX attendance_undo ON attendance (target) WHERE target IS NOT NULL;
CREATE TRIGGER attendance_no_update BEFORE UPDATE ON attendance
BEGIN SELECT RAISE(ABORT, 'the attendance log is append-only'); END;
CREATE TRIGGER attendance_no_delete BEFORE DELETE ON attendance
BEGIN SELECT RAISE(ABORT, 'the attendance log is append-only'); END;

-- Every scan, refused ones too, and every staff action.
CREATE TABLE audit (
    seq           INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    at            INTEGER NOT NULL,
    kiosk_id      TEXT NOT NULL,
    staff_id      TEXT NOT NULL DEFAULT '',
    action        TEXT NOT NULL,
    registrant_id TEXT NOT NULL DEFAULT '',
    outcome       TEXT NOT NULL DEFAULT '',
    scan_key      TEXT NOT NULL DEFAULT '',
    detail        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_debounce ON audit (kiosk_id, scan_key, seq) WHERE scan_key <> '';
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- Events recorded here and not yet acknowledged by the central.
CREATE TABLE outbox (
    seq    INTEGER PRIMARY KEY,
    stream TEXT NOT NULL CHECK (stream IN ('attendance', 'audit')),
    uuid   TEXT NOT NULL UNIQUE
);

CREATE TABLE staff (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('staff', 'supervisor', 'admin')),
    pin_hash        TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER
);
)sql",
    // 2: sync state (server-issued cursors, last success) and the staging table in which a
    // full registrant refresh is downloaded before it is swapped in, all in one transaction.
    R"sql(
CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE sync_stage (
    id            TEXT PRIMARY KEY,
    given_name    TEXT NOT NULL,
    family_name   TEXT NOT NULL,
    delegation    TEXT NOT NULL,
    category      TEXT NOT NULL,
    role          TEXT NOT NULL,
    gender        TEXT NOT NULL,
    days          TEXT NOT NULL,
    status        TEXT NOT NULL,
    badge_version INTEGER NOT NULL,
    hold_note     TEXT NOT NULL,
    ticket        TEXT NOT NULL,
    language      TEXT NOT NULL,
    provisional   INTEGER NOT NULL
);
)sql",
    // 3: events the central refused (a field it cannot accept, another kiosk's event): taken
    // out of the outbox so the rest goes through, kept here with the central's reason for staff.
    R"sql(
CREATE TABLE set_aside (
    uuid   TEXT PRIMARY KEY,
    stream TEXT NOT NULL CHECK (stream IN ('attendance', 'audit')),
    reason TEXT NOT NULL,
    at     INTEGER NOT NULL
);
)sql",
    // 4: the signed badge a registrant not on the list was admitted with, sent with them to the
    // central, which admits a provisional registrant only on a badge it can verify itself.
    R"sql(
CREATE TABLE provisional_badge (
    registrant_id TEXT PRIMARY KEY,
    payload       TEXT NOT NULL
);
)sql",
    // 5: a registrant's attention note: admitted as usual, and the door's staff are shown it
    // (docs/check-in-rules.md). The stage carries it like the hold note.
    R"sql(
ALTER TABLE registrant ADD COLUMN attention TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_stage ADD COLUMN attention TEXT NOT NULL DEFAULT '';
)sql",
    // 6: the zone an entry or exit was made into or out of ([zones] in event.toml); the events
    // recorded before zones existed were all the building's.
    R"sql(
ALTER TABLE attendance ADD COLUMN zone TEXT NOT NULL DEFAULT 'building';
)sql",
    // 7: registrants' photos, apart from their rows so that the list, its search and its sync
    // pages stay small: one JPEG each, scaled to fit 240 x 320 (Photo.h).
    R"sql(
CREATE TABLE photo (
    registrant_id TEXT PRIMARY KEY,
    jpeg          BLOB NOT NULL,
    updated_at    INTEGER NOT NULL
);
)sql",
    // 8: search across scripts (SearchText.h): the index holds each name's Latin spelling and,
    // in a column of its own, the consonant skeleton of Arabic and Hebrew names. Rebuilt whole
    // by kRebuildSearchIndexAfter.
    R"sql(
DROP TABLE registrant_search;
CREATE VIRTUAL TABLE registrant_search USING fts5 (
    text, skeleton, tokenize = 'unicode61 remove_diacritics 2'
);
)sql",
};

// The migration after which the search index is written again from the registrants (its
// text is made by code, not SQL).
constexpr int kRebuildSearchIndexAfter = 8;

// The central's additions, run at every open (hence IF NOT EXISTS). The change tables keep
// the central_ names they were first created with, so central databases already in use open
// unchanged.
constexpr const char* kCentralSchema = R"sql(
CREATE TABLE IF NOT EXISTS central_counter (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT OR IGNORE INTO central_counter (name, value) VALUES ('registrant', 0);
CREATE TABLE IF NOT EXISTS central_change (
    id  TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE
);
CREATE TRIGGER IF NOT EXISTS central_registrant_insert AFTER INSERT ON registrant
BEGIN
    UPDATE central_counter SET value = value + 1 WHERE name = 'registrant';
    INSERT OR REPLACE INTO central_change (id, seq)
        VALUES (NEW.id, (SELECT value FROM central_counter WHERE name = 'registrant'));
END;
CREATE TRIGGER IF NOT EXISTS central_registrant_update AFTER UPDATE ON registrant
BEGIN
    UPDATE central_counter SET value = value + 1 WHERE name = 'registrant';
    INSERT OR REPLACE INTO central_change (id, seq)
        VALUES (NEW.id, (SELECT value FROM central_counter WHERE name = 'registrant'));
END;
CREATE INDEX IF NOT EXISTS attendance_by_kiosk ON attendance (kiosk_id);
CREATE INDEX IF NOT EXISTS audit_by_kiosk ON audit (kiosk_id);
-- A random mark for every number of the change sequence, so a cursor can name the change it
-- stands at: a database restored from a backup hands the same numbers out again, with other
-- marks (docs/sync-protocol.md, "Epochs and cursor checks").
CREATE TABLE IF NOT EXISTS central_change_mark (
    seq  INTEGER PRIMARY KEY,
    mark TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS central_change_marked AFTER UPDATE OF value ON central_counter
WHEN NEW.name = 'registrant'
BEGIN
    INSERT OR REPLACE INTO central_change_mark (seq, mark)
        VALUES (NEW.value, lower(hex(randomblob(8))));
END;
-- Photos change on a sequence of their own (GET /v1/photos), with marks as above; a removed
-- photo keeps its change row, so kiosks learn that it went.
INSERT OR IGNORE INTO central_counter (name, value) VALUES ('photo', 0);
CREATE TABLE IF NOT EXISTS central_photo_change (
    id  TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS central_photo_mark (
    seq  INTEGER PRIMARY KEY,
    mark TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS central_photo_marked AFTER UPDATE OF value ON central_counter
WHEN NEW.name = 'photo'
BEGIN
    INSERT OR REPLACE INTO central_photo_mark (seq, mark)
        VALUES (NEW.value, lower(hex(randomblob(8))));
END;
CREATE TRIGGER IF NOT EXISTS central_photo_insert AFTER INSERT ON photo
BEGIN
    UPDATE central_counter SET value = value + 1 WHERE name = 'photo';
    INSERT OR REPLACE INTO central_photo_change (id, seq)
        VALUES (NEW.registrant_id, (SELECT value FROM central_counter WHERE name = 'photo'));
END;
CREATE TRIGGER IF NOT EXISTS central_photo_update AFTER UPDATE ON photo
BEGIN
    UPDATE central_counter SET value = value + 1 WHERE name = 'photo';
    INSERT OR REPLACE INTO central_photo_change (id, seq)
        VALUES (NEW.registrant_id, (SELECT value FROM central_counter WHERE name = 'photo'));
END;
CREATE TRIGGER IF NOT EXISTS central_photo_delete AFTER DELETE ON photo
BEGIN
    UPDATE central_counter SET value = value + 1 WHERE name = 'photo';
    INSERT OR REPLACE INTO central_photo_change (id, seq)
        VALUES (OLD.registrant_id, (SELECT value FROM central_counter WHERE name = 'photo'));
END;
)sql";

} // namespace

void Migrate(sql::Database& db) {
    const auto current = static_cast<int>(db.scalar("PRAGMA user_version"));
    if (current > kVersion) {
        throw std::runtime_error("database schema version " + std::to_string(current) +
                                 " is newer than this program (" + std::to_string(kVersion) +
                                 "); upgrade Accueil");
    }
    for (int v = current; v < kVersion; ++v) {
        sql::Transaction tx(db);
        db.exec(kMigrations[static_cast<std::size_t>(v)]);
        if (v + 1 == kRebuildSearchIndexAfter) {
            store::IndexEveryoneForSearch(db);
        }
        db.exec("PRAGMA user_version = " + std::to_string(v + 1));
        tx.commit();
    }
}

} // namespace accueil::core::schema

namespace accueil::core::rows {

namespace {

// A file belongs to one event for good: the first open binds it, later opens check it.
Result<void> BindToEvent(sql::Database& db, const std::string& path, const EventConfig& event) {
    // A file that can only be read is checked, not bound (a read transaction).
    sql::Transaction tx(db, db.readOnly() ? sql::Transaction::Mode::Deferred
                                          : sql::Transaction::Mode::Immediate);
    sql::Statement get = db.prepare("SELECT value FROM meta WHERE key = 'event_id'");
    if (get.step()) {
        const std::string bound = get.text(0);
        if (bound != event.id) {
            return MakeError(ErrorKind::Config, "database " + path + " belongs to event \"" +
                                                    bound + "\", not \"" + event.id + "\"");
        }
    } else if (!db.readOnly()) {
        db.prepare("INSERT INTO meta (key, value) VALUES ('event_id', ?)").bind(1, event.id).run();
    }
    tx.commit();
    return Ok{};
}

} // namespace

Result<sql::Database> OpenStoreDatabase(const std::string& path, const EventConfig& event) {
    return store::Guarded("opening database " + path, [&]() -> Result<sql::Database> {
        // SQLite would take an empty file for a new database: a truncated copy or a failed
        // restore must not start an empty list silently.
        std::error_code ec;
        if (path != ":memory:" && std::filesystem::is_regular_file(path, ec) &&
            std::filesystem::file_size(path, ec) == 0 && !ec) {
            return MakeError(ErrorKind::Storage,
                             "database " + path +
                                 " is an empty file (0 bytes), not a database: restore the "
                                 "backup, or remove the file to start a new database");
        }
        sql::Database db = sql::Database::Open(path, true);
        {
            sql::Statement check = db.prepare("PRAGMA quick_check");
            if (!check.step() || check.text(0) != "ok") {
                return MakeError(ErrorKind::Storage,
                                 "database " + path + " is damaged (integrity check: " +
                                     check.text(0) + "); restore it from the central");
            }
        }
        if (db.readOnly()) {
            // Read, never upgraded: a file on a read-only mount serves reports as it is.
            if (const auto version = db.scalar("PRAGMA user_version");
                version != schema::kVersion) {
                return MakeError(ErrorKind::Storage,
                                 "database " + path + " can only be read here, and its schema (" +
                                     std::to_string(version) + ") is not this program's (" +
                                     std::to_string(schema::kVersion) +
                                     "): copy it somewhere writable first");
            }
        } else {
            schema::Migrate(db);
        }
        if (auto bound = BindToEvent(db, path, event); !bound) {
            return std::move(bound).error();
        }
        return db;
    });
}

void AddCentralSchema(sql::Database& db) {
    db.exec(schema::kCentralSchema);
}

} // namespace accueil::core::rows
