// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace accueil::scanner::detail {

/// Initialises libsodium once (sodium_init is itself thread-safe). False if it failed.
bool SodiumReady();

} // namespace accueil::scanner::detail
