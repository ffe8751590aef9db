// SPDX-License-Identifier: Apache-2.0
// The dashboard's account rules and password hashing.

#include <accueil/sync/Accounts.h>

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <string_view>

namespace accueil::sync {

using core::ErrorKind;
using core::MakeError;

namespace {

bool IsControl(unsigned char c) {
    return c < 0x20 || c == 0x7f;
}

// UTF-8 characters: every byte but the continuation bytes starts one.
std::size_t Utf8Chars(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

} // namespace

core::Result<void> CheckUserId(const std::string& id) {
    const bool printable = std::none_of(id.begin(), id.end(), [](char c) {
        return IsControl(static_cast<unsigned char>(c)) || c == ' ';
    });
    if (id.empty() || id.size() > 64 || !printable) {
        return MakeError(ErrorKind::Input,
                         "a user id is 1 to 64 characters, without spaces or control characters");
    }
    return core::Ok{};
}

core::Result<void> CheckRole(const std::string& role) {
    if (role != "viewer" && role != "admin") {
        return MakeError(ErrorKind::Input, "role \"" + role + "\" is not viewer or admin");
    }
    return core::Ok{};
}

core::Result<void> CheckPassword(const std::string& password) {
    if (Utf8Chars(password) < kMinPasswordChars) {
        return MakeError(ErrorKind::Input, "the password is shorter than " +
                                               std::to_string(kMinPasswordChars) + " characters");
    }
    if (password.size() > kMaxPasswordBytes) {
        return MakeError(ErrorKind::Input, "the password is longer than " +
                                               std::to_string(kMaxPasswordBytes) + " bytes");
    }
    if (std::any_of(password.begin(), password.end(),
                    [](char c) { return IsControl(static_cast<unsigned char>(c)); })) {
        return MakeError(ErrorKind::Input, "the password holds a control character");
    }
    return core::Ok{};
}

core::Result<std::string> HashPassword(const std::string& password) {
    if (sodium_init() < 0) {
        return MakeError(ErrorKind::Storage, "libsodium failed to initialise");
    }
    std::string hash(crypto_pwhash_STRBYTES, '\0');
    if (crypto_pwhash_str(hash.data(), password.c_str(), password.size(),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        return MakeError(ErrorKind::Storage, "not enough memory to hash the password");
    }
    hash.resize(std::strlen(hash.c_str())); // NUL-terminated inside the buffer
    return hash;
}

bool VerifyPassword(const std::string& hash, const std::string& password) {
    return password.size() <= kMaxPasswordBytes &&
           crypto_pwhash_str_verify(hash.c_str(), password.c_str(), password.size()) == 0;
}

void HashAgainstNobody(const std::string& password) {
    static const std::string dummy = [] {
        auto made = HashPassword("no such user, no such password");
        return made ? std::move(made).value() : std::string();
    }();
    if (!dummy.empty()) {
        [[maybe_unused]] const bool never = VerifyPassword(dummy, password);
    }
}

} // namespace accueil::sync
