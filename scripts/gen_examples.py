#!/usr/bin/env python3
"""Generate the bundled example models (besides small_cnn and fashion_mnist).

For each model this writes examples/<name>/:
  model.mlir    float model, TOSA (MLIR 22 syntax), weights as tosa.const, every
                op named by its location (loc("conv1"), ...); for linalg_* the
                same model lowered to linalg on tensors by upstream mlir-opt
  weights.npz   the weights in TOSA layouts (conv OHWI, depthwise HWCM, matmul
                B 1xKxN, matmul bias 1x1xN), float32
  input.npy     a batch of 8 samples (float32, the model's input shape), also
                meant as calibration data
  ref_fp32.npy  the model's output on input.npy from the numpy forward pass
                below (computed in float64, stored as float32)
  README.md     layers, shapes, activation ranges, how it was checked

Models (batch N = 8 in every model):
  mlp                8x64 -> 3 dense layers (tosa.matmul + tosa.add + tosa.clamp)
  lenet              8x28x28x1 -> conv5x5 -> pool -> conv5x5 -> pool -> 2 dense
  resnet_block       8x9x9x16 -> basic block; strided block with 1x1 projection
  mobilenetv2_block  8x8x8x16 -> inverted residual (expand, depthwise, project)
  inception_block    8x8x8x16 -> 1x1 | 1x1->3x3 | maxpool->1x1, concat
  linalg_mlp         mlp lowered to linalg (+ canonicalize)
  linalg_cnn         lenet lowered to linalg (+ canonicalize)

The numpy forward passes are written from the TOSA specification with small
helpers (conv2d with groups, depthwise, pools, matmul, concat); they share no
code with the MLIR text emitter and never use QuantMLIR.  Weights are He-like
normal (std = sqrt(gain / fan_in), as scripts/gen_small_cnn.py), float32 at
full precision: written as the shortest decimals that parse back to the same
float32, or as hex (dense<"0x...">, the raw little-endian float32 bytes, as
mlir-opt prints big constants) for tensors of more than 4096 elements.
(Decimal-rounded weights were tried and dropped: they put weights exactly on
int8 rounding ties, e.g. w = max|W| / 2 -> 63.5 LSB.)  Every activation is
checked to stay inside the data-free int8 range [-8, 8) of global scale 8.0.

Checks (default on; --no-check skips them):
  * every tosa.const in model.mlir, printed back by mlir-opt in hex, has the
    bytes of weights.npz (the literals are exact);
  * mlir-opt verifies model.mlir and lowers it with tosa-to-linalg-named,
    tosa-to-linalg, tosa-to-arith, tosa-to-tensor;
  * the model is run with upstream mlir-opt + mlir-runner on input.npy and
    compared with ref_fp32.npy (max abs error <= --atol, default 1e-4);
  * with --quant-run PATH also with QuantMLIR's quant-run.

Usage: python3 scripts/gen_examples.py [--only mlp,lenet] [--no-check]
           [--llvm-bin /usr/lib/llvm-22/bin] [--quant-run build/bin/quant-run]
Exit status 0 when every model passes its checks.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "..", "examples")
BATCH = 8
GLOBAL_SCALE = 8.0
ACT_LIMIT = GLOBAL_SCALE - GLOBAL_SCALE / 128 / 2  # last int8 step, rounded
RELU_MAX = 3.4e38  # tosa.clamp max_val of a plain ReLU

TOSA_TO_LINALG = ("builtin.module(func.func(tosa-to-linalg-named,tosa-to-linalg,"
                  "tosa-to-arith,tosa-to-tensor))")
TOSA_TO_LINALG_CANON = ("builtin.module(func.func(tosa-to-linalg-named,"
                        "tosa-to-linalg,tosa-to-arith,tosa-to-tensor),canonicalize)")
TO_LLVM = ("builtin.module(one-shot-bufferize{bufferize-function-boundaries},"
           "buffer-deallocation-pipeline,convert-bufferization-to-memref,"
           "func.func(convert-linalg-to-loops),convert-scf-to-cf,"
           "expand-strided-metadata,lower-affine,finalize-memref-to-llvm,"
           "convert-math-to-llvm,convert-arith-to-llvm,convert-cf-to-llvm,"
           "convert-func-to-llvm,convert-index-to-llvm,reconcile-unrealized-casts)")


# ============================================================================
# numpy reference ops (NHWC activations, float64 arithmetic)
# ============================================================================
def pad_nhwc(x, pad, value=0.0):
    """pad = (top, bottom, left, right), as TOSA's pad attribute."""
    t, b, l, r = pad
    return np.pad(x, ((0, 0), (t, b), (l, r), (0, 0)), constant_values=value)


def out_size(n, k, stride, lo, hi):
    """TOSA output size; TOSA requires the division to be exact."""
    span = n + lo + hi - k
    assert span >= 0 and span % stride == 0, (n, k, stride, lo, hi)
    return span // stride + 1


def windows(x, kh, kw, sh, sw, oh, ow):
    """All kernel taps of a padded NHWC input: N x OH x OW x KH x KW x C."""
    taps = [x[:, i:i + sh * (oh - 1) + 1:sh, j:j + sw * (ow - 1) + 1:sw, :]
            for i in range(kh) for j in range(kw)]
    n, c = x.shape[0], x.shape[3]
    return np.stack(taps, axis=3).reshape(n, oh, ow, kh, kw, c)


def conv2d(x, w, b, stride=(1, 1), pad=(0, 0, 0, 0), groups=1):
    """Grouped 2-D convolution (im2col + matmul), cross-correlation as TOSA.

    x: N x H x W x C; w: O x KH x KW x (C / groups) (OHWI); b: O.
    Output channel o reads input channels of group o // (O / groups)."""
    x = np.asarray(x, np.float64)
    w = np.asarray(w, np.float64)
    o, kh, kw, ci = w.shape
    n, h, wd, c = x.shape
    assert c == ci * groups and o % groups == 0
    oh = out_size(h, kh, stride[0], pad[0], pad[1])
    ow = out_size(wd, kw, stride[1], pad[2], pad[3])
    cols = windows(pad_nhwc(x, pad), kh, kw, stride[0], stride[1], oh, ow)
    og = o // groups
    out = np.empty((n, oh, ow, o))
    for g in range(groups):
        a = cols[..., g * ci:(g + 1) * ci].reshape(n * oh * ow, kh * kw * ci)
        wg = w[g * og:(g + 1) * og].reshape(og, kh * kw * ci)
        out[..., g * og:(g + 1) * og] = (a @ wg.T).reshape(n, oh, ow, og)
    return out + np.asarray(b, np.float64)


def depthwise_conv2d(x, w, b, stride=(1, 1), pad=(0, 0, 0, 0)):
    """TOSA depthwise_conv2d: w is KH x KW x C x M, output channel c * M + m."""
    kh, kw, c, m = w.shape
    w_ohwi = np.transpose(w, (2, 3, 0, 1)).reshape(c * m, kh, kw, 1)
    return conv2d(x, w_ohwi, b, stride, pad, groups=c)


def max_pool2d(x, kernel, stride, pad=(0, 0, 0, 0)):
    """Max pool; padding never wins (pads with -inf)."""
    n, h, wd, c = x.shape
    oh = out_size(h, kernel[0], stride[0], pad[0], pad[1])
    ow = out_size(wd, kernel[1], stride[1], pad[2], pad[3])
    cols = windows(pad_nhwc(x, pad, -np.inf), kernel[0], kernel[1],
                   stride[0], stride[1], oh, ow)
    return cols.max(axis=(3, 4))


def matmul(a, b):
    """TOSA matmul: N x M x K times N x K x P (batch dims equal or B's 1)."""
    return np.matmul(np.asarray(a, np.float64), np.asarray(b, np.float64))


def clamp(x, lo, hi):
    return np.minimum(np.maximum(x, lo), hi)


def relu(x):
    return clamp(x, 0.0, RELU_MAX)


def relu6(x):
    return clamp(x, 0.0, 6.0)


def concat(xs, axis):
    return np.concatenate(xs, axis=axis)


# ============================================================================
# weights and inputs
# ============================================================================
class Init:
    def __init__(self, rng, gain):
        self.rng, self.gain = rng, gain

    def he(self, shape, fan_in, gain=None):
        g = self.gain if gain is None else gain
        return (self.rng.standard_normal(shape) * np.sqrt(g / fan_in)).astype(np.float32)

    def bias(self, shape, std=0.05):
        return (std * self.rng.standard_normal(shape)).astype(np.float32)


def smooth_images(rng, n, h, w, c, grid=5, lo=-1.0, hi=1.0):
    """Smooth random images in [lo, hi]: a random grid x grid field per
    sample and channel, bilinearly upsampled to h x w."""
    g = rng.random((n, grid, grid, c))

    def interp(m, axis):
        t = np.linspace(0, grid - 1, m)
        i0 = np.minimum(np.floor(t).astype(int), grid - 2)
        f = t - i0
        a = np.take(g_, i0, axis=axis)
        b = np.take(g_, i0 + 1, axis=axis)
        shp = [1] * 4
        shp[axis] = m
        f = f.reshape(shp)
        return a * (1 - f) + b * f

    g_ = g
    g_ = interp(h, 1)
    g_ = interp(w, 2)
    return (lo + (hi - lo) * g_).astype(np.float32)


# ============================================================================
# MLIR text emitter (TOSA, MLIR 22).  Shapes only; computes no numbers.
# ============================================================================
def fmt_float(v):
    """Shortest decimal that parses back to this float32."""
    v = np.float32(v)
    s1 = np.format_float_positional(v, unique=True, trim="0")
    s2 = np.format_float_scientific(v, unique=True, trim="0")
    return s1 if len(s1) <= len(s2) else s2


HEX_ABOVE = 4096  # elements; bigger constants are written as hex


def fmt_dense(a, hex_above=None):
    """Body of a dense<...> literal: nested decimals, or "0x..." hex (raw
    little-endian float32) for more than hex_above elements."""
    a = np.asarray(a, np.float32)
    if hex_above is not None and a.size > hex_above:
        return '"0x%s"' % a.astype("<f4").tobytes().hex().upper()

    def rec(x):
        if x.ndim == 0:
            return fmt_float(x)
        return "[" + ", ".join(rec(v) for v in x) + "]"
    return rec(a)


def ttype(shape):
    return "tensor<" + "x".join(str(d) for d in shape) + "xf32>"


class Emitter:
    def __init__(self, weights, input_shape):
        self.w = weights
        self.lines = []
        self.n = 0
        self.shape = {"%arg0": tuple(input_shape)}

    def _val(self, shape):
        v = "%%%d" % self.n
        self.n += 1
        self.shape[v] = tuple(shape)
        return v

    def emit(self, s):
        self.lines.append("    " + s)

    def const(self, name):
        a = self.w[name]
        v = self._val(a.shape)
        t = ttype(a.shape)
        self.emit('%s = "tosa.const"() <{values = dense<%s> : %s}> : () -> %s loc("%s")'
                  % (v, fmt_dense(a, HEX_ABOVE), t, t, name))
        return v

    def zp(self, name):
        v = self._val((1,))
        self.emit('%s = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : '
                  '() -> tensor<1xf32> loc("%s")' % (v, name))
        return v

    @staticmethod
    def _osize(n, k, s, lo, hi):
        span = n + lo + hi - k
        if span % s:
            raise ValueError("TOSA needs (in + pads - kernel) divisible by stride")
        return span // s + 1

    def _conv(self, op, name, x, kh, kw, cout, stride, pad, extra=""):
        wv = self.const(name + ".weight")
        bv = self.const(name + ".bias")
        izp, wzp = self.zp(name + ".input_zp"), self.zp(name + ".weight_zp")
        n, h, w, _ = self.shape[x]
        oshape = (n, self._osize(h, kh, stride[0], pad[0], pad[1]),
                  self._osize(w, kw, stride[1], pad[2], pad[3]), cout)
        v = self._val(oshape)
        self.emit("%s = tosa.%s %s, %s, %s, %s, %s {acc_type = f32, "
                  "dilation = array<i64: 1, 1>, pad = array<i64: %s>, "
                  "stride = array<i64: %d, %d>} : (%s, %s, %s, tensor<1xf32>, "
                  "tensor<1xf32>) -> %s loc(\"%s\")"
                  % (v, op, x, wv, bv, izp, wzp, ", ".join(map(str, pad)),
                     stride[0], stride[1], ttype(self.shape[x]),
                     ttype(self.shape[wv]), ttype(self.shape[bv]), ttype(oshape), name))
        return v

    def conv2d(self, name, x, stride=(1, 1), pad=(0, 0, 0, 0)):
        o, kh, kw, _ = self.w[name + ".weight"].shape
        return self._conv("conv2d", name, x, kh, kw, o, stride, pad)

    def depthwise_conv2d(self, name, x, stride=(1, 1), pad=(0, 0, 0, 0)):
        kh, kw, c, m = self.w[name + ".weight"].shape
        return self._conv("depthwise_conv2d", name, x, kh, kw, c * m, stride, pad)

    def clamp(self, name, x, lo, hi):
        t = ttype(self.shape[x])
        v = self._val(self.shape[x])
        self.emit("%s = tosa.clamp %s {max_val = %s : f32, min_val = %s : f32} "
                  ": (%s) -> %s loc(\"%s\")" % (v, x, hi, lo, t, t, name))
        return v

    def relu(self, name, x):
        return self.clamp(name, x, "0.0", "3.4e+38")

    def relu6(self, name, x):
        return self.clamp(name, x, "0.0", "6.0")

    def max_pool2d(self, name, x, kernel, stride, pad=(0, 0, 0, 0)):
        n, h, w, c = self.shape[x]
        oshape = (n, self._osize(h, kernel[0], stride[0], pad[0], pad[1]),
                  self._osize(w, kernel[1], stride[1], pad[2], pad[3]), c)
        v = self._val(oshape)
        self.emit("%s = tosa.max_pool2d %s {kernel = array<i64: %d, %d>, "
                  "pad = array<i64: %s>, stride = array<i64: %d, %d>} : (%s) -> %s "
                  "loc(\"%s\")" % (v, x, kernel[0], kernel[1], ", ".join(map(str, pad)),
                                   stride[0], stride[1], ttype(self.shape[x]),
                                   ttype(oshape), name))
        return v

    def add(self, name, a, b):
        sa, sb = self.shape[a], self.shape[b]
        assert len(sa) == len(sb)  # TOSA broadcasting needs equal ranks
        oshape = tuple(max(p, q) for p, q in zip(sa, sb))
        v = self._val(oshape)
        self.emit("%s = tosa.add %s, %s : (%s, %s) -> %s loc(\"%s\")"
                  % (v, a, b, ttype(sa), ttype(sb), ttype(oshape), name))
        return v

    def concat(self, name, xs, axis):
        shapes = [self.shape[x] for x in xs]
        oshape = list(shapes[0])
        oshape[axis] = sum(s[axis] for s in shapes)
        v = self._val(oshape)
        self.emit("%s = tosa.concat %s {axis = %d : i32} : (%s) -> %s loc(\"%s\")"
                  % (v, ", ".join(xs), axis, ", ".join(ttype(s) for s in shapes),
                     ttype(oshape), name))
        return v

    def reshape(self, name, x, oshape):
        k = len(oshape)
        s = self._val((k,))
        self.emit("%s = tosa.const_shape {values = dense<[%s]> : tensor<%dxindex>} "
                  ": () -> !tosa.shape<%d> loc(\"%s.shape\")"
                  % (s, ", ".join(map(str, oshape)), k, k, name))
        v = self._val(oshape)
        self.emit("%s = tosa.reshape %s, %s : (%s, !tosa.shape<%d>) -> %s loc(\"%s\")"
                  % (v, x, s, ttype(self.shape[x]), k, ttype(oshape), name))
        return v

    def dense(self, name, x):
        """tosa.matmul with constant B (1xKxN) + tosa.add of bias (1x1xN)."""
        bw = self.const(name + ".weight")
        azp, bzp = self.zp(name + ".a_zp"), self.zp(name + ".b_zp")
        n, m, _ = self.shape[x]
        oshape = (n, m, self.shape[bw][2])
        v = self._val(oshape)
        self.emit("%s = tosa.matmul %s, %s, %s, %s : (%s, %s, tensor<1xf32>, "
                  "tensor<1xf32>) -> %s loc(\"%s\")"
                  % (v, x, bw, azp, bzp, ttype(self.shape[x]), ttype(self.shape[bw]),
                     ttype(oshape), name))
        bb = self.const(name + ".bias")
        return self.add(name + "_bias", v, bb)

    def module(self, header, ishape, result):
        oshape = self.shape[result]
        head = ["// " + h for h in header] + [
            "module {",
            "  func.func @main(%%arg0: %s) -> %s {" % (ttype(ishape), ttype(oshape))]
        body = self.lines + ["    return %s : %s" % (result, ttype(oshape))]
        return "\n".join(head + body + ["  }", "}", ""])


# ============================================================================
# The models.  Each: weights(rng) -> (w, x), forward(w, x) -> (out, acts),
# mlir(w, x) -> text.  acts: named activations (for the range check).
# ============================================================================
class MLP:
    name = "mlp"
    desc = "3-layer perceptron: 64 -> 64 -> 32 -> 10"
    seed = 101

    @staticmethod
    def weights(rng):
        init = Init(rng, gain=3.0)
        w = {"fc1.weight": init.he((1, 64, 64), 64), "fc1.bias": init.bias((1, 1, 64)),
             "fc2.weight": init.he((1, 64, 32), 64), "fc2.bias": init.bias((1, 1, 32)),
             "fc3.weight": init.he((1, 32, 10), 32), "fc3.bias": init.bias((1, 1, 10))}
        x = rng.uniform(-1, 1, (BATCH, 64)).astype(np.float32)
        return w, x

    @staticmethod
    def forward(w, x):
        A = {}
        h = x.reshape(1, BATCH, 64)
        A["fc1_bias"] = h = matmul(h, w["fc1.weight"]) + w["fc1.bias"]
        A["relu1"] = h = relu(h)
        A["fc2_bias"] = h = matmul(h, w["fc2.weight"]) + w["fc2.bias"]
        A["relu2"] = h = relu(h)
        A["fc3_bias"] = h = matmul(h, w["fc3.weight"]) + w["fc3.bias"]
        return h.reshape(BATCH, 10), A

    @staticmethod
    def mlir(w, x):
        e = Emitter(w, x.shape)
        h = e.reshape("flatten", "%arg0", (1, BATCH, 64))
        h = e.relu("relu1", e.dense("fc1", h))
        h = e.relu("relu2", e.dense("fc2", h))
        h = e.dense("fc3", h)
        h = e.reshape("output", h, (BATCH, 10))
        return e.module(["mlp: fc1 64->64 + relu, fc2 64->32 + relu, fc3 32->10;",
                         "each dense is tosa.matmul (B = 1xKxN const) + tosa.add (1x1xN)."],
                        x.shape, h)


class LeNet:
    name = "lenet"
    desc = "LeNet-style CNN on 28x28x1"
    seed = 202

    @staticmethod
    def weights(rng):
        init = Init(rng, gain=4.0)
        w = {"conv1.weight": init.he((6, 5, 5, 1), 25), "conv1.bias": init.bias(6),
             "conv2.weight": init.he((16, 5, 5, 6), 150), "conv2.bias": init.bias(16),
             "fc1.weight": init.he((1, 256, 64), 256), "fc1.bias": init.bias((1, 1, 64)),
             "fc2.weight": init.he((1, 64, 10), 64), "fc2.bias": init.bias((1, 1, 10))}
        x = smooth_images(rng, BATCH, 28, 28, 1, grid=7, lo=0.0, hi=1.0)
        return w, x

    @staticmethod
    def forward(w, x):
        A = {}
        A["conv1"] = h = conv2d(x, w["conv1.weight"], w["conv1.bias"])
        A["relu1"] = h = relu(h)
        A["pool1"] = h = max_pool2d(h, (2, 2), (2, 2))
        A["conv2"] = h = conv2d(h, w["conv2.weight"], w["conv2.bias"])
        A["relu2"] = h = relu(h)
        A["pool2"] = h = max_pool2d(h, (2, 2), (2, 2))
        h = h.reshape(1, BATCH, 256)
        A["fc1_bias"] = h = matmul(h, w["fc1.weight"]) + w["fc1.bias"]
        A["relu3"] = h = relu(h)
        A["fc2_bias"] = h = matmul(h, w["fc2.weight"]) + w["fc2.bias"]
        return h.reshape(BATCH, 10), A

    @staticmethod
    def mlir(w, x):
        e = Emitter(w, x.shape)
        h = e.relu("relu1", e.conv2d("conv1", "%arg0"))
        h = e.max_pool2d("pool1", h, (2, 2), (2, 2))
        h = e.relu("relu2", e.conv2d("conv2", h))
        h = e.max_pool2d("pool2", h, (2, 2), (2, 2))
        h = e.reshape("flatten", h, (1, BATCH, 256))
        h = e.relu("relu3", e.dense("fc1", h))
        h = e.dense("fc2", h)
        h = e.reshape("output", h, (BATCH, 10))
        return e.module(["lenet: conv1 5x5 1->6 + relu + maxpool 2x2/2, conv2 5x5 6->16",
                         "+ relu + maxpool 2x2/2, flatten (NHWC order) 256, fc1 256->64",
                         "+ relu, fc2 64->10 (tosa.matmul + tosa.add)."], x.shape, h)


class ResNetBlock:
    name = "resnet_block"
    desc = "two ResNet basic blocks, the second strided with a 1x1 projection"
    seed = 303

    @staticmethod
    def weights(rng):
        init = Init(rng, gain=1.6)
        w = {}
        for n in ("b1.conv1", "b1.conv2", "b2.conv1", "b2.conv2"):
            w[n + ".weight"] = init.he((16, 3, 3, 16), 144)
            w[n + ".bias"] = init.bias(16)
        w["b2.proj.weight"] = init.he((16, 1, 1, 16), 16)
        w["b2.proj.bias"] = init.bias(16)
        x = smooth_images(rng, BATCH, 9, 9, 16, grid=4, lo=-1.0, hi=2.0)
        return w, x

    @staticmethod
    def forward(w, x):
        A = {}
        p1, s2, p0 = (1, 1, 1, 1), (2, 2), (0, 0, 0, 0)
        A["b1.conv1"] = h = conv2d(x, w["b1.conv1.weight"], w["b1.conv1.bias"], pad=p1)
        A["b1.relu1"] = h = relu(h)
        A["b1.conv2"] = h = conv2d(h, w["b1.conv2.weight"], w["b1.conv2.bias"], pad=p1)
        A["b1.add"] = h = h + x
        A["b1.relu2"] = y = relu(h)
        A["b2.conv1"] = h = conv2d(y, w["b2.conv1.weight"], w["b2.conv1.bias"], s2, p1)
        A["b2.relu1"] = h = relu(h)
        A["b2.conv2"] = h = conv2d(h, w["b2.conv2.weight"], w["b2.conv2.bias"], pad=p1)
        A["b2.proj"] = p = conv2d(y, w["b2.proj.weight"], w["b2.proj.bias"], s2, p0)
        A["b2.add"] = h = h + p
        A["b2.relu2"] = h = relu(h)
        return h, A

    @staticmethod
    def mlir(w, x):
        e = Emitter(w, x.shape)
        p1, s2 = (1, 1, 1, 1), (2, 2)
        h = e.relu("b1.relu1", e.conv2d("b1.conv1", "%arg0", pad=p1))
        h = e.conv2d("b1.conv2", h, pad=p1)
        y = e.relu("b1.relu2", e.add("b1.add", h, "%arg0"))
        h = e.relu("b2.relu1", e.conv2d("b2.conv1", y, s2, p1))
        h = e.conv2d("b2.conv2", h, pad=p1)
        p = e.conv2d("b2.proj", y, s2)
        h = e.relu("b2.relu2", e.add("b2.add", h, p))
        return e.module(["resnet_block: block 1: conv3x3 16->16 + relu, conv3x3 16->16,",
                         "add input, relu; block 2: conv3x3/2 16->16 + relu, conv3x3",
                         "16->16, add 1x1/2 projection conv of the block input, relu.",
                         "Spatial 9x9 -> 5x5: TOSA needs (H - 1 + pads - (K - 1)) % stride",
                         "== 0, which a 1x1 stride-2 conv on an even size cannot meet."],
                        x.shape, h)


class MobileNetV2Block:
    name = "mobilenetv2_block"
    desc = "MobileNetV2 inverted residual block (expansion 6)"
    seed = 404

    @staticmethod
    def weights(rng):
        init = Init(rng, gain=2.0)
        w = {"expand.weight": init.he((96, 1, 1, 16), 16), "expand.bias": init.bias(96),
             "dw.weight": init.he((3, 3, 96, 1), 9, gain=1.0), "dw.bias": init.bias(96),
             "project.weight": init.he((16, 1, 1, 96), 96, gain=1.0),
             "project.bias": init.bias(16)}
        x = smooth_images(rng, BATCH, 8, 8, 16, grid=4, lo=-1.5, hi=1.5)
        return w, x

    @staticmethod
    def forward(w, x):
        A = {}
        A["expand"] = h = conv2d(x, w["expand.weight"], w["expand.bias"])
        A["expand_relu6"] = h = relu6(h)
        A["dw"] = h = depthwise_conv2d(h, w["dw.weight"], w["dw.bias"], pad=(1, 1, 1, 1))
        A["dw_relu6"] = h = relu6(h)
        A["project"] = h = conv2d(h, w["project.weight"], w["project.bias"])
        A["add"] = h = h + x
        return h, A

    @staticmethod
    def mlir(w, x):
        e = Emitter(w, x.shape)
        h = e.relu6("expand_relu6", e.conv2d("expand", "%arg0"))
        h = e.relu6("dw_relu6", e.depthwise_conv2d("dw", h, pad=(1, 1, 1, 1)))
        h = e.conv2d("project", h)
        h = e.add("add", h, "%arg0")
        return e.module(["mobilenetv2_block: expand conv1x1 16->96 + relu6 (clamp 0..6),",
                         "depthwise 3x3 (96 x multiplier 1, pad 1) + relu6, project",
                         "conv1x1 96->16 (linear), residual add of the input."],
                        x.shape, h)


class InceptionBlock:
    name = "inception_block"
    desc = "Inception block: 3 parallel branches joined by tosa.concat"
    seed = 505

    @staticmethod
    def weights(rng):
        init = Init(rng, gain=3.0)
        w = {"b1.conv.weight": init.he((8, 1, 1, 16), 16), "b1.conv.bias": init.bias(8),
             "b2.reduce.weight": init.he((8, 1, 1, 16), 16), "b2.reduce.bias": init.bias(8),
             "b2.conv.weight": init.he((12, 3, 3, 8), 72), "b2.conv.bias": init.bias(12),
             "b3.conv.weight": init.he((8, 1, 1, 16), 16), "b3.conv.bias": init.bias(8)}
        x = smooth_images(rng, BATCH, 8, 8, 16, grid=4, lo=-1.0, hi=1.0)
        return w, x

    @staticmethod
    def forward(w, x):
        A = {}
        A["b1.conv"] = a = conv2d(x, w["b1.conv.weight"], w["b1.conv.bias"])
        A["b1.relu"] = a = relu(a)
        A["b2.reduce"] = b = conv2d(x, w["b2.reduce.weight"], w["b2.reduce.bias"])
        A["b2.reduce_relu"] = b = relu(b)
        A["b2.conv"] = b = conv2d(b, w["b2.conv.weight"], w["b2.conv.bias"], pad=(1, 1, 1, 1))
        A["b2.relu"] = b = relu(b)
        A["b3.pool"] = c = max_pool2d(x, (3, 3), (1, 1), (1, 1, 1, 1))
        A["b3.conv"] = c = conv2d(c, w["b3.conv.weight"], w["b3.conv.bias"])
        A["b3.relu"] = c = relu(c)
        A["concat"] = h = concat([a, b, c], axis=3)
        return h, A

    @staticmethod
    def mlir(w, x):
        e = Emitter(w, x.shape)
        a = e.relu("b1.relu", e.conv2d("b1.conv", "%arg0"))
        b = e.relu("b2.reduce_relu", e.conv2d("b2.reduce", "%arg0"))
        b = e.relu("b2.relu", e.conv2d("b2.conv", b, pad=(1, 1, 1, 1)))
        c = e.max_pool2d("b3.pool", "%arg0", (3, 3), (1, 1), (1, 1, 1, 1))
        c = e.relu("b3.relu", e.conv2d("b3.conv", c))
        h = e.concat("concat", [a, b, c], 3)
        return e.module(["inception_block: branch 1 conv1x1 16->8 + relu; branch 2",
                         "conv1x1 16->8 + relu, conv3x3 8->12 pad 1 + relu; branch 3",
                         "maxpool 3x3/1 pad 1, conv1x1 16->8 + relu; concat on channels",
                         "(axis 3) -> 28 channels."], x.shape, h)


MODELS = [MLP, LeNet, ResNetBlock, MobileNetV2Block, InceptionBlock]
LINALG = {"linalg_mlp": MLP, "linalg_cnn": LeNet}


# ============================================================================
# Checks with upstream MLIR
# ============================================================================
def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode:
        raise RuntimeError("%s failed:\n%s" % (" ".join(cmd[:3]), r.stderr[-4000:]))
    return r.stdout


def const_literal(a):
    a = np.asarray(a, np.float32)
    return "arith.constant dense<%s> : %s" % (fmt_dense(a), ttype(a.shape))


def run_mlir_runner(model_text, x, ref, llvm_bin, workdir):
    """Run @main(x) with mlir-opt + mlir-runner; return (result, result - ref),
    both as printed by printMemrefF32 (flattened)."""
    xt, rt = ttype(x.shape), ttype(ref.shape)
    wrap = """
  func.func private @printMemrefF32(tensor<*xf32>)
  func.func @entry() {
    %%x = %s
    %%r = call @main(%%x) : (%s) -> %s
    %%ref = %s
    %%d = tosa.sub %%r, %%ref : (%s, %s) -> %s
    %%ru = tensor.cast %%r : %s to tensor<*xf32>
    %%du = tensor.cast %%d : %s to tensor<*xf32>
    call @printMemrefF32(%%ru) : (tensor<*xf32>) -> ()
    call @printMemrefF32(%%du) : (tensor<*xf32>) -> ()
    return
  }
""" % (const_literal(x), xt, rt, const_literal(ref), rt, rt, rt, rt, rt)
    # insert the wrapper before the line that closes the module
    # ("}" or "} loc(#loc)"; location aliases may follow it)
    end = model_text.rindex("\n}") + 1
    src = model_text[:end] + wrap + model_text[end:]
    f0, f1, f2 = (os.path.join(workdir, n) for n in ("wrapped.mlir", "lowered.mlir",
                                                       "llvm.mlir"))
    open(f0, "w").write(src)
    opt = os.path.join(llvm_bin, "mlir-opt")
    run([opt, f0, "--pass-pipeline=" + TOSA_TO_LINALG, "-o", f1])
    run([opt, f1, "--pass-pipeline=" + TO_LLVM, "-o", f2])
    libdir = os.path.join(os.path.dirname(llvm_bin.rstrip("/")), "lib")
    libs = ",".join(os.path.join(libdir, l) for l in
                    ("libmlir_runner_utils.so", "libmlir_c_runner_utils.so"))
    out = run([os.path.join(llvm_bin, "mlir-runner"), f2, "-e", "entry",
               "-entry-point-result=void", "-shared-libs=" + libs])
    parts = out.split("Unranked Memref")[1:]
    if len(parts) != 2:
        raise RuntimeError("cannot parse mlir-runner output:\n" + out[:2000])
    num = r"[-+]?(?:nan|inf|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"
    vals = [np.array([float(v) for v in re.findall(num, p.split("data =", 1)[1])])
            for p in parts]
    return vals[0], vals[1]


def check_upstream(model_text, x, ref, llvm_bin, atol, workdir):
    res, diff = run_mlir_runner(model_text, x, ref, llvm_bin, workdir)
    r = ref.ravel().astype(np.float64)
    if res.size != r.size or diff.size != r.size:
        return False, "wrong output size %d/%d (want %d)" % (res.size, diff.size, r.size)
    err = float(np.max(np.abs(diff)))
    # the printed result has 6 significant digits: a sanity check of the wiring
    printed = float(np.max(np.abs(res - r) - 1e-5 * np.abs(r)))
    ok = err <= atol and printed <= atol
    return ok, "mlir-runner max|out - ref| = %.2e" % err


def check_quant_run(quant_run, model_path, x, ref, atol, workdir):
    xi, xo = os.path.join(workdir, "x.npy"), os.path.join(workdir, "out.npy")
    np.save(xi, x)
    run([quant_run, "run", model_path, "--input", xi, "-o", xo])
    out = np.load(xo)
    if out.shape != ref.shape:
        return False, "quant-run output shape %s, want %s" % (out.shape, ref.shape)
    err = float(np.max(np.abs(out.astype(np.float64) - ref)))
    return err <= atol, "quant-run max|out - ref| = %.2e" % err


def check_constants(model_path, weights, llvm_bin):
    """mlir-opt prints every constant back in hex; compare with weights."""
    out = run([os.path.join(llvm_bin, "mlir-opt"), model_path, "--mlir-print-debuginfo",
               "--mlir-print-local-scope", "--mlir-print-elementsattrs-with-hex-if-larger=0"])
    pat = (r'dense<"0x([0-9A-F]+)"> : tensor<[^>]*>}> : \(\) -> tensor<[^>]*> '
           r'loc\("([^"]+)"\)')
    found = {n: h for h, n in re.findall(pat, out)}
    bad = [k for k, v in weights.items()
           if found.get(k) != np.asarray(v, "<f4").tobytes().hex().upper()]
    if bad:
        return False, "FAIL: constants differ from weights.npz: " + ", ".join(bad)
    return True, "all %d weight constants bit-exact with weights.npz" % len(weights)


def verify(model_path, llvm_bin):
    opt = os.path.join(llvm_bin, "mlir-opt")
    run([opt, model_path, "-o", os.devnull])
    return run([opt, model_path, "--pass-pipeline=" + TOSA_TO_LINALG])


def layer_doc(text):
    """The model's header comment lines."""
    return [l[3:] for l in text.splitlines() if l.startswith("// ")]


# ============================================================================
def main():
    ap = argparse.ArgumentParser(description="generate examples/<model>/")
    ap.add_argument("--out-dir", default=EXAMPLES)
    ap.add_argument("--only", help="comma-separated model names")
    ap.add_argument("--no-check", action="store_true")
    ap.add_argument("--llvm-bin", default="/usr/lib/llvm-22/bin")
    ap.add_argument("--quant-run", help="also run the models with this quant-run")
    ap.add_argument("--atol", type=float, default=1e-4)
    a = ap.parse_args()
    names = [m.name for m in MODELS] + list(LINALG)
    only = a.only.split(",") if a.only else names
    bad = [n for n in only if n not in names]
    if bad:
        ap.error("unknown model(s): %s" % ", ".join(bad))

    ok_all = True
    tmp = tempfile.mkdtemp(prefix="gen_examples_")
    for name in names:
        if name not in only:
            continue
        model = LINALG.get(name) or next(m for m in MODELS if m.name == name)
        rng = np.random.default_rng(model.seed)
        w, x = model.weights(rng)
        out, acts = model.forward(w, x)
        ref = out.astype(np.float32)
        text = model.mlir(w, x)
        d = os.path.join(a.out_dir, name)
        os.makedirs(d, exist_ok=True)
        path = os.path.join(d, "model.mlir")
        checks, ok = [], True
        text = "// Generated by scripts/gen_examples.py -- do not edit by hand.\n" + text
        if name in LINALG:
            # Lower the very text of examples/<model>/model.mlir, under that
            # relative path, keeping the locations (the op names and, for ops
            # without one, "examples/<model>/model.mlir":line:col).
            rel = os.path.join("examples", model.name, "model.mlir")
            os.makedirs(os.path.join(tmp, os.path.dirname(rel)), exist_ok=True)
            open(os.path.join(tmp, rel), "w").write(text)
            lin = run([os.path.join(a.llvm_bin, "mlir-opt"), rel, "--mlir-print-debuginfo",
                       "--pass-pipeline=" + TOSA_TO_LINALG_CANON], cwd=tmp)
            text = ("// Generated by scripts/gen_examples.py -- do not edit by hand.\n"
                    "// examples/%s/model.mlir lowered by upstream mlir-opt "
                    "--mlir-print-debuginfo\n// --pass-pipeline=\"%s\"\n"
                    % (model.name, TOSA_TO_LINALG_CANON)) + lin
            if "tosa." in lin:
                ok = False
                checks.append("FAIL: tosa ops left after lowering")
        open(path, "w").write(text)
        np.savez(os.path.join(d, "weights.npz"), **w)
        np.save(os.path.join(d, "input.npy"), x)
        np.save(os.path.join(d, "ref_fp32.npy"), ref)

        # activation ranges
        ranges = [("input", float(x.min()), float(x.max()))]
        ranges += [(n, float(v.min()), float(v.max())) for n, v in acts.items()]
        ranges.append(("output", float(out.min()), float(out.max())))
        for n, lo, hi in ranges:
            if lo < -GLOBAL_SCALE or hi >= ACT_LIMIT:
                ok = False
                checks.append("FAIL: %s range [%g, %g] leaves [-8, 8)" % (n, lo, hi))
        checks.append("activations inside [-8, 8) (max |x| %.2f)"
                      % max(max(-lo, hi) for _, lo, hi in ranges))
        if not a.no_check:
            try:
                verify(path, a.llvm_bin)
                checks.append("mlir-opt verifies and lowers it (tosa-to-linalg-named, "
                              "tosa-to-linalg, tosa-to-arith, tosa-to-tensor)")
                if name not in LINALG:
                    good, msg = check_constants(path, w, a.llvm_bin)
                    ok &= good
                    checks.append(msg)
                wd = os.path.join(tmp, name)
                os.makedirs(wd, exist_ok=True)
                good, msg = check_upstream(text, x, ref, a.llvm_bin, a.atol, wd)
                ok &= good
                checks.append(msg + ("" if good else " FAIL"))
                if a.quant_run:
                    good, msg = check_quant_run(a.quant_run, path, x, ref, a.atol, wd)
                    ok &= good
                    checks.append(msg + ("" if good else " FAIL"))
            except RuntimeError as err:
                ok = False
                checks.append("FAIL: " + str(err).splitlines()[0])
                print(err)
        doc = model.desc if name not in LINALG else "%s in linalg form" % model.name
        open(os.path.join(d, "README.md"), "w").write(
            make_readme(name, model, doc, w, ranges, checks, x, ref,
                        layer_doc(model.mlir(w, x)), text,
                        source=model.name if name in LINALG else None))
        size = os.path.getsize(path)
        print("%-18s %s  model.mlir %6.1f KB  in %s out %s  %s" %
              (name, "ok  " if ok else "FAIL", size / 1024.0,
               "x".join(map(str, x.shape)), "x".join(map(str, ref.shape)),
               "; ".join(checks)))
        for n, lo, hi in ranges:
            print("    %-16s [%+.3f, %+.3f]" % (n, lo, hi))
        ok_all &= ok
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok_all else 1


def make_readme(name, model, desc, w, ranges, checks, x, out, layers, text,
                source=None):
    L = ["# %s: %s" % (name, desc), ""]
    if source:
        ops = sorted(set(re.findall(r"\b((?:linalg|tensor)\.[a-z_0-9]+)", text)))
        ops = [o for o in ops if o != "linalg.yield"]
        L += ["`examples/%s/model.mlir` lowered to linalg on tensors by upstream" % source,
              "`mlir-opt`, with the locations kept (`--mlir-print-debuginfo`):", "",
              "    --pass-pipeline=\"%s\"" % TOSA_TO_LINALG_CANON, "",
              "Weights become `arith.constant`s (mlir-opt prints the larger ones as",
              "hex: `dense<\"0x...\">`, little-endian float32). Ops: %s." %
              ", ".join("`%s`" % o for o in ops),
              "Every op keeps the location of the TOSA op it came from (`loc(\"conv1\")`).",
              "Same weights, input and reference as `%s`." % source, ""]
    L += ["Generated, do not edit by hand (numpy, fixed seed %d):" % model.seed, "",
          "    python3 scripts/gen_examples.py --only %s" % name, "",
          "| file | content |", "|------|---------|",
          "| `model.mlir` | `@main(%s) -> %s` |" % (ttype(x.shape), ttype(out.shape)),
          "| `weights.npz` | %s (float32) |"
          % ", ".join("`%s` %s" % (k, "x".join(map(str, v.shape))) for k, v in w.items()),
          "| `input.npy` | %s float32, %d samples in [%.2f, %.2f]; also the calibration data |"
          % ("x".join(map(str, x.shape)), x.shape[0], x.min(), x.max()),
          "| `ref_fp32.npy` | %s float32: numpy forward pass of `scripts/gen_examples.py` "
          "on `input.npy` (float64 arithmetic) |" % "x".join(map(str, out.shape)), "",
          "Weight layouts are TOSA's: conv OHWI, depthwise HWCM (output channel",
          "c * M + m), matmul B 1xKxN with bias 1x1xN; weights are He-like normal",
          "float32 (constants of more than %d elements are written in hex)." % HEX_ABOVE,
          ""]
    if not source:
        L += ["Model (each op named by its location, e.g. `loc(\"%s\")`):" % ranges[1][0], ""]
        L += ["    " + s for s in layers] + [""]
    L += ["Ranges on `input.npy` (the data-free int8 range of global scale 8.0 is",
          "[-8, 8)):", ""]
    L += ["    %-16s [%+7.3f, %+7.3f]" % (n, lo, hi) for n, lo, hi in ranges]
    L += ["", "Checks run by the generator:", ""] + ["- " + c for c in checks] + [""]
    return "\n".join(L)


if __name__ == "__main__":
    sys.exit(main())
