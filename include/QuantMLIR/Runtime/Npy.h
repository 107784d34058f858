//===- Npy.h - Reading and writing .npy files -------------------*- C++ -*-===//
//
// Part of QuantMLIR.
//
// NumPy .npy format, versions 1.0, 2.0 and 3.0, little-endian, C order, dtypes
// float16, float32, float64, int8, uint8, int16, int32, int64, bool. Every
// malformed input is an llvm::Error with a one-line message that starts with
// the file name.
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

/// Writes `arrays[i]` to `paths[i]`, all or nothing: every array is first
/// written completely to a temporary file next to its path, and the files are
/// renamed into place only once all of them were written.
llvm::Error writeNpyFiles(llvm::ArrayRef<std::string> paths,
                          llvm::ArrayRef<const NDArray *> arrays);

/// Checks that `path` can be written, without writing it: it is not a
/// directory and a file can be created in its directory. Lets a tool reject
/// a bad output path before doing any work.
llvm::Error checkWritable(llvm::StringRef path);

} // namespace runtime
} // namespace quantmlir

#endif // QUANTMLIR_RUNTIME_NPY_H
