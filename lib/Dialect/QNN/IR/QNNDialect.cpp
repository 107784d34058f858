//===- QNNDialect.cpp - QNN dialect and attributes ------------------------===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Dialect/QNN/IR/QNNDialect.h"
#include "QuantMLIR/Dialect/QNN/IR/QNNInterfaces.h"
#include "QuantMLIR/Dialect/QNN/IR/QNNOps.h"
#include "QuantMLIR/Math/QuantMath.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"
#include <cmath>

using namespace mlir;
using namespace mlir::qnn;

#include "QuantMLIR/Dialect/QNN/IR/QNNDialect.cpp.inc"
#include "QuantMLIR/Dialect/QNN/IR/QNNEnums.cpp.inc"
#include "QuantMLIR/Dialect/QNN/IR/QNNInterfaces.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "QuantMLIR/Dialect/QNN/IR/QNNAttrs.cpp.inc"

void QNNDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "QuantMLIR/Dialect/QNN/IR/QNNAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "QuantMLIR/Dialect/QNN/IR/QNNOps.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// QuantParamsAttr
//===----------------------------------------------------------------------===//

int64_t QuantParamsAttr::getQMin() const {
  return quantmlir::IntRange::get(getBits(), getIsSigned(), getNarrowRange())
      .qmin;
}

int64_t QuantParamsAttr::getQMax() const {
  return quantmlir::IntRange::get(getBits(), getIsSigned(), getNarrowRange())
      .qmax;
}

IntegerType QuantParamsAttr::getStorageType() const {
  return IntegerType::get(getContext(), getBits());
}

QuantParamsAttr QuantParamsAttr::get(MLIRContext *ctx, double scale,
                                     int64_t zeroPoint, unsigned bits,
                                     bool isSigned, bool narrowRange) {
  return get(ctx, DenseF64ArrayAttr::get(ctx, {scale}),
             DenseI64ArrayAttr::get(ctx, {zeroPoint}), /*axis=*/-1, bits,
             isSigned, narrowRange);
}

LogicalResult
QuantParamsAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                        DenseF64ArrayAttr scalesAttr,
                        DenseI64ArrayAttr zeroPointsAttr, int64_t axis,
                        unsigned bits, bool isSigned, bool narrowRange) {
  if (!scalesAttr || !zeroPointsAttr)
    return emitError() << "missing scales or zero points";
  ArrayRef<double> scales = scalesAttr.asArrayRef();
  ArrayRef<int64_t> zeroPoints = zeroPointsAttr.asArrayRef();
  if (!((bits >= 2 && bits <= 16) || bits == 32))
    return emitError() << "storage bit width must be in 2..16 (or 32 for "
                          "accumulators), got "
                       << bits;
  if (scales.empty())
    return emitError() << "expected at least one scale";
  if (axis < -1)
    return emitError() << "axis must be non-negative, got " << axis;
  if (axis == -1 && scales.size() != 1)
    return emitError() << "per-tensor parameters need exactly one scale, got "
                       << scales.size();
  if (zeroPoints.size() != scales.size())
    return emitError() << "expected as many zero points as scales ("
                       << scales.size() << "), got " << zeroPoints.size();
  for (double s : scales)
    if (!std::isfinite(s) || !(s > 0.0))
      return emitError() << "scale must be positive and finite, got " << s;
  auto range = quantmlir::IntRange::get(bits, isSigned, narrowRange);
  for (int64_t zp : zeroPoints)
    if (zp < range.qmin || zp > range.qmax)
      return emitError() << "zero point " << zp << " is outside the storage "
                         << "range [" << range.qmin << ", " << range.qmax
                         << "]";
  return success();
}

LogicalResult
QuantParamsAttr::verifyForType(function_ref<InFlightDiagnostic()> emitError,
                               ShapedType type) const {
  if (!isPerAxis())
    return success();
  if (getAxis() >= type.getRank())
    return emitError() << "quantization axis " << getAxis()
                       << " is out of range for a tensor of rank "
                       << type.getRank();
  int64_t dim = type.getDimSize(getAxis());
  if (!ShapedType::isDynamic(dim) &&
      dim != static_cast<int64_t>(getScales().size()))
    return emitError() << "per-axis parameters have " << getScales().size()
                       << " scales but dimension " << getAxis()
                       << " has size " << dim;
  return success();
}

// Syntax:
//   #qnn.params<i8 [narrow], scale = S [, zp = Z]>
//   #qnn.params<ui8 [narrow], axis = A, scales = [S, ...] [, zps = [Z, ...]]>
Attribute QuantParamsAttr::parse(AsmParser &parser, Type) {
  MLIRContext *ctx = parser.getContext();
  if (parser.parseLess())
    return {};
  SMLoc typeLoc = parser.getCurrentLocation();
  Type storage;
  if (parser.parseType(storage))
    return {};
  auto intTy = dyn_cast<IntegerType>(storage);
  if (!intTy || intTy.isSigned()) {
    parser.emitError(typeLoc,
                     "expected a storage type iN (signed) or uiN (unsigned)");
    return {};
  }
  bool isSigned = !intTy.isUnsigned();
  unsigned bits = intTy.getWidth();
  bool narrow = succeeded(parser.parseOptionalKeyword("narrow"));

  SmallVector<double> scales;
  SmallVector<int64_t> zps;
  int64_t axis = -1;
  bool sawZp = false;
  while (succeeded(parser.parseOptionalComma())) {
    StringRef key;
    SMLoc keyLoc = parser.getCurrentLocation();
    if (parser.parseKeyword(&key) || parser.parseEqual())
      return {};
    if (key == "scale") {
      double s;
      if (parser.parseFloat(s))
        return {};
      scales.push_back(s);
    } else if (key == "zp") {
      int64_t z;
      if (parser.parseInteger(z))
        return {};
      zps.push_back(z);
      sawZp = true;
    } else if (key == "axis") {
      if (parser.parseInteger(axis))
        return {};
    } else if (key == "scales") {
      if (parser.parseCommaSeparatedList(
              AsmParser::Delimiter::Square, [&]() -> ParseResult {
                double s;
                if (parser.parseFloat(s))
                  return failure();
                scales.push_back(s);
                return success();
              }))
        return {};
    } else if (key == "zps") {
      sawZp = true;
      if (parser.parseCommaSeparatedList(
              AsmParser::Delimiter::Square, [&]() -> ParseResult {
                int64_t z;
                if (parser.parseInteger(z))
                  return failure();
                zps.push_back(z);
                return success();
              }))
        return {};
    } else {
      parser.emitError(keyLoc, "unknown key '")
          << key << "' (expected scale, zp, axis, scales or zps)";
      return {};
    }
  }
  if (parser.parseGreater())
    return {};
  if (!sawZp)
    zps.assign(scales.size(), 0);
  return parser.getChecked<QuantParamsAttr>(
      ctx, DenseF64ArrayAttr::get(ctx, scales), DenseI64ArrayAttr::get(ctx, zps),
      axis, bits, isSigned, narrow);
}

static void printDouble(AsmPrinter &printer, double d) {
  printer.printFloat(llvm::APFloat(d));
}

void QuantParamsAttr::print(AsmPrinter &printer) const {
  printer << "<" << (getIsSigned() ? "i" : "ui") << getBits();
  if (getNarrowRange())
    printer << " narrow";
  if (!isPerAxis()) {
    printer << ", scale = ";
    printDouble(printer, getScales()[0]);
    printer << ", zp = " << getZeroPoints()[0];
  } else {
    printer << ", axis = " << getAxis() << ", scales = [";
    llvm::interleaveComma(getScales(), printer,
                          [&](double s) { printDouble(printer, s); });
    printer << "], zps = [";
    llvm::interleaveComma(getZeroPoints(), printer);
    printer << "]";
  }
  printer << ">";
}
