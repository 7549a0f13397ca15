#!/usr/bin/python3
"""The installed package and the example firmware (examples/digits_fw).

  package_test.py --build BUILD_DIR --work DIR

1. `cmake --install BUILD_DIR --prefix DIR/install`; the installed tinyaot
   lists and uses its built-in targets from outside the source tree.
2. The example, configured with find_package(TinyAOT) against that prefix,
   for the host: builds, prints the right prediction; a second build does not
   rerun the compiler; touching the model, changing the options do.
3. The example cross-compiled for Cortex-M4 with the installed toolchain file
   (the compiler stays the host one), run under QEMU with the installed runner.
Ends with `package: N passed, N failed`.
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
EXAMPLE = os.path.join(REPO, "examples", "digits_fw")
PY = sys.executable or "/usr/bin/python3"
sys.path.insert(0, HERE)
from checks import Checks  # noqa: E402
GEN_MARK = "TinyAOT: compiling"
PREDICTION = "digits_fw: predicted 6 (label 6)"


def sh(cmd, cwd=None):
    r = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    return r.returncode, r.stdout


def configure(src, build, prefix, extra=()):
    gen = ["-G", "Ninja"] if shutil.which("ninja") else []
    return sh(["cmake", "-S", src, "-B", build] + gen + ["-DCMAKE_PREFIX_PATH=" + prefix] + list(extra))


def build(bdir):
    return sh(["cmake", "--build", bdir])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", required=True, help="the TinyAOT build directory (tinyaot built)")
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    work = os.path.abspath(a.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    prefix = os.path.join(work, "install")
    c = Checks("package")

    rc, out = sh(["cmake", "--install", a.build, "--prefix", prefix])
    if not c.check(rc == 0, "cmake --install", out):
        return c.finish()
    want = ["bin/tinyaot", "lib/cmake/TinyAOT/TinyAOTConfig.cmake", "lib/cmake/TinyAOT/TinyAOTConfigVersion.cmake",
            "lib/cmake/TinyAOT/TinyAOT.cmake", "share/tinyaot/targets/cortex-m4.target",
            "share/tinyaot/targets/cmake/arm-none-eabi.cmake", "share/tinyaot/targets/qemu/run.py"]
    missing = [f for f in want if not os.path.exists(os.path.join(prefix, f))]
    c.check(not missing, "installed files present", "missing: " + " ".join(missing))
    tinyaot = os.path.join(prefix, "bin", "tinyaot")
    rc, out = sh([tinyaot, "targets"], cwd="/")
    c.check(rc == 0 and "cortex-m4" in out and "mps2-an386" in out, "installed tinyaot lists its targets", out)

    # Host build through find_package, on a copy of the model (to touch it).
    model = os.path.join(work, "model", "digits_cnn.onnx")
    os.makedirs(os.path.dirname(model))
    shutil.copy(os.path.join(REPO, "models", "digits_cnn.onnx"), model)
    host = os.path.join(work, "host")
    rc, out = configure(EXAMPLE, host, prefix, ["-DDIGITS_MODEL=" + model])
    if c.check(rc == 0, "example configures with find_package(TinyAOT) (host)", out):
        rc, out = build(host)
        c.check(rc == 0 and GEN_MARK in out, "example builds (host), generating the model", out)
        rc, out = sh([os.path.join(host, "digits_fw")])
        c.check(rc == 0 and PREDICTION in out, "host firmware: " + out.strip(), out)
        rc, out = build(host)
        c.check(rc == 0 and GEN_MARK not in out, "rebuild without changes does not rerun tinyaot", out)
        time.sleep(1.1)
        os.utime(model)
        rc, out = build(host)
        c.check(rc == 0 and GEN_MARK in out, "touching the model reruns tinyaot", out)
        rc, out = configure(EXAMPLE, host, prefix, ["-DDIGITS_TINYAOT_OPTIONS=--disable-pass;fuse-activations"])
        rc2, out2 = build(host)
        c.check(rc == 0 and rc2 == 0 and GEN_MARK in out2, "changing the options reruns tinyaot", out + out2)
        rc, out = configure(EXAMPLE, host, prefix)
        rc2, out2 = build(host)
        c.check(rc == 0 and rc2 == 0 and GEN_MARK not in out2, "reconfiguring unchanged does not", out + out2)

    # Cortex-M4 cross build with the installed toolchain file.
    m4 = os.path.join(work, "cortex-m4")
    toolchain = os.path.join(prefix, "share", "tinyaot", "targets", "cmake", "arm-none-eabi.cmake")
    rc, out = configure(EXAMPLE, m4, prefix, ["-DCMAKE_TOOLCHAIN_FILE=" + toolchain, "-DTINYAOT_TARGET=cortex-m4",
                                              "-DDIGITS_MODEL=" + model])
    if c.check(rc == 0, "example configures for cortex-m4 (cross, find_package)", out):
        rc, out = build(m4)
        c.check(rc == 0 and "--target cortex-m4" in open(os.path.join(m4, "tinyaot", "digits.options")).read()
                .replace("\n", " "), "example builds for cortex-m4 (host tinyaot --target cortex-m4)", out)
        runner = os.path.join(prefix, "share", "tinyaot", "targets", "qemu", "run.py")
        rc, out = sh([PY, runner, "--target", "cortex-m4", "-q", os.path.join(m4, "digits_fw.elf")])
        c.check(rc == 0 and PREDICTION in out, "cortex-m4 firmware under QEMU: " + out.strip(), out)
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())
