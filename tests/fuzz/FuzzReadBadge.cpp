// SPDX-License-Identifier: Apache-2.0
// ReadBadge over every format at once: tokens, Indico JSON, plain IDs (with a pattern).
#include <accueil/scanner/BadgeKey.h>
#include <accueil/scanner/BadgeReader.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace accueil::scanner;

namespace {
const BadgeReader& Reader() {
    static const BadgeReader reader = [] {
        BadgeReaderOptions options;
        options.eventId = "BWC-RC9";
        options.publicKeys = {GenerateBadgeKey()->publicKey};
        options.acceptIndico = true;
        options.indicoEventId = "1";
        options.indicoServer = "indico.un.org";
        options.plainIdPattern = "[A-Z]{3}-[0-9]{1,8}";
        return *BadgeReader::create(options);
    }();
    return reader;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view payload(reinterpret_cast<const char*>(data), size);
    const BadgeClaim claim = Reader().read(payload);
    // Invariants: a valid claim names someone; a refused one says why.
    if (claim.valid() && claim.format != ClaimFormat::IndicoTicket && claim.registrantId.empty()) {
        std::abort();
    }
    // A valid Indico claim carries the ticket it is looked up by, never just an id.
    if (claim.valid() && claim.format == ClaimFormat::IndicoTicket && claim.ticket.empty()) {
        std::abort();
    }
    if (!claim.valid() && claim.reason.empty()) {
        std::abort();
    }
    return 0;
}
