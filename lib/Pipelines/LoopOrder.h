//===- LoopOrder.h - qnn-contiguous-inner-loop ------------------*- C++ -*-===//
//
// Part of QuantMLIR. See LoopOrder.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_LIB_PIPELINES_LOOPORDER_H
#define QUANTMLIR_LIB_PIPELINES_LOOPORDER_H

#include "mlir/Pass/Pass.h"

#include <memory>

namespace quantmlir {

/// Moves the output's last (contiguous) dimension innermost in linalg
/// contractions, depthwise convolutions and pooling, before they become loops.
std::unique_ptr<mlir::Pass> createContiguousInnerLoopPass();
void registerContiguousInnerLoopPass();

} // namespace quantmlir

#endif // QUANTMLIR_LIB_PIPELINES_LOOPORDER_H
