#!/usr/bin/env python3
"""Inputs of qnn-realize-exec.mlir: python3 gen_realize_exec_inputs.py OUTDIR.
Normal values with standard deviation 3 (most of them inside the global
range [-8, 8), some beyond it), from a fixed seed."""
import os
import sys

import numpy as np

out = sys.argv[1]
rng = np.random.default_rng(0)
for name, shape in (("x5", (1, 5, 5, 2)), ("x4", (1, 4)), ("a", (3, 2, 4)),
                    ("c", (1, 4, 10)), ("d", (1, 1, 10)), ("x64", (1, 2, 2, 64)),
                    ("x8", (1, 8))):
    np.save(os.path.join(out, name + ".npy"),
            (rng.standard_normal(shape) * 3).astype(np.float32))
