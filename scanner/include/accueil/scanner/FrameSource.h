// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/scanner/Error.h>
#include <accueil/scanner/FrameView.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace accueil::scanner {

/// A frame handed out by a source. The view stays valid until the next call to next() on
/// the same source (or its destruction).
struct Frame {
    FrameView view;
    std::uint64_t sequence = 0;      ///< counts frames handed out, from 0
    std::int64_t capturedMicros = 0; ///< steady-clock time the frame was captured or loaded
};

/// What next() produced.
enum class FrameStatus {
    Ready,   ///< frame holds a new frame
    Waiting, ///< no frame within the timeout; try again
    End,     ///< the source is exhausted (files played once)
    Failed,  ///< error says why (e.g. camera unplugged); a later call may recover
};

struct FrameResult {
    FrameStatus status = FrameStatus::Waiting;
    Frame frame;
    Error error;
};

/// Where frames come from: a camera, image files, a synthetic generator. One consumer
/// thread calls next(); implementations are not thread-safe otherwise.
class FrameSource {
public:
    FrameSource() = default;
    FrameSource(const FrameSource&) = delete;
    FrameSource& operator=(const FrameSource&) = delete;
    FrameSource(FrameSource&&) = delete;
    FrameSource& operator=(FrameSource&&) = delete;
    virtual ~FrameSource() = default;
    /// Waits up to timeoutMs for the next frame. Never throws.
    virtual FrameResult next(int timeoutMs) = 0;
    /// A short description for logs ("directory /x at 5 fps").
    virtual std::string describe() const = 0;
};

/// Monotonic microseconds (std::chrono::steady_clock), the time base of frames and scans.
std::int64_t SteadyMicros();

/// Plays image files (any format LoadImageFile reads) in the given order, each once.
/// Files are loaded at creation. Errors: those of LoadImageFile, or InvalidArgument for an
/// empty list. Any thread.
Result<std::unique_ptr<FrameSource>> OpenImageFiles(const std::vector<std::string>& paths);

/// Plays the images of a directory (*.png, *.jpg, *.jpeg, *.bmp, *.pgm, by name) at fps
/// (0 = as fast as asked), once or in a loop. Errors: NotFound (no such directory or no
/// image in it), BadData (an image that does not load). Any thread.
Result<std::unique_ptr<FrameSource>> OpenImageDirectory(const std::string& dir, double fps,
                                                        bool loop);

/// Generates width x height grey frames by calling draw(frame, sequence) for each, at fps
/// (0 = as fast as asked), forever or for count frames (0 = forever). Any thread.
std::unique_ptr<FrameSource>
OpenSyntheticFrames(int width, int height, double fps,
                    std::function<void(GreyFrame&, std::uint64_t)> draw, std::uint64_t count = 0);

/// Pixel formats a V4L2 camera may be asked for.
enum class CameraFormat { Yuyv, Mjpeg };

struct CameraOptions {
    std::string device = "/dev/video0";
    int width = 1280;
    int height = 720;
    CameraFormat format = CameraFormat::Mjpeg; ///< over USB 2, 720p at 30 fps needs MJPEG
    int reopenIntervalMs = 1000;               ///< after an unplug, how often to retry
};

/// Opens a V4L2 camera with mmap streaming. YUYV frames are handed out in place (Y
/// samples), MJPEG frames decoded to grey; when frames queue up the newest wins. An unplugged
/// camera makes next() fail, and it is reopened when it comes back. Errors: NotFound (no
/// such device), Unsupported (not a streaming capture device, format refused), Io. Any
/// thread; the source itself is used from one thread.
Result<std::unique_ptr<FrameSource>> OpenCamera(const CameraOptions& options);

} // namespace accueil::scanner
