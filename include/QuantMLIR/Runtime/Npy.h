//===- Npy.h - Reading and writing .npy files -------------------*- C++ -*-===//
//
// Part of QuantMLIR.
//
// NumPy .npy format, versions 1.0, 2.0 and 3.0, little-endian, C order, dtypes
// float32, float64, int8, uint8, int16, int32, int64. Every malformed input
// is an llvm::Error with a one-line message that starts with the file name.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_RUNTIME_NPY_H
#define QUANTMLIR_RUNTIME_NPY_H

#include "QuantMLIR/Runtime/NDArray.h"

#include "llvm/Support/Error.h"

#include <string>

namespace quantmlir {
namespace runtime {

/// Reads a .npy file.
llvm::Expected<NDArray> readNpy(llvm::StringRef path);

/// Parses the bytes of a .npy file; `name` only appears in error messages.
llvm::Expected<NDArray> parseNpy(llvm::StringRef bytes, llvm::StringRef name);

/// Serializes `array` to .npy bytes (version 1.0, or 2.0 when the header
/// does not fit in 64 KiB).
std::string serializeNpy(const NDArray &array);

/// Writes `array` to `path` through a temporary file renamed into place, so
/// that a failed write never leaves a partial file behind.
llvm::Error writeNpy(llvm::StringRef path, const NDArray &array);

} // namespace runtime
} // namespace quantmlir

#endif // QUANTMLIR_RUNTIME_NPY_H
