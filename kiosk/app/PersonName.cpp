// SPDX-License-Identifier: Apache-2.0
#include "PersonName.h"

#include "BidiText.h"

#include <accueil/core/Text.h>

namespace accueil::kiosk::app {

namespace {

// Han ideographs (with extension A and the compatibility block), kana, and the iteration
// mark: the letters of names written family name first without a space.
bool IsHanOrKana(char32_t c) {
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF) ||
           (c >= 0x3040 && c <= 0x30FF) || c == 0x3005 || c == 0x30FB;
}

bool AllHanOrKana(const std::string& text) {
    if (text.empty() || !core::IsValidUtf8(text)) {
        return false;
    }
    for (std::size_t i = 0; i < text.size();) {
        if (!IsHanOrKana(NextCodePoint(text, i))) {
            return false;
        }
    }
    return true;
}

} // namespace

std::string NameAsWritten(const std::string& givenName, const std::string& familyName) {
    if (givenName.empty() || familyName.empty()) {
        return givenName.empty() ? familyName : givenName;
    }
    if (AllHanOrKana(givenName) && AllHanOrKana(familyName)) {
        return familyName + givenName;
    }
    return givenName + " " + familyName;
}

} // namespace accueil::kiosk::app
