#!/usr/bin/env python3
"""Train a small CNN on Fashion-MNIST in pure numpy and export it as TOSA.

Model (NHWC, input B x 28 x 28 x 1 float in [0, 1] = uint8 / 255):
  conv1 3x3 1->8 pad 1 + relu1 -> pool1 max 2x2/2       -> B x 14 x 14 x 8
  conv2 3x3 8->16 pad 1 + relu2 -> pool2 max 2x2/2      -> B x 7 x 7 x 16
  flatten (NHWC order) 784 -> fc1 784->64 + relu3 -> fc2 64->10 (logits)
Training: im2col + BLAS, softmax cross-entropy, Adam (lr 2e-3, cosine decay,
weight decay 1e-4 on the weights), batch 128, fixed seed, float32.  The
weights go into model.mlir exactly (shortest round-trip decimals; fc1, the
one constant of more than 4096 elements, as hex bytes).

Writes examples/fashion_mnist/:
  model.mlir    TOSA (MLIR 22), @main(tensor<100x28x28x1xf32>) -> tensor<100x10xf32>
  weights.npz   conv OHWI, matmul B 1xKxN, bias 1x1xN (float32)
  calib.npy     the first 1000 training images, uint8 1000x28x28x1
                (model input = calib.astype(float32) / 255, 10 batches of 100)
  calib_labels.npy  their labels, uint8 1000
  input.npy     the first 100 test images, float32 100x28x28x1 (runnable as is)
  labels.npy    their labels, uint8 100
  ref_fp32.npy  logits of the numpy model on input.npy, float32 100x10
The full test set comes from scripts/fashion_mnist.py (Debian's
dataset-fashion-mnist); it is too big to commit.

Checks: fp32 accuracy of the numpy model on all 10000 test images; an
independent float64 forward pass (scripts/gen_examples.py helpers) agrees with
the training code; the TOSA model run with upstream mlir-opt + mlir-runner
(and with --quant-run PATH, QuantMLIR's quant-run) on input.npy matches
ref_fp32.npy within --atol (1e-4).

Usage: OMP_NUM_THREADS=1 python3 scripts/train_fashion_mnist.py [--epochs 6]
           [--seed 0] [--out-dir examples/fashion_mnist] [--quant-run PATH]
"""

import argparse
import os
import shutil
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fashion_mnist  # noqa: E402
import gen_examples as gx  # noqa: E402  (numpy reference ops, MLIR emitter, checks)

B = 100  # batch of the exported model
F32 = np.float32


# ----------------------------------------------------------------------------
# layers (float32, NHWC); each forward returns (out, cache)
# ----------------------------------------------------------------------------
def im2col3x3(x):
    """3x3, stride 1, pad 1: N x H x W x C -> (N*H*W) x (9*C), tap-major
    (kh, kw, c) to match OHWI weights reshaped to O x (9*C)."""
    n, h, w, c = x.shape
    xp = np.zeros((n, h + 2, w + 2, c), F32)
    xp[:, 1:-1, 1:-1] = x
    cols = np.empty((n, h, w, 9, c), F32)
    for i in range(3):
        for j in range(3):
            cols[:, :, :, 3 * i + j] = xp[:, i:i + h, j:j + w]
    return cols.reshape(n * h * w, 9 * c)


def col2im3x3(dcols, shape):
    n, h, w, c = shape
    d = dcols.reshape(n, h, w, 9, c)
    dxp = np.zeros((n, h + 2, w + 2, c), F32)
    for i in range(3):
        for j in range(3):
            dxp[:, i:i + h, j:j + w] += d[:, :, :, 3 * i + j]
    return dxp[:, 1:-1, 1:-1]


def conv_fwd(x, w, b):
    o = w.shape[0]
    cols = im2col3x3(x)
    y = cols @ w.reshape(o, -1).T + b
    return y.reshape(x.shape[:3] + (o,)), (cols, x.shape)


def conv_bwd(dy, w, cache, need_dx=True):
    cols, xshape = cache
    o = w.shape[0]
    d = dy.reshape(-1, o)
    dw = (d.T @ cols).reshape(w.shape)
    db = d.sum(0)
    dx = col2im3x3(d @ w.reshape(o, -1), xshape) if need_dx else None
    return dx, dw, db


def pool_fwd(x):
    n, h, w, c = x.shape
    r = x.reshape(n, h // 2, 2, w // 2, 2, c)
    y = r.max(axis=(2, 4))
    mask = r == y[:, :, None, :, None, :]
    # one winner per window (the first), so the gradient is not duplicated
    first = np.cumsum(np.cumsum(mask, axis=2), axis=4) == 1
    return y, (mask & first, x.shape)


def pool_bwd(dy, cache):
    mask, shape = cache
    return (mask * dy[:, :, None, :, None, :]).reshape(shape)


def forward(p, x, train=False):
    """Logits (float32) of a float32 N x 28 x 28 x 1 batch."""
    c = {}
    h, c["conv1"] = conv_fwd(x, p["conv1.weight"], p["conv1.bias"])
    c["relu1"] = h = np.maximum(h, 0)
    h, c["pool1"] = pool_fwd(h)
    h, c["conv2"] = conv_fwd(h, p["conv2.weight"], p["conv2.bias"])
    c["relu2"] = h = np.maximum(h, 0)
    h, c["pool2"] = pool_fwd(h)
    c["flat"] = h = h.reshape(h.shape[0], -1)
    h = h @ p["fc1.weight"][0] + p["fc1.bias"][0]
    c["relu3"] = h = np.maximum(h, 0)
    out = h @ p["fc2.weight"][0] + p["fc2.bias"][0]
    return (out, c) if train else out


def backward(p, c, dlogits):
    g = {}
    g["fc2.weight"] = (c["relu3"].T @ dlogits)[None]
    g["fc2.bias"] = dlogits.sum(0)[None, None]
    dh = (dlogits @ p["fc2.weight"][0].T) * (c["relu3"] > 0)
    g["fc1.weight"] = (c["flat"].T @ dh)[None]
    g["fc1.bias"] = dh.sum(0)[None, None]
    dh = (dh @ p["fc1.weight"][0].T).reshape(c["pool2"][1][0:1] + (7, 7, 16))
    dh = pool_bwd(dh, c["pool2"]) * (c["relu2"] > 0)
    dh, g["conv2.weight"], g["conv2.bias"] = conv_bwd(dh, p["conv2.weight"], c["conv2"])
    dh = pool_bwd(dh, c["pool1"]) * (c["relu1"] > 0)
    _, g["conv1.weight"], g["conv1.bias"] = conv_bwd(dh, p["conv1.weight"], c["conv1"],
                                                      need_dx=False)
    return g


def init_params(rng):
    def he(shape, fan_in):
        return (rng.standard_normal(shape) * np.sqrt(2.0 / fan_in)).astype(F32)
    return {"conv1.weight": he((8, 3, 3, 1), 9), "conv1.bias": np.zeros(8, F32),
            "conv2.weight": he((16, 3, 3, 8), 72), "conv2.bias": np.zeros(16, F32),
            "fc1.weight": he((1, 784, 64), 784), "fc1.bias": np.zeros((1, 1, 64), F32),
            "fc2.weight": he((1, 64, 10), 64), "fc2.bias": np.zeros((1, 1, 10), F32)}


def predict(p, x, chunk=500):
    return np.concatenate([forward(p, x[i:i + chunk]) for i in range(0, len(x), chunk)])


def train(p, xtr, ytr, epochs, rng, batch=128, lr=2e-3, wd=1e-4, log=print):
    m = {k: np.zeros_like(v) for k, v in p.items()}
    v = {k: np.zeros_like(v) for k, v in p.items()}
    b1, b2, eps = 0.9, 0.999, 1e-8
    steps_per_epoch = len(xtr) // batch
    total, t = epochs * steps_per_epoch, 0
    for ep in range(epochs):
        perm = rng.permutation(len(xtr))
        t0, loss_sum, correct = time.time(), 0.0, 0
        for s in range(steps_per_epoch):
            idx = perm[s * batch:(s + 1) * batch]
            xb, yb = xtr[idx], ytr[idx]
            logits, cache = forward(p, xb, train=True)
            z = logits - logits.max(1, keepdims=True)
            e = np.exp(z)
            prob = e / e.sum(1, keepdims=True)
            loss_sum += -np.log(prob[np.arange(batch), yb] + 1e-12).sum()
            correct += int((logits.argmax(1) == yb).sum())
            dlogits = prob
            dlogits[np.arange(batch), yb] -= 1
            dlogits /= batch
            g = backward(p, cache, dlogits.astype(F32))
            t += 1
            lr_t = lr * 0.5 * (1 + np.cos(np.pi * (t - 1) / total))
            for k in p:
                gk = g[k]
                if k.endswith(".weight"):
                    gk = gk + wd * p[k]
                m[k] = b1 * m[k] + (1 - b1) * gk
                v[k] = b2 * v[k] + (1 - b2) * gk * gk
                mh = m[k] / (1 - b1 ** t)
                vh = v[k] / (1 - b2 ** t)
                p[k] = (p[k] - lr_t * mh / (np.sqrt(vh) + eps)).astype(F32)
        n = steps_per_epoch * batch
        log("epoch %d: loss %.4f train acc %.4f (%.1f s)"
            % (ep + 1, loss_sum / n, correct / n, time.time() - t0))
    return p


# ----------------------------------------------------------------------------
# independent float64 reference (scripts/gen_examples.py helpers) and MLIR
# ----------------------------------------------------------------------------
def reference_forward(w, x):
    """The exported model, from gen_examples' generic numpy ops (float64)."""
    A = {}
    A["conv1"] = h = gx.conv2d(x, w["conv1.weight"], w["conv1.bias"], pad=(1, 1, 1, 1))
    A["relu1"] = h = gx.relu(h)
    A["pool1"] = h = gx.max_pool2d(h, (2, 2), (2, 2))
    A["conv2"] = h = gx.conv2d(h, w["conv2.weight"], w["conv2.bias"], pad=(1, 1, 1, 1))
    A["relu2"] = h = gx.relu(h)
    A["pool2"] = h = gx.max_pool2d(h, (2, 2), (2, 2))
    h = h.reshape(1, x.shape[0], 784)
    A["fc1_bias"] = h = gx.matmul(h, w["fc1.weight"]) + w["fc1.bias"]
    A["relu3"] = h = gx.relu(h)
    A["fc2_bias"] = h = gx.matmul(h, w["fc2.weight"]) + w["fc2.bias"]
    return h.reshape(x.shape[0], 10), A


def model_mlir(w, acc_line):
    e = gx.Emitter(w, (B, 28, 28, 1))
    h = e.relu("relu1", e.conv2d("conv1", "%arg0", pad=(1, 1, 1, 1)))
    h = e.max_pool2d("pool1", h, (2, 2), (2, 2))
    h = e.relu("relu2", e.conv2d("conv2", h, pad=(1, 1, 1, 1)))
    h = e.max_pool2d("pool2", h, (2, 2), (2, 2))
    h = e.reshape("flatten", h, (1, B, 784))
    h = e.relu("relu3", e.dense("fc1", h))
    h = e.dense("fc2", h)
    h = e.reshape("output", h, (B, 10))
    return ("// Generated by scripts/train_fashion_mnist.py -- do not edit by hand.\n"
            + e.module(["Fashion-MNIST CNN: conv1 3x3 1->8 pad 1 + relu + maxpool 2x2/2,",
                        "conv2 3x3 8->16 pad 1 + relu + maxpool 2x2/2, flatten (NHWC) 784,",
                        "fc1 784->64 + relu, fc2 64->10 logits. Input: batch of %d" % B,
                        "images, float32 NHWC in [0, 1] (uint8 / 255).", acc_line],
                       (B, 28, 28, 1), h))


def readme(i):
    L = ["# fashion_mnist: a small CNN trained on Fashion-MNIST", "",
         "Generated, do not edit by hand (pure numpy, seed %d, %d epochs):" % (i["seed"],
                                                                             i["epochs"]),
         "", "    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python3 scripts/train_fashion_mnist.py",
         "", "It needs the Debian package `dataset-fashion-mnist` (scripts/setup.sh installs",
         "it); `scripts/fashion_mnist.py` reads its IDX files into numpy.", "",
         "    conv1 3x3 1->8 pad 1 + relu1 -> pool1 max 2x2/2      -> 100x14x14x8",
         "    conv2 3x3 8->16 pad 1 + relu2 -> pool2 max 2x2/2     -> 100x7x7x16",
         "    flatten (NHWC order, tosa.reshape 1x100x784) -> fc1 784->64 (tosa.matmul",
         "    + tosa.add) + relu3 -> fc2 64->10 -> output (tosa.reshape 100x10, logits)", "",
         "| file | content |", "|------|---------|",
         "| `model.mlir` | TOSA, `@main(tensor<100x28x28x1xf32>) -> tensor<100x10xf32>`, "
         "ops named by location (`loc(\"conv1\")`, ...), %.0f KB |" % (i["size"] / 1024.0),
         "| `weights.npz` | `conv1.weight` 8x3x3x1, `conv1.bias` 8, `conv2.weight` 16x3x3x8, "
         "`conv2.bias` 16 (OHWI), `fc1.weight` 1x784x64, `fc1.bias` 1x1x64, `fc2.weight` "
         "1x64x10, `fc2.bias` 1x1x10 (float32; in model.mlir `fc1.weight` is hex, the "
         "raw little-endian float32 bytes) |",
         "| `calib.npy` | calibration set: the first 1000 training images, **uint8** "
         "1000x28x28x1; model input = `calib[i:i+100].astype(float32) / 255` |",
         "| `calib_labels.npy` | their labels, uint8 1000 |",
         "| `input.npy` | the first 100 test images, float32 100x28x28x1 in [0, 1] "
         "(runnable as is) |",
         "| `labels.npy` | their labels, uint8 100 |",
         "| `ref_fp32.npy` | logits on `input.npy`, float32 100x10, from an independent "
         "float64 numpy forward pass (scripts/gen_examples.py ops) |", "",
         "## Accuracy", "",
         "fp32 test accuracy of this model (numpy, all 10000 test images): **%.2f%%**"
         % (100 * i["acc"]),
         "(train %.2f%%); %d/100 on `input.npy`."
         % (100 * i["train_acc"], round(100 * i["acc100"])),
         "Training: Adam (lr 2e-3, cosine decay, weight decay 1e-4), batch",
         "128, %d epochs, %.0f s with one BLAS thread on a shared 2-core machine."
         % (i["epochs"], i["t_train"]), "",
         "Accuracy on the whole test set with any runner (here numpy):", "",
         "    import sys; sys.path.insert(0, \"scripts\"); import fashion_mnist",
         "    correct = 0",
         "    for x, y in fashion_mnist.batches(\"test\", 100):   # float32 100x28x28x1, labels",
         "        correct += (run_model(x).argmax(1) == y).sum()", "",
         "## Activation ranges (the 1000 calibration images)", "",
         "Trained, not generated: fc1 and the logits exceed the data-free int8 range",
         "[-8, 8) of global scale 8.0, so this model is the case for calibration from",
         "data (`calib.npy`); conv2's negative side is cut by relu2 anyway.", ""]
    L += ["    %-10s [%+8.3f, %+8.3f]" % (k, lo, hi) for k, (lo, hi) in i["ranges"].items()]
    L += ["", "## Checks run by the trainer", "",
          "- float64 reference vs the float32 training code on `input.npy`: max diff %.1e"
          % i["agree"]] + ["- " + c for c in i["checks"]] + [""]
    return "\n".join(L)


def main():
    ap = argparse.ArgumentParser(description="train the Fashion-MNIST example")
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out-dir", default=os.path.join(HERE, "..", "examples", "fashion_mnist"))
    ap.add_argument("--data-dir", help="IDX directory (default: Debian's)")
    ap.add_argument("--no-check", action="store_true")
    ap.add_argument("--llvm-bin", default="/usr/lib/llvm-22/bin")
    ap.add_argument("--quant-run", help="also run model.mlir with this quant-run")
    ap.add_argument("--atol", type=float, default=1e-4)
    a = ap.parse_args()

    xtr8, ytr = fashion_mnist.load("train", a.data_dir)
    xte8, yte = fashion_mnist.load("test", a.data_dir)
    xtr, xte = fashion_mnist.to_float(xtr8), fashion_mnist.to_float(xte8)
    ytr, yte = ytr.astype(np.int64), yte.astype(np.int64)

    rng = np.random.default_rng(a.seed)
    p = init_params(rng)
    t0 = time.time()
    p = train(p, xtr, ytr, a.epochs, rng)
    t_train = time.time() - t0
    w = p
    logits = predict(w, xte)
    acc = float((logits.argmax(1) == yte).mean())
    train_acc = float((predict(w, xtr).argmax(1) == ytr).mean())
    print("training: %d epochs in %.1f s; test accuracy %.4f, train accuracy %.4f"
          % (a.epochs, t_train, acc, train_acc))

    d = a.out_dir
    os.makedirs(d, exist_ok=True)
    x100 = xte[:B]
    ref, acts = reference_forward(w, x100)
    ref32 = ref.astype(F32)
    agree = float(np.max(np.abs(ref - logits[:B])))
    print("float64 reference vs training code on input.npy: max diff %.2e" % agree)
    ok = agree < 1e-3
    # activation ranges over the 1000 calibration images (float64 reference)
    calib8 = xtr8[:1000].reshape(1000, 28, 28, 1)
    rng_stats = {}
    for i in range(0, 1000, B):
        _, A = reference_forward(w, fashion_mnist.to_float(calib8[i:i + B]))
        for k, v in A.items():
            lo, hi = rng_stats.get(k, (np.inf, -np.inf))
            rng_stats[k] = (min(lo, float(v.min())), max(hi, float(v.max())))
    for k, (lo, hi) in rng_stats.items():
        print("    %-10s [%+8.3f, %+8.3f]" % (k, lo, hi))

    acc_line = ("fp32 test accuracy %.2f%% on the 10000 Fashion-MNIST test images."
                % (100 * acc))
    text = model_mlir(w, acc_line)
    path = os.path.join(d, "model.mlir")
    open(path, "w").write(text)
    np.savez(os.path.join(d, "weights.npz"), **w)
    np.save(os.path.join(d, "calib.npy"), calib8)
    np.save(os.path.join(d, "calib_labels.npy"), ytr[:1000].astype(np.uint8))
    np.save(os.path.join(d, "input.npy"), x100)
    np.save(os.path.join(d, "labels.npy"), yte[:B].astype(np.uint8))
    np.save(os.path.join(d, "ref_fp32.npy"), ref32)

    checks = []
    if not a.no_check:
        tmp = tempfile.mkdtemp(prefix="fashion_mnist_")
        gx.verify(path, a.llvm_bin)
        checks.append("mlir-opt verifies and lowers model.mlir")
        good, msg = gx.check_constants(path, w, a.llvm_bin)
        ok &= good
        checks.append(msg)
        good, msg = gx.check_upstream(text, x100, ref32, a.llvm_bin, a.atol, tmp)
        ok &= good
        checks.append(msg + ("" if good else " FAIL"))
        if a.quant_run:
            good, msg = gx.check_quant_run(a.quant_run, path, x100, ref32, a.atol, tmp)
            ok &= good
            checks.append(msg + ("" if good else " FAIL"))
        shutil.rmtree(tmp, ignore_errors=True)
        for c in checks:
            print(c)
    acc100 = float((ref32.argmax(1) == yte[:B]).mean())
    print("input.npy: %d/%d correct" % (round(acc100 * B), B))
    print("written to %s (model.mlir %.1f KB)" % (d, os.path.getsize(path) / 1024.0))
    info = dict(epochs=a.epochs, seed=a.seed, t_train=t_train, acc=acc,
                train_acc=train_acc, acc100=acc100, ranges=rng_stats, checks=checks,
                size=os.path.getsize(path), agree=agree)
    open(os.path.join(d, "README.md"), "w").write(readme(info))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
