// SPDX-License-Identifier: Apache-2.0
#pragma once

// Setting a few keys in a TOML file that people wrote and commented by hand. toml++ could
// rewrite the file, but it would drop every comment; this edits the lines of one table only.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace accueil::sync {

/// `text` with each key of `keys` set to its value as a TOML basic string in table `[table]`:
/// a key already there has its line replaced (same indentation; a comment on that line goes),
/// a new key is added after the table's last line that is not blank, and a missing table is
/// added at the end. Every other line, comments included, stays as it was. Pure.
std::string SetTomlStrings(std::string_view text, std::string_view table,
                           const std::vector<std::pair<std::string, std::string>>& keys);

} // namespace accueil::sync
