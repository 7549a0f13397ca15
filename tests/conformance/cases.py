"""ONNX backend node tests: generation, the shape-like input promotion, and
reading a case's model and reference data. Used by run_conformance.py.

Run with /usr/bin/python3 (Debian's python3-onnx 1.12 and numpy).
"""
import os
import re
import shutil
import subprocess
import sys

import numpy as np

# onnx 1.12's test generators still use these aliases, removed in numpy 1.24.
for _alias, _type in (("float", float), ("int", int), ("bool", bool), ("object", object)):
    if _alias not in np.__dict__:
        setattr(np, _alias, _type)

import onnx  # noqa: E402
from onnx import numpy_helper  # noqa: E402

EXPANDED = re.compile(r"_expanded$")

# Inputs that are shape-like or configuration values: on a microcontroller
# these are constants of the model, but many node tests feed them as graph
# inputs. Data and weights are never promoted. Keyed by (op type, input index) of the node consuming the graph
# input; such an input becomes an initializer holding test_data_set_0's value.
PROMOTE = {
    "Reshape": (1,),
    "Pad": (1, 2, 3),
    "Resize": (1, 2, 3),
    "Upsample": (1,),
    "Slice": (1, 2, 3, 4),
    "Squeeze": (1,),
    "Unsqueeze": (1,),
    "Clip": (1, 2),
    "Expand": (1,),
    "Tile": (1,),
    "Split": (1,),
    "ReduceSum": (1,),
    "ReduceMean": (1,),
    "ReduceMax": (1,),
    "ReduceMin": (1,),
    "ReduceProd": (1,),
    "ReduceL1": (1,),
    "ReduceL2": (1,),
    "ReduceLogSum": (1,),
    "ReduceLogSumExp": (1,),
    "ReduceSumSquare": (1,),
    "TopK": (1,),
    "OneHot": (1,),
    "ConstantOfShape": (0,),
    "Range": (0, 1, 2),
    "CumSum": (1,),
    "Trilu": (1,),
    "Compress": (1,),  # the condition fixes the output shape
    "CenterCropPad": (1,),
    "Dropout": (1, 2),
    # Quantization parameters (scales, zero points) are static in a deployed
    # model, like shapes; the quantized data and weights stay as they are.
    "QuantizeLinear": (1, 2),
    "DequantizeLinear": (1, 2),
    "QLinearMatMul": (1, 2, 4, 5, 6, 7),
    "QLinearConv": (1, 2, 4, 5, 6, 7),
    "MatMulInteger": (2, 3),
    "ConvInteger": (2, 3),
}

GENERATE_SCRIPT = r"""
import sys
import numpy as np
np.float = float; np.int = int; np.bool = bool; np.object = object
from onnx.backend.test import cmd_tools
sys.argv = ["cmd_tools", "generate-data", "-o", sys.argv[1]]
cmd_tools.main()
"""


def _complete_marker(out_dir):
    return os.path.join(out_dir, ".tinyaot-complete")


def ensure_data(out_dir, python=sys.executable, log=print):
    """Generates the ONNX backend test data into out_dir (once) and returns
    the node test directory. The data is complete when the marker file
    exists and names the onnx version and the number of node cases."""
    node_dir = os.path.join(out_dir, "node")
    marker = _complete_marker(out_dir)
    if os.path.isfile(marker):
        with open(marker) as f:
            parts = f.read().split()
        if (len(parts) == 2 and parts[0] == onnx.__version__ and os.path.isdir(node_dir)
                and len(list_cases(node_dir)) == int(parts[1])):
            return node_dir
    log("conformance: generating the ONNX %s backend node tests into %s" % (onnx.__version__, out_dir))
    if os.path.isdir(out_dir):
        shutil.rmtree(out_dir)
    os.makedirs(out_dir)
    r = subprocess.run([python, "-c", GENERATE_SCRIPT, out_dir], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True)
    if r.returncode != 0:
        raise RuntimeError("test data generation failed:\n" + r.stdout[-4000:])
    cases = list_cases(node_dir)
    with open(marker, "w") as f:
        f.write("%s %d\n" % (onnx.__version__, len(cases)))
    return node_dir


def list_cases(node_dir):
    if not os.path.isdir(node_dir):
        return []
    return sorted(d for d in os.listdir(node_dir)
                  if os.path.isfile(os.path.join(node_dir, d, "model.onnx"))
                  and os.path.isdir(os.path.join(node_dir, d, "test_data_set_0")))


def op_types(model):
    """Sorted op types of the model's top-level graph, with the domain for
    non-default domains ("ai.onnx.preview.training:Adagrad")."""
    ops = set()
    for n in model.graph.node:
        ops.add(n.op_type if n.domain in ("", "ai.onnx") else "%s:%s" % (n.domain, n.op_type))
    return sorted(ops)


def read_pb(path):
    """A test data .pb as a numpy array, or None if it is not a plain tensor
    (sequence, map or optional values)."""
    with open(path, "rb") as f:
        data = f.read()
    t = onnx.TensorProto()
    try:
        t.ParseFromString(data)
    except Exception:  # noqa: BLE001 - protobuf raises its own DecodeError
        return None
    if not t.dims and not t.raw_data and t.data_type == 0:
        return None
    try:
        return numpy_helper.to_array(t)
    except Exception:  # noqa: BLE001
        return None


def data_files(case_dir, kind):
    """input_*.pb or output_*.pb of test_data_set_0, in index order."""
    d = os.path.join(case_dir, "test_data_set_0")
    files = [f for f in os.listdir(d) if re.match(r"%s_\d+\.pb$" % kind, f)]
    return [os.path.join(d, f) for f in sorted(files, key=lambda s: int(re.findall(r"\d+", s)[0]))]


def promote_inputs(model, inputs):
    """Turns graph inputs consumed at a PROMOTE slot into initializers.

    `inputs` are test_data_set_0's input arrays in graph-input order. Returns
    (promoted names, indices of the remaining run-time inputs); edits
    `model` in place."""
    init_names = {i.name for i in model.graph.initializer}
    graph_inputs = [vi for vi in model.graph.input if vi.name not in init_names]
    slots = set()
    for n in model.graph.node:
        if n.domain not in ("", "ai.onnx"):
            continue
        for idx in PROMOTE.get(n.op_type, ()):
            if idx < len(n.input) and n.input[idx]:
                slots.add(n.input[idx])
    promoted, remaining = [], []
    for j, vi in enumerate(graph_inputs):
        if vi.name in slots and j < len(inputs) and inputs[j] is not None:
            model.graph.initializer.append(numpy_helper.from_array(inputs[j], vi.name))
            promoted.append(vi.name)
        else:
            remaining.append(j)
    if promoted:
        keep = [vi for vi in model.graph.input if vi.name not in promoted]
        del model.graph.input[:]
        model.graph.input.extend(keep)
    return promoted, remaining


def function_op(node_dir, case):
    """For an expanded function test ("test_x_expanded"), the op of its
    non-expanded sibling case, else None."""
    if not EXPANDED.search(case):
        return None
    sibling = os.path.join(node_dir, EXPANDED.sub("", case), "model.onnx")
    if not os.path.isfile(sibling):
        return None
    ops = op_types(onnx.load(sibling))
    return ops[0] if len(ops) == 1 else "+".join(ops)
