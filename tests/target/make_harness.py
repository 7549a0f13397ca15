#!/usr/bin/python3
"""Generate harness_data.c (inputs, output buffers, expected outputs) for a
TinyAOT-generated model from an ONNX test_data_set directory.

  make_harness.py --name NAME --header OUT/NAME.h --data DIR/test_data_set_0 \
      -o harness_data.c [--atol 1e-4] [--rtol 1e-3] [--lsb N]

Sizes, element types and shapes of the .pb tensors are checked against the
NAME_INPUT_<i>_* / NAME_OUTPUT_<i>_* macros of the generated header (here and
again at compile time). --lsb defaults to 1 for quantized outputs (those with
a _SCALE macro) and 0 for other integer outputs.
"""
import argparse
import glob
import os
import re
import sys

import numpy as np

# ONNX data type -> (harness kind, C type, element bytes)
DTYPES = {
    1: ("TA_KIND_FLOAT32", "float", 4),
    2: ("TA_KIND_UINT", "uint8_t", 1),
    3: ("TA_KIND_INT", "int8_t", 1),
    4: ("TA_KIND_UINT", "uint16_t", 2),
    5: ("TA_KIND_INT", "int16_t", 2),
    6: ("TA_KIND_INT", "int32_t", 4),
    7: ("TA_KIND_INT", "int64_t", 8),
    9: ("TA_KIND_UINT", "uint8_t", 1),      # bool
    10: ("TA_KIND_FLOAT16", "uint16_t", 2),  # raw IEEE half bits
    11: ("TA_KIND_FLOAT64", "double", 8),
    12: ("TA_KIND_UINT", "uint32_t", 4),
    13: ("TA_KIND_UINT", "uint64_t", 8),
    16: ("TA_KIND_BFLOAT16", "uint16_t", 2),  # raw bfloat16 bits
}


class HarnessError(Exception):
    pass


def parse_header(path):
    """Returns {macro: value text} for the object-like macros of a header."""
    text = open(path).read()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    macros = {}
    for m in re.finditer(r"^[ \t]*#[ \t]*define[ \t]+(\w+)(?![\w(])[ \t]*(.*)$", text, flags=re.M):
        macros[m.group(1)] = m.group(2).strip()
    return macros, text


def macro_int(macros, key):
    if key not in macros:
        raise HarnessError("header does not define %s" % key)
    v = macros[key].replace("(", "").replace(")", "").strip().rstrip("uUlL")
    try:
        return int(v, 0)
    except ValueError:
        raise HarnessError("%s = %r is not an integer" % (key, macros[key]))


def macro_shape(macros, key):
    v = macros.get(key)
    if v is None:
        return None
    return [int(x.strip().rstrip("uUlL"), 0) for x in v.strip("{} ").split(",") if x.strip()]


def find_prefix(name, macros, text):
    prefixes = [k[: -len("_NUM_INPUTS")] for k in macros if k.endswith("_NUM_INPUTS")]
    match = [p for p in prefixes if p.lower() == name.lower()]
    if not match:
        raise HarnessError("header has no %s_NUM_INPUTS macro (found prefixes: %s)" % (name, prefixes or "none"))
    if not re.search(r"\b%s_run\s*\(" % re.escape(name), text):
        raise HarnessError("header does not declare %s_run()" % name)
    return match[0]


def load_tensors(data_dir, kind):
    from onnx import TensorProto, numpy_helper
    files = glob.glob(os.path.join(data_dir, "%s_*.pb" % kind))
    files.sort(key=lambda f: int(re.search(r"_(\d+)\.pb$", f).group(1)))
    out = []
    for f in files:
        t = TensorProto()
        with open(f, "rb") as fh:
            t.ParseFromString(fh.read())
        out.append((t.name or os.path.basename(f), t.data_type, numpy_helper.to_array(t)))
    return out


def check_tensor(macros, prefix, what, i, dtype, arr):
    key = "%s_%s_%d" % (prefix, what, i)
    size = macro_int(macros, key + "_SIZE")
    if dtype not in DTYPES:
        raise HarnessError("%s: ONNX data type %d is not supported by the harness" % (key, dtype))
    hdt = macro_int(macros, key + "_DTYPE")
    if hdt != dtype:
        raise HarnessError("%s_DTYPE is %d but the test data has data type %d" % (key, hdt, dtype))
    if arr.size != size:
        raise HarnessError("%s_SIZE is %d but the test data has %d elements" % (key, size, arr.size))
    nbytes = macro_int(macros, key + "_BYTES")
    if nbytes != size * DTYPES[dtype][2]:
        raise HarnessError("%s_BYTES is %d, expected %d" % (key, nbytes, size * DTYPES[dtype][2]))
    shape = macro_shape(macros, key + "_SHAPE")
    if shape is not None and list(arr.shape) != shape:
        raise HarnessError("%s_SHAPE is %s but the test data has shape %s" % (key, shape, list(arr.shape)))


def c_values(dtype, arr):
    """C initializer text for the elements of arr (flattened)."""
    flat = arr.reshape(-1)
    if dtype in (10, 16):
        flat = flat.astype(np.float16 if dtype == 10 else np.float32)
        bits = flat.view(np.uint16) if dtype == 10 else (flat.view(np.uint32) >> 16).astype(np.uint16)
        vals = ["%du" % b for b in bits.tolist()]
    elif dtype in (1, 11):
        suffix = "f" if dtype == 1 else ""
        vals = []
        for v in flat.tolist():
            if v != v:
                vals.append("__builtin_nan%s(\"\")" % suffix)
            elif v in (float("inf"), float("-inf")):
                vals.append("%s__builtin_inf%s()" % ("-" if v < 0 else "", suffix))
            else:
                text = ("%.9g" if dtype == 1 else "%.17g") % v
                if not any(c in text for c in ".en"):
                    text += ".0"  # "1f" is not a C literal
                vals.append(text + suffix)
    elif dtype == 7:
        vals = ["INT64_C(%d)" % v if v != -2 ** 63 else "INT64_MIN" for v in flat.tolist()]
    elif dtype == 13:
        vals = ["UINT64_C(%d)" % v for v in flat.tolist()]
    else:
        vals = ["%d" % v for v in flat.astype(np.int64).tolist()]
        if dtype == 6:
            vals = [v if v != "-2147483648" else "INT32_MIN" for v in vals]
    lines = [", ".join(vals[i:i + 8]) for i in range(0, len(vals), 8)]
    return "\n    " + ",\n    ".join(lines) + "\n" if lines else "0"


def c_string(s):
    return '"' + "".join(c if c.isalnum() or c in " _-.:/[]" else "\\%03o" % ord(c) for c in s) + '"'


def generate(name, header, data_dir, atol=1e-4, rtol=1e-3, lsb=None):
    macros, text = parse_header(header)
    prefix = find_prefix(name, macros, text)
    inputs = load_tensors(data_dir, "input")
    outputs = load_tensors(data_dir, "output")
    n_in = macro_int(macros, prefix + "_NUM_INPUTS")
    n_out = macro_int(macros, prefix + "_NUM_OUTPUTS")
    if len(inputs) != n_in:
        raise HarnessError("%s has %d input_*.pb files, header says %d inputs" % (data_dir, len(inputs), n_in))
    if len(outputs) != n_out:
        raise HarnessError("%s has %d output_*.pb files, header says %d outputs" % (data_dir, len(outputs), n_out))
    if n_out == 0:
        raise HarnessError("the model has no outputs to check")

    src = ["/* Generated by tests/target/make_harness.py for model %s from %s. */" % (name, os.path.abspath(data_dir)),
           "#include <stdint.h>", '#include "harness.h"', "#include TA_MODEL_HEADER", ""]
    checks = []
    for what, tensors in (("INPUT", inputs), ("OUTPUT", outputs)):
        for i, (tname, dtype, arr) in enumerate(tensors):
            check_tensor(macros, prefix, what, i, dtype, arr)
            key = "%s_%s_%d" % (prefix, what, i)
            src += ["#if %s_SIZE != %d || %s_DTYPE != %d" % (key, arr.size, key, dtype),
                    '#error "%s does not match the test data"' % key, "#endif"]
    src.append("")
    src.append("const char* const ta_model_name = %s;" % c_string(name))
    src.append("const unsigned ta_num_inputs = %d, ta_num_outputs = %d;" % (n_in, n_out))
    for i, (tname, dtype, arr) in enumerate(inputs):
        src.append("static const %s ta_in%d[%d] __attribute__((aligned(16))) = {%s};"
                   % (DTYPES[dtype][1], i, max(arr.size, 1), c_values(dtype, arr)))
    for i, (tname, dtype, arr) in enumerate(outputs):
        ctype = DTYPES[dtype][1]
        src.append("static %s ta_out%d[%d] __attribute__((aligned(16)));" % (ctype, i, max(arr.size, 1)))
        src.append("static const %s ta_exp%d[%d] = {%s};" % (ctype, i, max(arr.size, 1), c_values(dtype, arr)))
        out_lsb = lsb
        if out_lsb is None:
            out_lsb = 1 if "%s_OUTPUT_%d_SCALE" % (prefix, i) in macros else 0
        kind, _, esize = DTYPES[dtype]
        checks.append("    {%s, %d, %s, %d, %d, ta_exp%d, ta_out%d, %.17g, %.17g, %d}"
                      % (c_string(tname), dtype, kind, esize, arr.size, i, i, atol, rtol, out_lsb))
    src.append("const void* const ta_inputs[%d] = {%s};"
               % (max(n_in, 1), ", ".join("ta_in%d" % i for i in range(n_in)) or "0"))
    src.append("void* const ta_outputs[%d] = {%s};" % (n_out, ", ".join("ta_out%d" % i for i in range(n_out))))
    src.append("const ta_output_t ta_checks[%d] = {\n%s\n};" % (n_out, ",\n".join(checks)))
    return "\n".join(src) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--name", required=True, help="model name (NAME_run, NAME_* macros)")
    ap.add_argument("--header", required=True, help="generated NAME.h")
    ap.add_argument("--data", required=True, help="test_data_set_N directory with input_*.pb/output_*.pb")
    ap.add_argument("-o", "--output", required=True, help="harness_data.c to write")
    ap.add_argument("--atol", type=float, default=1e-4)
    ap.add_argument("--rtol", type=float, default=1e-3)
    ap.add_argument("--lsb", type=int, default=None, help="integer tolerance (default: 1 quantized, 0 other)")
    a = ap.parse_args()
    try:
        src = generate(a.name, a.header, a.data, a.atol, a.rtol, a.lsb)
    except (HarnessError, OSError) as e:
        sys.exit("make_harness.py: error: %s" % e)
    with open(a.output, "w") as f:
        f.write(src)


if __name__ == "__main__":
    main()
