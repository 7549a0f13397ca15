#!/usr/bin/python3
"""ONNX Runtime reference outputs for TinyAOT tests (via node + onnxruntime-node).

There is no ONNX Runtime wheel on this machine, so ONNX Runtime runs inside a
node process (tests/tools/ort/ort_run.js, npm package onnxruntime-node, CPU
execution provider). Data goes through a temporary directory: raw tensor
bytes plus a small JSON manifest (dtype, shape, offset), in both directions.

Python API:
    from ort_run import run_ort, run_ort_batch
    outs = run_ort("model.onnx", [x])                 # -> [np.ndarray, ...]
    outs = run_ort("model.onnx", {"input": x})        # inputs by name
    all_outs = run_ort_batch("model.onnx", [[x0], [x1], ...])  # one node process

Command line:
    ort_run.py MODEL.onnx --inputs in_0.pb [in_1.pb ...] -o OUTDIR
writes OUTDIR/output_0.pb ... (onnx TensorProto, graph output order, named
after the graph outputs). Inputs may also be .npy files.

Session options (see README.md): CPU EP, 1 intra-op and 1 inter-op thread,
sequential execution, graph optimization level "all" (ORT's default) unless
opt_level is given.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
JS = os.path.join(HERE, "ort_run.js")
PKG = os.path.join(HERE, "node_modules", "onnxruntime-node", "package.json")

SUPPORTED_DTYPES = ("float32", "float64", "float16", "int8", "uint8", "int16",
                    "uint16", "int32", "uint32", "int64", "uint64", "bool")
OPT_LEVELS = ("disabled", "basic", "extended", "layout", "all")
DEFAULT_OPT_LEVEL = "all"


class OrtUnavailable(RuntimeError):
    """node or the onnxruntime-node npm package is missing."""


def _node_binary():
    node = os.environ.get("TINYAOT_NODE") or shutil.which("node")
    if not node or not (os.path.isfile(node) and os.access(node, os.X_OK)):
        raise OrtUnavailable("ort_run: 'node' not found on PATH (needed to run ONNX Runtime "
                             "from npm). Run scripts/setup.sh.")
    if not os.path.isfile(PKG):
        raise OrtUnavailable(f"ort_run: npm package onnxruntime-node is not installed in {HERE}. "
                             "Run scripts/setup.sh.")
    return node


def ort_available():
    """(True, '') if the bridge can run, else (False, reason). Handy for test skips."""
    try:
        _node_binary()
        return True, ""
    except OrtUnavailable as e:
        return False, str(e)


def _to_le_bytes(arr):
    arr = np.asarray(arr)
    name = arr.dtype.name
    if name not in SUPPORTED_DTYPES:
        raise TypeError(f"ort_run: unsupported input dtype {arr.dtype} "
                        f"(supported: {', '.join(SUPPORTED_DTYPES)})")
    if arr.dtype.byteorder == ">" or (arr.dtype.byteorder == "=" and sys.byteorder == "big"):
        arr = arr.astype(arr.dtype.newbyteorder("<"))
    return name, np.ascontiguousarray(arr).tobytes()


def _normalize_sample(sample):
    if isinstance(sample, dict):
        return list(sample.items())
    if isinstance(sample, np.ndarray):
        sample = [sample]
    return [(None, a) for a in sample]


def run_ort_batch(model_path, samples, opt_level=None, options=None, return_names=False,
                  timeout=None):
    """Run many inferences of one model in a single node process.

    samples: list of samples; each sample is a list of arrays (bound in the
    order of the model's non-initializer graph inputs) or a dict name -> array.
    opt_level: ORT graphOptimizationLevel (disabled|basic|extended|layout|all).
    options: extra ORT session options (dict, overrides the defaults).
    Returns a list (per sample) of lists of np.ndarrays in graph output order;
    with return_names=True returns (outputs, input_names, output_names).
    """
    node = _node_binary()
    model_path = os.path.abspath(model_path)
    if not os.path.isfile(model_path):
        raise FileNotFoundError(model_path)
    sess_opts = dict(options or {})
    level = opt_level or sess_opts.get("graphOptimizationLevel") or DEFAULT_OPT_LEVEL
    if level not in OPT_LEVELS:
        raise ValueError(f"ort_run: opt_level must be one of {OPT_LEVELS}, got {level!r}")
    sess_opts["graphOptimizationLevel"] = level

    with tempfile.TemporaryDirectory(prefix="tinyaot_ort_") as work:
        manifest_samples = []
        offset = 0
        with open(os.path.join(work, "inputs.bin"), "wb") as f:
            for sample in samples:
                descs = []
                for name, arr in _normalize_sample(sample):
                    dtype, raw = _to_le_bytes(arr)
                    f.write(raw)
                    descs.append({"name": name, "dtype": dtype,
                                  "shape": [int(d) for d in np.shape(arr)],
                                  "offset": offset, "nbytes": len(raw)})
                    offset += len(raw)
                manifest_samples.append({"inputs": descs})
        with open(os.path.join(work, "manifest.json"), "w") as f:
            json.dump({"model": model_path, "options": sess_opts,
                       "input_data": "inputs.bin", "samples": manifest_samples}, f)

        proc = subprocess.run([node, JS, work], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, timeout=timeout)
        if proc.returncode == 2:
            raise OrtUnavailable(proc.stderr.strip())
        if proc.returncode != 0:
            raise RuntimeError(f"ort_run: ONNX Runtime failed on {model_path} "
                               f"(exit {proc.returncode}):\n{proc.stderr.strip()}")

        with open(os.path.join(work, "result.json")) as f:
            result = json.load(f)
        with open(os.path.join(work, result["output_data"]), "rb") as f:
            blob = f.read()
        outputs = []
        for s in result["samples"]:
            outs = []
            for d in s["outputs"]:
                a = np.frombuffer(blob, dtype=np.dtype(d["dtype"]).newbyteorder("<"),
                                  count=int(np.prod(d["shape"], dtype=np.int64)),
                                  offset=d["offset"])
                outs.append(a.astype(np.dtype(d["dtype"])).reshape(d["shape"]))
            outputs.append(outs)
    if return_names:
        return outputs, result["input_names"], result["output_names"]
    return outputs


def run_ort(model_path, inputs, opt_level=None, options=None, return_names=False):
    """Run one inference. inputs: list of arrays (graph input order) or dict name -> array.
    Returns the list of outputs in graph output order (see run_ort_batch for return_names)."""
    res = run_ort_batch(model_path, [inputs], opt_level=opt_level, options=options,
                        return_names=True)
    outs, in_names, out_names = res
    if return_names:
        return outs[0], in_names, out_names
    return outs[0]


def _load_input(path):
    if path.endswith(".npy"):
        return None, np.load(path)
    import onnx
    from onnx import numpy_helper
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return (t.name or None), numpy_helper.to_array(t)


def _model_input_names(model_path):
    import onnx
    m = onnx.load(model_path, load_external_data=False)
    inits = {i.name for i in m.graph.initializer}
    return [i.name for i in m.graph.input if i.name not in inits]


def main(argv=None):
    import argparse
    ap = argparse.ArgumentParser(description="Reference outputs from ONNX Runtime (CPU, via node).")
    ap.add_argument("model")
    ap.add_argument("--inputs", nargs="*", default=[], help="input tensors (.pb TensorProto or .npy)")
    ap.add_argument("-o", "--outdir", required=True)
    ap.add_argument("--opt-level", choices=OPT_LEVELS, default=DEFAULT_OPT_LEVEL,
                    help="ORT graph optimization level (default: %(default)s)")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)

    loaded = [_load_input(p) for p in args.inputs]
    names = [n for n, _ in loaded]
    model_inputs = _model_input_names(args.model)
    # Bind by name only if every file names a distinct model input; else by position.
    if all(names) and len(set(names)) == len(names) and set(names) <= set(model_inputs):
        feeds = {n: a for n, a in loaded}
    else:
        feeds = [a for _, a in loaded]
    try:
        outs, _, out_names = run_ort(args.model, feeds, opt_level=args.opt_level,
                                     return_names=True)
    except OrtUnavailable as e:
        print(e, file=sys.stderr)
        return 2
    except RuntimeError as e:
        print(e, file=sys.stderr)
        return 1

    from onnx import numpy_helper
    os.makedirs(args.outdir, exist_ok=True)
    for i, (name, a) in enumerate(zip(out_names, outs)):
        path = os.path.join(args.outdir, f"output_{i}.pb")
        with open(path, "wb") as f:
            f.write(numpy_helper.from_array(a, name).SerializeToString())
        if not args.quiet:
            print(f"{path}: {name} {a.dtype}{list(a.shape)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
