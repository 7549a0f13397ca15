#!/usr/bin/python3
"""Writes sample.h: one digit image from models/digits_test_x.npy and its label."""
import os
import sys

import numpy as np

repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
index = int(sys.argv[2]) if len(sys.argv) > 2 else 0
x = np.load(os.path.join(repo, "models", "digits_test_x.npy"))[index].reshape(-1)
y = int(np.load(os.path.join(repo, "models", "digits_test_y.npy"))[index])
with open(sys.argv[1], "w") as f:
    f.write("/* Test sample %d of sklearn's digits (models/digits_test_x.npy). */\n" % index)
    f.write("static const float kSample[%d] = {\n  %s\n};\n" % (x.size, ", ".join("%.9gf" % v if "." in "%.9g" % v
                                                                          else "%.9g.0f" % v for v in x)))
    f.write("static const int kLabel = %d;\n" % y)
