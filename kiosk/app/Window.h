// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CoreTypes.h"

#include <accueil/core/Result.h>
#include <accueil/scanner/FrameView.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

struct GLFWwindow;
struct ImFontAtlas;

namespace accueil::kiosk::app {

/// How the kiosk window is opened.
struct WindowOptions {
    int width = 0; ///< 0 with height 0: full screen on `monitor`
    int height = 0;
    int monitor = 0; ///< index in GLFW's monitor list
    bool vsync = true;
};

/// Key presses as the window saw them (GLFW key codes and modifier bits, caps lock included),
/// handed over as the window receives them. Returns whether the key may change what is on
/// screen: false (a wedge scanner's key on a delegate screen) draws no frame for it.
using KeyHandler = std::function<bool(int key, int mods, bool repeat)>;

/// The GLFW window, its OpenGL 3 context and the ImGui context with its GLFW/OpenGL3
/// backends: created together, destroyed together (RAII). Main thread only.
class Window {
public:
    /// Errors: Config with a message saying how to get a display when there is none.
    static Result<Window> Open(const WindowOptions& options, KeyHandler onKey);

    Window(Window&& other) noexcept;
    Window& operator=(Window&&) = delete;
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;
    ~Window();

    /// Sleeps until input, a posted wake-up or `timeoutSeconds` (negative: wait forever,
    /// zero: just poll). Main thread, while a window is open.
    static void WaitEvents(double timeoutSeconds);
    /// Wakes WaitEvents from another thread. Any thread.
    static void Wake();
    /// Starts an ImGui frame. Main thread, while a window is open.
    static void BeginFrame();
    void endFrame(); ///< renders ImGui's draw data (no swap)
    void swap();
    /// Reads the framebuffer just rendered (RGB, top row first).
    std::vector<std::uint8_t> readPixels(int& width, int& height) const;
    /// Makes `atlas` (built, its pixels still there) ImGui's: uploads it as a one-channel
    /// texture (a quarter of ImGui's RGBA one), frees its CPU copy of the pixels, and drops the
    /// atlas and texture it replaces. Between frames only: the fonts of the last frame go.
    void installFonts(std::unique_ptr<ImFontAtlas> atlas);
    /// Shows the window, made hidden (a full-screen one shows at once). Main thread.
    void show();
    /// Uploads a grey camera frame into the preview texture (made on first use) and returns
    /// its ImGui texture id. Main thread.
    std::uintptr_t uploadPreview(const scanner::GreyFrame& frame);
    /// A texture of `width` × `height` RGBA pixels (shaped text lines); the GL context current.
    static std::uintptr_t uploadRgba(int width, int height, const unsigned char* rgba);
    static void releaseTexture(std::uintptr_t texture);
    void showCursor(bool show);
    /// The framebuffer's width and height in pixels.
    std::pair<int, int> framebufferSize() const;
    /// The monitor's content scale as the desktop sets it (1 at 96 dpi, 2 on a HiDPI panel):
    /// the larger of its two axes.
    float contentScale() const;
    bool anyInputSinceLastCall(); ///< a key, mouse or resize event arrived
    GLFWwindow* handle() const { return m_window; }

private:
    explicit Window(GLFWwindow* window);
    GLFWwindow* m_window = nullptr;
    unsigned int m_fontTexture = 0;
    ImFontAtlas* m_contextAtlas = nullptr; ///< the context's own, given back before it goes
    std::unique_ptr<ImFontAtlas> m_atlas;  ///< the kiosk's, in io.Fonts while installed
    unsigned int m_previewTexture = 0;
    bool m_cursorShown = true;
};

/// Writes RGB pixels as a PNG, scaled by `scale` (0.5 halves each side, box-filtered).
/// Errors: Storage when the file cannot be written.
Result<void> WriteScreenshot(const std::string& path, const std::vector<std::uint8_t>& rgb,
                             int width, int height, int halvings = 0);

} // namespace accueil::kiosk::app
