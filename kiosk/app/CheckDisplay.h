// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <ostream>

namespace accueil::kiosk::app {

/// `accueil-kiosk --check-display` (run by `accueil doctor`): opens a hidden GLFW window with
/// the kiosk's OpenGL context, prints "GL_RENDERER: …" and "GL_VERSION: …" lines to `out`, and
/// returns kKioskOk; without a display or a usable OpenGL, prints why to `err` and returns
/// kKioskNoDisplay. Main thread (GLFW).
int CheckDisplay(std::ostream& out, std::ostream& err);

} // namespace accueil::kiosk::app
