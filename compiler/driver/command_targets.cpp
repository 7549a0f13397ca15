// tinyaot targets [NAME|PATH]: the built-in target descriptions (or one, in full).
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "driver/commands.h"
#include "driver/options.h"
#include "targets/target.h"

namespace tinyaot {

namespace {

std::string bytesText(int64_t b) {
  if (b >= (int64_t(1) << 30) && b % (int64_t(1) << 30) == 0) return fmt::format("{} GiB", b >> 30);
  if (b >= (int64_t(1) << 20) && b % (int64_t(1) << 20) == 0) return fmt::format("{} MiB", b >> 20);
  if (b >= 1024 && b % 1024 == 0) return fmt::format("{} KiB", b >> 10);
  return fmt::format("{} B", b);
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
  return s;
}

std::string qemuText(const TargetDesc& t) {
  if (t.qemuMachine.empty()) return "-";
  return t.qemuMachineSmall.empty() ? t.qemuMachine : t.qemuMachineSmall + "|" + t.qemuMachine;
}

void printKeys(const TargetDesc& t) {
  // A .target file given by path is outside text: shown escaped.
  std::cout << fmt::format("# {} ({})\n", displayText(t.name), displayText(t.origin));
  for (const auto& [k, v] : t.keys) std::cout << fmt::format("{} = {}\n", displayText(k), displayText(v));
}

// -q: only checks (a target file's errors); -v: every key of every target.
int runTargets(const std::string& which, const CommonOptions& common) {
  if (!which.empty()) {
    auto t = findTarget(which);
    if (!t) {
      report(t.status(), "tinyaot");
      return 1;
    }
    if (!common.quiet) printKeys(*t);
    return 0;
  }
  if (common.quiet) return 0;
  if (common.verbose) {
    for (const TargetDesc& t : builtinTargets()) {
      printKeys(t);
      std::cout << "\n";
    }
    return 0;
  }
  std::cout << fmt::format("{:<14} {:<13} {:<4} {:<4} {:<6} {:<24} {:>8} {:>8}  {}\n", "target", "cpu", "fpu", "dsp",
                           "helium", "kernels", "flash", "RAM", "QEMU machine");
  for (const TargetDesc& t : builtinTargets())
    std::cout << fmt::format("{:<14} {:<13} {:<4} {:<4} {:<6} {:<24} {:>8} {:>8}  {}\n", t.name, t.cpu, t.fpu,
                             t.dsp ? "yes" : "no", t.helium ? "yes" : "no", joined(t.kernels),
                             bytesText(t.flashBytes), bytesText(t.ramBytes), qemuText(t));
  std::cout << "\nUse: tinyaot compile MODEL.onnx -o DIR --target NAME (or a path to a NAME.target file).\n"
               "Without --target: portable reference kernels and no flash/RAM budgets.\n";
  return 0;
}

}  // namespace

void addTargetsCommand(CLI::App& app, CommandSet& set) {
  auto which = std::make_shared<std::string>();
  CLI::App* c = app.add_subcommand("targets", "List the built-in targets (CPU, FPU/DSP/Helium, kernel variants, "
                                              "flash/RAM budgets, QEMU test machine)");
  c->add_option("target", *which, "Print every key of one target (a name or a path to a NAME.target file)");
  c->footer("-v prints every key of every target; -q only checks a target file.");
  set.commands.push_back({c, [which, &common = set.common] { return runTargets(*which, common); }});
}

}  // namespace tinyaot
