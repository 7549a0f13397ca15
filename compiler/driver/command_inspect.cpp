// tinyaot inspect MODEL.onnx: the nodes with op, output shape, parameters and
// MACs, totals, and every unsupported node.
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "driver/commands.h"
#include "driver/options.h"
#include "frontend/onnx_loader.h"
#include "ops/registry.h"

namespace tinyaot {

namespace {

struct InspectArgs {
  std::string model;
  std::vector<std::string> inputShapes;
};

int runInspect(const InspectArgs& a) {
  LoadOptions lo;
  auto shapes = parseInputShapes(a.inputShapes);
  if (!shapes) {
    report(shapes.status(), "");
    return 1;
  }
  lo.inputShapes = *shapes;
  Status problems;
  lo.problems = &problems;
  auto g = loadOnnx(a.model, lo);
  if (!g) {
    report(g.status(), a.model);
    return 1;
  }
  std::cout << fmt::format("{}: graph '{}'\n", displayText(a.model), displayText((*g)->name));
  for (const Value* v : (*g)->inputs()) std::cout << fmt::format("  input  {}: {}\n", displayText(v->name()), v->type().str());
  for (const Value* v : (*g)->outputs())
    std::cout << fmt::format("  output {}: {}\n", displayText(v->name()), v->dtype() == DType::Undefined ? "?" : v->type().str());
  std::cout << fmt::format("\n{:<4} {:<28} {:<20} {:<26} {:>10} {:>12}\n", "#", "node", "op", "output", "params", "MACs");
  int64_t totalParams = 0, totalMacs = 0;
  int i = 0;
  for (const Node* n : (*g)->nodes()) {
    int64_t params = 0;
    for (const Value* v : n->inputs())
      if (v && v->isConstant()) params += v->type().elements();
    const OpDef* def = findOp(n->op());
    const Value* out = n->output(0);
    const bool typed = out && out->dtype() != DType::Undefined;
    int64_t macs = 0;
    if (def && def->macs && typed) macs = def->macs(*n);
    totalParams += params;
    totalMacs += macs;
    std::string shape = typed ? out->type().str() : "?";
    std::cout << fmt::format("{:<4} {:<28} {:<20} {:<26} {:>10} {:>12}\n", i++, displayText(n->name().substr(0, 28)),
                             displayText(n->op().substr(0, 20)), shape, params, macs);
  }
  std::cout << fmt::format("\ntotal: {} nodes, {} parameters, {} MACs\n", (*g)->numNodes(), totalParams, totalMacs);
  if (problems.isOk()) {
    std::cout << "unsupported: none\n";
    return 0;
  }
  std::cout << "unsupported or invalid:\n";
  for (const Diagnostic& d : problems.diagnostics())
    std::cout << "  " << d.format("") << "\n";
  return 1;
}

}  // namespace

void addInspectCommand(CLI::App& app, CommandSet& set) {
  auto args = std::make_shared<InspectArgs>();
  CLI::App* c = app.add_subcommand(
      "inspect", "Print the model's nodes with op, output shape, parameters and MACs, and any unsupported ops");
  c->add_option("model", args->model, "The ONNX model file")->required();
  c->add_option("--input-shape", args->inputShapes, "Fix an input's shape: NAME=D0,D1,... (repeatable)");
  c->footer("Exit status: 0 when every node is supported, 1 otherwise.");
  set.commands.push_back({c, [args] { return runInspect(*args); }});
}

}  // namespace tinyaot
