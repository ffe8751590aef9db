// SPDX-License-Identifier: Apache-2.0

#include "PushRules.h"

#include <nlohmann/json.hpp>

namespace accueil::sync {

std::optional<std::string> HoldNoteOf(const core::AuditEntry& a) {
    if ((a.action != "hold_placed" && a.action != "hold_cleared") || a.registrantId.empty()) {
        return std::nullopt;
    }
    const auto detail = nlohmann::json::parse(a.detail, nullptr, false);
    const std::string note = a.action == "hold_cleared" || !detail.is_object()
                                 ? std::string()
                                 : detail.value("note", std::string());
    if (a.action == "hold_placed" && note.empty()) {
        return std::nullopt; // a hold without its note cannot be shown: keep the list as it is
    }
    return note;
}

std::optional<std::int64_t> ReissuedVersionOf(const core::AuditEntry& a) {
    if (a.action != "badge_reissued" || a.registrantId.empty()) {
        return std::nullopt;
    }
    const auto detail = nlohmann::json::parse(a.detail, nullptr, false);
    const auto version = detail.is_object() ? detail.find("badge_version") : detail.end();
    if (version == detail.end() || !version->is_number_integer() ||
        version->get<std::int64_t>() < 2 || version->get<std::int64_t>() > 65535) {
        return std::nullopt; // not a version a badge can carry: keep the list as it is
    }
    return version->get<std::int64_t>();
}

core::Error UnlistedPhotos(const std::vector<std::string>& unlisted) {
    return core::MakeError(core::ErrorKind::Input,
                           "no registrant " + unlisted.front() +
                               (unlisted.size() > 1
                                    ? " (and " + std::to_string(unlisted.size() - 1) + " more)"
                                    : std::string()) +
                               " on the central's list, so no photo was imported");
}

} // namespace accueil::sync
