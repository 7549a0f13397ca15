// What the memory planner tells the user: the budget check, the short text
// summary on stdout, and --report FILE (a self-contained HTML page with a
// picture of the plan, or the same figures as JSON, by file extension).
#pragma once
#include <string>

#include "driver/pipeline.h"

namespace tinyaot {

// Fails when the arena exceeds the RAM budget or the constant data the flash
// budget (CompileOptions::ramBudget/flashBudget, else the target's), naming
// the peak step and the tensors live there.
Status checkBudgets(const CompiledModel& m, const CompileOptions& opts);

// The one line `compile` prints: the files, arena (RAM), constant data
// (flash), node count, and for an int8 model the output SQNR.
std::string compileSummaryLine(const CompiledModel& m, const std::string& header, const std::string& source);

// "arena N bytes, equal to / below / above the lower bound without in-place
// sharing (M bytes, ...)": both numbers named.
std::string arenaText(const MemoryPlan& p);

// A few lines (compile -v): arena vs lower bound, where the peak is, what
// was shared.
std::string memorySummary(const CompiledModel& m);

// The file names writeMemoryReport() accepts: FILE.json (the figures as
// JSON) or FILE.html (an HTML page).
inline const std::vector<std::string> kMemoryReportExtensions = {".json", ".html"};
Status writeMemoryReport(const CompiledModel& m, const std::string& path);

// The report's contents, for tests.
std::string memoryReportJson(const CompiledModel& m);
std::string memoryReportHtml(const CompiledModel& m);

}  // namespace tinyaot
