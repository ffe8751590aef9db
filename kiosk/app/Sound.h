// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "OutcomeStyle.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace accueil::kiosk::app {

/// Plays the outcome sounds. The kiosk never waits for it: play() queues and returns.
class SoundPlayer {
public:
    virtual ~SoundPlayer() = default;
    /// Plays the sound of an outcome class, cutting off one still playing. Main thread.
    virtual void play(OutcomeClass cls) = 0;
};

/// The machine's audio (ALSA "default" device) on a thread of its own when the kiosk was
/// built with ALSA and a device opens; otherwise a player that stays silent. Main thread.
std::unique_ptr<SoundPlayer> MakeSoundPlayer();

/// Sample rate of the synthesised sounds.
inline constexpr int kSoundRate = 44100;

/// The sound of an outcome class as 16-bit mono samples: rising for Go, two equal notes for
/// Attention, falling and low for Stop, one short note for Retry; soft edges, no clicks. Pure.
std::vector<std::int16_t> SynthesiseSound(OutcomeClass cls);

} // namespace accueil::kiosk::app
