// SPDX-License-Identifier: Apache-2.0
#include "ErrnoText.h"

#include <array>
#include <cstring>

namespace accueil::scanner::detail {

std::string ErrnoText(int error) {
    std::array<char, 256> buf{};
    // glibc's strerror_r (GNU variant) returns the message, in buf or a static string.
    return ::strerror_r(error, buf.data(), buf.size());
}

} // namespace accueil::scanner::detail
