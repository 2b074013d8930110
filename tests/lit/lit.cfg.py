# lit configuration for tgc: every .mlir file under tests/lit is a test.
import os
import sys

import lit.formats

config.name = "tgc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.tgc_tools_dir, "..", "tests", "lit")

# Our tools first, then LLVM's FileCheck, not and count.
config.environment["PATH"] = os.pathsep.join(
    [config.tgc_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", "")])
config.substitutions.append(("%tgc_src", config.tgc_source_dir))
config.substitutions.append(("%python", sys.executable))
config.substitutions.append(
    ("%make_tensors", sys.executable + " " +
     os.path.join(config.tgc_source_dir, "tests", "tools", "make_tensors.py")))
config.substitutions.append(
    ("%raw_tensor", sys.executable + " " +
     os.path.join(config.tgc_source_dir, "tests", "tools", "raw_tensor.py")))
