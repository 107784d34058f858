"""Helpers of the AArch64 ahead-of-time checks (aot_conv_check.py,
aot_model_check.py): lower + compile + link + run a module with a C driver
under qemu-aarch64; run, ty and Requantize are test/Target/Inputs/
check_util.py's, shared with the x86 and AOT checks."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "Inputs"))
from check_util import Requantize, run, ty  # noqa: E402,F401


def lower(qopt, src, target, work):
    """quant-opt --qnn-lower-to-llvm=target=TARGET; returns (path, text)."""
    low = os.path.join(work, os.path.splitext(os.path.basename(src))[0] + ".llvm.mlir")
    run([qopt, src, "--qnn-lower-to-llvm=target=" + target, "-o", low])
    with open(low) as fh:
        return low, fh.read()


def compile_and_run(qtrans, low, driver_c, work):
    """quant-translate --emit-obj for aarch64-linux-gnu, linked with the C
    driver text by aarch64-linux-gnu-gcc -static, run under qemu-aarch64
    -cpu max; returns the driver's output."""
    obj = os.path.join(work, "module.o")
    drv = os.path.join(work, "driver.c")
    exe = os.path.join(work, "driver")
    with open(drv, "w") as fh:
        fh.write(driver_c)
    run([qtrans, "--emit-obj", low, "--target-triple=aarch64-linux-gnu", "-o", obj])
    run(["aarch64-linux-gnu-gcc", "-static", "-O1", drv, obj, "-o", exe, "-lm"])
    return run(["qemu-aarch64", "-cpu", "max", exe])
