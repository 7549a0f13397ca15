// The CLI commands. Each registers its options on a CLI11 subcommand and
// runs when that subcommand was chosen.
#pragma once
#include <functional>
#include <vector>

namespace CLI {
class App;
}

namespace tinyaot {

struct CommandSet {
  std::vector<std::pair<CLI::App*, std::function<int()>>> commands;
  int run() const;
};

void registerCommands(CLI::App& app, CommandSet& set);

// Individual commands (commands_*.cpp).
void addCompileCommand(CLI::App& app, CommandSet& set);
void addInspectCommand(CLI::App& app, CommandSet& set);
void addTargetsCommand(CLI::App& app, CommandSet& set);
void addOpsCommand(CLI::App& app, CommandSet& set);

}  // namespace tinyaot
