// tinyaot compile MODEL.onnx -o OUTDIR [options]
#include <filesystem>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "driver/commands.h"
#include "driver/compile_args.h"
#include "driver/options.h"
#include "driver/pipeline.h"
#include "report/memory_report.h"

namespace tinyaot {

namespace {

struct CompileCommandArgs {
  CompileArgs compile;
  std::string outDir, memReport, quantReport;
};

int runCompile(const CompileCommandArgs& a, const CommonOptions& common) {
  CompileOptions o;
  if (!a.quantReport.empty() && a.compile.quantize.empty()) {
    std::cerr << "tinyaot: --quant-report needs --quantize int8\n";
    return 1;
  }
  if (!a.memReport.empty())
    if (Status s = checkReportExtension("--report", a.memReport, {".json", ".html"}); !s.isOk()) {
      report(s, "tinyaot");
      return 1;
    }
  if (!makeCompileOptions(a.compile, common, o)) return 1;
  const std::string& model = a.compile.model;
  std::vector<Diagnostic> notes;
  o.load.notes = &notes;
  auto m = compileModel(o, std::cerr);
  if (!common.quiet)
    for (const Diagnostic& d : notes) std::cerr << d.format(model) << "\n";  // escaped by format()
  if (!m) {
    report(m.status(), model);
    return 1;
  }
  // The report first: it shows why a budget does not hold.
  if (!a.memReport.empty())
    if (Status s = writeMemoryReport(*m, a.memReport); !s.isOk()) {
      report(s, model);
      return 1;
    }
  if (Status s = checkBudgets(*m, o); !s.isOk()) {
    report(s, model);
    return 1;
  }
  if (Status s = writeGenerated(*m, a.outDir); !s.isOk()) {
    report(s, model);
    return 1;
  }
  if (m->quantReport && !a.quantReport.empty())
    if (Status s = writeQuantReport(*m->quantReport, a.quantReport); !s.isOk()) {
      report(s, model);
      return 1;
    }
  // Warnings show even with -q.
  if (m->quantReport)
    if (auto advice = lowSqnrAdvice(*m->quantReport, kLowSqnrDb))
      std::cerr << displayText(model) << ": warning: " << displayText(*advice, true);
  if (common.quiet) return 0;
  const auto dir = std::filesystem::path(a.outDir);
  // Names and paths from outside, shown escaped.
  std::cout << displayText(
      compileSummaryLine(*m, (dir / (m->name + ".h")).string(), (dir / (m->name + ".cpp")).string()), true);
  if (m->quantReport)
    std::cout << displayText(
        common.verbose ? formatQuantSummary(*m->quantReport) : formatFloatNodes(*m->quantReport), true);
  if (common.verbose) std::cout << displayText(memorySummary(*m), true);
  return 0;
}

}  // namespace

void addCompileCommand(CLI::App& app, CommandSet& set) {
  auto args = std::make_shared<CompileCommandArgs>();
  CLI::App* c = app.add_subcommand("compile", "Compile an ONNX model into NAME.h and NAME.cpp");
  c->add_option("-o,--output-dir", args->outDir, "Directory for NAME.h and NAME.cpp (created if missing)")->required();
  addCompileArgs(*c, args->compile);
  c->add_option("--quant-report", args->quantReport,
                "Write a quantization report (scale, zero point and SQNR vs float per int8 tensor; float nodes) "
                "to FILE: JSON if it ends in .json, else text");
  c->add_option("--report", args->memReport,
                "Write the memory plan report: FILE.json (figures) or FILE.html (picture, per-layer table)");
  std::string footer =
      "Prints one summary line (arena, constant data, int8 SQNR); -v adds the memory plan and quantization "
      "details.\n\nOptimization passes, in order (then 'quantize' with --quantize, then 'schedule'):";
  for (const Pass& p : optimizationPasses()) footer += fmt::format("\n  {:<18} {}", p.name, p.description);
  c->footer(footer);
  set.commands.push_back({c, [args, &common = set.common] { return runCompile(*args, common); }});
}

}  // namespace tinyaot
