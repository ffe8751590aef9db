// SPDX-License-Identifier: Apache-2.0
#include <accueil/sync/Enrolment.h>
#include <accueil/sync/Tokens.h>

#include <nlohmann/json.hpp>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <sodium.h>

#include <array>
#include <cstdio>
#include <memory>
#include <vector>

namespace accueil::sync {

namespace {

constexpr std::string_view kPrefix = "accueil-enrol:1:";
constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr int kCodeLetters = 20; // 5 bits each: 100 bits, beyond guessing at any request rate
constexpr int kGroup = 5;

std::string Base64(const unsigned char* data, std::size_t size, int variant) {
    std::string out(sodium_base64_encoded_len(size, variant), '\0');
    sodium_bin2base64(out.data(), out.size(), data, size, variant);
    out.resize(std::char_traits<char>::length(out.c_str()));
    return out;
}

core::Error InputError(const std::string& message) {
    return core::MakeError(core::ErrorKind::Input, message);
}

} // namespace

std::string NewEnrolmentCode() {
    std::string code;
    for (int i = 0; i < kCodeLetters; ++i) {
        if (i > 0 && i % kGroup == 0) {
            code.push_back('-');
        }
        code.push_back(kBase32[randombytes_uniform(static_cast<std::uint32_t>(kBase32.size()))]);
    }
    return code;
}

std::string NormaliseEnrolmentCode(std::string_view typed) {
    std::string out;
    for (const char c : typed) {
        if (c == '-' || c == ' ') {
            continue;
        }
        out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
    }
    return out;
}

std::string HashEnrolmentCode(std::string_view typed) {
    return Sha256Hex(NormaliseEnrolmentCode(typed));
}

std::string EncodeEnrolment(const EnrolmentOffer& offer) {
    nlohmann::json j{{"url", offer.url}, {"code", offer.code}};
    if (!offer.pin.empty()) {
        j["pin"] = offer.pin;
    }
    const std::string text = j.dump();
    return std::string(kPrefix) + Base64(reinterpret_cast<const unsigned char*>(text.data()),
                                         text.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

core::Result<EnrolmentOffer> DecodeEnrolment(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
        text.remove_suffix(1);
    }
    if (text.rfind("accueil-enrol:", 0) != 0) {
        return InputError("not an enrolment string (it starts with accueil-enrol:1:)");
    }
    if (text.rfind(kPrefix, 0) != 0) {
        return InputError("an enrolment string of another version: upgrade Accueil");
    }
    const std::string_view payload = text.substr(kPrefix.size());
    std::vector<unsigned char> bytes(payload.size());
    std::size_t length = 0;
    if (sodium_base642bin(bytes.data(), bytes.size(), payload.data(), payload.size(), nullptr,
                          &length, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
        return InputError("the enrolment string is damaged (not base64url after "
                          "accueil-enrol:1:); copy it again");
    }
    const auto j = nlohmann::json::parse(bytes.begin(), bytes.begin() + static_cast<long>(length),
                                         nullptr, false);
    if (!j.is_object() || !j.contains("url") || !j["url"].is_string() || !j.contains("code") ||
        !j["code"].is_string()) {
        return InputError("the enrolment string is damaged (no url or code in it)");
    }
    EnrolmentOffer offer{j["url"].get<std::string>(), j["code"].get<std::string>(), ""};
    if (j.contains("pin") && j["pin"].is_string()) {
        offer.pin = j["pin"].get<std::string>();
    }
    if (offer.url.rfind("http://", 0) != 0 && offer.url.rfind("https://", 0) != 0) {
        return InputError("the enrolment string's url is not http:// or https://: " + offer.url);
    }
    if (offer.code.empty()) {
        return InputError("the enrolment string has an empty code");
    }
    return offer;
}

core::Result<std::string> PublicKeyPin(const std::string& certPemPath) {
    const std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(certPemPath.c_str(), "rb"),
                                                     &std::fclose);
    if (!file) {
        return core::MakeError(core::ErrorKind::Config,
                               "cannot read the certificate " + certPemPath);
    }
    const std::unique_ptr<X509, void (*)(X509*)> cert(
        PEM_read_X509(file.get(), nullptr, nullptr, nullptr), &X509_free);
    if (!cert) {
        return core::MakeError(core::ErrorKind::Config, certPemPath + " holds no PEM certificate");
    }
    // The pin is over the SubjectPublicKeyInfo, as curl's CURLOPT_PINNEDPUBLICKEY compares it:
    // it survives a renewed certificate that keeps its key.
    const int size = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert.get()), nullptr);
    if (size <= 0) {
        return core::MakeError(core::ErrorKind::Config,
                               certPemPath + ": the certificate's public key cannot be read");
    }
    std::vector<unsigned char> der(static_cast<std::size_t>(size));
    unsigned char* out = der.data();
    i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert.get()), &out);
    std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
    SHA256(der.data(), der.size(), digest.data());
    return "sha256//" + Base64(digest.data(), digest.size(), sodium_base64_VARIANT_ORIGINAL);
}

} // namespace accueil::sync
