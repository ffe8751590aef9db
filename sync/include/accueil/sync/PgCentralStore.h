// SPDX-License-Identifier: Apache-2.0
#pragma once

// The central's storage on a PostgreSQL server, for several meetings on one server or several
// central instances over one database (docs/operations.md, "Choosing a backend").

#include <accueil/core/Config.h>
#include <accueil/core/Result.h>
#include <accueil/sync/CentralStore.h>

#include <memory>
#include <string>
#include <string_view>

namespace accueil::sync {

/// Whether `database` (central.toml's `[central] database`) names a PostgreSQL database, by its
/// `postgresql://` or `postgres://` scheme, rather than an SQLite file. Pure; any thread.
bool IsPostgresUrl(std::string_view database);

/// Where a PostgreSQL URL points, for messages: "host:port/database", never the user's
/// password. Pure; any thread.
std::string PostgresWhere(const std::string& url);

/// Opens the central's PostgreSQL database at `url` and brings its schema up to date (numbered
/// migrations in one transaction). Without `create`, a database with no central schema is
/// refused (`accueil central init` creates it). Errors: Config (a malformed URL, no central
/// schema), Storage (the server cannot be reached or refuses: the message names the host and
/// port, never the password). The store is safe to call from any thread: each call takes a
/// connection of its own from a pool, and a connection lost (the server restarted) fails that
/// call with Storage and is replaced on the next.
/// The database belongs to `event` (its id is kept in central_meta at the first open): opening
/// it for another event is refused with Config.
core::Result<std::unique_ptr<CentralStore>>
OpenPgCentralStore(const std::string& url, const core::EventConfig& event, bool create);

/// After a backup was put in place (`accueil central restore`): opens the database at `url`
/// as OpenPgCentralStore does (its schema brought up to date, its event checked) and gives it
/// a new epoch, so every kiosk notices and starts over (docs/sync-protocol.md). Returns the new
/// epoch. Errors: as OpenPgCentralStore's; Storage.
core::Result<std::string> RenewPgCentralEpoch(const std::string& url,
                                              const core::EventConfig& event);

} // namespace accueil::sync
