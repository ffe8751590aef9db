// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/core/Registrant.h>

#include <cstdint>
#include <string>
#include <vector>

namespace accueil::core {

/// Realistic made-up registrants for demos, tests and benchmarks: names in many languages and
/// scripts (Latin with diacritics, Greek, Cyrillic, Arabic, Chinese), real States and
/// organisations as delegations with the matching participant category, mixed genders, about
/// 3 % cancelled and about 15 % registered for only some of `days`. The same seed gives the
/// same list. IDs are "REG-000001" and up.
std::vector<Registrant> GenerateDemoRegistrants(int count, const std::vector<std::string>& days,
                                                std::uint64_t seed = 2025);

/// Writes registrants as CSV in the default column order (RFC 4180 quoting).
std::string ToCsv(const std::vector<Registrant>& registrants);

} // namespace accueil::core
