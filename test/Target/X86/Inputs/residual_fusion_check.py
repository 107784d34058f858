#!/usr/bin/env python3
"""A ResNet-style residual block in qnn ops: conv3x3(x) + bias -> requantize,
plus the block input x (identity shortcut), then plus a 1x1 projection conv
of x (its own requantize). The x86 targets fuse the adds into the last conv's
epilogue (the shortcut and the other conv's accumulator are read per tile).

  residual_fusion_check.py write model.mlir x.npy
  residual_fusion_check.py check x.npy out.npy

Reference: numpy int64 convs and the spec's fixed-point arithmetic
(requantize: 31-bit multiplier per channel; add: the larger of the two
scale ratios as a 31-bit multiplier, the other rounded half away from zero
on the same 2^-shift grid), rounded half to even with exact rationals.
"""
import math, os, sys
from fractions import Fraction as F
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', '..', '..', 'Conversion', 'QNNToLinalg', 'Inputs'))
from gen_exec_cases import fixed_point, rnd, clamp  # noqa: E402

H, W, C = 9, 11, 20        # 20 columns: one full 16-column panel + a 4-column tail
IZP = 3                    # input zero point (u8)
Q1, Q2 = (0.05, 7), (0.04, 5)          # requantize outputs (u8)
X = (0.03, IZP)
R1, R2 = (0.07, 2), (0.09, 1)          # add outputs (u8)


def params(rng):
    w1 = rng.integers(-127, 128, size=(C, 3, 3, C))
    w2 = rng.integers(-127, 128, size=(C, 1, 1, C))
    b1 = rng.integers(-2000, 2000, size=(C,))
    b2 = rng.integers(-2000, 2000, size=(C,))
    s1 = rng.uniform(2e-4, 6e-4, size=C)
    s2 = rng.uniform(2e-4, 6e-4, size=C)
    return w1, w2, b1, b2, s1, s2


def hexd(a, dt):
    return '"0x' + a.astype(dt).tobytes().hex().upper() + '"'


def p(s, z):
    return '#qnn.params<ui8, scale = %.17e, zp = %d>' % (s, z)


def write(model, xfile):
    rng = np.random.default_rng(7)
    w1, w2, b1, b2, s1, s2 = params(rng)
    tin = 'tensor<1x%dx%dx%dxi8>' % (H, W, C)
    tacc = 'tensor<1x%dx%dx%dxi32>' % (H, W, C)
    conv = ('  %%%s = qnn.conv2d %%x, %%%s, %%%s {input_zp = %d : i64, input_unsigned = true, '
            'strides = array<i64: 1, 1>, pad = array<i64: %d, %d, %d, %d>, '
            'dilations = array<i64: 1, 1>} : (%s, tensor<%dx%dx%dx%dxi8>, tensor<%dxi32>) -> %s')
    pc = lambda s: '#qnn.params<i32, axis = 3, scales = [%s], zps = [%s]>' % (
        ', '.join('%.17e' % v for v in s), ', '.join('0' for _ in s))
    m = ['func.func @main(%%x: %s) -> %s {' % (tin, tin),
         '  %%w1 = arith.constant dense<%s> : tensor<%dx3x3x%dxi8>' % (hexd(w1, np.int8), C, C),
         '  %%w2 = arith.constant dense<%s> : tensor<%dx1x1x%dxi8>' % (hexd(w2, np.int8), C, C),
         '  %%b1 = arith.constant dense<%s> : tensor<%dxi32>' % (hexd(b1, np.int32), C),
         '  %%b2 = arith.constant dense<%s> : tensor<%dxi32>' % (hexd(b2, np.int32), C),
         conv % ('a1', 'w1', 'b1', IZP, 1, 1, 1, 1, tin, C, 3, 3, C, C, tacc),
         conv % ('a2', 'w2', 'b2', IZP, 0, 0, 0, 0, tin, C, 1, 1, C, C, tacc),
         '  %%q1 = qnn.requantize %%a1 {input_params = %s, output_params = %s} : %s -> %s'
         % (pc(s1), p(*Q1), tacc, tin),
         '  %%q2 = qnn.requantize %%a2 {input_params = %s, output_params = %s} : %s -> %s'
         % (pc(s2), p(*Q2), tacc, tin),
         '  %%r1 = qnn.add %%q1, %%x {lhs_params = %s, rhs_params = %s, output_params = %s} '
         ': (%s, %s) -> %s' % (p(*Q1), p(*X), p(*R1), tin, tin, tin),
         '  %%r2 = qnn.add %%r1, %%q2 {lhs_params = %s, rhs_params = %s, output_params = %s} '
         ': (%s, %s) -> %s' % (p(*R1), p(*Q2), p(*R2), tin, tin, tin),
         '  return %%r2 : %s' % tin, '}']
    with open(model, 'w') as f:
        f.write('\n'.join(m) + '\n')
    np.save(xfile, rng.integers(0, 256, size=(1, H, W, C)).astype(np.uint8).view(np.int8))


def conv(x, w, b, pad):
    xp = np.pad(x.astype(np.int64) - IZP, ((pad, pad), (pad, pad), (0, 0)))
    k = w.shape[1]
    out = np.zeros((H, W, C), dtype=np.int64)
    for ky in range(k):
        for kx in range(k):
            out += np.einsum('hwc,fc->hwf', xp[ky:ky + H, kx:kx + W, :],
                             w[:, ky, kx, :].astype(np.int64))
    return out + b


def requantize(acc, s_in, out):
    res = np.zeros(acc.shape, dtype=np.int64)
    for ch in range(C):
        mult, shift = fixed_point(s_in[ch] / out[0])
        for idx in np.ndindex(acc.shape[:-1]):
            v = rnd(F(int(acc[idx + (ch,)]) * mult, 1 << shift), 'half_to_even')
            res[idx + (ch,)] = clamp(v + out[1], 0, 255)
    return res


def add(l, lp, r, rp, op):
    ml, mr = lp[0] / op[0], rp[0] / op[0]
    big, shift = fixed_point(max(ml, mr))
    small = math.ldexp(min(ml, mr), shift)
    small = int(math.floor(small + 0.5))  # positive: half away from zero
    mL, mR = (big, small) if ml >= mr else (small, big)
    res = np.zeros(l.shape, dtype=np.int64)
    for idx in np.ndindex(l.shape):
        v = (int(l[idx]) - lp[1]) * mL + (int(r[idx]) - rp[1]) * mR
        res[idx] = clamp(rnd(F(v, 1 << shift), 'half_to_even') + op[1], 0, 255)
    return res


def check(xfile, outfile):
    rng = np.random.default_rng(7)
    w1, w2, b1, b2, s1, s2 = params(rng)
    x = np.load(xfile).view(np.uint8).astype(np.int64)[0]
    q1 = requantize(conv(x, w1, b1, 1), s1, Q1)
    q2 = requantize(conv(x, w2, b2, 0), s2, Q2)
    want = add(add(q1, Q1, x, X, R1), R1, q2, Q2, R2)
    got = np.load(outfile).astype(np.uint8).astype(np.int64)[0]
    bad = np.argwhere(got != want)
    if len(bad):
        sys.exit('%d of %d differ; first at %s: got %d want %d' % (
            len(bad), want.size, tuple(bad[0]), got[tuple(bad[0])], want[tuple(bad[0])]))
    print('residual block: %d values exact' % want.size)


if __name__ == '__main__':
    (write if sys.argv[1] == 'write' else check)(sys.argv[2], sys.argv[3])
