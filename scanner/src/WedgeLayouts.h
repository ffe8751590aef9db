// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/scanner/WedgeDecoder.h>

#include <string>

namespace accueil::scanner::detail {

struct KeyChar {
    std::string text;  ///< UTF-8, empty if the key types nothing
    bool dead = false; ///< a dead key: the accent waits for the next key
};

KeyChar LookupKey(WedgeLayout layout, int key, bool shift, bool altGr);
bool IsModifierKey(int key);

} // namespace accueil::scanner::detail
