//===- Instrument.h - Calibration instrumentation of a model ----*- C++ -*-===//
//
// Part of QuantMLIR.
//
// `quant-run calibrate` observes the tensors that qnn.simulated_quantize ops
// of kind input / activation quantize. It does so on the IR, before
// lowering: the entry function is cloned into one that additionally returns
// the input tensor of each such op, and the normal qnn-lower-to-llvm
// pipeline and JIT then run the clone like any other function.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_RUNTIME_INSTRUMENT_H
#define QUANTMLIR_RUNTIME_INSTRUMENT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/LLVM.h"

#include "llvm/ADT/ArrayRef.h"

#include <string>
#include <vector>

namespace quantmlir {
namespace runtime {

/// One observed tensor: the simulated_quantize `name` and the result of the
/// instrumented function that returns its input.
struct CalibrationTap {
  std::string name;
  unsigned result = 0;
};

struct InstrumentedFunction {
  mlir::func::FuncOp func;
  /// The entry's own results come first, the observed tensors after them.
  unsigned numOriginalResults = 0;
  /// In program order. Ops quantizing the same value share its result.
  std::vector<CalibrationTap> taps;
  /// Names of `names` that no op of the entry's body carries (the op sits
  /// in another function).
  std::vector<std::string> unreached;
};

/// Clones `entry` (a func.func on tensors) into a public function
/// `<entry>_qnn_calibrate` placed after it, which returns the entry's
/// results followed by the input of every qnn.simulated_quantize of kind
/// input or activation whose `name` is in `names`. Such ops must sit
/// directly in the entry's body: one nested in a region fails with an error
/// at the op.
mlir::FailureOr<InstrumentedFunction>
instrumentForCalibration(mlir::func::FuncOp entry,
                         llvm::ArrayRef<std::string> names);

/// Appends `values` (defined in the body of `func`, which has one block
/// ending in func.return) to the results of `func`: its return, its type and
/// its result attributes.
void appendFunctionResults(mlir::func::FuncOp func, mlir::ValueRange values);

} // namespace runtime
} // namespace quantmlir

#endif // QUANTMLIR_RUNTIME_INSTRUMENT_H
