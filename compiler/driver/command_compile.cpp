// tinyaot compile MODEL.onnx -o OUTDIR [options]
#include <filesystem>
#include <iostream>
#include <memory>

#include <unistd.h>

#include <CLI/CLI.hpp>

#include "driver/commands.h"
#include "driver/options.h"
#include "driver/pipeline.h"
#include "report/memory_report.h"

namespace tinyaot {

namespace {

struct CompileArgs {
  std::string model, outDir, name;
  std::vector<std::string> inputShapes, printAfter, disablePasses;
  std::string arena = "static", arenaSection, weightsSection;
  std::string target;  // empty: none (reference kernels, no budgets)
  // Memory planning.
  std::string ramBudget, flashBudget, memReport;
  bool ioInArena = false, debugPoison = false, noInPlace = false;
  bool quiet = false;
  // Post-training quantization.
  std::string quantize, calibrationMethod = "minmax", io = "float", quantReport;
  std::vector<std::string> calibration;
  bool perTensor = false;
};

// Fills o.quantize from the quantization options; false after printing an error.
bool quantizeOptions(const CompileArgs& a, CompileOptions& o) {
  QuantizeOptions& q = o.quantize;
  q.enabled = a.quantize == "int8";
  if (!q.enabled) {
    const char* stray = !a.calibration.empty() ? "--calibration"
                        : a.perTensor          ? "--per-tensor"
                        : a.io != "float"      ? "--io"
                        : !a.quantReport.empty() ? "--quant-report"
                        : a.calibrationMethod != "minmax" ? "--calibration-method"
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
  q.measureSqnr = !a.quantReport.empty();
  if (!a.quiet) {
    // One line refreshed in place on a terminal; otherwise a few lines per phase.
    const bool tty = isatty(2) != 0;
    q.progress = [tty](const char* phase, int done, int total) {
      if (tty) {
        std::cerr << fmt::format("\r{}: {}/{} samples", phase, done, total) << (done == total ? "\n" : "") << std::flush;
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

int runCompile(const CompileArgs& a) {
  CompileOptions o;
  o.modelPath = a.model;
  o.name = a.name;
  auto shapes = parseInputShapes(a.inputShapes);
  if (!shapes) {
    report(shapes.status(), "");
    return 1;
  }
  o.load.inputShapes = *shapes;
  o.printAfter.insert(a.printAfter.begin(), a.printAfter.end());
  o.disabledPasses.insert(a.disablePasses.begin(), a.disablePasses.end());
  if (!quantizeOptions(a, o)) return 1;
  if (!a.target.empty())
    if (Status s = setTarget(o, a.target); !s.isOk()) {
      report(s, "tinyaot: --target");
      return 1;
    }
  for (const auto& p : a.printAfter)
    if (p != "all" && p != "load" && p != "quantize" && !findPass(p)) {
      std::cerr << "tinyaot: --print-after: unknown pass '" << displayText(p) << "'\n";
      return 1;
    }
  for (const auto& p : a.disablePasses)
    if (!findPass(p)) {
      std::cerr << "tinyaot: --disable-pass: unknown pass '" << displayText(p) << "'\n";
      return 1;
    }
  o.codegen.externalArena = a.arena == "external";
  o.codegen.arenaSection = a.arenaSection;
  o.codegen.weightsSection = a.weightsSection;
  o.codegen.debugPoison = a.debugPoison;
  o.plan.ioInArena = a.ioInArena;
  o.plan.inPlace = !a.noInPlace;
  if (!parseBudget(a.ramBudget, "--ram-budget", o.ramBudget) ||
      !parseBudget(a.flashBudget, "--flash-budget", o.flashBudget))
    return 1;
  auto m = compileModel(o, std::cerr);
  if (!m) {
    report(m.status(), a.model);
    return 1;
  }
  // The report first: it shows why a budget does not hold.
  if (!a.memReport.empty())
    if (Status s = writeMemoryReport(*m, a.memReport); !s.isOk()) {
      report(s, a.model);
      return 1;
    }
  if (Status s = checkBudgets(*m, o); !s.isOk()) {
    report(s, a.model);
    return 1;
  }
  if (Status s = writeGenerated(*m, a.outDir); !s.isOk()) {
    report(s, a.model);
    return 1;
  }
  if (m->quantReport && !a.quantReport.empty())
    if (Status s = writeQuantReport(*m->quantReport, a.quantReport); !s.isOk()) {
      report(s, a.model);
      return 1;
    }
  if (!a.quiet) {
    if (m->quantReport) std::cout << displayText(formatQuantSummary(*m->quantReport), true);
    const auto dir = std::filesystem::path(a.outDir);
    std::cout << fmt::format("tinyaot: wrote {} and {}\n", displayText((dir / (m->name + ".h")).string()),
                             displayText((dir / (m->name + ".cpp")).string()));
    std::cout << fmt::format("  nodes {}, arena {} bytes (lower bound {} bytes), constant data {} bytes\n",
                             m->schedule.size(), m->plan.arenaSize, m->plan.lowerBound, m->files.weightBytes);
    std::cout << displayText(memorySummary(*m), true);
  }
  return 0;
}

}  // namespace

void addCompileCommand(CLI::App& app, CommandSet& set) {
  auto args = std::make_shared<CompileArgs>();
  CLI::App* c = app.add_subcommand("compile", "Compile an ONNX model into NAME.h and NAME.cpp");
  c->add_option("model", args->model, "The ONNX model file")->required();
  c->add_option("-o,--output-dir", args->outDir, "Directory for NAME.h and NAME.cpp (created if missing)")->required();
  c->add_option("--name", args->name,
                "Prefix of every generated symbol and the file names (default: the model file's stem as a C identifier)");
  c->add_option("--target", args->target,
                "Target CPU ('tinyaot targets' lists them) or a path to a NAME.target file: selects the kernel "
                "variants and the flash/RAM budgets (default: none, portable reference kernels, no budgets)");
  c->add_option("--input-shape", args->inputShapes,
                "Fix an input's shape, resolving symbolic dimensions: NAME=D0,D1,... (repeatable)");
  c->add_option("--arena", args->arena,
                "Where the working memory lives: 'static' (a buffer inside the .cpp) or 'external' "
                "(NAME_run takes an arena pointer)")
      ->check(CLI::IsMember({"static", "external"}))
      ->default_val("static");
  c->add_option("--arena-section", args->arenaSection, "Linker section for the static arena, e.g. .dtcm_bss");
  c->add_option("--weights-section", args->weightsSection, "Linker section for weights and constant data");
  c->add_option("--print-after", args->printAfter,
                "Print the graph after a pass ('load', a pass name, or 'all') to stderr (repeatable)");
  c->add_option("--disable-pass", args->disablePasses, "Skip an optimization pass (repeatable)");
  c->add_option("--quantize", args->quantize,
                "Quantize the float model after calibration (post-training quantization): 'int8'")
      ->check(CLI::IsMember({"int8"}));
  c->add_option("--calibration", args->calibration,
                "Calibration data for --quantize: FILE.npy (first axis = samples), NAME=FILE.npy per input "
                "(repeatable), or a directory of test_data_set_*/input_<i>.pb folders");
  c->add_option("--calibration-method", args->calibrationMethod,
                "How activation ranges are chosen: minmax, percentile (99.99%), mse")
      ->check(CLI::IsMember({"minmax", "percentile", "mse"}))
      ->default_val("minmax");
  c->add_flag("--per-tensor", args->perTensor, "One weight scale per tensor instead of per output channel");
  c->add_option("--io", args->io,
                "Interface of a quantized model: 'float' (quantize/dequantize inside) or 'int8' (int8 buffers; "
                "scale and zero point as NAME_INPUT_<i>_SCALE/_ZERO_POINT macros)")
      ->check(CLI::IsMember({"float", "int8"}))
      ->default_val("float");
  c->add_option("--quant-report", args->quantReport,
                "Write a quantization report (scale, zero point and SQNR vs float per int8 tensor; float nodes) "
                "to FILE: JSON if it ends in .json, else text");
  c->add_flag("--io-in-arena", args->ioInArena,
              "Place the model's inputs and outputs inside the arena (NAME_input(i), NAME_output(i), NAME_invoke())");
  c->add_flag("--no-in-place", args->noInPlace,
              "Plan without in-place sharing (no outputs over dying inputs, no Concat inputs produced in place)");
  c->add_flag("--debug-poison", args->debugPoison,
              "Emit AddressSanitizer poisoning of the arena around every node (active only under -fsanitize=address)");
  c->add_option("--ram-budget", args->ramBudget,
                "Fail when the arena needs more: bytes, e.g. 262144, 256K, 1M; 'none' ignores the target's budget");
  c->add_option("--flash-budget", args->flashBudget,
                "Fail when the constant data (weights, kernel parameters; not code) needs more: bytes, or 'none'");
  c->add_option("--report", args->memReport,
                "Write the memory plan report: FILE.json (figures) or FILE.html (picture, per-layer table)");
  c->add_flag("-q,--quiet", args->quiet, "Print nothing on success");
  std::string passes = "Optimization passes, in order (then 'quantize' with --quantize):";
  for (const Pass& p : optimizationPasses()) passes += fmt::format("\n  {:<18} {}", p.name, p.description);
  c->footer(passes);
  set.commands.push_back({c, [args] { return runCompile(*args); }});
}

}  // namespace tinyaot
