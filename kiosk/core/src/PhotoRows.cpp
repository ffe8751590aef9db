// SPDX-License-Identifier: Apache-2.0
// The photo table (schema migration 5), its change sequence at the central, and the kiosk
// store's photo functions (Photo.h).

#include "StoreInternal.h"

#include <accueil/core/Photo.h>
#include <accueil/core/StoreRows.h>

namespace accueil::core {

namespace rows {

std::optional<std::string> LoadPhoto(sql::Database& db, const std::string& registrantId) {
    sql::Statement st = db.prepare("SELECT jpeg FROM photo WHERE registrant_id = ?");
    st.bind(1, registrantId);
    return st.step() ? std::optional<std::string>(st.blob(0)) : std::nullopt;
}

PhotoSummary PutPhotos(sql::Database& db, const std::vector<Photo>& photos, UtcMillis now) {
    PhotoSummary summary;
    for (const Photo& p : photos) {
        const auto stored = LoadPhoto(db, p.registrantId);
        if (stored && *stored == p.jpeg) {
            ++summary.unchanged;
            continue;
        }
        // A plain UPDATE or INSERT, not an upsert: an upsert's conflict clause would override
        // the OR REPLACE of the central's change triggers.
        db.prepare(stored
                       ? "UPDATE photo SET jpeg = ?2, updated_at = ?3 WHERE registrant_id = ?1"
                       : "INSERT INTO photo (registrant_id, jpeg, updated_at) VALUES (?1, ?2, ?3)")
            .bind(1, p.registrantId)
            .bindBlob(2, p.jpeg)
            .bind(3, now)
            .run();
        ++(stored ? summary.replaced : summary.added);
    }
    return summary;
}

bool DeletePhoto(sql::Database& db, const std::string& registrantId) {
    db.prepare("DELETE FROM photo WHERE registrant_id = ?").bind(1, registrantId).run();
    return db.changes() > 0;
}

std::vector<std::string> UnlistedIds(sql::Database& db, const std::vector<std::string>& ids) {
    std::vector<std::string> unlisted;
    for (const std::string& id : ids) {
        sql::Statement st = db.prepare("SELECT 1 FROM registrant WHERE id = ?");
        st.bind(1, id);
        if (!st.step()) {
            unlisted.push_back(id);
        }
    }
    return unlisted;
}

std::int64_t PhotoChangeHighWater(sql::Database& db) {
    return db.scalar("SELECT value FROM central_counter WHERE name = 'photo'");
}

std::string PhotoChangeMark(sql::Database& db, std::int64_t seq) {
    sql::Statement st = db.prepare("SELECT mark FROM central_photo_mark WHERE seq = ?");
    st.bind(1, seq);
    return st.step() ? st.text(0) : std::string();
}

std::vector<PhotoChange> PhotoChangesSince(sql::Database& db, std::int64_t cursor, int limit,
                                           std::size_t maxBytes) {
    sql::Statement st = db.prepare("SELECT c.seq, c.id, p.jpeg FROM central_photo_change c "
                                   "LEFT JOIN photo p ON p.registrant_id = c.id WHERE c.seq > ? "
                                   "ORDER BY c.seq LIMIT ?");
    st.bind(1, cursor).bind(2, limit);
    std::vector<PhotoChange> changes;
    std::size_t bytes = 0;
    while (bytes < maxBytes && st.step()) {
        PhotoChange c{st.int64(0), st.text(1), std::nullopt};
        if (!st.isNull(2)) {
            c.jpeg = st.blob(2);
            bytes += c.jpeg->size();
        }
        changes.push_back(std::move(c));
    }
    return changes;
}

} // namespace rows

namespace {

sql::Database& Db(AttendanceStore& s) {
    return store::Access::Of(s).db;
}

// "A, B, C" for an error message, cut short after a few.
std::string IdList(const std::vector<std::string>& ids) {
    constexpr std::size_t kShown = 10;
    std::string out;
    for (std::size_t k = 0; k < ids.size() && k < kShown; ++k) {
        out += (k == 0 ? "" : ", ") + ids[k];
    }
    if (ids.size() > kShown) {
        out += " and " + std::to_string(ids.size() - kShown) + " more";
    }
    return out;
}

} // namespace

Result<std::optional<std::string>> LoadPhoto(AttendanceStore& store,
                                             const std::string& registrantId) {
    return store::Guarded("reading a photo", [&]() -> Result<std::optional<std::string>> {
        return rows::LoadPhoto(Db(store), registrantId);
    });
}

Result<PhotoSummary> ImportPhotos(AttendanceStore& store, const std::vector<Photo>& photos) {
    return store::Guarded("saving photos", [&]() -> Result<PhotoSummary> {
        sql::Database& db = Db(store);
        sql::Transaction tx(db);
        std::vector<std::string> ids;
        ids.reserve(photos.size());
        for (const Photo& p : photos) {
            ids.push_back(p.registrantId);
        }
        if (const auto unlisted = rows::UnlistedIds(db, ids); !unlisted.empty()) {
            return MakeError(ErrorKind::Input,
                             "no registrant " + IdList(unlisted) +
                                 " on the list, so no photo was imported (import the list first, "
                                 "or take those files out)");
        }
        const PhotoSummary summary = rows::PutPhotos(db, photos, NowUtcMillis());
        tx.commit();
        return summary;
    });
}

Result<int> PhotoCount(AttendanceStore& store) {
    return store::Guarded("counting photos", [&]() -> Result<int> {
        return static_cast<int>(Db(store).scalar("SELECT count(*) FROM photo"));
    });
}

} // namespace accueil::core
