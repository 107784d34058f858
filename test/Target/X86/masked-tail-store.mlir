// One-lane channel tails of a fused (requantized, i8) result: LLVM 22's X86
// backend with AVX-512 (-mcpu=znver4 here; also what the JIT picks for
// x86-avx2 code on an AVX-512 host) lowers a masked store with a single
// active lane of a truncated vector as a plain store of the untruncated
// element (llvm/llvm-project#179489): the tail byte of each output row
// (9 filters: column 8) became an 8-byte vmovq that overwrote the next 7
// bytes (the next row, or past the end of the buffer). x86::storeTail
// stores one lane as a scalar. Numbers: x86_conv_check.py (33 filters).
// RUN: quant-opt %s --qnn-lower-to-llvm=target=x86-avx2 --mlir-print-ir-after=qnn-x86-avx2-matmul -o /dev/null 2>&1 | FileCheck %s
// RUN: quant-opt %s --qnn-lower-to-llvm=target=x86-avx2 | mlir-translate --mlir-to-llvmir | llc -O3 -mtriple=x86_64-unknown-linux-gnu -mcpu=znver4 | FileCheck %s --check-prefix=ASM
// RUN: quant-opt %s --qnn-lower-to-llvm=target=x86-avx512vnni | mlir-translate --mlir-to-llvmir | llc -O3 -mtriple=x86_64-unknown-linux-gnu -mcpu=znver4 | FileCheck %s --check-prefix=ASM

// CHECK-LABEL: func.func @c9(
// CHECK-NOT: vector.maskedstore
// CHECK: memref.store {{.*}} : memref<2x9xi8>
// CHECK-NOT: vector.maskedstore
// CHECK: memref.store {{.*}} : memref<2x9xi8>
// CHECK-NOT: vector.maskedstore
// CHECK: return

// Output rows of 9 bytes: the tails at byte offsets 8 and 17 are byte stores.
// ASM-LABEL: c9:
// ASM-NOT: {{vmov[a-z]*}} %xmm{{[0-9]+}}, {{8|17}}(%
// ASM: {{movb %[a-z0-9]+|vpextrb \$0, %xmm[0-9]+}}, 8(%[[OUT:[a-z0-9]+]])
// ASM-NOT: {{vmov[a-z]*}} %xmm{{[0-9]+}}, {{8|17}}(%
// ASM: {{movb %[a-z0-9]+|vpextrb \$0, %xmm[0-9]+}}, 17(%[[OUT]])
// ASM-NOT: {{vmov[a-z]*}} %xmm{{[0-9]+}}, {{8|17}}(%
// ASM: ret

func.func @c9(%x: tensor<1x1x2x8xi8>) -> tensor<1x1x2x9xi8> {
  %w = arith.constant dense<"0xF903417388A45272BFCF5EECC553C1E8240C95875D40560951D4F3499FCD9FF47AA2E2E767B400C385408FC7FFFC9D7B3F769739CB0A6CC639A9D278EB04CA9DEC1FF446DC1C456A"> : tensor<9x1x1x8xi8>
  %b = arith.constant dense<"0x6EFFFFFF67FCFFFFB501000039000000E8020000AEFFFFFFF8FEFFFF94FCFFFFAAFFFFFF"> : tensor<9xi32>
  %acc = qnn.conv2d %x, %w, %b {input_zp = -3 : i64, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x1x2x8xi8>, tensor<9x1x1x8xi8>, tensor<9xi32>) -> tensor<1x1x2x9xi32>
  %q = qnn.requantize %acc {input_params = #qnn.params<i32, axis = 3, scales = [0.01, 0.011, 0.012, 0.013000000000000001, 0.014, 0.015, 0.016, 0.017, 0.018000000000000002], zps = [0, 0, 0, 0, 0, 0, 0, 0, 0]>, output_params = #qnn.params<i8, scale = 0.25, zp = -2>} : tensor<1x1x2x9xi32> -> tensor<1x1x2x9xi8>
  return %q : tensor<1x1x2x9xi8>
}
