"""QuantMLIR from Python: quantize and run models with the QuantMLIR tools.

A thin wrapper around the command line tools for now (a C API binding comes
later): every function runs ``quant-opt`` or ``quant-run`` in a subprocess and
turns a failure into :class:`QuantMLIRError` carrying the tool's one-line
message.

    import numpy as np
    import quantmlir

    quantmlir.quantize("model.mlir", "int8.mlir", global_scale=8.0)
    (logits,) = quantmlir.run("int8.mlir", [np.load("input.npy")])

The tools are looked up by :func:`tools_dir`: ``$QUANTMLIR_TOOLS_DIR`` when
set, else ``<prefix>/bin`` next to an installed package
(``cmake --install build --prefix P`` puts this package in ``P/python``),
else ``build/bin`` of the source tree this package sits in, else ``PATH``.
"""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import List, Optional, Sequence, Union

import numpy as np

__all__ = ["QuantMLIRError", "quantize", "run", "tools_dir"]
__version__ = "0.1.0"

PathLike = Union[str, "os.PathLike[str]"]

_TOOLS = ("quant-opt", "quant-run")


class QuantMLIRError(RuntimeError):
    """A QuantMLIR tool failed (or could not be found).

    ``str(error)`` is the tool's one-line message (``quant-run: error: ...``,
    ``model.mlir:3:7: error: ...``). The attributes hold the details:
    ``command`` (argv list or None), ``returncode`` (int or None) and
    ``stderr`` (the tool's whole diagnostic output, "" if none).
    """

    def __init__(self, message: str, command: Optional[List[str]] = None,
                 returncode: Optional[int] = None, stderr: str = ""):
        super().__init__(message)
        self.command = command
        self.returncode = returncode
        self.stderr = stderr


def tools_dir() -> Path:
    """Return the directory holding ``quant-opt`` and ``quant-run``.

    Order: the ``QUANTMLIR_TOOLS_DIR`` environment variable (used as given;
    an error if the tools are not there), ``<prefix>/bin`` for a package
    installed in ``<prefix>/python``, ``build/bin`` of the source checkout,
    then the directory of ``quant-opt`` on ``PATH``. Raises
    :class:`QuantMLIRError` when none has the tools.
    """
    override = os.environ.get("QUANTMLIR_TOOLS_DIR")
    if override:
        path = Path(override)
        if not (path / "quant-opt").is_file():
            raise QuantMLIRError(
                f"QUANTMLIR_TOOLS_DIR={override}: no quant-opt there")
        return path
    root = Path(__file__).resolve().parent.parent.parent
    for candidate in (root / "bin", root / "build" / "bin"):
        if all((candidate / tool).is_file() for tool in _TOOLS):
            return candidate
    found = shutil.which("quant-opt")
    if found:
        return Path(found).resolve().parent
    raise QuantMLIRError(
        "cannot find the QuantMLIR tools (quant-opt, quant-run): build them "
        "(ninja -C build) or set QUANTMLIR_TOOLS_DIR to their directory")


def _tool(name: str) -> str:
    path = tools_dir() / name
    if not path.is_file():
        raise QuantMLIRError(f"{name} not found in {path.parent}")
    return str(path)


def _one_line(stderr: str, tool: str, returncode: int) -> str:
    """The line of a tool's stderr that says what went wrong."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if "error:" in line:
            return line
    # Some failures (pass option parsing) print a bare line: name the tool.
    if lines:
        return f"{tool}: error: {lines[-1]}"
    return f"{tool}: error: exited with status {returncode}"


def _run_tool(argv: List[str]) -> subprocess.CompletedProcess:
    try:
        proc = subprocess.run(argv, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    except OSError as error:
        raise QuantMLIRError(f"cannot run {argv[0]}: {error.strerror}",
                             command=argv) from None
    if proc.returncode != 0:
        tool = os.path.basename(argv[0])
        raise QuantMLIRError(_one_line(proc.stderr, tool, proc.returncode),
                             command=argv, returncode=proc.returncode,
                             stderr=proc.stderr)
    return proc


def _option_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(_option_value(v) for v in value)
    return str(value)


def quantize(model_path: PathLike, out_path: PathLike, **options) -> Path:
    """Quantize a float model: ``quant-opt MODEL --qnn-quantize=... -o OUT``.

    ``options`` are the ``qnn-quantize`` pipeline options with ``_`` for
    ``-``, e.g. ``global_scale=8.0, weight_scale="max"`` becomes
    ``--qnn-quantize="global-scale=8.0 weight-scale=max"``. Booleans are
    written ``true``/``false``, lists comma-separated. An unknown option is
    reported by quant-opt. Returns ``out_path`` as a :class:`Path`; raises
    :class:`QuantMLIRError` on failure (nothing is written then).
    """
    pipeline = "--qnn-quantize"
    if options:
        pipeline += "=" + " ".join(
            f"{key.replace('_', '-')}={_option_value(value)}"
            for key, value in options.items())
    _run_tool([_tool("quant-opt"), os.fspath(model_path), pipeline,
               "-o", os.fspath(out_path)])
    return Path(out_path)


# `func.func @name(` ... `)` [`-> type` | `-> (types)`]: enough of the custom
# syntax to count the results of a function in textual IR.
def _count_results(text: str, entry: str) -> Optional[int]:
    match = re.search(r"func\.func\s+(?:(?:private|public|nested)\s+)?@"
                      + re.escape(entry) + r"\s*\(", text)
    if not match:
        return None
    pos, depth = match.end(), 1
    while pos < len(text) and depth:
        depth += {"(": 1, ")": -1}.get(text[pos], 0)
        pos += 1
    rest = text[pos:].lstrip()
    if not rest.startswith("->"):
        return 0
    rest = rest[2:].lstrip()
    if not rest.startswith("("):
        return 1
    count, depth, item = 0, 0, False
    for ch in rest:
        if ch in "(<[{":
            depth += 1
            if depth == 1:
                continue
        elif ch in ")>]}":
            depth -= 1
            if depth == 0:
                return count + (1 if item else 0)
        if depth == 1 and ch == ",":
            count, item = count + 1, False
        elif not ch.isspace():
            item = True
    return None


def run(model_path: PathLike, inputs: Sequence[np.ndarray],
        entry: str = "main") -> List[np.ndarray]:
    """JIT-compile a model and run one function on numpy arrays.

    The model may be at any level quant-run accepts (float TOSA, simulated,
    realized int8, ...). ``inputs`` are the function's arguments in order;
    their dtypes and shapes must match the signature exactly (quant-run does
    not convert: pass ``float32`` for ``f32``). Returns the results in order.
    Runs ``quant-run run MODEL --entry ENTRY --input a0.npy ... -o r0.npy ...``
    on files in a temporary directory; raises :class:`QuantMLIRError` with
    quant-run's message on failure.
    """
    model = os.fspath(model_path)
    try:
        text = Path(model).read_text(errors="replace")
    except OSError as error:
        raise QuantMLIRError(f"{model}: cannot read file: {error.strerror}")
    # When the textual signature cannot be read (bytecode, unusual syntax),
    # ask for one result: quant-run then names the right count, used below.
    num_results = _count_results(text, entry)
    with tempfile.TemporaryDirectory(prefix="quantmlir-") as tmp:
        argv = [_tool("quant-run"), "run", model, "--entry", entry]
        for i, array in enumerate(inputs):
            path = os.path.join(tmp, f"input{i}.npy")
            np.save(path, np.ascontiguousarray(array), allow_pickle=False)
            argv += ["--input", path]

        def invoke(count: int) -> List[str]:
            outs = [os.path.join(tmp, f"result{i}.npy") for i in range(count)]
            _run_tool(argv + [arg for out in outs for arg in ("-o", out)])
            return outs

        try:
            outs = invoke(1 if num_results is None else num_results)
        except QuantMLIRError as error:
            count = re.search(r"has (\d+) result\(s\) but", str(error))
            if num_results is not None or not count:
                raise
            outs = invoke(int(count.group(1)))
        return [np.load(out, allow_pickle=False) for out in outs]
