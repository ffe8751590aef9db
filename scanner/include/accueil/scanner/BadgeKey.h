// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/scanner/Error.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace accueil::scanner {

/// An Ed25519 signing key (libsodium's 64-byte form: seed then public key). Move-only; the
/// bytes are wiped when it is destroyed.
class BadgeSecretKey {
public:
    static constexpr std::size_t kSize = 64;

    BadgeSecretKey() = default;
    explicit BadgeSecretKey(const std::array<std::uint8_t, kSize>& bytes) : m_bytes(bytes) {}
    BadgeSecretKey(BadgeSecretKey&& other) noexcept;
    BadgeSecretKey& operator=(BadgeSecretKey&& other) noexcept;
    BadgeSecretKey(const BadgeSecretKey&) = delete;
    BadgeSecretKey& operator=(const BadgeSecretKey&) = delete;
    ~BadgeSecretKey();

    const std::array<std::uint8_t, kSize>& bytes() const { return m_bytes; }
    /// The matching public key as text ("ACPK" + base32), for kiosk configuration.
    std::string publicKeyText() const;

private:
    std::array<std::uint8_t, kSize> m_bytes{};
};

/// A freshly generated signing key and its public half as text.
struct BadgeKeyPair {
    BadgeSecretKey secretKey;
    std::string publicKey; ///< "ACPK" + 52 base32 characters
};

/// Generates a new Ed25519 key pair. Errors: Crypto if libsodium cannot start. Any thread.
Result<BadgeKeyPair> GenerateBadgeKey();

/// Writes the secret key to path as one text line ("ACSK" + base32 of the 32-byte seed),
/// with mode 0600, through a temporary file so a reader never sees half a key. An existing
/// file is kept unless overwrite is true (replacing the signing key invalidates every badge
/// printed with it). Errors: InvalidArgument (file exists), Io. Any thread.
Result<void> SaveSecretKey(const BadgeSecretKey& key, const std::string& path,
                           bool overwrite = false);

/// Reads a key written by SaveSecretKey. Errors: NotFound, Io, BadData (not a key file), and
/// InvalidArgument if the file is readable by group or others (like ssh, a key left open is
/// refused). Any thread.
Result<BadgeSecretKey> LoadSecretKey(const std::string& path);

/// Decodes a public key text ("ACPK..."), surrounding white space ignored. Errors: BadData.
Result<std::array<std::uint8_t, 32>> ParsePublicKey(std::string_view text);

/// The 4-byte key id a token carries: the first 4 bytes of BLAKE2b-128 of the public key.
std::array<std::uint8_t, 4> KeyIdOf(const std::array<std::uint8_t, 32>& publicKey);

/// The key id as 8 lower-case hex digits (as shown in claims and logs).
std::string KeyIdText(const std::array<std::uint8_t, 4>& keyId);

} // namespace accueil::scanner
