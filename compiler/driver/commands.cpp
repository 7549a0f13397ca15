#include "driver/commands.h"

#include <CLI/CLI.hpp>

namespace tinyaot {

int CommandSet::run() const {
  for (auto& [sub, fn] : commands)
    if (sub->parsed()) return fn();
  return 2;
}

void registerCommands(CLI::App& app, CommandSet& set) {
  addCompileCommand(app, set);
  addInspectCommand(app, set);
  addTargetsCommand(app, set);
  addOpsCommand(app, set);
}

}  // namespace tinyaot
