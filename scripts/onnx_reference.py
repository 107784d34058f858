#!/usr/bin/env python3
"""Make an input for an ONNX model and run it with ONNX Runtime (the reference).

  python3 scripts/onnx_reference.py model.onnx --input-out x.npy
          --output-out ref.npy [--batch N] [--seed S] [--input x.npy]

The model must have one input and one output (several outputs: one
--output-out per output, in order). Without --input, a float32
input with the model's input shape (symbolic dimensions replaced by --batch,
default 1) is drawn from a standard normal distribution (numpy RandomState
seeded with --seed, default 0) and written to --input-out. ONNX Runtime
(CPU provider, graph optimizations disabled, one thread) runs the model on it
and the output is written to --output-out. Prints one summary line.

--optimize runs ONNX Runtime with all graph optimizations instead: for a QDQ
model that fuses DequantizeLinear -> op -> QuantizeLinear into ORT's integer
kernels (QLinearConv, QLinearAdd, QGemm, ...), the integer model ORT would
deploy; without it ORT computes the float model of the QDQ graph.
"""

import argparse
import sys

import numpy as np
import onnxruntime as ort


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model")
    ap.add_argument("--input", help="use this input instead of drawing one")
    ap.add_argument("--input-out", help="write the drawn input here")
    ap.add_argument("--output-out", required=True, action="append")
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--optimize", action="store_true",
                    help="all graph optimizations (QDQ fused to integer ops)")
    args = ap.parse_args(argv)

    so = ort.SessionOptions()
    so.graph_optimization_level = (
        ort.GraphOptimizationLevel.ORT_ENABLE_ALL if args.optimize else
        ort.GraphOptimizationLevel.ORT_DISABLE_ALL)
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    sess = ort.InferenceSession(args.model, so,
                                providers=["CPUExecutionProvider"])
    ins, outs = sess.get_inputs(), sess.get_outputs()
    if len(ins) != 1 or len(outs) != len(args.output_out):
        print("onnx_reference: error: the model must have one input and "
              "one output per --output-out", file=sys.stderr)
        return 2
    if args.input:
        x = np.load(args.input)
    else:
        shape = [d if isinstance(d, int) else args.batch
                 for d in ins[0].shape]
        rng = np.random.RandomState(args.seed)
        x = rng.standard_normal(shape).astype(np.float32)
        if args.input_out:
            np.save(args.input_out, x)
    ys = sess.run(None, {ins[0].name: x})
    for path, y in zip(args.output_out, ys):
        np.save(path, y)
    print("onnx_reference: %s %s -> %s" % (
        args.model, x.shape, ", ".join(str(y.shape) for y in ys)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
