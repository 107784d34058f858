#!/usr/bin/env python3
"""Writes the GEMM modules compiled by bench/run.sh (one function each).

  i8   : qnn.matmul u8 x s8 -> i32, A and B runtime arguments
  i8c  : the same with B a constant (weights packed at compile time)
  f32  : linalg.matmul f32, A and B runtime arguments
  up   : the i8 matmul as the linalg.generic convert-qnn-to-linalg emits, on
         memrefs with C an out-parameter, for upstream MLIR's default
         lowering (mlir-opt: convert-linalg-to-loops ... to LLVM)

B's constant values follow bconst() below; gemm_bench.cpp uses the same
formula to check the results.
"""
import sys


def bconst(k, n):
    return (k * 31 + n * 17) % 256 - 128


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
