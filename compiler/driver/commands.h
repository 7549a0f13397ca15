// The CLI commands. Each registers its options on a CLI11 subcommand and
// runs when that subcommand was chosen. What every command shares is set up
// once, in commands.cpp, for all of them (a new command gets it for free):
// -q/--quiet and -v/--verbose, "did you mean" for a mistyped command or
// option, and --version.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace tinyaot {

// The options every command takes (before or after the command's name).
struct CommonOptions {
  bool quiet = false;  // -q: nothing but errors and warnings (wins over -v)
  int verbose = 0;     // -v: more detail, where a command has any (repeatable)
};

struct CommandSet {
  // Filled in by the parser before a command runs: commands capture a
  // reference to it when they register.
  CommonOptions common;
  std::vector<std::pair<CLI::App*, std::function<int()>>> commands;
  int run() const;
};

// Adds every command to `app` (the one list of commands).
void registerCommands(CLI::App& app, CommandSet& set);

// The whole CLI: parses argv, runs the chosen command, returns the exit
// status (0 success, 1 a problem with the model or an option's value, 2 a
// usage error).
int runCommandLine(int argc, char** argv);

// "tinyaot 0.1.0": what --version prints and the generated files' banner says.
std::string versionText();

// Individual commands (command_*.cpp).
void addCompileCommand(CLI::App& app, CommandSet& set);
void addInspectCommand(CLI::App& app, CommandSet& set);
void addTargetsCommand(CLI::App& app, CommandSet& set);
void addOpsCommand(CLI::App& app, CommandSet& set);

}  // namespace tinyaot
