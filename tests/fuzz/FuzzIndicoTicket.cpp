// SPDX-License-Identifier: Apache-2.0
// The Indico ticket JSON parser: malformed JSON must give a refusal with a reason, never a crash.
#include <accueil/scanner/IndicoTicket.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace accueil::scanner;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const BadgeClaim claim =
        ParseIndicoTicket(std::string_view(reinterpret_cast<const char*>(data), size));
    // A valid Indico claim carries the ticket it is looked up by; one that is not valid (a v1
    // code without its secret) or not a ticket at all says why.
    if (claim.format == ClaimFormat::IndicoTicket && claim.valid() && claim.ticket.empty()) {
        std::abort();
    }
    if (!claim.valid() && claim.reason.empty()) {
        std::abort();
    }
    return 0;
}
