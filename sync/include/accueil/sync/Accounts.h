// SPDX-License-Identifier: Apache-2.0
#pragma once

// The dashboard's accounts: what a user id, a role and a password must be, and the password's
// hash (Argon2id through libsodium's crypto_pwhash_str, as the staff PINs). Shared by
// `accueil central user` and the central's sign-in.

#include <accueil/core/Result.h>

#include <cstddef>
#include <string>

namespace accueil::sync {

inline constexpr std::size_t kMinPasswordChars = 12;
inline constexpr std::size_t kMaxPasswordBytes = 1024;

/// 1 to 64 printable characters, none a space or a control character. Errors: Input. Pure.
core::Result<void> CheckUserId(const std::string& id);
/// "viewer" or "admin". Errors: Input. Pure.
core::Result<void> CheckRole(const std::string& role);
/// At least kMinPasswordChars characters (UTF-8 counted as characters), at most
/// kMaxPasswordBytes bytes, no control character. Errors: Input naming the rule. Pure.
core::Result<void> CheckPassword(const std::string& password);
/// The password's Argon2id hash as crypto_pwhash_str writes it. Errors: Storage (no memory).
/// Any thread; slow on purpose (about 0.1 s and 64 MiB).
core::Result<std::string> HashPassword(const std::string& password);
/// Whether `password` matches `hash` (constant work whatever the answer). Any thread.
bool VerifyPassword(const std::string& hash, const std::string& password);
/// The same work as VerifyPassword against a hash of nobody, so an unknown user id costs the
/// time a known one does. Any thread.
void HashAgainstNobody(const std::string& password);

} // namespace accueil::sync
