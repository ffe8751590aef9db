// SPDX-License-Identifier: Apache-2.0
#include "ErrnoText.h"

#include <accueil/scanner/FrameSource.h>

#include <fcntl.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace accueil::scanner {

namespace {

int Xioctl(int fd, unsigned long request, void* arg) {
    int r = 0;
    do {
        r = ::ioctl(fd, request, arg);
    } while (r == -1 && errno == EINTR);
    return r;
}

/// One mmap'd driver buffer, unmapped on destruction.
class Mapping {
public:
    Mapping(void* start, std::size_t length) : m_start(start), m_length(length) {}
    Mapping(Mapping&& o) noexcept : m_start(o.m_start), m_length(o.m_length) {
        o.m_start = MAP_FAILED;
    }
    Mapping& operator=(Mapping&&) = delete;
    Mapping(const Mapping&) = delete;
    Mapping& operator=(const Mapping&) = delete;
    ~Mapping() {
        if (m_start != MAP_FAILED) {
            ::munmap(m_start, m_length);
        }
    }
    const std::uint8_t* data() const { return static_cast<const std::uint8_t*>(m_start); }

private:
    void* m_start;
    std::size_t m_length;
};

/// An open, streaming V4L2 device. Destruction stops streaming, unmaps, closes.
class Device {
public:
    static Result<std::unique_ptr<Device>> open(const CameraOptions& o) {
        auto dev = std::unique_ptr<Device>(new Device);
        dev->m_fd = ::open(o.device.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
        if (dev->m_fd < 0) {
            return Error{errno == ENOENT ? ErrorKind::NotFound : ErrorKind::Io,
                         "cannot open camera " + o.device + ": " + detail::ErrnoText(errno)};
        }
        v4l2_capability cap{};
        if (Xioctl(dev->m_fd, VIDIOC_QUERYCAP, &cap) != 0) {
            return Error{ErrorKind::Unsupported, o.device + " is not a V4L2 device"};
        }
        const std::uint32_t caps =
            (cap.capabilities & V4L2_CAP_DEVICE_CAPS) != 0 ? cap.device_caps : cap.capabilities;
        if ((caps & V4L2_CAP_VIDEO_CAPTURE) == 0 || (caps & V4L2_CAP_STREAMING) == 0) {
            return Error{ErrorKind::Unsupported, o.device + " cannot stream video capture"};
        }
        v4l2_format fmt{};
        fmt.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        fmt.fmt.pix.width = static_cast<std::uint32_t>(o.width);
        fmt.fmt.pix.height = static_cast<std::uint32_t>(o.height);
        fmt.fmt.pix.pixelformat =
            o.format == CameraFormat::Yuyv ? V4L2_PIX_FMT_YUYV : V4L2_PIX_FMT_MJPEG;
        fmt.fmt.pix.field = V4L2_FIELD_NONE;
        if (Xioctl(dev->m_fd, VIDIOC_S_FMT, &fmt) != 0 ||
            fmt.fmt.pix.pixelformat !=
                (o.format == CameraFormat::Yuyv ? V4L2_PIX_FMT_YUYV : V4L2_PIX_FMT_MJPEG)) {
            return Error{ErrorKind::Unsupported, o.device + " refuses the requested pixel format"};
        }
        dev->m_width = static_cast<int>(fmt.fmt.pix.width);
        dev->m_height = static_cast<int>(fmt.fmt.pix.height);
        dev->m_stride = static_cast<int>(fmt.fmt.pix.bytesperline);
        dev->m_format = o.format;

        v4l2_requestbuffers req{};
        req.count = 4;
        req.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        req.memory = V4L2_MEMORY_MMAP;
        if (Xioctl(dev->m_fd, VIDIOC_REQBUFS, &req) != 0 || req.count < 2) {
            return Error{ErrorKind::Io, o.device + ": cannot get capture buffers"};
        }
        for (std::uint32_t i = 0; i < req.count; ++i) {
            v4l2_buffer buf{};
            buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
            buf.memory = V4L2_MEMORY_MMAP;
            buf.index = i;
            if (Xioctl(dev->m_fd, VIDIOC_QUERYBUF, &buf) != 0) {
                return Error{ErrorKind::Io, o.device + ": cannot query buffer"};
            }
            void* start = ::mmap(nullptr, buf.length, PROT_READ | PROT_WRITE, MAP_SHARED, dev->m_fd,
                                 buf.m.offset);
            if (start == MAP_FAILED) {
                return Error{ErrorKind::Io, o.device + ": cannot map buffer"};
            }
            dev->m_buffers.emplace_back(start, buf.length);
            if (Xioctl(dev->m_fd, VIDIOC_QBUF, &buf) != 0) {
                return Error{ErrorKind::Io, o.device + ": cannot queue buffer"};
            }
        }
        v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        if (Xioctl(dev->m_fd, VIDIOC_STREAMON, &type) != 0) {
            return Error{ErrorKind::Io, o.device + ": cannot start streaming"};
        }
        dev->m_streaming = true;
        return dev;
    }

    Device(const Device&) = delete;
    Device& operator=(const Device&) = delete;
    ~Device() {
        if (m_streaming) {
            v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
            Xioctl(m_fd, VIDIOC_STREAMOFF, &type);
        }
        m_buffers.clear(); // unmap before closing
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }

    /// Gives back the buffer handed out last time, if any. False if the device is gone.
    bool requeueHeld() {
        if (m_held < 0) {
            return true;
        }
        v4l2_buffer buf{};
        buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        buf.memory = V4L2_MEMORY_MMAP;
        buf.index = static_cast<std::uint32_t>(m_held);
        m_held = -1;
        return Xioctl(m_fd, VIDIOC_QBUF, &buf) == 0;
    }

    /// Waits for frames and dequeues the newest, requeueing older ones. -1 on timeout,
    /// -2 if the device failed (unplugged).
    int dequeueNewest(int timeoutMs, std::uint32_t& bytesUsed) {
        pollfd pfd{m_fd, POLLIN, 0};
        const int ready = ::poll(&pfd, 1, timeoutMs);
        if (ready == 0) {
            return -1;
        }
        if (ready < 0 || (pfd.revents & (POLLERR | POLLHUP)) != 0) {
            return -2;
        }
        int newest = -1;
        for (;;) {
            v4l2_buffer buf{};
            buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
            buf.memory = V4L2_MEMORY_MMAP;
            if (Xioctl(m_fd, VIDIOC_DQBUF, &buf) != 0) {
                if (errno == EAGAIN) {
                    break;
                }
                return -2;
            }
            if (newest >= 0) {
                v4l2_buffer old{};
                old.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
                old.memory = V4L2_MEMORY_MMAP;
                old.index = static_cast<std::uint32_t>(newest);
                if (Xioctl(m_fd, VIDIOC_QBUF, &old) != 0) {
                    return -2;
                }
            }
            newest = static_cast<int>(buf.index);
            bytesUsed = buf.bytesused;
        }
        m_held = newest;
        return newest;
    }

    const std::uint8_t* bufferData(int index) const {
        return m_buffers[static_cast<std::size_t>(index)].data();
    }
    int width() const { return m_width; }
    int height() const { return m_height; }
    int stride() const { return m_stride; }
    CameraFormat format() const { return m_format; }

private:
    Device() = default;
    int m_fd = -1;
    bool m_streaming = false;
    int m_width = 0, m_height = 0, m_stride = 0;
    CameraFormat m_format = CameraFormat::Mjpeg;
    std::vector<Mapping> m_buffers;
    int m_held = -1;
};

class CameraSource final : public FrameSource {
public:
    CameraSource(CameraOptions options, std::unique_ptr<Device> device)
        : m_options(std::move(options)), m_device(std::move(device)) {}

    FrameResult next(int timeoutMs) override {
        FrameResult r;
        if (!m_device) {
            // Unplugged: retry now and then, waiting out the rest of the timeout.
            const std::int64_t now = SteadyMicros();
            if (now - m_lastAttempt >=
                static_cast<std::int64_t>(m_options.reopenIntervalMs) * 1000) {
                m_lastAttempt = now;
                auto device = Device::open(m_options);
                if (device) {
                    m_device = std::move(*device);
                } else {
                    m_lastError = device.error();
                }
            }
            if (!m_device) {
                ::poll(nullptr, 0, timeoutMs);
                r.status = FrameStatus::Failed;
                r.error = m_lastError;
                return r;
            }
        }
        std::uint32_t bytesUsed = 0;
        const int index =
            m_device->requeueHeld() ? m_device->dequeueNewest(timeoutMs, bytesUsed) : -2;
        if (index == -1) {
            return r;
        }
        if (index < 0) {
            m_device.reset();
            m_lastAttempt = SteadyMicros();
            m_lastError =
                Error{ErrorKind::Io, "camera " + m_options.device + " stopped (unplugged?)"};
            r.status = FrameStatus::Failed;
            r.error = m_lastError;
            return r;
        }
        if (m_device->format() == CameraFormat::Yuyv) {
            r.frame.view = FrameView(m_device->bufferData(index), m_device->width(),
                                     m_device->height(), PixelFormat::YUYV, m_device->stride());
        } else {
            const Result<void> decoded =
                DecodeMjpegToGrey(m_device->bufferData(index), bytesUsed, m_grey);
            m_device->requeueHeld();
            if (!decoded) {
                r.status = FrameStatus::Waiting; // a torn MJPEG frame: skip it
                return r;
            }
            r.frame.view = m_grey.view();
        }
        r.status = FrameStatus::Ready;
        r.frame.sequence = m_sequence++;
        r.frame.capturedMicros = SteadyMicros();
        return r;
    }

    std::string describe() const override {
        return "camera " + m_options.device + " " + std::to_string(m_options.width) + "x" +
               std::to_string(m_options.height) +
               (m_options.format == CameraFormat::Yuyv ? " YUYV" : " MJPEG");
    }

private:
    CameraOptions m_options;
    std::unique_ptr<Device> m_device;
    GreyFrame m_grey;
    Error m_lastError;
    std::int64_t m_lastAttempt = 0;
    std::uint64_t m_sequence = 0;
};

} // namespace

Result<std::unique_ptr<FrameSource>> OpenCamera(const CameraOptions& options) {
    auto device = Device::open(options);
    if (!device) {
        return device.error();
    }
    return std::unique_ptr<FrameSource>(
        std::make_unique<CameraSource>(options, std::move(*device)));
}

} // namespace accueil::scanner
