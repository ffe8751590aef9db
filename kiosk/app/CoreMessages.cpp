// SPDX-License-Identifier: Apache-2.0
#include "CoreMessages.h"

#include <charconv>

namespace accueil::kiosk::app {

namespace {

bool StartsWith(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// The first run of digits after `marker` in `text` ("locked for 5 more minute(s)" -> 5).
std::optional<long long> NumberAfter(std::string_view text, std::string_view marker) {
    const std::size_t at = text.find(marker);
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string_view rest = text.substr(at + marker.size());
    long long value = 0;
    const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
    if (error != std::errc{} || end == rest.data()) {
        return std::nullopt;
    }
    return value;
}

// The core's wording of the errors staff can meet at the kiosk (kiosk/core/src/StaffActions.cpp);
// a test feeds it each of them (CoreMessagesTest), so a rewording in the core shows up there.
std::optional<CatalogText> KnownMessage(std::string_view m) {
    constexpr std::string_view kLockedFor = "locked for ";
    if (StartsWith(m, "unknown staff ID or wrong PIN; too many wrong PINs")) {
        return CatalogText{"error.wrong_pin_locked", {}, NumberAfter(m, kLockedFor).value_or(1)};
    }
    if (StartsWith(m, "unknown staff ID or wrong PIN")) {
        return CatalogText{"error.wrong_pin", {}, {}};
    }
    if (StartsWith(m, "too many wrong PINs")) {
        return CatalogText{"error.locked", {}, NumberAfter(m, kLockedFor).value_or(1)};
    }
    if (StartsWith(m, "give a reason")) {
        return CatalogText{"panel.need_reason", {}, {}};
    }
    if (StartsWith(m, "a walk-in needs at least a name")) {
        return CatalogText{"panel.need_name", {}, {}};
    }
    if (StartsWith(m, "gender must be")) {
        return CatalogText{"panel.need_gender", {}, {}};
    }
    if (EndsWith(m, " is not a meeting day")) {
        return CatalogText{"error.not_meeting_day", {{"day", std::string(m.substr(0, 10))}}, {}};
    }
    if (constexpr std::string_view kNoOne = "no registrant with ID "; StartsWith(m, kNoOne)) {
        return CatalogText{
            "error.no_registrant", {{"id", std::string(m.substr(kNoOne.size()))}}, {}};
    }
    if (StartsWith(m, "an undo cannot itself be undone")) {
        return CatalogText{"error.undo_of_undo", {}, {}};
    }
    if (StartsWith(m, "that entry was already undone")) {
        return CatalogText{"error.already_undone", {}, {}};
    }
    if (StartsWith(m, "ID ") && EndsWith(m, " is already registered")) {
        constexpr std::size_t kAround = std::string_view("ID  is already registered").size();
        return CatalogText{
            "error.id_taken", {{"id", std::string(m.substr(3, m.size() - kAround))}}, {}};
    }
    // RequireText: "the reason: longer than 400 characters (412)", "given name: not valid UTF-8".
    if (m.find(": longer than ") != std::string_view::npos ||
        m.find(": a control character") != std::string_view::npos ||
        m.find(": not valid UTF-8") != std::string_view::npos) {
        return CatalogText{"error.text_field", {}, {}};
    }
    return std::nullopt;
}

} // namespace

CatalogText MessageForError(const core::Error& error) {
    if (auto known = KnownMessage(error.message)) {
        return *known;
    }
    switch (error.kind) {
    case core::ErrorKind::Auth:
        return CatalogText{"error.wrong_pin", {}, {}};
    case core::ErrorKind::Storage:
        return CatalogText{"error.storage", {}, {}};
    default:
        return CatalogText{"error.other", {}, {}};
    }
}

std::string Translate(const Catalog& catalog, std::string_view language, const CatalogText& text) {
    if (text.empty()) {
        return {};
    }
    if (text.count) {
        return FormatText(catalog.counted(language, text.key, *text.count), text.values);
    }
    return FormatText(catalog.text(language, text.key), text.values);
}

} // namespace accueil::kiosk::app
