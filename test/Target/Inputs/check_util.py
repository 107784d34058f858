"""Helpers shared by the code generator checks of test/Target (X86, AArch64,
AOT Inputs/*_check.py): MLIR text of test cases, running the tools, comparing
results with the numpy references, and the requantize epilogue of conv cases
with its expected values from scripts/reference.py (the project's independent
numpy reference).

A check imports it with
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                    "..", "..", "Inputs"))
    import check_util
"""
import os
import subprocess
import sys

try:
    import numpy as np
except ImportError:  # run / ty: the AOT matmul check runs without numpy
    np = None

SCRIPTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                       "..", "scripts")


def ty(shape, e):
    """`tensor<2x3xi8>`."""
    return "tensor<%sx%s>" % ("x".join(str(d) for d in shape), e)


def hexdata(arr, dtype):
    """A dense attribute's hex string of `arr` as `dtype`."""
    return '"0x' + arr.astype(dtype).tobytes().hex().upper() + '"'


def as_i8(arr):
    """Values in [-128, 256) as int8 (unsigned ones wrapped)."""
    return (arr.astype(np.int64) & 0xFF).astype(np.uint8).view(np.int8)


def run(cmd):
    """Runs `cmd`; returns its output, or prints it and exits 1 on failure."""
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True)
    if r.returncode != 0:
        sys.stdout.write(r.stdout)
        print("FAIL command: %s (exit %d)" % (" ".join(cmd), r.returncode))
        sys.exit(1)
    return r.stdout


def quantize_example(qopt, qrun, src, work, spec):
    """Bundled example EXAMPLE[:asym] quantized into WORK/NAME.int8.mlir
    (:asym calibrated on its input, asymmetric activations; else data-free);
    returns (NAME, its input.npy, p: SUFFIX -> WORK/NAME + SUFFIX)."""
    ex, _, mode = spec.partition(":")
    name = ex + ("_" + mode if mode else "")
    model = os.path.join(src, "examples", ex, "model.mlir")
    inp = os.path.join(src, "examples", ex, "input.npy")
    p = lambda s: os.path.join(work, name + s)  # noqa: E731

    def q(*cmd):
        subprocess.run(list(cmd), check=True, stdout=subprocess.DEVNULL)
    if mode == "asym":
        q(qopt, model, "--qnn-annotate", "-o", p(".ann.mlir"))
        q(qrun, "calibrate", p(".ann.mlir"), "--input", inp, "-o", p(".stats.json"))
        q(qopt, model, "--qnn-quantize=stats=%s mode=max activation-symmetric=false"
          % p(".stats.json"), "-o", p(".int8.mlir"))
    else:
        q(qopt, model, "--qnn-quantize", "-o", p(".int8.mlir"))
    return name, inp, p


def retarget_evex(path):
    """x86-avxvnni -> the same module for AVX512-VNNI + VL (EVEX)."""
    text = open(path).read()
    old = '["+avx2", "+fma", "+avxvnni"]'
    assert old in text, "no x86-avxvnni target features in " + path
    open(path, "w").write(text.replace(old, '["+avx2", "+fma", "+avx512f", '
                                       '"+avx512vl", "+avx512bw", "+avx512vnni"]'))


def write_case(work, name, mlir, inputs):
    """Writes <name>.mlir and its inputs <name>.in<i>.npy to `work`; returns
    (the .mlir path, quant-run's --input arguments)."""
    src = os.path.join(work, name + ".mlir")
    with open(src, "w") as f:
        f.write(mlir)
    args = []
    for i, arr in enumerate(inputs):
        p = os.path.join(work, "%s.in%d.npy" % (name, i))
        np.save(p, arr)
        args += ["--input", p]
    return src, args


def lower_and_run(qopt, qrun, src, args, low, out, options, evex=False,
                  run_args=()):
    """quant-opt --qnn-lower-to-llvm=OPTIONS src -o low (with `evex`, then
    retargeted by retarget_evex), quant-run run low ARGS -o out RUN_ARGS;
    returns (the result, the lowered text before any retargeting)."""
    subprocess.run([qopt, src, "--qnn-lower-to-llvm=" + options, "-o", low],
                   check=True)
    lowered = open(low).read()
    if evex:
        retarget_evex(low)
    subprocess.run([qrun, "run", low] + list(args) + ["-o", out] + list(run_args),
                   check=True)
    return np.load(out), lowered


def compare(got, expected, exact):
    """(ok, max error): integers exactly (int64), floats to 1e-4 of the
    largest magnitude (at least 1) against the float64 reference."""
    if got.shape != expected.shape:
        return False, "shape %s" % (got.shape,)
    if exact:
        err = int(np.max(np.abs(got.astype(np.int64) - expected)))
        return err == 0, err
    err = float(np.max(np.abs(got.astype(np.float64) - expected)))
    return err <= 1e-4 * max(1.0, float(np.max(np.abs(expected)))), err


def conv_ref(x, w, stride, pad=(0, 0, 0, 0), dil=(1, 1), pad_value=0):
    """NHWC x FHWC conv in the dtype of x (int64 / float64); padding
    positions hold pad_value (the input zero point)."""
    n, h, wd, c = x.shape
    f, kh, kw, _ = w.shape
    t, b, l, r = pad
    xp = np.full((n, h + t + b, wd + l + r, c), pad_value, dtype=x.dtype)
    xp[:, t:t + h, l:l + wd, :] = x
    oh = (h + t + b - dil[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (wd + l + r - dil[1] * (kw - 1) - 1) // stride[1] + 1
    out = np.zeros((n, oh, ow, f), dtype=x.dtype)
    for ky in range(kh):
        for kx in range(kw):
            win = xp[:, ky * dil[0]: ky * dil[0] + stride[0] * (oh - 1) + 1: stride[0],
                     kx * dil[1]: kx * dil[1] + stride[1] * (ow - 1) + 1: stride[1], :]
            out += np.einsum("nhwc,fc->nhwf", win, w[:, ky, kx, :])
    return out


class Requantize:
    """The qnn.requantize of an i32 conv accumulator with `f` channels to i8:
    per-channel input scales drawn from `rng` (or one scale), output scale
    0.37 and zero point `ozp`."""

    def __init__(self, rng, f, per_channel, ozp):
        self.s_out, self.ozp = 0.37, ozp
        if per_channel:
            self.s_in = [float(v) for v in rng.uniform(0.5e-3, 4e-3, size=f)]
            self.input_params = "#qnn.params<i32, axis = 3, scales = [%s], zps = [%s]>" % (
                ", ".join(repr(v) for v in self.s_in), ", ".join("0" for _ in self.s_in))
        else:
            self.s_in = [1.9e-3] * f
            self.input_params = "#qnn.params<i32, scale = %r, zp = 0>" % self.s_in[0]
        self.output_params = "#qnn.params<i8, scale = %r, zp = %d>" % (self.s_out, ozp)

    def op(self, result, acc, tacc, t8):
        """`  %result = qnn.requantize %acc ...`."""
        return ("  %s = qnn.requantize %s {input_params = %s, output_params = %s} : %s -> %s"
                % (result, acc, self.input_params, self.output_params, tacc, t8))

    def expected(self, acc):
        """scripts/reference.py's requantize of `acc` (int64), per channel."""
        sys.path.insert(0, SCRIPTS)
        import reference
        params = reference.Params(self.s_out, self.ozp, -128, 127)
        out = np.zeros(acc.shape, dtype=np.int64)
        for ch in range(acc.shape[-1]):
            out[..., ch] = reference.requantize(acc[..., ch], self.s_in[ch] / self.s_out,
                                                params)
        return out
