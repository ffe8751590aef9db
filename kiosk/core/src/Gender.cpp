// SPDX-License-Identifier: Apache-2.0
// The gender column's words, in the six official languages of the United Nations: registration
// forms at an intergovernmental meeting come in any of them.

#include <accueil/core/Registrant.h>
#include <accueil/core/Text.h>

#include <array>
#include <string>
#include <unordered_map>

namespace accueil::core {

namespace {

struct Synonym {
    std::string_view text;
    std::string_view gender;
};

// Written as people type them; GenderKey folds them. Single letters: F, W (German "weiblich"),
// Ж are female; M, H (French "homme", Spanish "hombre"), М are male; X and D (German "divers")
// are other; U is undisclosed. A Spanish form that codes women "M" (mujer) needs
// "M" = "female" in [import.values.gender]: M is read as male, as in English and French.
// clang-format off
constexpr auto kSynonyms = std::to_array<Synonym>({
    // English
    {"female", "female"}, {"f", "female"}, {"woman", "female"}, {"w", "female"},
    {"male", "male"}, {"m", "male"}, {"man", "male"},
    {"other", "other"}, {"x", "other"}, {"non-binary", "other"}, {"diverse", "other"},
    {"d", "other"},
    {"", "undisclosed"}, {"u", "undisclosed"}, {"undisclosed", "undisclosed"},
    {"unknown", "undisclosed"}, {"n/a", "undisclosed"}, {"prefer not to say", "undisclosed"},
    {"prefer not to answer", "undisclosed"}, {"not stated", "undisclosed"},
    // French
    {"femme", "female"}, {"féminin", "female"}, {"feminin", "female"},
    {"homme", "male"}, {"masculin", "male"}, {"h", "male"},
    {"autre", "other"}, {"non binaire", "other"},
    {"je préfère ne pas répondre", "undisclosed"}, {"préfère ne pas répondre", "undisclosed"},
    {"préfère ne pas le dire", "undisclosed"}, {"non précisé", "undisclosed"},
    {"non communiqué", "undisclosed"},
    // Spanish
    {"mujer", "female"}, {"femenino", "female"},
    {"hombre", "male"}, {"masculino", "male"},
    {"otro", "other"}, {"otra", "other"}, {"no binario", "other"},
    {"prefiero no decirlo", "undisclosed"}, {"prefiero no responder", "undisclosed"},
    {"prefiero no contestar", "undisclosed"}, {"no especificado", "undisclosed"},
    // Russian
    {"женщина", "female"}, {"женский", "female"}, {"жен", "female"}, {"ж", "female"},
    {"мужчина", "male"}, {"мужской", "male"}, {"муж", "male"}, {"м", "male"},
    {"другой", "other"}, {"другое", "other"},
    {"предпочитаю не указывать", "undisclosed"}, {"предпочитаю не отвечать", "undisclosed"},
    {"не указано", "undisclosed"}, {"не указан", "undisclosed"},
    // Chinese (simplified and traditional where they differ)
    {"女", "female"}, {"女性", "female"},
    {"男", "male"}, {"男性", "male"},
    {"其他", "other"}, {"其它", "other"},
    {"不愿透露", "undisclosed"}, {"不願透露", "undisclosed"}, {"保密", "undisclosed"},
    // Arabic (with and without the hamza people often leave out)
    {"أنثى", "female"}, {"انثى", "female"}, {"امرأة", "female"}, {"إمرأة", "female"},
    {"ذكر", "male"}, {"رجل", "male"},
    {"آخر", "other"}, {"اخر", "other"}, {"أخرى", "other"},
    {"أفضل عدم الإفصاح", "undisclosed"}, {"أفضل عدم الإجابة", "undisclosed"},
    {"غير محدد", "undisclosed"},
});
// clang-format on

// Case folded, without the spaces, hyphens and underscores people put in or leave out
// ("Non-binary", "non binary", "PreferNotToSay").
std::string GenderKey(std::string_view text) {
    std::string key = FoldCase(TrimAscii(text));
    std::erase_if(key, [](char c) { return c == ' ' || c == '-' || c == '_'; });
    return key;
}

const std::unordered_map<std::string, std::string_view>& SynonymTable() {
    static const std::unordered_map<std::string, std::string_view> table = [] {
        std::unordered_map<std::string, std::string_view> byKey;
        for (const Synonym& s : kSynonyms) {
            byKey.emplace(GenderKey(s.text), s.gender);
        }
        return byKey;
    }();
    return table;
}

} // namespace

std::string NormalizeGender(std::string_view text) {
    const auto& table = SynonymTable();
    const auto it = table.find(GenderKey(text));
    return it == table.end() ? std::string() : std::string(it->second);
}

} // namespace accueil::core
