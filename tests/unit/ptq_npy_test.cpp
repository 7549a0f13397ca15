// The .npy reader (compiler/quant/npy.h): files are built byte by byte here,
// following the format description (magic, version, header length, dict).
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "quant/npy.h"

using namespace tinyaot;

namespace {

// An .npy file: version major.0, header dict text, then `data`. The header
// is padded with spaces and a newline to a multiple of 64 bytes, as NumPy does.
std::string makeNpy(int major, const std::string& dict, const std::string& data) {
  const size_t lenBytes = major == 1 ? 2 : 4;
  std::string header = dict;
  while ((6 + 2 + lenBytes + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY";
  out += char(major);
  out += char(0);
  for (size_t i = 0; i < lenBytes; ++i) out += char((header.size() >> (8 * i)) & 0xff);
  return out + header + data;
}

template <class T>
std::string raw(std::initializer_list<T> v) {
  std::string s(v.size() * sizeof(T), '\0');
  std::memcpy(s.data(), std::data(v), s.size());
  return s;
}

}  // namespace

TEST_CASE("npy: float32 version 1.0", "[ptq][npy]") {
  auto a = parseNpy(makeNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
                            raw<float>({0.5f, 1, 2, 3, 4, -5.25f})),
                    "t.npy");
  REQUIRE(a);
  CHECK(a->shape == Shape{2, 3});
  CHECK(a->descr == "<f4");
  CHECK(a->data == std::vector<float>{0.5f, 1, 2, 3, 4, -5.25f});
}

TEST_CASE("npy: float64 version 2.0 is converted to float32", "[ptq][npy]") {
  auto a = parseNpy(makeNpy(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", raw<double>({0.1, -2.0, 1e3})),
                    "t.npy");
  REQUIRE(a);
  CHECK(a->shape == Shape{3});
  CHECK(a->data == std::vector<float>{0.1f, -2.0f, 1000.0f});
}

TEST_CASE("npy: version 3.0, 0-d arrays and Python 2 style longs", "[ptq][npy]") {
  auto a = parseNpy(makeNpy(3, "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": ()}", raw<float>({7.0f})), "t.npy");
  REQUIRE(a);
  CHECK(a->shape.empty());
  CHECK(a->data == std::vector<float>{7.0f});
  auto b = parseNpy(makeNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1L, 2L), }", raw<float>({1, 2})), "t.npy");
  REQUIRE(b);
  CHECK(b->shape == Shape{1, 2});
}

TEST_CASE("npy: errors are clear", "[ptq][npy]") {
  auto err = [](const std::string& bytes) {
    auto a = parseNpy(bytes, "bad.npy");
    REQUIRE_FALSE(a);
    return a.status().message();
  };
  const std::string f4 = raw<float>({1, 2});
  CHECK_THAT(err(makeNpy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", f4)), Catch::Contains("Fortran"));
  std::string badMagic = makeNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", f4);
  badMagic[1] = 'X';
  CHECK_THAT(err(badMagic), Catch::Contains("bad magic"));
  CHECK_THAT(err("\x93NUM"), Catch::Contains("bad magic"));
  CHECK_THAT(err(makeNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", f4)),
             Catch::Contains("truncated data"));
  std::string cut = makeNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", f4);
  CHECK_THAT(err(cut.substr(0, 20)), Catch::Contains("truncated .npy header"));
  CHECK_THAT(err(makeNpy(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", raw<int32_t>({1, 2}))),
             Catch::Contains("dtype '<i4' is not supported"));
  CHECK_THAT(err(makeNpy(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }", "ab")),
             Catch::Contains("not supported"));
  CHECK_THAT(err(makeNpy(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", f4)),
             Catch::Contains("big-endian"));
  CHECK_THAT(err(makeNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", f4)),
             Catch::Contains("unexpected bytes"));
  CHECK_THAT(err(makeNpy(1, "{'descr': '<f4', 'shape': (2,), }", f4)), Catch::Contains("no 'fortran_order'"));
  CHECK_THAT(err(makeNpy(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", f4)),
             Catch::Contains("structured"));
  std::string v9 = makeNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", f4);
  v9[6] = 9;
  CHECK_THAT(err(v9), Catch::Contains("version 9.0 is not supported"));
  CHECK_THAT(err(makeNpy(1, "['descr']", f4)), Catch::Contains("malformed .npy header"));
}

TEST_CASE("npy: reading files, including the shipped calibration data", "[ptq][npy]") {
  namespace fs = std::filesystem;
  const fs::path p = fs::temp_directory_path() / "tinyaot_ptq_npy_test.npy";
  {
    std::ofstream f(p, std::ios::binary);
    f << makeNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", raw<float>({1, 2, 3, 4}));
  }
  auto a = readNpy(p.string());
  REQUIRE(a);
  CHECK(a->data == std::vector<float>{1, 2, 3, 4});
  fs::remove(p);
  auto missing = readNpy((fs::temp_directory_path() / "tinyaot_no_such_file.npy").string());
  REQUIRE_FALSE(missing);
  CHECK_THAT(missing.status().message(), Catch::Contains("cannot open"));

  // models/README.md documents this file as float32 [64,1,1,8,8] in [0,1].
  auto calib = readNpy(std::string(TINYAOT_SOURCE_DIR) + "/models/digits_cnn_calib.npy");
  REQUIRE(calib);
  CHECK(calib->shape == Shape{64, 1, 1, 8, 8});
  CHECK(calib->data.size() == 64 * 64);
  for (float x : calib->data) REQUIRE((x >= 0.0f && x <= 1.0f));
}
