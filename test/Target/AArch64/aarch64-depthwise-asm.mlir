// qnn-lower-to-llvm{target=aarch64-dotprod|aarch64-i8mm}: a depthwise conv
// (qnn.conv2d groups = C) becomes the NEON depthwise kernel: weights minus
// their zero point packed at compile time as i16 ([taps][C rounded to 16]),
// the input zero point folded with the bias into a per-channel i32
// constant; per output pixel and block of channels the input is widened to
// i16 and multiply-accumulated into i32 (SMLAL / SMLAL2 in the hot loop).
// With a requantize after it, the requantize runs on the accumulators in
// registers (fused epilogue, 8 channels per vector): i8 stored directly, no
// i32 buffer and no second loop nest. Numbers: aarch64-depthwise-exec.test.
// RUN: quant-opt %s --qnn-lower-to-llvm=target=aarch64-dotprod --mlir-print-ir-after=qnn-aarch64-matmul -o /dev/null 2>&1 | FileCheck %s
// RUN: quant-opt %s --qnn-lower-to-llvm=target=aarch64-i8mm --mlir-print-ir-after=qnn-aarch64-matmul -o /dev/null 2>&1 | FileCheck %s
// RUN: quant-opt %s --qnn-lower-to-llvm=target=aarch64-dotprod | quant-translate --emit-asm | %python %S/Inputs/hot_loop.py smlal smlal2 | FileCheck %s --check-prefix=ASM
// RUN: quant-opt %s --qnn-lower-to-llvm=target=aarch64-dotprod --mlir-print-ir-after=qnn-aarch64-matmul -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOCONV

// CHECK-DAG: memref.global "private" constant @{{.*}}20x3x3x1xi8{{.*}}_aarch64_dw_packed : memref<9x32xi16>
// CHECK-DAG: memref.global "private" constant @{{.*}}20x3x3x1xi8{{.*}}_aarch64_dw_corr : memref<32xi32>
// CHECK-DAG: memref.global "private" constant @{{.*}}32x3x3x1xi8{{.*}}_aarch64_dw_packed : memref<9x32xi16>
// CHECK-LABEL: func.func @dw_requant(
// CHECK: scf.for
// CHECK: scf.for
// CHECK: vector.load {{.*}} : memref<{{[0-9]+}}xi8>, vector<8xi8>
// CHECK: arith.extsi {{.*}} : vector<8xi8> to vector<8xi16>
// CHECK: arith.muli {{.*}} : vector<8xi32>
// CHECK: arith.trunci {{.*}} : vector<8xi64> to vector<8xi8>
// CHECK: vector.store {{.*}} : memref<2000xi8>, vector<8xi8>
// The channel tail (4 of 8 lanes): masked loads and store.
// CHECK: vector.maskedload {{.*}} vector<8xi8>
// CHECK: vector.maskedstore {{.*}} : memref<2000xi8>, vector<8xi1>, vector<8xi8>
// CHECK-NOT: linalg.generic
// CHECK-NOT: xi32>
// CHECK-LABEL: func.func @dw_i32(
// The i32 result (no consumer): 16 channels per vector, u8 input zero
// extended to i16, added to the output's bias init.
// CHECK: scf.for
// CHECK: vector.load {{.*}} : memref<{{[0-9]+}}xi8>, vector<16xi8>
// CHECK: arith.extui {{.*}} : vector<16xi8> to vector<16xi16>
// CHECK: arith.muli {{.*}} : vector<16xi32>
// CHECK: vector.store {{.*}} : memref<{{[0-9]+}}xi32>, vector<16xi32>
// CHECK-NOT: "reduction"
// CHECK: return

// The widening multiply-accumulate in the hot loop (9 taps x 8 lanes fused,
// 9 x 16 lanes for the i32 result).
// ASM: FUNC _mlir_ciface_dw_requant: loop {{.*}}: {{[1-9][0-9]*}} smlal,
// ASM: FUNC _mlir_ciface_dw_i32: loop {{.*}}: {{[1-9][0-9]*}} smlal, {{[1-9][0-9]*}} smlal2,

// NOCONV-NOT: linalg.generic {{.*}}"reduction"

func.func @dw_requant(%x: tensor<1x10x10x20xi8>) -> tensor<1x10x10x20xi8> {
  %w = arith.constant dense<"0x2B4E854EF80321C97A8DC7E212E8A18B808CA67FB02740BCC8EFC379AD654C589DE420FE2A2D298F750E67C5DC61AF90DF2D9F5ED7BA0B65625FCE84473545808900D5EF6EB407D3CB4EA7D19EA6C73214F2AB4C4CBC8FD1A54C0501CA0177BC4483D06E5F955758F4DE7A732DE6B56FC40E2CBDD03DB22C712F25F677B8DB24279BA93157226EE0D44C8AB1B1E3A84C58E187369B1CAB702D7D1D39E04F9CA7DC36FC5871E6EC0D25FA1A753BD1ECE6A6804AEB"> : tensor<20x3x3x1xi8>
  %b = arith.constant dense<"0xD7FEFFFF060100008000000065030000E60000004F0300009D000000A6FEFFFF9DFEFFFFD1030000AC0000008FFDFFFF95020000860200002FFCFFFF52FDFFFF8001000042FFFFFFC2FEFFFFAAFCFFFF"> : tensor<20xi32>
  %acc = qnn.conv2d %x, %w, %b {input_zp = 5 : i64, weight_zp = 1 : i64, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 20 : i64} : (tensor<1x10x10x20xi8>, tensor<20x3x3x1xi8>, tensor<20xi32>) -> tensor<1x10x10x20xi32>
  %q = qnn.requantize %acc {input_params = #qnn.params<i32, scale = 0.002, zp = 0>, output_params = #qnn.params<i8, scale = 0.1, zp = -3>} : tensor<1x10x10x20xi32> -> tensor<1x10x10x20xi8>
  return %q : tensor<1x10x10x20xi8>
}

func.func @dw_i32(%x: tensor<1x9x9x32xi8>) -> tensor<1x4x4x32xi32> {
  %w = arith.constant dense<"0xB05B555412A3D2067EC20CFD000D349B7B5D44C7F0F2CF8E3E8043B124D7BC6DF963B0FBD8F4832AD85BB6D68B4B08E66A18763C1500B3304A32E9813C8A4DA6CEB60AB4C28C7BB7B119A46248D9E6DD3CEAC92EA349ED70C2E05F348AD78452EABB395E9A01DD396E083FD014FE3B8CBC8B7A07FDFA885558851F0EE1FD6119FD3A310654101EFD171D66BFDD0DD62C53B08E7D023F427488CB7BF1E5C2858B7984A3BFC85CD3A9E430F2BF9E90FDB1152DE1008E0CAEF49CC6EAFD876CEBB3B23BF0C0F3B1A9D276970B6FF6DD0EAD3280108F85B638EAEB1A917BFC6341BECD1C576BFC9A7E5A36E5A248B4D25D20CC011C9AC64220523CFBCCE3B37287DF916127EB4ADFF7DC428F0CC679BAE68FFF0A40F1BF8669A7456BD2A231DF8973"> : tensor<32x3x3x1xi8>
  %b = arith.constant dense<7> : tensor<32xi32>
  %acc = qnn.conv2d %x, %w, %b {input_zp = 128 : i64, weight_zp = 0 : i64, input_unsigned = true, strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 32 : i64} : (tensor<1x9x9x32xi8>, tensor<32x3x3x1xi8>, tensor<32xi32>) -> tensor<1x4x4x32xi32>
  return %acc : tensor<1x4x4x32xi32>
}
