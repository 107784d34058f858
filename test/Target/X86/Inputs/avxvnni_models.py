#!/usr/bin/env python3
"""The bundled examples' int8 models lowered for x86-avxvnni.

  avxvnni_models.py QUANT_OPT QUANT_RUN QUANT_TRANSLATE OBJDUMP WORKDIR
                    SRC_ROOT MODE EXAMPLE[:asym] ...

Each example is quantized (data-free, or EXAMPLE:asym calibrated from its
input with asymmetric activations), legalized for x86-avxvnni (u8 data x s8
weights) and lowered with qnn-lower-to-llvm{target=x86-avxvnni}.
MODE scan: the module compiled by quant-translate --emit-obj (generic CPU,
  the functions' +avx2,+fma,+avxvnni) must hold VEX vpdpbusd on ymm and no
  EVEX-encoded instruction (first byte 0x62 in 64-bit mode), no zmm, no
  opmask register.
MODE vex: also run by quant-run (needs a CPU with AVX-VNNI) and compared,
  bit for bit, with the model lowered with target=generic (plain loops, the
  reference lowering).
MODE evex: as vex, but the lowered module's target features are swapped for
  AVX512-VNNI + VL first (the same IR, vpdpbusd EVEX-encoded: a CPU with
  AVX512-VNNI but without AVX-VNNI).
Prints "PASS name ..." / "FAIL name ..." per model, then "ALL PASS" or
exits 1.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "Inputs"))
import check_util  # noqa: E402

QOPT, QRUN, QTRANS, OBJDUMP, WORK, SRC, MODE = sys.argv[1:8]
assert MODE in ("scan", "vex", "evex")
os.makedirs(WORK, exist_ok=True)
failed = 0
EVEX_LINE = re.compile(r"^\s*[0-9a-f]+:\s+62 ", re.M)
FEATURES = '["+avx2", "+fma", "+avxvnni"]'


def run(*cmd):
    subprocess.run(list(cmd), check=True, stdout=subprocess.DEVNULL)


for spec in sys.argv[8:]:
    name, inp, p = check_util.quantize_example(QOPT, QRUN, SRC, WORK, spec)
    low = p(".avxvnni.mlir")
    run(QOPT, p(".int8.mlir"), "--qnn-legalize=target=x86-avxvnni",
        "--qnn-lower-to-llvm=target=x86-avxvnni", "-o", low)
    lowered = open(low).read()
    run(QTRANS, "--emit-obj", low, "-o", p(".o"))
    dis = subprocess.run([OBJDUMP, "-d", p(".o")], check=True, stdout=subprocess.PIPE,
                         universal_newlines=True).stdout
    vex = len(re.findall(r"\{vex\}\s+vpdpbusd\s+%ymm", dis))
    evex = len(EVEX_LINE.findall(dis))
    bad = len(re.findall(r"zmm|%k[0-7]", dis))
    ok = vex > 0 and evex == 0 and bad == 0 and FEATURES in lowered
    line = "%s vex_vpdpbusd=%s evex=%d zmm_or_k=%d" % (name, "yes" if vex else "NONE",
                                                      evex, bad)
    if MODE != "scan":
        import numpy as np
        if MODE == "evex":
            with open(low, "w") as f:
                f.write(lowered.replace(FEATURES, '["+avx2", "+fma", "+avx512f", '
                                        '"+avx512vl", "+avx512bw", "+avx512vnni"]'))
        ref = p(".generic.mlir")
        run(QOPT, p(".int8.mlir"), "--qnn-lower-to-llvm=target=generic", "-o", ref)
        run(QRUN, "run", ref, "--input", inp, "-o", p(".generic.npy"))
        run(QRUN, "run", low, "--input", inp, "-o", p(".avxvnni.npy"))
        got, want = np.load(p(".avxvnni.npy")), np.load(p(".generic.npy"))
        same = got.shape == want.shape and np.array_equal(got, want)
        ok = ok and same
        line += " equal=%s" % same
    print("%s %s" % ("PASS" if ok else "FAIL", line))
    failed += 0 if ok else 1

if failed:
    print("%d FAILED" % failed)
    sys.exit(1)
print("ALL PASS")
