# -*- Python -*-
# Runs the gtest unit tests (unittests/) under check-quant.
import os

import lit.formats

config.name = "QUANT-Unit"
config.suffixes = []
config.test_exec_root = os.path.join(config.quant_obj_root, "unittests")
config.test_source_root = config.test_exec_root
config.test_format = lit.formats.GoogleTest(".", "Tests")
