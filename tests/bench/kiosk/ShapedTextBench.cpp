// SPDX-License-Identifier: Apache-2.0
// What a line the kiosk sets with Pango costs (kiosk/app/ShapedText.h): a Devanagari name at the
// outcome screen's name size and at the panel's body size, and a Latin line for comparison.
// Each is set once and then found in ShapedLines, so this is the cost of the first frame that
// shows it. `./run.sh bench`, or build/tests/bench/kiosk/accueil_bench_shaped_text.

#include "ShapedText.h"

#include <benchmark/benchmark.h>

#include <string>

namespace {

using accueil::kiosk::app::RenderShapedLine;

void BM_SetLine(benchmark::State& state, const std::string& text, float height, bool bold) {
    for ([[maybe_unused]] auto _ : state) {
        auto image = RenderShapedLine(text, height, bold);
        if (!image) {
            state.SkipWithError(image.error().message.c_str());
            return;
        }
        benchmark::DoNotOptimize(image->rgba.data());
    }
}

BENCHMARK_CAPTURE(BM_SetLine, DevanagariName76pxBold, std::string("किशोर कुमार श्रीवास्तव"), 76.0f,
                  true)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SetLine, DevanagariName34px, std::string("किशोर कुमार श्रीवास्तव"), 34.0f, false)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SetLine, ThaiName76pxBold, std::string("สมชาย ใจดี"), 76.0f, true)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SetLine, LatinName76pxBold, std::string("María Fernández-Villaverde"), 76.0f,
                  true)
    ->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
