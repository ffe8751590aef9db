// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/core/Sqlite.h>

namespace accueil::core::schema {

/// The schema version this build writes (PRAGMA user_version).
constexpr int kVersion = 8;

/// Brings the database up to kVersion, one migration per step, each in its own transaction.
/// Throws SqlError; refuses (throws std::runtime_error) a file newer than this build.
void Migrate(sql::Database& db);

} // namespace accueil::core::schema
