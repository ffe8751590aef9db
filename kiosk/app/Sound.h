// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "OutcomeStyle.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace accueil::kiosk::app {

/// What the kiosk plays: an outcome class's sound, or, for an entry with an attention note,
/// the staff cue in place of the welcome's.
enum class SoundCue { Go, Attention, Stop, Retry, StaffNote };

/// The cue of an answer: its class's, or StaffNote for an entry that carries a note. Pure.
SoundCue CueFor(OutcomeClass cls, bool staffNote);

/// Plays the outcome sounds. The kiosk never waits for it: play() queues and returns.
class SoundPlayer {
public:
    virtual ~SoundPlayer() = default;
    /// Plays a cue, cutting off one still playing. Main thread.
    virtual void play(SoundCue cue) = 0;
};

/// The machine's audio (ALSA "default" device) on a thread of its own when the kiosk was
/// built with ALSA and a device opens; otherwise a player that stays silent. Main thread.
std::unique_ptr<SoundPlayer> MakeSoundPlayer();

/// Sample rate of the synthesised sounds.
inline constexpr int kSoundRate = 44100;

/// The sound of a cue as 16-bit mono samples: rising for Go, two equal notes for Attention,
/// falling and low for Stop, one short note for Retry, a short soft high pair falling a third
/// for StaffNote (heard at the desk, not a refusal); soft edges, no clicks. Pure.
std::vector<std::int16_t> SynthesiseSound(SoundCue cue);

} // namespace accueil::kiosk::app
