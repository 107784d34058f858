#!/usr/bin/env python3
"""Independent numpy reference for the bundled small CNN (examples/small_cnn).

This file never imports or runs QuantMLIR tools: it restates the model and the
quantization semantics from scratch so that the compiler can be checked
against it.  Three forward passes:

  fp32  the float model, as examples/small_cnn/model.mlir computes it.
  sim   the simulated-quantized model after `qnn-annotate` + `qnn-calibrate`
        (default options: data-free global scale 8.0, weights max / per-tensor),
        computed in float32 as the compiled simulation would.
  int8  the realized integer model after `qnn-realize`, emulated exactly with
        integers (int64 sums, Python-int object arrays for the fixed-point
        products), then dequantized.

Model (TOSA layouts: activations NHWC, conv weights OHWI, matmul B 1xKxN):
  conv1 3x3 3->8 pad 1 + bias -> relu1 (clamp) -> pool1 (max 2x2/2)
  -> conv2 3x3 8->16 pad 1 + bias -> relu2 (clamp) -> pool2 (avg 2x2/2)
  -> transpose NHWC->NCHW -> flatten (1x1x256) -> fc (matmul 1x256x10)
  -> fc_bias (add 1x1x10) -> reshape 1x10

Where simulated quantization (sq) goes, as qnn-annotate places it:
  conv1  INPUT sq on %arg0, WEIGHT sq on the weight, bias float, ACTIVATION sq
  relu1, pool1, relu2, transpose, flatten, output reshape: pass-through
  conv2  input already quantized (ACTIVATION of conv1 through relu1/pool1);
         WEIGHT sq, ACTIVATION sq
  pool2  (avg_pool2d) ACTIVATION sq
  fc     data already quantized; WEIGHT sq on B; ACTIVATION sq
  fc_bias  lhs already quantized; constant rhs gets WEIGHT sq; ACTIVATION sq
  result: no sq.

Parameters (data-free calibration):
  INPUT / ACTIVATION: int8, scale 8.0 / 128 = 0.0625, zp 0, [-128, 127]
  WEIGHT: int8 narrow symmetric per-tensor, scale max|W| / 127, zp 0, [-127, 127]
Scales are kept as doubles (as #qnn.params stores them); the float32
simulation uses float32(scale), the integer path derives multipliers from the
double scales.

Usage:
  python3 scripts/reference.py --weights examples/small_cnn/weights.npz \
      --input examples/small_cnn/input.npy --out-dir DIR [--per-layer]
writes DIR/ref_fp32.npy, ref_sim.npy, ref_int8.npy (dequantized) and
ref_int8_q.npy (raw integers, int32), and prints SQNRs and the number of int8
outputs that differ from the simulation.
"""

import argparse
import math
import os
import sys

import numpy as np

GLOBAL_SCALE = 8.0
ACT_BITS = 8
LAYERS = ["conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "transpose",
          "flatten", "fc", "fc_bias", "output"]
RELU_MIN = 0.0
RELU_MAX = 3.4e38  # the clamp max_val used in model.mlir


# ----------------------------------------------------------------------------
# Quantization parameters
# ----------------------------------------------------------------------------
class Params:
    """One per-tensor grid: real = (q - zp) * scale, q in [qmin, qmax]."""

    def __init__(self, scale, zp, qmin, qmax):
        self.scale = float(scale)  # double, like #qnn.params
        self.zp = int(zp)
        self.qmin = int(qmin)
        self.qmax = int(qmax)

    def __repr__(self):
        return "Params(scale=%r, zp=%d, [%d, %d])" % (self.scale, self.zp,
                                                     self.qmin, self.qmax)


def act_params():
    """INPUT and ACTIVATION grids: global scale 8.0 over int8."""
    return Params(GLOBAL_SCALE / 2 ** (ACT_BITS - 1), 0, -128, 127)


def weight_params(w):
    """WEIGHT grid: narrow symmetric per-tensor, scale = max|W| / 127."""
    m = float(np.max(np.abs(w.astype(np.float64))))
    return Params(m / 127.0 if m > 0 else 1.0, 0, -127, 127)


# ----------------------------------------------------------------------------
# Rounding helpers (exact)
# ----------------------------------------------------------------------------
def round_half_away(x):
    """Python float -> int, ties away from zero (exact for doubles)."""
    a = math.floor(abs(x) + 0.5)
    # abs(x) + 0.5 may round up in double only when abs(x) >= 2^52, where x is
    # already an integer: then floor gives x itself.
    if abs(x) >= 2.0 ** 52:
        a = int(abs(x))
    return int(a) if x >= 0 else -int(a)


def rshift_round_half_even(v, shift):
    """Exact round_half_even(v / 2^shift); v an object array of Python ints
    (or int64 when no intermediate can overflow)."""
    if shift <= 0:
        return v * (1 << (-shift))
    floor = v >> shift  # arithmetic: floor division by 2^shift
    rem = v - (floor << shift)  # in [0, 2^shift)
    half = 1 << (shift - 1)
    up = (rem > half) | ((rem == half) & ((floor & 1) == 1))
    return floor + up.astype(floor.dtype)


def div_round_half_even(num, den):
    """Exact round_half_even(num / den) for an integer array, den > 0 int."""
    q = num // den
    r = num - q * den  # in [0, den)
    twice = 2 * r
    up = (twice > den) | ((twice == den) & ((q & 1) == 1))
    return q + up.astype(q.dtype)


def quantize_multiplier(m):
    """M -> (multiplier, shift) with M ~= multiplier * 2^-shift (Q31)."""
    assert m > 0
    f, e = math.frexp(m)  # m = f * 2^e, f in [0.5, 1)
    mult = round_half_away(f * 2.0 ** 31)
    if mult == 2 ** 31:
        mult //= 2
        e += 1
    return mult, 31 - e


def requantize(acc, m_real, out):
    """clip(zp_out + round_half_even(acc * M)) with M in Q31 fixed point."""
    mult, shift = quantize_multiplier(m_real)
    v = rshift_round_half_even(acc.astype(object) * mult, shift)
    return np.clip(v + out.zp, out.qmin, out.qmax).astype(np.int64)


# ----------------------------------------------------------------------------
# Float32 building blocks
# ----------------------------------------------------------------------------
def sq(x, p, trace=None, name=None):
    """Simulated quantize in float32: (clip(rhe(x/s)+zp) - zp) * s.
    With a trace list, appends (name, x / s) (the value before rounding)."""
    s = np.float32(p.scale)
    r = x.astype(np.float32) / s
    if trace is not None:
        trace.append((name, r))
    q = np.rint(r) + np.float32(p.zp)
    q = np.clip(q, np.float32(p.qmin), np.float32(p.qmax))
    return ((q - np.float32(p.zp)) * s).astype(np.float32)


def conv2d_nhwc(x, w, pad, dtype):
    """x: NxHxWxC, w: OxKhxKwxC (OHWI), stride 1; explicit loop over taps."""
    n, h, wd, c = x.shape
    o, kh, kw, ci = w.shape
    assert c == ci
    xp = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    oh = h + 2 * pad - kh + 1
    ow = wd + 2 * pad - kw + 1
    out = np.zeros((n, oh, ow, o), dtype=dtype)
    for i in range(kh):
        for j in range(kw):
            patch = xp[:, i:i + oh, j:j + ow, :]
            out += np.einsum("nhwc,oc->nhwo", patch, w[:, i, j, :]).astype(dtype)
    return out


def max_pool_2x2(x):
    n, h, w, c = x.shape
    return x.reshape(n, h // 2, 2, w // 2, 2, c).max(axis=(2, 4))


def avg_pool_2x2_f32(x):
    n, h, w, c = x.shape
    s = x.reshape(n, h // 2, 2, w // 2, 2, c).sum(axis=(2, 4), dtype=np.float32)
    return (s / np.float32(4.0)).astype(np.float32)


def flatten(x):
    # transpose NHWC -> NCHW, then reshape to 1x1x256 (row-major)
    t = np.transpose(x, (0, 3, 1, 2))
    return t, t.reshape(1, 1, -1)


def load_weights(path):
    z = np.load(path)
    return {k: z[k] for k in z.files}


# ----------------------------------------------------------------------------
# The three forward passes; each returns (output, {layer: value})
# ----------------------------------------------------------------------------
def forward_fp32(W, x):
    L = {}
    x = x.astype(np.float32)
    y = conv2d_nhwc(x, W["conv1.weight"], 1, np.float32) + W["conv1.bias"]
    L["conv1"] = y
    y = np.clip(y, np.float32(RELU_MIN), np.float32(RELU_MAX)); L["relu1"] = y
    y = max_pool_2x2(y); L["pool1"] = y
    y = conv2d_nhwc(y, W["conv2.weight"], 1, np.float32) + W["conv2.bias"]
    L["conv2"] = y
    y = np.clip(y, np.float32(RELU_MIN), np.float32(RELU_MAX)); L["relu2"] = y
    y = avg_pool_2x2_f32(y); L["pool2"] = y
    t, y = flatten(y); L["transpose"] = t; L["flatten"] = y
    y = np.matmul(y, W["fc.weight"]).astype(np.float32); L["fc"] = y
    y = (y + W["fc.bias"]).astype(np.float32); L["fc_bias"] = y
    y = y.reshape(1, -1); L["output"] = y
    return y, L


def forward_sim(W, x, trace=None):
    """trace: optional list collecting (name, x / s) at every sq."""
    L = {}
    A = act_params()
    T = trace
    y = sq(x.astype(np.float32), A, T, "conv1.input")  # conv1 INPUT
    w = sq(W["conv1.weight"], weight_params(W["conv1.weight"]), T, "conv1.weight")
    y = sq(conv2d_nhwc(y, w, 1, np.float32) + W["conv1.bias"], A, T, "conv1")
    L["conv1"] = y
    y = np.clip(y, np.float32(RELU_MIN), np.float32(RELU_MAX)); L["relu1"] = y
    y = max_pool_2x2(y); L["pool1"] = y
    w = sq(W["conv2.weight"], weight_params(W["conv2.weight"]), T, "conv2.weight")
    y = sq(conv2d_nhwc(y, w, 1, np.float32) + W["conv2.bias"], A, T, "conv2")
    L["conv2"] = y
    y = np.clip(y, np.float32(RELU_MIN), np.float32(RELU_MAX)); L["relu2"] = y
    y = sq(avg_pool_2x2_f32(y), A, T, "pool2"); L["pool2"] = y
    t, y = flatten(y); L["transpose"] = t; L["flatten"] = y
    w = sq(W["fc.weight"], weight_params(W["fc.weight"]), T, "fc.weight")
    y = sq(np.matmul(y, w).astype(np.float32), A, T, "fc"); L["fc"] = y
    b = sq(W["fc.bias"], weight_params(W["fc.bias"]), T, "fc.bias")
    y = sq((y + b).astype(np.float32), A, T, "fc_bias"); L["fc_bias"] = y
    y = y.reshape(1, -1); L["output"] = y
    return y, L


def quantize_int(x, p):
    """Float -> grid: clip(rhe(x / s) + zp), x / s in float32."""
    q = np.rint(x.astype(np.float32) / np.float32(p.scale)).astype(np.int64)
    return np.clip(q + p.zp, p.qmin, p.qmax)


def dequantize(q, p):
    return ((np.asarray(q, dtype=np.int64) - p.zp).astype(np.float32)
            * np.float32(p.scale)).astype(np.float32)


def int_conv(q_in, p_in, wf, bias, p_out):
    p_w = weight_params(wf)
    q_w = quantize_int(wf, p_w)
    # Padding inserts the input zero point, i.e. 0 after subtracting zp.
    acc = conv2d_nhwc(q_in - p_in.zp, q_w - p_w.zp, 1, np.int64)  # |acc| < 2^31
    s_acc = p_in.scale * p_w.scale
    bias_q = np.rint(bias.astype(np.float64) / s_acc).astype(np.int64)
    return requantize(acc + bias_q, s_acc / p_out.scale, p_out)


def int_clamp(q, p, lo, hi):
    lo_q = max(p.qmin, math.ceil(lo / p.scale) + p.zp)
    hi_q = min(p.qmax, math.floor(hi / p.scale) + p.zp)
    return np.clip(q, lo_q, hi_q)


def forward_int8(W, x):
    """Returns (raw int output as int32, dequantized float32, layers (ints))."""
    L = {}
    A = act_params()
    q = quantize_int(x, A)
    q = int_conv(q, A, W["conv1.weight"], W["conv1.bias"], A); L["conv1"] = q
    q = int_clamp(q, A, RELU_MIN, RELU_MAX); L["relu1"] = q
    q = max_pool_2x2(q); L["pool1"] = q
    q = int_conv(q, A, W["conv2.weight"], W["conv2.bias"], A); L["conv2"] = q
    q = int_clamp(q, A, RELU_MIN, RELU_MAX); L["relu2"] = q
    # avg_pool2d: same grid in and out, exact rounded average of (q - zp).
    n, h, w, c = q.shape
    s = (q - A.zp).reshape(n, h // 2, 2, w // 2, 2, c).sum(axis=(2, 4))
    q = np.clip(div_round_half_even(s, 4) + A.zp, A.qmin, A.qmax)
    L["pool2"] = q
    t, q = flatten(q); L["transpose"] = t; L["flatten"] = q
    # fc: integer matmul (data already on the activation grid).
    p_w = weight_params(W["fc.weight"])
    q_w = quantize_int(W["fc.weight"], p_w)
    acc = np.matmul(q - A.zp, q_w - p_w.zp)  # int64: exact
    q = requantize(acc, A.scale * p_w.scale / A.scale, A); L["fc"] = q
    # fc_bias: qnn.add with the constant operand on its WEIGHT grid.
    p_b = weight_params(W["fc.bias"])
    q_b = quantize_int(W["fc.bias"], p_b)
    ml_real, mr_real = A.scale / A.scale, p_b.scale / A.scale
    _, e = math.frexp(max(ml_real, mr_real))
    shift = 31 - e
    ml = round_half_away(ml_real * 2.0 ** shift)
    mr = round_half_away(mr_real * 2.0 ** shift)
    v = rshift_round_half_even(ml * (q - A.zp).astype(object)
                               + mr * (q_b - p_b.zp).astype(object), shift)
    q = np.clip(v + A.zp, A.qmin, A.qmax).astype(np.int64); L["fc_bias"] = q
    q = q.reshape(1, -1); L["output"] = q
    q32 = np.asarray(q, dtype=np.int64).astype(np.int32)
    return q32, dequantize(q32, A), L


def sqnr_db(ref, test):
    ref = np.asarray(ref, np.float64)
    err = np.asarray(test, np.float64) - ref
    pn = float(np.sum(err * err))
    if pn == 0:
        return float("inf")
    return 10.0 * math.log10(float(np.sum(ref * ref)) / pn)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--weights", required=True)
    ap.add_argument("--input", required=True)
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--per-layer", action="store_true",
                    help="also write DIR/layers/{fp32,sim,int8}_<layer>.npy "
                         "(int8: dequantized)")
    a = ap.parse_args(argv)

    W = load_weights(a.weights)
    x = np.load(a.input).astype(np.float32)
    f32, Lf = forward_fp32(W, x)
    sim, Ls = forward_sim(W, x)
    q, i8, Li = forward_int8(W, x)

    os.makedirs(a.out_dir, exist_ok=True)
    np.save(os.path.join(a.out_dir, "ref_fp32.npy"), f32)
    np.save(os.path.join(a.out_dir, "ref_sim.npy"), sim)
    np.save(os.path.join(a.out_dir, "ref_int8.npy"), i8)
    np.save(os.path.join(a.out_dir, "ref_int8_q.npy"), q)
    if a.per_layer:
        d = os.path.join(a.out_dir, "layers")
        os.makedirs(d, exist_ok=True)
        A = act_params()
        for name in LAYERS:
            np.save(os.path.join(d, "fp32_%s.npy" % name), Lf[name])
            np.save(os.path.join(d, "sim_%s.npy" % name), Ls[name])
            np.save(os.path.join(d, "int8_%s.npy" % name),
                    dequantize(Li[name], A))

    # int8 vs sim. The two differ in one place only: the realized conv adds
    # the bias on the accumulator grid, bias_q = rhe(b / (s_in * s_w)), so the
    # value before the activation rounding moves by up to 0.5 * s_in * s_w,
    # i.e. 0.5 * s_w / s_out activation LSBs (~0.004 LSB for conv1 here).
    # Elements whose exact pre-rounding value lies that close to a k + 0.5 tie
    # round the other way: 3 of 2048 conv1 outputs (2 survive relu1, none
    # survives max-pool) and 1 of 1024 conv2 outputs (removed by relu2) with
    # the bundled seed, so the final outputs agree exactly. Other seeds show a
    # few 1-LSB output differences where such flips propagate. (The Q31
    # multipliers and the qnn.add shift are exact to ~2^-31 and do not matter
    # at this size; avg_pool2d is exact in both.)
    A = act_params()
    lsb = np.rint((i8.astype(np.float64) - sim) / A.scale).astype(np.int64)
    # Layer-wise integer-vs-simulation differences in LSBs (every layer output
    # here is on the activation grid).
    layer_diffs = []
    for name in LAYERS:
        d = np.rint((dequantize(Li[name], A).astype(np.float64) - Ls[name])
                    / A.scale)
        layer_diffs.append("%s=%d" % (name, int(np.count_nonzero(d))))
    print("fp32  : %s" % np.array2string(f32.ravel(), precision=5))
    print("sim   : %s" % np.array2string(sim.ravel(), precision=5))
    print("int8  : %s" % np.array2string(i8.ravel(), precision=5))
    print("SQNR sim  vs fp32: %.2f dB" % sqnr_db(f32, sim))
    print("SQNR int8 vs fp32: %.2f dB" % sqnr_db(f32, i8))
    print("int8 vs sim: %d of %d outputs differ (max %d LSB)"
          % (int(np.count_nonzero(lsb)), lsb.size, int(np.max(np.abs(lsb)))))
    print("int8 vs sim, elements differing per layer: " + " ".join(layer_diffs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
