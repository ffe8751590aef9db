// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/kiosk/Config.h>
#include <accueil/kiosk/Result.h>
#include <accueil/sync/CentralServer.h>

#include <string>

namespace accueil::sync {

/// central.toml: the central registration server.
struct CentralConfig {
    std::string path;
    std::string databasePath; ///< resolved against the folder of central.toml
    std::string eventPath;    ///< likewise
    ServerOptions server;     ///< from `listen`, `tls_cert`, `tls_key`, limits
    std::string logLevel = "info";
    kiosk::ColumnMap columns; ///< [import.columns], as in kiosk.toml
    kiosk::EventConfig event;
};

/// Reads central.toml and the event file it names. Unknown keys are refused.
/// Errors (Config) name the file and the key. Any thread.
kiosk::Result<CentralConfig> LoadCentralConfig(const std::string& path);

} // namespace accueil::sync
