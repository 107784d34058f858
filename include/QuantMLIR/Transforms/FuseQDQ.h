//===- FuseQDQ.h - qnn-fuse-qdq patterns -------------------------*- C++
//-*-===//
//
// Part of QuantMLIR.
//
// The rewrite patterns of `qnn-fuse-qdq` (lib/Transforms/FuseQDQ.cpp), for
// embedders that run them in their own pattern sets: dequantize -> op ->
// quantize chains of a pre-quantized (QDQ) model become integer qnn ops.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_TRANSFORMS_FUSEQDQ_H
#define QUANTMLIR_TRANSFORMS_FUSEQDQ_H

namespace mlir {
class RewritePatternSet;

namespace qnn {

/// Adds the qnn-fuse-qdq patterns: qnn.quantize(op(qnn.dequantize(...)))
/// to integer qnn ops, qnn.quantize(qnn.dequantize(x)) to qnn.requantize,
/// and qnn.dequantize moved below tosa.transpose / tosa.reshape.
void populateFuseQDQPatterns(RewritePatternSet &patterns);

} // namespace qnn
} // namespace mlir

#endif // QUANTMLIR_TRANSFORMS_FUSEQDQ_H
