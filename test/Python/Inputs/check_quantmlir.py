"""Drives the `quantmlir` Python package for test/Python/quantmlir.test.

usage: check_quantmlir.py EXAMPLE_DIR WORK_DIR
EXAMPLE_DIR holds model.mlir and input.npy; WORK_DIR holds scripts/reference.py's
ref_fp32.npy and ref_int8.npy and receives the quantized models. Prints one
line per check (FileCheck reads them) and exits 1 on the first failure.
"""

import os
import sys

import numpy as np

import quantmlir


def check(condition, message):
    if not condition:
        print(f"FAIL: {message}")
        sys.exit(1)


def expect_error(fn, *args, **kwargs):
    """Calls fn, which must raise QuantMLIRError; prints its one-line message."""
    try:
        fn(*args, **kwargs)
    except quantmlir.QuantMLIRError as error:
        message = str(error)
        check("\n" not in message, f"multi-line message: {message!r}")
        print(f"error: {message}")
        return error
    check(False, f"{fn.__name__} raised nothing")


def main():
    example, work = sys.argv[1], sys.argv[2]
    model = os.path.join(example, "model.mlir")
    x = np.load(os.path.join(example, "input.npy"))
    print(f"tools_dir: {quantmlir.tools_dir()}")

    # fp32: the compiled float model against numpy's float forward pass.
    results = quantmlir.run(model, [x])
    ref = np.load(os.path.join(work, "ref_fp32.npy"))
    check(len(results) == 1, f"{len(results)} results")
    (y,) = results
    check(y.dtype == ref.dtype and y.shape == ref.shape, f"{y.dtype} {y.shape}")
    check(np.allclose(y, ref, rtol=1e-4, atol=1e-5),
          f"fp32 max err {np.abs(y - ref).max()}")
    print(f"fp32: 1 result(s), {y.dtype} {y.shape}, matches ref_fp32.npy")

    # int8: quantize() with the defaults spelled out, then bit-exact against
    # the reference's integer emulation.
    int8 = os.path.join(work, "int8.mlir")
    out = quantmlir.quantize(model, int8, global_scale=8.0, weight_scale="max",
                             per_channel=False, fold_dense_bias=False)
    check(str(out) == int8, f"quantize returned {out}")
    with open(int8) as f:
        text = f.read()
    check("qnn.conv2d" in text and "tosa.conv2d" not in text, "not realized")
    print(f"quantize: {int8} has qnn.conv2d")
    (y,) = quantmlir.run(int8, [x], entry="main")
    ref = np.load(os.path.join(work, "ref_int8.npy"))
    check(y.dtype == ref.dtype and y.shape == ref.shape, f"{y.dtype} {y.shape}")
    check(np.array_equal(y, ref), f"int8 max err {np.abs(y - ref).max()}")
    print(f"int8: 1 result(s), {y.dtype} {y.shape}, matches ref_int8.npy "
          "bit-exactly")

    # Options reach the pipeline: another global scale gives another model.
    other = quantmlir.quantize(model, os.path.join(work, "int8_gs4.mlir"),
                               global_scale=4.0, per_channel=False,
                               fold_dense_bias=False)
    with open(other) as f:
        check(f.read() != text, "global_scale=4.0 changed nothing")
    print("options: global_scale=4.0 changes the model")

    # Failures: QuantMLIRError with the tool's one-line message.
    expect_error(quantmlir.run, model, [x.astype(np.float64)])
    error = expect_error(quantmlir.run, model, [])
    check(error.returncode == 1 and "quant-run" in error.command[0],
          f"returncode {error.returncode}, command {error.command}")
    bad = os.path.join(work, "never.mlir")
    expect_error(quantmlir.quantize, model, bad, no_such_option=1)
    check(not os.path.exists(bad), "a failed quantize wrote its output")
    broken = os.path.join(work, "broken.mlir")
    with open(broken, "w") as f:
        f.write("func.func @main( {\n")
    expect_error(quantmlir.quantize, broken, bad)
    expect_error(quantmlir.run, os.path.join(work, "missing.mlir"), [x])
    os.environ["QUANTMLIR_TOOLS_DIR"] = work
    expect_error(quantmlir.run, model, [x])
    print("OK")


if __name__ == "__main__":
    main()
