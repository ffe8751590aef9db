// SPDX-License-Identifier: Apache-2.0
#pragma once

// `accueil central kiosk add --enrol`: the central's half of enrolment (internal to sync/cli).

#include "OpenCentral.h"

#include <string>

namespace accueil::cli {

/// Stores a one-time code for `kioskId`, valid `validMinutes`, and prints the code, the
/// enrolment string and its QR code (half blocks, for a dark terminal); with `qrPng`, the QR
/// code as a PNG too. Needs central.toml's public_url. Returns the exit status. Main thread.
int OfferEnrolment(OpenedCentral& central, const std::string& kioskId, int validMinutes,
                   const std::string& qrPng);

} // namespace accueil::cli
