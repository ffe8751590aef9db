// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/scanner/BadgeClaim.h>

#include <string_view>

namespace accueil::scanner {

/// Parses an Indico ticket QR payload: version 2 `{"i":[2,"<host>","<base64 uuid>"]}` (the
/// 16-byte ticket UUID, standard or URL-safe base64, padding optional), version 2 of an
/// accompanying person `{"i":[2,"<host>","<base64 uuid>","<base64 person uuid>"]}`, or the
/// legacy JSON with `checkin_secret`, `registrant_id` and `event_id`. On success the claim is
/// IndicoTicket / Valid with `ticket` as a canonical lower-case UUID (v1 secrets that are not
/// UUIDs are kept as given); an accompanying person's is "<ticket uuid>/<person uuid>", the
/// key their registrant row carries. Anything else, malformed JSON included, is Unreadable with a
/// reason; never throws. Pure; any thread.
BadgeClaim ParseIndicoTicket(std::string_view payload);

} // namespace accueil::scanner
