#!/usr/bin/env python3
"""Per-op-kind breakdown of `quant-run profile --json` tables (int8 vs fp32).

    python3 bench/profile_breakdown.py --fp32 fp32.mlir fp32.json \\
        --int8 int8.mlir int8.json [--title NAME]

Each .mlir is the profiled model printed with
`quant-opt --mlir-elide-elementsattrs-if-larger=4 --mlir-print-debuginfo`
(text: the op order, conv kernel shapes and layer names are read from it);
each .json is `quant-run profile <model> --json` of that model. A layer's
kind is that of its first op: conv KxK (stride), depthwise KxK, fc
(matmul, its bias add), residual add + ReLU (the ReLU after an add holds
what the lowering merged into it: the add, int8 requantizes), pooling,
quantize / dequantize, standalone elementwise (requantize, clamp), layout
(transpose, reshape, pad, slice, concat). A `conv+epilogue` layer (grouped
by quant-run profile on a target that fuses them) counts as conv.
Prints a markdown table (time per kind in each model, share, fp32/int8),
then the --worst convolutions farthest from --goal (the i-th conv of the
fp32 model paired with the i-th of the int8 one). Not a test.
"""
import argparse
import json
import re
from collections import OrderedDict, defaultdict

OP_RE = re.compile(r'^\s*%[\w#:]+ = "?([a-z_]+\.[a-z_0-9]+)"?(.*)$')


def parse_model(path):
    """Per layer name: (op name, kernel [kh, kw], stride, depthwise)."""
    aliases = {}
    lines = open(path).read().splitlines()
    for line in lines:
        m = re.match(r'^(#loc\d*) = loc\("([^"]+)"\)$', line)
        if m:
            aliases[m.group(1)] = m.group(2)
    info, unnamed = {}, defaultdict(int)
    prev = None
    for line in lines:
        m = OP_RE.match(line)
        if not m or m.group(1) in ("arith.constant", "tosa.const",
                                   "tosa.const_shape"):
            continue
        op, rest = m.group(1), m.group(2)
        name = None
        lm = re.search(r'loc\((#loc\d*)\)\s*$', rest)
        if lm and lm.group(1) in aliases:
            name = aliases[lm.group(1)]
        lm = re.search(r'loc\("([^"]+)"\)\s*$', rest)
        if lm:
            name = lm.group(1)
        if name is None:
            short = op.split(".", 1)[1]
            name = "%s_%d" % (short, unnamed[op])
            unnamed[op] += 1
        kernel, stride, dw = None, 1, False
        if op in ("qnn.conv2d", "tosa.conv2d", "tosa.depthwise_conv2d"):
            types = re.findall(r"tensor<([0-9x]+)x[a-z]+[0-9]*>", rest)
            w = [int(d) for d in types[1].split("x")]
            if op == "tosa.depthwise_conv2d":
                kernel, dw = w[0:2], True
            else:
                kernel = w[1:3]
                dw = "groups" in rest and w[3] == 1
            sm = re.search(r"strides? = array<i64: (\d+)", rest)
            stride = int(sm.group(1)) if sm else 1
        info.setdefault(name, (op, kernel, stride, dw, prev))
        prev = op
    return info


def kind(layer, info):
    first = layer["layer"].split("+")[0]
    op, kernel, stride, dw, prev = info.get(
        first, (layer["op"].split("+")[0], None, 1, False, None))
    if kernel:
        k = "%dx%d" % tuple(kernel)
        s = " s2" if stride == 2 else ""
        return ("depthwise %s%s" % (k, s)) if dw else ("conv %s%s" % (k, s))
    short = op.split(".", 1)[1]
    rank = layer["shape"].count(",") + 1
    if short == "matmul" or (short == "add" and rank < 4):
        return "fc (matmul, bias)"
    if short == "add" or (short == "clamp" and prev and prev.endswith(".add")):
        # The ReLU after a residual add holds the add (and the requantizes
        # of its inputs in int8): the lowering merges them into it.
        return "residual add + ReLU"
    if short in ("max_pool2d", "avg_pool2d"):
        return "pooling"
    if short in ("quantize", "dequantize"):
        return "quantize / dequantize"
    if short in ("requantize", "clamp", "mul", "rescale"):
        return "elementwise (requantize, clamp)"
    return "layout (transpose, reshape, pad, slice)"


def breakdown(model, profile):
    info = parse_model(model)
    rep = json.load(open(profile))
    times = OrderedDict()
    counts = defaultdict(int)
    for layer in rep["layers"]:
        k = kind(layer, info)
        times[k] = times.get(k, 0.0) + layer["time_us"]
        counts[k] += 1
    return times, counts, rep


def conv_times(model, profile):
    """[(layer, kind, us)] of the convolutions, in the model's order."""
    info = parse_model(model)
    rows = {l["layer"].split("+")[0]: l for l in json.load(open(profile))["layers"]}
    out = []
    for name, (op, kernel, stride, dw, prev) in info.items():
        if kernel and name in rows:
            out.append((rows[name]["layer"], kind(rows[name], info),
                        rows[name]["time_us"], rows[name]["shape"]))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fp32", nargs=2, required=True)
    ap.add_argument("--int8", nargs=2, required=True)
    ap.add_argument("--title", default="")
    ap.add_argument("--worst", type=int, default=12,
                    help="list the N convolutions farthest from --goal")
    ap.add_argument("--goal", type=float, default=3.5)
    a = ap.parse_args()
    ft, fc, frep = breakdown(*a.fp32)
    it, ic, irep = breakdown(*a.int8)
    kinds = sorted(set(ft) | set(it), key=lambda k: -(ft.get(k, 0)))
    ftot, itot = sum(ft.values()), sum(it.values())
    print("%s: layers total fp32 %.0f us, int8 %.0f us (%.2fx); end-to-end "
          "fp32 %.0f us, int8 %.0f us (%.2fx)" % (
              a.title, ftot, itot, ftot / itot, frep["end_to_end_us"],
              irep["end_to_end_us"],
              frep["end_to_end_us"] / irep["end_to_end_us"]))
    print()
    print("| kind | layers fp32 / int8 | fp32 us | fp32 % | int8 us | int8 % "
          "| fp32/int8 speed-up |")
    print("|---|---|---|---|---|---|---|")
    for k in kinds:
        f, i = ft.get(k, 0.0), it.get(k, 0.0)
        print("| %s | %d / %d | %.0f | %.1f | %.0f | %.1f | %s |" % (
            k, fc[k], ic[k], f, 100 * f / ftot, i, 100 * i / itot,
            "%.2fx" % (f / i) if f > 0 and i > 0 else "-"))
    # The i-th convolution of the fp32 model is the i-th of the int8 one.
    fcv, icv = conv_times(a.fp32[0], a.fp32[1]), conv_times(a.int8[0], a.int8[1])
    if a.worst and len(fcv) == len(icv):
        pairs = [(i[2] - f[2] / a.goal, f, i) for f, i in zip(fcv, icv)]
        pairs.sort(key=lambda p: -p[0])
        print()
        print("Convolutions farthest from fp32/int8 = %.1fx (excess = int8 us - "
              "fp32 us / %.1f):" % (a.goal, a.goal))
        print()
        print("| fp32 layer | int8 layer | kind | output | fp32 us | int8 us "
              "| speed-up | excess us |")
        print("|---|---|---|---|---|---|---|---|")
        for ex, f, i in pairs[:a.worst]:
            print("| %s | %s | %s | %s | %.0f | %.0f | %.2fx | %.0f |" % (
                f[0], i[0], i[1], i[3], f[2], i[2], f[2] / i[2], ex))
        print()
        print("Sum of positive excess over all %d convolutions: %.0f us" % (
            len(pairs), sum(p[0] for p in pairs if p[0] > 0)))


if __name__ == "__main__":
    main()
