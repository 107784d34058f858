#!/usr/bin/env python3
"""Fashion-MNIST CNN: QuantMLIR against ONNX Runtime, in one run.

    python3 bench/fashion_mnist.py [--build build] [--repeat 3] [--threads 1,2]

The model of examples/fashion_mnist (weights.npz) is also exported as an ONNX
float model with the same weights (NCHW input, the flatten in the TOSA model's
NHWC order), and ONNX Runtime's own static quantization (quantize_static, QDQ
format, MinMax and Entropy calibration, per-channel weights) calibrates it on
the same 1000 training images that `quant-run calibrate` uses. Both int8 models
are evaluated on the 10000 test images. Printed, every figure from this run:

  * calibration time: quant-run calibrate (1 and 2 threads) vs ORT's
    calibrator (collect_data + compute_data on the same 1000 images);
  * top-1 of fp32 and of each int8 model, and the drop in points;
  * inference time over the 10000 test images, per thread count: our fp32
    and int8 (quant-run run, compiled once, the time it reports) vs ORT fp32
    and int8 (InferenceSession, intra_op_num_threads = N), best of --repeat.

Needs onnx and onnxruntime (scripts/requirements.txt) and Debian's
dataset-fashion-mnist. Not part of the tests: timings on a shared machine
are noisy; ratios of figures taken in the same run are what to read.
"""

import argparse
import contextlib
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import fashion_mnist  # noqa: E402

EX = os.path.join(ROOT, "examples", "fashion_mnist")


def export_onnx(path, batch):
    """The examples/fashion_mnist CNN as an ONNX float model (opset 13)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    w = np.load(os.path.join(EX, "weights.npz"))
    ohwi_to_oihw = (0, 3, 1, 2)
    inits = [
        numpy_helper.from_array(np.transpose(w["conv1.weight"], ohwi_to_oihw).copy(), "conv1.w"),
        numpy_helper.from_array(w["conv1.bias"], "conv1.b"),
        numpy_helper.from_array(np.transpose(w["conv2.weight"], ohwi_to_oihw).copy(), "conv2.w"),
        numpy_helper.from_array(w["conv2.bias"], "conv2.b"),
        numpy_helper.from_array(w["fc1.weight"][0], "fc1.w"),
        numpy_helper.from_array(w["fc1.bias"].reshape(-1), "fc1.b"),
        numpy_helper.from_array(w["fc2.weight"][0], "fc2.w"),
        numpy_helper.from_array(w["fc2.bias"].reshape(-1), "fc2.b"),
        numpy_helper.from_array(np.array([-1, 784], np.int64), "flat"),
    ]
    n = helper.make_node
    nodes = [
        n("Conv", ["x", "conv1.w", "conv1.b"], ["c1"], name="conv1", pads=[1, 1, 1, 1]),
        n("Relu", ["c1"], ["r1"], name="relu1"),
        n("MaxPool", ["r1"], ["p1"], name="pool1", kernel_shape=[2, 2], strides=[2, 2]),
        n("Conv", ["p1", "conv2.w", "conv2.b"], ["c2"], name="conv2", pads=[1, 1, 1, 1]),
        n("Relu", ["c2"], ["r2"], name="relu2"),
        n("MaxPool", ["r2"], ["p2"], name="pool2", kernel_shape=[2, 2], strides=[2, 2]),
        # The TOSA model flattens NHWC.
        n("Transpose", ["p2"], ["t2"], name="to_nhwc", perm=[0, 2, 3, 1]),
        n("Reshape", ["t2", "flat"], ["f"], name="flatten"),
        n("MatMul", ["f", "fc1.w"], ["m1"], name="fc1"),
        n("Add", ["m1", "fc1.b"], ["a1"], name="fc1_bias"),
        n("Relu", ["a1"], ["r3"], name="relu3"),
        n("MatMul", ["r3", "fc2.w"], ["m2"], name="fc2"),
        n("Add", ["m2", "fc2.b"], ["y"], name="fc2_bias"),
    ]
    graph = helper.make_graph(
        nodes, "fashion_mnist",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [batch, 1, 28, 28])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [batch, 10])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, path)


def tool(build, name):
    return os.path.join(build, "bin", name)


def run_quant(build, model, x, out, threads, repeat):
    """quant-run run; returns the ms it reports for the whole data set."""
    best = None
    for _ in range(repeat):
        proc = subprocess.run(
            [tool(build, "quant-run"), "run", model, "--input", x, "-o", out,
             "--threads", str(threads)],
            check=True, capture_output=True, text=True)
        m = re.search(r"time: ([0-9.]+) ms/run", proc.stdout + proc.stderr)
        ms = float(m.group(1))
        best = ms if best is None else min(best, ms)
    return best


def run_ort(path, x, threads, repeat, batch):
    import onnxruntime as ort
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])
    xs = np.transpose(x, (0, 3, 1, 2)).copy()  # NHWC -> NCHW
    outs, best = None, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        outs = [sess.run(None, {"x": xs[i:i + batch]})[0]
                for i in range(0, len(xs), batch)]
        ms = (time.perf_counter() - t0) * 1e3
        best = ms if best is None else min(best, ms)
    return np.concatenate(outs), best


def top1(logits, labels):
    return 100.0 * float(np.mean(np.argmax(logits, 1) == labels))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", default="1,2")
    args = ap.parse_args()
    threads = [int(t) for t in args.threads.split(",")]

    from onnxruntime.quantization import (CalibrationDataReader,
                                          CalibrationMethod, QuantFormat,
                                          QuantType, quantize_static)
    from onnxruntime.quantization.calibrate import create_calibrator

    batch = 100
    work = tempfile.mkdtemp(prefix="bench_fm_")
    calib_u8 = np.load(os.path.join(EX, "calib.npy"))
    calib = calib_u8.astype(np.float32) / 255
    x, labels = fashion_mnist.load("test")
    x = fashion_mnist.to_float(x)
    labels = labels.astype(np.int64)
    test_npy = os.path.join(work, "test.npy")
    np.save(test_npy, x)

    # ---- QuantMLIR: annotate, calibrate (timed), realize.
    model = os.path.join(EX, "model.mlir")
    ann = os.path.join(work, "annotated.mlir")
    subprocess.run([tool(args.build, "quant-opt"), model, "--qnn-annotate", "-o", ann],
                   check=True, capture_output=True)
    calib_times = {}
    stats = os.path.join(work, "stats.json")
    for t in threads:
        best = None
        for _ in range(args.repeat):
            proc = subprocess.run([tool(args.build, "quant-run"), "calibrate", ann,
                                   "--input", os.path.join(EX, "calib.npy"),
                                   "--input-scale=1/255", "--threads", str(t), "-o", stats],
                                  check=True, capture_output=True, text=True)
            # "calibrated N samples (...) in S s (compile C s): ..."
            m = re.search(r" in ([0-9.]+) s \(compile ([0-9.]+) s\)", proc.stderr + proc.stdout)
            s = (float(m.group(1)), float(m.group(2)))
            best = s if best is None or s[0] < best[0] else best
        calib_times["quant-run calibrate, %d thread(s): data / JIT compile" % t] = best
    ours = {}
    for mode in ("max", "percentile", "kl", "mse"):
        path = os.path.join(work, "int8_%s.mlir" % mode)
        subprocess.run([tool(args.build, "quant-opt"), ann,
                        "--qnn-calibrate=stats=%s mode=%s" % (stats, mode),
                        "--qnn-realize", "-o", path], check=True, capture_output=True)
        ours[mode] = path

    # ---- ONNX Runtime: export, calibrate (timed), quantize_static.
    fp32_onnx = os.path.join(work, "model.onnx")
    export_onnx(fp32_onnx, batch)

    class Reader(CalibrationDataReader):
        def __init__(self):
            self.i = 0

        def get_next(self):
            if self.i >= len(calib):
                return None
            b = np.transpose(calib[self.i:self.i + batch], (0, 3, 1, 2)).copy()
            self.i += batch
            return {"x": b}

    quiet = contextlib.redirect_stdout(sys.stderr)
    quiet.__enter__()
    for method, name in ((CalibrationMethod.MinMax, "MinMax"),
                         (CalibrationMethod.Entropy, "Entropy")):
        t0 = time.perf_counter()
        cal = create_calibrator(fp32_onnx, calibrate_method=method,
                                augmented_model_path=os.path.join(work, "aug.onnx"))
        cal.collect_data(Reader())
        cal.compute_data()
        calib_times["ORT %s calibrator (collect + compute)" % name] = (time.perf_counter() - t0, None)
    ort_models = {}
    for method, name in ((CalibrationMethod.MinMax, "MinMax"),
                         (CalibrationMethod.Entropy, "Entropy")):
        path = os.path.join(work, "ort_%s.onnx" % name)
        quantize_static(fp32_onnx, path, Reader(), quant_format=QuantFormat.QDQ,
                        per_channel=True, activation_type=QuantType.QInt8,
                        weight_type=QuantType.QInt8, calibrate_method=method)
        ort_models[name] = path
    quiet.__exit__(None, None, None)

    # ---- Accuracy and time on the 10000 test images.
    rows = []  # (name, top1, {threads: ms})
    out = os.path.join(work, "out.npy")
    times = {t: run_quant(args.build, model, test_npy, out, t, args.repeat) for t in threads}
    fp32 = np.load(out)
    rows.append(("QuantMLIR fp32", top1(fp32, labels), times))
    for mode, path in ours.items():
        times = {t: run_quant(args.build, path, test_npy, out, t, args.repeat) for t in threads}
        rows.append(("QuantMLIR int8 (%s)" % mode, top1(np.load(out), labels), times))
    # The same models lowered ahead of time for the running CPU
    # (qnn-lower-to-llvm target=host: the x86 GEMM path for the matmuls;
    # convolutions still take the generic loops).
    for name, path in (("fp32", model), ("int8 (max)", ours["max"])):
        lowered = os.path.join(work, "host_%s.mlir" % name.split()[0])
        subprocess.run([tool(args.build, "quant-opt"), path,
                        "--qnn-lower-to-llvm=target=host", "-o", lowered],
                       check=True, capture_output=True)
        times = {t: run_quant(args.build, lowered, test_npy, out, t, args.repeat) for t in threads}
        rows.append(("QuantMLIR %s, target=host" % name, top1(np.load(out), labels), times))
    y, _ = run_ort(fp32_onnx, x[:batch], 1, 1, batch)
    ref = np.load(os.path.join(EX, "ref_fp32.npy"))
    err = float(np.abs(y - ref).max())
    times, acc = {}, None
    for t in threads:
        y, times[t] = run_ort(fp32_onnx, x, t, args.repeat, batch)
        acc = top1(y, labels)
    rows.append(("ORT fp32", acc, times))
    for name, path in ort_models.items():
        times = {}
        for t in threads:
            y, times[t] = run_ort(path, x, t, args.repeat, batch)
            acc = top1(y, labels)
        rows.append(("ORT int8 QDQ (%s, per-channel)" % name, acc, times))

    import onnxruntime
    cpu = ""
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                   if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print("## Fashion-MNIST CNN: QuantMLIR vs ONNX Runtime %s (%s)" % (onnxruntime.__version__, cpu))
    print()
    print("ONNX export check: max |ORT fp32 - examples/fashion_mnist/ref_fp32.npy| = %.2e" % err)
    print()
    print("Calibration, 1000 training images (best of %d):" % args.repeat)
    print()
    print("| calibrator | seconds | JIT compile, s |")
    print("|---|---|---|")
    for k, (v, c) in calib_times.items():
        print("| %s | %.2f | %s |" % (k, v, "-" if c is None else "%.2f" % c))
    print()
    print("10000 test images, batch %d; time = best of %d, whole data set; "
          "ratio = ORT int8 (MinMax) time / this row's time (above 1: faster than ORT int8):" % (batch, args.repeat))
    print()
    head = "| model | top-1 % | drop (points) |" + "".join(
        " ms, %d thr | ratio, %d thr |" % (t, t) for t in threads)
    print(head)
    print("|" + "---|" * (3 + 2 * len(threads)))
    ref_acc = rows[0][1]
    ort_int8 = next(r for r in rows if r[0].startswith("ORT int8 QDQ (MinMax"))
    for name, acc, times in rows:
        cells = "".join(" %.0f | %.2f |" % (times[t], ort_int8[2][t] / times[t]) for t in threads)
        print("| %s | %.2f | %+.2f |%s" % (name, acc, ref_acc - acc, cells))


if __name__ == "__main__":
    main()
