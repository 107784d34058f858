#!/usr/bin/env python3
"""check_expected.py CASES.mlir < runner-output

Compares what an execution test printed (one printMemref* block per case, in
order) with the `// EXPECTED <name>: v0 v1 ...` comments of CASES.mlir. The
expected values come from an independent reference (exact rational
arithmetic, see Inputs/gen_exec_cases.py), never from the code under test.
Exits 1 and names the first mismatching case otherwise."""
import math
import re
import sys


def main():
    path = sys.argv[1]
    expected = []
    with open(path) as f:
        for line in f:
            m = re.match(r"//\s+EXPECTED (\S+): (.*)", line)
            if m:
                expected.append((m.group(1), m.group(2).split()))
    out = sys.stdin.read()
    blocks = re.split(r"Unranked Memref[^\n]*\n", out)[1:]
    ok = True
    if len(blocks) != len(expected):
        print("check_expected: %d printed results, %d expected" %
              (len(blocks), len(expected)))
        ok = False

    def eq(a, b):
        try:
            fa, fb = float(a), float(b)
        except ValueError:
            return a == b
        if math.isnan(fa) and math.isnan(fb):
            return True
        # printMemrefF32 prints 6 significant digits.
        return fa == fb or float("%g" % fb) == fa

    for (name, exp), block in zip(expected, blocks):
        got = re.findall(r"-?nan|-?inf|[-+0-9.e]+", block)
        if len(got) != len(exp) or not all(eq(a, b) for a, b in zip(got, exp)):
            ok = False
            print("MISMATCH %s\n  expected %s\n  got      %s" %
                  (name, " ".join(exp), " ".join(got)))
    print("check_expected: %s: %d cases %s" %
          (path.split("/")[-1], len(expected), "PASS" if ok else "FAIL"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
