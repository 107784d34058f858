#!/usr/bin/env python3
"""Whole-model benchmark: a ResNet-style and a MobileNetV2-style network, fp32
and int8, QuantMLIR against ONNX Runtime, 1 thread and all threads.

    python3 bench/models.py [--build build] [--size 224] [--models resnet,mobilenetv2]
                            [--threads 1,N] [--repeat 10] [--calib 8] [--eval 4]
                            [--out bench/RESULTS-models.md]

The networks (bench/gen_models.py, He-initialised random weights, fixed seed,
batch 1, NCHW float input of --size x --size): a ResNet-50-layout network at
half width (bottleneck residual blocks, conv + folded BN + ReLU, stride-2
stages, global average pooling, FC 1000) and MobileNetV2 (inverted residuals
with depthwise 3x3, ReLU6, width 1.0).

QuantMLIR, every step a tool of this repository:
    quant-translate --import-onnx model.onnx                -> fp32.mlir
    quant-opt --qnn-annotate                                -> annotated.mlir
    quant-run calibrate annotated.mlir (--calib inputs)     -> stats.json
    quant-opt --qnn-calibrate{stats, mode=max} --qnn-realize -> int8.mlir
    quant-opt --qnn-lower-to-llvm{target=host threads=1}    (the 1-thread rows)
    quant-opt --qnn-lower-to-llvm{target=host threads=0}    (the N-thread rows:
                                                             OpenMP loops)
    quant-run run lowered.mlir --threads T --repeat R       (median of R runs;
        1 thread: the --eval inputs one after the other, per input; more: the
        first input alone, all threads on each call)
ONNX Runtime: the same float model; int8 from
onnxruntime.quantization.quantize_static on the same calibration inputs (QDQ,
per-channel int8 weights, uint8 activations, MinMax); InferenceSession with
intra_op_num_threads = T and its default graph optimizations; median of R
runs of sess.run (its Python call overhead included).

Accuracy sanity (--eval inputs, not the calibration ones): SQNR of each int8
model's output against the fp32 output of the same framework, and top-1
agreement of int8 with fp32 (random inputs, random weights: a check that the
int8 model computes the same function, not an accuracy figure).

Every row is measured in the same run. A step that fails (a model our
importer or lowering cannot take yet, a tool missing) gives a row with the
error instead of stopping the benchmark, so the script can simply be re-run
as the kernels improve. Not a test: timings on a shared machine are noisy;
read ratios taken in the same run.
"""

import argparse
import contextlib
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))

import gen_models  # noqa: E402

NAMES = {"resnet": "ResNet-50-style (width 0.5)",
         "mobilenetv2": "MobileNetV2 (width 1.0)"}


class StepError(Exception):
    pass


def tool(build, name):
    return os.path.join(build, "bin", name)


def sh(cmd, timeout=3600):
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True,
                              timeout=timeout)
    except OSError as e:  # a tool missing, or being rebuilt
        raise StepError("%s: %s" % (os.path.basename(cmd[0]), e))
    except subprocess.TimeoutExpired:
        raise StepError("%s: timed out after %d s" % (os.path.basename(cmd[0]),
                                                      timeout))
    if proc.returncode != 0:
        lines = (proc.stderr or proc.stdout).strip().splitlines()
        raise StepError("%s: %s" % (os.path.basename(cmd[0]),
                                    lines[-1] if lines else "failed"))
    return proc.stdout + proc.stderr


def cpu_model():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def sqnr(ref, x):
    ref = ref.astype(np.float64).ravel()
    err = ref - x.astype(np.float64).ravel()
    p_err = float(np.sum(err * err))
    if p_err == 0:
        return float("inf")
    return 10.0 * np.log10(float(np.sum(ref * ref)) / p_err)


def agreement(a, b):
    return 100.0 * float(np.mean(np.argmax(a, -1) == np.argmax(b, -1)))


class Ours:
    """The QuantMLIR path of one model."""

    def __init__(self, build, work, onnx_path, calib, evals):
        self.build, self.work = build, work
        self.calib, self.evals = calib, evals
        self.p = lambda name: os.path.join(work, name)
        sh([tool(build, "quant-translate"), "--import-onnx", onnx_path,
            "-o", self.p("fp32.mlir")])
        self.models = {"fp32": self.p("fp32.mlir")}
        self.int8_error = None
        try:
            sh([tool(build, "quant-opt"), self.p("fp32.mlir"), "--qnn-annotate",
                "-o", self.p("annotated.mlir")])
            calib_npy = self.p("calib.npy")
            np.save(calib_npy, calib)
            sh([tool(build, "quant-run"), "calibrate", self.p("annotated.mlir"),
                "--input", calib_npy, "-o", self.p("stats.json")])
            sh([tool(build, "quant-opt"), self.p("annotated.mlir"),
                "--qnn-calibrate=stats=%s mode=max" % self.p("stats.json"),
                "--qnn-realize", "-o", self.p("int8.mlir")])
            self.models["int8"] = self.p("int8.mlir")
            # The same int8 model with requantize-dtype=float32 (f32
            # requantize, as ONNX Runtime / oneDNN; not bit-exact).
            self.models["int8f"] = self.p("int8.mlir")
        except StepError as e:
            self.int8_error = str(e)
        self.lowered = {}

    def lower(self, precision, threads):
        key = (precision, threads > 1)
        if key not in self.lowered:
            out = self.p("%s_t%d.ll.mlir" % (precision, int(threads > 1)))
            sh([tool(self.build, "quant-opt"), self.models[precision],
                "--qnn-lower-to-llvm=target=host threads=%d%s" %
                (0 if threads > 1 else 1,
                 " requantize-dtype=float32" if precision == "int8f" else ""),
                "-o", out])
            self.lowered[key] = out
        return self.lowered[key]

    def run(self, precision, threads, repeat, inputs):
        """quant-run run over `inputs` (batch-1 calls, one after the other:
        with threads > 1 give one sample, so that the call gets all threads);
        returns (median ms per sample over `repeat` runs, outputs)."""
        x = self.p("x.npy")
        np.save(x, inputs)
        y = self.p("y.npy")
        text = sh([tool(self.build, "quant-run"), "run",
                   self.lower(precision, threads), "--input", x, "-o", y,
                   "--threads", str(threads), "--repeat", str(repeat)])
        m = re.search(r"median ([0-9.]+) ms/run", text) or \
            re.search(r"time: ([0-9.]+) ms/run", text)
        if not m:
            raise StepError("quant-run printed no time")
        return float(m.group(1)) / len(inputs), np.load(y)


class OnnxRuntime:
    def __init__(self, work, onnx_path, calib):
        import onnxruntime as ort
        from onnxruntime.quantization import (CalibrationDataReader,
                                              CalibrationMethod, QuantFormat,
                                              QuantType, quantize_static)
        self.ort = ort
        self.models = {"fp32": onnx_path}

        class Reader(CalibrationDataReader):
            def __init__(self):
                self.i = 0

            def get_next(self):
                if self.i >= len(calib):
                    return None
                self.i += 1
                return {"x": calib[self.i - 1:self.i]}

        int8 = os.path.join(work, "ort_int8.onnx")
        import logging
        logging.getLogger().setLevel(logging.ERROR)  # per-tensor chatter
        with contextlib.redirect_stdout(sys.stderr):
            quantize_static(onnx_path, int8, Reader(),
                            quant_format=QuantFormat.QDQ, per_channel=True,
                            activation_type=QuantType.QUInt8,
                            weight_type=QuantType.QInt8,
                            calibrate_method=CalibrationMethod.MinMax)
        self.models["int8"] = int8
        self.sessions = {}

    def session(self, precision, threads):
        key = (precision, threads)
        if key not in self.sessions:
            opts = self.ort.SessionOptions()
            opts.intra_op_num_threads = threads
            opts.inter_op_num_threads = 1
            self.sessions[key] = self.ort.InferenceSession(
                self.models[precision], opts,
                providers=["CPUExecutionProvider"])
        return self.sessions[key]

    def latency(self, precision, threads, repeat, x):
        sess = self.session(precision, threads)
        feed = {"x": x[:1]}
        for _ in range(3):
            sess.run(None, feed)
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            sess.run(None, feed)
            times.append((time.perf_counter() - t0) * 1e3)
        return statistics.median(times)

    def outputs(self, precision, x):
        sess = self.session(precision, 1)
        return np.concatenate([sess.run(None, {"x": x[i:i + 1]})[0]
                               for i in range(len(x))])


def fmt(v, spec="%.2f"):
    return "n/a" if v is None else spec % v


def bench_model(kind, args, threads_list, work):
    """Returns (rows, accuracy, notes) for one model."""
    rng = np.random.default_rng(1234)
    size = args.size
    path = os.path.join(work, kind + ".onnx")
    width = 0.5 if kind == "resnet" else 1.0
    import onnx
    onnx.save(gen_models.build(kind, size, width), path)
    shape = (1, 3, size, size)
    calib = rng.normal(0.0, 1.0, (args.calib,) + shape[1:]).astype(np.float32)
    evals = rng.normal(0.0, 1.0, (args.eval,) + shape[1:]).astype(np.float32)
    notes = []

    ours, ort_ = None, None
    try:
        ours = Ours(args.build, work, path, calib, evals)
        if ours.int8_error:
            notes.append("ours int8: " + ours.int8_error)
    except StepError as e:
        notes.append("ours: " + str(e))
    try:
        ort_ = OnnxRuntime(work, path, calib)
    except Exception as e:  # noqa: BLE001 - reported in the table
        notes.append("ONNX Runtime: %s" % e)

    lat, outs = {}, {}
    for t in threads_list:
        for prec in ("fp32", "int8", "int8f"):
            if ours and prec in ours.models:
                try:
                    # One thread: every evaluation input (their outputs are
                    # the accuracy check); more: the first one alone.
                    inputs = evals if t == 1 else evals[:1]
                    ms, y = ours.run(prec, t, args.repeat, inputs)
                    lat[("ours", prec, t)] = ms
                    outs.setdefault(prec, y)
                    if not np.array_equal(y[:1], outs[prec][:1]):
                        notes.append("ours %s: the output on %d threads "
                                     "differs from 1 thread's" % (prec, t))
                except StepError as e:
                    notes.append("ours %s, %d thread(s): %s" % (prec, t, e))
            if ort_ and prec in ort_.models:
                lat[("ort", prec, t)] = ort_.latency(prec, t, args.repeat, evals)
            print("  %s %s %d thread(s): ours %s ms, ORT %s ms" % (
                kind, prec, t, fmt(lat.get(("ours", prec, t))),
                fmt(lat.get(("ort", prec, t)))), file=sys.stderr)

    rows = []
    for t in threads_list:
        of, oi = lat.get(("ours", "fp32", t)), lat.get(("ours", "int8", t))
        oq = lat.get(("ours", "int8f", t))
        rf, ri = lat.get(("ort", "fp32", t)), lat.get(("ort", "int8", t))
        rows.append("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            NAMES[kind], t, fmt(of), fmt(oi), fmt(oq), fmt(rf), fmt(ri),
            fmt(of / oi if of and oi else None, "%.2fx"),
            fmt(of / oq if of and oq else None, "%.2fx"),
            fmt(oi / ri if oi and ri else None, "%.2fx"),
            fmt(rf / ri if rf and ri else None, "%.2fx")))

    acc = []
    if len(outs.get("fp32", ())) == len(evals) and \
            len(outs.get("int8", ())) == len(evals):
        f, q = outs["fp32"], outs["int8"]
        acc.append("| %s | QuantMLIR | %.1f dB | %.0f%% |" % (
            NAMES[kind], sqnr(f, q), agreement(f, q)))
        if len(outs.get("int8f", ())) == len(evals):
            qf = outs["int8f"]
            acc.append("| %s | QuantMLIR, f32 requantize | %.1f dB | %.0f%% |" % (
                NAMES[kind], sqnr(f, qf), agreement(f, qf)))
            notes.append("%s: f32 requantize vs exact int8: %d of %d outputs "
                         "differ, SQNR %.1f dB" % (
                             NAMES[kind], int(np.sum(qf != q)), q.size,
                             sqnr(q, qf)))
    if ort_:
        f, q = ort_.outputs("fp32", evals), ort_.outputs("int8", evals)
        acc.append("| %s | ONNX Runtime | %.1f dB | %.0f%% |" % (
            NAMES[kind], sqnr(f, q), agreement(f, q)))
        if len(outs.get("fp32", ())) == len(evals):
            notes.append("%s: our fp32 output vs ONNX Runtime fp32: SQNR "
                         "%.1f dB (checks the import)" % (
                             NAMES[kind], sqnr(f, outs["fp32"])))
    return rows, acc, notes


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--size", type=int, default=224)
    ap.add_argument("--models", default="resnet,mobilenetv2")
    ap.add_argument("--threads", default="1,%d" % (os.cpu_count() or 1),
                    help="comma-separated thread counts (default: 1 and all "
                         "cores)")
    ap.add_argument("--repeat", type=int, default=10,
                    help="timed runs per row (the median is reported)")
    ap.add_argument("--calib", type=int, default=8,
                    help="synthetic calibration inputs")
    ap.add_argument("--eval", type=int, default=4,
                    help="synthetic evaluation inputs (accuracy check)")
    ap.add_argument("--out", default=None,
                    help="also write the markdown to this file")
    ap.add_argument("--work", default=None,
                    help="keep the intermediate files here")
    args = ap.parse_args()
    threads_list = sorted({int(t) for t in args.threads.split(",")})
    args.build = os.path.abspath(args.build)

    rows, acc, notes = [], [], []
    with contextlib.ExitStack() as stack:
        base = args.work or stack.enter_context(
            tempfile.TemporaryDirectory(prefix="bench_models_"))
        for kind in args.models.split(","):
            work = os.path.join(base, kind)
            os.makedirs(work, exist_ok=True)
            print("%s ..." % kind, file=sys.stderr)
            r, a, n = bench_model(kind, args, threads_list, work)
            rows += r
            acc += a
            notes += n

    lines = [
        "# Whole-model benchmark",
        "",
        "CPU: %s (%d logical cores). Command: `python3 bench/models.py %s`." % (
            cpu_model(), os.cpu_count() or 1, " ".join(sys.argv[1:])),
        "",
        "Batch 1, %dx%d input, median of %d runs, milliseconds. QuantMLIR "
        "lowered with `qnn-lower-to-llvm{target=host}` (`threads=1` for the "
        "1-thread rows, `threads=0` + `quant-run run --threads N` otherwise); "
        "ONNX Runtime int8 = quantize_static QDQ (per-channel s8 weights, u8 "
        "activations, MinMax) on the same %d calibration inputs." % (
            args.size, args.size, args.repeat, args.calib),
        "",
        "\"ours int8 f32-rq\": the same int8 model lowered with "
        "`requantize-dtype=float32` (f32 requantize as ONNX Runtime / oneDNN, "
        "not bit-exact: see the accuracy notes); \"ours int8\" is the exact "
        "default.",
        "",
        "| model | threads | ours fp32 | ours int8 | ours int8 f32-rq | "
        "ORT fp32 | ORT int8 | "
        "ours fp32/int8 (speed-up) | ours fp32/int8 f32-rq | "
        "ours int8 / ORT int8 (time) | ORT fp32/int8 |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ] + rows + [
        "",
        "Accuracy sanity on %d synthetic inputs (not the calibration ones): "
        "int8 output against the same framework's fp32 output." % args.eval,
        "",
        "| model | framework | SQNR | top-1 agreement |",
        "|---|---|---|---|",
    ] + acc
    if notes:
        lines += ["", "Notes:", ""] + ["- " + n for n in notes]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
