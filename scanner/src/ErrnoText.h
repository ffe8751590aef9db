// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

namespace accueil::scanner::detail {

/// The message for an errno value; thread-safe, unlike std::strerror.
std::string ErrnoText(int error);

} // namespace accueil::scanner::detail
