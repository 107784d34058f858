//===- Npy.h - Reading and writing .npy files -------------------*- C++ -*-===//
//
// Part of QuantMLIR.
//
// NumPy .npy format, versions 1.0, 2.0 and 3.0, little-endian, C order, dtypes
// float16, float32, float64, int8, uint8, int16, int32, int64, bool, and .npz
// archives of such files (np.savez, stored, and np.savez_compressed,
// deflated; zip64 included). Every malformed input is an llvm::Error with a
// one-line message that starts with the file name.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_RUNTIME_NPY_H
#define QUANTMLIR_RUNTIME_NPY_H

#include "QuantMLIR/Runtime/NDArray.h"

#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace quantmlir {
namespace runtime {

/// Reads a .npy file.
llvm::Expected<NDArray> readNpy(llvm::StringRef path);

/// What the header of a .npy file says, checked against the file's size:
/// the data are `numBytes` bytes at `dataOffset`.
struct NpyHeader {
  DType dtype = DType::F32;
  llvm::SmallVector<int64_t, 4> shape;
  size_t dataOffset = 0;
  uint64_t numBytes = 0;
};

/// Parses and checks the header of the .npy bytes `bytes` (everything
/// parseNpy checks) without copying the data; `name` labels errors.
llvm::Expected<NpyHeader> parseNpyHeader(llvm::StringRef bytes,
                                         llvm::StringRef name);

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

/// Writes `contents[i]` to `paths[i]`, all or nothing, through temporary
/// files renamed into place once all of them were written.
llvm::Error writeFilesAtomically(llvm::ArrayRef<std::string> paths,
                                 llvm::ArrayRef<std::string> contents);

//===----------------------------------------------------------------------===//
// .npz archives
//===----------------------------------------------------------------------===//

/// One member of a zip archive, as bytes: stored members point into the
/// archive's bytes, deflated ones into inflated storage the caller keeps.
struct ZipMember {
  /// The member name in the archive (`arr_0.npy`), non-printable bytes
  /// replaced by '?'.
  std::string name;
  llvm::StringRef bytes;
};

/// Whether `bytes` start like a zip archive ("PK\3\4", or "PK\5\6" when
/// empty).
bool isZipArchive(llvm::StringRef bytes);

/// Lists the members of the zip archive `archive` (its whole bytes; `name`
/// labels errors), in archive order, checking their CRC-32. Deflated
/// members are inflated into strings appended to `storage`. Encrypted,
/// multi-disk archives and methods other than stored / deflate are errors.
llvm::Expected<std::vector<ZipMember>>
readZipMembers(llvm::StringRef archive, llvm::StringRef name,
               std::vector<std::unique_ptr<std::string>> &storage);

/// One array of an .npz archive: the member name without `.npy`.
struct NamedArray {
  std::string name;
  NDArray array;
};

/// Reads every array of an .npz file, in archive order.
llvm::Expected<std::vector<NamedArray>> readNpz(llvm::StringRef path);

/// Serializes `arrays` into an uncompressed .npz (np.savez layout): member
/// i is `<names[i]>.npy`. Fails beyond 4 GiB (no zip64 on output).
llvm::Expected<std::string> serializeNpz(llvm::ArrayRef<std::string> names,
                                         llvm::ArrayRef<const NDArray *> arrays,
                                         llvm::StringRef path);

/// Checks that `path` can be written, without writing it: it is not a
/// directory and a file can be created in its directory. Lets a tool reject
/// a bad output path before doing any work.
llvm::Error checkWritable(llvm::StringRef path);

} // namespace runtime
} // namespace quantmlir

#endif // QUANTMLIR_RUNTIME_NPY_H
