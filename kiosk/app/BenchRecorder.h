// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace accueil::kiosk::app {

/// The benchmark's figures (--bench-out FILE): scan-to-screen and scan-to-commit latencies,
/// frame times, then at exit CPU time, peak memory and the font atlas size. Does nothing when
/// made without a file. Main thread.
class BenchRecorder {
public:
    BenchRecorder() = default;
    /// Records for `path` (empty: records nothing); `startedMicros` on the steady clock.
    BenchRecorder(std::string path, std::int64_t startedMicros)
        : m_path(std::move(path)), m_started(startedMicros) {}

    bool enabled() const { return !m_path.empty(); }
    /// A frame took `micros` of CPU-side time (drawing to the end of the swap).
    void frameDrawn(std::int64_t micros);
    /// An answer reached the screen at `shownMicros` for a scan read at `scanMicros` and
    /// committed at `decidedMicros` (steady clock). Ignored when the scan time is unknown (0).
    void answerShown(std::int64_t scanMicros, std::int64_t decidedMicros, std::int64_t shownMicros);
    /// A scanner's payload read at `capturedMicros` (a frame's capture, a last key's kernel
    /// stamp) was decoded and verified at `decodedMicros`, off the UI thread.
    void scanDecoded(std::int64_t capturedMicros, std::int64_t decodedMicros);
    /// A font atlas was made: the list's characters read in `listMillis`, the atlas built in
    /// `buildMillis` with `glyphs` glyphs over every size.
    void fontsBuilt(double listMillis, double buildMillis, int glyphs);
    /// Writes the file, one `name value` a line, at `nowMicros`. Needs the ImGui context (for
    /// the font atlas). A file that cannot be written is skipped: the benchmark script notices.
    void write(std::int64_t nowMicros) const;

private:
    std::string m_path;
    std::int64_t m_started = 0;
    std::vector<std::int64_t> m_latencies;       ///< scan to the end of the answer's swap
    std::vector<std::int64_t> m_storeLatencies;  ///< scan to commit, the store's share
    std::vector<std::int64_t> m_shownAt;         ///< when each answer was on screen
    std::vector<std::int64_t> m_decodeLatencies; ///< read to decoded, on the scanner side
    std::vector<std::int64_t> m_frameMicros;     ///< CPU-side time of each frame
    struct FontBuild {
        double listMillis;
        double buildMillis;
        int glyphs;
    };
    std::vector<FontBuild> m_fontBuilds; ///< each atlas made
};

} // namespace accueil::kiosk::app
