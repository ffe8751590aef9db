// SPDX-License-Identifier: Apache-2.0
#pragma once

// Reading the [indico] table of central.toml, apart from the [central] keys so that each part
// of the file has its own reader. Internal to the sync library.

#include <accueil/core/Result.h>
#include <accueil/sync/IndicoConfig.h>

#include <toml++/toml.h>

#include <optional>
#include <string>

namespace accueil::sync {

/// The [indico] table of the parsed central.toml at `file`, or nullopt when there is none.
/// Unknown keys and bad values are refused. Errors (Config) name the file, the line and the
/// key. Any thread.
core::Result<std::optional<IndicoConfig>> ReadIndicoTable(const std::string& file,
                                                          const toml::table& root);

} // namespace accueil::sync
