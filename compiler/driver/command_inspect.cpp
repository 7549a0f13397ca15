// tinyaot inspect MODEL.onnx: the nodes with op, output shape, parameters and
// MACs, totals, and every unsupported node; with --target, also the model as
// compiled for that target: each node's kernels, the arena and constant data
// against the target's RAM and flash. --json prints the same as JSON.
#include <iostream>
#include <memory>
#include <sstream>

#include <CLI/CLI.hpp>

#include "driver/commands.h"
#include "driver/options.h"
#include "driver/pipeline.h"
#include "frontend/onnx_loader.h"
#include "ops/registry.h"
#include "report/memory_report.h"
#include "support/escape.h"
#include "support/json.h"

namespace tinyaot {

namespace {

struct InspectArgs {
  std::string model, target;
  std::vector<std::string> inputShapes;
  bool json = false;
};

struct NodeRow {
  std::string name, op, output;  // output: "?" when untyped
  int64_t params = 0, macs = 0;
};

std::vector<NodeRow> nodeRows(const Graph& g) {
  std::vector<NodeRow> rows;
  for (const Node* n : g.nodes()) {
    NodeRow r{n->name(), n->op(), "?"};
    for (const Value* v : n->inputs())
      if (v && v->isConstant()) r.params += v->type().elements();
    const OpDef* def = findOp(n->domain(), n->op());
    const Value* out = n->output(0);
    if (out && out->dtype() != DType::Undefined) {
      r.output = out->type().str();
      if (def && def->macs) r.macs = def->macs(*n);
    }
    rows.push_back(r);
  }
  return rows;
}

// The model compiled in memory for --target.
struct TargetFit {
  std::string target;
  int64_t flashBytes = 0, ramBytes = 0;
  std::vector<std::string> variants;
  std::vector<std::pair<const Node*, std::vector<std::string>>> kernels;  // per scheduled node
  int64_t arena = 0, constants = 0;
  std::string arenaText;
  Status budget;  // the budget check
  std::unique_ptr<Graph> keep;  // owns the nodes above
};

Expected<TargetFit> fitTarget(const InspectArgs& a, const std::map<std::string, Shape>& shapes) {
  CompileOptions o;
  o.modelPath = a.model;
  o.load.inputShapes = shapes;
  TA_TRY(setTarget(o, a.target));
  std::ostringstream log;
  auto m = compileModel(o, log);
  if (!m) return m.status();
  TargetFit f;
  f.target = o.target;
  f.flashBytes = o.targetFlashBytes;
  f.ramBytes = o.targetRamBytes;
  f.variants = o.lower.kernelVariants;
  for (const Node* n : m->schedule) {
    std::vector<std::string> fns;
    if (auto it = m->lowered.find(n); it != m->lowered.end())
      for (const KernelCall& k : it->second)
        if (std::find(fns.begin(), fns.end(), k.fn) == fns.end()) fns.push_back(k.fn);
    f.kernels.push_back({n, fns});
  }
  f.arena = m->plan.arenaSize;
  f.constants = m->files.weightBytes;
  f.arenaText = arenaText(m->plan);
  f.budget = checkBudgets(*m, o);
  f.keep = std::move(m->graph);
  return f;
}

std::string percentOf(int64_t part, int64_t whole) {
  return whole > 0 ? fmt::format(" of {} ({:.1f}%)", whole, 100.0 * double(part) / double(whole)) : "";
}

void printText(const InspectArgs& a, const Graph& g, const std::vector<NodeRow>& rows, const Status& problems,
               const TargetFit* fit, const CommonOptions& common) {
  // Names come from the model: shown escaped.
  std::cout << fmt::format("{}: graph '{}'\n", displayText(a.model), displayText(g.name));
  for (const Value* v : g.inputs())
    std::cout << fmt::format("  input  {}: {}\n", displayText(v->name()), v->type().str());
  for (const Value* v : g.outputs())
    std::cout << fmt::format("  output {}: {}\n", displayText(v->name()),
                             v->dtype() == DType::Undefined ? "?" : v->type().str());
  std::cout << fmt::format("\n{:<4} {:<28} {:<20} {:<26} {:>10} {:>12}\n", "#", "node", "op", "output", "params", "MACs");
  int64_t totalParams = 0, totalMacs = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const NodeRow& r = rows[i];
    totalParams += r.params;
    totalMacs += r.macs;
    std::cout << fmt::format("{:<4} {:<28} {:<20} {:<26} {:>10} {:>12}\n", i, displayText(r.name.substr(0, 28)),
                             displayText(r.op.substr(0, 20)), r.output, r.params, r.macs);
    if (common.verbose) {  // the inputs, with their types
      for (const Value* v : g.nodes()[i]->inputs())
        if (v) std::cout << fmt::format("       in  {:<40} {}\n", displayText(v->name()), v->type().str());
    }
  }
  std::cout << fmt::format("\ntotal: {} nodes, {} parameters, {} MACs\n", g.numNodes(), totalParams, totalMacs);
  if (!problems.isOk()) {
    std::cout << "unsupported or invalid:\n";
    for (const Diagnostic& d : problems.diagnostics()) std::cout << "  " << d.format("") << "\n";
    return;
  }
  std::cout << "unsupported: none\n";
  if (!fit) return;
  std::cout << fmt::format("\ncompiled for target {} (kernel variants: {}): {} nodes after optimization\n",
                           displayText(fit->target), fmt::join(fit->variants, ", "), fit->kernels.size());
  std::cout << fmt::format("{:<4} {:<28} {:<20} {}\n", "#", "node", "op", "kernels");
  for (size_t i = 0; i < fit->kernels.size(); ++i) {
    const auto& [n, fns] = fit->kernels[i];
    std::cout << fmt::format("{:<4} {:<28} {:<20} {}\n", i, displayText(n->name().substr(0, 28)),
                             displayText(n->op().substr(0, 20)),
                             fns.empty() ? "(none: an alias of its input)" : fmt::format("{}", fmt::join(fns, ", ")));
  }
  std::cout << fmt::format("\nRAM:   arena {} bytes{}\n", fit->arena, percentOf(fit->arena, fit->ramBytes));
  std::cout << fmt::format("flash: constant data {} bytes{} (code not counted)\n", fit->constants,
                           percentOf(fit->constants, fit->flashBytes));
  if (common.verbose) std::cout << "  " << displayText(fit->arenaText) << "\n";
  std::cout << (fit->budget.isOk() ? fmt::format("fits {}\n", displayText(fit->target))
                                   : fmt::format("does not fit {}: {}\n", displayText(fit->target),
                                                 displayText(fit->budget.message())));
}

std::string jsonType(const Value* v) {
  return v && v->dtype() != DType::Undefined ? jsonString(v->type().str()) : "null";
}

void printJson(const InspectArgs& a, const Graph& g, const std::vector<NodeRow>& rows, const Status& problems,
               const TargetFit* fit) {
  auto values = [](const std::vector<Value*>& vs) {
    std::vector<std::string> items;
    for (const Value* v : vs) items.push_back(fmt::format("{{\"name\": {}, \"type\": {}}}", jsonString(v->name()), jsonType(v)));
    return fmt::format("[{}]", fmt::join(items, ", "));
  };
  std::string s = "{\n";
  s += fmt::format("  \"model\": {},\n  \"graph\": {},\n", jsonString(a.model), jsonString(g.name));
  s += fmt::format("  \"inputs\": {},\n  \"outputs\": {},\n", values(g.inputs()), values(g.outputs()));
  int64_t totalParams = 0, totalMacs = 0;
  s += "  \"nodes\": [";
  for (size_t i = 0; i < rows.size(); ++i) {
    const NodeRow& r = rows[i];
    totalParams += r.params;
    totalMacs += r.macs;
    s += fmt::format("{}\n    {{\"index\": {}, \"name\": {}, \"op\": {}, \"output\": {}, \"params\": {}, \"macs\": {}}}",
                     i ? "," : "", i, jsonString(r.name), jsonString(r.op),
                     r.output == "?" ? "null" : jsonString(r.output), r.params, r.macs);
  }
  s += rows.empty() ? "],\n" : "\n  ],\n";
  s += fmt::format("  \"total\": {{\"nodes\": {}, \"params\": {}, \"macs\": {}}},\n", rows.size(), totalParams,
                   totalMacs);
  std::vector<std::string> bad;
  for (const Diagnostic& d : problems.diagnostics())
    bad.push_back(fmt::format("{{\"node\": {}, \"op\": {}, \"message\": {}}}", jsonString(d.node), jsonString(d.op),
                              jsonString(d.message)));
  s += fmt::format("  \"unsupported\": [{}]", fmt::join(bad, ", "));
  if (fit) {
    std::vector<std::string> nodes, variants;
    for (const std::string& v : fit->variants) variants.push_back(jsonString(v));
    for (const auto& [n, fns] : fit->kernels) {
      std::vector<std::string> k;
      for (const std::string& f : fns) k.push_back(jsonString(f));
      nodes.push_back(fmt::format("{{\"name\": {}, \"op\": {}, \"kernels\": [{}]}}", jsonString(n->name()),
                                  jsonString(n->op()), fmt::join(k, ", ")));
    }
    s += fmt::format(",\n  \"target\": {{\"name\": {}, \"kernel_variants\": [{}], \"ram_bytes\": {}, "
                     "\"flash_bytes\": {}, \"arena_bytes\": {}, \"constant_bytes\": {}, \"fits\": {}, "
                     "\"budget_problem\": {},\n    \"nodes\": [{}]}}",
                     jsonString(fit->target), fmt::join(variants, ", "), fit->ramBytes, fit->flashBytes, fit->arena,
                     fit->constants, fit->budget.isOk() ? "true" : "false",
                     fit->budget.isOk() ? "null" : jsonString(fit->budget.message()), fmt::join(nodes, ",\n      "));
  }
  s += "\n}\n";
  std::cout << s;
}

int runInspect(const InspectArgs& a, const CommonOptions& common) {
  LoadOptions lo;
  auto shapes = parseInputShapes(a.inputShapes);
  if (!shapes) {
    report(shapes.status(), "tinyaot");
    return 1;
  }
  lo.inputShapes = *shapes;
  Status problems;
  lo.problems = &problems;
  std::vector<Diagnostic> notes;
  lo.notes = &notes;
  auto g = loadOnnx(a.model, lo);
  if (!common.quiet)
    for (const Diagnostic& d : notes) std::cerr << d.format(a.model) << "\n";
  if (!g) {
    report(g.status(), a.model);
    return 1;
  }
  std::optional<TargetFit> fit;
  if (!a.target.empty() && problems.isOk()) {
    auto f = fitTarget(a, *shapes);
    if (!f) {
      report(f.status(), a.model);
      return 1;
    }
    fit = std::move(*f);
  }
  const std::vector<NodeRow> rows = nodeRows(**g);
  if (common.quiet) {  // the problems only
    for (const Diagnostic& d : problems.diagnostics()) std::cerr << d.format(a.model) << "\n";
  } else if (a.json) {
    printJson(a, **g, rows, problems, fit ? &*fit : nullptr);
  } else {
    printText(a, **g, rows, problems, fit ? &*fit : nullptr, common);
  }
  return problems.isOk() && (!fit || fit->budget.isOk()) ? 0 : 1;
}

}  // namespace

void addInspectCommand(CLI::App& app, CommandSet& set) {
  auto args = std::make_shared<InspectArgs>();
  CLI::App* c = app.add_subcommand(
      "inspect", "Print the model's nodes with op, output shape, parameters and MACs, and any unsupported ops");
  c->add_option("model", args->model, "The ONNX model file")->required();
  c->add_option("--input-shape", args->inputShapes,
                "Fix an input's shape: NAME=D0,D1,... (repeatable; a symbolic leading batch dimension alone "
                "defaults to 1)");
  c->add_option("--target", args->target,
                "Also compile the model (float, in memory) for this target: each node's kernels, and the arena and "
                "constant data against the target's RAM and flash");
  c->add_flag("--json", args->json, "Print JSON instead of tables");
  c->footer("Exit status: 0 when every node is supported (and, with --target, the model fits), 1 otherwise.");
  set.commands.push_back({c, [args, &common = set.common] { return runInspect(*args, common); }});
}

}  // namespace tinyaot
