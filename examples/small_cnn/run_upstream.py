#!/usr/bin/env python3
"""Run examples/small_cnn/model.mlir with upstream MLIR only (no QuantMLIR).

Cross-checks the float model against the numpy reference: builds a wrapper
@entry that feeds input.npy to @main and prints both the result and
(result - ref_fp32) with printMemrefF32, lowers with mlir-opt (the pass list
below, verified on MLIR 22), runs with mlir-runner and compares.

Usage: python3 examples/small_cnn/run_upstream.py [--llvm-bin DIR] [--atol 1e-5]
                                                   [--keep DIR]
Exit status 0 when max |mlir - ref_fp32| <= atol.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))
import reference  # noqa: E402

TOSA_TO_LINALG = ("builtin.module(func.func(tosa-to-linalg-named,tosa-to-linalg,"
                  "tosa-to-arith,tosa-to-tensor))")
TO_LLVM = ("builtin.module(one-shot-bufferize{bufferize-function-boundaries},"
           "buffer-deallocation-pipeline,convert-bufferization-to-memref,"
           "func.func(convert-linalg-to-loops),convert-scf-to-cf,"
           "expand-strided-metadata,lower-affine,finalize-memref-to-llvm,"
           "convert-math-to-llvm,convert-arith-to-llvm,convert-cf-to-llvm,"
           "convert-func-to-llvm,convert-index-to-llvm,reconcile-unrealized-casts)")


def dense(a):
    a = np.asarray(a, np.float32)
    body = ", ".join(np.format_float_scientific(v, unique=True, trim="0")
                     for v in a.ravel())
    t = "tensor<" + "x".join(map(str, a.shape)) + "xf32>"
    return "dense<[%s]> : tensor<%dxf32>" % (body, a.size), t


def wrapper(x, ref):
    xd, _ = dense(x)
    rd, _ = dense(ref)
    xt = "tensor<" + "x".join(map(str, x.shape)) + "xf32>"
    n = ref.size
    return """
func.func private @printMemrefF32(tensor<*xf32>)
func.func @entry() {
  %%xf = arith.constant %s
  %%xs = tosa.const_shape {values = dense<[%s]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %%x = tosa.reshape %%xf, %%xs : (tensor<%dxf32>, !tosa.shape<4>) -> %s
  %%r = call @main(%%x) : (%s) -> tensor<1x%dxf32>
  %%ref = arith.constant %s
  %%rs = tosa.const_shape {values = dense<[1, %d]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %%ref2 = tosa.reshape %%ref, %%rs : (tensor<%dxf32>, !tosa.shape<2>) -> tensor<1x%dxf32>
  %%d = tosa.sub %%r, %%ref2 : (tensor<1x%dxf32>, tensor<1x%dxf32>) -> tensor<1x%dxf32>
  %%ru = tensor.cast %%r : tensor<1x%dxf32> to tensor<*xf32>
  %%du = tensor.cast %%d : tensor<1x%dxf32> to tensor<*xf32>
  call @printMemrefF32(%%ru) : (tensor<*xf32>) -> ()
  call @printMemrefF32(%%du) : (tensor<*xf32>) -> ()
  return
}
""" % (xd, ", ".join(map(str, x.shape)), x.size, xt, xt, n, rd, n, n, n,
       n, n, n, n, n)


def main():
    ap = argparse.ArgumentParser(description="run model.mlir with mlir-runner")
    ap.add_argument("--llvm-bin", default="/usr/lib/llvm-22/bin")
    ap.add_argument("--atol", type=float, default=1e-5)
    ap.add_argument("--keep", help="directory to keep the intermediate files in")
    a = ap.parse_args()

    W = reference.load_weights(os.path.join(HERE, "weights.npz"))
    x = np.load(os.path.join(HERE, "input.npy")).astype(np.float32)
    ref, _ = reference.forward_fp32(W, x)

    model = open(os.path.join(HERE, "model.mlir")).read().rstrip()
    assert model.endswith("}")
    src = model[:-1] + wrapper(x, ref) + "}\n"  # wrapper inside the module

    libdir = os.path.join(os.path.dirname(a.llvm_bin.rstrip("/")), "lib")
    libs = ",".join(os.path.join(libdir, l) for l in
                    ("libmlir_runner_utils.so", "libmlir_c_runner_utils.so"))
    d = a.keep or tempfile.mkdtemp(prefix="small_cnn_")
    os.makedirs(d, exist_ok=True)
    f0, f1, f2 = (os.path.join(d, n) for n in
                  ("wrapped.mlir", "linalg.mlir", "llvm.mlir"))
    open(f0, "w").write(src)
    opt = os.path.join(a.llvm_bin, "mlir-opt")
    subprocess.run([opt, f0, "--pass-pipeline=" + TOSA_TO_LINALG, "-o", f1], check=True)
    subprocess.run([opt, f1, "--pass-pipeline=" + TO_LLVM, "-o", f2], check=True)
    out = subprocess.run([os.path.join(a.llvm_bin, "mlir-runner"), f2, "-e", "entry",
                          "-entry-point-result=void", "-shared-libs=" + libs],
                         check=True, capture_output=True, text=True).stdout
    blocks = re.findall(r"data =\s*\n(.*?\]\])", out, re.S)
    if len(blocks) != 2:
        print(out)
        print("run_upstream: FAIL could not parse mlir-runner output")
        return 1
    num = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?(?:nan|inf)"
    res = np.array([float(v) for v in re.findall(num, blocks[0])])
    diff = np.array([float(v) for v in re.findall(num, blocks[1])])
    print("mlir result: %s" % np.array2string(res, precision=5))
    print("ref_fp32   : %s" % np.array2string(ref.ravel(), precision=5))
    err = float(np.max(np.abs(diff)))
    ok = diff.size == ref.size and err <= a.atol
    print("run_upstream: %s max|mlir - ref_fp32| = %.3e (atol %.1e)"
          % ("PASS" if ok else "FAIL", err, a.atol))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
