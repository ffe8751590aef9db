// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/core/Config.h>
#include <accueil/core/Result.h>
#include <accueil/sync/CentralServer.h>
#include <accueil/sync/IndicoConfig.h>

#include <optional>
#include <string>

namespace accueil::sync {

/// central.toml: the central registration server.
struct CentralConfig {
    std::string path;
    std::string databasePath; ///< resolved against the folder of central.toml
    std::string eventPath;    ///< likewise
    ServerOptions server;     ///< from `listen`, `tls_cert`, `tls_key`, limits
    std::string logLevel = "info";
    /// How kiosks reach the central (`public_url`), put in enrolment strings; "" = not set.
    std::string publicUrl;
    core::ImportSettings import; ///< [import], as in kiosk.toml
    core::EventConfig event;
    std::optional<IndicoConfig> indico; ///< [indico], when the list comes from Indico
};

/// Reads central.toml and the event file it names. Unknown keys are refused.
/// Errors (Config) name the file and the key. Any thread.
core::Result<CentralConfig> LoadCentralConfig(const std::string& path);

} // namespace accueil::sync
