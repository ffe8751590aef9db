// SPDX-License-Identifier: Apache-2.0
#pragma once

// Captures what the process logs (spdlog's default logger, debug lines too) while it lives, and
// waits for a line to appear: the central logs a request on its own thread after answering, so a
// test cannot assume the line is there when the answer is.

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace accueil::sync::test {

class LogCapture {
public:
    LogCapture() : m_sink(std::make_shared<Sink>()), m_previous(spdlog::default_logger()) {
        auto logger = std::make_shared<spdlog::logger>("capture", m_sink);
        logger->set_level(spdlog::level::debug);
        // spdlog::info() and the like read the default logger as a raw pointer: a server thread
        // may still be inside this one when the capture ends and puts the previous one back.
        // It is kept, with its sink, to the end of the process rather than freed under it.
        static std::mutex keptMutex;
        static std::vector<std::shared_ptr<spdlog::logger>> kept;
        {
            const std::lock_guard lock(keptMutex);
            kept.push_back(logger);
        }
        spdlog::set_default_logger(std::move(logger));
    }
    ~LogCapture() { spdlog::set_default_logger(m_previous); }
    LogCapture(const LogCapture&) = delete;
    LogCapture& operator=(const LogCapture&) = delete;

    /// True once a logged line contains `needle`; false if none has within `limit`.
    bool waitFor(const std::string& needle,
                 std::chrono::milliseconds limit = std::chrono::seconds(10)) {
        std::unique_lock lock(m_sink->textMutex);
        return m_sink->changed.wait_for(
            lock, limit, [&] { return m_sink->text.find(needle) != std::string::npos; });
    }
    /// Everything logged so far.
    std::string text() const {
        const std::lock_guard lock(m_sink->textMutex);
        return m_sink->text;
    }

private:
    struct Sink : spdlog::sinks::base_sink<std::mutex> {
        std::mutex textMutex;
        std::condition_variable changed;
        std::string text;

    protected:
        void sink_it_(const spdlog::details::log_msg& msg) override {
            spdlog::memory_buf_t line;
            formatter_->format(msg, line);
            {
                const std::lock_guard lock(textMutex);
                text.append(line.data(), line.size());
            }
            changed.notify_all();
        }
        void flush_() override {}
    };
    std::shared_ptr<Sink> m_sink;
    std::shared_ptr<spdlog::logger> m_previous;
};

} // namespace accueil::sync::test
