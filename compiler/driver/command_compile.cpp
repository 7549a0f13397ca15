// tinyaot compile MODEL.onnx -o OUTDIR [options]
#include <filesystem>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "driver/commands.h"
#include "driver/options.h"
#include "driver/pipeline.h"

namespace tinyaot {

namespace {

struct CompileArgs {
  std::string model, outDir, name;
  std::vector<std::string> inputShapes, printAfter, disablePasses;
  std::string arena = "static", arenaSection, weightsSection;
  bool quiet = false;
};

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
  for (const auto& p : a.printAfter)
    if (p != "all" && p != "load" && !findPass(p)) {
      std::cerr << "tinyaot: --print-after: unknown pass '" << p << "'\n";
      return 1;
    }
  for (const auto& p : a.disablePasses)
    if (!findPass(p)) {
      std::cerr << "tinyaot: --disable-pass: unknown pass '" << p << "'\n";
      return 1;
    }
  o.codegen.externalArena = a.arena == "external";
  o.codegen.arenaSection = a.arenaSection;
  o.codegen.weightsSection = a.weightsSection;
  auto m = compileModel(o, std::cerr);
  if (!m) {
    report(m.status(), a.model);
    return 1;
  }
  if (Status s = writeGenerated(*m, a.outDir); !s.isOk()) {
    report(s, a.model);
    return 1;
  }
  if (!a.quiet) {
    const auto dir = std::filesystem::path(a.outDir);
    std::cout << fmt::format("tinyaot: wrote {} and {}\n", (dir / (m->name + ".h")).string(),
                             (dir / (m->name + ".cpp")).string());
    std::cout << fmt::format("  nodes {}, arena {} bytes (peak live {} bytes), constant data {} bytes\n",
                             m->schedule.size(), m->plan.arenaSize, m->plan.lowerBound, m->files.weightBytes);
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
  c->add_flag("-q,--quiet", args->quiet, "Print nothing on success");
  std::string passes = "Optimization passes, in order:";
  for (const Pass& p : optimizationPasses()) passes += fmt::format("\n  {:<18} {}", p.name, p.description);
  c->footer(passes);
  set.commands.push_back({c, [args] { return runCompile(*args); }});
}

}  // namespace tinyaot
