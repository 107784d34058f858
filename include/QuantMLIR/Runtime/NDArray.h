//===- NDArray.h - Dense host arrays for the runtime ------------*- C++ -*-===//
//
// Part of QuantMLIR.
//
// A minimal owned, 64-byte aligned, row-major (C order) n-dimensional array
// with one of the element types the runtime exchanges with compiled code and
// .npy files.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_RUNTIME_NDARRAY_H
#define QUANTMLIR_RUNTIME_NDARRAY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace quantmlir {
namespace runtime {

/// Element types supported by the runtime. Bool is one byte per element
/// holding 0 or 1 (numpy's bool_, MLIR's i1 in memory).
enum class DType : uint8_t { F32, F64, I8, U8, I16, I32, I64, F16, Bool };

/// Size of one element in bytes.
size_t getDTypeSize(DType dtype);

/// numpy name of the element type: float32, float64, int8, uint8, ..., bool.
llvm::StringRef getDTypeName(DType dtype);

/// Whether the element type is floating point.
bool isFloatDType(DType dtype);

/// Formats a shape the way error messages show it: `[1,16,16,3]`, `[]`.
std::string formatShape(llvm::ArrayRef<int64_t> shape);

/// Number of elements of a shape (1 for rank 0). The shape must be valid
/// (see getNumBytes).
int64_t getNumElements(llvm::ArrayRef<int64_t> shape);

/// Size in bytes of an array of `dtype` and `shape`, or std::nullopt when a
/// dimension is negative or the element count or the size overflows int64
/// (numpy's "array is too big"; a zero dimension does not hide an overflow
/// of the others).
std::optional<uint64_t> getNumBytes(DType dtype, llvm::ArrayRef<int64_t> shape);

/// An owned dense array in C order. Storage is 64-byte aligned and
/// zero-initialized. Move-only.
class NDArray {
public:
  NDArray() = default;
  /// Allocates an array; `shape` must be valid and the allocation must
  /// succeed (out of memory is fatal). Use `create` for untrusted shapes.
  NDArray(DType dtype, llvm::ArrayRef<int64_t> shape);
  /// Allocates an array, or returns an error (one line, starting with
  /// `what`) for an invalid shape or when the memory cannot be allocated.
  static llvm::Expected<NDArray> create(DType dtype,
                                        llvm::ArrayRef<int64_t> shape,
                                        llvm::StringRef what);
  NDArray(NDArray &&other) noexcept;
  NDArray &operator=(NDArray &&other) noexcept;
  NDArray(const NDArray &) = delete;
  NDArray &operator=(const NDArray &) = delete;
  ~NDArray();

  DType getDType() const { return dtype; }
  llvm::ArrayRef<int64_t> getShape() const { return shape; }
  int64_t getRank() const { return shape.size(); }
  int64_t getNumElements() const { return runtime::getNumElements(shape); }
  size_t getNumBytes() const { return numBytes; }

  void *getData() { return data; }
  const void *getData() const { return data; }
  template <typename T> T *getDataAs() { return reinterpret_cast<T *>(data); }
  template <typename T> const T *getDataAs() const {
    return reinterpret_cast<const T *>(data);
  }

  /// Element `i` (in C order) converted to double, whatever the dtype.
  double getAsDouble(int64_t i) const;

  /// `float32 [2,3]`.
  std::string describe() const;

private:
  void release();

  DType dtype = DType::F32;
  llvm::SmallVector<int64_t, 4> shape;
  void *data = nullptr;
  size_t numBytes = 0;
  size_t allocatedBytes = 0;
};

/// Prints `array` like numpy does, shortly: nested brackets, elements padded
/// to a common width, and `...` for the middle of long dimensions when the
/// array has more than `threshold` elements (`edgeItems` kept at each end).
void printArray(llvm::raw_ostream &os, const NDArray &array,
                int64_t threshold = 1000, int64_t edgeItems = 3);

} // namespace runtime
} // namespace quantmlir

#endif // QUANTMLIR_RUNTIME_NDARRAY_H
