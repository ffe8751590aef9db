// SPDX-License-Identifier: Apache-2.0
#include "CheckDisplay.h"

#include "KioskApp.h"

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GLFW/glfw3.h>

#include <string>

namespace accueil::kiosk::app {

namespace {

// GLFW says why it failed only through its callback; kept for the one line we print.
std::string g_glfwError; // NOLINT(cppcoreguidelines-avoid-non-const-global-variables)

void OnGlfwError(int /*code*/, const char* description) {
    g_glfwError = description;
}

const char* GlString(GLenum name) {
    const auto* text = reinterpret_cast<const char*>(glGetString(name));
    return text != nullptr ? text : "(unknown)";
}

} // namespace

// The same context the kiosk asks for (OpenGL 3.0, Window.cpp), in a window never shown, so
// the answer is the renderer the kiosk will draw with.
int CheckDisplay(std::ostream& out, std::ostream& err) {
    glfwSetErrorCallback(OnGlfwError);
    if (glfwInit() == GLFW_FALSE) {
        err << "cannot open the display: " << g_glfwError << '\n';
        return kKioskNoDisplay;
    }
    glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    GLFWwindow* window = glfwCreateWindow(64, 64, "Accueil display check", nullptr, nullptr);
    if (window == nullptr) {
        err << "cannot create an OpenGL 3 window: " << g_glfwError << '\n';
        glfwTerminate();
        return kKioskNoDisplay;
    }
    glfwMakeContextCurrent(window);
    // Flushed before the teardown: a driver that fails on its way out must not take the
    // answer with it (the doctor still names the renderer, and the exit status).
    out << "GL_RENDERER: " << GlString(GL_RENDERER) << '\n'
        << "GL_VERSION: " << GlString(GL_VERSION) << std::endl;
    glfwMakeContextCurrent(nullptr);
    glfwDestroyWindow(window);
    glfwTerminate();
    return kKioskOk;
}

} // namespace accueil::kiosk::app
