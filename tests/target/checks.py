"""A tiny check counter for the script tests: prints `<prefix>: ok|FAIL what`
per check and the closing `<prefix>: N passed, N failed` line."""


class Checks:
    def __init__(self, prefix):
        self.prefix = prefix
        self.passed = self.failed = 0

    def check(self, ok, what, detail=""):
        print("%s: %-4s %s" % (self.prefix, "ok" if ok else "FAIL", what))
        if not ok and detail:
            print(detail.rstrip())
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        return ok

    def finish(self):
        print("%s: %d passed, %d failed" % (self.prefix, self.passed, self.failed))
        return 0 if self.failed == 0 else 1
