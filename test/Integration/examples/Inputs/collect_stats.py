#!/usr/bin/env python3
"""Calibration statistics for an annotated model by an independent route, to
check `quant-run calibrate` against: run the annotated model (its
unbound qnn.simulated_quantize ops are the identity) with every named input /
activation tensor added to the results, and hand the tensors to
scripts/make_stats.py, the reference writer of statistics files.

  collect_stats.py annotated.mlir --quant-run PATH --input x.npy
                   --work-dir DIR -o stats.json

The module must hold one function, @main, printed by quant-opt (one op per
line, `return` on its own line), as the examples are.
"""

import argparse
import os
import re
import subprocess
import sys

import numpy as np

SQ_RE = re.compile(r'^\s*%[\w.$-]+ = qnn\.simulated_quantize (%[\w.$#-]+) '
                   r'\{(.*)\} : (tensor<[^>]*>)\s*$')
FUNC_RE = re.compile(r"^(\s*func\.func @main\((.*)\)) -> (.*) \{\s*$")
RET_RE = re.compile(r"^(\s*)return (.*) : (.*)$")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--quant-run", required=True)
    ap.add_argument("--input", required=True, action="append")
    ap.add_argument("--work-dir", required=True)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--bins", type=int, default=8001,
                    help="histogram bins (quant-run calibrate's default)")
    args = ap.parse_args()

    lines = open(args.model).read().split("\n")
    # Unbound simulated_quantize ops are the identity: a tensor is the value
    # at the head of its chain of them. (Returning one value twice crashes
    # the runner's buffer-results-to-out-params, so each source value is
    # returned once.)
    source = {}
    taps = []  # (name, ssa value)
    types = {}
    for line in lines:
        m = SQ_RE.match(line)
        if not m:
            continue
        value, attrs, ty = m.groups()
        result = line.split("=")[0].strip()
        source[result] = source.get(value, value)
        types[source[result]] = ty
        kind = re.search(r"kind = #qnn\.kind<(\w+)>", attrs).group(1)
        name = re.search(r'name = "([^"]*)"', attrs)
        if kind == "weight" or not name:
            continue
        taps.append((name.group(1), source[result]))
    if not taps:
        sys.exit("collect_stats: no named input / activation tensors")

    out = []
    n_results = None
    res_types = None
    func_head = None
    index = {}  # tap name -> result index
    for line in lines:
        f = FUNC_RE.match(line)
        r = RET_RE.match(line)
        if f:
            func_head = f.group(1)
            results = f.group(3).strip()
            if results.startswith("("):
                results = results[1:-1]
            res_types = [t.strip()
                         for t in re.split(r",\s*(?=tensor<)", results)]
        elif r and res_types is not None:
            values = [v.strip() for v in r.group(2).split(",")]
            sources = [source.get(v, v) for v in values]
            n_results = len(values)
            for name, src in taps:
                if src not in sources:
                    sources.append(src)
                    values.append(src)
                    res_types.append(types[src])
                index[name] = sources.index(src)
            line = "%sreturn %s : %s" % (r.group(1), ", ".join(values),
                                         ", ".join(res_types))
            for i, l in enumerate(out):
                if l.startswith(func_head):
                    out[i] = "%s -> (%s) {" % (func_head, ", ".join(res_types))
        out.append(line)
    if n_results is None:
        sys.exit("collect_stats: no func.func @main")
    n_total = len(res_types)

    os.makedirs(args.work_dir, exist_ok=True)
    tapped = os.path.join(args.work_dir, "tapped.mlir")
    with open(tapped, "w") as f:
        f.write("\n".join(out))
    cmd = [args.quant_run, "run", tapped]
    for x in args.input:
        cmd += ["--input", x]
    files = []
    for i in range(n_total):
        files.append(os.path.join(args.work_dir, "r%d.npy" % i))
        cmd += ["-o", files[-1]]
    subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
    data = {name: np.load(files[index[name]]) for name, _ in taps}
    npz = os.path.join(args.work_dir, "tensors.npz")
    np.savez(npz, **data)
    make_stats = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                              "..", "..", "..", "..", "scripts", "make_stats.py")
    samples = len(np.load(args.input[0])) if args.input else 0
    subprocess.run([sys.executable, make_stats, "write", args.model,
                    "--npz", npz, "--samples", str(samples),
                    "--bins", str(args.bins),
                    "-o", args.output], check=True)


if __name__ == "__main__":
    main()
