// SPDX-License-Identifier: Apache-2.0
#include "Base32.h"
#include "ErrnoText.h"
#include "Sodium.h"

#include <accueil/scanner/BadgeKey.h>

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace accueil::scanner {

namespace detail {
bool SodiumReady() {
    static const bool ready = sodium_init() >= 0;
    return ready;
}
} // namespace detail

namespace {

constexpr std::string_view kPublicPrefix = "ACPK";
constexpr std::string_view kSecretPrefix = "ACSK";

std::string_view TrimSpace(std::string_view s) {
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && isSpace(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && isSpace(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

/// A file descriptor closed on scope exit.
class Fd {
public:
    explicit Fd(int fd) : m_fd(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    int get() const { return m_fd; }
    int release() {
        const int fd = m_fd;
        m_fd = -1;
        return fd;
    }

private:
    int m_fd;
};

Error SysError(ErrorKind kind, const std::string& what, const std::string& path) {
    return Error{kind, what + " " + path + ": " + detail::ErrnoText(errno)};
}

} // namespace

BadgeSecretKey::BadgeSecretKey(BadgeSecretKey&& other) noexcept : m_bytes(other.m_bytes) {
    sodium_memzero(other.m_bytes.data(), other.m_bytes.size());
}

BadgeSecretKey& BadgeSecretKey::operator=(BadgeSecretKey&& other) noexcept {
    if (this != &other) {
        m_bytes = other.m_bytes;
        sodium_memzero(other.m_bytes.data(), other.m_bytes.size());
    }
    return *this;
}

BadgeSecretKey::~BadgeSecretKey() {
    sodium_memzero(m_bytes.data(), m_bytes.size());
}

std::string BadgeSecretKey::publicKeyText() const {
    // libsodium's secret key is seed || public key.
    return std::string(kPublicPrefix) + detail::Base32Encode(m_bytes.data() + 32, 32);
}

Result<BadgeKeyPair> GenerateBadgeKey() {
    if (!detail::SodiumReady()) {
        return Error{ErrorKind::Crypto, "libsodium could not be initialised"};
    }
    std::array<std::uint8_t, 32> pk{};
    std::array<std::uint8_t, BadgeSecretKey::kSize> sk{};
    crypto_sign_keypair(pk.data(), sk.data());
    BadgeKeyPair pair{BadgeSecretKey(sk), {}};
    sodium_memzero(sk.data(), sk.size());
    pair.publicKey = pair.secretKey.publicKeyText();
    return pair;
}

Result<void> SaveSecretKey(const BadgeSecretKey& key, const std::string& path, bool overwrite) {
    std::string text = std::string(kSecretPrefix) + detail::Base32Encode(key.bytes().data(), 32);
    text.push_back('\n');
    const std::string tmp = path + ".tmp";
    ::unlink(tmp.c_str());
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (fd.get() < 0) {
        return SysError(ErrorKind::Io, "cannot create", tmp);
    }
    // The umask may only remove bits; make sure nobody else can read it whatever it was.
    if (::fchmod(fd.get(), 0600) != 0 ||
        ::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size()) ||
        ::fsync(fd.get()) != 0) {
        const Error e = SysError(ErrorKind::Io, "cannot write", tmp);
        sodium_memzero(text.data(), text.size());
        ::unlink(tmp.c_str());
        return e;
    }
    sodium_memzero(text.data(), text.size());
    if (::close(fd.release()) != 0) {
        const Error e = SysError(ErrorKind::Io, "cannot save", path);
        ::unlink(tmp.c_str());
        return e;
    }
    // link() fails if path exists, so "do not overwrite" holds even against a race.
    const int placed =
        overwrite ? ::rename(tmp.c_str(), path.c_str()) : ::link(tmp.c_str(), path.c_str());
    if (placed != 0) {
        const bool exists = errno == EEXIST;
        const Error e = exists ? Error{ErrorKind::InvalidArgument,
                                       "secret key file " + path + " exists; not replacing it"}
                               : SysError(ErrorKind::Io, "cannot save", path);
        ::unlink(tmp.c_str());
        return e;
    }
    if (!overwrite) {
        ::unlink(tmp.c_str());
    }
    return {};
}

Result<BadgeSecretKey> LoadSecretKey(const std::string& path) {
    if (!detail::SodiumReady()) {
        return Error{ErrorKind::Crypto, "libsodium could not be initialised"};
    }
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        return SysError(errno == ENOENT ? ErrorKind::NotFound : ErrorKind::Io, "cannot open", path);
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) {
        return SysError(ErrorKind::Io, "cannot stat", path);
    }
    if ((st.st_mode & 077) != 0) {
        return Error{ErrorKind::InvalidArgument,
                     "secret key file " + path + " is readable by others; chmod 600 it"};
    }
    std::array<char, 256> buf{};
    const ssize_t n = ::read(fd.get(), buf.data(), buf.size());
    if (n < 0) {
        return SysError(ErrorKind::Io, "cannot read", path);
    }
    const std::string_view text =
        TrimSpace(std::string_view(buf.data(), static_cast<std::size_t>(n)));
    Error bad{ErrorKind::BadData, path + " is not an Accueil badge secret key"};
    if (text.substr(0, kSecretPrefix.size()) != kSecretPrefix) {
        sodium_memzero(buf.data(), buf.size());
        return bad;
    }
    auto seed = detail::Base32Decode(text.substr(kSecretPrefix.size()));
    sodium_memzero(buf.data(), buf.size());
    if (!seed || seed->size() != 32) {
        return bad;
    }
    std::array<std::uint8_t, 32> pk{};
    std::array<std::uint8_t, BadgeSecretKey::kSize> sk{};
    crypto_sign_seed_keypair(pk.data(), sk.data(), seed->data());
    sodium_memzero(seed->data(), seed->size());
    BadgeSecretKey key(sk);
    sodium_memzero(sk.data(), sk.size());
    return key;
}

Result<std::array<std::uint8_t, 32>> ParsePublicKey(std::string_view text) {
    text = TrimSpace(text);
    if (text.substr(0, kPublicPrefix.size()) != kPublicPrefix) {
        return Error{ErrorKind::BadData, "a public key starts with ACPK"};
    }
    const auto bytes = detail::Base32Decode(text.substr(kPublicPrefix.size()));
    if (!bytes || bytes->size() != 32) {
        return Error{ErrorKind::BadData, "a public key is ACPK and 52 base32 characters"};
    }
    std::array<std::uint8_t, 32> pk{};
    std::copy(bytes->begin(), bytes->end(), pk.begin());
    return pk;
}

std::array<std::uint8_t, 4> KeyIdOf(const std::array<std::uint8_t, 32>& publicKey) {
    std::array<std::uint8_t, crypto_generichash_BYTES_MIN> hash{};
    crypto_generichash(hash.data(), hash.size(), publicKey.data(), publicKey.size(), nullptr, 0);
    return {hash[0], hash[1], hash[2], hash[3]};
}

std::string KeyIdText(const std::array<std::uint8_t, 4>& keyId) {
    std::array<char, 9> buf{};
    (void)std::snprintf(buf.data(), buf.size(), "%02x%02x%02x%02x", keyId[0], keyId[1], keyId[2],
                        keyId[3]);
    return buf.data();
}

} // namespace accueil::scanner
