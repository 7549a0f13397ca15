// Parsing helpers for option values shared by several commands.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "ir/types.h"
#include "support/diagnostics.h"
#include "support/escape.h"

namespace tinyaot {

// "input=1,3,32,32" entries -> map. Errors name the bad entry.
Expected<std::map<std::string, Shape>> parseInputShapes(const std::vector<std::string>& specs);

// Prints a Status's diagnostics to stderr prefixed with the model file.
void report(const Status& s, const std::string& file);

}  // namespace tinyaot
