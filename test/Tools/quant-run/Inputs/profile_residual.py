#!/usr/bin/env python3
"""profile_residual.py OUT_DIR: a small fp32 model for quant-run profile's
conv+epilogue grouping, its input and its numpy (float64) reference:

  conv1 (1x1, 3 -> 4, bias) -> relu1                  (relu1: conv1's only user)
  conv2 (1x1, 4 -> 4, bias) -> add(conv2, relu1) -> relu2   (add: not constant)
  conv3 (1x1, 4 -> 4, bias) -> relu3; add2 = relu3 + conv3  (conv3: two users)

Only conv1+relu1 is an epilogue the x86 target fuses; every other op keeps
its own layer. Writes model.mlir, x.npy (1x5x6x3) and ref.npy."""
import os
import sys

import numpy as np

out = sys.argv[1]
rng = np.random.default_rng(3)
x = rng.standard_normal((1, 5, 6, 3)).astype(np.float32)
w = [rng.standard_normal((4, 1, 1, c)).astype(np.float32) for c in (3, 4, 4)]
b = [rng.standard_normal(4).astype(np.float32) for _ in range(3)]


def conv(v, i):
    return np.einsum("nhwc,fc->nhwf", v, w[i][:, 0, 0, :].astype(np.float64)) + b[i]


r1 = np.maximum(conv(x.astype(np.float64), 0), 0)
r2 = np.maximum(conv(r1, 1) + r1, 0)
c3 = conv(r2, 2)
ref = np.maximum(c3, 0) + c3


def const(name, arr):
    t = "tensor<%sxf32>" % "x".join(map(str, arr.shape))
    vals = np.array2string(arr, separator=", ", threshold=10**6,
                           floatmode="unique").replace("\n", "")
    return '    %%%s = "tosa.const"() <{values = dense<%s> : %s}> : () -> %s\n' % (
        name, vals, t, t)


T = lambda c: "tensor<1x5x6x%dxf32>" % c  # noqa: E731
CLAMP = ('    %%%s = tosa.clamp %%%s {max_val = 3.4e+38 : f32, min_val = 0.0 : f32} : '
         '(%s) -> %s loc("%s")\n')


def conv_op(i, inp):
    c = 3 if i == 0 else 4
    return (const("w%d" % i, w[i]) + const("b%d" % i, b[i]) +
            '    %%conv%d = tosa.conv2d %s, %%w%d, %%b%d, %%zp, %%zp {acc_type = f32, '
            'dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, '
            'stride = array<i64: 1, 1>} : (%s, tensor<4x1x1x%dxf32>, tensor<4xf32>, '
            'tensor<1xf32>, tensor<1xf32>) -> %s loc("conv%d")\n'
            % (i + 1, inp, i, i, T(c), c, T(4), i + 1))


def add_op(res, a, b_, name):
    return ('    %%%s = tosa.add %s, %s : (%s, %s) -> %s loc("%s")\n'
            % (res, a, b_, T(4), T(4), T(4), name))


text = ("func.func @main(%%x: %s) -> %s {\n" % (T(3), T(4)) +
        '    %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>\n' +
        conv_op(0, "%x") + CLAMP % ("relu1", "conv1", T(4), T(4), "relu1") +
        conv_op(1, "%relu1") + add_op("sum", "%conv2", "%relu1", "add") +
        CLAMP % ("relu2", "sum", T(4), T(4), "relu2") +
        conv_op(2, "%relu2") + CLAMP % ("relu3", "conv3", T(4), T(4), "relu3") +
        add_op("add2", "%relu3", "%conv3", "add2") +
        "    return %%add2 : %s\n}\n" % T(4))
open(os.path.join(out, "model.mlir"), "w").write(text)
np.save(os.path.join(out, "x.npy"), x)
np.save(os.path.join(out, "ref.npy"), ref.astype(np.float32))
