#!/usr/bin/env python3
"""Sweep of qnn.requantize (i32 -> i8, per-channel scales) for the three
rounding modes: writes a model and its input, or checks quant-run's output
against exact rational arithmetic of the op definition

    out = clamp(zp_out + round((q - zp_in) * mult / 2^shift), -128, 127)

with (mult, shift) the spec's 31-bit fixed-point multiplier of
in_scale / out_scale (gen_exec_cases.fixed_point). Channels: dyadic scale
ratios (every value a candidate tie), random ones, ratios near 1 and
tiny ones (shift near 62); inputs: random values around each channel's
output range, exact ties and their neighbours, and the i32 extremes.

Channel sets: "mixed" (above), "edge" and "edgeu8" (typical conv ratios,
shifts 30..44, with output zero points at the grid's ends, i8 and u8
outputs: the saturation and the u8-in-i8 storage at their limits).

  requantize_sweep.py write DIR [SET]      -> DIR/<mode>.mlir, DIR/x.npy
  requantize_sweep.py check DIR MODE OUT.npy [SET]
"""
import math, os, sys
from fractions import Fraction as F
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_exec_cases import MODES, fixed_point, rnd, clamp

ROWS = 512
SCALES = [2.0 ** -1, 2.0 ** -7, 2.0 ** -20, 0.75, 3.0, 1.0, 0.999999,
          1.0000001, 1 / 3, 1e-3, 7.3e-5, 2.0 ** -29, 1e-9, 0.3, 1.7e-2, 9.1]
ZP_IN = [0, 5, -7, 0, 0, 3, 0, -1, 0, 0, 11, 0, 0, -100, 0, 0]
ZP_OUT = [0, -3, 0, 4, 0, 0, -128, 0, 7, 0, 0, 0, 127, 0, -5, 0]
OUT_SCALE = 1.0
OUT_TYPE = 'i8'
# Shifts 30..44, zero points at the ends of the output grid.
EDGE_SCALES = [0.75, 2.0 ** -1, 1.0, 0.999999, 1.0000001, 1 / 3, 1e-3, 6.4e-5,
              2.0 ** -13, 3.0, 0.3, 1.7e-2, 9.1, 2.0 ** -7, 1.1e-4, 0.0625]
EDGE_ZP_IN = [0, 5, -7, 0, 0, 3, 0, -1, 0, 0, 11, 0, 0, -100, 0, 0]
SETS = {
    'mixed': (SCALES, ZP_IN, ZP_OUT, 'i8'),
    'edge': (EDGE_SCALES, EDGE_ZP_IN,
            [-128, 127, 0, -128, 127, 0, -128, 127, -128, 0, 5, -3, 127, 0, -128, 1],
            'i8'),
    'edgeu8': (EDGE_SCALES, EDGE_ZP_IN,
              [0, 255, 128, 0, 255, 3, 0, 255, 0, 128, 200, 7, 255, 0, 1, 128],
              'ui8'),
}


def use(name):
    global SCALES, ZP_IN, ZP_OUT, OUT_TYPE, C
    SCALES, ZP_IN, ZP_OUT, OUT_TYPE = SETS[name]
    C = len(SCALES)


use('mixed')


def out_range():
    return (0, 255) if OUT_TYPE == 'ui8' else (-128, 127)


def inputs():
    rng = np.random.default_rng(42)
    x = np.zeros((ROWS, C), dtype=np.int64)
    for c, s in enumerate(SCALES):
        mult, shift = fixed_point(s / OUT_SCALE)
        span = int(min(2 ** 31 - 1, 200 / s))
        col = list(rng.integers(-span, span + 1, size=ROWS // 2))
        # Exact ties of the fixed-point product and their neighbours.
        # (x - zp) * mult = 2^(shift-1) mod 2^shift: x - zp = t0 + k * step.
        g = math.gcd(mult, 1 << shift) if shift else 1
        step = (1 << shift) // g
        t0 = None
        if shift and ((1 << (shift - 1)) % g == 0):
            t0 = ((1 << (shift - 1)) // g * pow(mult // g, -1, step)) % step if step > 1 else 0
        for k in range(-(ROWS // 12), ROWS // 12):
            base = (t0 if t0 is not None else 0) + k * step
            for d in (-1, 0, 1):
                col.append(int(base) + d + ZP_IN[c])
        col += [-2 ** 31, 2 ** 31 - 1, ZP_IN[c], 0]
        col = [min(max(v, -2 ** 31), 2 ** 31 - 1) for v in col][:ROWS]
        col += [0] * (ROWS - len(col))
        x[:, c] = col
    return x.astype(np.int32)


def model(mode):
    p_in = '#qnn.params<i32, axis = 1, scales = [%s], zps = [%s]>' % (
        ', '.join('%.17e' % s for s in SCALES), ', '.join(str(z) for z in ZP_IN))
    p_out = '#qnn.params<%s, axis = 1, scales = [%s], zps = [%s]>' % (
        OUT_TYPE, ', '.join('%.17e' % OUT_SCALE for _ in SCALES),
        ', '.join(str(z) for z in ZP_OUT))
    return ('func.func @main(%%x: tensor<%dx%dxi32>) -> tensor<%dx%dxi8> {\n'
            '  %%r = qnn.requantize %%x {input_params = %s, output_params = %s, '
            'rounding = #qnn.rounding<%s>} : tensor<%dx%dxi32> -> tensor<%dx%dxi8>\n'
            '  return %%r : tensor<%dx%dxi8>\n}\n' % (
                ROWS, C, ROWS, C, p_in, p_out, mode, ROWS, C, ROWS, C, ROWS, C))


def reference(x, mode):
    out = np.zeros(x.shape, dtype=np.int64)
    for c, s in enumerate(SCALES):
        mult, shift = fixed_point(s / OUT_SCALE)
        for r in range(x.shape[0]):
            v = rnd(F((int(x[r, c]) - ZP_IN[c]) * mult, 1 << shift), mode)
            out[r, c] = clamp(v + ZP_OUT[c], *out_range())
    return out


def main():
    if sys.argv[1] == 'write':
        d = sys.argv[2]
        use(sys.argv[3] if len(sys.argv) > 3 else 'mixed')
        for mode in MODES:
            with open(os.path.join(d, mode + '.mlir'), 'w') as f:
                f.write(model(mode))
        np.save(os.path.join(d, 'x.npy'), inputs())
        return
    d, mode, got = sys.argv[2], sys.argv[3], np.load(sys.argv[4])
    use(sys.argv[5] if len(sys.argv) > 5 else 'mixed')
    # A u8 grid is stored in i8: read the bytes back as unsigned.
    got = (got.view(np.uint8) if OUT_TYPE == 'ui8' else got).astype(np.int64)
    x = np.load(os.path.join(d, 'x.npy'))
    want = reference(x, mode)
    bad = np.argwhere(got != want)
    if len(bad):
        r, c = bad[0]
        sys.exit('%s: %d of %d differ; first at row %d channel %d: x=%d got %d want %d'
                 % (mode, len(bad), want.size, r, c, x[r, c], got[r, c], want[r, c]))
    ties = 0
    for c, s in enumerate(SCALES):
        mult, shift = fixed_point(s / OUT_SCALE)
        if shift:
            ties += int(np.sum(((x[:, c].astype(object) - ZP_IN[c]) * mult) % (1 << shift)
                               == (1 << (shift - 1))))
    print('%s: %d values exact (%d ties)' % (mode, want.size, ties))


if __name__ == '__main__':
    main()
