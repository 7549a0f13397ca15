#!/usr/bin/python3
"""Memory-planning tests on the bundled models (see tests/memory/tests.cmake).

  run_memory.py asan     --tinyaot BIN --model NAME --work DIR [--flags "--io-in-arena"]
      Compiles with --debug-poison (the arena is poisoned outside the tensors
      each node uses) and runs the model under AddressSanitizer against its
      ONNX Runtime reference. Also checks that the default output has no
      poisoning code.
  run_memory.py budgets  --tinyaot BIN --work DIR [--update]
      Compiles every model, compares the arena with the pinned sizes in
      arena_budgets.json (exact; a smaller arena passes and asks for a pin
      update), checks arena <= lower bound, and arena == lower bound when
      planned without in-place sharing.
  run_memory.py sections --tinyaot BIN --work DIR
      --arena-section / --weights-section: builds with arm-none-eabi-g++ and
      checks the sections and symbols with objdump -h and nm.
  run_memory.py shared   --tinyaot BIN --work DIR
      --arena external: two models run one after the other in one arena;
      --io-in-arena: inputs written at NAME_input(i), NAME_invoke().
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
MODELS = os.path.join(REPO, "models")
sys.path.insert(0, os.path.join(REPO, "tests", "target"))
sys.path.insert(0, os.path.join(REPO, "tests", "e2e"))
import make_harness  # noqa: E402
import run_models  # noqa: E402

ASAN = ["-std=c++11", "-O1", "-g", "-fsanitize=address", "-fno-omit-frame-pointer", "-Wall", "-Wextra", "-Werror"]
BUDGETS = os.path.join(HERE, "arena_budgets.json")


class Failure(Exception):
    pass


def must(cmd, what):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    if r.returncode != 0:
        raise Failure("%s failed (exit %d): %s\n%s" % (what, r.returncode, " ".join(cmd), r.stdout))
    return r.stdout


def compile_model(tinyaot, model, out_dir, name, flags=()):
    must([tinyaot, "compile", os.path.join(MODELS, model + ".onnx"), "-o", out_dir, "--name", name, "-q"]
         + list(flags), "tinyaot compile")
    return os.path.join(out_dir, name + ".h"), os.path.join(out_dir, name + ".cpp")


def report(tinyaot, model, work, flags=()):
    tag = "_".join(re.sub(r"\W+", "", f) for f in flags if not f.startswith("/"))
    path = os.path.join(work, model + "_" + tag + ".json")
    compile_model(tinyaot, model, os.path.join(work, "gen_" + model), model, list(flags) + ["--report", path])
    with open(path) as f:
        return json.load(f)


def cmd_asan(a):
    tag = re.sub(r"\W+", "_", a.flags.replace(MODELS, ""))[:40] if a.flags else ""
    work = os.path.join(a.work, a.model + ("_" + tag if tag else ""))
    os.makedirs(work, exist_ok=True)
    _, plain = compile_model(a.tinyaot, a.model, os.path.join(work, "plain"), a.model, a.flags.split())
    if "TA_POISON" in open(plain).read() or "asan_interface" in open(plain).read():
        raise Failure("the default generated code contains poisoning code")
    h, c = compile_model(a.tinyaot, a.model, os.path.join(work, "gen"), a.model, ["--debug-poison"] + a.flags.split())
    if "TA_UNPOISON(arena + " not in open(c).read():
        raise Failure("--debug-poison emitted no poisoning")
    data_c = os.path.join(work, "harness_data.c")
    with open(data_c, "w") as f:
        f.write(make_harness.generate(a.model, h, os.path.join(MODELS, a.model, "test_data_set_0"), a.atol, a.rtol))
    try:
        res = run_models.build_and_run("asan poison", "g++", ASAN, a.model, os.path.dirname(h), c, data_c, work)
    except run_models.Failure as e:
        raise Failure(str(e))
    if "pass=1" not in res:
        raise Failure("wrong results under poisoning: %s" % res)
    print("%s: poisoned arena under ASan: %s" % (a.model, res))


def check_pin(pins, model, kind, arena, bad):
    pin = pins.get(model, {}).get(kind)
    if pin is None:
        bad.append("%s %s: no pinned arena size in %s (run with --update)" % (model, kind, BUDGETS))
    elif arena > pin:
        bad.append("%s %s: arena %d bytes, pinned %d: a regression" % (model, kind, arena, pin))
    elif arena < pin:
        print("  %s %s: arena %d is below the pin %d: update %s" % (model, kind, arena, pin, BUDGETS))


def cmd_budgets(a):
    os.makedirs(a.work, exist_ok=True)
    pins = json.load(open(BUDGETS))
    models = sorted(f[:-5] for f in os.listdir(MODELS) if f.endswith(".onnx"))
    bad, new = [], {}
    for model in models:
        r = report(a.tinyaot, model, a.work)
        arena, lb = r["arena_bytes"], r["lower_bound_bytes"]
        flat = report(a.tinyaot, model, a.work, ["--no-in-place"])
        print("%-22s float arena %8d  lower bound %8d  no in-place %8d  all intermediates %8d" % (
            model, arena, lb, flat["arena_bytes"], r["sum_intermediates_bytes"]))
        new[model] = {"float": arena}
        if arena > lb:
            bad.append("%s: arena %d above the lower bound %d" % (model, arena, lb))
        if flat["arena_bytes"] != flat["lower_bound_bytes"]:
            bad.append("%s: without in-place sharing the arena %d misses the lower bound %d"
                       % (model, flat["arena_bytes"], flat["lower_bound_bytes"]))
        check_pin(pins, model, "float", arena, bad)
        # int8 (post-training quantization with the model's calibration data).
        calib = os.path.join(MODELS, model + "_calib.npy")
        if os.path.isfile(calib):
            q = report(a.tinyaot, model, a.work, ["--quantize", "int8", "--calibration", calib])
            print("%-22s int8  arena %8d  lower bound %8d" % (model, q["arena_bytes"], q["lower_bound_bytes"]))
            new[model]["int8"] = q["arena_bytes"]
            if q["arena_bytes"] > q["lower_bound_bytes"]:
                bad.append("%s int8: arena %d above the lower bound %d" % (model, q["arena_bytes"],
                                                                         q["lower_bound_bytes"]))
            check_pin(pins, model, "int8", q["arena_bytes"], bad)
    if a.update:
        for model, v in new.items():
            pins.setdefault(model, {}).update(v)
        with open(BUDGETS, "w") as f:
            json.dump(pins, f, indent=2, sort_keys=True)
            f.write("\n")
        print("updated %s" % BUDGETS)
        return
    if bad:
        raise Failure("\n".join(bad))


def cmd_sections(a):
    work = os.path.join(a.work, "sections")
    os.makedirs(work, exist_ok=True)
    name = "digits_cnn"
    h, c = compile_model(a.tinyaot, name, work, name, ["--arena-section", ".dtcm_bss.arena",
                                                        "--weights-section", ".model_weights"])
    obj = os.path.join(work, name + ".o")
    must(["arm-none-eabi-g++", "-mcpu=cortex-m4", "-mthumb", "-std=c++11", "-O2", "-Wall", "-Wextra", "-Werror",
          "-fno-exceptions", "-fno-rtti", "-c", c, "-o", obj], "arm-none-eabi-g++")
    sections = must(["arm-none-eabi-objdump", "-h", obj], "objdump -h")
    sizes = {m.group(1): int(m.group(2), 16)
             for m in re.finditer(r"^\s*\d+\s+(\S+)\s+([0-9a-f]+)\s", sections, re.M)}
    macros, _ = make_harness.parse_header(h)
    arena = make_harness.macro_int(macros, name + "_ARENA_SIZE")
    weights = make_harness.macro_int(macros, name + "_WEIGHTS_SIZE")
    if sizes.get(".dtcm_bss.arena") != arena:
        raise Failure("section .dtcm_bss.arena has %s bytes, the arena %d:\n%s" % (sizes.get(".dtcm_bss.arena"),
                                                                                 arena, sections))
    if sizes.get(".model_weights", 0) < weights:
        raise Failure("section .model_weights has %s bytes, the constant data %d" % (sizes.get(".model_weights"),
                                                                                   weights))
    syms = must(["arm-none-eabi-objdump", "-t", obj], "objdump -t")
    if not re.search(r"\.dtcm_bss\.arena\s+[0-9a-f]+\s+\S*g_arena", syms):
        raise Failure("g_arena is not in .dtcm_bss.arena:\n%s" % syms)
    for line in syms.splitlines():
        if re.search(r"\sO\s+\.(rodata|data)\S*\s.*\b(w_|k_)", line):
            raise Failure("constant data outside .model_weights: %s" % line)
    nm = must(["arm-none-eabi-nm", "-S", "--size-sort", obj], "nm")
    if "g_arena" not in nm:
        raise Failure("nm does not list g_arena")
    print("%s: arena %d bytes in .dtcm_bss.arena, %d bytes of constants in .model_weights" % (name, arena, weights))


def c_data(prefix, model):
    tensors = {k: make_harness.load_tensors(os.path.join(MODELS, model, "test_data_set_0"), k)
               for k in ("input", "output")}
    src = []
    for kind, ts in tensors.items():
        for i, (_, dtype, arr) in enumerate(ts):
            src.append("static const %s %s_%s%d[%d] = {%s};" % (make_harness.DTYPES[dtype][1], prefix, kind, i,
                                                               max(arr.size, 1), make_harness.c_values(dtype, arr)))
    return "\n".join(src), tensors


def cmd_shared(a):
    """Two models in one external arena, then one --io-in-arena model."""
    work = os.path.join(a.work, "shared")
    os.makedirs(work, exist_ok=True)
    first, second = "kws_dscnn", "digits_cnn"
    compile_model(a.tinyaot, first, work, "m1", ["--arena", "external"])
    compile_model(a.tinyaot, second, work, "m2", ["--arena", "external"])
    compile_model(a.tinyaot, "branchy", work, "m3", ["--io-in-arena"])
    compile_model(a.tinyaot, "opset9_mlp", work, "m4", ["--io-in-arena", "--arena", "external"])
    parts = ["#include <math.h>", "#include <stdio.h>", "#include <string.h>",
             '#include "m1.h"', '#include "m2.h"', '#include "m3.h"', '#include "m4.h"']
    checks = []
    for prefix, model in (("m1", first), ("m2", second), ("m3", "branchy"), ("m4", "opset9_mlp")):
        src, t = c_data(prefix, model)
        parts.append(src)
        n = t["output"][0][2].size
        checks.append((prefix, n))
    size = "(m1_ARENA_SIZE > m2_ARENA_SIZE ? m1_ARENA_SIZE : m2_ARENA_SIZE)"
    parts.append(r"""
static int close_to(const float* got, const float* want, int n, const char* what) {
  int i;
  for (i = 0; i < n; i++)
    if (!(fabsf(got[i] - want[i]) <= 1e-4f + 1e-3f * fabsf(want[i]))) {
      printf("%s: [%d] got %g expected %g\n", what, i, got[i], want[i]);
      return 0;
    }
  return 1;
}
static unsigned char shared_arena[@SIZE@ + 1] __attribute__((aligned(16)));
static unsigned char m4_arena[m4_ARENA_SIZE] __attribute__((aligned(16)));
int main(void) {
  float o1[@N1@], o2[@N2@];
  int ok = 1, round;
  for (round = 0; round < 2; round++) {
    memset(shared_arena, 0xA5, sizeof shared_arena);
    ok &= m1_run_typed(m1_input0, o1, shared_arena) == 0 && close_to(o1, m1_output0, @N1@, "m1");
    ok &= m2_run_typed(m2_input0, o2, shared_arena) == 0 && close_to(o2, m2_output0, @N2@, "m2");
  }
  memcpy(m3_input(0), m3_input0, sizeof m3_input0);
  ok &= m3_invoke() == 0 && close_to((const float*)m3_output(0), m3_output0, @N3@, "m3 invoke");
  ok &= m3_input(1) == NULL && m3_output(-1) == NULL;
  memcpy(m4_input(m4_arena, 0), m4_input0, sizeof m4_input0);
  ok &= m4_invoke(m4_arena) == 0 && close_to((const float*)m4_output(m4_arena, 0), m4_output0, @N4@, "m4 invoke");
  {
    float o4[@N4@];
    ok &= m4_run_typed(m4_input0, o4, m4_arena) == 0 && close_to(o4, m4_output0, @N4@, "m4 run");
  }
  printf("shared arena %d bytes (m1 %d, m2 %d): %s\n", (int)sizeof shared_arena - 1, m1_ARENA_SIZE, m2_ARENA_SIZE,
         ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
""".replace("@SIZE@", size).replace("@N1@", str(checks[0][1])).replace("@N2@", str(checks[1][1]))
                 .replace("@N3@", str(checks[2][1])).replace("@N4@", str(checks[3][1])))
    main_c = os.path.join(work, "main.c")
    with open(main_c, "w") as f:
        f.write("\n".join(parts))
    objs = []
    for src in [main_c] + [os.path.join(work, m + ".cpp") for m in ("m1", "m2", "m3", "m4")]:
        o = src + ".o"
        cc = ["gcc", "-std=c99"] if src.endswith(".c") else ["g++", "-std=c++11", "-fno-exceptions", "-fno-rtti"]
        must(cc + ["-O1", "-g", "-fsanitize=address", "-Wall", "-Wextra", "-Werror", "-I", work, "-c", src, "-o", o],
             "build " + os.path.basename(src))
        objs.append(o)
    exe = os.path.join(work, "shared")
    must(["g++", "-fsanitize=address"] + objs + ["-lm", "-o", exe], "link")
    print(must([exe], "run").strip())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["asan", "budgets", "sections", "shared"])
    ap.add_argument("--tinyaot", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--model")
    ap.add_argument("--flags", default="", help="extra tinyaot compile flags (asan)")
    ap.add_argument("--update", action="store_true", help="budgets: rewrite the pinned sizes")
    ap.add_argument("--atol", type=float, default=1e-4, help="asan: output tolerance vs the reference")
    ap.add_argument("--rtol", type=float, default=1e-3)
    a = ap.parse_args()
    try:
        {"asan": cmd_asan, "budgets": cmd_budgets, "sections": cmd_sections, "shared": cmd_shared}[a.mode](a)
    except (Failure, make_harness.HarnessError) as e:
        print("FAIL: %s" % e)
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
