#!/usr/bin/env python3
# Writes ../exec-*.mlir: python3 exec_cases.py (from this directory).
import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_exec_cases import *

def t(shp, e): return 'tensor<%sx%s>' % ('x'.join(str(d) for d in shp), e)
RQ = 'qnn.requantize %%a0 {input_params = %s, output_params = %s, rounding = #qnn.rounding<%s>} : %s -> %%OUT'

def requant_ref(q, sin, zin, sout, zout, lo, hi, mode, exact=True):
    if exact:
        m = F(sin) / F(sout)
        return clamp(zout + rnd((q - zin) * m, mode), lo, hi)
    mult, shift = fixed_point(sin / sout)
    return clamp(zout + rnd(F((q - zin) * mult, 2**shift), mode), lo, hi)

# ---------------------------------------------------------------- requantize
cases = []
x = [5, -5, 3, -3, 7, -7, 0, 1, -1]
for mode in MODES:
    cases.append(Case('rq_half_%s' % mode, RQ % (P(32, 1, 0.5, 0), P(8, 1, 1.0, 0), mode, t([9], 'i32')),
                      [(x, t([9], 'i32'))], t([9], 'i8'),
                      [requant_ref(v, 0.5, 0, 1.0, 0, -128, 127, mode) for v in x], 'M = 0.5 ties'))
x = [2, -2, 6, -6, 1, -1, 10]
for mode in MODES:
    cases.append(Case('rq_075_%s' % mode, RQ % (P(32, 1, 0.75, 0), P(8, 1, 1.0, 0), mode, t([7], 'i32')),
                      [(x, t([7], 'i32'))], t([7], 'i8'),
                      [requant_ref(v, 0.75, 0, 1.0, 0, -128, 127, mode) for v in x], 'M = 0.75 ties'))
# per-axis input (accumulator with per-channel scales), axis 1
xs = np.array([[5, 6, 12], [-5, -6, -12], [3, 2, 4]])
sc = [0.5, 0.25, 0.125]
for mode in MODES:
    exp = [[requant_ref(xs[i][j], sc[j], 0, 1.0, -3, -128, 127, mode) for j in range(3)] for i in range(3)]
    cases.append(Case('rq_axis_in_%s' % mode, RQ % (PA(32, 1, 1, sc, [0, 0, 0]), P(8, 1, 1.0, -3), mode, t([3, 3], 'i32')),
                      [(xs, t([3, 3], 'i32'))], t([3, 3], 'i8'), exp, 'per-axis input scales, zp_out = -3'))
# per-axis output, axis 0, i8 input with zp_in
xs = np.array([[-3, -2, 0, 1], [-3, -1, 5, 127]])
so, zo = [2.0, 0.5], [5, -7]
exp = [[requant_ref(xs[i][j], 1.0, -3, so[i], zo[i], -128, 127, 'half_to_even') for j in range(4)] for i in range(2)]
cases.append(Case('rq_axis_out', RQ % (P(8, 1, 1.0, -3), PA(8, 1, 0, so, zo), 'half_to_even', t([2, 4], 'i8')),
                  [(xs, t([2, 4], 'i8'))], t([2, 4], 'i8'), exp, 'i8 -> i8, zp_in = -3, per-axis output scales/zps on axis 0'))
# per-axis both sides, same axis; unsigned input
xs = np.array([[0, 255, 128], [10, 200, 129]])
si, so, zo = [0.5, 1.0, 0.25], [1.0, 0.25, 1.0], [0, 10, -10]
exp = [[requant_ref(xs[i][j], si[j], 128, so[j], zo[j], -128, 127, 'upward') for j in range(3)] for i in range(2)]
cases.append(Case('rq_axis_both', RQ % (PA(8, 0, 1, si, [128] * 3), PA(8, 1, 1, so, zo), 'upward', t([2, 3], 'i8')),
                  [(xs, t([2, 3], 'i8'))], t([2, 3], 'i8'), exp, 'ui8 (zp 128) -> i8, per-axis both sides on axis 1, upward'))
# saturation
x = [1000, -1000, 255, 256, -257, -258]
cases.append(Case('rq_saturate', RQ % (P(32, 1, 0.5, 0), P(8, 1, 1.0, 0), 'half_to_even', t([6], 'i32')),
                  [(x, t([6], 'i32'))], t([6], 'i8'),
                  [requant_ref(v, 0.5, 0, 1.0, 0, -128, 127, 'half_to_even') for v in x], 'saturation to [-128, 127]'))
x = [200, -200, -128, 127, 0]
cases.append(Case('rq_saturate_u8', RQ % (P(32, 1, 1.0, 0), P(8, 0, 1.0, 128), 'half_to_even', t([5], 'i32')),
                  [(x, t([5], 'i32'))], t([5], 'i8'),
                  [requant_ref(v, 1.0, 0, 1.0, 128, 0, 255, 'half_to_even') for v in x], 'to ui8 zp 128 (printed unsigned)',
                  out_unsigned=True))
x = [-1000, 1000, -127]
cases.append(Case('rq_saturate_narrow', RQ % (P(32, 1, 1.0, 0), P(8, 1, 1.0, 0, narrow=True), 'half_to_even', t([3], 'i32')),
                  [(x, t([3], 'i32'))], t([3], 'i8'), [-127, 127, -127], 'narrow i8: [-127, 127]'))
# shift 62 (M = 2^-32) with the extreme |q - zp_in| = 2^32 - 1
x = [2147483647, -2147483648, 0, -1073741824, 1]
for mode in MODES:
    cases.append(Case('rq_shift62_%s' % mode, RQ % (P(32, 1, 2.0**-32, -2147483648), P(8, 1, 1.0, 0), mode, t([5], 'i32')),
                      [(x, t([5], 'i32'))], t([5], 'i8'),
                      [requant_ref(v, 2.0**-32, -2147483648, 1.0, 0, -128, 127, mode) for v in x],
                      'M = 2^-32 (n = 62), zp_in = -2^31'))
# M = 2^-40: below the shift range, multiplier 2^22 with n = 62 (still exact)
x = [2147483647, -2147483648, 0]
cases.append(Case('rq_tiny', RQ % (P(32, 1, 2.0**-40, 0), P(16, 1, 2.0**-20, 0), 'half_to_even', t([3], 'i32')),
                  [(x, t([3], 'i32'))], t([3], 'i16'),
                  [requant_ref(v, 2.0**-40, 0, 2.0**-20, 0, -32768, 32767, 'half_to_even') for v in x], 'M = 2^-20 -> i16'))
# M >= 2^31: every nonzero input saturates (numeric core rule)
x = [1, -1, 0, 5]
cases.append(Case('rq_huge', RQ % (P(32, 1, 1e10, 0), P(8, 1, 1.0, 5), 'half_to_even', t([4], 'i32')),
                  [(x, t([4], 'i32'))], t([4], 'i8'), [127, -128, 5, 127], 'M = 1e10 >= 2^31: saturate, 0 -> zp_out'))
# non-dyadic M = 1/3 through the 31-bit fixed point (m = 1431655765, n = 32)
x = [1, 2, 3, 4, 5, -4, -5, 1000000, 2147483647, -98301, 98301]
for mode in MODES:
    cases.append(Case('rq_third_%s' % mode, RQ % (P(32, 1, 1.0, 0), P(16, 1, 3.0, 0), mode, t([11], 'i32')),
                      [(x, t([11], 'i32'))], t([11], 'i16'),
                      [requant_ref(v, 1.0, 0, 3.0, 0, -32768, 32767, mode, exact=False) for v in x],
                      'M = 1/3 (31-bit fixed point m = %d, n = %d) -> i16' % fixed_point(1 / 3)))
emit('requantize.mlir', """
qnn.requantize: ties for every rounding mode, per-axis (input, output, both),
saturation, narrow range, n = 62, a multiplier >= 2^31, a non-dyadic multiplier.
Expected values: exact rational arithmetic (python fractions) of
clamp(zp_out + round((q - zp_in) * M), qmin, qmax); dyadic M is exact in fixed
point, M = 1/3 uses the spec's 31-bit multiplier (round half away of M * 2^n).
Run: quant-opt -convert-qnn-to-linalg, then the upstream CPU pipeline.""", cases)
print('requantize', len(cases))

# ------------------------------------------------ quantize / dequantize / sim
def q_ref(x, s, zp, lo, hi, mode):
    if x != x: return zp
    return clamp(rnd(F(x) / F(s), mode) + zp, lo, hi)
QZ = 'qnn.quantize %%a0 {params = %s, rounding = #qnn.rounding<%s>} : %s -> %%OUT'
DQ = 'qnn.dequantize %%a0 {params = %s} : %s -> %%OUT'
SQ = 'qnn.simulated_quantize %%a0 {kind = #qnn.kind<activation>, bits = %d : i64, is_signed = %s, narrow_range = %s, rounding = #qnn.rounding<%s>%s} : %s'
cases = []
x = [1.25, -1.25, 0.75, -0.75, 0.0, 200.0, -200.0, 0.2, -0.2, 63.75]
for mode in MODES:
    cases.append(Case('q_i8_%s' % mode, QZ % (P(8, 1, 0.5, 3), mode, t([10], 'f32')),
                      [(x, t([10], 'f32'))], t([10], 'i8'),
                      [q_ref(v, 0.5, 3, -128, 127, mode) for v in x], 'scale 0.5, zp 3'))
x = [-32.0, -32.125, -32.25, 31.75, 31.875, 40.0, 0.125, -0.125]
for mode in MODES:
    cases.append(Case('q_u8_%s' % mode, QZ % (P(8, 0, 0.25, 128), mode, t([8], 'f32')),
                      [(x, t([8], 'f32'))], t([8], 'i8'),
                      [q_ref(v, 0.25, 128, 0, 255, mode) for v in x], 'ui8 scale 0.25 zp 128 (printed unsigned)',
                      out_unsigned=True))
xs = np.array([[0.25, 0.375, 2.5, -64.0], [-0.25, -0.375, -2.5, 100.0]])
sc, zp = [0.5, 0.25, 1.0, 0.5], [0, 1, -1, 0]
for mode in MODES:
    exp = [[q_ref(xs[i][j], sc[j], zp[j], -127, 127, mode) for j in range(4)] for i in range(2)]
    cases.append(Case('q_axis_narrow_%s' % mode, QZ % (PA(8, 1, 1, sc, zp, narrow=True), mode, t([2, 4], 'f32')),
                      [(xs, t([2, 4], 'f32'))], t([2, 4], 'i8'), exp, 'per-axis (axis 1), narrow i8'))
x = [7.5, -8.5, 3.5, -2.5, 0.5]
cases.append(Case('q_i4_f16', QZ % (P(4, 1, 1.0, 0), 'half_to_even', t([5], 'f16')),
                  [(x, t([5], 'f16'))], t([5], 'i4'), [q_ref(v, 1.0, 0, -8, 7, 'half_to_even') for v in x],
                  'f16 input, i4 storage'))
x = [0.5, -1000.0, 70000.0, 2.25]
cases.append(Case('q_u16_f64', QZ % (P(16, 0, 0.5, 32768), 'half_away_from_zero', t([4], 'f64')),
                  [(x, t([4], 'f64'))], t([4], 'i16'), [q_ref(v, 0.5, 32768, 0, 65535, 'half_away_from_zero') for v in x],
                  'f64 input, ui16 zp 32768 (printed unsigned)', out_unsigned=True))
# dequantize
q = [0, 255, 128, 130]
cases.append(Case('dq_u8', DQ % (P(8, 0, 0.25, 128), t([4], 'i8')), [(q, t([4], 'i8'))], t([4], 'f32'),
                  [float((v - 128) * F(1, 4)) for v in q], 'ui8 zp 128 scale 0.25'))
qs = np.array([[-128, 0, 127], [5, -5, 1]])
sc, zp = [0.5, 0.125], [-1, 2]
cases.append(Case('dq_axis', DQ % (PA(8, 1, 0, sc, zp), t([2, 3], 'i8')), [(qs, t([2, 3], 'i8'))], t([2, 3], 'f32'),
                  [[float((qs[i][j] - zp[i]) * F(sc[i])) for j in range(3)] for i in range(2)], 'per-axis axis 0'))
q = [2147483647, -2147483648, 0]
cases.append(Case('dq_i32', DQ % (P(32, 1, 2.0**-20, -5), t([3], 'i32')), [(q, t([3], 'i32'))], t([3], 'f32'),
                  [float(np.float32(float((v + 5) * F(2)**-20))) for v in q], 'i32 accumulator grid, zp -5 (i64 subtraction)'))
q = [-8, 7, 0]
cases.append(Case('dq_i4_f16', DQ % (P(4, 1, 0.5, 1), t([3], 'i4')), [(q, t([3], 'i4'))], t([3], 'f16'),
                  [float((v - 1) * F(1, 2)) for v in q], 'i4 -> f16'))
# simulated quantize
def sq_ref(x, s, zp, lo, hi, mode):
    return float((q_ref(x, s, zp, lo, hi, mode) - zp) * F(s))
x = [1.25, -1.25, 0.75, -0.75, 0.0, 200.0, -200.0, 0.2, -0.2, 63.75]
for mode in MODES:
    cases.append(Case('sq_%s' % mode, SQ % (8, 'true', 'false', mode, ', params = ' + P(8, 1, 0.5, 3), t([10], 'f32')),
                      [(x, t([10], 'f32'))], t([10], 'f32'), [sq_ref(v, 0.5, 3, -128, 127, mode) for v in x],
                      'bound, i8 scale 0.5 zp 3'))
xs = np.array([[0.25, 0.375, 2.5, -64.0], [-0.25, -0.375, -2.5, 100.0]])
sc, zp = [0.5, 0.25, 1.0, 0.5], [0, 1, -1, 0]
cases.append(Case('sq_axis_u4', SQ % (4, 'false', 'false', 'upward', ', params = ' + PA(4, 0, 1, sc, [0, 1, 3, 8]), t([2, 4], 'f32')),
                  [(xs, t([2, 4], 'f32'))], t([2, 4], 'f32'),
                  [[sq_ref(xs[i][j], sc[j], [0, 1, 3, 8][j], 0, 15, 'upward') for j in range(4)] for i in range(2)],
                  'per-axis ui4, upward'))
x = [0.3, -7.77, 1e6]
cases.append(Case('sq_unbound', SQ % (8, 'true', 'false', 'half_to_even', '', t([3], 'f32')),
                  [(x, t([3], 'f32'))], t([3], 'f32'), [float(np.float32(v)) for v in x], 'unbound: identity'))
x = [1.25, -1.25, 100.0]
cases.append(Case('sq_f16', SQ % (8, 'true', 'true', 'half_to_even', ', params = ' + P(8, 1, 0.5, 0, narrow=True), t([3], 'f16')),
                  [(x, t([3], 'f16'))], t([3], 'f16'), [sq_ref(v, 0.5, 0, -127, 127, 'half_to_even') for v in x],
                  'f16, narrow i8'))
emit('quantize.mlir', """
qnn.quantize / qnn.dequantize / qnn.simulated_quantize: ties for every rounding
mode, saturation, unsigned and narrow grids, per-axis, i4 / ui16 storage, f16 /
f64 inputs, i32 accumulator dequantize, unbound simulated_quantize (identity).
Inputs and scales are dyadic, so float and exact arithmetic agree; expected
values: python fractions of clamp(round(x / s) + zp) and (q - zp) * s.""", cases)
print('quantize', len(cases))

# ------------------------------------------------------- add / mul / concat / clamp
BIN = 'qnn.%s %%a0, %%a1 {lhs_params = %s, rhs_params = %s, output_params = %s, rounding = #qnn.rounding<%s>} : (%s, %s) -> %%OUT'
def bcast(a, shp): return np.broadcast_to(np.asarray(a), shp)
def add_ref(l, r, lp, rp, op, mode):
    (sl, zl), (sr, zr), (so, zo, lo, hi) = lp, rp, op
    v = F(sl) / F(so) * (int(l) - zl) + F(sr) / F(so) * (int(r) - zr)
    return clamp(zo + rnd(v, mode), lo, hi)
def mul_ref(l, r, lp, rp, op, mode):
    (sl, zl), (sr, zr), (so, zo, lo, hi) = lp, rp, op
    v = F(sl) * F(sr) / F(so) * (int(l) - zl) * (int(r) - zr)
    return clamp(zo + rnd(v, mode), lo, hi)
def binref(fn, l, r, oshp, lp, rp, op, mode):
    L, R = bcast(l, oshp), bcast(r, oshp)
    return np.vectorize(lambda a, b: fn(a, b, lp, rp, op, mode))(L, R)
cases = []
l = np.array([[2, 3, 4], [0, -1, -128]]); r = np.array([[-2, -1, 0]])
for mode in MODES:
    cases.append(Case('add_bcast_%s' % mode,
        BIN % ('add', P(8, 1, 0.5, 1), P(8, 1, 0.25, -2), P(8, 1, 1.0, 0), mode, t([2, 3], 'i8'), t([1, 3], 'i8')),
        [(l, t([2, 3], 'i8')), (r, t([1, 3], 'i8'))], t([2, 3], 'i8'),
        binref(add_ref, l, r, (2, 3), (0.5, 1), (0.25, -2), (1.0, 0, -128, 127), mode),
        'Ml = 0.5, Mr = 0.25, rhs broadcast along dim 0'))
l = np.array([[100, 127, -128, 0]]); r = np.array([[100], [-128], [3]])
cases.append(Case('add_saturate_both_bcast',
    BIN % ('add', P(8, 1, 0.75, 0), P(8, 1, 0.375, 3), P(8, 1, 1.0, -10), 'half_to_even', t([1, 4], 'i8'), t([3, 1], 'i8')),
    [(l, t([1, 4], 'i8')), (r, t([3, 1], 'i8'))], t([3, 4], 'i8'),
    binref(add_ref, l, r, (3, 4), (0.75, 0), (0.375, 3), (1.0, -10, -128, 127), 'half_to_even'),
    'both operands broadcast, Ml = 0.75, Mr = 0.375, saturation'))
l = np.array([0, 255, 128, 200]); r = np.array([255, 0, 129, 50])
cases.append(Case('add_u8',
    BIN % ('add', P(8, 0, 0.5, 128), P(8, 0, 0.25, 100), P(8, 0, 0.5, 120), 'upward', t([4], 'i8'), t([4], 'i8')),
    [(l, t([4], 'i8')), (r, t([4], 'i8'))], t([4], 'i8'),
    binref(add_ref, l, r, (4,), (0.5, 128), (0.25, 100), (0.5, 120, 0, 255), 'upward'),
    'ui8 operands and result (printed unsigned), upward', out_unsigned=True))
l = np.array([32767, -32768, 1]); r = np.array([32767, -32768, -1])
cases.append(Case('add_i16_extreme',
    BIN % ('add', P(16, 1, 1.0, -32768), P(16, 1, 0.5, 32767), P(16, 1, 4.0, 0), 'half_to_even', t([3], 'i16'), t([3], 'i16')),
    [(l, t([3], 'i16')), (r, t([3], 'i16'))], t([3], 'i16'),
    binref(add_ref, l, r, (3,), (1.0, -32768), (0.5, 32767), (4.0, 0, -32768, 32767), 'half_to_even'),
    'i16 with |q - zp| = 65535'))
l = np.array([[3, 4, 5], [-1, 0, 1]]); r = np.array([[-1], [0]])
for mode in MODES:
    cases.append(Case('mul_bcast_%s' % mode,
        BIN % ('mul', P(8, 1, 0.5, 1), P(8, 1, 0.25, -2), P(8, 1, 1.0, 0), mode, t([2, 3], 'i8'), t([2, 1], 'i8')),
        [(l, t([2, 3], 'i8')), (r, t([2, 1], 'i8'))], t([2, 3], 'i8'),
        binref(mul_ref, l, r, (2, 3), (0.5, 1), (0.25, -2), (1.0, 0, -128, 127), mode),
        'M = 0.125, rhs broadcast along dim 1'))
l = np.array([-32768, 32767, 100]); r = np.array([32767, -32768, 100])
cases.append(Case('mul_i16_extreme',
    BIN % ('mul', P(16, 1, 1.0, 32767), P(16, 1, 1.0, -32768), P(16, 1, 2.0**20, 0), 'half_to_even', t([3], 'i16'), t([3], 'i16')),
    [(l, t([3], 'i16')), (r, t([3], 'i16'))], t([3], 'i16'),
    binref(mul_ref, l, r, (3,), (1.0, 32767), (1.0, -32768), (2.0**20, 0, -32768, 32767), 'half_to_even'),
    '|product| = 65535^2, M = 2^-20 (no i64 overflow)'))
l = np.array([10, 20, 250]); r = np.array([3, 7, 255])
cases.append(Case('mul_u8_saturate',
    BIN % ('mul', P(8, 0, 0.5, 0), P(8, 0, 0.5, 0), P(8, 0, 0.125, 5), 'half_away_from_zero', t([3], 'i8'), t([3], 'i8')),
    [(l, t([3], 'i8')), (r, t([3], 'i8'))], t([3], 'i8'),
    binref(mul_ref, l, r, (3,), (0.5, 0), (0.5, 0), (0.125, 5, 0, 255), 'half_away_from_zero'),
    'ui8, M = 2, saturation at 255 (printed unsigned)', out_unsigned=True))
# concat: input 0 needs requantization, input 1 is on the output grid, input 2 zp differs
a = np.array([[5, -5], [127, -128]]); b = np.array([[1, 2, 3], [-4, -5, -6]]); c = np.array([[0], [10]])
outp = (1.0, 2)
exp = np.concatenate([
    np.vectorize(lambda v: requant_ref(v, 0.5, 0, 1.0, 2, -128, 127, 'half_to_even'))(a), b,
    np.vectorize(lambda v: requant_ref(v, 1.0, -3, 1.0, 2, -128, 127, 'half_to_even'))(c)], axis=1)
cases.append(Case('concat_axis1',
    'qnn.concat %%a0, %%a1, %%a2 {axis = 1 : i64, input_params = [%s, %s, %s], output_params = %s} : (%s, %s, %s) -> %%OUT'
    % (P(8, 1, 0.5, 0), P(8, 1, 1.0, 2), P(8, 1, 1.0, -3), P(8, 1, 1.0, 2), t([2, 2], 'i8'), t([2, 3], 'i8'), t([2, 1], 'i8')),
    [(a, t([2, 2], 'i8')), (b, t([2, 3], 'i8')), (c, t([2, 1], 'i8'))], t([2, 6], 'i8'), exp,
    'requantize (0.5 -> 1.0), copy, zp shift (-3 -> 2)'))
a = np.array([[1, 2]]); b = np.array([[3, 4], [5, 6]])
cases.append(Case('concat_axis0_same',
    'qnn.concat %%a0, %%a1 {axis = 0 : i64, input_params = [%s, %s], output_params = %s, rounding = #qnn.rounding<upward>} : (%s, %s) -> %%OUT'
    % (P(8, 1, 0.25, 0), P(8, 1, 0.25, 0), P(8, 1, 0.25, 0), t([1, 2], 'i8'), t([2, 2], 'i8')),
    [(a, t([1, 2], 'i8')), (b, t([2, 2], 'i8'))], t([3, 2], 'i8'), np.concatenate([a, b]), 'all on the output grid'))
x = np.array([-128, -5, 0, 5, 10, 100, 127])
cases.append(Case('clamp_s8', 'qnn.clamp %%a0 {min = -5 : i64, max = 100 : i64} : %s' % t([7], 'i8'),
                  [(x, t([7], 'i8'))], t([7], 'i8'), np.clip(x, -5, 100), 'signed [-5, 100]'))
x = np.array([0, 5, 10, 128, 200, 201, 255])
cases.append(Case('clamp_u8', 'qnn.clamp %%a0 {min = 10 : i64, max = 200 : i64, is_unsigned = true} : %s' % t([7], 'i8'),
                  [(x, t([7], 'i8'))], t([7], 'i8'), np.clip(x, 10, 200), 'unsigned [10, 200] (printed unsigned)',
                  out_unsigned=True))
emit('binary.mlir', """
qnn.add / qnn.mul (broadcasting, ties per mode, saturation, unsigned, i16
extremes), qnn.concat (requantized / copied inputs), qnn.clamp (signed and
unsigned). Expected: python fractions of the op definitions with dyadic
multipliers (exact in fixed point).""", cases)
print('binary', len(cases))

# ------------------------------------------------------- conv / matmul / pool
rs = np.random.RandomState(7)
def conv_ref(x, w, b, izp, wzp, strides, pad, dil, groups):
    N, H, W, C = x.shape; Fo, KH, KW, Cg = w.shape
    Fg = Fo // groups
    sh, sw = strides; dh, dw = dil; pt, pb, pl, pr = pad
    OH = (H + pt + pb - (KH - 1) * dh - 1) // sh + 1
    OW = (W + pl + pr - (KW - 1) * dw - 1) // sw + 1
    out = np.zeros((N, OH, OW, Fo), dtype=np.int64)
    for n in range(N):
        for oh in range(OH):
            for ow in range(OW):
                for f in range(Fo):
                    g = f // Fg
                    acc = int(b[f]) if b is not None else 0
                    for kh in range(KH):
                        for kw in range(KW):
                            ih, iw = oh * sh + kh * dh - pt, ow * sw + kw * dw - pl
                            for c in range(Cg):
                                xv = int(x[n, ih, iw, g * Cg + c]) if 0 <= ih < H and 0 <= iw < W else izp
                                acc += (xv - izp) * (int(w[f, kh, kw, c]) - wzp)
                    out[n, oh, ow, f] = acc
    return out
def conv_case(name, xs, ws, bias, izp, wzp, strides, pad, dil, groups, iu=False, wu=False, note=''):
    x = rs.randint(0, 256, xs) if iu else rs.randint(-128, 128, xs)
    w = rs.randint(0, 256, ws) if wu else rs.randint(-128, 128, ws)
    b = rs.randint(-1000, 1000, (ws[0],)) if bias else None
    out = conv_ref(x, w, b, izp, wzp, strides, pad, dil, groups)
    ins = [(x, t(xs, 'i8')), (w, t(ws, 'i8'))] + ([(b, t([ws[0]], 'i32'))] if bias else [])
    op = ('qnn.conv2d %%a0, %%a1%s {input_zp = %d : i64, weight_zp = %d : i64, input_unsigned = %s, weight_unsigned = %s, '
          'strides = array<i64: %d, %d>, pad = array<i64: %d, %d, %d, %d>, dilations = array<i64: %d, %d>, groups = %d : i64} : (%s) -> %%OUT'
          % (', %a2' if bias else '', izp, wzp, str(iu).lower(), str(wu).lower(), *strides, *pad, *dil, groups,
             ', '.join(tt for _, tt in ins)))
    return Case(name, op, ins, t(list(out.shape), 'i32'), out, note)
cases = [
    conv_case('conv_depthwise', (1, 4, 4, 3), (3, 3, 3, 1), True, 3, -1, (1, 1), (1, 1, 1, 1), (1, 1), 3,
              note='depthwise (groups = C = 3), 3x3, pad 1, input_zp 3, weight_zp -1, bias'),
    conv_case('conv_depthwise_mult2', (1, 5, 5, 3), (6, 2, 2, 1), False, -7, 0, (2, 2), (1, 0, 1, 0), (2, 2), 3,
              note='depthwise with channel multiplier 2 (F = 6), stride 2, dilation 2, asymmetric pad'),
    conv_case('conv_groups2_u8', (1, 5, 6, 4), (4, 3, 3, 2), False, 128, 0, (2, 1), (0, 1, 2, 0), (1, 2), 2, iu=True,
              note='groups 2, unsigned input zp 128, stride (2,1), dilation (1,2)'),
    conv_case('conv_dense_batch2', (2, 3, 3, 2), (3, 2, 2, 2), True, 0, 5, (1, 1), (0, 0, 0, 0), (1, 1), 1,
              note='groups 1, batch 2, weight_zp 5, bias'),
    conv_case('conv_u8u8', (1, 3, 3, 2), (2, 3, 3, 2), True, 100, 200, (1, 1), (1, 1, 1, 1), (1, 1), 1, iu=True, wu=True,
              note='unsigned input and weights (zp 100 / 200), pad 1'),
]
def mm_case(name, ls, rs_, lzp, rzp, lu, ru):
    l = rs.randint(0, 256, ls) if lu else rs.randint(-128, 128, ls)
    r = rs.randint(0, 256, rs_) if ru else rs.randint(-128, 128, rs_)
    out = np.matmul(l.astype(np.int64) - lzp, r.astype(np.int64) - rzp)
    op = ('qnn.matmul %%a0, %%a1 {lhs_zp = %d : i64, rhs_zp = %d : i64, lhs_unsigned = %s, rhs_unsigned = %s} : (%s, %s) -> %%OUT'
          % (lzp, rzp, str(lu).lower(), str(ru).lower(), t(ls, 'i8'), t(rs_, 'i8')))
    return Case(name, op, [(l, t(ls, 'i8')), (r, t(rs_, 'i8'))], t(list(out.shape), 'i32'), out,
                'zps %d / %d, unsigned %s / %s' % (lzp, rzp, lu, ru))
cases += [mm_case('mm_2d', (3, 5), (5, 4), -3, 7, False, False),
          mm_case('mm_3d_u8', (2, 3, 4), (2, 4, 2), 128, -2, True, False),
          mm_case('mm_plain', (4, 8), (8, 3), 0, 0, False, False)]
def pool_ref(x, k, s, pad, zp, lo, hi, mode):
    N, H, W, C = x.shape
    OH = (H + pad[0] + pad[1] - k[0]) // s[0] + 1
    OW = (W + pad[2] + pad[3] - k[1]) // s[1] + 1
    out = np.zeros((N, OH, OW, C), dtype=np.int64)
    for n in range(N):
        for oh in range(OH):
            for ow in range(OW):
                for c in range(C):
                    tot, cnt = 0, 0
                    for kh in range(k[0]):
                        for kw in range(k[1]):
                            ih, iw = oh * s[0] + kh - pad[0], ow * s[1] + kw - pad[2]
                            if 0 <= ih < H and 0 <= iw < W:
                                tot += int(x[n, ih, iw, c]) - zp; cnt += 1
                    out[n, oh, ow, c] = clamp(zp + rnd(F(tot, cnt), mode), lo, hi)
    return out
def pool_case(name, x, k, s, pad, zp, mode, unsigned=False, note=''):
    lo, hi = rng(8, not unsigned)
    out = pool_ref(x, k, s, pad, zp, lo, hi, mode)
    op = ('qnn.avg_pool2d %%a0 {kernel = array<i64: %d, %d>, strides = array<i64: %d, %d>, pad = array<i64: %d, %d, %d, %d>, '
          'zp = %d : i64, is_unsigned = %s, rounding = #qnn.rounding<%s>} : %s -> %%OUT'
          % (*k, *s, *pad, zp, str(unsigned).lower(), mode, t(list(x.shape), 'i8')))
    return Case(name, op, [(x, t(list(x.shape), 'i8'))], t(list(out.shape), 'i8'), out, note, out_unsigned=unsigned)
# 3x3 input, 2x2 kernel, stride 2, pad bottom/right: counts 4, 2, 2, 1; sums chosen for ties
x = np.array([1, 2, 5, 0, 1, -2, 4, -7, 6]).reshape(1, 3, 3, 1)
for mode in MODES:
    cases.append(pool_case('pool_ties_%s' % mode, x, (2, 2), (2, 2), (0, 1, 0, 1), -1, mode,
                           note='counts [[4, 2], [2, 1]], zp -1, ties (+-x.5)'))
x = rs.randint(-128, 128, (1, 4, 5, 2))
for mode in MODES:
    cases.append(pool_case('pool_3x3_pad1_%s' % mode, x, (3, 3), (1, 2), (1, 1, 1, 2), 5, mode,
                           note='3x3, stride (1,2), pad (1,1,1,2), zp 5: counts 4/6/9 and more'))
x = rs.randint(0, 256, (2, 3, 3, 3))
cases.append(pool_case('pool_u8', x, (2, 3), (1, 1), (1, 0, 0, 2), 128, 'half_away_from_zero', unsigned=True,
                       note='unsigned zp 128, kernel 2x3, batch 2 (printed unsigned)'))
# conv -> per-channel requantize (the realized conv epilogue)
x = rs.randint(-128, 128, (1, 4, 4, 2)); w = rs.randint(-127, 128, (3, 3, 3, 2)); b = rs.randint(-500, 500, (3,))
acc = conv_ref(x, w, b, -5, 0, (1, 1), (1, 1, 1, 1), (1, 1), 1)
wsc = [2.0**-7, 2.0**-9, 3 * 2.0**-10]
exp = np.zeros_like(acc)
for f in range(3):
    exp[..., f] = np.vectorize(lambda v: requant_ref(v, 0.5 * wsc[f], 0, 0.25, 3, -128, 127, 'half_to_even'))(acc[..., f])
op = ('%%t = qnn.conv2d %%a0, %%a1, %%a2 {input_zp = -5 : i64, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, '
      'dilations = array<i64: 1, 1>} : (%s, %s, %s) -> %s\n'
      '  %%r = qnn.requantize %%t {input_params = %s, output_params = %s} : %s -> %%OUT'
      % (t([1, 4, 4, 2], 'i8'), t([3, 3, 3, 2], 'i8'), t([3], 'i32'), t([1, 4, 4, 3], 'i32'),
         PA(32, 1, 3, [0.5 * s_ for s_ in wsc], [0, 0, 0]), P(8, 1, 0.25, 3), t([1, 4, 4, 3], 'i32')))
cases.append(Case('conv_requant_per_channel', op,
                  [(x, t([1, 4, 4, 2], 'i8')), (w, t([3, 3, 3, 2], 'i8')), (b, t([3], 'i32'))], t([1, 4, 4, 3], 'i8'), exp,
                  'conv (input_zp -5, pad 1, bias) -> requantize with per-channel scales 0.5 * w_scale[f] -> i8 (scale 0.25, zp 3)'))
emit('compute.mlir', """
qnn.conv2d (depthwise, channel multiplier, groups, zero points, unsigned,
padding, strides, dilations, bias), qnn.matmul (2-D, batched, zero points,
unsigned), qnn.avg_pool2d (padding excluded from the count, ties per mode).
Expected: numpy / python integer loops over the op definitions (fixed seed 7).""", cases)
print('compute', len(cases))
