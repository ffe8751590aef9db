// SPDX-License-Identifier: Apache-2.0
#pragma once

// The dashboard's accounts and sessions in the central's SQLite database (tables central_user
// and central_session), for SqliteCentralStore. Each function runs inside the caller's
// transaction, on the writer connection unless it only reads. Internal to the sync library.

#include <accueil/core/Sqlite.h>
#include <accueil/sync/CentralStore.h>

#include <optional>
#include <string>
#include <vector>

namespace accueil::sync::accounts {

/// The two tables, created at every open beside the central's other tables.
extern const char* const kSchema;

/// Errors: Conflict (the id exists).
core::Result<void> AddUser(core::sql::Database& db, const std::string& id, const std::string& role,
                           const std::string& passwordHash, core::UtcMillis now);
std::vector<CentralUser> ListUsers(core::sql::Database& db);
/// Errors: NotFound.
core::Result<void> RemoveUser(core::sql::Database& db, const std::string& id);
/// Errors: NotFound.
core::Result<void> SetPassword(core::sql::Database& db, const std::string& id,
                               const std::string& passwordHash);
SignInSlot ClaimSignIn(core::sql::Database& db, const std::string& id, core::UtcMillis now,
                       const SignInLimits& limits);
bool FinishSignIn(core::sql::Database& db, const std::string& id, bool rightPassword,
                  core::UtcMillis now, const SignInLimits& limits);
void PutSession(core::sql::Database& db, const DashboardSession& session);
std::optional<DashboardSession> UseSession(core::sql::Database& db, const std::string& tokenHash,
                                           core::UtcMillis now, core::UtcMillis idle);
void EndSession(core::sql::Database& db, const std::string& tokenHash);

} // namespace accueil::sync::accounts
