// SPDX-License-Identifier: Apache-2.0
#pragma once

// Enrolling a kiosk with a one-time code (docs/sync-protocol.md, "Enrolment"): the code staff
// type or scan, the enrolment string that carries it with the central's address and key pin,
// and the pin itself.

#include <accueil/core/Result.h>

#include <string>
#include <string_view>

namespace accueil::sync {

/// A new one-time code: 100 random bits as 20 letters and digits of RFC 4648's base32
/// alphabet, in four groups of five ("K7QJX-M2PLA-…"), easy to read out and type. Any thread.
std::string NewEnrolmentCode();

/// The code as typed, reduced to what is hashed: upper case, without dashes and spaces.
/// Pure.
std::string NormaliseEnrolmentCode(std::string_view typed);

/// Hex SHA-256 of the normalised code: what the central stores. Pure.
std::string HashEnrolmentCode(std::string_view typed);

/// What an enrolment string carries.
struct EnrolmentOffer {
    std::string url;  ///< the central's public URL
    std::string code; ///< the one-time code
    std::string pin;  ///< "sha256//BASE64" of the central's public key (https), else ""
};

/// "accueil-enrol:1:" + base64url (no padding) of {"url", "code", "pin"}. Pure.
std::string EncodeEnrolment(const EnrolmentOffer& offer);

/// Reads an enrolment string. Errors: Input saying what is wrong (not an enrolment string,
/// another version, bad base64 or JSON, no url or code, a url that is not http(s)). Pure.
core::Result<EnrolmentOffer> DecodeEnrolment(std::string_view text);

/// The SHA-256 of the public key in a PEM certificate file, in curl's pinned-key form
/// ("sha256//BASE64"). Errors: Config (the file cannot be read or holds no certificate).
core::Result<std::string> PublicKeyPin(const std::string& certPemPath);

} // namespace accueil::sync
