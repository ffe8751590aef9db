// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

namespace accueil::kiosk::app {

/// A name as its script writes it: Chinese and Japanese names written in Han or Kana put the
/// family name first with no space ("王美玲"); others the given name, a space, the family name
/// ("Amina Diallo"). Either part may be empty. Pure; any thread.
std::string NameAsWritten(const std::string& givenName, const std::string& familyName);

} // namespace accueil::kiosk::app
