// SPDX-License-Identifier: Apache-2.0
#pragma once

// zbar's C++ wrapper headers clash with other headers; keep them in their own file.

#include <cstdint>
#include <string>
#include <vector>

/// Decodes QR codes in an 8-bit grey image with zbar (QR only). Benchmark use only.
std::vector<std::string> ZbarDecodeGrey(const std::uint8_t* pixels, int width, int height);
