"""Helpers of the AArch64 ahead-of-time checks (aot_conv_check.py,
aot_model_check.py): run a tool, and lower + compile + link + run a module
with a C driver under qemu-aarch64."""
import os
import subprocess
import sys


def run(cmd):
    """Runs `cmd`; returns its output, or prints it and exits 1 on failure."""
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True)
    if r.returncode != 0:
        sys.stdout.write(r.stdout)
        print("FAIL command: %s (exit %d)" % (" ".join(cmd), r.returncode))
        sys.exit(1)
    return r.stdout


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
