#!/usr/bin/env python3
"""Helpers for exec_cases.py, which generates ../exec-*.mlir: qnn ops on constant inputs, printed
with printMemref*, expected values computed here from the op definitions with
exact rational arithmetic (independent of the lowering and the numeric core)."""
import math, os, sys
from fractions import Fraction as F
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
RUN = ('// RUN: quant-opt %s --qnn-lower-to-llvm | mlir-runner -e main -entry-point-result=void '
       '-shared-libs=%mlir_lib_dir/libmlir_c_runner_utils.so,%mlir_lib_dir/libmlir_runner_utils.so '
       '| %python %quant_src_root/test/lit-tools/check_expected.py %s')
MODES = ['half_to_even', 'half_away_from_zero', 'upward']

def rnd(x, mode):
    x = F(x)
    fl = math.floor(x)
    fr = x - fl
    if fr < F(1, 2): return fl
    if fr > F(1, 2): return fl + 1
    if mode == 'half_to_even': return fl if fl % 2 == 0 else fl + 1
    if mode == 'half_away_from_zero': return fl if x < 0 else fl + 1
    return fl + 1

def rng(bits, signed, narrow=False):
    lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    return (lo + 1 if narrow else lo), hi

def clamp(v, lo, hi): return max(lo, min(hi, v))

def fixed_point(m):
    """Spec: M ~= mult * 2^-shift, mult in [2^30, 2^31), shift in [0, 62],
    mult = round_half_away(M * 2^shift) (one rounding); shift 62 at most."""
    fm, e = math.frexp(m)
    mult = int(math.floor(fm * 2**31 + 0.5))
    if mult == 2**31: mult //= 2; e += 1
    shift = 31 - e
    if shift > 62:
        mult = int(math.floor(math.ldexp(m, 62) + 0.5)); shift = 62
    return mult, shift

class Case:
    def __init__(self, name, op, ins, out_ty, expected, note='', out_unsigned=False):
        self.name, self.op, self.ins, self.out_ty = name, op, ins, out_ty
        self.expected, self.note, self.out_unsigned = np.asarray(expected), note, out_unsigned

def elem(ty): return ty.split('x')[-1].rstrip('>')
def shape(ty): return [int(d) for d in ty[len('tensor<'):-1].split('x')[:-1]]

def dense(arr, ty):
    arr = np.asarray(arr)
    e = elem(ty)
    if e.startswith('f'):
        vals = [repr(float(v)) for v in arr.flatten()]
    else:
        w = int(e[1:])
        vals = []
        for v in arr.flatten():
            v = int(v)
            if v >= 2**(w - 1): v -= 2**w      # unsigned bit pattern -> signless literal
            vals.append(str(v))
    return 'dense<[%s]> : tensor<%dx%s>' % (', '.join(vals), len(vals), e)

def emit(fname, header, cases):
    L = ['// ' + l for l in header.strip().split('\n')]
    L.append('// Values are printed flattened (row-major), one line per case, in order.')
    for c in cases:
        L.append('// %s%s' % (c.name, (': ' + c.note) if c.note else ''))
        L.append('//   EXPECTED %s: %s' % (c.name, ' '.join(str(x) for x in np.asarray(c.expected).flatten())))
    L.append('')
    L += ['func.func private @printMemrefI32(tensor<*xi32>)',
          'func.func private @printMemrefF32(tensor<*xf32>)', '']
    for c in cases:
        args = ', '.join('%%a%d: %s' % (i, t) for i, (_, t) in enumerate(c.ins))
        L.append('func.func @%s(%s) -> %s {' % (c.name, args, c.out_ty))
        if c.op.startswith('%'):   # several ops; the last one defines %r
            L.append('  ' + c.op.replace('%OUT', c.out_ty))
        else:
            L.append('  %r = ' + c.op.replace('%OUT', c.out_ty))
        L.append('  return %%r : %s' % c.out_ty)
        L.append('}')
    L.append('func.func @main() {')
    for k, c in enumerate(cases):
        names = []
        for i, (arr, t) in enumerate(c.ins):
            n = len(np.asarray(arr).flatten())
            L.append('  %%c%d_%d = arith.constant %s' % (k, i, dense(arr, t)))
            if shape(t) != [n]:
                rank = len(shape(t))
                L.append('  %%s%d_%d = tensor.expand_shape %%c%d_%d [[%s]] output_shape [%s] : tensor<%dx%s> into %s'
                         % (k, i, k, i, ', '.join(str(j) for j in range(rank)),
                            ', '.join(str(d) for d in shape(t)), n, elem(t), t))
                names.append('%%s%d_%d' % (k, i))
            else:
                names.append('%%c%d_%d' % (k, i))
        L.append('  %%r%d = call @%s(%s) : (%s) -> %s' % (k, c.name, ', '.join(names),
                 ', '.join(t for _, t in c.ins), c.out_ty))
        e = elem(c.out_ty)
        shp = shape(c.out_ty); rank = len(shp); n = int(np.prod(shp))
        src = '%%r%d' % k
        if rank != 1:
            L.append('  %%f%d = tensor.collapse_shape %s [[%s]] : %s into tensor<%dx%s>'
                     % (k, src, ', '.join(str(j) for j in range(rank)), c.out_ty, n, e))
            src = '%%f%d' % k
        flat = 'tensor<%dx%s>' % (n, e)
        if e in ('i32', 'f32'):
            tgt = e
            conv = None
        elif e.startswith('i'):
            tgt, conv = 'i32', ('arith.extui' if c.out_unsigned else 'arith.extsi')
        else:
            tgt, conv = 'f32', 'arith.extf'
        if conv:
            L.append('  %%e%d = tensor.empty() : tensor<%dx%s>' % (k, n, tgt))
            L.append('  %%w%d = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%s : %s) outs(%%e%d : tensor<%dx%s>) {' % (k, src, flat, k, n, tgt))
            L.append('  ^bb0(%%x: %s, %%y: %s):' % (e, tgt))
            L.append('    %%v = %s %%x : %s to %s' % (conv, e, tgt))
            L.append('    linalg.yield %v : ' + tgt)
            L.append('  } -> tensor<%dx%s>' % (n, tgt))
            src = '%%w%d' % k
        L.append('  %%u%d = tensor.cast %s : tensor<%dx%s> to tensor<*x%s>' % (k, src, n, tgt, tgt))
        L.append('  call @printMemref%s(%%u%d) : (tensor<*x%s>) -> ()' % (tgt.upper(), k, tgt))
    L.append('  return')
    L.append('}')
    open(os.path.join(OUT, 'exec-' + fname), 'w').write(RUN + '\n' + '\n'.join(L) + '\n')

def P(bits, signed, scale, zp, narrow=False):
    return '#qnn.params<%s%d%s, scale = %r, zp = %d>' % ('i' if signed else 'ui', bits, ' narrow' if narrow else '', scale, zp)
def PA(bits, signed, axis, scales, zps, narrow=False):
    return '#qnn.params<%s%d%s, axis = %d, scales = [%s], zps = [%s]>' % (
        'i' if signed else 'ui', bits, ' narrow' if narrow else '', axis,
        ', '.join(repr(s) for s in scales), ', '.join(str(z) for z in zps))
