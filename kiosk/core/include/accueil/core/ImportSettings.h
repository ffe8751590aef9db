// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <string>

namespace accueil::core {

/// How a registration list is read: the [import] table, the same in kiosk.toml and
/// central.toml (read by LoadKioskConfig and LoadImportSettings, Config.h).
struct ImportSettings {
    /// Header text for each field ([import.columns]), for other platforms' exports (e.g.
    /// Indico's "First Name", "Last Name", "Affiliation"); a field not listed is read from the
    /// column named after it.
    std::map<std::string, std::string> columns;

    /// The header text that holds `field`.
    std::string header(const std::string& field) const;
};

} // namespace accueil::core
