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
tools = ["quant-opt", "quant-run", "quant-test-opt"]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# Optional components become lit features, so a missing one shows up as
# UNSUPPORTED, never as a silent pass.
try:
    import numpy  # noqa: F401
    config.available_features.add("numpy")
except ImportError:
    pass
