#!/usr/bin/env python3
"""requantize-dtype=float32 against a numpy reference of its definition
(docs/UserGuide.md):

    v = clamp((f32(q) - f32(zp_in)) * f32(mult * 2^-shift), qmin - zp_out,
              qmax - zp_out)                       (IEEE single precision)
    out = round(v) + zp_out                        (tie rule of the op)

with (mult, shift) the spec's fixed-point multiplier (gen_exec_cases), the
rounding applied exactly to the single-precision value. Also counts where
the result differs from the exact int64 definition (requantize_sweep's
rational reference): only by one step, and only where the exact value is
within a few f32 ulps of a tie.

  requantize_float.py check DIR MODE OUT.npy SET   (inputs of requantize_sweep.py)
  requantize_float.py conv DIR                     -> DIR/conv.mlir, DIR/conv_x.npy
  requantize_float.py checkconv DIR OUT.npy
  requantize_float.py convf DIR                    -> DIR/convf.mlir, convf_x.npy, convf_ref.npy
                                                      (f32 edges, for the AArch64 AOT check)
  requantize_float.py add DIR MODE                 -> DIR/add_MODE.mlir, DIR/add_{a,b}.npy
  requantize_float.py checkadd DIR MODE OUT.npy

qnn.add (exhaustive: every i8 x i8 pair) in f32 is
    clamp((f32(a) - zp_a) * Ma + (f32(b) - zp_b) * Mb, ...), rounded, + zp_out
with Ma / Mb the spec's two multipliers over one shift (as planAdd: the
larger 31 bits, the smaller rounded half away on the same 2^-shift grid).
"""
import math, os, sys
from fractions import Fraction as F
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import requantize_sweep as sw
from gen_exec_cases import fixed_point, rnd, clamp


def float_requantize(acc, ratio, zp_in, zp_out, mode, qmin, qmax):
    """acc: int array [..., C]; per-channel ratio / zero points (lists)."""
    out = np.zeros(acc.shape, dtype=np.int64)
    for c in range(acc.shape[-1]):
        mult, shift = fixed_point(ratio[c])
        m = np.float32(math.ldexp(mult, -shift))
        v = (acc[..., c].astype(np.int64).astype(np.float32) - np.float32(zp_in[c])) * m
        v = np.clip(v, np.float32(qmin - zp_out[c]), np.float32(qmax - zp_out[c]))
        flat = [rnd(F(float(t)), mode) + zp_out[c] for t in v.ravel()]
        out[..., c] = np.array(flat, dtype=np.int64).reshape(v.shape)
    return out


def check_sweep(d, mode, got_path, set_name):
    sw.use(set_name)
    x = np.load(os.path.join(d, 'x.npy'))
    got = np.load(got_path)
    got = (got.view(np.uint8) if sw.OUT_TYPE == 'ui8' else got).astype(np.int64)
    qmin, qmax = sw.out_range()
    want = float_requantize(x, [s / sw.OUT_SCALE for s in sw.SCALES], sw.ZP_IN,
                            sw.ZP_OUT, mode, qmin, qmax)
    bad = np.argwhere(got != want)
    if len(bad):
        r, c = bad[0]
        sys.exit('%s: %d of %d differ from the f32 reference; first at row %d channel %d: '
                 'x=%d got %d want %d' % (mode, len(bad), want.size, r, c, x[r, c],
                                          got[r, c], want[r, c]))
    exact = sw.reference(x, mode)
    diff = np.abs(got - exact)
    # Where the f32 result is off, the exact value must be near a tie:
    # |frac - 1/2| below 2^-22 of the value's magnitude (+ the input's f32 rounding).
    for r, c in np.argwhere(diff > 0):
        mult, shift = fixed_point(sw.SCALES[c] / sw.OUT_SCALE)
        y = F((int(x[r, c]) - sw.ZP_IN[c]) * mult, 1 << shift)
        frac = y - math.floor(y)
        if abs(frac - F(1, 2)) > max(abs(y), 1) * F(1, 1 << 21):
            sys.exit('%s: row %d channel %d: x=%d is %d steps off the exact result %d '
                     'but not near a tie (y=%s)' % (mode, r, c, x[r, c], diff[r, c],
                                                    exact[r, c], float(y)))
    print('float32 %s: %d values equal the f32 reference; %d differ from the exact '
          'definition (max %d step)' % (mode, want.size, int((diff > 0).sum()),
                                        int(diff.max())))


# A 3x3 conv (u8 input, zero point 3; s8 per-channel weights) with bias, the
# per-channel requantize to i8 and a ReLU: the epilogue fused into the conv
# tile on x86.
H, W, C, FO = 9, 11, 8, 24


def conv_params():
    rng = np.random.default_rng(7)
    wt = rng.integers(-127, 128, size=(FO, 3, 3, C))
    b = rng.integers(-3000, 3000, size=(FO,))
    ratio = list(rng.uniform(2e-4, 2e-3, size=FO) / 0.05)
    x = rng.integers(0, 256, size=(1, H, W, C))
    return wt, b, ratio, x


def conv_write(d):
    wt, b, ratio, x = conv_params()
    hexd = lambda a, t: '"0x' + a.astype(t).tobytes().hex().upper() + '"'
    scales = ', '.join(repr(r * 0.05) for r in ratio)
    tin = 'tensor<1x%dx%dx%dxi8>' % (H, W, C)
    tw = 'tensor<%dx3x3x%dxi8>' % (FO, C)
    tacc = 'tensor<1x%dx%dx%dxi32>' % (H, W, FO)
    tout = 'tensor<1x%dx%dx%dxi8>' % (H, W, FO)
    m = ('func.func @main(%%x: %s) -> %s {\n'
         '  %%w = arith.constant dense<%s> : %s\n'
         '  %%b = arith.constant dense<%s> : tensor<%dxi32>\n'
         '  %%acc = qnn.conv2d %%x, %%w, %%b {input_zp = 3 : i64, input_unsigned = true, '
         'strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, '
         'dilations = array<i64: 1, 1>} : (%s, %s, tensor<%dxi32>) -> %s\n'
         '  %%q = qnn.requantize %%acc {input_params = #qnn.params<i32, axis = 3, '
         'scales = [%s], zps = [%s]>, output_params = #qnn.params<i8, scale = 0.05, zp = -7>} '
         ': %s -> %s\n'
         '  %%r = qnn.clamp %%q {min = -7, max = 127} : %s\n'
         '  return %%r : %s\n}\n' % (
             tin, tout, hexd(wt, np.int8), tw, hexd(b, np.int32), FO, tin, tw, FO, tacc,
             scales, ', '.join('0' for _ in range(FO)), tacc, tout, tout, tout))
    open(os.path.join(d, 'conv.mlir'), 'w').write(m)
    np.save(os.path.join(d, 'conv_x.npy'), x.astype(np.uint8).view(np.int8))


def conv_write_f32(d):
    """The conv with f32 edges, for aot_model_check.py (AArch64 under qemu):
    its input (u8 - 3) * 0.125 quantizes back exactly, its output is the
    i8 result dequantized, (q + 7) * 0.05 in f32. Writes convf.mlir,
    convf_x.npy and convf_ref.npy (the f32 reference, dequantized)."""
    conv_write(d)
    text = open(os.path.join(d, 'conv.mlir')).read()
    tin = 'tensor<1x%dx%dx%dxi8>' % (H, W, C)
    tout = 'tensor<1x%dx%dx%dxi8>' % (H, W, FO)
    fin, fout = tin.replace('xi8>', 'xf32>'), tout.replace('xi8>', 'xf32>')
    text = text.replace('func.func @main(%%x: %s) -> %s {' % (tin, tout),
                        'func.func @main(%%xf: %s) -> %s {\n'
                        '  %%x = qnn.quantize %%xf {params = #qnn.params<ui8, scale = 0.125, '
                        'zp = 3>} : %s -> %s' % (fin, fout, fin, tin))
    text = text.replace('  return %%r : %s' % tout,
                        '  %%d = qnn.dequantize %%r {params = #qnn.params<i8, scale = 0.05, '
                        'zp = -7>} : %s -> %s\n  return %%d : %s' % (tout, fout, fout))
    open(os.path.join(d, 'convf.mlir'), 'w').write(text)
    _, _, _, x = conv_params()
    np.save(os.path.join(d, 'convf_x.npy'), ((x - 3) * 0.125).astype(np.float32))
    np.save(os.path.join(d, 'convf_ref.npy'),
            (conv_reference() + 7).astype(np.float32) * np.float32(0.05))


def conv_reference():
    wt, b, ratio, x = conv_params()
    xp = np.pad(x - 3, ((0, 0), (1, 1), (1, 1), (0, 0)))
    acc = np.zeros((1, H, W, FO), dtype=np.int64) + b
    for kh in range(3):
        for kw in range(3):
            acc += np.einsum('nhwc,fc->nhwf', xp[:, kh:kh + H, kw:kw + W, :], wt[:, kh, kw, :])
    want = float_requantize(acc, ratio, [0] * FO, [-7] * FO, 'half_to_even', -128, 127)
    return np.maximum(want, -7)  # ReLU: real 0 is the zero point


def conv_check(got_path):
    want = conv_reference()
    got = np.load(got_path).astype(np.int64)
    bad = np.argwhere(got != want)
    if len(bad):
        sys.exit('conv: %d of %d differ from the f32 reference; first at %s: got %d want %d'
                 % (len(bad), want.size, tuple(bad[0]), got[tuple(bad[0])], want[tuple(bad[0])]))
    print('conv float32: %d values equal the f32 reference' % want.size)


# qnn.add operands: scales / zero points (lhs, rhs, out).
ADD = ((0.037, 3), (0.021, -7), (0.05, -2))


def add_write(d, mode):
    (sa, za), (sb, zb), (so, zo) = ADD
    t = 'tensor<256x256xi8>'
    m = ('func.func @main(%%a: %s, %%b: %s) -> %s {\n'
         '  %%0 = qnn.add %%a, %%b {lhs_params = #qnn.params<i8, scale = %r, zp = %d>, '
         'rhs_params = #qnn.params<i8, scale = %r, zp = %d>, '
         'output_params = #qnn.params<i8, scale = %r, zp = %d>, '
         'rounding = #qnn.rounding<%s>} : (%s, %s) -> %s\n'
         '  return %%0 : %s\n}\n' % (t, t, t, sa, za, sb, zb, so, zo, mode, t, t, t, t))
    open(os.path.join(d, 'add_%s.mlir' % mode), 'w').write(m)
    v = np.arange(-128, 128)
    np.save(os.path.join(d, 'add_a.npy'), np.repeat(v[:, None], 256, 1).astype(np.int8))
    np.save(os.path.join(d, 'add_b.npy'), np.repeat(v[None, :], 256, 0).astype(np.int8))


def add_check(d, mode, got_path):
    (sa, za), (sb, zb), (so, zo) = ADD
    ma, mb = sa / so, sb / so
    mult, shift = fixed_point(max(ma, mb))
    other = int(math.floor(math.ldexp(min(ma, mb), shift) + 0.5))
    la, lb = (mult, other) if ma >= mb else (other, mult)
    a = np.load(os.path.join(d, 'add_a.npy')).astype(np.int64)
    b = np.load(os.path.join(d, 'add_b.npy')).astype(np.int64)
    fa = np.float32(math.ldexp(la, -shift))
    fb = np.float32(math.ldexp(lb, -shift))
    v = ((a.astype(np.float32) - np.float32(za)) * fa +
         (b.astype(np.float32) - np.float32(zb)) * fb)
    v = np.clip(v, np.float32(-128 - zo), np.float32(127 - zo))
    want = np.array([rnd(F(float(t)), mode) + zo for t in v.ravel()]).reshape(v.shape)
    got = np.load(got_path).astype(np.int64)
    bad = np.argwhere(got != want)
    if len(bad):
        i, j = bad[0]
        sys.exit('add %s: %d of %d differ from the f32 reference; first a=%d b=%d: got %d want %d'
                 % (mode, len(bad), want.size, a[i, j], b[i, j], got[i, j], want[i, j]))
    exact = np.array([clamp(rnd(F((int(x) - za) * la + (int(y) - zb) * lb, 1 << shift), mode)
                            + zo, -128, 127) for x, y in zip(a.ravel(), b.ravel())]
                     ).reshape(a.shape)
    diff = np.abs(got - exact)
    print('add float32 %s: %d values equal the f32 reference; %d differ from the exact '
          'definition (max %d step)' % (mode, want.size, int((diff > 0).sum()), int(diff.max())))


def main():
    cmd = sys.argv[1]
    if cmd == 'add':
        return add_write(sys.argv[2], sys.argv[3])
    if cmd == 'checkadd':
        return add_check(sys.argv[2], sys.argv[3], sys.argv[4])
    if cmd == 'check':
        check_sweep(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
    elif cmd == 'conv':
        conv_write(sys.argv[2])
    elif cmd == 'convf':
        conv_write_f32(sys.argv[2])
    elif cmd == 'checkconv':
        conv_check(sys.argv[3])


if __name__ == '__main__':
    main()
