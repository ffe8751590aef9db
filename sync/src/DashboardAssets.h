// SPDX-License-Identifier: Apache-2.0
#pragma once

// The dashboard's files (assets/dashboard/), compiled into the central by
// sync/EmbedAssets.cmake. Internal to the sync library.

#include <optional>
#include <string_view>

namespace accueil::sync {

/// The bytes of assets/dashboard/`name` (a file name, no folder), or nullopt. Any thread.
std::optional<std::string_view> DashboardAsset(std::string_view name);

} // namespace accueil::sync
