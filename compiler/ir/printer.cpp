#include "ir/printer.h"

namespace tinyaot {

std::string printGraph(const Graph& g) {
  std::string out = fmt::format("graph '{}'\n", g.name);
  for (const Value* v : g.inputs()) out += fmt::format("  input  %{}: {}\n", v->name(), v->type().str());
  for (const Node* n : g.nodes()) {
    std::vector<std::string> ins, outs, attrs;
    for (const Value* v : n->inputs())
      ins.push_back(!v ? "-" : v->isConstant() ? fmt::format("const %{}", v->name()) : "%" + v->name());
    for (const Value* v : n->outputs()) outs.push_back(v ? fmt::format("%{}: {}", v->name(), v->type().str()) : "-");
    for (auto& [k, a] : n->attrs().all()) {
      switch (a.kind) {
        case Attribute::Kind::Int: attrs.push_back(fmt::format("{}={}", k, a.i)); break;
        case Attribute::Kind::Float: attrs.push_back(fmt::format("{}={}", k, a.f)); break;
        case Attribute::Kind::String: attrs.push_back(fmt::format("{}=\"{}\"", k, a.s)); break;
        case Attribute::Kind::Ints: attrs.push_back(fmt::format("{}=[{}]", k, fmt::join(a.ints, ","))); break;
        case Attribute::Kind::Floats: attrs.push_back(fmt::format("{}=[{}]", k, fmt::join(a.floats, ","))); break;
        default: attrs.push_back(k); break;
      }
    }
    out += fmt::format("  {} = {}({}){} '{}'\n", fmt::join(outs, ", "), n->op(), fmt::join(ins, ", "),
                       attrs.empty() ? "" : fmt::format(" {{{}}}", fmt::join(attrs, ", ")), n->name());
  }
  for (const Value* v : g.outputs()) out += fmt::format("  output %{}\n", v->name());
  return out;
}

}  // namespace tinyaot
