// SPDX-License-Identifier: Apache-2.0
#include <accueil/core/EventCalendar.h>
#include <accueil/core/Photo.h>
#include <accueil/scanner/BadgeClaim.h>
#include <accueil/sync/Protocol.h>

#include <sodium.h>

namespace accueil::sync {

using nlohmann::json;

std::string_view ToString(ApiError code) {
    switch (code) {
    case ApiError::Unauthorized:
        return "unauthorized";
    case ApiError::TokenRevoked:
        return "token_revoked";
    case ApiError::BodyTooLarge:
        return "body_too_large";
    case ApiError::MalformedJson:
        return "malformed_json";
    case ApiError::InvalidRequest:
        return "invalid_request";
    case ApiError::CursorAhead:
        return "cursor_ahead";
    case ApiError::CursorUnknown:
        return "cursor_unknown";
    case ApiError::KioskMismatch:
        return "kiosk_mismatch";
    case ApiError::NotFound:
        return "not_found";
    case ApiError::Internal:
        return "internal";
    case ApiError::HeaderTimeout:
        return "header_timeout";
    case ApiError::HeadTooLarge:
        return "head_too_large";
    case ApiError::Busy:
        return "busy";
    case ApiError::EnrolmentUnknown:
        return "enrolment_unknown";
    case ApiError::EnrolmentUsed:
        return "enrolment_used";
    case ApiError::EnrolmentExpired:
        return "enrolment_expired";
    case ApiError::EnrolmentThrottled:
        return "enrolment_throttled";
    }
    return "internal";
}

int HttpStatus(ApiError code) {
    switch (code) {
    case ApiError::Unauthorized:
        return 401;
    case ApiError::TokenRevoked:
    case ApiError::EnrolmentUnknown:
    case ApiError::EnrolmentUsed:
    case ApiError::EnrolmentExpired:
        return 403;
    case ApiError::EnrolmentThrottled:
        return 429;
    case ApiError::BodyTooLarge:
        return 413;
    case ApiError::MalformedJson:
        return 400;
    case ApiError::InvalidRequest:
    case ApiError::KioskMismatch:
        return 422;
    case ApiError::CursorAhead:
    case ApiError::CursorUnknown:
        return 409;
    case ApiError::NotFound:
        return 404;
    case ApiError::Internal:
        return 500;
    case ApiError::HeaderTimeout:
        return 408;
    case ApiError::HeadTooLarge:
        return 431;
    case ApiError::Busy:
        return 503;
    }
    return 500;
}

std::string ErrorBody(ApiError code, std::string_view message) {
    return json{{"error", {{"code", ToString(code)}, {"message", message}}}}.dump();
}

json ToJson(const core::Registrant& r) {
    return json{{"id", r.id},
                {"given_name", r.givenName},
                {"family_name", r.familyName},
                {"delegation", r.delegation},
                {"category", r.category},
                {"role", r.role},
                {"gender", r.gender},
                {"days", r.days},
                {"status", core::ToString(r.status)},
                {"badge_version", r.badgeVersion},
                {"hold_note", r.holdNote},
                {"ticket", r.ticket},
                {"language", r.language},
                {"provisional", r.provisional},
                {"attention", r.attention}};
}

namespace {

void AppendString(std::string& out, std::string_view s) {
    constexpr std::string_view kHex = "0123456789abcdef";
    out += '"';
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20) {
            out += "\\u00";
            out += kHex[u >> 4];
            out += kHex[u & 0xF];
        } else {
            out += c; // UTF-8 passes through; the store holds only valid UTF-8
        }
    }
    out += '"';
}

void AppendField(std::string& out, const char* key, std::string_view value) {
    out += '"';
    out += key;
    out += "\":";
    AppendString(out, value);
    out += ',';
}

} // namespace

void AppendJson(std::string& out, const core::Registrant& r) {
    out += '{';
    AppendField(out, "id", r.id);
    AppendField(out, "given_name", r.givenName);
    AppendField(out, "family_name", r.familyName);
    AppendField(out, "delegation", r.delegation);
    AppendField(out, "category", r.category);
    AppendField(out, "role", r.role);
    AppendField(out, "gender", r.gender);
    out += "\"days\":[";
    for (std::size_t i = 0; i < r.days.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        AppendString(out, r.days[i]);
    }
    out += "],";
    AppendField(out, "status", core::ToString(r.status));
    out += "\"badge_version\":" + std::to_string(r.badgeVersion) + ",";
    AppendField(out, "hold_note", r.holdNote);
    AppendField(out, "ticket", r.ticket);
    AppendField(out, "language", r.language);
    out += r.provisional ? "\"provisional\":true," : "\"provisional\":false,";
    out += "\"attention\":";
    AppendString(out, r.attention);
    out += '}';
}

json ToJson(const core::AttendanceEvent& e) {
    return json{{"uuid", e.uuid},
                {"registrant_id", e.registrantId},
                {"day", e.day},
                {"kind", core::ToString(e.kind)},
                {"target", e.target},
                {"kiosk_id", e.kioskId},
                {"at", e.at},
                {"method", core::ToString(e.method)},
                {"staff_id", e.staffId},
                {"reason", e.reason},
                {"zone", e.zone}};
}

json ToJson(const core::AuditEntry& a) {
    return json{{"uuid", a.uuid},        {"at", a.at},         {"kiosk_id", a.kioskId},
                {"staff_id", a.staffId}, {"action", a.action}, {"registrant_id", a.registrantId},
                {"outcome", a.outcome},  {"detail", a.detail}};
}

namespace {

// Reads fields with a clear message naming the one that is wrong; throws std::invalid_argument,
// caught by the public functions below.
struct Reader {
    const json& j;
    std::string_view what;

    const json& field(const char* key) const {
        if (!j.is_object()) {
            throw std::invalid_argument(std::string(what) + " is not a JSON object");
        }
        auto it = j.find(key);
        if (it == j.end()) {
            throw std::invalid_argument(std::string(what) + ": field \"" + key + "\" missing");
        }
        return *it;
    }
    std::string text(const char* key, bool required = true) const {
        if (!required && (!j.contains(key) || j.at(key).is_null())) {
            return {};
        }
        const json& v = field(key);
        if (!v.is_string()) {
            throw std::invalid_argument(std::string(what) + ": field \"" + key +
                                        "\" must be a string");
        }
        std::string s = v.get<std::string>();
        if (required && s.empty()) {
            throw std::invalid_argument(std::string(what) + ": field \"" + key +
                                        "\" must not be empty");
        }
        return s;
    }
    std::int64_t integer(const char* key) const {
        const json& v = field(key);
        if (!v.is_number_integer()) {
            throw std::invalid_argument(std::string(what) + ": field \"" + key +
                                        "\" must be an integer");
        }
        return v.get<std::int64_t>();
    }
};

template <class F> auto Parse(F&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const std::exception& e) {
        return core::MakeError(ErrorKind::Input, e.what());
    }
}

} // namespace

Result<core::Registrant> RegistrantFromJson(const json& j) {
    return Parse([&]() -> Result<core::Registrant> {
        Reader in{j, "registrant"};
        core::Registrant r;
        r.id = in.text("id");
        r.givenName = in.text("given_name", false);
        r.familyName = in.text("family_name", false);
        r.delegation = in.text("delegation", false);
        r.category = in.text("category", false);
        r.role = in.text("role", false);
        r.gender = in.text("gender", false);
        if (j.contains("days")) {
            const json& days = j.at("days");
            if (!days.is_array()) {
                throw std::invalid_argument("registrant " + r.id + ": days must be an array");
            }
            for (const json& d : days) {
                if (!d.is_string() || !core::IsIsoDate(d.get<std::string>())) {
                    throw std::invalid_argument("registrant " + r.id + ": bad day");
                }
                r.days.push_back(d.get<std::string>());
            }
        }
        const std::string status = in.text("status", false);
        if (status == "cancelled") {
            r.status = core::RegistrantStatus::Cancelled;
        } else if (status.empty() || status == "active") {
            r.status = core::RegistrantStatus::Active;
        } else {
            throw std::invalid_argument("registrant " + r.id + ": unknown status " + status);
        }
        r.badgeVersion = j.contains("badge_version") ? in.integer("badge_version") : 1;
        if (r.badgeVersion < 1) {
            throw std::invalid_argument("registrant " + r.id + ": badge_version must be >= 1");
        }
        r.holdNote = in.text("hold_note", false);
        r.ticket = in.text("ticket", false);
        r.language = in.text("language", false);
        r.provisional = j.contains("provisional") && j.at("provisional").is_boolean() &&
                        j.at("provisional").get<bool>();
        r.attention = in.text("attention", false); // "" from centrals that predate it
        return r;
    });
}

Result<core::AttendanceEvent> AttendanceFromJson(const json& j) {
    return Parse([&]() -> Result<core::AttendanceEvent> {
        Reader in{j, "attendance event"};
        core::AttendanceEvent e;
        e.uuid = in.text("uuid");
        e.registrantId = in.text("registrant_id");
        e.day = in.text("day");
        if (!core::IsIsoDate(e.day)) {
            throw std::invalid_argument("attendance event " + e.uuid + ": bad day " + e.day);
        }
        const auto kind = core::ParseEventKind(in.text("kind"));
        if (!kind) {
            throw std::invalid_argument("attendance event " + e.uuid + ": unknown kind");
        }
        e.kind = *kind;
        e.target = in.text("target", false);
        if ((e.kind == core::EventKind::Undo) != !e.target.empty()) {
            throw std::invalid_argument("attendance event " + e.uuid +
                                        ": an undo, and only an undo, names a target");
        }
        e.kioskId = in.text("kiosk_id");
        e.at = in.integer("at");
        const auto method = core::ParseMethod(in.text("method"));
        if (!method) {
            throw std::invalid_argument("attendance event " + e.uuid + ": unknown method");
        }
        e.method = *method;
        e.staffId = in.text("staff_id", false);
        e.reason = in.text("reason", false);
        e.zone = in.text("zone", false); // an older kiosk sends none: the building's
        if (e.zone.empty()) {
            e.zone = std::string(core::kDefaultZone);
        }
        return e;
    });
}

Result<core::AuditEntry> AuditFromJson(const json& j) {
    return Parse([&]() -> Result<core::AuditEntry> {
        Reader in{j, "audit entry"};
        core::AuditEntry a;
        a.uuid = in.text("uuid");
        a.at = in.integer("at");
        a.kioskId = in.text("kiosk_id", false);
        a.staffId = in.text("staff_id", false);
        a.action = in.text("action");
        a.registrantId = in.text("registrant_id", false);
        a.outcome = in.text("outcome", false);
        a.detail = in.text("detail", false);
        return a;
    });
}

} // namespace accueil::sync

namespace accueil::sync {

json ToJson(const core::rows::PhotoChange& p) {
    if (!p.jpeg) {
        return json{{"id", p.registrantId}, {"jpeg", nullptr}};
    }
    const auto* bytes = reinterpret_cast<const unsigned char*>(p.jpeg->data());
    std::string text(sodium_base64_encoded_len(p.jpeg->size(), sodium_base64_VARIANT_ORIGINAL),
                     '\0');
    sodium_bin2base64(text.data(), text.size(), bytes, p.jpeg->size(),
                      sodium_base64_VARIANT_ORIGINAL);
    text.resize(std::char_traits<char>::length(text.c_str()));
    return json{{"id", p.registrantId}, {"jpeg", std::move(text)}};
}

Result<core::rows::PhotoChange> PhotoFromJson(const json& j) {
    const auto fail = [](const std::string& what) {
        return core::MakeError(core::ErrorKind::Input, "photo " + what);
    };
    if (!j.is_object() || !j.contains("id") || !j.at("id").is_string()) {
        return fail("without an \"id\"");
    }
    core::rows::PhotoChange change;
    change.registrantId = j.at("id").get<std::string>();
    if (scanner::ParsePlainId(change.registrantId).format != scanner::ClaimFormat::PlainId) {
        return fail("\"id\" is not a registrant ID");
    }
    const auto jpeg = j.find("jpeg");
    if (jpeg == j.end() || jpeg->is_null()) {
        return change; // removed
    }
    if (!jpeg->is_string()) {
        return fail(change.registrantId + ": \"jpeg\" is neither base64 nor null");
    }
    const auto& text = jpeg->get_ref<const std::string&>();
    std::string bytes(text.size(), '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(),
                          text.size(), nullptr, &length, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0) {
        return fail(change.registrantId + ": \"jpeg\" is not base64");
    }
    bytes.resize(length);
    if (!core::IsStoredPhoto(bytes)) {
        return fail(change.registrantId + ": not a JPEG of at most " +
                    std::to_string(core::kPhotoWidth) + "×" + std::to_string(core::kPhotoHeight) +
                    " pixels");
    }
    change.jpeg = std::move(bytes);
    return change;
}

} // namespace accueil::sync
