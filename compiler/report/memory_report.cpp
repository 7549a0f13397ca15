#include "report/memory_report.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "ops/registry.h"
#include "support/json.h"

namespace tinyaot {

namespace {

// Everything the report shows, computed once.
struct Figures {
  struct Row {
    int step;
    std::string node, op;
    std::vector<std::string> ins, outs;
    int64_t macs = 0, weightBytes = 0, live = 0, liveNoShare = 0;
  };
  struct Rect {
    std::string name, kind;
    int64_t offset, bytes;
    int first, last;
    std::vector<std::pair<std::string, int64_t>> members;
  };
  std::vector<Row> rows;
  std::vector<Rect> rects;
  int peakStep = 0;
  int64_t peakLive = 0;
};

Figures figures(const CompiledModel& m) {
  const MemoryPlan& p = m.plan;
  Figures f;
  std::set<const Value*> shared;
  for (const Share& s : p.shares)
    if (s.kind != Share::Kind::Alias) shared.insert(s.out);
  for (const Buffer& b : p.buffers) {
    if (b.storage.kind != Storage::Kind::Arena) continue;
    Figures::Rect r{b.name(), "tensor", b.storage.offset, b.bytes, b.first, b.last, {}};
    if (b.scratchOwner) r.kind = "scratch";
    if (b.outputSlot >= 0) r.kind = "io";
    for (const Buffer::Member& mb : b.members) {
      r.members.push_back({mb.value->name(), mb.offset});
      if (shared.count(mb.value)) r.kind = "shared";
      if (mb.value->isGraphInput() || mb.value->isGraphOutput()) r.kind = r.kind == "shared" ? r.kind : "io";
    }
    f.rects.push_back(std::move(r));
  }
  for (int s = 0; s <= p.numSteps; ++s) {
    Figures::Row row;
    row.step = s;
    if (s < p.numSteps) {
      const Node* n = p.steps[size_t(s)];
      row.node = n->name();
      row.op = n->op();
      for (const Value* v : n->inputs())
        if (v) {
          row.ins.push_back(v->type().str());
          if (v->isConstant()) row.weightBytes += int64_t(v->data().size());
        }
      for (const Value* v : n->outputs())
        if (v) row.outs.push_back(v->type().str());
      const OpDef* def = findOp(n->op());
      if (def && def->macs) row.macs = def->macs(*n);
      if (auto it = m.lowered.find(n); it != m.lowered.end())
        for (const KernelCall& k : it->second)
          for (const KArg& a : k.args) {
            if (a.kind == KArg::Kind::Ints) row.weightBytes += int64_t(a.ints.size() * dtypeSize(a.elemType));
            if (a.kind == KArg::Kind::Floats) row.weightBytes += int64_t(a.floats.size() * sizeof(float));
          }
    } else {
      row.node = "(outputs read)";
    }
    for (const Figures::Rect& r : f.rects)
      if (r.first <= s && s <= r.last) row.live += r.bytes;
    row.liveNoShare = s < int(p.liveNoShare.size()) ? p.liveNoShare[size_t(s)] : 0;
    if (row.live > f.peakLive) {
      f.peakLive = row.live;
      f.peakStep = s;
    }
    f.rows.push_back(std::move(row));
  }
  return f;
}

std::string stepName(const MemoryPlan& p, int s) {
  if (s >= p.numSteps) return "the end of the run (outputs)";
  return fmt::format("node '{}' ({})", p.steps[size_t(s)]->name(), p.steps[size_t(s)]->op());
}

std::string html(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '&': o += "&amp;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&#39;"; break;
      default: o += c;
    }
  }
  return o;
}

std::string strList(const std::vector<std::string>& v) {
  std::vector<std::string> q;
  for (auto& s : v) q.push_back(jsonString(s));
  return fmt::format("[{}]", fmt::join(q, ", "));
}

}  // namespace

Status checkBudgets(const CompiledModel& m, const CompileOptions& opts) {
  auto pick = [&](int64_t own, int64_t target, const char* flag) -> std::pair<int64_t, std::string> {
    if (own >= 0) return {own, flag};
    return {target, fmt::format("of target '{}'; {} none to ignore it", opts.target, flag)};
  };
  const auto [ram, ramFrom] = pick(opts.ramBudget, opts.targetRamBytes, "--ram-budget");
  const auto [flash, flashFrom] = pick(opts.flashBudget, opts.targetFlashBytes, "--flash-budget");
  Status st = Status::ok();
  if (ram > 0 && m.plan.arenaSize > ram) {
    const Figures f = figures(m);
    std::vector<const Figures::Rect*> live;
    for (const Figures::Rect& r : f.rects)
      if (r.first <= f.peakStep && f.peakStep <= r.last) live.push_back(&r);
    std::stable_sort(live.begin(), live.end(), [](auto* a, auto* b) { return a->bytes > b->bytes; });
    std::vector<std::string> names;
    for (auto* r : live) names.push_back(fmt::format("'{}' {}", r->name, r->bytes));
    st = errorf("the arena needs {} bytes, over the RAM budget of {} bytes ({}) by {} bytes; the peak is at step {}, "
                "{}, with {} bytes live: {}",
                m.plan.arenaSize, ram, ramFrom, m.plan.arenaSize - ram, f.peakStep, stepName(m.plan, f.peakStep),
                f.peakLive, fmt::join(names, ", "));
  }
  if (flash > 0 && m.files.weightBytes > flash) {
    Status fs = errorf("the constant data (weights and kernel parameters) needs {} bytes, over the flash budget of {} "
                       "bytes ({}) by {} bytes (code is not counted)",
                       m.files.weightBytes, flash, flashFrom, m.files.weightBytes - flash);
    if (st.isOk()) return fs;
    return errorf("{}; and {}", st.message(), fs.message());
  }
  return st;
}

std::string arenaText(const MemoryPlan& p) {
  const std::string bound =
      fmt::format("the lower bound without in-place sharing ({} bytes, the most that is live at one step, step {}, {})",
                  p.lowerBound, p.lowerBoundStep, stepName(p, p.lowerBoundStep));
  if (p.arenaSize == p.lowerBound) return fmt::format("arena {} bytes, equal to {}", p.arenaSize, bound);
  if (p.arenaSize < p.lowerBound)
    return fmt::format("arena {} bytes, {} bytes below {}: tensors written in place over their inputs", p.arenaSize,
                       p.lowerBound - p.arenaSize, bound);
  return fmt::format("arena {} bytes, {} bytes above {}: room lost to gaps between tensors", p.arenaSize,
                     p.arenaSize - p.lowerBound, bound);
}

std::string compileSummaryLine(const CompiledModel& m, const std::string& header, const std::string& source) {
  std::string s = fmt::format("tinyaot: wrote {} and {}: arena {} bytes (RAM), constant data {} bytes (flash), {} nodes",
                              header, source, m.plan.arenaSize, m.files.weightBytes, m.schedule.size());
  if (m.quantReport) s += "; " + formatOutputSqnr(*m.quantReport);
  return s + "\n";
}

std::string memorySummary(const CompiledModel& m) {
  const MemoryPlan& p = m.plan;
  std::string s;
  s += fmt::format("  memory: {}; all intermediates side by side {} bytes\n", arenaText(p), p.sumIntermediates);
  s += fmt::format("  placement: {}{}", p.stats.placement, p.stats.optimal ? ", optimal" : ", not proven optimal");
  if (p.stats.searchNodes) s += fmt::format(" ({} search nodes)", p.stats.searchNodes);
  s += "\n";
  const ScheduleResult& sr = m.scheduleInfo;
  if (sr.changed)
    s += fmt::format("  schedule: reordered, peak live {} -> {} bytes{}\n", sr.peakBefore, sr.peakAfter,
                     sr.exact ? " (exact)" : " (beam search)");
  for (const std::string& n : p.stats.inPlace) s += "  in place: " + n + "\n";
  return s;
}

std::string memoryReportJson(const CompiledModel& m) {
  const MemoryPlan& p = m.plan;
  const Figures f = figures(m);
  std::string o = "{\n";
  o += fmt::format("  \"model\": {},\n", jsonString(m.name));
  o += fmt::format("  \"arena_bytes\": {},\n  \"arena_align\": {},\n", p.arenaSize, p.arenaAlign);
  o += fmt::format("  \"lower_bound_bytes\": {},\n  \"lower_bound_step\": {},\n", p.lowerBound, p.lowerBoundStep);
  o += fmt::format("  \"sum_intermediates_bytes\": {},\n", p.sumIntermediates);
  o += fmt::format("  \"weights_bytes\": {},\n", m.files.weightBytes);
  o += fmt::format("  \"peak_step\": {},\n  \"peak_live_bytes\": {},\n", f.peakStep, f.peakLive);
  o += fmt::format("  \"io_in_arena\": {},\n", p.ioInArena ? "true" : "false");
  o += fmt::format("  \"placement\": {{\"strategy\": {}, \"optimal\": {}, \"search_nodes\": {}}},\n",
                   jsonString(p.stats.placement), p.stats.optimal ? "true" : "false", p.stats.searchNodes);
  o += fmt::format("  \"schedule\": {{\"reordered\": {}, \"exact\": {}, \"peak_before\": {}, \"peak_after\": {}}},\n",
                   m.scheduleInfo.changed ? "true" : "false", m.scheduleInfo.exact ? "true" : "false",
                   m.scheduleInfo.peakBefore, m.scheduleInfo.peakAfter);
  o += fmt::format("  \"in_place\": {},\n", strList(p.stats.inPlace));
  o += "  \"steps\": [\n";
  for (size_t i = 0; i < f.rows.size(); ++i) {
    const auto& r = f.rows[i];
    o += fmt::format("    {{\"step\": {}, \"node\": {}, \"op\": {}, \"inputs\": {}, \"outputs\": {}, \"macs\": {}, "
                     "\"weight_bytes\": {}, \"live_bytes\": {}, \"live_bytes_no_sharing\": {}}}{}\n",
                     r.step, jsonString(r.node), jsonString(r.op), strList(r.ins), strList(r.outs), r.macs,
                     r.weightBytes, r.live, r.liveNoShare, i + 1 < f.rows.size() ? "," : "");
  }
  o += "  ],\n  \"buffers\": [\n";
  for (size_t i = 0; i < f.rects.size(); ++i) {
    const auto& r = f.rects[i];
    std::vector<std::string> mem;
    for (auto& [name, off] : r.members) mem.push_back(fmt::format("{{\"value\": {}, \"offset\": {}}}", jsonString(name), off));
    o += fmt::format("    {{\"name\": {}, \"kind\": {}, \"offset\": {}, \"bytes\": {}, \"first\": {}, \"last\": {}, "
                     "\"members\": [{}]}}{}\n",
                     jsonString(r.name), jsonString(r.kind), r.offset, r.bytes, r.first, r.last, fmt::join(mem, ", "),
                     i + 1 < f.rects.size() ? "," : "");
  }
  o += "  ],\n  \"intervals_no_sharing\": [\n";
  for (size_t i = 0; i < p.noShareIntervals.size(); ++i) {
    const auto& r = p.noShareIntervals[i];
    o += fmt::format("    {{\"name\": {}, \"bytes\": {}, \"first\": {}, \"last\": {}}}{}\n", jsonString(r.name), r.bytes,
                     r.first, r.last, i + 1 < p.noShareIntervals.size() ? "," : "");
  }
  o += "  ]\n}\n";
  return o;
}

std::string memoryReportHtml(const CompiledModel& m) {
  const MemoryPlan& p = m.plan;
  const Figures f = figures(m);
  const int steps = p.numSteps + 1;
  const double W = 960, H = 420, left = 70, right = 20, top = 20, bottom = 40;
  const double top_bytes = double(std::max<int64_t>({p.arenaSize, p.lowerBound, 1}));
  auto X = [&](double s) { return left + s * (W - left - right) / steps; };
  auto Y = [&](double b) { return H - bottom - b * (H - top - bottom) / top_bytes; };
  std::string svg = fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
                                "viewBox=\"0 0 {} {}\" role=\"img\">\n", W, H, W, H);
  svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" class=\"peak\"><title>peak "
                     "step {}</title></rect>\n",
                     X(f.peakStep), top, X(f.peakStep + 1) - X(f.peakStep), H - top - bottom, f.peakStep);
  for (size_t i = 0; i < f.rects.size(); ++i) {
    const auto& r = f.rects[i];
    std::vector<std::string> mem;
    for (auto& [name, off] : r.members) mem.push_back(fmt::format("{} @+{}", name, off));
    const std::string tip = fmt::format("{} ({}): {} bytes at offset {}, steps {}-{}{}", r.name, r.kind, r.bytes,
                                        r.offset, r.first, r.last,
                                        r.members.size() > 1 ? "; holds " + fmt::format("{}", fmt::join(mem, ", ")) : "");
    svg += fmt::format("<rect class=\"b {}\" data-first=\"{}\" data-last=\"{}\" x=\"{:.1f}\" y=\"{:.1f}\" "
                       "width=\"{:.1f}\" height=\"{:.1f}\"><title>{}</title></rect>\n",
                       r.kind, r.first, r.last, X(r.first), Y(double(r.offset + r.bytes)), X(r.last + 1) - X(r.first),
                       std::max(1.0, Y(double(r.offset)) - Y(double(r.offset + r.bytes))), html(tip));
  }
  // Labels: the lower bound's on the left, the arena's on the right (they may coincide).
  auto hline = [&](int64_t b, const char* cls, bool atRight, const std::string& label) {
    svg += fmt::format("<line class=\"{}\" x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\"/>"
                       "<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"lbl\" text-anchor=\"{}\">{}</text>\n",
                       cls, left, W - right, Y(double(b)), Y(double(b)), atRight ? W - right - 4 : left + 4,
                       Y(double(b)) - 3, atRight ? "end" : "start", html(label));
  };
  hline(p.lowerBound, "lb", false,
        fmt::format("lower bound (no in-place): {} bytes at step {}", p.lowerBound, p.lowerBoundStep));
  hline(p.arenaSize, "arena", true, fmt::format("arena: {} bytes", p.arenaSize));
  svg += fmt::format("<line class=\"axis\" x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\"/>"
                     "<line class=\"axis\" x1=\"{0}\" x2=\"{3}\" y1=\"{2}\" y2=\"{2}\"/>\n",
                     left, top, H - bottom, W - right);
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"lbl\">steps (execution order) &#8594;</text>\n",
                     W / 2 - 60, H - 10);
  svg += fmt::format("<text x=\"12\" y=\"{:.1f}\" class=\"lbl\" transform=\"rotate(-90 12 {:.1f})\">arena offset "
                     "(bytes) &#8594;</text>\n", H / 2 + 40, H / 2 + 40);
  svg += "</svg>\n";

  std::string rows;
  for (const auto& r : f.rows)
    rows += fmt::format("<tr id=\"s{}\"{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td>"
                        "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                        r.step, r.step == f.peakStep ? " class=\"pk\"" : "", r.step, html(r.node), html(r.op),
                        html(fmt::format("{}", fmt::join(r.ins, ", "))), html(fmt::format("{}", fmt::join(r.outs, ", "))),
                        r.macs, r.weightBytes, r.live, r.liveNoShare);
  std::string notes;
  for (const std::string& n : p.stats.inPlace) notes += "<li>" + html(n) + "</li>\n";
  if (notes.empty()) notes = "<li>none</li>\n";

  std::string o;
  o += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  o += fmt::format("<title>TinyAOT memory plan: {}</title>\n", html(m.name));
  o += "<style>\nbody{font:14px sans-serif;margin:20px;color:#222}table{border-collapse:collapse}"
       "td,th{border:1px solid #ccc;padding:2px 6px}td.n{text-align:right}tr.pk{background:#fde2e2}"
       "tr.hl{background:#fff3b0}.b{stroke:#333;stroke-width:.5}.tensor{fill:#8fb8e8}.shared{fill:#8fd19e}"
       ".scratch{fill:#f5b971}.io{fill:#c9a7e8}.b:hover{fill:#e8d35f}.peak{fill:#fde2e2}.lb{stroke:#c00;"
       "stroke-dasharray:6 4}.arena{stroke:#000}.axis{stroke:#444}.lbl{font-size:12px}#info{min-height:1.4em;"
       "font-family:monospace}\n</style></head><body>\n";
  o += fmt::format("<h1>Memory plan of <code>{}</code></h1>\n", html(m.name));
  o += fmt::format("<p>Arena <b>{}</b> bytes (aligned to {}). Lower bound without in-place sharing: <b>{}</b> bytes "
                   "at step {} ({}). All intermediates side by side: {} bytes. Constant data: {} bytes. Placement: {}{}."
                   "</p>\n",
                   p.arenaSize, p.arenaAlign, p.lowerBound, p.lowerBoundStep, html(stepName(p, p.lowerBoundStep)),
                   p.sumIntermediates, m.files.weightBytes, html(p.stats.placement),
                   p.stats.optimal ? ", proven optimal" : "");
  if (m.scheduleInfo.changed)
    o += fmt::format("<p>Schedule: nodes reordered, peak live bytes {} &#8594; {}{}.</p>\n", m.scheduleInfo.peakBefore,
                     m.scheduleInfo.peakAfter, m.scheduleInfo.exact ? " (exact)" : " (beam search)");
  o += "<p>One rectangle per buffer: steps across, arena offsets up. Blue: tensor; green: shared in place; orange: "
       "kernel scratch; purple: model input/output. The shaded column is the step with the most live bytes; the "
       "dashed line is the lower bound. Hover for details.</p>\n";
  o += svg;
  o += "<div id=\"info\"></div>\n<h2>In-place decisions</h2>\n<ul>\n" + notes + "</ul>\n";
  o += "<h2>Layers</h2>\n<table><tr><th>step</th><th>node</th><th>op</th><th>inputs</th><th>outputs</th><th>MACs</th>"
       "<th>weight bytes</th><th>live bytes</th><th>live bytes, no sharing</th></tr>\n";
  o += rows + "</table>\n";
  o += "<script>\n(function(){var info=document.getElementById('info');"
       "document.querySelectorAll('rect.b').forEach(function(r){"
       "r.addEventListener('mouseenter',function(){info.textContent=r.querySelector('title').textContent;"
       "for(var s=+r.dataset.first;s<=+r.dataset.last;s++){var t=document.getElementById('s'+s);if(t)t.classList.add('hl');}});"
       "r.addEventListener('mouseleave',function(){document.querySelectorAll('tr.hl').forEach(function(t){"
       "t.classList.remove('hl');});});});})();\n</script>\n</body></html>\n";
  return o;
}

Status writeMemoryReport(const CompiledModel& m, const std::string& path) {
  TA_TRY(checkReportExtension("the memory report", path, kMemoryReportExtensions));
  const std::filesystem::path p(path);
  const bool json = p.extension() == ".json";
  std::error_code ec;
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << (json ? memoryReportJson(m) : memoryReportHtml(m));
  f.close();
  if (!f) return errorf("cannot write the memory report '{}'", path);
  return Status::ok();
}

}  // namespace tinyaot
