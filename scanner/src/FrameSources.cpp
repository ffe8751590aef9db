// SPDX-License-Identifier: Apache-2.0
#include <accueil/scanner/FrameSource.h>

#include <poll.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

namespace accueil::scanner {

std::int64_t SteadyMicros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

namespace {

/// Paces frames at fps: waits (bounded by the caller's timeout) until the next one is due.
class Pacer {
public:
    explicit Pacer(double fps)
        : m_periodMicros(fps > 0 ? static_cast<std::int64_t>(1e6 / fps) : 0) {}
    /// True when a frame may be handed out now; otherwise waited timeoutMs and false.
    bool wait(int timeoutMs) {
        if (m_periodMicros == 0) {
            return true;
        }
        const std::int64_t now = SteadyMicros();
        if (m_due == 0) {
            m_due = now;
        }
        const std::int64_t waitMicros = m_due - now;
        if (waitMicros > static_cast<std::int64_t>(timeoutMs) * 1000) {
            ::poll(nullptr, 0, timeoutMs);
            return false;
        }
        if (waitMicros > 0) {
            ::poll(nullptr, 0, static_cast<int>((waitMicros + 999) / 1000));
        }
        // Stay on the fps grid, but do not burst to catch up after a long pause.
        m_due = std::max(m_due + m_periodMicros, SteadyMicros());
        return true;
    }

private:
    std::int64_t m_periodMicros;
    std::int64_t m_due = 0;
};

class ImageListSource final : public FrameSource {
public:
    ImageListSource(std::vector<GreyFrame> images, std::string description, double fps, bool loop)
        : m_images(std::move(images)), m_description(std::move(description)), m_pacer(fps),
          m_loop(loop) {}

    FrameResult next(int timeoutMs) override {
        FrameResult r;
        if (m_index >= m_images.size()) {
            if (!m_loop) {
                r.status = FrameStatus::End;
                return r;
            }
            m_index = 0;
        }
        if (!m_pacer.wait(timeoutMs)) {
            return r;
        }
        r.status = FrameStatus::Ready;
        r.frame.view = m_images[m_index++].view();
        r.frame.sequence = m_sequence++;
        r.frame.capturedMicros = SteadyMicros();
        return r;
    }

    std::string describe() const override { return m_description; }

private:
    std::vector<GreyFrame> m_images;
    std::string m_description;
    Pacer m_pacer;
    bool m_loop;
    std::size_t m_index = 0;
    std::uint64_t m_sequence = 0;
};

class SyntheticSource final : public FrameSource {
public:
    SyntheticSource(int width, int height, double fps,
                    std::function<void(GreyFrame&, std::uint64_t)> draw, std::uint64_t count)
        : m_pacer(fps), m_draw(std::move(draw)), m_count(count) {
        m_frame.width = std::max(1, width);
        m_frame.height = std::max(1, height);
        m_frame.pixels.assign(static_cast<std::size_t>(m_frame.width) * m_frame.height, 128);
    }

    FrameResult next(int timeoutMs) override {
        FrameResult r;
        if (m_count != 0 && m_sequence >= m_count) {
            r.status = FrameStatus::End;
            return r;
        }
        if (!m_pacer.wait(timeoutMs)) {
            return r;
        }
        if (m_draw) {
            m_draw(m_frame, m_sequence);
        }
        r.status = FrameStatus::Ready;
        r.frame.view = m_frame.view();
        r.frame.sequence = m_sequence++;
        r.frame.capturedMicros = SteadyMicros();
        return r;
    }

    std::string describe() const override {
        return "synthetic " + std::to_string(m_frame.width) + "x" + std::to_string(m_frame.height);
    }

private:
    GreyFrame m_frame;
    Pacer m_pacer;
    std::function<void(GreyFrame&, std::uint64_t)> m_draw;
    std::uint64_t m_count;
    std::uint64_t m_sequence = 0;
};

bool IsImageName(const std::filesystem::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp" || ext == ".pgm";
}

} // namespace

Result<std::unique_ptr<FrameSource>> OpenImageFiles(const std::vector<std::string>& paths) {
    if (paths.empty()) {
        return Error{ErrorKind::InvalidArgument, "no image files given"};
    }
    std::vector<GreyFrame> images;
    for (const std::string& path : paths) {
        auto image = LoadImageFile(path);
        if (!image) {
            return image.error();
        }
        images.push_back(std::move(*image));
    }
    return std::unique_ptr<FrameSource>(std::make_unique<ImageListSource>(
        std::move(images), std::to_string(paths.size()) + " image file(s)", 0.0, false));
}

Result<std::unique_ptr<FrameSource>> OpenImageDirectory(const std::string& dir, double fps,
                                                        bool loop) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        return Error{ErrorKind::NotFound, "no directory " + dir};
    }
    std::vector<fs::path> names;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (entry.is_regular_file() && IsImageName(entry.path())) {
            names.push_back(entry.path());
        }
    }
    std::sort(names.begin(), names.end());
    if (names.empty()) {
        return Error{ErrorKind::NotFound, "no images in " + dir};
    }
    std::vector<GreyFrame> images;
    for (const auto& name : names) {
        auto image = LoadImageFile(name.string());
        if (!image) {
            return Error{ErrorKind::BadData, image.error().message};
        }
        images.push_back(std::move(*image));
    }
    std::string description = "directory " + dir +
                              (fps > 0 ? " at " + std::to_string(fps) + " fps" : "") +
                              (loop ? ", looping" : "");
    return std::unique_ptr<FrameSource>(
        std::make_unique<ImageListSource>(std::move(images), std::move(description), fps, loop));
}

std::unique_ptr<FrameSource>
OpenSyntheticFrames(int width, int height, double fps,
                    std::function<void(GreyFrame&, std::uint64_t)> draw, std::uint64_t count) {
    return std::make_unique<SyntheticSource>(width, height, fps, std::move(draw), count);
}

} // namespace accueil::scanner
