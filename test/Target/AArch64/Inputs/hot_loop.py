#!/usr/bin/env python3
"""Summarizes the innermost loops of AArch64 assembly (llc / quant-translate
--emit-asm output) for FileCheck:

  hot_loop.py MNEMONIC [MNEMONIC...] < file.s

An innermost loop is a block that starts at a label and ends with a branch
back to that label, with no other label in between. For every function, the
loop with the most occurrences of the first MNEMONIC is printed as

  FUNC name: loop LABEL: N1 mnemonic1, N2 mnemonic2, ..., S stack

(S: instructions that address the stack, i.e. spills) or
"FUNC name: no loop with mnemonic1".
"""
import re
import sys

mnemonics = sys.argv[1:]
lines = sys.stdin.read().splitlines()
label_re = re.compile(r"^(\.?[A-Za-z_$][\w.$]*):")
branch_re = re.compile(r"^\s+(b|b\.\w+|cbn?z|tbn?z)\s+(?:.*,\s*)?(\.?[\w.$]+)\s*$")


def insn(line):
    s = line.split("//")[0].strip()
    if not s or s.startswith(".") or s.endswith(":"):
        return None
    return s


functions = []  # (name, [lines])
for line in lines:
    m = label_re.match(line)
    if m and not m.group(1).startswith(".L"):
        functions.append((m.group(1), []))
    elif functions:
        functions[-1][1].append(line)

for name, body in functions:
    best = None
    for i, line in enumerate(body):
        m = label_re.match(line)
        if not m:
            continue
        label = m.group(1)
        for j in range(i + 1, len(body)):
            if label_re.match(body[j]):
                break
            b = branch_re.match(body[j])
            if b and b.group(2) == label:
                block = [x for x in (insn(l) for l in body[i + 1:j + 1]) if x]
                counts = [sum(1 for x in block if x.split()[0] == mn)
                          for mn in mnemonics]
                stack = sum(1 for x in block if "[sp" in x)
                if best is None or counts[0] > best[1][0]:
                    best = (label, counts, stack)
                break
    if best is None or best[1][0] == 0:
        print("FUNC %s: no loop with %s" % (name, mnemonics[0]))
        continue
    label, counts, stack = best
    print("FUNC %s: loop %s: %s, %d stack" % (
        name, label, ", ".join("%d %s" % (c, mn) for c, mn in zip(counts, mnemonics)),
        stack))
