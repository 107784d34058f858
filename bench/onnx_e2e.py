#!/usr/bin/env python3
"""ONNX end to end: a float ONNX CNN quantized by QuantMLIR and by ONNX Runtime.

    python3 bench/onnx_e2e.py [--build build] [--passes 5] [--latency-images 200]
                              [--out bench/RESULTS-onnx.md]

The model is the Fashion-MNIST CNN of examples/fashion_mnist (trained weights,
weights.npz) exported as an ordinary float ONNX model, the way PyTorch writes
one: NCHW input with a symbolic batch dimension, Conv / Relu / MaxPool twice,
Flatten (NCHW order), Gemm (transB=1) / Relu / Gemm; opset 13.

QuantMLIR path (every step a tool of this repository):
    quant-translate --import-onnx model.onnx --batch B
    quant-opt --qnn-annotate{per-channel=true|false}
    quant-run calibrate (the 1000 calibration images) -> stats.json
    quant-opt --qnn-calibrate{stats, mode=max|kl|percentile} --qnn-realize
    quant-opt --qnn-lower-to-llvm{target=host}, quant-run run --threads 1
ONNX Runtime path: onnxruntime.quantization.quantize_static on the same 1000
images (QDQ format, int8 activations and weights, MinMax / Entropy /
Percentile, per-tensor and per-channel), InferenceSession with one thread
and its default graph optimizations (which fuse the QDQ pairs into
QLinearConv / QGemm-style kernels).

Both percentile calibrators use 99.999 (each tool's default). Reported per
model, all in one run: top-1 on the 10000 test images (batch 100), the time
for those 10000 images at batch 100, and the batch-1 latency: the mean time
per image over --latency-images test images fed one by one, median of
--passes passes (one thread everywhere; ORT's time includes its Python call
overhead, quant-run's its per-batch copy).

Writes the markdown table to stdout and, with --out, to a file (with the CPU
model name and the command). Needs onnx and onnxruntime
(scripts/requirements.txt) and Debian's dataset-fashion-mnist. Not a test:
timings on a shared machine are noisy; read ratios taken in the same run.
"""

import argparse
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import fashion_mnist  # noqa: E402

EX = os.path.join(ROOT, "examples", "fashion_mnist")
BATCH = 100


def export_onnx(path):
    """The examples/fashion_mnist CNN as a PyTorch-style float ONNX model."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    w = np.load(os.path.join(EX, "weights.npz"))
    ohwi_to_oihw = (0, 3, 1, 2)
    # fc1's rows are in the TOSA model's NHWC flatten order (h, w, c); an
    # NCHW Flatten gives (c, h, w).
    fc1 = w["fc1.weight"][0].reshape(7, 7, 16, 64).transpose(2, 0, 1, 3)
    fc1 = fc1.reshape(784, 64)
    inits = [
        numpy_helper.from_array(np.transpose(w["conv1.weight"], ohwi_to_oihw).copy(), "conv1.weight"),
        numpy_helper.from_array(w["conv1.bias"].reshape(-1), "conv1.bias"),
        numpy_helper.from_array(np.transpose(w["conv2.weight"], ohwi_to_oihw).copy(), "conv2.weight"),
        numpy_helper.from_array(w["conv2.bias"].reshape(-1), "conv2.bias"),
        numpy_helper.from_array(fc1.T.copy(), "fc1.weight"),
        numpy_helper.from_array(w["fc1.bias"].reshape(-1), "fc1.bias"),
        numpy_helper.from_array(w["fc2.weight"][0].T.copy(), "fc2.weight"),
        numpy_helper.from_array(w["fc2.bias"].reshape(-1), "fc2.bias"),
    ]
    n = helper.make_node
    nodes = [
        n("Conv", ["x", "conv1.weight", "conv1.bias"], ["c1"], name="conv1",
          pads=[1, 1, 1, 1], kernel_shape=[3, 3]),
        n("Relu", ["c1"], ["r1"], name="relu1"),
        n("MaxPool", ["r1"], ["p1"], name="pool1", kernel_shape=[2, 2], strides=[2, 2]),
        n("Conv", ["p1", "conv2.weight", "conv2.bias"], ["c2"], name="conv2",
          pads=[1, 1, 1, 1], kernel_shape=[3, 3]),
        n("Relu", ["c2"], ["r2"], name="relu2"),
        n("MaxPool", ["r2"], ["p2"], name="pool2", kernel_shape=[2, 2], strides=[2, 2]),
        n("Flatten", ["p2"], ["f"], name="flatten", axis=1),
        n("Gemm", ["f", "fc1.weight", "fc1.bias"], ["g1"], name="fc1", transB=1),
        n("Relu", ["g1"], ["r3"], name="relu3"),
        n("Gemm", ["r3", "fc2.weight", "fc2.bias"], ["y"], name="fc2", transB=1),
    ]
    graph = helper.make_graph(
        nodes, "fashion_mnist_cnn",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 1, 28, 28])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 10])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="bench/onnx_e2e.py")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, path)


def tool(build, name):
    return os.path.join(build, "bin", name)


def sh(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit("onnx_e2e.py: command failed (%d): %s\n%s" %
                 (proc.returncode, " ".join(cmd), proc.stderr[-4000:]))
    return proc.stdout + proc.stderr


def quant_run(build, model, x, out, repeat=1):
    """quant-run run, one thread; returns (ms per run, ms per batch)."""
    text = sh([tool(build, "quant-run"), "run", model, "--input", x, "-o", out,
               "--threads", "1", "--repeat", str(repeat)])
    m = re.search(r"time: ([0-9.]+) ms/run", text)
    per_run = float(m.group(1))
    mb = re.search(r"([0-9.]+) ms/batch", text)
    return per_run, (float(mb.group(1)) if mb else per_run)


def ort_session(path):
    import onnxruntime as ort
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    return ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])


def ort_eval(path, x, batch):
    sess = ort_session(path)
    sess.run(None, {"x": x[:batch]})  # warm up
    t0 = time.perf_counter()
    y = np.concatenate([sess.run(None, {"x": x[i:i + batch]})[0]
                        for i in range(0, len(x), batch)])
    return y, (time.perf_counter() - t0) * 1e3


def ort_latency(path, x, passes):
    sess = ort_session(path)
    for i in range(min(len(x), 20)):
        sess.run(None, {"x": x[i:i + 1]})
    per_pass = []
    for _ in range(passes):
        t0 = time.perf_counter()
        for i in range(len(x)):
            sess.run(None, {"x": x[i:i + 1]})
        per_pass.append((time.perf_counter() - t0) * 1e3 / len(x))
    return statistics.median(per_pass)


def top1(logits, labels):
    return 100.0 * float(np.mean(np.argmax(logits, 1) == labels))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--passes", type=int, default=5,
                    help="latency passes (the median is reported)")
    ap.add_argument("--latency-images", type=int, default=200)
    ap.add_argument("--out", help="also write the results (markdown) here")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    for t in ("quant-translate", "quant-opt", "quant-run"):
        if not os.access(tool(build, t), os.X_OK):
            sys.exit("onnx_e2e.py: %s not found (build it: scripts/build.sh)" % tool(build, t))
    if not fashion_mnist.available():
        sys.exit("onnx_e2e.py: Fashion-MNIST not found (apt-get install dataset-fashion-mnist)")

    import onnxruntime
    from onnxruntime.quantization import (CalibrationDataReader,
                                          CalibrationMethod, QuantFormat,
                                          QuantType, quantize_static)

    work = tempfile.mkdtemp(prefix="bench_onnx_e2e_")
    p = lambda name: os.path.join(work, name)  # noqa: E731

    # ---- data (NCHW float in [0, 1]); calibration: the same 1000 training
    # images examples/fashion_mnist and bench/fashion_mnist.py use.
    calib = (np.load(os.path.join(EX, "calib.npy")).astype(np.float32) / 255)
    calib = calib.reshape(-1, 1, 28, 28)
    np.save(p("calib.npy"), calib)
    x, labels = fashion_mnist.load("test")
    x = fashion_mnist.to_float(x).reshape(-1, 1, 28, 28)
    labels = labels.astype(np.int64)
    np.save(p("test.npy"), x)
    xl = x[:args.latency_images]
    np.save(p("lat.npy"), xl)

    # ---- the float ONNX model; sanity check against the numpy model's logits.
    fp32_onnx = p("model.onnx")
    export_onnx(fp32_onnx)
    y, _ = ort_eval(fp32_onnx, np.load(os.path.join(EX, "input.npy")).reshape(-1, 1, 28, 28), BATCH)
    export_err = float(np.abs(y - np.load(os.path.join(EX, "ref_fp32.npy"))).max())

    # ---- QuantMLIR: import (batch 100 for accuracy, batch 1 for latency),
    # annotate, calibrate, realize, lower.
    timings = {}
    t0 = time.perf_counter()
    for b in (BATCH, 1):
        sh([tool(build, "quant-translate"), "--import-onnx", fp32_onnx,
            "--batch", str(b), "-o", p("fp32_b%d.mlir" % b)])
    timings["quant-translate --import-onnx (2 batch sizes)"] = time.perf_counter() - t0
    ours = {"fp32": {b: p("fp32_b%d.mlir" % b) for b in (BATCH, 1)}}
    stats_note = []
    for gran, pc in (("per-tensor", "false"), ("per-channel", "true")):
        ann = {}
        for b in (BATCH, 1):
            ann[b] = p("ann_%s_b%d.mlir" % (gran, b))
            sh([tool(build, "quant-opt"), ours["fp32"][b],
                "--qnn-annotate=per-channel=%s" % pc, "-o", ann[b]])
        stats = p("stats_%s.json" % gran)
        t0 = time.perf_counter()
        sh([tool(build, "quant-run"), "calibrate", ann[BATCH], "--input", p("calib.npy"),
            "--threads", "1", "-o", stats])
        timings["quant-run calibrate, %s, 1 thread" % gran] = time.perf_counter() - t0
        # The batch-1 model (for latency) is calibrated on the same images,
        # one at a time; histograms merge exactly, so its statistics are the
        # batch-100 model's (checked here).
        stats1 = p("stats_%s_b1.json" % gran)
        sh([tool(build, "quant-run"), "calibrate", ann[1], "--input", p("calib.npy"),
            "--threads", "1", "-o", stats1])
        with open(stats) as f:
            s100 = json.load(f)["tensors"]
        with open(stats1) as f:
            s1 = json.load(f)["tensors"]
        keys = ("min", "max", "histogram", "count")
        same = s100.keys() == s1.keys() and all(
            s100[k].get(f) == s1[k].get(f) for k in s100 for f in keys)
        stats_note.append("%s: batch-1 statistics %s the batch-100 ones" %
                          (gran, "equal" if same else "DIFFER from"))
        for mode in ("max", "kl", "percentile"):
            name = "int8 %s, %s" % (mode, gran)
            ours[name] = {}
            for b in (BATCH, 1):
                out = p("int8_%s_%s_b%d.mlir" % (mode, gran, b))
                sh([tool(build, "quant-opt"), ann[b],
                    "--qnn-calibrate=stats=%s mode=%s" %
                    (stats if b == BATCH else stats1, mode),
                    "--qnn-realize", "-o", out])
                ours[name][b] = out
    for name in ours:
        for b in (BATCH, 1):
            lowered = ours[name][b].replace(".mlir", ".llvm.mlir")
            sh([tool(build, "quant-opt"), ours[name][b],
                "--qnn-lower-to-llvm=target=host", "-o", lowered])
            ours[name][b] = lowered

    # ---- ONNX Runtime: quantize_static on the same data.
    class Reader(CalibrationDataReader):
        def __init__(self):
            self.i = 0

        def get_next(self):
            if self.i >= len(calib):
                return None
            b = calib[self.i:self.i + BATCH]
            self.i += BATCH
            return {"x": b}

    ort_models = {"fp32": fp32_onnx}
    methods = ((CalibrationMethod.MinMax, "MinMax"),
               (CalibrationMethod.Entropy, "Entropy"),
               (CalibrationMethod.Percentile, "Percentile"))
    with contextlib.redirect_stdout(sys.stderr):
        for gran, pc in (("per-tensor", False), ("per-channel", True)):
            for method, mname in methods:
                path = p("ort_%s_%s.onnx" % (mname, gran))
                t0 = time.perf_counter()
                quantize_static(fp32_onnx, path, Reader(), quant_format=QuantFormat.QDQ,
                                per_channel=pc, activation_type=QuantType.QInt8,
                                weight_type=QuantType.QInt8, calibrate_method=method)
                timings["ORT quantize_static %s, %s" % (mname, gran)] = time.perf_counter() - t0
                ort_models["int8 QDQ %s, %s" % (mname, gran)] = path

    # ---- accuracy (10000 images, batch 100), throughput, batch-1 latency.
    rows = []  # (tool, name, top1, ms for 10k, latency ms)
    for name, path in ort_models.items():
        y, ms = ort_eval(path, x, BATCH)
        lat = ort_latency(path, xl, args.passes)
        rows.append(("ORT %s" % onnxruntime.__version__, name, top1(y, labels), ms, lat))
        print("[onnx_e2e] ORT %-32s top-1 %.2f  %.0f ms  %.3f ms/image" % rows[-1][1:],
              file=sys.stderr)
    for name, paths in ours.items():
        out = p("out.npy")
        ms, _ = quant_run(build, paths[BATCH], p("test.npy"), out)
        acc = top1(np.load(out), labels)
        lats = [quant_run(build, paths[1], p("lat.npy"), out)[1] for _ in range(args.passes)]
        rows.append(("QuantMLIR", name, acc, ms, statistics.median(lats)))
        print("[onnx_e2e] QuantMLIR %-26s top-1 %.2f  %.0f ms  %.3f ms/image" % rows[-1][1:],
              file=sys.stderr)

    cpu = "unknown CPU"
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        cpu = next(l.split(":", 1)[1].strip() for l in lscpu.splitlines()
                   if l.startswith("Model name"))
    except (OSError, StopIteration):
        pass
    fp32_acc = {r[0]: r[2] for r in rows if r[1] == "fp32"}
    ort_fp32_lat = next(r[4] for r in rows if r[1] == "fp32" and r[0] != "QuantMLIR")
    lines = []
    lines.append("# ONNX end to end: QuantMLIR vs ONNX Runtime quantize_static")
    lines.append("")
    lines.append("Written by `python3 bench/onnx_e2e.py %s` (%s; lscpu model name: %s; "
                 "ONNX Runtime %s). Not a test: one run on a shared machine; read the "
                 "ratios, not the absolute times." %
                 (" ".join(sys.argv[1:]), time.strftime("%Y-%m-%d"), cpu, onnxruntime.__version__))
    lines.append("")
    lines.append("Fashion-MNIST CNN (examples/fashion_mnist weights) as a float ONNX model; "
                 "QuantMLIR %s vs ONNX Runtime %s (quantize_static, QDQ, int8/int8); CPU: %s; "
                 "one thread." % ("import -> calibrate -> realize -> target=host",
                                  onnxruntime.__version__, cpu))
    lines.append("")
    lines.append("ONNX export check: max |ORT fp32 - examples/fashion_mnist/ref_fp32.npy| = %.2e" % export_err)
    lines.append("")
    lines.append("| tool | model | top-1 %% (10000) | drop vs own fp32 | 10000 images, batch %d, ms "
                 "| latency batch 1, ms/image (median of %d) | latency / ORT fp32 |" % (BATCH, args.passes))
    lines.append("|---|---|---|---|---|---|---|")
    for t, name, acc, ms, lat in rows:
        lines.append("| %s | %s | %.2f | %+.2f | %.0f | %.3f | %.2f |" %
                     (t, name, acc, fp32_acc[t] - acc, ms, lat, lat / ort_fp32_lat))
    lines.append("")
    lines.append("Preparation (seconds, this run):")
    lines.append("")
    for k, v in timings.items():
        lines.append("- %s: %.2f" % (k, v))
    lines.append("")
    for note in stats_note:
        lines.append("- %s" % note)
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    if not args.keep:
        import shutil
        shutil.rmtree(work, ignore_errors=True)
    else:
        print("[onnx_e2e] work directory: %s" % work, file=sys.stderr)


if __name__ == "__main__":
    main()
