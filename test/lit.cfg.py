# -*- Python -*-
import os
import shutil

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "QUANT"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.quant_obj_root, "test")
config.excludes = ["Inputs", "lib", "CMakeLists.txt", "README.md", "lit.cfg.py",
                   "lit.site.cfg.py"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%quant_src_root", config.quant_src_root))
config.substitutions.append(("%quant_obj_root", config.quant_obj_root))
# libmlir_runner_utils / libmlir_c_runner_utils for mlir-runner tests.
config.substitutions.append(("%mlir_lib_dir", config.llvm_lib_dir))
config.environment["FILECHECK_OPTS"] = "-enable-var-scope"

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()
# FileCheck, not, count, split-file come from Debian's llvm-22-tools.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

python = config.python_executable or shutil.which("python3") or "python3"
config.substitutions.append(("%python", python))

tool_dirs = [config.quant_tools_dir, config.llvm_tools_dir]
tools = ["quant-opt", "quant-run", "quant-test-opt", "quant-translate"]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# Optional components become lit features, so a missing one shows up as
# UNSUPPORTED, never as a silent pass.
try:
    import numpy  # noqa: F401
    config.available_features.add("numpy")
except ImportError:
    pass

# quant-translate --import-onnx (built when libonnx-dev was found) and the
# Python side of the ONNX tests (onnx to build fixtures, onnxruntime as the
# reference); scripts/setup.sh installs all three.
if getattr(config, "quant_enable_onnx", False):
    config.available_features.add("onnx-importer")
# Checked with the interpreter behind %python (lit's own: use_default_
# substitutions defines %python as sys.executable first, and the first
# definition wins), which need not be the python3 on PATH.
import subprocess
import sys
try:
    if subprocess.run([sys.executable, "-c", "import onnx, onnxruntime"],
                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                      timeout=120).returncode == 0:
        config.available_features.add("onnxruntime")
except (OSError, subprocess.TimeoutExpired):
    pass

# The host can run x86-avx2 code (AVX2 + FMA): test/Target/X86 execution tests.
try:
    with open("/proc/cpuinfo") as cpuinfo:
        flags = next((l.split(":", 1)[1].split() for l in cpuinfo
                      if l.startswith("flags")), [])
    if "avx2" in flags and "fma" in flags:
        config.available_features.add("x86-avx2-host")
except OSError:
    pass
# ... and x86-avx512vnni code (AVX512-VNNI with VL and BW).
try:
    if all(f in flags for f in ("avx2", "fma", "avx512_vnni", "avx512vl",
                                "avx512bw")):
        config.available_features.add("x86-avx512vnni-host")
except NameError:
    pass
# ... and VEX AVX-VNNI (test/Target/AOT/dispatch.test needs a CPU without it).
try:
    if "avx_vnni" in flags:
        config.available_features.add("x86-avxvnni-host")
except NameError:
    pass

# Ahead-of-time compilation (quant-translate --emit-obj, test/Target/AOT,
# test/Target/AArch64): a host C compiler driver links objects and shared
# libraries; AArch64 objects are linked with aarch64-linux-gnu-gcc (-static)
# and run under qemu-aarch64 -cpu max (scripts/setup.sh installs qemu-user,
# gcc-aarch64-linux-gnu and libc6-dev-arm64-cross).
if shutil.which("cc"):
    config.available_features.add("host-cc")
if shutil.which("aarch64-linux-gnu-gcc"):
    config.available_features.add("aarch64-linux-gnu-gcc")
if shutil.which("qemu-aarch64"):
    config.available_features.add("qemu-aarch64")
