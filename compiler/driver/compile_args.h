// The options that decide what `compile` builds, shared by every command
// that compiles a model (compile, inspect --target, and commands that build
// and run the generated code): their CLI11 registration, their checks, and
// their conversion into CompileOptions, in one place.
#pragma once
#include <string>
#include <vector>

#include "driver/commands.h"
#include "driver/pipeline.h"

namespace tinyaot {

struct CompileArgs {
  std::string model, name;
  std::vector<std::string> inputShapes, printAfter, disablePasses;
  std::string arena = "static", arenaSection, weightsSection;
  std::string target;  // empty: none (reference kernels, no budgets)
  // Memory planning.
  std::string ramBudget, flashBudget;
  bool ioInArena = false, debugPoison = false, noInPlace = false;
  // Post-training quantization.
  std::string quantize, calibrationMethod = "minmax", io = "float";
  std::vector<std::string> calibration;
  bool perTensor = false;
};

// Registers the model argument and every option of CompileArgs on `c`.
void addCompileArgs(CLI::App& c, CompileArgs& a);

// Checks the values and fills `o`; on a bad value prints the error (naming
// the option and the valid values) and returns false. `common` decides
// whether calibration shows progress.
bool makeCompileOptions(const CompileArgs& a, const CommonOptions& common, CompileOptions& o);

// The options that shape the generated code, in a fixed order, non-default
// ones only, calibration paths reduced to their file names: for the banner
// of the generated files (CompileOptions::optionsText).
std::string codeOptionsText(const CompileArgs& a);

}  // namespace tinyaot
