// SPDX-License-Identifier: Apache-2.0
#include "Window.h"

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GL/glext.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image_write.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstdlib>

namespace accueil::kiosk::app {

namespace {

// A new 2D texture, bound, sampled with `filter`, its rows read byte-aligned: ready for
// glTexImage2D.
GLuint NewTexture(GLint filter) {
    GLuint texture = 0;
    glGenTextures(1, &texture);
    glBindTexture(GL_TEXTURE_2D, texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    return texture;
}

struct WindowData {
    KeyHandler onKey;
    std::atomic<bool> input{false};
    bool keyShows = true; // the last key press may change the screen (its release, its text)
};

WindowData& Data(GLFWwindow* window) {
    return *static_cast<WindowData*>(glfwGetWindowUserPointer(window));
}

void OnKey(GLFWwindow* window, int key, int /*scancode*/, int action, int mods) {
    WindowData& data = Data(window);
    if (action == GLFW_PRESS || action == GLFW_REPEAT) {
        data.keyShows = data.onKey(key, mods, action == GLFW_REPEAT);
    }
    // A scanner types a hundred keys a second: drawing for each would delay the keys behind.
    if (data.keyShows) {
        data.input = true;
    }
}

void OnChar(GLFWwindow* window) {
    if (Data(window).keyShows) {
        Data(window).input = true;
    }
}

void OnAnyInput(GLFWwindow* window) {
    Data(window).input = true;
}

// Whether the environment variable `name` is set and not empty. Start-up only.
bool EnvironmentHas(const char* name) {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): read at start-up, before the kiosk starts threads
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0';
}

} // namespace

Result<Window> Window::Open(const WindowOptions& options, KeyHandler onKey) {
    if (!EnvironmentHas("DISPLAY") && !EnvironmentHas("WAYLAND_DISPLAY")) {
        return MakeError(ErrorKind::Config,
                         "no display (DISPLAY is not set). Run it on the kiosk's screen, or "
                         "without one under Xvfb: xvfb-run -a -s \"-screen 0 1920x1080x24\" "
                         "accueil-kiosk ...");
    }
    if (glfwInit() == GLFW_FALSE) {
        return MakeError(ErrorKind::Config,
                         "cannot open the display; without one use xvfb-run -a -s \"-screen 0 "
                         "1920x1080x24\" accueil-kiosk ...");
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
    // A window shows once its fonts are built (show()): keys typed into a window that shows
    // nothing yet would wait behind the build, and reach the wedge decoder in bursts.
    glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    GLFWwindow* window = nullptr;
    if (options.width > 0 && options.height > 0) {
        window = glfwCreateWindow(options.width, options.height, "Accueil", nullptr, nullptr);
    } else {
        int count = 0;
        GLFWmonitor** monitors = glfwGetMonitors(&count);
        if (count == 0) {
            glfwTerminate();
            return MakeError(ErrorKind::Config, "no monitor found");
        }
        // A monitor that is not there (unplugged, or a wrong --monitor) falls back to the first.
        const bool present = options.monitor >= 0 && options.monitor < count;
        GLFWmonitor* monitor = monitors[present ? options.monitor : 0];
        const GLFWvidmode* mode = glfwGetVideoMode(monitor);
        window = glfwCreateWindow(mode->width, mode->height, "Accueil", monitor, nullptr);
    }
    if (window == nullptr) {
        glfwTerminate();
        return MakeError(ErrorKind::Config, "cannot create an OpenGL 3 window");
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(options.vsync ? 1 : 0);
    auto* data = new WindowData{std::move(onKey), {}, true};
    glfwSetWindowUserPointer(window, data);
    // Our callbacks go in first; ImGui's backend chains to them.
    glfwSetKeyCallback(window, OnKey);
    glfwSetMouseButtonCallback(window, [](GLFWwindow* w, int, int, int) { OnAnyInput(w); });
    glfwSetCursorPosCallback(window, [](GLFWwindow* w, double, double) { OnAnyInput(w); });
    glfwSetScrollCallback(window, [](GLFWwindow* w, double, double) { OnAnyInput(w); });
    glfwSetCharCallback(window, [](GLFWwindow* w, unsigned int) { OnChar(w); });
    // Caps lock comes with each key: a wedge scanner's text depends on it.
    glfwSetInputMode(window, GLFW_LOCK_KEY_MODS, GLFW_TRUE);
    glfwSetWindowSizeCallback(window, [](GLFWwindow* w, int, int) { OnAnyInput(w); });
    // Closing the window (window manager, Alt-F4) does nothing: leaving needs the staff PIN.
    glfwSetWindowCloseCallback(window,
                               [](GLFWwindow* w) { glfwSetWindowShouldClose(w, GLFW_FALSE); });

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // no imgui.ini on a kiosk
    io.LogFilename = nullptr;
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 130");
    return Window(window);
}

Window::Window(GLFWwindow* window) : m_window(window) {}

Window::Window(Window&& other) noexcept
    : m_window(other.m_window), m_fontTexture(other.m_fontTexture),
      m_contextAtlas(other.m_contextAtlas), m_atlas(std::move(other.m_atlas)),
      m_previewTexture(other.m_previewTexture), m_cursorShown(other.m_cursorShown) {
    other.m_window = nullptr;
    other.m_fontTexture = 0;
    other.m_previewTexture = 0;
}

void Window::installFonts(std::unique_ptr<ImFontAtlas> atlas) {
    ImGuiIO& io = ImGui::GetIO();
    if (m_contextAtlas == nullptr) {
        // The backend builds an RGBA copy of whatever atlas it finds when it makes its
        // shaders. Let it do that with a throwaway atlas holding only ImGui's small default
        // font, once.
        m_contextAtlas = io.Fonts;
        ImFontAtlas throwaway;
        io.Fonts = &throwaway;
        ImGui_ImplOpenGL3_CreateDeviceObjects();
        io.Fonts = m_contextAtlas;
    }
    unsigned char* pixels = nullptr;
    int width = 0;
    int height = 0;
    atlas->GetTexDataAsAlpha8(&pixels, &width, &height);
    const GLuint texture = NewTexture(GL_LINEAR);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
    // The shader multiplies the vertex colour by the texel: white with the glyph's coverage.
    const std::array<GLint, 4> swizzle = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
    glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle.data());
    // NOLINTNEXTLINE(performance-no-int-to-ptr): ImGui's texture id holds the GL texture name
    atlas->SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture)));
    atlas->ClearTexData();
    if (m_fontTexture != 0) {
        glDeleteTextures(1, &m_fontTexture);
    }
    m_fontTexture = texture;
    io.Fonts = atlas.get();
    m_atlas = std::move(atlas); // the one it replaces goes: no frame is using its fonts
}

void Window::show() {
    glfwShowWindow(m_window);
}

std::uintptr_t Window::uploadPreview(const scanner::GreyFrame& frame) {
    if (m_previewTexture == 0) {
        m_previewTexture = NewTexture(GL_LINEAR);
        // Grey: the one channel in red, green and blue, opaque.
        const std::array<GLint, 4> swizzle = {GL_RED, GL_RED, GL_RED, GL_ONE};
        glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle.data());
    }
    glBindTexture(GL_TEXTURE_2D, m_previewTexture);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, frame.width, frame.height, 0, GL_RED, GL_UNSIGNED_BYTE,
                 frame.pixels.data());
    return m_previewTexture;
}

std::uintptr_t Window::uploadRgba(int width, int height, const unsigned char* rgba) {
    // Drawn at its own size, pixel for pixel: the letters stay as Pango made them.
    const GLuint texture = NewTexture(GL_NEAREST);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    return texture;
}

void Window::releaseTexture(std::uintptr_t texture) {
    const auto name = static_cast<GLuint>(texture);
    glDeleteTextures(1, &name);
}

Window::~Window() {
    if (m_window == nullptr) {
        return;
    }
    if (m_fontTexture != 0) {
        glDeleteTextures(1, &m_fontTexture);
    }
    if (m_previewTexture != 0) {
        glDeleteTextures(1, &m_previewTexture);
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    if (m_contextAtlas != nullptr) {
        ImGui::GetIO().Fonts = m_contextAtlas; // the context deletes its own, never ours
    }
    ImGui::DestroyContext();
    m_atlas.reset();
    delete static_cast<WindowData*>(glfwGetWindowUserPointer(m_window));
    glfwDestroyWindow(m_window);
    glfwTerminate();
}

void Window::WaitEvents(double timeoutSeconds) {
    if (timeoutSeconds == 0.0) {
        glfwPollEvents();
    } else if (timeoutSeconds < 0.0) {
        glfwWaitEvents();
    } else {
        glfwWaitEventsTimeout(timeoutSeconds);
    }
}

void Window::Wake() {
    glfwPostEmptyEvent();
}

void Window::BeginFrame() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
}

void Window::endFrame() {
    ImGui::Render();
    int w = 0;
    int h = 0;
    glfwGetFramebufferSize(m_window, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0, 0, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Window::swap() {
    glfwSwapBuffers(m_window);
}

std::vector<std::uint8_t> Window::readPixels(int& width, int& height) const {
    glfwGetFramebufferSize(m_window, &width, &height);
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(width) * height * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    // OpenGL's first row is the bottom one.
    const std::size_t row = static_cast<std::size_t>(width) * 3;
    std::vector<std::uint8_t> flipped(pixels.size());
    for (int y = 0; y < height; ++y) {
        std::copy_n(pixels.begin() + static_cast<std::ptrdiff_t>(row * (height - 1 - y)), row,
                    flipped.begin() + static_cast<std::ptrdiff_t>(row * y));
    }
    return flipped;
}

std::pair<int, int> Window::framebufferSize() const {
    int w = 0;
    int h = 0;
    glfwGetFramebufferSize(m_window, &w, &h);
    return {w, h};
}

float Window::contentScale() const {
    float x = 1.0f;
    float y = 1.0f;
    glfwGetWindowContentScale(m_window, &x, &y);
    return std::max(x, y);
}

void Window::showCursor(bool show) {
    if (show != m_cursorShown) {
        glfwSetInputMode(m_window, GLFW_CURSOR, show ? GLFW_CURSOR_NORMAL : GLFW_CURSOR_HIDDEN);
        m_cursorShown = show;
    }
}

bool Window::anyInputSinceLastCall() {
    return Data(m_window).input.exchange(false);
}

Result<void> WriteScreenshot(const std::string& path, const std::vector<std::uint8_t>& rgb,
                             int width, int height, int halvings) {
    std::vector<std::uint8_t> pixels = rgb;
    for (int i = 0; i < halvings; ++i) {
        const int w2 = width / 2;
        const int h2 = height / 2;
        std::vector<std::uint8_t> half(static_cast<std::size_t>(w2) * h2 * 3);
        for (int y = 0; y < h2; ++y) {
            for (int x = 0; x < w2; ++x) {
                for (int c = 0; c < 3; ++c) {
                    auto at = [&](int xx, int yy) {
                        return pixels[(static_cast<std::size_t>(yy) * width + xx) * 3 + c];
                    };
                    const int sum = at(2 * x, 2 * y) + at(2 * x + 1, 2 * y) + at(2 * x, 2 * y + 1) +
                                    at(2 * x + 1, 2 * y + 1);
                    half[(static_cast<std::size_t>(y) * w2 + x) * 3 + c] =
                        static_cast<std::uint8_t>((sum + 2) / 4);
                }
            }
        }
        pixels.swap(half);
        width = w2;
        height = h2;
    }
    if (stbi_write_png(path.c_str(), width, height, 3, pixels.data(), width * 3) == 0) {
        return MakeError(ErrorKind::Storage, "cannot write " + path);
    }
    return Ok{};
}

} // namespace accueil::kiosk::app
