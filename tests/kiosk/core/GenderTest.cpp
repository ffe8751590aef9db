// SPDX-License-Identifier: Apache-2.0
#include <accueil/core/Registrant.h>

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

using namespace accueil::core;

namespace {

using Table = std::vector<std::pair<std::string, std::string>>;

void ExpectGenders(const Table& table) {
    for (const auto& [text, gender] : table) {
        EXPECT_EQ(NormalizeGender(text), gender) << text;
    }
}

} // namespace

TEST(Gender, English) {
    ExpectGenders({{"Female", "female"},
                   {"F", "female"},
                   {"woman", "female"},
                   {"W", "female"},
                   {"MALE", "male"},
                   {"m", "male"},
                   {"Man", "male"},
                   {"Other", "other"},
                   {"x", "other"},
                   {"Non-binary", "other"},
                   {"non binary", "other"},
                   {"", "undisclosed"},
                   {"  ", "undisclosed"},
                   {"Prefer not to say", "undisclosed"},
                   {"prefer_not_to_say", "undisclosed"},
                   {"N/A", "undisclosed"},
                   {"Unknown", "undisclosed"}});
}

TEST(Gender, French) {
    ExpectGenders({{"Femme", "female"},
                   {"FÉMININ", "female"},
                   {"feminin", "female"},
                   {"Homme", "male"},
                   {"Masculin", "male"},
                   {"H", "male"},
                   {"h", "male"},
                   {"Autre", "other"},
                   {"Non binaire", "other"},
                   {"Je préfère ne pas répondre", "undisclosed"},
                   {"Non précisé", "undisclosed"}});
}

TEST(Gender, Spanish) {
    ExpectGenders({{"Mujer", "female"},
                   {"Femenino", "female"},
                   {"Hombre", "male"},
                   {"MASCULINO", "male"},
                   {"Otro", "other"},
                   {"otra", "other"},
                   {"Prefiero no decirlo", "undisclosed"},
                   {"No especificado", "undisclosed"}});
}

TEST(Gender, Russian) {
    ExpectGenders({{"Женщина", "female"},
                   {"женщина", "female"},
                   {"ЖЕНСКИЙ", "female"},
                   {"Ж", "female"},
                   {"ж", "female"},
                   {"Мужчина", "male"},
                   {"мужской", "male"},
                   {"М", "male"},
                   {"Другой", "other"},
                   {"Предпочитаю не указывать", "undisclosed"}});
}

TEST(Gender, Chinese) {
    ExpectGenders({{"女", "female"},
                   {"女性", "female"},
                   {"男", "male"},
                   {"男性", "male"},
                   {"其他", "other"},
                   {"不愿透露", "undisclosed"},
                   {" 保密 ", "undisclosed"}});
}

TEST(Gender, Arabic) {
    ExpectGenders({{"أنثى", "female"},
                   {"انثى", "female"},
                   {"امرأة", "female"},
                   {"ذكر", "male"},
                   {"رجل", "male"},
                   {"آخر", "other"},
                   {"أفضل عدم الإفصاح", "undisclosed"}});
}

TEST(Gender, SingleLettersKeepTheirMeaning) {
    // F and H agree across English, French and Spanish; M stays male (a Spanish "M" for mujer
    // is mapped in [import.values.gender]); the Cyrillic Ж and М are letters of their own.
    ExpectGenders({{"F", "female"},
                   {"H", "male"},
                   {"M", "male"},
                   {"X", "other"},
                   {"D", "other"},
                   {"U", "undisclosed"},
                   {"Ж", "female"},
                   {"М", "male"}});
}

TEST(Gender, UnknownWordsAreNotGuessed) {
    for (const char* text : {"q", "femmes", "Frau", "mujeres", "Ms", "女士", "🙂"}) {
        EXPECT_EQ(NormalizeGender(text), "") << text;
    }
}
