#include "driver/compile_args.h"

#include <filesystem>
#include <iostream>

#include <unistd.h>

#include <CLI/CLI.hpp>

#include "driver/options.h"
#include "support/escape.h"
#include "support/suggest.h"

namespace tinyaot {

namespace {

// Fills o.quantize from the quantization options; false after printing an error.
bool quantizeOptions(const CompileArgs& a, const CommonOptions& common, CompileOptions& o) {
  QuantizeOptions& q = o.quantize;
  q.enabled = a.quantize == "int8";
  if (!q.enabled) {
    const char* stray = !a.calibration.empty()               ? "--calibration"
                        : a.perTensor                        ? "--per-tensor"
                        : a.io != "float"                    ? "--io"
                        : a.calibrationMethod != "minmax"    ? "--calibration-method"
                                                             : nullptr;
    if (stray) std::cerr << "tinyaot: " << stray << " needs --quantize int8\n";
    return stray == nullptr;
  }
  if (a.calibration.empty()) {
    std::cerr << "tinyaot: --quantize int8 needs --calibration DATA (a .npy file, NAME=FILE.npy per input, or a "
                 "directory of test_data_set_* folders)\n";
    return false;
  }
  q.calibration = a.calibration;
  q.method = *parseCalibrationMethod(a.calibrationMethod);
  q.perTensorWeights = a.perTensor;
  q.io = a.io == "int8" ? QuantIO::Int8 : QuantIO::Float;
  // The compile summary shows the SQNR and warns when a layer's is low.
  q.measureSqnr = true;
  if (!common.quiet) {
    // On a terminal, one line refreshed in place; otherwise, with -v, a few
    // lines per phase (a build log keeps one summary line per model).
    const bool tty = isatty(2) != 0;
    const bool lines = common.verbose > 0;
    if (tty || lines)
      q.progress = [tty](const char* phase, int done, int total) {
        if (tty) {
          std::cerr << fmt::format("\r{}: {}/{} samples", phase, done, total) << (done == total ? "\n" : "")
                    << std::flush;
        } else if (done == total || (total >= 8 && done % ((total + 3) / 4) == 0)) {
          std::cerr << fmt::format("{}: {}/{} samples\n", phase, done, total);
        }
      };
  }
  return true;
}

// "262144", "256K", "256KiB", "1M", "none" (-> 0) into bytes; -1 when empty.
bool parseBudget(const std::string& s, const char* flag, int64_t& out) {
  out = -1;
  if (s.empty()) return true;
  if (s == "none") {
    out = 0;
    return true;
  }
  size_t end = 0;
  long long v = -1;
  try {
    v = std::stoll(s, &end);
  } catch (...) {
    v = -1;
  }
  std::string unit = s.substr(std::min(end, s.size()));
  const int64_t mult = unit.empty() ? 1 : (unit == "K" || unit == "KiB" || unit == "k") ? 1024
                       : (unit == "M" || unit == "MiB") ? 1024 * 1024 : -1;
  if (v <= 0 || mult < 0) {
    std::cerr << "tinyaot: " << flag << ": '" << displayText(s) << "' is not a byte count (e.g. 262144, 256K, 1M, or none)\n";
    return false;
  }
  out = int64_t(v) * mult;
  return true;
}

// Every name --print-after or --disable-pass accepts must be a pass.
bool checkPassNames(const char* flag, const std::vector<std::string>& given, std::vector<std::string> valid) {
  for (const Pass& p : optimizationPasses()) valid.push_back(p.name);
  valid.push_back("schedule");
  for (const std::string& name : given)
    if (std::find(valid.begin(), valid.end(), name) == valid.end()) {
      std::cerr << fmt::format("tinyaot: {}: unknown pass '{}'{} (valid: {})\n", flag, displayText(name),
                               didYouMean(name, valid), joinNames(valid));
      return false;
    }
  return true;
}

}  // namespace

void addCompileArgs(CLI::App& c, CompileArgs& a) {
  c.add_option("model", a.model, "The ONNX model file")->required();
  c.add_option("--name", a.name,
               "Prefix of every generated symbol and the file names (default: the model file's stem as a C identifier)");
  c.add_option("--target", a.target,
               "Target CPU ('tinyaot targets' lists them) or a path to a NAME.target file: selects the kernel "
               "variants and the flash/RAM budgets (default: none, portable reference kernels, no budgets)");
  c.add_option("--input-shape", a.inputShapes,
               "Fix an input's shape, resolving symbolic dimensions: NAME=D0,D1,... (repeatable; a symbolic "
               "leading batch dimension alone defaults to 1)");
  c.add_option("--arena", a.arena,
               "Where the working memory lives: 'static' (a buffer inside the .cpp) or 'external' "
               "(NAME_run takes an arena pointer)")
      ->check(CLI::IsMember({"static", "external"}))
      ->default_val("static");
  c.add_option("--arena-section", a.arenaSection, "Linker section for the static arena, e.g. .dtcm_bss");
  c.add_option("--weights-section", a.weightsSection, "Linker section for weights and constant data");
  c.add_option("--print-after", a.printAfter,
               "Print the graph after a pass ('load', a pass name, 'quantize', or 'all') to stderr (repeatable)");
  c.add_option("--disable-pass", a.disablePasses, "Skip an optimization pass (repeatable)");
  c.add_option("--quantize", a.quantize,
               "Quantize the float model after calibration (post-training quantization): 'int8'")
      ->check(CLI::IsMember({"int8"}));
  c.add_option("--calibration", a.calibration,
               "Calibration data for --quantize: FILE.npy (first axis = samples), NAME=FILE.npy per input "
               "(repeatable), or a directory of test_data_set_*/input_<i>.pb folders");
  c.add_option("--calibration-method", a.calibrationMethod,
               "How activation ranges are chosen: minmax, percentile (99.99%), mse (docs/quantization.md)")
      ->check(CLI::IsMember({"minmax", "percentile", "mse"}))
      ->default_val("minmax");
  c.add_flag("--per-tensor", a.perTensor, "One weight scale per tensor instead of per output channel");
  c.add_option("--io", a.io,
               "Interface of a quantized model: 'float' (quantize/dequantize inside) or 'int8' (int8 buffers; "
               "scale and zero point as NAME_INPUT_<i>_SCALE/_ZERO_POINT macros)")
      ->check(CLI::IsMember({"float", "int8"}))
      ->default_val("float");
  c.add_flag("--io-in-arena", a.ioInArena,
             "Place the model's inputs and outputs inside the arena (NAME_input(i), NAME_output(i), NAME_invoke())");
  c.add_flag("--no-in-place", a.noInPlace,
             "Plan without in-place sharing (no outputs over dying inputs, no Concat inputs produced in place)");
  c.add_flag("--debug-poison", a.debugPoison,
             "Emit AddressSanitizer poisoning of the arena around every node (active only under -fsanitize=address)");
  c.add_option("--ram-budget", a.ramBudget,
               "Fail when the arena needs more: bytes, e.g. 262144, 256K, 1M; 'none' ignores the target's budget");
  c.add_option("--flash-budget", a.flashBudget,
               "Fail when the constant data (weights, kernel parameters; not code) needs more: bytes, or 'none'");
}

std::string codeOptionsText(const CompileArgs& a) {
  std::vector<std::string> parts;
  auto add = [&](const char* flag, const std::string& value) { parts.push_back(fmt::format("{} {}", flag, value)); };
  for (const std::string& s : a.inputShapes) add("--input-shape", s);
  for (const std::string& p : a.disablePasses) add("--disable-pass", p);
  if (a.arena != "static") add("--arena", a.arena);
  if (!a.arenaSection.empty()) add("--arena-section", a.arenaSection);
  if (!a.weightsSection.empty()) add("--weights-section", a.weightsSection);
  if (!a.quantize.empty()) add("--quantize", a.quantize);
  for (const std::string& c : a.calibration) {
    // NAME=PATH or PATH: the file or folder name only.
    const size_t eq = c.find('=');
    const bool named = eq != std::string::npos && c.find('/') > eq;
    const std::string path = named ? c.substr(eq + 1) : c;
    std::string base = std::filesystem::path(path).filename().string();
    if (base.empty()) base = std::filesystem::path(path).parent_path().filename().string();  // "dir/"
    add("--calibration", (named ? c.substr(0, eq + 1) : "") + base);
  }
  if (!a.quantize.empty() && a.calibrationMethod != "minmax") add("--calibration-method", a.calibrationMethod);
  if (a.perTensor) parts.push_back("--per-tensor");
  if (!a.quantize.empty() && a.io != "float") add("--io", a.io);
  if (a.ioInArena) parts.push_back("--io-in-arena");
  if (a.noInPlace) parts.push_back("--no-in-place");
  if (a.debugPoison) parts.push_back("--debug-poison");
  return fmt::format("{}", fmt::join(parts, " "));
}

bool makeCompileOptions(const CompileArgs& a, const CommonOptions& common, CompileOptions& o) {
  o.optionsText = codeOptionsText(a);
  o.modelPath = a.model;
  o.name = a.name;
  auto shapes = parseInputShapes(a.inputShapes);
  if (!shapes) {
    report(shapes.status(), "tinyaot");
    return false;
  }
  o.load.inputShapes = *shapes;
  if (!checkPassNames("--print-after", a.printAfter, {"all", "load", "quantize"}) ||
      !checkPassNames("--disable-pass", a.disablePasses, {}))
    return false;
  o.printAfter.insert(a.printAfter.begin(), a.printAfter.end());
  o.disabledPasses.insert(a.disablePasses.begin(), a.disablePasses.end());
  if (!quantizeOptions(a, common, o)) return false;
  if (!a.target.empty())
    if (Status s = setTarget(o, a.target); !s.isOk()) {
      report(s, "tinyaot: --target");
      return false;
    }
  o.codegen.externalArena = a.arena == "external";
  o.codegen.arenaSection = a.arenaSection;
  o.codegen.weightsSection = a.weightsSection;
  o.codegen.debugPoison = a.debugPoison;
  o.plan.ioInArena = a.ioInArena;
  o.plan.inPlace = !a.noInPlace;
  return parseBudget(a.ramBudget, "--ram-budget", o.ramBudget) &&
         parseBudget(a.flashBudget, "--flash-budget", o.flashBudget);
}

}  // namespace tinyaot
