// tinyaot ops [--json]: every registered operator with its domain, opset range,
// dtypes, notes and flags (alias: zero-copy; internal: created by passes
// only). scripts/gen_operator_docs.py turns the JSON form into
// docs/operators.md.
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "driver/commands.h"
#include "ops/registry.h"
#include "support/json.h"

namespace tinyaot {

namespace {

int runOps(bool json) {
  const std::vector<const OpDef*> ops = allOps();  // sorted by name
  if (json) {
    std::cout << "{\n  \"ops\": [\n";
    for (size_t i = 0; i < ops.size(); ++i) {
      const OpDef& d = *ops[i];
      std::cout << fmt::format(
          "    {{\"name\": {}, \"domain\": {}, \"min_opset\": {}, \"max_opset\": {}, \"dtypes\": {}, "
          "\"notes\": {}, \"alias\": {}, \"internal\": {}}}{}\n",
          jsonString(d.name), jsonString(d.domain), d.minOpset, d.maxOpset, jsonString(d.dtypes), jsonString(d.notes),
          d.alias ? "true" : "false", d.internal ? "true" : "false", i + 1 < ops.size() ? "," : "");
    }
    std::cout << "  ]\n}\n";
    return 0;
  }
  std::cout << fmt::format("{:<24} {:<8} {:<5} {:<28} {}\n", "operator", "opsets", "alias", "dtypes", "notes");
  for (const OpDef* d : ops)
    std::cout << fmt::format("{:<24} {:<8} {:<5} {:<28} {}\n",
                             *d->domain ? fmt::format("{}.{}", d->domain, d->name) : std::string(d->name),
                             fmt::format("{}-{}", d->minOpset, d->maxOpset),
                             d->alias ? "yes" : "", d->dtypes,
                             d->internal ? fmt::format("(internal, not accepted in ONNX files) {}", d->notes) : d->notes);
  std::cout << fmt::format("\n{} operators\n", ops.size());
  return 0;
}

}  // namespace

void addOpsCommand(CLI::App& app, CommandSet& set) {
  auto json = std::make_shared<bool>(false);
  CLI::App* c = app.add_subcommand("ops", "List the supported operators with opset range, dtypes and notes");
  c->add_flag("--json", *json, "Print JSON (used by scripts/gen_operator_docs.py)");
  set.commands.push_back({c, [json, &common = set.common] { return common.quiet ? 0 : runOps(*json); }});
}

}  // namespace tinyaot
