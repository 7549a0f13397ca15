"""Reader for targets/NAME.target files (plain `key = value` lines, # comments).

Usage: from targetfile import load_target; t = load_target("cortex-m4")
`t` is a dict of strings; list-valued keys are split with t.list("kernels").
"""
import os

TARGETS_DIR = os.path.dirname(os.path.abspath(__file__))
REQUIRED = ("name", "description", "arch", "cpu", "cflags", "fpu", "dsp", "helium",
            "kernels", "flash_bytes", "ram_bytes", "qemu_machine", "qemu_ram_bytes",
            "toolchain")


class Target(dict):
    def list(self, key):
        return self.get(key, "").split()

    def int(self, key, default=0):
        v = self.get(key, "")
        return int(v, 0) if v else default


def parse_target_text(text, origin="<text>"):
    t = Target()
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if "=" not in line:
            raise ValueError("%s:%d: expected 'key = value', got %r" % (origin, n, raw))
        k, v = line.split("=", 1)
        t[k.strip()] = " ".join(v.split())
    missing = [k for k in REQUIRED if k not in t]
    if missing:
        raise ValueError("%s: missing keys: %s" % (origin, ", ".join(missing)))
    return t


def target_path(name_or_path):
    if os.path.isfile(name_or_path):
        return name_or_path
    return os.path.join(TARGETS_DIR, name_or_path + ".target")


def load_target(name_or_path):
    path = target_path(name_or_path)
    if not os.path.isfile(path):
        known = sorted(f[:-7] for f in os.listdir(TARGETS_DIR) if f.endswith(".target"))
        raise SystemExit("unknown target %r (known: %s)" % (name_or_path, ", ".join(known)))
    with open(path) as f:
        return parse_target_text(f.read(), path)


def all_targets():
    return sorted(f[:-7] for f in os.listdir(TARGETS_DIR) if f.endswith(".target"))
