// SPDX-License-Identifier: Apache-2.0
#pragma once

// Opening the central's configuration and store, shared by the `central` and `indico`
// commands (internal to sync/cli).

#include <accueil/core/Result.h>
#include <accueil/sync/CentralConfig.h>
#include <accueil/sync/CentralStore.h>

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

namespace accueil::cli {

struct OpenedCentral {
    sync::CentralConfig config;
    std::unique_ptr<sync::CentralStore> store;
};

/// Loads central.toml at `path` and opens its store; only `create` (init) makes a new database,
/// so a mistyped path fails instead of starting an empty central. Errors: Config, Storage.
/// Main thread.
core::Result<OpenedCentral> OpenCentral(const std::string& path, bool create);

/// Conflict when the central was purged after the meeting: it then serves and takes in no
/// more personal data (`doing` says what was refused, e.g. "importing a list"). Main thread.
core::Result<void> RefuseIfPurged(const OpenedCentral& c, const std::string& doing);

/// `accueil central user add | list | remove | password` under `central`; `config` is the
/// `central` command's --config value and lives as long as the parser. Main thread.
void RegisterCentralUsers(CLI::App& central, const std::string& config, int& exitCode);

} // namespace accueil::cli
