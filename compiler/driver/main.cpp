// tinyaot: the command-line driver.
//   exit 0: success; 1: a problem with the model or the options' values
//   (diagnostic on stderr); 2: a usage error.
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "driver/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"TinyAOT: compiles ONNX models into self-contained C++ for microcontrollers.\n"
               "Run 'tinyaot COMMAND --help' for the options of a command.",
               "tinyaot"};
  app.set_help_all_flag("--help-all", "Print the help of every command");
  app.require_subcommand(1);
  tinyaot::CommandSet commands;
  tinyaot::registerCommands(app, commands);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  try {
    return commands.run();
  } catch (const std::exception& e) {
    std::cerr << "tinyaot: internal error: " << e.what() << "\n";
    return 1;
  }
}
