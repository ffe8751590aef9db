// SPDX-License-Identifier: Apache-2.0
#include "BenchRecorder.h"

#include <imgui.h>
#include <sys/resource.h>

#include <algorithm>
#include <fstream>

namespace accueil::kiosk::app {

void BenchRecorder::frameDrawn(std::int64_t micros) {
    if (enabled()) {
        m_frameMicros.push_back(micros);
    }
}

void BenchRecorder::answerShown(std::int64_t scanMicros, std::int64_t decidedMicros,
                                std::int64_t shownMicros) {
    if (!enabled()) {
        return;
    }
    // Every answer's time, for a driver in another process that knows when it sent the scan.
    m_shownAt.push_back(shownMicros);
    // An answer with no scan time (e.g. a staff action) says nothing about scan latency.
    if (scanMicros > 0) {
        m_latencies.push_back(shownMicros - scanMicros);
        m_storeLatencies.push_back(decidedMicros - scanMicros);
    }
}

void BenchRecorder::scanDecoded(std::int64_t capturedMicros, std::int64_t decodedMicros) {
    if (enabled() && capturedMicros > 0 && decodedMicros >= capturedMicros) {
        m_decodeLatencies.push_back(decodedMicros - capturedMicros);
    }
}

void BenchRecorder::fontsBuilt(double listMillis, double buildMillis, int glyphs) {
    if (enabled()) {
        m_fontBuilds.push_back({listMillis, buildMillis, glyphs});
    }
}

void BenchRecorder::write(std::int64_t nowMicros) const {
    if (!enabled()) {
        return;
    }
    std::ofstream out(m_path);
    for (std::int64_t micros : m_latencies) {
        out << "latency_us " << micros << '\n';
    }
    for (std::int64_t micros : m_storeLatencies) {
        out << "store_us " << micros << '\n';
    }
    for (std::int64_t micros : m_decodeLatencies) {
        out << "decode_us " << micros << '\n';
    }
    for (std::int64_t micros : m_shownAt) {
        out << "shown_at_us " << micros << '\n';
    }
    if (!m_frameMicros.empty()) {
        std::vector<std::int64_t> frames = m_frameMicros;
        std::sort(frames.begin(), frames.end());
        out << "frames " << frames.size() << '\n'
            << "frame_p50_us " << frames[frames.size() / 2] << '\n'
            << "frame_max_us " << frames.back() << '\n';
    }
    const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    out << "font_atlas " << atlas.TexWidth << 'x' << atlas.TexHeight << '\n';
    for (const FontBuild& build : m_fontBuilds) {
        out << "font_list_ms " << build.listMillis << '\n'
            << "font_build_ms " << build.buildMillis << '\n'
            << "font_glyphs " << build.glyphs << '\n';
    }
    // The whole process: the UI thread, the store thread, the camera's decoder.
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    out << "cpu_user_s " << seconds(usage.ru_utime) << '\n'
        << "cpu_sys_s " << seconds(usage.ru_stime) << '\n'
        << "max_rss_kb " << usage.ru_maxrss << '\n'
        << "wall_s " << static_cast<double>(nowMicros - m_started) / 1e6 << '\n';
}

} // namespace accueil::kiosk::app
