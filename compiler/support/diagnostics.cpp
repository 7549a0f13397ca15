#include "support/diagnostics.h"

#include "ir/graph.h"

namespace tinyaot {

std::string Diagnostic::format(const std::string& file) const {
  const char* sev = severity == Severity::Error ? "error" : severity == Severity::Warning ? "warning" : "note";
  std::string out = file.empty() ? std::string() : file + ": ";
  if (!node.empty() || !op.empty()) out += fmt::format("node '{}' ({}): ", node, op);
  return out + fmt::format("{}: {}", sev, message);
}

Status Status::nodeError(const Node& n, std::string message) {
  return nodeError(n.name(), n.op(), std::move(message));
}

bool Status::isOk() const {
  for (const auto& d : diags_)
    if (d.severity == Diagnostic::Severity::Error) return false;
  return true;
}

std::string Status::message() const {
  for (const auto& d : diags_)
    if (d.severity == Diagnostic::Severity::Error) return d.message;
  return {};
}

std::string Status::format(const std::string& file) const {
  std::string out;
  for (const auto& d : diags_) out += d.format(file) + "\n";
  return out;
}

}  // namespace tinyaot
