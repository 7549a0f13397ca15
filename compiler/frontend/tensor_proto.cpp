#include "frontend/tensor_proto.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <onnx/onnx_pb.h>

namespace tinyaot {

namespace {

template <class Src, class Dst>
std::vector<uint8_t> packAs(const Src& src) {
  std::vector<uint8_t> out(size_t(src.size()) * sizeof(Dst));
  for (int i = 0; i < src.size(); ++i) {
    Dst v = Dst(src.Get(i));
    std::memcpy(out.data() + size_t(i) * sizeof(Dst), &v, sizeof(Dst));
  }
  return out;
}

Expected<std::vector<uint8_t>> externalData(const onnx::TensorProto& tp, const std::string& dir, size_t bytes) {
  std::string location;
  int64_t offset = 0, length = -1;
  for (const auto& kv : tp.external_data()) {
    if (kv.key() == "location") location = kv.value();
    else if (kv.key() == "offset") offset = std::stoll(kv.value());
    else if (kv.key() == "length") length = std::stoll(kv.value());
  }
  if (location.empty()) return errorf("tensor '{}' uses external data without a location", tp.name());
  const std::filesystem::path p = std::filesystem::path(dir) / location;
  std::ifstream f(p, std::ios::binary);
  if (!f) return errorf("external data file '{}' for tensor '{}' cannot be opened", p.string(), tp.name());
  f.seekg(0, std::ios::end);
  const int64_t size = f.tellg();
  if (length < 0) length = size - offset;
  if (offset < 0 || offset + length > size || size_t(length) != bytes)
    return errorf("external data file '{}' for tensor '{}' holds {} bytes at offset {}, the tensor needs {}",
                  p.string(), tp.name(), std::max<int64_t>(0, size - offset), offset, bytes);
  std::vector<uint8_t> out(bytes);
  f.seekg(offset);
  f.read(reinterpret_cast<char*>(out.data()), std::streamsize(bytes));
  if (!f) return errorf("external data file '{}' for tensor '{}' could not be read", p.string(), tp.name());
  return out;
}

}  // namespace

Expected<RawTensor> convertTensor(const onnx::TensorProto& tp, const std::string& dir) {
  RawTensor t;
  t.name = tp.name();
  auto dt = dtypeFromOnnx(tp.data_type());
  if (!dt)
    return errorf("tensor '{}' has unsupported data type {} (float16, bfloat16, string and complex are not supported)",
                  tp.name(), tp.data_type());
  t.type.dtype = *dt;
  for (int64_t d : tp.dims()) {
    if (d < 0) return errorf("tensor '{}' has a negative dimension", tp.name());
    t.type.shape.push_back(d);
  }
  const size_t bytes = t.type.bytes();
  if (tp.has_data_location() && tp.data_location() == onnx::TensorProto::EXTERNAL) {
    auto d = externalData(tp, dir, bytes);
    if (!d) return d.status();
    t.data = std::move(*d);
    return t;
  }
  if (tp.has_raw_data()) {
    if (tp.raw_data().size() != bytes)
      return errorf("tensor '{}' has {} bytes of raw data, its shape {} needs {}", tp.name(), tp.raw_data().size(),
                    shapeStr(t.type.shape), bytes);
    t.data.assign(tp.raw_data().begin(), tp.raw_data().end());
    return t;
  }
  switch (*dt) {
    case DType::F32: t.data = packAs<decltype(tp.float_data()), float>(tp.float_data()); break;
    case DType::F64: t.data = packAs<decltype(tp.double_data()), double>(tp.double_data()); break;
    case DType::I64: t.data = packAs<decltype(tp.int64_data()), int64_t>(tp.int64_data()); break;
    case DType::I32: t.data = packAs<decltype(tp.int32_data()), int32_t>(tp.int32_data()); break;
    case DType::I16: t.data = packAs<decltype(tp.int32_data()), int16_t>(tp.int32_data()); break;
    case DType::U16: t.data = packAs<decltype(tp.int32_data()), uint16_t>(tp.int32_data()); break;
    case DType::I8: t.data = packAs<decltype(tp.int32_data()), int8_t>(tp.int32_data()); break;
    case DType::U8: case DType::Bool: t.data = packAs<decltype(tp.int32_data()), uint8_t>(tp.int32_data()); break;
    case DType::U32: t.data = packAs<decltype(tp.uint64_data()), uint32_t>(tp.uint64_data()); break;
    case DType::U64: t.data = packAs<decltype(tp.uint64_data()), uint64_t>(tp.uint64_data()); break;
    case DType::Undefined: break;
  }
  if (t.data.size() != bytes)
    return errorf("tensor '{}' has {} elements of data, its shape {} needs {}", tp.name(),
                  t.data.size() / std::max<size_t>(1, dtypeSize(*dt)), shapeStr(t.type.shape), t.type.elements());
  return t;
}

Expected<RawTensor> readTensorFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return errorf("cannot open tensor file '{}'", path);
  std::stringstream ss;
  ss << f.rdbuf();
  onnx::TensorProto tp;
  if (!tp.ParseFromString(ss.str())) return errorf("'{}' is not a serialized ONNX TensorProto", path);
  return convertTensor(tp, std::filesystem::path(path).parent_path().string());
}

Status writeTensorFile(const std::string& path, const RawTensor& t) {
  onnx::TensorProto tp;
  tp.set_name(t.name);
  tp.set_data_type(int(t.type.dtype));
  for (int64_t d : t.type.shape) tp.add_dims(d);
  tp.set_raw_data(std::string(t.data.begin(), t.data.end()));
  std::ofstream f(path, std::ios::binary);
  if (!f || !tp.SerializeToOstream(&f)) return errorf("cannot write '{}'", path);
  return Status::ok();
}

}  // namespace tinyaot
