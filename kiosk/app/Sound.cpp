// SPDX-License-Identifier: Apache-2.0
#include "Sound.h"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#ifdef ACCUEIL_HAVE_ALSA
#include <alsa/asoundlib.h>
#endif

namespace accueil::kiosk::app {

namespace {

struct Note {
    double hertz = 0; ///< 0 = silence
    int millis = 0;
};

std::vector<Note> NotesFor(SoundCue cue) {
    switch (cue) {
    case SoundCue::Go:
        return {{660, 110}, {880, 170}};
    case SoundCue::Attention:
        return {{587, 160}, {0, 80}, {587, 160}};
    case SoundCue::Stop:
        return {{392, 220}, {0, 40}, {262, 380}};
    case SoundCue::Retry:
        return {{523, 110}};
    case SoundCue::StaffNote:
        return {{1047, 90}, {0, 30}, {880, 120}};
    }
    return {};
}

// The staff cue is meant for the desk, not the queue: at half the others' level.
double LevelOf(SoundCue cue) {
    return cue == SoundCue::StaffNote ? 0.5 : 1.0;
}

class SilentPlayer final : public SoundPlayer {
public:
    void play(SoundCue /*cue*/) override {}
};

#ifdef ACCUEIL_HAVE_ALSA
// NOLINTNEXTLINE(cert-dcl50-cpp): ALSA's snd_lib_error_handler_t is a C variadic type
void QuietAlsa(const char* /*file*/, int /*line*/, const char* /*function*/, int /*err*/,
               const char* /*fmt*/, ...) {}

// One thread owns the PCM device; play() only hands it the newest request.
class AlsaPlayer final : public SoundPlayer {
public:
    explicit AlsaPlayer(snd_pcm_t* pcm) : m_pcm(pcm), m_thread([this] { run(); }) {}
    AlsaPlayer(const AlsaPlayer&) = delete;
    AlsaPlayer& operator=(const AlsaPlayer&) = delete;
    ~AlsaPlayer() override {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_one();
        m_thread.join();
        snd_pcm_close(m_pcm);
    }
    void play(SoundCue cue) override {
        {
            std::lock_guard lock(m_mutex);
            m_next = cue;
        }
        m_wake.notify_one();
    }

private:
    // Waits for the next request and takes it; nothing when the player is stopping.
    std::optional<SoundCue> nextRequest() {
        std::unique_lock lock(m_mutex);
        m_wake.wait(lock, [this] { return m_stopping || m_next.has_value(); });
        if (m_stopping) {
            return std::nullopt;
        }
        return std::exchange(m_next, std::nullopt);
    }

    void run() {
        while (const std::optional<SoundCue> cue = nextRequest()) {
            const std::vector<std::int16_t> samples = SynthesiseSound(*cue);
            snd_pcm_prepare(m_pcm);
            snd_pcm_sframes_t written = snd_pcm_writei(m_pcm, samples.data(), samples.size());
            if (written < 0) {
                snd_pcm_recover(m_pcm, static_cast<int>(written), 1);
            }
            snd_pcm_drain(m_pcm);
        }
    }

    snd_pcm_t* m_pcm;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::optional<SoundCue> m_next;
    bool m_stopping = false;
    std::thread m_thread;
};
#endif

} // namespace

SoundCue CueFor(OutcomeClass cls, bool staffNote) {
    if (staffNote) {
        return SoundCue::StaffNote;
    }
    switch (cls) {
    case OutcomeClass::Go:
        return SoundCue::Go;
    case OutcomeClass::Attention:
        return SoundCue::Attention;
    case OutcomeClass::Stop:
        return SoundCue::Stop;
    case OutcomeClass::Retry:
        return SoundCue::Retry;
    }
    return SoundCue::Stop;
}

std::vector<std::int16_t> SynthesiseSound(SoundCue cue) {
    constexpr double kPi = 3.14159265358979323846;
    const double amplitude = 0.35 * 32767.0 * LevelOf(cue);
    constexpr int kFade = kSoundRate / 200; // 5 ms
    std::vector<std::int16_t> samples;
    for (const Note& note : NotesFor(cue)) {
        const int count = kSoundRate * note.millis / 1000;
        for (int i = 0; i < count; ++i) {
            double value = 0.0;
            if (note.hertz > 0) {
                const double edge = std::min({1.0, static_cast<double>(i) / kFade,
                                              static_cast<double>(count - 1 - i) / kFade});
                value = amplitude * edge * std::sin(2 * kPi * note.hertz * i / kSoundRate);
            }
            samples.push_back(static_cast<std::int16_t>(std::lround(value)));
        }
    }
    return samples;
}

std::unique_ptr<SoundPlayer> MakeSoundPlayer() {
#ifdef ACCUEIL_HAVE_ALSA
    snd_lib_error_set_handler(QuietAlsa); // no card is normal (Xvfb, CI): say nothing
    snd_pcm_t* pcm = nullptr;
    if (snd_pcm_open(&pcm, "default", SND_PCM_STREAM_PLAYBACK, 0) == 0) {
        if (snd_pcm_set_params(pcm, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED, 1,
                               kSoundRate, 1, 100'000) == 0) {
            return std::make_unique<AlsaPlayer>(pcm);
        }
        snd_pcm_close(pcm);
    }
#endif
    return std::make_unique<SilentPlayer>();
}

} // namespace accueil::kiosk::app
