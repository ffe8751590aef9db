// SPDX-License-Identifier: Apache-2.0
// The Indico ticket JSON parser: malformed JSON must give Unreadable, never a crash.
#include <accueil/scanner/IndicoTicket.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace accueil::scanner;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const BadgeClaim claim =
        ParseIndicoTicket(std::string_view(reinterpret_cast<const char*>(data), size));
    if (claim.format == ClaimFormat::IndicoTicket && claim.ticket.empty()) {
        std::abort();
    }
    if (claim.format == ClaimFormat::Unreadable && claim.reason.empty()) {
        std::abort();
    }
    return 0;
}
