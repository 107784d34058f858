#!/usr/bin/env python3
"""Replay the importer's fuzz corpus through quant-translate (no clang needed).

    python3 fuzz/replay_corpus.py QUANT_TRANSLATE [DIR ...]   (default fuzz/corpus/onnx-import)

Every file is imported with `--import-onnx FILE --batch 1 -o /dev/null`; the
outcome must be a success (exit 0) or a clean error (exit 1 and only
`quant-translate: error: ...` lines on stderr, apart from libonnx's own
`Warning: ...` lines). A crash, a signal, another
exit code, stray output on stderr or a run over 60 s fails, and the file is
named. Prints one summary line. The lit test test/Frontend/ONNX/fuzz-corpus.test
and fuzz/run-quick.sh run it.
"""

import os
import subprocess
import sys


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: replay_corpus.py QUANT_TRANSLATE [DIR ...]")
    tool = sys.argv[1]
    dirs = sys.argv[2:] or [os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                         "corpus", "onnx-import")]
    files = sorted(os.path.join(d, f) for d in dirs for f in os.listdir(d)
                   if os.path.isfile(os.path.join(d, f)))
    if not files:
        sys.exit("replay_corpus.py: error: no corpus files in %s" % ", ".join(dirs))
    ok = errors = 0
    bad = []
    for path in files:
        try:
            proc = subprocess.run([tool, "--import-onnx", path, "--batch", "1",
                                   "-o", os.devnull],
                                  capture_output=True, text=True, errors="replace",
                                  timeout=60)
        except subprocess.TimeoutExpired:
            bad.append("%s: timed out (60 s)" % path)
            continue
        # libonnx's checker prints "Warning: ..." lines of its own (e.g. on
        # experimental ops): tolerated next to the error.
        lines = [l for l in proc.stderr.splitlines()
                 if l.strip() and not l.startswith("Warning: ")]
        if proc.returncode == 0 and not lines:
            ok += 1
        elif proc.returncode == 1 and lines and all(
                l.startswith("quant-translate: error: ") for l in lines):
            errors += 1
        else:
            bad.append("%s: exit %d, stderr: %s" % (path, proc.returncode,
                                                    " | ".join(lines[-5:])[:600]))
    print("replayed %d corpus files: %d imported, %d clean errors, %d bad"
          % (len(files), ok, errors, len(bad)))
    for b in bad:
        print("BAD " + b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
