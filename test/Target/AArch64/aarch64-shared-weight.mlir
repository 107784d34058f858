// qnn-lower-to-llvm{target=aarch64-*}: two functions of one module reading
// one constant weight (as `quant-run profile` lowers an entry with its
// instrumented clone) get distinctly named packed globals (was:
// "redefinition of symbol named '..._aarch64_colcorr'" / '..._dw_packed'),
// each function reading its own. Numbers: aarch64-conv-exec.test,
// aarch64-depthwise-exec.test.
// RUN: quant-opt %s --qnn-lower-to-llvm=target=aarch64-dotprod --mlir-print-ir-after=qnn-aarch64-matmul -o /dev/null 2>&1 | FileCheck %s
// RUN: quant-opt %s --qnn-lower-to-llvm=target=aarch64-i8mm --mlir-print-ir-after=qnn-aarch64-matmul -o /dev/null 2>&1 | FileCheck %s

// CHECK-DAG: memref.global "private" constant @[[P:.*]]_aarch64_packed :
// CHECK-DAG: memref.global "private" constant @[[P]]_aarch64_packed_1 :
// CHECK-DAG: memref.global "private" constant @[[C:.*]]_aarch64_colcorr :
// CHECK-DAG: memref.global "private" constant @[[C]]_aarch64_colcorr_1 :
// CHECK-DAG: memref.global "private" constant @[[D:.*]]_aarch64_dw_packed :
// CHECK-DAG: memref.global "private" constant @[[D]]_aarch64_dw_packed_1 :
// CHECK-DAG: memref.global "private" constant @[[E:.*]]_aarch64_dw_corr :
// CHECK-DAG: memref.global "private" constant @[[E]]_aarch64_dw_corr_1 :
// CHECK-LABEL: func.func @mm1(
// CHECK: memref.get_global @{{.*}}_aarch64_packed :
// CHECK-LABEL: func.func @mm2(
// CHECK: memref.get_global @{{.*}}_aarch64_packed_1 :
// CHECK-LABEL: func.func @dw1(
// CHECK: memref.get_global @{{.*}}_aarch64_dw_packed :
// CHECK-LABEL: func.func @dw2(
// CHECK: memref.get_global @{{.*}}_aarch64_dw_packed_1 :

func.func @mm1(%a: tensor<4x16xi8>) -> tensor<4x12xi32> {
  %w = arith.constant dense<"0x2B4E854EF80321C97A8DC7E212E8A18B808CA67FB02740BCC8EFC379AD654C589DE420FE2A2D298F750E67C5DC61AF90DF2D9F5ED7BA0B65625FCE84473545808900D5EF6EB407D3CB4EA7D19EA6C73214F2AB4C4CBC8FD1A54C0501CA0177BC4483D06E5F955758F4DE7A732DE6B56FC40E2CBDD03DB22C712F25F677B8DB24279BA93157226EE0D44C8AB1B1E3A84C58E187369B1CAB702D7D1D39E04F9CA7DC36FC5871E6EC0D25FA1A753BD1ECE6A6804AEBDA21106F1D6C14D3D27D16B0"> : tensor<16x12xi8>
  %0 = qnn.matmul %a, %w {lhs_zp = 3 : i64, rhs_zp = 0 : i64} : (tensor<4x16xi8>, tensor<16x12xi8>) -> tensor<4x12xi32>
  return %0 : tensor<4x12xi32>
}

func.func @mm2(%a: tensor<4x16xi8>) -> tensor<4x12xi32> {
  %w = arith.constant dense<"0x2B4E854EF80321C97A8DC7E212E8A18B808CA67FB02740BCC8EFC379AD654C589DE420FE2A2D298F750E67C5DC61AF90DF2D9F5ED7BA0B65625FCE84473545808900D5EF6EB407D3CB4EA7D19EA6C73214F2AB4C4CBC8FD1A54C0501CA0177BC4483D06E5F955758F4DE7A732DE6B56FC40E2CBDD03DB22C712F25F677B8DB24279BA93157226EE0D44C8AB1B1E3A84C58E187369B1CAB702D7D1D39E04F9CA7DC36FC5871E6EC0D25FA1A753BD1ECE6A6804AEBDA21106F1D6C14D3D27D16B0"> : tensor<16x12xi8>
  %0 = qnn.matmul %a, %w {lhs_zp = 3 : i64, rhs_zp = 0 : i64} : (tensor<4x16xi8>, tensor<16x12xi8>) -> tensor<4x12xi32>
  return %0 : tensor<4x12xi32>
}

func.func @dw1(%x: tensor<1x6x6x8xi8>) -> tensor<1x4x4x8xi32> {
  %w = arith.constant dense<"0x545282A831E7D792B05B555412A3D2067EC20CFD000D349B7B5D44C7F0F2CF8E3E8043B124D7BC6DF963B0FBD8F4832AD85BB6D68B4B08E66A18763C1500B3304A32E9813C8A4DA6"> : tensor<8x3x3x1xi8>
  %0 = qnn.conv2d %x, %w {input_zp = 5 : i64, weight_zp = 1 : i64, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 8 : i64} : (tensor<1x6x6x8xi8>, tensor<8x3x3x1xi8>) -> tensor<1x4x4x8xi32>
  return %0 : tensor<1x4x4x8xi32>
}

func.func @dw2(%x: tensor<1x6x6x8xi8>) -> tensor<1x4x4x8xi32> {
  %w = arith.constant dense<"0x545282A831E7D792B05B555412A3D2067EC20CFD000D349B7B5D44C7F0F2CF8E3E8043B124D7BC6DF963B0FBD8F4832AD85BB6D68B4B08E66A18763C1500B3304A32E9813C8A4DA6"> : tensor<8x3x3x1xi8>
  %0 = qnn.conv2d %x, %w {input_zp = 5 : i64, weight_zp = 1 : i64, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 8 : i64} : (tensor<1x6x6x8xi8>, tensor<8x3x3x1xi8>) -> tensor<1x4x4x8xi32>
  return %0 : tensor<1x4x4x8xi32>
}
