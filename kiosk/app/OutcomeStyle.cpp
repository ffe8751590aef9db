// SPDX-License-Identifier: Apache-2.0
#include "OutcomeStyle.h"

#include <algorithm>
#include <cmath>

namespace accueil::kiosk::app {

namespace {

constexpr Rgb kWhite{255, 255, 255};
constexpr Rgb kBlack{0, 0, 0};
// Deep enough that white text on them reaches 7:1; amber carries black text instead.
constexpr Rgb kGreen{0, 92, 38};
constexpr Rgb kTeal{0, 84, 96};
constexpr Rgb kAmber{255, 183, 3};
constexpr Rgb kRed{150, 0, 18};
constexpr Rgb kBlue{28, 48, 120};
// Neither welcome nor refusal: a delegate on the way out.
constexpr Rgb kSlate{55, 65, 81};

double Linear(std::uint8_t channel) {
    const double c = channel / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double Luminance(Rgb c) {
    return 0.2126 * Linear(c.r) + 0.7152 * Linear(c.g) + 0.0722 * Linear(c.b);
}

} // namespace

OutcomeStyle StyleFor(Outcome outcome, bool warn) {
    switch (outcome) {
    case Outcome::Admitted:
        return {OutcomeClass::Go, kGreen, kWhite, Icon::Check, "admitted", false};
    case Outcome::WelcomeBack:
        if (warn) {
            return {OutcomeClass::Attention, kAmber, kBlack, Icon::CheckTwice,
                    "welcome_back_warn",     false};
        }
        return {OutcomeClass::Go, kTeal, kWhite, Icon::CheckTwice, "welcome_back", false};
    case Outcome::NotValidToday:
        return {OutcomeClass::Attention, kAmber, kBlack, Icon::Clock, "not_valid_today", true};
    case Outcome::SeeDesk:
        return {OutcomeClass::Attention, kAmber, kBlack, Icon::Exclamation, "see_desk", true};
    case Outcome::Replaced:
        return {OutcomeClass::Attention, kAmber, kBlack, Icon::Exclamation, "replaced", true};
    case Outcome::Cancelled:
        return {OutcomeClass::Stop, kRed, kWhite, Icon::Cross, "cancelled", true};
    case Outcome::NotRecognised:
        return {OutcomeClass::Stop, kRed, kWhite, Icon::Question, "not_recognised", true};
    case Outcome::Denied:
        return {OutcomeClass::Stop, kRed, kWhite, Icon::Stop, "denied", true};
    case Outcome::Unreadable:
        return {OutcomeClass::Retry, kBlue, kWhite, Icon::Retry, "unreadable", false};
    case Outcome::Goodbye:
        return {OutcomeClass::Go, kSlate, kWhite, Icon::Exit, "goodbye", false};
    case Outcome::RoomFull:
        return {OutcomeClass::Stop, kRed, kWhite, Icon::Stop, "room_full", true};
    }
    return {OutcomeClass::Stop, kRed, kWhite, Icon::Cross, "not_recognised", true};
}

double ContrastRatio(Rgb a, Rgb b) {
    const double la = Luminance(a);
    const double lb = Luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

int DisplayMillis(OutcomeClass cls) {
    // Refusals stay longer: the delegate has to read what to do next.
    switch (cls) {
    case OutcomeClass::Go:
    case OutcomeClass::Retry:
        return 3000;
    case OutcomeClass::Attention:
    case OutcomeClass::Stop:
        return 6000;
    }
    return 4000;
}

} // namespace accueil::kiosk::app
