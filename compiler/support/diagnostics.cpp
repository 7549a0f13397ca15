#include "support/diagnostics.h"

#include "ir/graph.h"
#include "support/escape.h"

namespace tinyaot {

std::string Diagnostic::format(const std::string& file) const {
  const char* sev = severity == Severity::Error ? "error" : severity == Severity::Warning ? "warning" : "note";
  // Names come from the model: shown escaped, so that none can move the
  // cursor, fake a line or recolour the terminal.
  std::string out = file.empty() ? std::string() : displayText(file) + ": ";
  if (!node.empty() || !op.empty()) out += fmt::format("node '{}' ({}): ", displayText(node), displayText(op));
  return out + fmt::format("{}: {}", sev, displayText(message));
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

Status checkReportExtension(const std::string& flag, const std::string& path,
                            const std::vector<std::string>& extensions) {
  for (const std::string& e : extensions)
    if (path.size() > e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0) return Status::ok();
  return errorf("{} '{}': the file name must end in {} (the format follows the extension)", flag, path,
                fmt::join(extensions, " or "));
}

}  // namespace tinyaot
