// SPDX-License-Identifier: Apache-2.0
// Plays a keyboard-wedge scanner for the kiosk's tests and benchmarks: each badge read from
// standard input (one a line) is typed key by key at a scanner's pace, then Enter, either
//  - x:     as real X key events (XTEST, through libxdo) into the window that has the focus, or
//  - evdev: as the records a USB scanner's evdev node gives, written to FIFO (the kiosk reads
//           it with --evdev-replay), each stamped on the monotonic clock as it is written.
// For each badge it prints `sent_us T`: the monotonic time (µs, the kiosk's steady clock) just
// after its Enter went out, so a benchmark can time the answer on screen from there.
//
//   accueil_scan_driver x DELAY_MS GAP_MS < badges
//   accueil_scan_driver evdev FIFO DELAY_MS GAP_MS < badges
//
// DELAY_MS between keys; GAP_MS from one badge's Enter to the next badge's first key.

#include "EvdevRecording.h"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

extern "C" {
#include <xdo.h>
}

namespace {

using accueil::scanner::test::Recording;

std::int64_t MonotonicMicros() {
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t{ts.tv_sec} * 1'000'000 + ts.tv_nsec / 1000;
}

// Sleeps until the monotonic clock reads `micros` (at once if it has passed).
void SleepUntil(std::int64_t micros) {
    const timespec at{static_cast<time_t>(micros / 1'000'000),
                      static_cast<long>((micros % 1'000'000) * 1000)};
    while (::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, nullptr) == EINTR) {
    }
}

// The whole of `text` as a non-negative number; nothing if it is not one.
std::optional<int> ParseNumber(std::string_view text) {
    int value = 0;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc() || stop != end || value < 0) {
        return std::nullopt;
    }
    return value;
}

std::int64_t EventMicros(const input_event& e) {
    return std::int64_t{e.input_event_sec} * 1'000'000 + e.input_event_usec;
}

// Writes a badge's records to fd as their times come, those of one instant in one write (a
// pipe takes up to PIPE_BUF bytes whole). True once all are written.
bool WriteAsTheyCome(int fd, const std::vector<input_event>& events) {
    std::size_t i = 0;
    while (i < events.size()) {
        std::size_t end = i;
        while (end < events.size() && EventMicros(events[end]) == EventMicros(events[i])) {
            ++end;
        }
        SleepUntil(EventMicros(events[i]));
        const std::size_t bytes = (end - i) * sizeof(input_event);
        if (::write(fd, &events[i], bytes) != static_cast<ssize_t>(bytes)) {
            return false;
        }
        i = end;
    }
    return true;
}

int Usage() {
    std::cerr << "usage: accueil_scan_driver x DELAY_MS GAP_MS < badges\n"
                 "       accueil_scan_driver evdev FIFO DELAY_MS GAP_MS < badges\n";
    return 2;
}

int TypeX(int delayMs, int gapMs) {
    xdo_t* xdo = xdo_new(nullptr);
    if (xdo == nullptr) {
        std::cerr << "accueil_scan_driver: cannot open the X display\n";
        return 1;
    }
    std::string badge;
    std::int64_t next = MonotonicMicros();
    while (std::getline(std::cin, badge)) {
        SleepUntil(next);
        const auto delay = static_cast<useconds_t>(delayMs) * 1000;
        if (xdo_enter_text_window(xdo, CURRENTWINDOW, badge.c_str(), delay) != 0 ||
            xdo_send_keysequence_window(xdo, CURRENTWINDOW, "Return", 0) != 0) {
            std::cerr << "accueil_scan_driver: typing failed\n";
            xdo_free(xdo);
            return 1;
        }
        XSync(xdo->xdpy, False); // the server has every key: from here the kiosk's turn
        const std::int64_t sent = MonotonicMicros();
        std::cout << "sent_us " << sent << std::endl;
        next = sent + std::int64_t{gapMs} * 1000;
    }
    xdo_free(xdo);
    return 0;
}

int TypeEvdev(const char* fifo, int delayMs, int gapMs) {
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-vararg): open(2) is variadic
    const int fd = ::open(fifo, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        const int error = errno;
        // NOLINTNEXTLINE(concurrency-mt-unsafe): the driver has one thread
        std::cerr << "accueil_scan_driver: " << fifo << ": " << std::strerror(error) << '\n';
        return 1;
    }
    std::string badge;
    std::int64_t next = MonotonicMicros();
    while (std::getline(std::cin, badge)) {
        SleepUntil(next);
        Recording rec(MonotonicMicros(), std::int64_t{delayMs} * 1000);
        rec.type(badge);
        rec.press(KEY_ENTER);
        if (!WriteAsTheyCome(fd, rec.events())) {
            std::cerr << "accueil_scan_driver: writing to " << fifo << " failed\n";
            ::close(fd);
            return 1;
        }
        const std::int64_t sent = MonotonicMicros();
        std::cout << "sent_us " << sent << std::endl;
        next = sent + std::int64_t{gapMs} * 1000;
    }
    ::close(fd);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    // A scanner is hardware: its keys come on time however busy the computer is. Where the
    // system allows it (root, CAP_SYS_NICE) the driver runs real-time so that busy loops
    // cannot delay its keys; elsewhere at normal priority, which a heavily loaded machine can
    // starve for longer than a burst's pause (300 ms).
    sched_param realtime{};
    realtime.sched_priority = 10;
    (void)::sched_setscheduler(0, SCHED_FIFO, &realtime);
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.size() == 3 && args[0] == "x") {
        const auto delay = ParseNumber(args[1]);
        const auto gap = ParseNumber(args[2]);
        return delay && gap ? TypeX(*delay, *gap) : Usage();
    }
    if (args.size() == 4 && args[0] == "evdev") {
        const auto delay = ParseNumber(args[2]);
        const auto gap = ParseNumber(args[3]);
        return delay && gap ? TypeEvdev(argv[2], *delay, *gap) : Usage();
    }
    return Usage();
}
