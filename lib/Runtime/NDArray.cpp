//===- NDArray.cpp - Dense host arrays for the runtime --------------------===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Runtime/NDArray.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/APInt.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>

using namespace quantmlir::runtime;

static constexpr size_t kAlignment = 64;

size_t quantmlir::runtime::getDTypeSize(DType dtype) {
  switch (dtype) {
  case DType::I8:
  case DType::U8:
  case DType::Bool:
    return 1;
  case DType::I16:
  case DType::F16:
    return 2;
  case DType::F32:
  case DType::I32:
    return 4;
  case DType::F64:
  case DType::I64:
    return 8;
  }
  llvm_unreachable("unknown dtype");
}

llvm::StringRef quantmlir::runtime::getDTypeName(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "float32";
  case DType::F64:
    return "float64";
  case DType::I8:
    return "int8";
  case DType::U8:
    return "uint8";
  case DType::I16:
    return "int16";
  case DType::I32:
    return "int32";
  case DType::I64:
    return "int64";
  case DType::F16:
    return "float16";
  case DType::Bool:
    return "bool";
  }
  llvm_unreachable("unknown dtype");
}

bool quantmlir::runtime::isFloatDType(DType dtype) {
  return dtype == DType::F32 || dtype == DType::F64 || dtype == DType::F16;
}

std::string quantmlir::runtime::formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string result = "[";
  llvm::raw_string_ostream os(result);
  llvm::interleave(shape, os, ",");
  os << "]";
  return result;
}

int64_t quantmlir::runtime::getNumElements(llvm::ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::optional<uint64_t>
quantmlir::runtime::getNumBytes(DType dtype, llvm::ArrayRef<int64_t> shape) {
  // Like numpy, multiply the non-zero dimensions so that a zero dimension
  // does not hide an overflow of the others.
  int64_t bytes = static_cast<int64_t>(getDTypeSize(dtype));
  bool empty = false;
  for (int64_t d : shape) {
    if (d < 0)
      return std::nullopt;
    if (d == 0) {
      empty = true;
      continue;
    }
    if (__builtin_mul_overflow(bytes, d, &bytes))
      return std::nullopt;
  }
  return empty ? 0 : static_cast<uint64_t>(bytes);
}

//===----------------------------------------------------------------------===//
// NDArray
//===----------------------------------------------------------------------===//

/// Allocates `numBytes` zeroed bytes (at least one: compiled code may still
/// take the address of an empty buffer), 64-byte aligned. Returns null and
/// sets `allocatedBytes` to 0 when the memory cannot be had.
static void *allocateZeroed(size_t numBytes, size_t &allocatedBytes) {
  allocatedBytes = llvm::alignTo(std::max<size_t>(numBytes, 1), kAlignment);
  void *data = nullptr;
  if (allocatedBytes < numBytes ||
      posix_memalign(&data, kAlignment, allocatedBytes) != 0 || !data) {
    allocatedBytes = 0;
    return nullptr;
  }
  std::memset(data, 0, allocatedBytes);
  return data;
}

NDArray::NDArray(DType dtype, llvm::ArrayRef<int64_t> shape)
    : dtype(dtype), shape(shape.begin(), shape.end()) {
  std::optional<uint64_t> bytes = runtime::getNumBytes(dtype, shape);
  if (!bytes)
    llvm::report_fatal_error(llvm::Twine("NDArray: invalid shape ") +
                             formatShape(shape));
  numBytes = *bytes;
  data = allocateZeroed(numBytes, allocatedBytes);
  if (!data)
    llvm::report_bad_alloc_error("NDArray: out of memory");
}

llvm::Expected<NDArray> NDArray::create(DType dtype,
                                        llvm::ArrayRef<int64_t> shape,
                                        llvm::StringRef what) {
  auto error = [&](const llvm::Twine &message) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   (what + ": " + message).str());
  };
  std::string description =
      (getDTypeName(dtype) + " " + formatShape(shape)).str();
  std::optional<uint64_t> bytes = runtime::getNumBytes(dtype, shape);
  if (!bytes || *bytes > std::numeric_limits<size_t>::max())
    return error(description + " is too large");
  NDArray array;
  array.dtype = dtype;
  array.shape.assign(shape.begin(), shape.end());
  array.numBytes = *bytes;
  array.data = allocateZeroed(array.numBytes, array.allocatedBytes);
  if (!array.data)
    return error("cannot allocate " + llvm::Twine(*bytes) + " bytes for " +
                 description);
  return std::move(array);
}

NDArray::NDArray(NDArray &&other) noexcept
    : dtype(other.dtype), shape(std::move(other.shape)), data(other.data),
      numBytes(other.numBytes), allocatedBytes(other.allocatedBytes) {
  other.data = nullptr;
  other.numBytes = other.allocatedBytes = 0;
  other.shape.clear();
}

NDArray &NDArray::operator=(NDArray &&other) noexcept {
  if (this == &other)
    return *this;
  release();
  dtype = other.dtype;
  shape = std::move(other.shape);
  data = other.data;
  numBytes = other.numBytes;
  allocatedBytes = other.allocatedBytes;
  other.data = nullptr;
  other.numBytes = other.allocatedBytes = 0;
  other.shape.clear();
  return *this;
}

NDArray::~NDArray() { release(); }

void NDArray::release() {
  std::free(data);
  data = nullptr;
}

double NDArray::getAsDouble(int64_t i) const {
  switch (dtype) {
  case DType::F32:
    return getDataAs<float>()[i];
  case DType::F64:
    return getDataAs<double>()[i];
  case DType::I8:
    return getDataAs<int8_t>()[i];
  case DType::U8:
    return getDataAs<uint8_t>()[i];
  case DType::I16:
    return getDataAs<int16_t>()[i];
  case DType::I32:
    return getDataAs<int32_t>()[i];
  case DType::I64:
    return static_cast<double>(getDataAs<int64_t>()[i]);
  case DType::F16:
    return llvm::APFloat(llvm::APFloat::IEEEhalf(),
                         llvm::APInt(16, getDataAs<uint16_t>()[i]))
        .convertToDouble();
  case DType::Bool:
    return getDataAs<uint8_t>()[i] != 0;
  }
  llvm_unreachable("unknown dtype");
}

std::string NDArray::describe() const {
  return (llvm::Twine(getDTypeName(dtype)) + " " + formatShape(shape)).str();
}

//===----------------------------------------------------------------------===//
// Printing
//===----------------------------------------------------------------------===//

namespace {
/// Prints an array like numpy's str(): two passes over the same traversal,
/// the first formats the shown elements to find the common width.
class ArrayPrinter {
public:
  ArrayPrinter(const NDArray &array, bool summarize, int64_t edgeItems)
      : array(array), summarize(summarize), edgeItems(edgeItems) {
    int64_t stride = 1;
    strides.resize(array.getRank());
    for (int64_t d = array.getRank() - 1; d >= 0; --d) {
      strides[d] = stride;
      stride *= array.getShape()[d];
    }
  }

  void print(llvm::raw_ostream &os) {
    if (array.getRank() == 0) {
      os << formatElement(0);
      return;
    }
    collect(0, 0);
    for (const std::string &s : elements)
      width = std::max(width, s.size());
    next = 0;
    emit(os, 0, 0);
  }

private:
  /// Indices shown along dimension `dim`; -1 stands for the ellipsis.
  llvm::SmallVector<int64_t> shownIndices(int64_t dim) const {
    int64_t size = array.getShape()[dim];
    llvm::SmallVector<int64_t> indices;
    if (summarize && size > 2 * edgeItems) {
      for (int64_t i = 0; i < edgeItems; ++i)
        indices.push_back(i);
      indices.push_back(-1);
      for (int64_t i = size - edgeItems; i < size; ++i)
        indices.push_back(i);
    } else {
      for (int64_t i = 0; i < size; ++i)
        indices.push_back(i);
    }
    return indices;
  }

  std::string formatElement(int64_t i) const {
    std::string s;
    llvm::raw_string_ostream os(s);
    switch (array.getDType()) {
    case DType::F16:
    case DType::F32:
    case DType::F64: {
      os << llvm::format("%.6g", array.getAsDouble(i));
      // numpy writes integral floats as `2.`.
      if (s.find_first_of(".eni") == std::string::npos)
        os << ".";
      break;
    }
    case DType::I64:
      os << array.getDataAs<int64_t>()[i];
      break;
    case DType::Bool:
      os << (array.getDataAs<uint8_t>()[i] ? "True" : "False");
      break;
    default:
      os << static_cast<int64_t>(array.getAsDouble(i));
      break;
    }
    return s;
  }

  void collect(int64_t dim, int64_t offset) {
    for (int64_t i : shownIndices(dim)) {
      if (i < 0)
        continue;
      if (dim + 1 == array.getRank())
        elements.push_back(formatElement(offset + i * strides[dim]));
      else
        collect(dim + 1, offset + i * strides[dim]);
    }
  }

  void emit(llvm::raw_ostream &os, int64_t dim, int64_t offset) {
    int64_t rank = array.getRank();
    bool innermost = dim + 1 == rank;
    os << "[";
    bool first = true;
    for (int64_t i : shownIndices(dim)) {
      if (!first) {
        if (innermost) {
          os << " ";
        } else {
          for (int64_t k = 0; k < rank - dim - 1; ++k)
            os << "\n";
          os.indent(dim + 1);
        }
      }
      first = false;
      if (i < 0) {
        os << "...";
        continue;
      }
      if (innermost) {
        const std::string &s = elements[next++];
        os.indent(width - s.size()) << s;
      } else {
        emit(os, dim + 1, offset + i * strides[dim]);
      }
    }
    os << "]";
  }

  const NDArray &array;
  bool summarize;
  int64_t edgeItems;
  llvm::SmallVector<int64_t> strides;
  std::vector<std::string> elements;
  size_t width = 0;
  size_t next = 0;
};
} // namespace

void quantmlir::runtime::printArray(llvm::raw_ostream &os, const NDArray &array,
                                    int64_t threshold, int64_t edgeItems) {
  ArrayPrinter(array, array.getNumElements() > threshold, edgeItems).print(os);
  os << "\n";
}
