// TensorProto <-> raw little-endian bytes. Used for initializers, Constant
// attributes and the .pb test-data files.
#pragma once
#include <string>
#include <vector>

#include "ir/types.h"
#include "support/diagnostics.h"

namespace onnx {
class TensorProto;
}

namespace tinyaot {

struct RawTensor {
  std::string name;
  TensorType type;
  std::vector<uint8_t> data;
};

// `dir` is the model's directory, for external data.
Expected<RawTensor> convertTensor(const onnx::TensorProto& tp, const std::string& dir);
// Reads a serialized TensorProto file (test_data_set_N/input_M.pb).
Expected<RawTensor> readTensorFile(const std::string& path);
// Writes one.
Status writeTensorFile(const std::string& path, const RawTensor& t);

}  // namespace tinyaot
