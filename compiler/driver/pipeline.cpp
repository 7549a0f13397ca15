#include "driver/pipeline.h"

#include <filesystem>
#include <fstream>
#include <ostream>

#include "ir/printer.h"
#include "ops/registry.h"
#include "targets/target.h"

namespace tinyaot {

std::string defaultModelName(const std::string& path) {
  return cIdentifier(std::filesystem::path(path).stem().string(), kMaxNameChars);
}

Expected<std::unique_ptr<Graph>> loadAndOptimize(const CompileOptions& opts, std::ostream& log) {
  auto g = loadOnnx(opts.modelPath, opts.load);
  if (!g) return g.status();
  PassContext ctx{opts.lower};
  const bool all = opts.printAfter.count("all") > 0;
  if (all || opts.printAfter.count("load")) log << "// after load\n" << printGraph(**g);
  for (const Pass& p : optimizationPasses()) {
    if (opts.disabledPasses.count(p.name)) continue;
    auto changed = p.run(**g, ctx);
    if (!changed) return changed.status();
    if (Status s = (*g)->verify(); !s.isOk())
      return errorf("internal: the graph is invalid after pass '{}': {}", p.name, s.message());
    if (all || opts.printAfter.count(p.name)) log << "// after " << p.name << "\n" << printGraph(**g);
  }
  return g;
}

Expected<CompiledModel> finishCompile(std::unique_ptr<Graph> g, const CompileOptions& opts, std::ostream* log) {
  CompiledModel m;
  m.name = opts.name.empty() ? defaultModelName(opts.modelPath) : opts.name;
  if (!isCIdentifier(m.name) || m.name.size() > kMaxNameChars)
    return errorf("--name '{}' is not usable: give a C identifier of at most {} characters (letters, digits and "
                  "'_', not starting with a digit or '_', no \"__\", not a keyword)",
                  commentText(m.name, 80), kMaxNameChars);
  for (const auto& [section, flag] : {std::pair{&opts.codegen.arenaSection, "--arena-section"},
                                      std::pair{&opts.codegen.weightsSection, "--weights-section"}})
    if (!section->empty()) TA_TRY(checkSectionName(*section, flag));
  // Lowering depends on the node only, not on the order: lower first, so
  // that the schedule can count scratch memory.
  for (Node* n : g->nodes()) {
    const OpDef* def = findOp(n->op());
    if (!def) return Status::nodeError(*n, "unsupported operator");
    if (def->alias) continue;
    auto l = def->lower(*n, opts.lower);
    if (!l) return l.status();
    m.lowered[n] = std::move(*l);
  }
  m.scheduleInfo.order = g->nodes();
  if (!opts.disabledPasses.count("schedule")) {
    std::map<const Node*, int64_t> scratch;
    for (auto& [n, calls] : m.lowered)
      for (const KernelCall& k : calls) scratch[n] = std::max(scratch[n], k.scratchBytes());
    ScheduleOptions so;
    so.ioInArena = opts.plan.ioInArena;
    m.scheduleInfo = scheduleForMemory(*g, scratch, so);
    if (m.scheduleInfo.changed) g->setOrder(m.scheduleInfo.order);
    if (Status s = g->verify(); !s.isOk()) return errorf("internal: the graph is invalid after pass 'schedule': {}", s.message());
    if (log && (opts.printAfter.count("all") || opts.printAfter.count("schedule")))
      *log << "// after schedule\n" << printGraph(*g);
  }
  for (Node* n : g->nodes()) m.schedule.push_back(n);
  auto plan = planMemory(*g, m.lowered, opts.plan);
  if (!plan) return plan.status();
  m.plan = std::move(*plan);
  CodegenOptions cg = opts.codegen;
  cg.name = m.name;
  cg.modelFile = std::filesystem::path(opts.modelPath).filename().string();
  cg.target = opts.target;
  cg.kernelVariants = opts.lower.kernelVariants;
  cg.optionsText = opts.optionsText;
  auto files = emitModel(*g, m.schedule, m.lowered, m.plan, cg);
  if (!files) return files.status();
  m.files = std::move(*files);
  m.graph = std::move(g);
  return m;
}

Expected<CompiledModel> compileModel(const CompileOptions& opts, std::ostream& log) {
  auto g = loadAndOptimize(opts, log);
  if (!g) return g.status();
  std::optional<QuantReport> quantReport;
  if (opts.quantize.enabled) {
    auto r = quantizeGraph(**g, opts.quantize);
    if (!r) return r.status();
    quantReport = std::move(*r);
    if (opts.printAfter.count("all") || opts.printAfter.count("quantize"))
      log << "// after quantize\n" << printGraph(**g);
  }
  auto m = finishCompile(std::move(*g), opts, &log);
  if (m) m->quantReport = std::move(quantReport);
  return m;
}

Status setTarget(CompileOptions& opts, const std::string& nameOrPath) {
  auto t = findTarget(nameOrPath);
  if (!t) return t.status();
  opts.target = t->name;
  opts.lower.kernelVariants = t->kernels;
  opts.targetFlashBytes = t->flashBytes;
  opts.targetRamBytes = t->ramBytes;
  return Status::ok();
}

Status writeGenerated(const CompiledModel& m, const std::string& outDir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(outDir, ec);
  if (ec) return errorf("cannot create output directory '{}': {}", outDir, ec.message());
  const fs::path h = fs::path(outDir) / (m.name + ".h"), c = fs::path(outDir) / (m.name + ".cpp");
  const fs::path ht = h.string() + ".tmp", ct = c.string() + ".tmp";
  auto write = [](const fs::path& p, const std::string& text) {
    std::ofstream f(p, std::ios::binary | std::ios::trunc);
    f << text;
    f.close();
    return bool(f);
  };
  if (!write(ht, m.files.header) || !write(ct, m.files.source)) {
    fs::remove(ht, ec);
    fs::remove(ct, ec);
    return errorf("cannot write into '{}'", outDir);
  }
  fs::rename(ht, h, ec);
  if (!ec) fs::rename(ct, c, ec);
  if (ec) {
    fs::remove(ht, ec);
    fs::remove(ct, ec);
    return errorf("cannot write '{}' and '{}'", h.string(), c.string());
  }
  return Status::ok();
}

}  // namespace tinyaot
