//===- Dispatch.h - several target variants in one object -------*- C++ -*-===//
//
// Part of QuantMLIR.
//
// `quant-translate --emit-obj|--emit-shared a.ll.mlir b.ll.mlir ...`: the same
// model lowered for several x86 targets (qnn-lower-to-llvm target=x86-avx512vnni,
// x86-avx2, generic ...) linked into one LLVM module. Each variant's functions
// are renamed and made internal; every C entry point `_mlir_ciface_<name>`
// becomes a dispatcher that, on its first call, picks the first variant (in
// command-line order) whose target features the running CPU has (CPUID and
// XGETBV, no library needed), and calls it. docs/AOT.md.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_TOOLS_QUANT_TRANSLATE_DISPATCH_H
#define QUANTMLIR_TOOLS_QUANT_TRANSLATE_DISPATCH_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Module.h"

#include <memory>
#include <string>

namespace quantmlir {
namespace aot {
namespace dispatch {

/// Links `variants` (translated from `paths`, best first) into one module
/// with run-time dispatch. Returns null and sets `why` on error (an entry
/// point missing from a variant or with another signature, a target feature
/// the dispatcher cannot test, a link failure).
std::unique_ptr<llvm::Module>
linkVariants(llvm::MutableArrayRef<std::unique_ptr<llvm::Module>> variants,
             llvm::ArrayRef<std::string> paths, std::string &why);

} // namespace dispatch
} // namespace aot
} // namespace quantmlir

#endif // QUANTMLIR_TOOLS_QUANT_TRANSLATE_DISPATCH_H
