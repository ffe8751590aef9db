// SPDX-License-Identifier: Apache-2.0
#include <accueil/scanner/ScanWorker.h>

#include <algorithm>
#include <chrono>

namespace accueil::scanner {

namespace {
constexpr int kFrameTimeoutMs = 100; // bounds how long stop() waits for the thread
}

bool ScanDebouncer::accept(const std::string& text, std::int64_t nowMicros) {
    // Forget codes not seen for a while so the map stays small on a busy day.
    if (m_lastSeen.size() > 256) {
        for (auto it = m_lastSeen.begin(); it != m_lastSeen.end();) {
            it = nowMicros - it->second > m_window ? m_lastSeen.erase(it) : std::next(it);
        }
    }
    const auto [it, inserted] = m_lastSeen.try_emplace(text, nowMicros);
    if (inserted) {
        return true;
    }
    const bool isNew = nowMicros - it->second > m_window;
    it->second = nowMicros;
    return isNew;
}

ScanWorker::ScanWorker(std::unique_ptr<FrameSource> source, BadgeReader reader,
                       ScanWorkerOptions options)
    : m_source(std::move(source)), m_reader(std::move(reader)), m_options(std::move(options)),
      m_debouncer(m_options.debounceMicros) {
    if (!m_options.clock) {
        m_options.clock = SteadyMicros;
    }
}

ScanWorker::~ScanWorker() {
    stop();
}

void ScanWorker::start() {
    if (m_thread.joinable() || !m_source) {
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        m_stopRequested = false;
    }
    m_thread = std::thread([this] { run(); });
}

void ScanWorker::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopRequested = true;
    }
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

std::vector<ScanEvent> ScanWorker::drain() {
    std::lock_guard lock(m_mutex);
    std::vector<ScanEvent> events(std::make_move_iterator(m_queue.begin()),
                                  std::make_move_iterator(m_queue.end()));
    m_queue.clear();
    return events;
}

bool ScanWorker::waitForEvents(std::size_t count, int timeoutMs) {
    std::unique_lock lock(m_mutex);
    m_changed.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                       [&] { return m_delivered >= count || m_finished; });
    return m_delivered >= count;
}

std::size_t ScanWorker::queued() const {
    std::lock_guard lock(m_mutex);
    return m_queue.size();
}

bool ScanWorker::finished() const {
    std::lock_guard lock(m_mutex);
    return m_finished;
}

std::uint64_t ScanWorker::framesDecoded() const {
    std::lock_guard lock(m_mutex);
    return m_frames;
}

std::string ScanWorker::lastError() const {
    std::lock_guard lock(m_mutex);
    return m_lastError;
}

void ScanWorker::run() {
    for (;;) {
        {
            std::lock_guard lock(m_mutex);
            if (m_stopRequested) {
                return;
            }
        }
        FrameResult r = m_source->next(kFrameTimeoutMs);
        if (r.status == FrameStatus::End) {
            std::lock_guard lock(m_mutex);
            m_finished = true;
            m_changed.notify_all();
            return;
        }
        if (r.status == FrameStatus::Failed) {
            std::lock_guard lock(m_mutex);
            m_lastError = r.error.message;
            continue;
        }
        if (r.status != FrameStatus::Ready) {
            continue;
        }
        const auto t0 = std::chrono::steady_clock::now();
        // Half size on most frames, full size every few: a badge held still is read whenever
        // plain ZXing would read one frame of it, at a fraction of the cost per frame.
        const std::vector<DecodedCode> codes =
            Decode(r.frame.view, m_options.decode, LiveEffort(r.frame.sequence, m_options.decode));
        const double decodeMs =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count();
        for (const DecodedCode& code : codes) {
            post(code.text, ScanOrigin::Camera, r.frame.capturedMicros, &r.frame, decodeMs);
        }
        keepPreview(r.frame);
        std::lock_guard lock(m_mutex);
        ++m_frames;
        m_lastError.clear();
    }
}

void ScanWorker::keepPreview(const Frame& frame) {
    if (m_options.previewWidth <= 0 || frame.view.width() <= 0 ||
        frame.capturedMicros - m_lastPreviewMicros < m_options.previewIntervalMicros) {
        return;
    }
    m_lastPreviewMicros = frame.capturedMicros;
    // Grey, then nearest-neighbour sampling: a preview needs no more.
    const GreyFrame full = ToGrey(frame.view);
    const int step =
        std::max(1, (full.width + m_options.previewWidth - 1) / m_options.previewWidth);
    GreyFrame grey;
    grey.width = full.width / step;
    grey.height = full.height / step;
    grey.pixels.resize(static_cast<std::size_t>(grey.width) *
                       static_cast<std::size_t>(grey.height));
    for (int y = 0; y < grey.height; ++y) {
        for (int x = 0; x < grey.width; ++x) {
            grey.at(x, y) = full.at(x * step, y * step);
        }
    }
    {
        std::lock_guard lock(m_mutex);
        m_preview = std::move(grey);
    }
    if (m_options.onPreview) {
        m_options.onPreview();
    }
}

std::optional<GreyFrame> ScanWorker::takePreview() {
    std::lock_guard lock(m_mutex);
    std::optional<GreyFrame> out = std::move(m_preview);
    m_preview.reset();
    return out;
}

bool ScanWorker::submitText(const std::string& text, ScanOrigin origin, const std::string& capsText,
                            std::int64_t lastKeyMicros) {
    return post(text, origin, lastKeyMicros, nullptr, 0.0, capsText);
}

bool ScanWorker::post(const std::string& text, ScanOrigin origin, std::int64_t capturedMicros,
                      const Frame* frame, double decodeMs, const std::string& capsText) {
    const std::int64_t now = m_options.clock();
    {
        std::lock_guard lock(m_debounceMutex);
        if (!m_debouncer.accept(text, now)) {
            return false;
        }
    }
    ScanEvent event;
    event.claim = m_reader.read(text);
    event.text = text;
    event.capsText = capsText;
    event.origin = origin;
    event.frameSequence = frame != nullptr ? frame->sequence : 0;
    event.capturedMicros = capturedMicros > 0 ? capturedMicros : now;
    event.decodedMicros = now;
    event.decodeMs = decodeMs;
    // One way out: a queue beside the callback would fill for the life of the process.
    if (m_options.onScan) {
        m_options.onScan(event);
    }
    std::lock_guard lock(m_mutex);
    if (!m_options.onScan) {
        if (m_queue.size() >= kMaxQueuedScans) {
            m_queue.pop_front(); // nobody is reading: the newest scans matter most
        }
        m_queue.push_back(std::move(event));
    }
    ++m_delivered;
    m_changed.notify_all();
    return true;
}

} // namespace accueil::scanner
