// SPDX-License-Identifier: Apache-2.0
#include <accueil/core/ImportSettings.h>

namespace accueil::core {

std::string ImportSettings::header(const std::string& field) const {
    const auto it = columns.find(field);
    return it == columns.end() ? field : it->second;
}

} // namespace accueil::core
