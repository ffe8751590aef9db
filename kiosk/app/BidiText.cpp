// SPDX-License-Identifier: Apache-2.0
#include "BidiText.h"

#include "CoreTypes.h"

#include <accueil/core/Text.h>

#include <fribidi.h>

#include <vector>

namespace accueil::kiosk::app {

char32_t NextCodePoint(std::string_view text, std::size_t& i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    int length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
    char32_t c = length == 1 ? byte : byte & (0xFF >> (length + 1));
    for (int k = 1; k < length; ++k) {
        c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    i += static_cast<std::size_t>(length);
    return c;
}

bool HasRightToLeft(std::string_view utf8) {
    if (!IsValidUtf8(utf8)) {
        return false;
    }
    for (std::size_t i = 0; i < utf8.size();) {
        const char32_t c = NextCodePoint(utf8, i);
        if ((c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFEFF)) {
            return true;
        }
    }
    return false;
}

std::string VisualOrder(std::string_view utf8) {
    if (!HasRightToLeft(utf8)) {
        return std::string(utf8);
    }
    std::vector<FriBidiChar> logical;
    for (std::size_t i = 0; i < utf8.size();) {
        logical.push_back(NextCodePoint(utf8, i));
    }
    std::vector<FriBidiChar> visual(logical.size() + 1, 0);
    FriBidiParType base = FRIBIDI_PAR_ON; // the first strong letter decides the direction
    if (fribidi_log2vis(logical.data(), static_cast<FriBidiStrIndex>(logical.size()), &base,
                        visual.data(), nullptr, nullptr, nullptr) == 0) {
        return std::string(utf8);
    }
    std::string out;
    out.reserve(utf8.size() + 8);
    for (std::size_t i = 0; i < logical.size(); ++i) {
        const char32_t c = visual[i];
        if (c == 0xFEFF || c == 0x200F || c == 0x200E) {
            continue; // joiners and marks have no glyph of their own
        }
        core::AppendUtf8(out, c);
    }
    return out;
}

} // namespace accueil::kiosk::app
