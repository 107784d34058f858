#!/usr/bin/env python3
"""Float ONNX models for the whole-model benchmark (bench/models.py).

    python3 bench/gen_models.py resnet out.onnx [--size 224] [--width 0.5]
    python3 bench/gen_models.py mobilenetv2 out.onnx [--size 224] [--width 1.0]

Both are built with the onnx helper API, NCHW, batch 1, opset 13, with
He-initialised random weights (a fixed seed, so every run of the benchmark
measures the same network):

- resnet: ResNet-50's layout (v1.5): a 7x7 stride-2 stem conv + BN + ReLU,
  3x3 stride-2 max pooling, then bottleneck residual blocks (1x1 reduce, 3x3
  with the stage's stride, 1x1 expand x4, each conv followed by
  BatchNormalization, ReLU after the first two and after the residual Add;
  a 1x1 projection conv + BN on the shortcut where the shape changes) in
  stages of [3, 4, 6, 3] blocks with strides [1, 2, 2, 2], global average
  pooling, Flatten and a 1000-way Gemm. `width` scales the channels (1.0 is
  ResNet-50: 64..2048 channels).
- mobilenetv2: MobileNetV2's layout: a 3x3 stride-2 stem conv, inverted
  residual blocks (1x1 expand x t, depthwise 3x3 with the block's stride,
  1x1 linear projection; BN after each conv, ReLU6 = Clip(0, 6) after the
  first two; a residual Add where the stride is 1 and the channels match)
  with MobileNetV2's (t, c, n, s) table, a 1x1 conv to 1280 channels,
  global average pooling, Flatten and a 1000-way Gemm.

BatchNormalization follows every conv (inference form, constant
statistics); the importer and ONNX Runtime both fold it into the conv. The
last BN of each residual branch has a small gamma (0.25) so that activations
do not grow with depth, as zero-init-residual training would leave them.
"""

import argparse
import math

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


class Builder:
    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.nodes, self.inits = [], []
        self.count = 0

    def name(self, prefix):
        self.count += 1
        return "%s%d" % (prefix, self.count)

    def const(self, name, array):
        self.inits.append(numpy_helper.from_array(array, name))
        return name

    def conv_bn(self, x, cin, cout, k, stride=1, groups=1, act=None,
                gamma=1.0):
        """Conv (He init, no bias) + BatchNormalization [+ ReLU / ReLU6]."""
        n = self.name("conv")
        fan_in = (cin // groups) * k * k
        w = self.rng.normal(0.0, math.sqrt(2.0 / fan_in),
                            (cout, cin // groups, k, k)).astype(np.float32)
        self.const(n + ".w", w)
        pad = k // 2
        self.nodes.append(helper.make_node(
            "Conv", [x, n + ".w"], [n], name=n, kernel_shape=[k, k],
            strides=[stride, stride], pads=[pad] * 4, group=groups))
        scale = (gamma * self.rng.uniform(0.8, 1.2, cout)).astype(np.float32)
        bias = self.rng.normal(0.0, 0.05, cout).astype(np.float32)
        mean = self.rng.normal(0.0, 0.05, cout).astype(np.float32)
        var = self.rng.uniform(0.8, 1.2, cout).astype(np.float32)
        for s, a in (("scale", scale), ("bias", bias), ("mean", mean),
                     ("var", var)):
            self.const(n + ".bn." + s, a)
        y = n + ".bn"
        self.nodes.append(helper.make_node(
            "BatchNormalization",
            [n, n + ".bn.scale", n + ".bn.bias", n + ".bn.mean", n + ".bn.var"],
            [y], name=y, epsilon=1e-5))
        if act == "relu":
            r = y + ".relu"
            self.nodes.append(helper.make_node("Relu", [y], [r], name=r))
            return r
        if act == "relu6":
            r = y + ".relu6"
            lo = self.const(r + ".min", np.array(0.0, np.float32))
            hi = self.const(r + ".max", np.array(6.0, np.float32))
            self.nodes.append(helper.make_node("Clip", [y, lo, hi], [r], name=r))
            return r
        return y

    def add(self, a, b, relu=False):
        n = self.name("add")
        self.nodes.append(helper.make_node("Add", [a, b], [n], name=n))
        if relu:
            r = n + ".relu"
            self.nodes.append(helper.make_node("Relu", [n], [r], name=r))
            return r
        return n

    def head(self, x, cin, classes=1000):
        g = self.name("gap")
        self.nodes.append(helper.make_node("GlobalAveragePool", [x], [g], name=g))
        f = self.name("flatten")
        self.nodes.append(helper.make_node("Flatten", [g], [f], name=f, axis=1))
        fc = self.name("fc")
        w = self.rng.normal(0.0, math.sqrt(1.0 / cin),
                            (classes, cin)).astype(np.float32)
        b = self.rng.normal(0.0, 0.01, classes).astype(np.float32)
        self.const(fc + ".w", w)
        self.const(fc + ".b", b)
        self.nodes.append(helper.make_node(
            "Gemm", [f, fc + ".w", fc + ".b"], ["y"], name=fc, transB=1))

    def model(self, name, size, classes=1000):
        graph = helper.make_graph(
            self.nodes, name,
            [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                           [1, 3, size, size])],
            [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, classes])],
            self.inits)
        m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
        m.ir_version = 8
        onnx.checker.check_model(m)
        return m


def channels(c, width):
    return max(8, int(round(c * width / 8.0)) * 8)


def resnet(size=224, width=0.5, blocks=(3, 4, 6, 3), seed=0):
    b = Builder(seed)
    c = channels(64, width)
    x = b.conv_bn("x", 3, c, 7, stride=2, act="relu")
    p = b.name("maxpool")
    b.nodes.append(helper.make_node("MaxPool", [x], [p], name=p,
                                    kernel_shape=[3, 3], strides=[2, 2],
                                    pads=[1, 1, 1, 1]))
    x, cin = p, c
    for stage, (n, stride) in enumerate(zip(blocks, (1, 2, 2, 2))):
        mid = channels(64 * 2 ** stage, width)
        cout = 4 * mid
        for i in range(n):
            s = stride if i == 0 else 1
            y = b.conv_bn(x, cin, mid, 1, act="relu")
            y = b.conv_bn(y, mid, mid, 3, stride=s, act="relu")
            y = b.conv_bn(y, mid, cout, 1, gamma=0.25)
            short = x if (s == 1 and cin == cout) else b.conv_bn(
                x, cin, cout, 1, stride=s)
            x, cin = b.add(y, short, relu=True), cout
    b.head(x, cin)
    return b.model("resnet", size)


# MobileNetV2's (expansion t, channels c, repeats n, stride s).
MOBILENETV2 = ((1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2),
               (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1))


def mobilenetv2(size=224, width=1.0, seed=0):
    b = Builder(seed)
    cin = channels(32, width)
    x = b.conv_bn("x", 3, cin, 3, stride=2, act="relu6")
    for t, c, n, s in MOBILENETV2:
        cout = channels(c, width)
        for i in range(n):
            stride = s if i == 0 else 1
            hidden = cin * t
            y = x
            if t != 1:
                y = b.conv_bn(y, cin, hidden, 1, act="relu6")
            y = b.conv_bn(y, hidden, hidden, 3, stride=stride, groups=hidden,
                          act="relu6")
            y = b.conv_bn(y, hidden, cout, 1, gamma=0.25)
            x = b.add(y, x) if stride == 1 and cin == cout else y
            cin = cout
    last = max(1280, channels(1280, width))
    x = b.conv_bn(x, cin, last, 1, act="relu6")
    b.head(x, last)
    return b.model("mobilenetv2", size)


def build(kind, size, width):
    if kind == "resnet":
        return resnet(size, width)
    if kind == "mobilenetv2":
        return mobilenetv2(size, width)
    raise ValueError("unknown model kind '%s' (resnet, mobilenetv2)" % kind)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("kind", choices=("resnet", "mobilenetv2"))
    ap.add_argument("out")
    ap.add_argument("--size", type=int, default=224)
    ap.add_argument("--width", type=float, default=None,
                    help="channel multiplier (default: resnet 0.5, "
                         "mobilenetv2 1.0)")
    args = ap.parse_args()
    width = args.width if args.width else (0.5 if args.kind == "resnet" else 1.0)
    onnx.save(build(args.kind, args.size, width), args.out)


if __name__ == "__main__":
    main()
