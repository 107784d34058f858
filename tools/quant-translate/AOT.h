//===- AOT.h - ahead-of-time compilation in quant-translate -----*- C++ -*-===//
//
// Part of QuantMLIR.
//
// `quant-translate --emit-obj | --emit-asm | --emit-llvm | --emit-shared`:
// an LLVM-dialect module (the output of `quant-opt --qnn-lower-to-llvm`) to an
// object file, assembly, LLVM IR or a shared library, for the host or
// another target triple (docs/AOT.md).
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_TOOLS_QUANT_TRANSLATE_AOT_H
#define QUANTMLIR_TOOLS_QUANT_TRANSLATE_AOT_H

#include "llvm/ADT/StringRef.h"

namespace quantmlir {
namespace aot {

/// Whether one of the AOT output options was given on the command line.
bool requested();

/// Compiles the input named on the command line into `outputFile` ("-":
/// stdout). Returns the process exit code; errors are one line on stderr
/// and leave no output file behind.
int run(llvm::StringRef outputFile);

} // namespace aot
} // namespace quantmlir

#endif // QUANTMLIR_TOOLS_QUANT_TRANSLATE_AOT_H
