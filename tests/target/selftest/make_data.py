#!/usr/bin/python3
"""Writes the test data of the stand-in models (references computed with
numpy; harness self-test only):
  test_data_set_0/        tiny: input_0, output_0, output_1
  qmix/test_data_set_0/   qmix: input_0..1, output_0..3"""
import os

import numpy as np
from onnx import numpy_helper

W = np.array([[0.5, -1.25, 0.75], [-0.3, 0.8, 1.1]], dtype=np.float32)
B = np.array([0.1, -0.2], dtype=np.float32)


def save(out_dir, tensors):
    os.makedirs(out_dir, exist_ok=True)
    for fname, arr, name in tensors:
        with open(os.path.join(out_dir, fname), "wb") as f:
            f.write(numpy_helper.from_array(arr, name).SerializeToString())


def qmix(out_dir):
    q = np.array([[-100, 5, 0, 90]], dtype=np.int8)
    m = np.array([1, 1, 1, 0], dtype=np.uint8)
    y = np.clip(2 * q.astype(np.int32) - 1, -128, 127).astype(np.int8)
    y[0, 1] += 1  # one element off by one LSB: must pass with the default quantized tolerance
    b = (q[0] > 0) & (m != 0)
    s = np.array([(q.astype(np.int64) + 3).sum() * 0.5], dtype=np.float64)
    r = np.array([q.min(), q.max()], dtype=np.int32)
    save(out_dir, [("input_0.pb", q, "q"), ("input_1.pb", m, "m"), ("output_0.pb", y, "y"),
                   ("output_1.pb", b, "b"), ("output_2.pb", s, "s"), ("output_3.pb", r, "r")])


def main(out_dir):
    x = np.array([[0.9, -0.4, 1.7]], dtype=np.float32)
    y = np.tanh(x.astype(np.float64) @ W.T.astype(np.float64) + B).astype(np.float32)
    cls = np.array([int(np.argmax(y[0]))], dtype=np.int64)
    save(out_dir, [("input_0.pb", x, "x"), ("output_0.pb", y, "y"), ("output_1.pb", cls, "cls")])


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    main(os.path.join(here, "test_data_set_0"))
    qmix(os.path.join(here, "qmix", "test_data_set_0"))
