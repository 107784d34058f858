#!/usr/bin/env python3
"""Read Fashion-MNIST from Debian's dataset-fashion-mnist package (numpy only).

The package (`apt-get install dataset-fashion-mnist`, listed in
scripts/setup.sh) installs the original gzip'ed IDX files in
/usr/share/datasets/fashion-mnist/:
  train-images-idx3-ubyte.gz  train-labels-idx1-ubyte.gz   (60000)
  t10k-images-idx3-ubyte.gz   t10k-labels-idx1-ubyte.gz    (10000)
Another directory (holding the same files, .gz or not) can be given with
$FASHION_MNIST_DIR or the data_dir argument.

    import fashion_mnist
    x, y = fashion_mnist.load("test")          # uint8 10000x28x28, uint8 10000
    x = fashion_mnist.to_float(x)              # float32 10000x28x28x1 in [0, 1]
    for xb, yb in fashion_mnist.batches("test", 100): ...   # model-ready batches

Command line: python3 scripts/fashion_mnist.py [--split test] [--out x.npy]
[--labels y.npy] [--count N] prints a summary and optionally writes the first
N images (float32 NHWC, /255) and labels as .npy files.
"""

import argparse
import gzip
import os
import sys

import numpy as np

DEFAULT_DIR = "/usr/share/datasets/fashion-mnist"
FILES = {"train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
         "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")}
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
           "Shirt", "Sneaker", "Bag", "Ankle boot"]


def data_dir(path=None):
    return path or os.environ.get("FASHION_MNIST_DIR") or DEFAULT_DIR


def available(path=None):
    """True when all four IDX files are present."""
    try:
        for s in FILES:
            for f in FILES[s]:
                _find(data_dir(path), f)
        return True
    except FileNotFoundError:
        return False


def _find(d, name):
    for n in (name + ".gz", name):
        p = os.path.join(d, n)
        if os.path.exists(p):
            return p
    raise FileNotFoundError(
        "%s(.gz) not found in %s: install the Debian package dataset-fashion-mnist "
        "(scripts/setup.sh) or set FASHION_MNIST_DIR" % (name, d))


def read_idx(path):
    """Parse an IDX file (optionally gzip'ed) into a numpy array."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise ValueError("%s: not an IDX file" % path)
    dtypes = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4",
              0x0D: ">f4", 0x0E: ">f8"}
    dt = np.dtype(dtypes[data[2]])
    ndim = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    off = 4 + 4 * ndim
    arr = np.frombuffer(data, dt, count=int(np.prod(shape)), offset=off)
    return arr.reshape(shape).astype(dt.newbyteorder("="))


def load(split="train", path=None):
    """(images uint8 Nx28x28, labels uint8 N) for split 'train' or 'test'."""
    if split not in FILES:
        raise ValueError("split must be 'train' or 'test'")
    d = data_dir(path)
    x = read_idx(_find(d, FILES[split][0]))
    y = read_idx(_find(d, FILES[split][1]))
    assert x.shape[0] == y.shape[0] and x.shape[1:] == (28, 28)
    return x, y


def to_float(x):
    """uint8 images (Nx28x28 or Nx28x28x1) -> float32 Nx28x28x1 in [0, 1]
    (x / 255), the input of examples/fashion_mnist/model.mlir."""
    x = np.asarray(x)
    return (x.reshape(x.shape[0], 28, 28, 1).astype(np.float32) / np.float32(255.0))


def batches(split="test", batch=100, path=None, count=None):
    """Yield (float32 batch x 28 x 28 x 1, uint8 labels) of whole batches."""
    x, y = load(split, path)
    n = x.shape[0] if count is None else min(count, x.shape[0])
    for i in range(0, n - batch + 1, batch):
        yield to_float(x[i:i + batch]), y[i:i + batch]


def main():
    ap = argparse.ArgumentParser(description="Fashion-MNIST IDX reader")
    ap.add_argument("--split", default="test", choices=sorted(FILES))
    ap.add_argument("--dir", help="directory of the IDX files (default %s)" % DEFAULT_DIR)
    ap.add_argument("--count", type=int, help="first N images only")
    ap.add_argument("--out", help="write the images (float32 Nx28x28x1, /255)")
    ap.add_argument("--labels", help="write the labels (uint8 N)")
    a = ap.parse_args()
    x, y = load(a.split, a.dir)
    if a.count:
        x, y = x[:a.count], y[:a.count]
    print("%s: %d images %s, labels %s, class counts %s"
          % (a.split, x.shape[0], "x".join(map(str, x.shape[1:])), y.dtype,
             np.bincount(y, minlength=10).tolist()))
    if a.out:
        np.save(a.out, to_float(x))
    if a.labels:
        np.save(a.labels, y)
    return 0


if __name__ == "__main__":
    sys.exit(main())
