// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/scanner/BadgeClaim.h>
#include <accueil/scanner/BadgeReader.h>
#include <accueil/scanner/Decoder.h>
#include <accueil/scanner/FrameSource.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace accueil::scanner {

/// Tells a new scan from the same code seen again: a text seen within windowMicros of the
/// last time it was seen is the same scan, so a badge held in front of the camera counts
/// once. Pure (the caller passes the time); not thread-safe.
class ScanDebouncer {
public:
    explicit ScanDebouncer(std::int64_t windowMicros = 3'000'000) : m_window(windowMicros) {}
    /// True if text at nowMicros is a new scan. Either way it counts as seen at nowMicros.
    bool accept(const std::string& text, std::int64_t nowMicros);

private:
    std::int64_t m_window;
    std::map<std::string, std::int64_t> m_lastSeen;
};

/// Where a scan came from.
enum class ScanOrigin { Camera, KeyboardWedge, Serial, Evdev };

/// One scan: what was read, what it claims, and when.
struct ScanEvent {
    BadgeClaim claim;
    std::string text; ///< the raw decoded text
    /// Typed with caps lock on (a wedge scanner read from its evdev node): what a scanner
    /// that follows caps lock meant; empty otherwise. The store tries it when text names
    /// nobody.
    std::string capsText;
    ScanOrigin origin = ScanOrigin::Camera;
    std::uint64_t frameSequence = 0;
    /// When it was read (steady clock): the frame's capture, a scanner's last key.
    std::int64_t capturedMicros = 0;
    std::int64_t decodedMicros = 0; ///< when decoding finished (the worker's clock)
    double decodeMs = 0;            ///< time spent decoding that frame
};

struct ScanWorkerOptions {
    DecodeOptions decode;
    /// A code seen again within this of its last sighting is the same scan (a badge held in
    /// view is decoded many times a second). The kiosk sets it from the event's
    /// debounce_seconds, the window its store applies to recorded scans.
    std::int64_t debounceMicros = 3'000'000;
    /// The clock for debouncing and event times; steady clock if empty. Injected by tests.
    /// Must be thread-safe if submitText() is used.
    std::function<std::int64_t()> clock;
    /// Called for each scan instead of queueing it (optional), on the thread that produced
    /// it: the worker thread for camera scans, the caller of submitText() otherwise. Without
    /// it scans wait in a queue for drain(), at most kMaxQueuedScans (the oldest go first).
    std::function<void(const ScanEvent&)> onScan;
    /// Camera preview for the screen: every previewIntervalMicros the newest frame, in grey and
    /// at most previewWidth pixels wide, is kept for takePreview(). 0 = no preview.
    int previewWidth = 0;
    std::int64_t previewIntervalMicros = 66'000;
    /// Called on the worker thread when a new preview is ready (e.g. to wake the UI).
    std::function<void()> onPreview;
};

/// How many scans the queue keeps for drain() when no onScan takes them.
inline constexpr std::size_t kMaxQueuedScans = 64;

/// Runs decoding on its own thread at the source's pace and hands each scan to onScan, or
/// else to a bounded thread-safe queue; the caller (the UI thread) is never blocked by a slow
/// frame. start() and stop() from the owning thread; the rest from any thread.
class ScanWorker {
public:
    ScanWorker(std::unique_ptr<FrameSource> source, BadgeReader reader,
               ScanWorkerOptions options = {});
    ScanWorker(const ScanWorker&) = delete;
    ScanWorker& operator=(const ScanWorker&) = delete;
    ~ScanWorker(); ///< stops and joins

    /// Starts the thread; does nothing if already running or without a source.
    void start();
    /// Asks the thread to stop and joins it (within about one frame timeout, 100 ms).
    void stop();

    /// Reads a payload that came another way (a keyboard-wedge burst, a serial line) through
    /// the same reader, debounce and queue as camera scans, so the UI has one stream. False
    /// if it was the same scan as one within the debounce window. Any thread; never blocks
    /// on decoding. capsText: a keyboard scan typed with caps lock on also carries the text
    /// it meant if the scanner follows caps lock (WedgePayload::capsText), carried along.
    /// lastKeyMicros: when its last key (the terminator) arrived, on the steady clock (an evdev
    /// node's kernel stamp), which becomes the scan's capturedMicros; 0 = now.
    bool submitText(const std::string& text, ScanOrigin origin,
                    const std::string& capsText = std::string(), std::int64_t lastKeyMicros = 0);

    /// Takes the scans queued so far (none with onScan), oldest first. Never blocks on
    /// decoding.
    std::vector<ScanEvent> drain();
    /// How many scans wait in the queue.
    std::size_t queued() const;
    /// Waits until at least count scans have been delivered since start (queued or handed to
    /// onScan), the source ended, or timeoutMs passed. True if count were delivered.
    bool waitForEvents(std::size_t count, int timeoutMs);

    /// The newest preview frame since the last call, if any (see previewWidth). Any thread.
    std::optional<GreyFrame> takePreview();
    bool finished() const; ///< the source ended (files played once)
    std::uint64_t framesDecoded() const;
    std::string lastError() const; ///< the source's last failure, empty if none

private:
    void run();
    /// Debounces, reads and queues one text; the caller holds no lock.
    bool post(const std::string& text, ScanOrigin origin, std::int64_t capturedMicros,
              const Frame* frame, double decodeMs, const std::string& capsText = std::string());
    /// Keeps a small grey copy of the frame for the screen, at most every previewIntervalMicros.
    void keepPreview(const Frame& frame);

    std::unique_ptr<FrameSource> m_source;
    BadgeReader m_reader;
    ScanWorkerOptions m_options;
    std::mutex m_debounceMutex; // the worker and submitText() share the debouncer
    ScanDebouncer m_debouncer;

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<ScanEvent> m_queue;
    std::size_t m_delivered = 0;
    bool m_stopRequested = false;
    bool m_finished = false;
    std::uint64_t m_frames = 0;
    std::string m_lastError;
    std::optional<GreyFrame> m_preview;   // guarded by m_mutex
    std::int64_t m_lastPreviewMicros = 0; // worker thread only
    std::thread m_thread;
};

} // namespace accueil::scanner
