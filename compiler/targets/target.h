// Target descriptions: targets/NAME.target files (plain `key = value` lines,
// `#` comments, space-separated lists). The files of the source tree are
// embedded into the compiler at build time (cmake/EmbedTargets.cmake), so an
// installed tinyaot needs no source tree; a path to a .target file works too.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "support/diagnostics.h"

namespace tinyaot {

struct TargetDesc {
  std::string name, description, arch, cpu, cflags, fpu, toolchain;
  bool dsp = false, helium = false;
  std::vector<std::string> kernels;  // kernel variants in priority order
  int64_t flashBytes = 0, ramBytes = 0;
  std::string qemuMachine, qemuMachineSmall;  // empty: no QEMU board
  std::map<std::string, std::string> keys;    // every key, as written
  std::string origin;                         // "<embedded>" or the file path

  std::string get(const std::string& key) const {
    auto it = keys.find(key);
    return it == keys.end() ? std::string() : it->second;
  }
};

// Kernel variant names the compiler knows, in no particular order.
const std::vector<std::string>& knownKernelVariants();

// Parses the text of a .target file; `origin` names it in errors.
Expected<TargetDesc> parseTarget(const std::string& text, const std::string& origin);

// A target by name (embedded) or by path (contains '/' or ends in .target).
Expected<TargetDesc> findTarget(const std::string& nameOrPath);

// Every embedded target, sorted by name.
std::vector<TargetDesc> builtinTargets();

}  // namespace tinyaot
