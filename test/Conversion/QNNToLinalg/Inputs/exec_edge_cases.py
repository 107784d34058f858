#!/usr/bin/env python3
# Writes ../exec-edge.mlir: python3 exec_edge_cases.py (from this directory).
# Edge parameters of every qnn op through convert-qnn-to-linalg: scales that
# are not normal f32 numbers (1e-300, 1e300), special float inputs (+-0,
# +-inf, NaN), scale ratios at and beyond 2^31, 16-bit, 32-bit and 4-bit
# storage, unsigned grids everywhere, per-axis parameters along an axis of
# size 1. Expected values: exact rational arithmetic of the op definitions
# (docs/QuantizationSpec.md), independent of the lowering and the numeric
# core.
import math, os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_exec_cases
from gen_exec_cases import *

INF, NAN = float('inf'), float('nan')


def dense_special(arr, ty):
    """dense<...> with +-inf / NaN written as f32 / f64 bit patterns."""
    e = elem(ty)
    arr = np.asarray(arr)
    if e not in ('f32', 'f64'):
        return plain_dense(arr, ty)
    bits = {'f32': {INF: '0x7F800000', -INF: '0xFF800000', 'nan': '0x7FC00000'},
            'f64': {INF: '0x7FF0000000000000', -INF: '0xFFF0000000000000',
                    'nan': '0x7FF8000000000000'}}[e]
    vals = []
    for v in arr.flatten():
        v = float(v)
        if v != v:
            vals.append(bits['nan'])
        elif math.isinf(v):
            vals.append(bits[v])
        else:
            vals.append(fmt(v))
    return 'dense<[%s]> : tensor<%dx%s>' % (', '.join(vals), len(vals), e)


plain_dense = gen_exec_cases.dense
gen_exec_cases.dense = dense_special  # used by emit()


def t(shp, e): return 'tensor<%sx%s>' % ('x'.join(str(d) for d in shp), e)


def fmt(v):
    """A float literal the MLIR parser accepts (1e-300 needs a '.')."""
    return '%.17e' % v


def P(bits, signed, scale, zp, narrow=False):
    return '#qnn.params<%s%d%s, scale = %s, zp = %d>' % (
        'i' if signed else 'ui', bits, ' narrow' if narrow else '', fmt(scale), zp)


def PA(bits, signed, axis, scales, zps, narrow=False):
    return '#qnn.params<%s%d%s, axis = %d, scales = [%s], zps = [%s]>' % (
        'i' if signed else 'ui', bits, ' narrow' if narrow else '', axis,
        ', '.join(fmt(s) for s in scales), ', '.join(str(z) for z in zps))


def f32(v):
    """The f32 value nearest to the real v (inf beyond the range)."""
    return float(np.float32(v)) if abs(v) < 3.5e38 else math.copysign(INF, v)


def q_ref(x, s, zp, lo, hi, mode):
    if x != x:
        return clamp(zp, lo, hi)
    if math.isinf(x):
        return hi if x > 0 else lo
    return clamp(rnd(F(x) / F(s), mode) + zp, lo, hi)


def dq_ref(q, s, zp):
    return f32(float((q - zp) * F(s)))


QZ = 'qnn.quantize %%a0 {params = %s, rounding = #qnn.rounding<%s>} : %s -> %%OUT'
DQ = 'qnn.dequantize %%a0 {params = %s} : %s -> %%OUT'
SQ = 'qnn.simulated_quantize %%a0 {kind = #qnn.kind<activation>, params = %s} : %s'
RQ = 'qnn.requantize %%a0 {input_params = %s, output_params = %s, rounding = #qnn.rounding<%s>} : %s -> %%OUT'
BIN = 'qnn.%s %%a0, %%a1 {lhs_params = %s, rhs_params = %s, output_params = %s, rounding = #qnn.rounding<%s>} : (%s, %s) -> %%OUT'

cases = []
# ------------------------------------------------ quantize / sim / dequantize
x = [0.0, -0.0, 1.0, -1.0, INF, -INF, NAN]
for name, s in (('tiny', 1e-300), ('huge', 1e300)):
    q = [q_ref(v, s, 3, -128, 127, 'half_to_even') for v in x]
    cases.append(Case('q_%s_scale' % name, QZ % (P(8, 1, s, 3), 'half_to_even', t([7], 'f32')),
                      [(x, t([7], 'f32'))], t([7], 'i8'), q,
                      'scale %g (not a normal f32): 0 -> zp, +-inf saturate, NaN -> zp' % s))
    cases.append(Case('sq_%s_scale' % name, SQ % (P(8, 1, s, 3), t([7], 'f32')),
                      [(x, t([7], 'f32'))], t([7], 'f32'), [dq_ref(v, s, 3) for v in q],
                      'simulated_quantize, scale %g: (q - zp) * s rounded to f32' % s))
qs = [3, 4, 2, -128]
for name, s in (('tiny', 1e-300), ('huge', 1e300)):
    cases.append(Case('dq_%s_scale' % name, DQ % (P(8, 1, s, 3), t([4], 'i8')),
                      [(qs, t([4], 'i8'))], t([4], 'f32'), [dq_ref(v, s, 3) for v in qs],
                      'scale %g: q == zp gives 0 (not 0 * inf = NaN)' % s))
x = [1.0e-40, -3.0e-39, 2.5e-45, 0.0]
s = 2.0 ** -140   # a subnormal f32 scale: exact in f64
cases.append(Case('q_subnormal_scale', QZ % (P(16, 0, s, 100), 'upward', t([4], 'f32')),
                  [(x, t([4], 'f32'))], t([4], 'i16'),
                  [q_ref(f32(v), s, 100, 0, 65535, 'upward') for v in x],
                  'ui16, scale 2^-140 (subnormal in f32), upward (printed unsigned)', out_unsigned=True))
x = [7.0, -8.0, 2.5, 100.0, -0.5]
sc, zp = [0.5], [3]
cases.append(Case('q_axis_size1_u4', QZ % (PA(4, 0, 1, sc, zp), 'half_away_from_zero', t([5, 1], 'f32')),
                  [(np.array(x).reshape(5, 1), t([5, 1], 'f32'))], t([5, 1], 'i4'),
                  [q_ref(v, 0.5, 3, 0, 15, 'half_away_from_zero') for v in x],
                  'ui4, per-axis along an axis of size 1 (printed unsigned)', out_unsigned=True))

# ------------------------------------------------------------- requantize
def rq_ref(q, sin, zin, sout, zout, lo, hi, mode):
    """Spec section 7 with the Q31 fixed-point multiplier; M >= 2^31
    saturates by the sign of q - zp_in."""
    m = sin / sout
    d = q - zin
    fm, e = math.frexp(m)
    mult = math.floor(fm * 2**31 + 0.5)
    if mult == 2**31:
        mult //= 2; e += 1
    shift = 31 - e
    if shift < 0:
        return clamp(zout if d == 0 else (hi if d > 0 else lo), lo, hi)
    if shift > 62:
        mult, shift = math.floor(math.ldexp(m, 62) + 0.5), 62
    return clamp(zout + rnd(F(d * mult, 2**shift), mode), lo, hi)

q = [2**31 - 1, -2**31, 0, 1, -1]
for name, sin in (('just_below_2p31', 2.0**31 - 1), ('at_2p31', 2.0**31), ('1e300', 1e300)):
    cases.append(Case('rq_%s' % name, RQ % (P(32, 1, sin, -2**31), P(16, 1, 1.0, -7), 'half_to_even', t([5], 'i32')),
                      [(q, t([5], 'i32'))], t([5], 'i16'),
                      [rq_ref(v, sin, -2**31, 1.0, -7, -32768, 32767, 'half_to_even') for v in q],
                      'M = %g, zp_in = -2^31: |q - zp_in| up to 2^32 - 1 (no i64 overflow)' % sin))
cases.append(Case('rq_tiny', RQ % (P(32, 1, 1e-300, 0), P(8, 1, 1.0, 5), 'upward', t([5], 'i32')),
                  [(q, t([5], 'i32'))], t([5], 'i8'),
                  [rq_ref(v, 1e-300, 0, 1.0, 5, -128, 127, 'upward') for v in q], 'M = 1e-300 underflows: zp_out'))
qu = [0, 65535, 32768, 1]
cases.append(Case('rq_u16_to_u4', RQ % (P(16, 0, 1.0, 32768), P(4, 0, 4096.0, 8), 'half_to_even', t([4], 'i16')),
                  [(qu, t([4], 'i16'))], t([4], 'i4'),
                  [rq_ref(v, 1.0, 32768, 4096.0, 8, 0, 15, 'half_to_even') for v in qu],
                  'ui16 zp 32768 -> ui4 zp 8 (printed unsigned)', out_unsigned=True))
qa = np.array([[5], [-5], [100]])
cases.append(Case('rq_axis_size1', RQ % (PA(32, 1, 1, [0.25], [0]), PA(8, 0, 1, [1.0], [128]), 'half_to_even', t([3, 1], 'i32')),
                  [(qa, t([3, 1], 'i32'))], t([3, 1], 'i8'),
                  [[rq_ref(int(v), 0.25, 0, 1.0, 128, 0, 255, 'half_to_even')] for v in qa.flatten()],
                  'per-axis input and output along an axis of size 1, ui8 (printed unsigned)',
                  out_unsigned=True))

# ------------------------------------------------------------- add / mul
def add_ref(l, r, lp, rp, op, mode):
    (sl, zl), (sr, zr), (so, zo, lo, hi) = lp, rp, op
    v = F(sl) / F(so) * (int(l) - zl) + F(sr) / F(so) * (int(r) - zr)
    return clamp(zo + rnd(v, mode), lo, hi)

l = [0, 255, 128, 200]; r = [255, 0, 129, 50]
cases.append(Case('add_u8_to_u16',
    BIN % ('add', P(8, 0, 3.0, 255), P(8, 0, 5.0, 0), P(16, 0, 0.5, 1000), 'half_to_even', t([4], 'i8'), t([4], 'i8')),
    [(l, t([4], 'i8')), (r, t([4], 'i8'))], t([4], 'i16'),
    [add_ref(a, b, (3.0, 255), (5.0, 0), (0.5, 1000, 0, 65535), 'half_to_even') for a, b in zip(l, r)],
    'ui8 + ui8 -> ui16 (printed unsigned)', out_unsigned=True))
l = [7, -8, 0, 3]; r = [127, -128, 5, -5]
cases.append(Case('add_tiny_lhs_scale',
    BIN % ('add', P(8, 1, 1e-300, 0), P(8, 1, 0.5, 1), P(8, 1, 1.0, 0), 'upward', t([4], 'i8'), t([4], 'i8')),
    [(l, t([4], 'i8')), (r, t([4], 'i8'))], t([4], 'i8'),
    [clamp(rnd(F(1, 2) * (b - 1), 'upward'), -128, 127) for b in r],
    'Ml = 1e-300 rounds to 0 on the shared shift: only rhs counts'))
l = [0, 15, 8, 3]; r = [15, 15, 0, 9]
def mul_ref(a, b):
    return clamp(2 + rnd(F(1, 2) * F(1, 2) / F(1, 4) * (a - 8) * (b - 1), 'half_to_even'), 0, 15)
cases.append(Case('mul_u4',
    BIN % ('mul', P(4, 0, 0.5, 8), P(4, 0, 0.5, 1), P(4, 0, 0.25, 2), 'half_to_even', t([4], 'i4'), t([4], 'i4')),
    [(l, t([4], 'i4')), (r, t([4], 'i4'))], t([4], 'i4'), [mul_ref(a, b) for a, b in zip(l, r)],
    'ui4 operands and result (printed unsigned)', out_unsigned=True))

# ------------------------------------------------------------- avg_pool2d
def pool_mean(vals, zp, lo, hi, mode):
    return clamp(zp + rnd(F(sum(v - zp for v in vals), len(vals)), mode), lo, hi)
x = np.array([2**31 - 1, 2**31 - 1, 2**31 - 2, 2**31 - 1]).reshape(1, 2, 2, 1)
cases.append(Case('pool_i32_extreme',
    'qnn.avg_pool2d %%a0 {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, zp = -2147483648 : i64} : %s -> %%OUT' % t([1, 2, 2, 1], 'i32'),
    [(x, t([1, 2, 2, 1], 'i32'))], t([1, 1, 1, 1], 'i32'),
    [pool_mean(x.flatten().tolist(), -2**31, -2**31, 2**31 - 1, 'half_to_even')],
    'i32 input, zp -2^31: the window sum needs i64'))
x = np.array([65535, 65535, 65535, 0]).reshape(1, 2, 2, 1)
cases.append(Case('pool_u16',
    'qnn.avg_pool2d %%a0 {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>, pad = array<i64: 1, 0, 0, 0>, zp = 0 : i64, is_unsigned = true, rounding = #qnn.rounding<upward>} : %s -> %%OUT' % t([1, 2, 2, 1], 'i16'),
    [(x, t([1, 2, 2, 1], 'i16'))], t([1, 2, 1, 1], 'i16'),
    [pool_mean([65535, 65535], 0, 0, 65535, 'upward'), pool_mean([65535, 65535, 65535, 0], 0, 0, 65535, 'upward')],
    'ui16, top padding not counted (printed unsigned)', out_unsigned=True))

# ------------------------------------------------------------------ clamp
x = [-128, -5, 0, 50, 51, 127]
cases.append(Case('clamp_beyond_storage', 'qnn.clamp %%a0 {min = -1000 : i64, max = 50 : i64} : %s' % t([6], 'i8'),
                  [(x, t([6], 'i8'))], t([6], 'i8'), np.clip(x, -128, 50),
                  'min below the i8 range acts as -128 (not as its truncation 24)'))
x = [0, 1, 128, 255]
cases.append(Case('clamp_beyond_storage_u8', 'qnn.clamp %%a0 {min = 1 : i64, max = 300 : i64, is_unsigned = true} : %s' % t([4], 'i8'),
                  [(x, t([4], 'i8'))], t([4], 'i8'), np.clip(x, 1, 255),
                  'max above the ui8 range acts as 255 (printed unsigned)', out_unsigned=True))

emit('edge.mlir', """
Edge parameters of the qnn ops: scales that are not normal f32 numbers
(1e-300, 1e300, 2^-140) with +-0 / +-inf / NaN inputs, multipliers at and
beyond 2^31 and underflowing ones, |q - zp| up to 2^32 - 1, 4-, 16- and
32-bit storage, unsigned grids, per-axis parameters along an axis of size 1.
Expected: python fractions of the op definitions (Inputs/exec_edge_cases.py).""", cases)
print('edge', len(cases))
