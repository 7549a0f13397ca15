#include "frontend/onnx_loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <onnx/onnx_pb.h>

#include "eval/fold.h"
#include "frontend/tensor_proto.h"
#include "ops/op_util.h"
#include "ops/registry.h"
#include "support/suggest.h"

namespace tinyaot {

namespace {

Expected<TensorType> valueInfoType(const onnx::ValueInfoProto& vi, const LoadOptions& opts) {
  if (!vi.type().has_tensor_type())
    return errorf("input '{}' is not a tensor (sequences and maps are not supported)", vi.name());
  const auto& tt = vi.type().tensor_type();
  auto dt = dtypeFromOnnx(tt.elem_type());
  if (!dt) return errorf("input '{}' has unsupported element type {}", vi.name(), tt.elem_type());
  TensorType t{*dt, {}, std::nullopt};
  auto override = opts.inputShapes.find(vi.name());
  if (override != opts.inputShapes.end()) {
    if (tt.has_shape() && tt.shape().dim_size() != int(override->second.size()))
      return errorf("--input-shape {} gives {} dims, the model declares {}", vi.name(), override->second.size(),
                    tt.shape().dim_size());
    for (int i = 0; tt.has_shape() && i < tt.shape().dim_size(); ++i) {
      const auto& d = tt.shape().dim(i);
      if (d.has_dim_value() && d.dim_value() != override->second[i])
        return errorf("--input-shape {} sets dim {} to {}, but the model fixes it at {}", vi.name(), i,
                      override->second[i], d.dim_value());
    }
    t.shape = override->second;
    return t;
  }
  if (!tt.has_shape())
    return errorf("input '{}' has no shape; pass --input-shape {}=D0,D1,...", vi.name(), vi.name());
  auto symbolic = [&](int i) {
    const auto& d = tt.shape().dim(i);
    return !(d.has_dim_value() && d.dim_value() >= 0);
  };
  auto symbolName = [&](int i) {
    const auto& d = tt.shape().dim(i);
    return d.has_dim_param() && !d.dim_param().empty() ? "'" + d.dim_param() + "'" : std::string("an unknown dimension");
  };
  const int rank = tt.shape().dim_size();
  bool onlyBatch = rank >= 2 && symbolic(0);
  for (int i = 1; i < rank; ++i) onlyBatch = onlyBatch && !symbolic(i);
  for (int i = 0; i < rank; ++i) {
    if (!symbolic(i)) {
      t.shape.push_back(tt.shape().dim(i).dim_value());
    } else if (onlyBatch) {
      t.shape.push_back(1);
      if (opts.notes) {
        std::string rest;
        for (int k = 1; k < rank; ++k) rest += "," + std::to_string(tt.shape().dim(k).dim_value());
        opts.notes->push_back({Diagnostic::Severity::Note, "", "",
                               fmt::format("input '{}': symbolic batch dimension {} set to 1 (--input-shape {}=B{} "
                                           "for batch size B)",
                                           vi.name(), symbolName(0), vi.name(), rest)});
      }
    } else {
      std::string fixed;
      for (int k = 0; k < rank; ++k)
        fixed += (k ? "," : "") + (symbolic(k) ? std::string("<") + (k == 0 ? "batch" : "dim") + ">"
                                               : std::to_string(tt.shape().dim(k).dim_value()));
      return errorf("input '{}' has symbolic dimension {} at axis {}; fix it with --input-shape {}={}", vi.name(),
                    symbolName(i), i, vi.name(), fixed);
    }
  }
  return t;
}

Expected<Attribute> convertAttribute(const onnx::AttributeProto& ap, const std::string& dir) {
  Attribute a;
  using AP = onnx::AttributeProto;
  switch (ap.type()) {
    case AP::INT: a.kind = Attribute::Kind::Int; a.i = ap.i(); break;
    case AP::FLOAT: a.kind = Attribute::Kind::Float; a.f = ap.f(); break;
    case AP::STRING: a.kind = Attribute::Kind::String; a.s = ap.s(); break;
    case AP::INTS: a.kind = Attribute::Kind::Ints; a.ints.assign(ap.ints().begin(), ap.ints().end()); break;
    case AP::FLOATS: a.kind = Attribute::Kind::Floats; a.floats.assign(ap.floats().begin(), ap.floats().end()); break;
    case AP::STRINGS: a.kind = Attribute::Kind::Strings; a.strings.assign(ap.strings().begin(), ap.strings().end()); break;
    case AP::TENSOR: {
      auto t = convertTensor(ap.t(), dir);
      if (!t) return t.status();
      a.kind = Attribute::Kind::Tensor;
      a.tensorType = t->type;
      a.tensorData = std::move(t->data);
      break;
    }
    case AP::GRAPH: case AP::GRAPHS: a.kind = Attribute::Kind::Graph; break;
    default: a.kind = Attribute::Kind::Other; break;
  }
  return a;
}

// ONNX requires topological order but does not enforce it; sort stably.
Expected<std::vector<int>> topoOrder(const onnx::GraphProto& gp, const std::set<std::string>& available) {
  std::set<std::string> have = available;
  std::vector<int> order;
  std::vector<bool> done(gp.node_size(), false);
  bool progress = true;
  while (int(order.size()) < gp.node_size() && progress) {
    progress = false;
    for (int i = 0; i < gp.node_size(); ++i) {
      if (done[i]) continue;
      const auto& np = gp.node(i);
      bool ready = std::all_of(np.input().begin(), np.input().end(),
                               [&](const std::string& s) { return s.empty() || have.count(s); });
      if (!ready) continue;
      done[i] = true;
      order.push_back(i);
      for (const auto& o : np.output()) have.insert(o);
      progress = true;
    }
  }
  if (int(order.size()) < gp.node_size()) {
    for (int i = 0; i < gp.node_size(); ++i)
      if (!done[i])
        for (const auto& in : gp.node(i).input())
          if (!in.empty() && !have.count(in))
            return Status::nodeError(gp.node(i).name(), gp.node(i).op_type(),
                                     fmt::format("input '{}' is produced by no node, initializer or graph input", in));
  }
  return order;
}

}  // namespace

Expected<std::unique_ptr<Graph>> loadOnnx(const std::string& path, const LoadOptions& opts) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return errorf("cannot open the model file");
  std::stringstream ss;
  ss << f.rdbuf();
  return loadOnnxFromBytes(ss.str(), path, opts);
}

Expected<std::unique_ptr<Graph>> loadOnnxFromBytes(const std::string& bytes, const std::string& path,
                                                   const LoadOptions& opts) {
  if (bytes.empty()) return errorf("the model file is empty");
  onnx::ModelProto model;
  bool parsed = false;
  try {
    parsed = model.ParseFromString(bytes);
  } catch (const std::exception& e) {
    return errorf("not a valid ONNX model: {}", e.what());
  }
  if (!parsed) return errorf("not a valid ONNX model (the protobuf could not be parsed; is the file truncated?)");
  if (!model.has_graph() || !model.has_ir_version() || model.graph().output_size() == 0)
    return errorf("not a valid ONNX model (no graph, no graph outputs or no ir_version; is the file truncated?)");
  if (model.ir_version() < kMinIrVersion || model.ir_version() > kMaxIrVersion)
    return errorf("ONNX IR version {} is not supported (supported: {} to {})", model.ir_version(), kMinIrVersion,
                  kMaxIrVersion);
  int opset = -1;
  std::map<std::string, int> domains;
  for (const auto& op : model.opset_import()) {
    domains[op.domain()] = int(op.version());
    if (op.domain().empty() || op.domain() == "ai.onnx") opset = int(op.version());
  }
  if (opset < 0) opset = model.ir_version() <= 3 ? 8 : 1;
  if (opset < kMinOpset || opset > kMaxOpset)
    return errorf("default-domain opset {} is not supported (supported: {} to {})", opset, kMinOpset, kMaxOpset);

  const std::string dir = std::filesystem::path(path).parent_path().string();
  const auto& gp = model.graph();
  auto g = std::make_unique<Graph>();
  g->name = gp.name();
  g->sourceFile = path;
  std::map<std::string, Value*> byName;

  if (gp.sparse_initializer_size() > 0) return errorf("sparse initializers are not supported");
  for (const auto& init : gp.initializer()) {
    auto t = convertTensor(init, dir);
    if (!t) return t.status();
    byName[init.name()] = g->addConstant(init.name(), t->type, std::move(t->data));
  }
  for (const auto& vi : gp.input()) {
    if (byName.count(vi.name())) continue;  // an initializer listed as input (IR < 4 style)
    auto t = valueInfoType(vi, opts);
    if (!t) return t.status();
    Value* v = g->addValue(vi.name(), *t);
    byName[vi.name()] = v;
    g->addInput(v);
    g->inputNames.push_back(vi.name());
  }
  for (const auto& [name, shape] : opts.inputShapes) {
    bool found = false;
    for (const auto& vi : gp.input()) found = found || vi.name() == name;
    if (!found) {
      const std::vector<std::string>& inputs = g->inputNames;
      return errorf("--input-shape names '{}', which is not a model input{} (inputs: {})", name,
                    didYouMean(name, inputs), joinNames(inputs));
    }
  }

  std::set<std::string> available;
  for (auto& [k, v] : byName) available.insert(k);
  auto order = topoOrder(gp, available);
  if (!order) return order.status();

  // Pass 1: every node must be a supported op; report all that are not.
  Status unsupported;
  int index = 0;
  std::vector<std::string> nodeNames(gp.node_size());
  for (int i : *order) {
    const auto& np = gp.node(i);
    nodeNames[i] = np.name().empty() ? fmt::format("{}_{}", np.op_type(), index) : np.name();
    ++index;
    const bool defaultDomain = isDefaultDomain(np.domain());
    const OpDef* def = findOp(np.domain(), np.op_type());
    // The version of the node's domain (contrib domains default to 1).
    const int version = defaultDomain ? opset : (domains.count(np.domain()) ? domains[np.domain()] : 1);
    if (!def && !defaultDomain && np.domain() != "com.microsoft") {
      unsupported.append(Status::nodeError(nodeNames[i], np.op_type(),
                                           fmt::format("operator domain '{}' is not supported", np.domain())));
    } else if (!def || def->internal) {
      unsupported.append(Status::nodeError(
          nodeNames[i], np.op_type(), defaultDomain ? "unsupported operator" : "unsupported com.microsoft operator"));
    } else if (version < def->minOpset || version > def->maxOpset) {
      unsupported.append(Status::nodeError(nodeNames[i], np.op_type(),
                                           fmt::format("{}opset {} is not supported for this operator (supported: {} to {})",
                                                       defaultDomain ? "" : np.domain() + " ", version, def->minOpset,
                                                       def->maxOpset)));
    }
    for (const auto& ap : np.attribute())
      if (ap.type() == onnx::AttributeProto::GRAPH || ap.type() == onnx::AttributeProto::GRAPHS)
        unsupported.append(Status::nodeError(nodeNames[i], np.op_type(),
                                             fmt::format("subgraph attribute '{}' is not supported", ap.name())));
  }
  const bool lenient = opts.problems != nullptr;
  if (!unsupported.isOk()) {
    if (!lenient) return unsupported;
    opts.problems->append(unsupported);
  }

  // Checks and types one node; folds it when its inputs are constants.
  auto build = [&](Node* n) -> Status {
    const OpDef* def = findOp(n->domain(), n->op());
    if (lenient) {
      // Inspect mode: skip what cannot be typed, record what fails.
      bool typed = std::all_of(n->inputs().begin(), n->inputs().end(),
                               [](Value* v) { return !v || v->dtype() != DType::Undefined; });
      if (!def || !typed) return Status::ok();
      Status s = def->canonicalize ? def->canonicalize(*n, *g) : Status::ok();
      if (s.isOk() && def->movesCodes) inheritQuant(*n);
      if (s.isOk()) s = def->infer(*n, *g);
      if (!s.isOk()) {
        opts.problems->append(s);
        for (Value* v : n->outputs())
          if (v && !v->isConstant()) v->setType(TensorType{});
        return Status::ok();
      }
    } else {
      if (def->canonicalize) TA_TRY(def->canonicalize(*n, *g));
      if (def->movesCodes) inheritQuant(*n);
      TA_TRY(def->infer(*n, *g));
    }
    for (Value* v : n->outputs())
      if (v && !v->isConstant() && v->dtype() == DType::Undefined)
        return Status::nodeError(*n, "internal: output type was not inferred");
    // Shape computations (Shape -> Gather -> Concat -> Reshape) fold here,
    // so later nodes see their results as constants.
    auto folded = foldNode(*g, n);
    if (!folded) return folded.status();
    // A node whose outputs all became constants at inference has nothing left to do.
    if (!*folded && std::none_of(n->outputs().begin(), n->outputs().end(), [](Value* v) { return v != nullptr; })) {
      g->setInputs(n, {});
      g->eraseNode(n);
    }
    return Status::ok();
  };

  // Pass 2: build, canonicalize, infer, and fold constants as we go (shape
  // computations such as Shape -> Gather -> Concat -> Reshape become constants).
  for (int i : *order) {
    const auto& np = gp.node(i);
    std::vector<Value*> ins, outs;
    for (const auto& in : np.input()) ins.push_back(in.empty() ? nullptr : byName.at(in));
    for (const auto& out : np.output()) {
      if (out.empty()) { outs.push_back(nullptr); continue; }
      if (byName.count(out))
        return Status::nodeError(nodeNames[i], np.op_type(), fmt::format("output '{}' is produced twice", out));
      Value* v = g->addValue(out, TensorType{});
      byName[out] = v;
      outs.push_back(v);
    }
    Node* n = g->addNode(np.op_type(), nodeNames[i], ins, outs, opset, nullptr,
                         isDefaultDomain(np.domain()) ? "" : np.domain());
    for (const auto& ap : np.attribute()) {
      auto a = convertAttribute(ap, dir);
      if (!a) return Status::nodeError(*n, a.status().message());
      n->attrs().set(ap.name(), *a);
    }
    const OpDef* def = findOp(n->domain(), n->op());
    if (def && def->expand) {
      // A contrib op: its default-domain equivalent replaces it.
      const bool typed = std::all_of(n->inputs().begin(), n->inputs().end(),
                                     [](Value* v) { return !v || v->dtype() != DType::Undefined; });
      if (lenient && !typed) continue;
      auto made = def->expand(*n, *g);
      if (!made) {
        if (!lenient) return made.status();
        opts.problems->append(made.status());
        continue;
      }
      g->setInputs(n, {});
      g->eraseNode(n);
      for (Node* m : *made) TA_TRY(build(m));
      continue;
    }
    if (!lenient || def) TA_TRY(build(n));
  }

  // Run-time tensors without elements (a zero dim) have no use on a device,
  // and the memory planner and kernels assume at least one element.
  Status empty;
  for (const Value* v : g->inputs())
    if (v->type().elements() == 0)
      empty.append(errorf("input '{}' has shape {} with no elements; zero-element tensors are not supported",
                          v->name(), shapeStr(v->shape())));
  for (const Node* n : g->nodes())
    for (const Value* v : n->outputs())
      if (v && !v->isConstant() && v->dtype() != DType::Undefined && v->type().elements() == 0)
        empty.append(nodeErrorf(*n, "output '{}' would have shape {} with no elements; zero-element tensors are "
                                    "not supported", v->name(), shapeStr(v->shape())));
  if (!empty.isOk()) {
    if (!lenient) return empty;
    opts.problems->append(empty);
  }

  for (const auto& vi : gp.output()) {
    auto it = byName.find(vi.name());
    if (it == byName.end()) return errorf("graph output '{}' is produced by no node", vi.name());
    g->addOutput(it->second);
    g->outputNames.push_back(vi.name());
  }
  g->removeUnusedValues();
  if (!lenient) TA_TRY(g->verify());
  return g;
}

}  // namespace tinyaot
