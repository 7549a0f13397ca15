#include "driver/commands.h"

#include <iostream>
#include <set>

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "support/escape.h"
#include "support/suggest.h"

namespace tinyaot {

namespace {

// Every spelling of every option of `app` ("--quiet", "-q", ...).
std::vector<std::string> optionSpellings(const CLI::App& app) {
  std::vector<std::string> out;
  for (const CLI::Option* o : app.get_options()) {
    for (const std::string& l : o->get_lnames()) out.push_back("--" + l);
    for (const std::string& s : o->get_snames()) out.push_back("-" + s);
  }
  return out;
}

std::vector<std::string> commandNames(const CLI::App& app) {
  std::vector<std::string> out;
  for (const CLI::App* sub : app.get_subcommands({})) out.push_back(sub->get_name());
  return out;
}

// -q/-v on `app`, unless it already has them.
void addCommonOptions(CLI::App& app, CommonOptions& common) {
  if (app.get_option_no_throw("--quiet") || app.get_option_no_throw("--verbose")) return;
  app.add_flag("-q,--quiet", common.quiet, "Print nothing but errors and warnings (wins over -v)");
  app.add_flag("-v,--verbose", common.verbose, "Print more detail (repeatable)");
}

int usageError(const std::string& message, const std::string& helpCommand) {
  std::cerr << "tinyaot: " << message << "\nRun '" << helpCommand << " --help' for more information.\n";
  return 2;
}

// Before parsing: the words in front of the command must be top-level
// options, and the first other word a command. CLI11 alone would answer
// "A subcommand is required" to a mistyped command.
int checkCommandWord(const CLI::App& app, int argc, char** argv) {
  const std::vector<std::string> top = optionSpellings(app), commands = commandNames(app);
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    if (word.size() > 1 && word[0] == '-') {
      const std::string bare = word.substr(0, word.find('='));
      if (std::find(top.begin(), top.end(), bare) != top.end()) continue;
      if (bare.size() > 2 && bare[1] != '-') {  // -qv: grouped short flags
        bool allKnown = true;
        for (size_t k = 1; k < bare.size(); ++k)
          allKnown = allKnown && std::find(top.begin(), top.end(), std::string("-") + bare[k]) != top.end();
        if (allKnown) continue;
      }
      return usageError(fmt::format("unknown option '{}'{} (options go after the command: tinyaot COMMAND "
                                    "[options]; commands: {})",
                                    displayText(bare), didYouMean(bare, top), joinNames(commands)),
                        "tinyaot");
    }
    if (std::find(commands.begin(), commands.end(), word) != commands.end()) return 0;
    return usageError(
        fmt::format("unknown command '{}'{} (commands: {})", displayText(word), didYouMean(word, commands), joinNames(commands)),
        "tinyaot");
  }
  return 0;  // no command: CLI11 says one is required
}

// After parsing: what the chosen command did not recognize.
int checkLeftovers(const CLI::App& sub) {
  const std::vector<std::string> rest = sub.remaining();
  if (rest.empty()) return 0;
  const std::string help = "tinyaot " + sub.get_name();
  const std::string& word = rest.front();
  if (word.size() > 1 && word[0] == '-') {
    const std::string bare = word.substr(0, word.find('='));
    return usageError(fmt::format("{}: unknown option '{}'{}", sub.get_name(), displayText(bare),
                                  didYouMean(bare, optionSpellings(sub))),
                      help);
  }
  return usageError(fmt::format("{}: unexpected argument '{}'", sub.get_name(), displayText(word)), help);
}

}  // namespace

std::string versionText() { return std::string("tinyaot ") + TINYAOT_VERSION; }

void registerCommands(CLI::App& app, CommandSet& set) {
  addCompileCommand(app, set);
  addInspectCommand(app, set);
  addTargetsCommand(app, set);
  addOpsCommand(app, set);
}

int CommandSet::run() const {
  for (auto& [sub, fn] : commands)
    if (sub->parsed()) return fn();
  return 2;
}

int runCommandLine(int argc, char** argv) {
  CLI::App app{"TinyAOT: compiles ONNX models into self-contained C++ for microcontrollers.\n"
               "Run 'tinyaot COMMAND --help' for the options of a command.",
               "tinyaot"};
  app.set_help_all_flag("--help-all", "Print the help of every command");
  app.set_version_flag("--version", versionText(), "Print the version and exit");
  app.require_subcommand(1);
  CommandSet set;
  registerCommands(app, set);
  // What every command shares.
  addCommonOptions(app, set.common);
  for (CLI::App* sub : app.get_subcommands({})) {
    addCommonOptions(*sub, set.common);
    sub->allow_extras();  // checked by checkLeftovers, with a suggestion
  }
  if (int rc = checkCommandWord(app, argc, argv)) return rc;
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // A mistyped option first: it may be why something looks missing.
    for (auto& [sub, fn] : set.commands)
      if (sub->parsed())
        if (int rc = checkLeftovers(*sub)) return rc;
    app.exit(e);
    return 2;
  }
  for (auto& [sub, fn] : set.commands)
    if (sub->parsed())
      if (int rc = checkLeftovers(*sub)) return rc;
  try {
    return set.run();
  } catch (const std::exception& e) {
    std::cerr << "tinyaot: internal error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace tinyaot
