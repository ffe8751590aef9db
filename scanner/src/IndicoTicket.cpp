// SPDX-License-Identifier: Apache-2.0
#include <accueil/scanner/IndicoTicket.h>

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace accueil::scanner {

namespace {

constexpr std::size_t kMaxJsonBytes = 4096;
constexpr int kMaxJsonDepth = 8;

BadgeClaim Unreadable(std::string reason) {
    BadgeClaim claim;
    claim.reason = std::move(reason);
    return claim;
}

/// nlohmann's parser recurses per nesting level; refuse deep input before it sees it.
bool NestingWithin(std::string_view text, int maxDepth) {
    int depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                inString = false;
            }
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > maxDepth) {
                return false;
            }
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return true;
}

int Base64Value(char c) {
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '+' || c == '-') {
        return 62;
    }
    if (c == '/' || c == '_') {
        return 63;
    }
    return -1;
}

/// Standard or URL-safe base64, padding optional.
std::optional<std::vector<std::uint8_t>> Base64Decode(std::string_view text) {
    while (!text.empty() && text.back() == '=') {
        text.remove_suffix(1);
    }
    if (text.size() % 4 == 1) {
        return std::nullopt;
    }
    std::vector<std::uint8_t> out;
    unsigned buffer = 0;
    int bits = 0;
    for (const char c : text) {
        const int v = Base64Value(c);
        if (v < 0) {
            return std::nullopt;
        }
        buffer = ((buffer << 6) | static_cast<unsigned>(v)) & 0xFFFFFFu;
        bits += 6;
        if (bits >= 8) {
            out.push_back(static_cast<std::uint8_t>(buffer >> (bits - 8)));
            bits -= 8;
        }
    }
    return out;
}

std::string UuidText(const std::vector<std::uint8_t>& b) {
    static constexpr std::string_view kHex = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            out.push_back('-');
        }
        out.push_back(kHex[b[i] >> 4]);
        out.push_back(kHex[b[i] & 15]);
    }
    return out;
}

/// A UUID in 8-4-4-4-12 hex form, lower-cased; nullopt if text is not one.
std::optional<std::string> CanonicalUuid(std::string_view text) {
    if (text.size() != 36) {
        return std::nullopt;
    }
    std::string out(text);
    for (std::size_t i = 0; i < out.size(); ++i) {
        char& c = out[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') {
                return std::nullopt;
            }
            continue;
        }
        if (c >= 'A' && c <= 'F') {
            c = static_cast<char>(c - 'A' + 'a');
        }
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return std::nullopt;
        }
    }
    return out;
}

/// An id given as a JSON string or a non-negative integer, as text.
std::optional<std::string> IdText(const nlohmann::json& value) {
    if (value.is_string()) {
        const auto& s = value.get_ref<const std::string&>();
        if (!s.empty() && s.size() <= 64) {
            return s;
        }
        return std::nullopt;
    }
    if (value.is_number_unsigned()) {
        return std::to_string(value.get<std::uint64_t>());
    }
    if (value.is_number_integer() && value.get<std::int64_t>() >= 0) {
        return std::to_string(value.get<std::int64_t>());
    }
    return std::nullopt;
}

/// A base64 UUID element of a version 2 code, as canonical text; nullopt if it is not one.
std::optional<std::string> UuidElement(const nlohmann::json& element) {
    if (!element.is_string()) {
        return std::nullopt;
    }
    const auto bytes = Base64Decode(element.get_ref<const std::string&>());
    if (!bytes || bytes->size() != 16) {
        return std::nullopt;
    }
    return UuidText(*bytes);
}

// [2, host, ticket] for a registrant; [2, host, ticket, person] for one of the persons
// accompanying them, whose ticket is then "<ticket>/<person>" (see IndicoTicket.h).
BadgeClaim ParseV2(const nlohmann::json& i) {
    if (!i.is_array() || (i.size() != 3 && i.size() != 4) || !i[0].is_number_integer() ||
        i[0].get<std::int64_t>() != 2) {
        return Unreadable("Indico code of an unknown version");
    }
    if (!i[1].is_string()) {
        return Unreadable("Indico code fields have the wrong type");
    }
    const auto ticket = UuidElement(i[2]);
    if (!ticket) {
        return Unreadable("Indico ticket id is not a base64 UUID");
    }
    BadgeClaim claim;
    claim.format = ClaimFormat::IndicoTicket;
    claim.verification = Verification::Valid;
    claim.ticket = *ticket;
    claim.indicoServer = i[1].get<std::string>();
    if (i.size() == 4) {
        const auto person = UuidElement(i[3]);
        if (!person) {
            return Unreadable("Indico accompanying person id is not a base64 UUID");
        }
        claim.ticket += "/" + *person;
    }
    return claim;
}

BadgeClaim ParseV1(const nlohmann::json& doc) {
    const auto secret = doc.find("checkin_secret");
    const auto registrant = doc.find("registrant_id");
    const auto event = doc.find("event_id");
    if (registrant == doc.end() || event == doc.end()) {
        return Unreadable("JSON code that is not an Indico ticket");
    }
    const auto registrantId = IdText(*registrant);
    const auto eventId = IdText(*event);
    if (!registrantId || !eventId) {
        return Unreadable("Indico registrant_id or event_id is malformed");
    }
    BadgeClaim claim;
    claim.format = ClaimFormat::IndicoTicket;
    claim.registrantId = *registrantId;
    claim.eventId = *eventId;
    if (const auto server = doc.find("server_url"); server != doc.end() && server->is_string()) {
        claim.indicoServer = server->get<std::string>();
    }
    // An Indico ticket without its secret: read, but it proves nothing (never admitted).
    if (secret == doc.end() || !secret->is_string() ||
        secret->get_ref<const std::string&>().empty() ||
        secret->get_ref<const std::string&>().size() > 64) {
        claim.verification = Verification::Malformed;
        claim.reason = "Indico code without a valid checkin_secret";
        return claim;
    }
    claim.verification = Verification::Valid;
    const auto& s = secret->get_ref<const std::string&>();
    claim.ticket = CanonicalUuid(s).value_or(s);
    return claim;
}

} // namespace

BadgeClaim ParseIndicoTicket(std::string_view payload) {
    if (payload.size() > kMaxJsonBytes) {
        return Unreadable("JSON code too long");
    }
    if (!NestingWithin(payload, kMaxJsonDepth)) {
        return Unreadable("JSON code nested too deep");
    }
    // allow_exceptions = false: a parse error gives a discarded value instead of throwing.
    const nlohmann::json doc =
        nlohmann::json::parse(payload.begin(), payload.end(), nullptr, false);
    if (doc.is_discarded()) {
        return Unreadable("malformed JSON code");
    }
    if (!doc.is_object()) {
        return Unreadable("JSON code that is not an Indico ticket");
    }
    if (const auto i = doc.find("i"); i != doc.end()) {
        return ParseV2(*i);
    }
    return ParseV1(doc);
}

} // namespace accueil::scanner
