// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Catalog.h"

#include <accueil/core/Result.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace accueil::kiosk::app {

/// A sentence to show, kept as its catalog key and values so that it is put into words in the
/// language of the screen when drawn (staff may switch language while it is shown).
struct CatalogText {
    std::string key; ///< empty: nothing to show
    std::vector<std::pair<std::string, std::string>> values;
    std::optional<long long> count; ///< set for a counted sentence (its `{count}`)

    bool empty() const { return key.empty(); }
};

/// The catalog sentence for an error from the core. The core words its errors in English for
/// the log; staff see them in their language. A message this function does not know becomes
/// a general one of its kind (the English stays in the log). Pure; any thread.
CatalogText MessageForError(const core::Error& error);

/// `text` in `language` (else English), its values filled in; "" when empty. Pure.
std::string Translate(const Catalog& catalog, std::string_view language, const CatalogText& text);

} // namespace accueil::kiosk::app
