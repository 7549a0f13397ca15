// The steps of quantizeGraph(), exposed for its driver and for unit tests.
#pragma once
#include <map>
#include <string>

#include "quant/ptq.h"

namespace tinyaot {

struct PtqResult {
  QuantReport report;
  // int8 value name -> the float value (same name in the float graph) it
  // represents, for SQNR measurement.
  std::map<std::string, std::string> origin;
};

// Plans, chooses parameters from `stats` and rewrites `g` in place. Does not
// check that every rewritten node has an int8 implementation.
Expected<PtqResult> quantizeWithStats(Graph& g, const StatsMap& stats, const QuantizeOptions& opts);

// Runs every node's type inference on the quantized graph: an int8 form
// without an implementation is reported here, with the node.
Status validateQuantized(Graph& g);

// Runs the float and the quantized graph over `samples` and fills the
// report's SQNR figures (per int8 tensor and per model output).
Status measureSqnr(const Graph& floatGraph, const Graph& quantGraph, const std::vector<Sample>& samples,
                   const QuantizeOptions& opts, PtqResult& r);

}  // namespace tinyaot
