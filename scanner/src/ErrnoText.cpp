// SPDX-License-Identifier: Apache-2.0
#include "ErrnoText.h"

#include <cstring>

namespace accueil::scanner::detail {

std::string ErrnoText(int error) {
    char buf[256] = {};
    // glibc's strerror_r (GNU variant) returns the message, in buf or a static string.
    return ::strerror_r(error, buf, sizeof buf);
}

} // namespace accueil::scanner::detail
