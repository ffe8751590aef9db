// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace accueil::core {

/// Source values mapped to ours ([import.values.status], …). A value is found trimmed and with
/// its case folded (FoldCase, Text.h), so "Completed", " completed" and "COMPLETED" are one.
class ValueMap {
public:
    /// Maps `from` to `to`, replacing what `from` (folded) mapped to before.
    void set(std::string_view from, std::string to);

    /// What `text` maps to, if it is listed.
    std::optional<std::string> find(std::string_view text) const;

    bool empty() const { return m_byKey.empty(); }

    /// The key `text` is listed under: trimmed, case folded.
    static std::string key(std::string_view text);

private:
    std::map<std::string, std::string> m_byKey;
};

/// How a registration list is read: the [import] table, the same in kiosk.toml and
/// central.toml (read by LoadKioskConfig and LoadImportSettings, Config.h). A profile fills
/// in the columns and values of a platform's export; the file's own entries add to them or
/// replace them.
struct ImportSettings {
    std::string profile; ///< "" or a known export layout (ImportProfileNames)
    char delimiter = 0;  ///< ',', ';' or '\t'; 0 = found from the header line

    /// Header text for each field ([import.columns]); a field not listed is read from the
    /// column named after it.
    std::map<std::string, std::string> columns;

    ValueMap status;   ///< [import.values.status]: source value -> "active" | "cancelled"
    ValueMap gender;   ///< [import.values.gender]: -> "female" | "male" | "other" | "undisclosed"
    ValueMap category; ///< [import.values.category]: source value -> the category recorded

    /// The header text that holds `field`.
    std::string header(const std::string& field) const;
};

/// Every field a registration list may carry, the keys of [import.columns]: the default
/// columns (DefaultRegistrantColumns, RegistrantImport.h), then ticket, language, hold_note,
/// attention, photo.
const std::vector<std::string>& RegistrantFields();

/// The settings a profile starts from: its columns and values. Nullopt for an unknown name.
/// Pure; any thread.
std::optional<ImportSettings> ImportProfile(std::string_view name);

/// The known profiles' names, for error messages and docs: "indico".
std::vector<std::string> ImportProfileNames();

} // namespace accueil::core
