#!/usr/bin/env python3
"""Writes the GEMM modules compiled by bench/run.sh (one function each).

  i8   : qnn.matmul u8 x s8 -> i32, A and B runtime arguments
  i8c  : the same with B a constant (weights packed at compile time)
  i8rq : a quantized dense layer: u8 A (runtime) x s8 constant B, + an i32
         bias per column (tosa.add), qnn.requantize with per-column input
         scales (axis 1) to i8 with a zero point; the x86 targets lower it as
         a 1 x 1 conv with the requantize applied in registers (i8 written
         directly, no i32 matrix)
  f32  : linalg.matmul f32, A and B runtime arguments
  up   : the i8 matmul as the linalg.generic convert-qnn-to-linalg emits, on
         memrefs with C an out-parameter, for upstream MLIR's default
         lowering (mlir-opt: convert-linalg-to-loops ... to LLVM)

B's constant values, the bias and the requantize scales follow bconst(),
bias() and rq_scale() below; gemm_bench.cpp uses the same formulas to check
the results.
"""
import sys


def bconst(k, n):
    return (k * 31 + n * 17) % 256 - 128


# i8rq: output grid (scale, zero point) and the per-column bias and input
# scales. With these patterns the accumulators have a standard deviation of
# about 81 * K; M = rq_scale / RQ_OUT_SCALE is 0.34 / K .. 0.68 / K, so the
# outputs spread over the whole i8 range (standard deviation ~44 steps) and
# a few clamp (about 0.4% at -128, 0.005% at 127). The scales are 6-digit
# decimals ("%.6g" of the formula), which the MLIR parser and gemm_bench.cpp
# (strtod) read to the same double. Every 8th column has a power-of-two M
# (2^-(ceil(log2 K) + 1), its scale printed exactly) and a bias that makes
# the product of row 0 (A[0, k] = 3k mod 256, gemm_bench.cpp's A) an exact
# tie, so the check also sees the tie rule (half to even) at every size.
# The bias uses Python's floor division (gemm_bench.cpp rounds the same way).
RQ_OUT_SCALE = 0.0625
RQ_OUT_ZP = 28


def rq_shift(k):
    return (k - 1).bit_length() + 1


def bias(n, k):
    base = ((n * 7919) % 4001 - 2000) * k // 64
    if n % 8:
        return base
    acc0 = sum((kk * 3) % 256 * bconst(kk, n) for kk in range(k)) + base
    p = rq_shift(k)
    return base + ((1 << (p - 1)) - acc0) % (1 << p)


def rq_scale(n, k):
    if n % 8 == 0:
        return "%.17g" % (RQ_OUT_SCALE * 2.0 ** -rq_shift(k))
    return "%.6g" % (0.02125 * (1 + ((n * 7) % 13) / 12.0) / k)


def module(kind, name, s):
    t8 = f"tensor<{s}x{s}xi8>"
    t32 = f"tensor<{s}x{s}xi32>"
    tf = f"tensor<{s}x{s}xf32>"
    if kind == "i8":
        return (f"func.func @{name}(%a: {t8}, %b: {t8}) -> {t32} {{\n"
                f"  %0 = qnn.matmul %a, %b {{lhs_unsigned = true}} : ({t8}, {t8}) -> {t32}\n"
                f"  return %0 : {t32}\n}}\n")
    if kind == "i8c":
        data = bytearray((bconst(k, n) & 0xFF) for k in range(s) for n in range(s))
        return (f"func.func @{name}(%a: {t8}) -> {t32} {{\n"
                f"  %b = arith.constant dense<\"0x{data.hex().upper()}\"> : {t8}\n"
                f"  %0 = qnn.matmul %a, %b {{lhs_unsigned = true}} : ({t8}, {t8}) -> {t32}\n"
                f"  return %0 : {t32}\n}}\n")
    if kind == "i8rq":
        tb = f"tensor<1x{s}xi32>"
        data = bytearray((bconst(k, n) & 0xFF) for k in range(s) for n in range(s))
        bias_vals = ", ".join(str(bias(n, s)) for n in range(s))
        scales = ", ".join(rq_scale(n, s) for n in range(s))
        zps = ", ".join(["0"] * s)
        return (f"func.func @{name}(%a: {t8}) -> {t8} {{\n"
                f"  %b = arith.constant dense<\"0x{data.hex().upper()}\"> : {t8}\n"
                f"  %bias = arith.constant dense<[[{bias_vals}]]> : {tb}\n"
                f"  %0 = qnn.matmul %a, %b {{lhs_unsigned = true}} : ({t8}, {t8}) -> {t32}\n"
                f"  %1 = tosa.add %0, %bias : ({t32}, {tb}) -> {t32}\n"
                f"  %2 = qnn.requantize %1 {{input_params = #qnn.params<i32, axis = 1, "
                f"scales = [{scales}], zps = [{zps}]>, output_params = #qnn.params<i8, "
                f"scale = {RQ_OUT_SCALE}, zp = {RQ_OUT_ZP}>}} : {t32} -> {t8}\n"
                f"  return %2 : {t8}\n}}\n")
    if kind == "f32":
        return (f"func.func @{name}(%a: {tf}, %b: {tf}) -> {tf} {{\n"
                f"  %z = arith.constant 0.0 : f32\n"
                f"  %e = tensor.empty() : {tf}\n"
                f"  %c = linalg.fill ins(%z : f32) outs(%e : {tf}) -> {tf}\n"
                f"  %0 = linalg.matmul ins(%a, %b : {tf}, {tf}) outs(%c : {tf}) -> {tf}\n"
                f"  return %0 : {tf}\n}}\n")
    if kind == "up":
        m8 = f"memref<{s}x{s}xi8>"
        m32 = f"memref<{s}x{s}xi32>"
        return (f"func.func @{name}(%a: {m8}, %b: {m8}, %c: {m32}) "
                f"attributes {{llvm.emit_c_interface}} {{\n"
                f"  %z = arith.constant 0 : i32\n"
                f"  linalg.fill ins(%z : i32) outs(%c : {m32})\n"
                f"  linalg.generic {{indexing_maps = [affine_map<(i, j, k) -> (i, k)>, "
                f"affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>], "
                f"iterator_types = [\"parallel\", \"parallel\", \"reduction\"]}} "
                f"ins(%a, %b : {m8}, {m8}) outs(%c : {m32}) {{\n"
                f"  ^bb0(%x: i8, %y: i8, %acc: i32):\n"
                f"    %0 = arith.extui %x : i8 to i32\n"
                f"    %1 = arith.extsi %y : i8 to i32\n"
                f"    %2 = arith.muli %0, %1 : i32\n"
                f"    %3 = arith.addi %acc, %2 : i32\n"
                f"    linalg.yield %3 : i32\n"
                f"  }}\n"
                f"  return\n}}\n")
    raise SystemExit(f"unknown kind {kind}")


if __name__ == "__main__":
    kind, name, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    sys.stdout.write(module(kind, name, size))
