// A reader for NumPy .npy files (format versions 1.0, 2.0 and 3.0), used for
// calibration data. Only what calibration needs: little-endian float32 or
// float64 in C order, converted to float32. Anything else is a clear error.
#pragma once
#include <string>
#include <vector>

#include "ir/types.h"
#include "support/diagnostics.h"

namespace tinyaot {

struct NpyArray {
  Shape shape;              // () for a 0-d array
  std::string descr;        // as stored: "<f4" or "<f8"
  std::vector<float> data;  // C order, converted to float32
};

// Reads and validates a .npy file. Errors name the file and the problem:
// bad magic, unsupported version, malformed header, Fortran order, a dtype
// other than float32/float64, big-endian data, truncated or oversized data.
Expected<NpyArray> readNpy(const std::string& path);
// The same from bytes in memory; `what` names them in errors.
Expected<NpyArray> parseNpy(const std::string& bytes, const std::string& what);

}  // namespace tinyaot
