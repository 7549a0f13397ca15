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

// A few lines: arena vs lower bound, where the peak is, what was shared.
std::string memorySummary(const CompiledModel& m);

// FILE.json: the figures as JSON; anything else: an HTML page.
Status writeMemoryReport(const CompiledModel& m, const std::string& path);

// The report's contents, for tests.
std::string memoryReportJson(const CompiledModel& m);
std::string memoryReportHtml(const CompiledModel& m);

}  // namespace tinyaot
