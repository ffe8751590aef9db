// SPDX-License-Identifier: Apache-2.0
// Token structure parsing (base32 and fields), before any signature check.
#include <accueil/scanner/BadgeToken.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace accueil::scanner;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto parsed =
        ParseBadgeToken(std::string_view(reinterpret_cast<const char*>(data), size));
    if (parsed) {
        // A parsed token's identifiers are within the documented limits.
        if (parsed->data.eventId.empty() || parsed->data.eventId.size() > kBadgeEventIdMaxBytes ||
            parsed->data.registrantId.empty() ||
            parsed->data.registrantId.size() > kBadgeRegistrantIdMaxBytes ||
            parsed->signedMessage.size() < 3) {
            std::abort();
        }
    } else if (parsed.error().message.empty()) {
        std::abort();
    }
    return 0;
}
