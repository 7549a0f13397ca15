#!/usr/bin/python3
"""The CLI as a new user meets it (issue 11's papercuts).

  usability.py --tinyaot BUILD/tinyaot --work DIR

- --version; a mistyped command or option suggests the closest one; on EVERY
  command (read from `tinyaot --help`, so new commands are covered): -q, -v,
  and a mistyped option's suggestion;
- --disable-pass / --print-after / --input-shape list the valid names;
  --report rejects an extension it does not write, before compiling;
- -q prints nothing on success, -v adds the memory plan; the summary line
  names arena (RAM) and constant data (flash); the -v memory line names both
  the arena and the lower bound;
- a symbolic leading batch dimension defaults to 1 with one note (compile and
  inspect), any other symbolic dimension still asks for --input-shape;
- inspect --json is valid JSON with the table's figures; inspect --target
  lists each node's kernels and checks the target's RAM and flash;
- an int8 model with a low-SQNR layer gets a warning naming it (also with -q).
Ends with `cli: N passed, N failed`.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests", "target"))
sys.path.insert(0, os.path.join(REPO, "scripts"))
from checks import Checks  # noqa: E402
from gen_cli_docs import command_names  # noqa: E402


def run(tinyaot, *args):
    r = subprocess.run([tinyaot] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    return r.returncode, r.stdout, r.stderr


def save(graph, path, opset=13):
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)]), path)
    return path


def relu_chain(path, batch="N", width=8):
    """x[batch, width] -> Relu -> Relu -> Relu -> y: the middle tensors can be written in place."""
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [batch, width])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [batch, width])
    nodes = [helper.make_node("Relu", ["x"], ["a"], name="r1"), helper.make_node("Relu", ["a"], ["b"], name="r2"),
             helper.make_node("Relu", ["b"], ["y"], name="r3")]
    return save(helper.make_graph(nodes, "chain", [x], [y]), path)


def cancel_model(path):
    """y = x + x * k with k close to -1: the int8 Add output keeps few significant codes (low SQNR)."""
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 64])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 64])
    k = numpy_helper.from_array(-np.random.default_rng(1).uniform(0.985, 0.995, 64).astype(np.float32), "k")
    nodes = [helper.make_node("Mul", ["x", "k"], ["m"], name="scale"),
             helper.make_node("Add", ["x", "m"], ["y"], name="cancel")]
    return save(helper.make_graph(nodes, "cancel", [x], [y], [k]), path)


def commands(tinyaot):
    return command_names(run(tinyaot, "--help")[1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tinyaot", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    t = os.path.abspath(a.tinyaot)
    w = os.path.abspath(a.work)
    shutil.rmtree(w, ignore_errors=True)
    os.makedirs(w)
    c = Checks("cli")
    kws = os.path.join(REPO, "models", "kws_dscnn.onnx")
    out = os.path.join(w, "out")

    # --- version, commands, options ---
    rc, so, se = run(t, "--version")
    c.check(rc == 0 and re.fullmatch(r"tinyaot \d+\.\d+\.\d+\n", so), "--version prints 'tinyaot X.Y.Z'", so + se)
    rc, so, se = run(t, "compil", kws, "-o", out)
    c.check(rc == 2 and "unknown command 'compil'; did you mean 'compile'?" in se, "a mistyped command suggests "
            "the closest one", se)
    rc, so, se = run(t, "--verison")
    c.check(rc == 2 and "did you mean '--version'?" in se, "a mistyped top-level option suggests the closest one", se)
    cmds = commands(t)
    c.check({"compile", "inspect", "targets", "ops"} <= set(cmds), "the commands are read from --help: %s" % cmds)
    for cmd in cmds:
        rc, so, se = run(t, cmd, "--help")
        c.check(rc == 0 and "-q,--quiet" in so and "-v,--verbose" in so, "%s --help lists -q/--quiet and "
                "-v/--verbose" % cmd, so)
        rc, so, se = run(t, cmd, "--verbsoe")
        c.check(rc == 2 and "unknown option '--verbsoe'; did you mean '--verbose'?" in se,
                "%s: a mistyped option suggests the closest one" % cmd, se)
    rc, so, se = run(t, "compile", kws, "-o", out, "--quantise", "int8")
    c.check(rc == 2 and "did you mean '--quantize'?" in se, "compile --quantise suggests --quantize", se)
    rc, so, se = run(t, "compile", kws, "-o", out, "surplus")
    c.check(rc == 2 and "unexpected argument 'surplus'" in se, "a surplus argument is a usage error", se)
    for args, want in [(["targets"], "cortex-m4"), (["ops"], "Conv"), (["inspect", kws], "total:")]:
        rc, so, se = run(t, *args)
        rq, sq, eq = run(t, *(args + ["-q"]))
        rv, sv, ev = run(t, *(args + ["-v"]))
        rb, sb, eb = run(t, *(["-q"] + args))
        c.check(rc == 0 and want in so and rq == 0 and sq == "" and eq == "" and rb == 0 and sb == "" and rv == 0
                and len(sv) >= len(so), "%s: -q (after or before the command) prints nothing, -v at least as "
                "much" % args[0], so[:300] + sq + eq + sb)

    # --- names listed on error ---
    rc, so, se = run(t, "compile", kws, "-o", out, "--disable-pass", "fuse-activation")
    c.check(rc == 1 and "unknown pass 'fuse-activation'; did you mean 'fuse-activations'?" in se
            and "fold-constants" in se and "dce" in se, "--disable-pass lists the passes and suggests one", se)
    rc, so, se = run(t, "compile", kws, "-o", out, "--print-after", "nope")
    c.check(rc == 1 and "unknown pass 'nope'" in se and "all, load, quantize" in se, "--print-after lists the "
            "valid names", se)
    rc, so, se = run(t, "compile", kws, "-o", out, "--input-shape", "inptu=1,1,49,10")
    c.check(rc == 1 and "did you mean 'input'?" in se and "(inputs: input)" in se, "--input-shape with a wrong name "
            "lists the inputs", se)
    rdir = os.path.join(w, "report_out")
    rc, so, se = run(t, "compile", kws, "-o", rdir, "--report", os.path.join(w, "mem.txt"))
    c.check(rc == 1 and ".json or .html" in se and not os.path.exists(rdir) and not os.path.exists(
        os.path.join(w, "mem.txt")), "--report FILE.txt is refused before anything is written", se)

    # --- output levels and the summary line ---
    rc, so, se = run(t, "compile", kws, "-o", out)
    m = re.fullmatch(r"tinyaot: wrote \S+kws_dscnn\.h and \S+kws_dscnn\.cpp: arena (\d+) bytes \(RAM\), constant data "
                     r"(\d+) bytes \(flash\), \d+ nodes\n", so)
    c.check(rc == 0 and m and se == "", "compile prints one summary line naming arena (RAM) and constant data "
            "(flash)", so + se)
    rc, so, se = run(t, "compile", kws, "-o", out, "-q")
    c.check(rc == 0 and so == "" and se == "", "compile -q prints nothing", so + se)
    chain = relu_chain(os.path.join(w, "chain.onnx"), batch=1, width=1024)
    rc, so, se = run(t, "compile", chain, "-o", out, "-v", "--report", os.path.join(w, "chain.json"))
    rep = json.load(open(os.path.join(w, "chain.json"))) if rc == 0 else {}
    want = "memory: arena %d bytes, %d bytes below the lower bound without in-place sharing (%d bytes" % (
        rep.get("arena_bytes", -1), rep.get("lower_bound_bytes", 0) - rep.get("arena_bytes", 0),
        rep.get("lower_bound_bytes", -1))
    c.check(rc == 0 and rep["arena_bytes"] < rep["lower_bound_bytes"] and want in so
            and "tensors written in place over their inputs" in so,
            "-v names both numbers when in-place sharing brings the arena below the lower bound", so)
    rc, so, se = run(t, "compile", kws, "-o", out, "-v")
    c.check(rc == 0 and re.search(r"memory: arena (\d+) bytes, equal to the lower bound without in-place sharing "
                                  r"\(\1 bytes, the most that is live at one step", so),
            "-v names the arena and the lower bound when they are equal", so)

    # --- symbolic batch dimension ---
    batched = relu_chain(os.path.join(w, "batched.onnx"), batch="N", width=8)
    gen = os.path.join(w, "batched_out")
    rc, so, se = run(t, "compile", batched, "-o", gen)
    hdr = open(os.path.join(gen, "batched.h")).read() if rc == 0 else ""
    notes = [l for l in se.splitlines() if "note:" in l]
    c.check(rc == 0 and len(notes) == 1 and "input 'x': symbolic batch dimension 'N' set to 1 (--input-shape x=B,8 "
            "for batch size B)" in notes[0] and re.search(r"#define batched_INPUT_0_SIZE 8\b", hdr),
            "a symbolic leading batch dimension becomes 1 with one note", se + hdr[:1500])
    rc, so, se = run(t, "compile", batched, "-o", gen, "-q")
    c.check(rc == 0 and se == "", "-q silences the note", se)
    rc, so, se = run(t, "compile", batched, "-o", gen, "--input-shape", "x=4,8")
    hdr = open(os.path.join(gen, "batched.h")).read() if rc == 0 else ""
    c.check(rc == 0 and "note:" not in se and re.search(r"#define batched_INPUT_0_SIZE 32\b", hdr),
            "--input-shape still sets another batch size", se)
    rc, so, se = run(t, "inspect", batched)
    c.check(rc == 0 and "float32[1,8]" in so and "set to 1" in se, "inspect does the same", so + se)
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, "T"])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, "T"])
    seq = save(helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "seq", [x], [y]),
               os.path.join(w, "seq.onnx"))
    rc, so, se = run(t, "compile", seq, "-o", gen)
    c.check(rc == 1 and "symbolic dimension 'T' at axis 1" in se and "--input-shape x=1,<dim>" in se,
            "a symbolic non-batch dimension still asks for --input-shape", se)
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", "T"])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", "T"])
    two = save(helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "two", [x], [y]),
               os.path.join(w, "two.onnx"))
    rc, so, se = run(t, "compile", two, "-o", gen)
    c.check(rc == 1 and "--input-shape x=<batch>,<dim>" in se, "batch plus another symbolic dimension: "
            "--input-shape for all", se)

    # --- inspect --json and --target ---
    rc, so, se = run(t, "inspect", kws)
    total = re.search(r"total: (\d+) nodes, (\d+) parameters, (\d+) MACs", so)
    rc, so, se = run(t, "inspect", kws, "--json")
    try:
        j = json.loads(so)
    except ValueError:
        j = None
    c.check(rc == 0 and j and total and [j["total"]["nodes"], j["total"]["params"], j["total"]["macs"]]
            == [int(g) for g in total.groups()] and j["inputs"][0]["name"] == "input"
            and j["unsupported"] == [] and len(j["nodes"]) == j["total"]["nodes"],
            "inspect --json is valid JSON with the table's totals", so[:800])
    rc, so, se = run(t, "inspect", kws, "--target", "cortex-m4")
    c.check(rc == 0 and "compiled for target cortex-m4 (kernel variants: armdsp, reference)" in so
            and "ta_conv2d_f32" in so and "fits cortex-m4" in so, "inspect --target lists kernels and "
            "checks the budgets", so[-1500:])
    rc, so, se = run(t, "inspect", kws, "--target", "cortex-m0plus", "--json")
    try:
        j = json.loads(so)
    except ValueError:
        j = {}
    tg = j.get("target", {})
    c.check(rc == 1 and tg.get("fits") is False and tg.get("arena_bytes", 0) > tg.get("ram_bytes", 0) > 0
            and "RAM budget" in (tg.get("budget_problem") or "") and all(n["kernels"] or n["op"] == "Flatten"
                                                                          for n in tg.get("nodes", [{}])),
            "inspect --target cortex-m0plus --json: does not fit its RAM, exit 1", so[-1500:])
    rc, so, se = run(t, "inspect", kws, "--target", "cortex-m44")
    c.check(rc == 1 and "unknown target 'cortex-m44'" in se, "inspect --target with an unknown target", se)

    # --- int8: low SQNR warning ---
    cancel = cancel_model(os.path.join(w, "cancel.onnx"))
    calib = os.path.join(w, "calib.npy")
    np.save(calib, np.random.default_rng(0).uniform(0, 1, (16, 1, 64)).astype(np.float32))
    rc, so, se = run(t, "compile", cancel, "-o", gen, "--quantize", "int8", "--calibration", calib, "-q")
    c.check(rc == 0 and so == "" and "warning: int8: the SQNR vs the float model falls to" in se
            and "at 'y' (Add 'cancel')" in se and "--calibration-method percentile or mse" in se
            and "more calibration samples (16 now)" in se, "a low-SQNR layer is named with what to try "
            "(even with -q)", se)
    rc, so, se = run(t, "compile", kws, "-o", gen, "--quantize", "int8", "--calibration",
                     os.path.join(REPO, "models", "kws_dscnn_calib.npy"))
    c.check(rc == 0 and "warning" not in se and re.search(r"; int8 SQNR [0-9.]+ dB \(output vs the float model, "
                                                          r"32 samples; 13 of 13 nodes int8\)\n$", so),
            "a well-quantized model: no warning, the SQNR on the summary line", so + se)

    # --- the generated files' banner: version, target, options (escaped) ---
    rc, ver, _ = run(t, "--version")
    odd = os.path.join(w, "odd */ dir")
    os.makedirs(odd)
    hostile = os.path.join(odd, "calib *\n#define X ??( \\.npy")
    shutil.copy(calib, hostile)
    gen = os.path.join(w, "banner_out")
    rc, so, se = run(t, "compile", cancel, "-o", gen, "--quantize", "int8", "--calibration", "x=" + hostile,
                     "--target", "cortex-m4", "--calibration-method", "mse", "-q")
    src = open(os.path.join(gen, "cancel.cpp")).read() if rc == 0 else ""
    hdr = open(os.path.join(gen, "cancel.h")).read() if rc == 0 else ""
    first = src.splitlines()[:2]
    c.check(rc == 0 and first and first[0] == "// cancel.cpp: Generated by TinyAOT %s from 'cancel.onnx'. Do not edit."
            % ver.split()[-1] and first[1].startswith("// Target: cortex-m4 (kernels armdsp, reference). Options: "
                                                        "--quantize int8 --calibration x=calib ")
            and first[1].endswith(" --calibration-method mse") and "odd" not in first[1]
            and "*/" not in first[1] and "??" not in first[1] and "define" in first[1]
            and hdr.startswith("/* cancel.h: Generated by TinyAOT "),
            "the banner gives the version, the target and the options, with only the calibration file's name, "
            "escaped", "\n".join(first) + se)
    cc = shutil.which("g++")
    if cc and rc == 0:
        r = subprocess.run([cc, "-std=c++11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-fsyntax-only", "-I", gen,
                            os.path.join(gen, "cancel.cpp")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True)
        c.check(r.returncode == 0, "with a hostile calibration file name the files still compile with -Werror",
                r.stdout)
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())
