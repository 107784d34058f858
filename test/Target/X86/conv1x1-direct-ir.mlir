// qnn-x86-avx2-matmul on int8 1 x 1 convolutions (IR right after the pass,
// x86-avx512vnni): with stride 1 and C % 4 == 0 the vpdpbusd tile reads A
// in place, 4 input bytes per row broadcast from the flattened input (the
// sign bits of signed activations flipped on the broadcast), and no im2col
// block is allocated; stride 2 and C = 3 keep the im2col block (a row
// gather; K padded to a multiple of 4). Numbers:
// avx512vnni-conv1x1-exec.test.
// RUN: quant-opt %s --qnn-lower-to-llvm=target=x86-avx512vnni --mlir-print-ir-after=qnn-x86-avx2-matmul -o /dev/null 2>&1 | FileCheck %s

// CHECK-LABEL: func.func @direct_s1(
// CHECK-NOT: memref.alloc
// CHECK: memref.collapse_shape %arg0 {{.*}} into memref<800xi8>
// CHECK-NOT: memref.alloc
// CHECK: scf.parallel
// CHECK-NOT: memref.alloc
// CHECK: vector.load %collapse_shape[%{{.*}}] : memref<800xi8>, vector<4xi8>
// CHECK-NEXT: vector.bitcast
// CHECK-NEXT: vector.broadcast
// CHECK-NEXT: arith.xori {{.*}} : vector<8xi32>
// CHECK-NEXT: vector.bitcast
// CHECK-NEXT: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.256"
// CHECK-NOT: memref.alloc
// CHECK: vector.store {{.*}} : memref<100x16xi8>, vector<8xi8>
// CHECK-NOT: memref.alloc

// Unsigned activations: the bytes as they are (no flip).
// CHECK-LABEL: func.func @direct_u8(
// CHECK-NOT: memref.alloc
// CHECK: vector.load %collapse_shape[%{{.*}}] : memref<800xi8>, vector<4xi8>
// CHECK-NEXT: vector.bitcast
// CHECK-NEXT: vector.broadcast
// CHECK-NEXT: vector.bitcast
// CHECK-NEXT: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.256"
// CHECK-NOT: memref.alloc
// CHECK: vector.store {{.*}} : memref<100x16xi8>, vector<8xi8>
// CHECK-NOT: memref.alloc

// CHECK-LABEL: func.func @im2col_s2(
// CHECK: memref.alloc() {{.*}} : memref<36x16xi8>
// CHECK: vector.load %alloc[{{.*}}] : memref<36x16xi8>, vector<4xi8>
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.256"

// CHECK-LABEL: func.func @im2col_c3(
// CHECK: memref.alloc() {{.*}} : memref<96x16xi8>
// CHECK: vector.load %alloc[{{.*}}] : memref<96x16xi8>, vector<4xi8>
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.256"

func.func @direct_s1(%x: tensor<1x10x10x8xi8>) -> tensor<1x10x10x16xi8> {
  %w = arith.constant dense<"0x4F96AEBDAF4D5E158B99D5EF1FFBC4A9313C899DF4E46304ECEE2A16AD3D417449C9D22626325ECB7081947971CDA4D18B642916BFF9B146F988C13505E0C1981C29056E6DB51C21C0CDFD3ECB3927B8E3545728822FBA5269EE7542D461E39B185928E567FBE3A6B7334CCB215FA6C70610E6E6A11D6EB34CAE8C3FAF40D511"> : tensor<16x1x1x8xi8>
  %b = arith.constant dense<"0x700300004A030000D0FFFFFFB3FDFFFF0DFEFFFFBD020000B100000069FDFFFF04030000A0030000A9030000F7000000B7030000D500000001000000AD030000"> : tensor<16xi32>
  %acc = qnn.conv2d %x, %w, %b {input_zp = 3 : i64, input_unsigned = false, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x10x10x8xi8>, tensor<16x1x1x8xi8>, tensor<16xi32>) -> tensor<1x10x10x16xi32>
  %q = qnn.requantize %acc {input_params = #qnn.params<i32, scale = 0.002, zp = 0>, output_params = #qnn.params<i8, scale = 0.25, zp = -2>} : tensor<1x10x10x16xi32> -> tensor<1x10x10x16xi8>
  %r = qnn.clamp %q {min = -2 : i64, max = 127 : i64} : tensor<1x10x10x16xi8>
  return %r : tensor<1x10x10x16xi8>
}

func.func @direct_u8(%x: tensor<1x10x10x8xi8>) -> tensor<1x10x10x16xi8> {
  %w = arith.constant dense<"0x1B49D74A798E09DF8E96C5B237B7205BFFA191CCEAFECE5911776F3587B73F0B7135528ECC2E22DEA917972B4D2B9106CE0E2EB38AFF1FA06CFB77093A46FFE52B851E07A7B5893E2FE474E2CF6895E587D93AD9FEFB9098CD0C936B5B103B3E83728D57553EA350755231C10EFB5ED8E9C3FD12F6D20D1EAB15359B1EF16EE4"> : tensor<16x1x1x8xi8>
  %b = arith.constant dense<"0x8FFEFFFF9D010000E2020000C8FCFFFFEFFCFFFF69FDFFFFC3FEFFFF190000008800000041FFFFFFFD0200004A01000064FDFFFFB1FEFFFFA6FDFFFFA2FDFFFF"> : tensor<16xi32>
  %acc = qnn.conv2d %x, %w, %b {input_zp = 0 : i64, input_unsigned = true, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x10x10x8xi8>, tensor<16x1x1x8xi8>, tensor<16xi32>) -> tensor<1x10x10x16xi32>
  %q = qnn.requantize %acc {input_params = #qnn.params<i32, scale = 0.002, zp = 0>, output_params = #qnn.params<i8, scale = 0.25, zp = -2>} : tensor<1x10x10x16xi32> -> tensor<1x10x10x16xi8>
  %r = qnn.clamp %q {min = -2 : i64, max = 127 : i64} : tensor<1x10x10x16xi8>
  return %r : tensor<1x10x10x16xi8>
}

func.func @im2col_s2(%x: tensor<1x10x10x8xi8>) -> tensor<1x5x5x16xi8> {
  %w = arith.constant dense<"0x586EEFBF55A6A4C8DED7C8BA2009286F6FA14AEA522B8F626D7F90A5210A9861BC8E5C1787AD61445E70CD0ADF83BD919EEB6A5925BDA12B3CE8A3C47C3411CF5CDFF344EAFF8848C9040CA9BEF29A5FD911A677F981D9D7BD457B2FB010F62A56604E2FF40CAE10032AF7D3032BB21DDA4917FB8A87BD09FA5BA124E42598E4"> : tensor<16x1x1x8xi8>
  %b = arith.constant dense<"0x30FDFFFFE1FEFFFF98FDFFFFB501000063010000B3FCFFFF6DFEFFFFDC02000024030000F002000001FDFFFF9C03000056FFFFFF27FDFFFFAD010000FEFCFFFF"> : tensor<16xi32>
  %acc = qnn.conv2d %x, %w, %b {input_zp = 0 : i64, input_unsigned = false, strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x10x10x8xi8>, tensor<16x1x1x8xi8>, tensor<16xi32>) -> tensor<1x5x5x16xi32>
  %q = qnn.requantize %acc {input_params = #qnn.params<i32, scale = 0.002, zp = 0>, output_params = #qnn.params<i8, scale = 0.25, zp = -2>} : tensor<1x5x5x16xi32> -> tensor<1x5x5x16xi8>
  %r = qnn.clamp %q {min = -2 : i64, max = 127 : i64} : tensor<1x5x5x16xi8>
  return %r : tensor<1x5x5x16xi8>
}

func.func @im2col_c3(%x: tensor<1x10x10x3xi8>) -> tensor<1x10x10x16xi8> {
  %w = arith.constant dense<"0x8A649EE760C5C8E24329CEAAEFFDEC299B380A842B4FDDEF14F0041019C89C63F4B77F0BD4AB831E1F66796290A31720"> : tensor<16x1x1x3xi8>
  %b = arith.constant dense<"0xBBFDFFFF1103000070030000A8FDFFFF1F01000055FFFFFF74000000AA01000004000000DC01000030FEFFFF9EFFFFFF42FDFFFF1501000027FFFFFF51010000"> : tensor<16xi32>
  %acc = qnn.conv2d %x, %w, %b {input_zp = 0 : i64, input_unsigned = false, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x10x10x3xi8>, tensor<16x1x1x3xi8>, tensor<16xi32>) -> tensor<1x10x10x16xi32>
  %q = qnn.requantize %acc {input_params = #qnn.params<i32, scale = 0.002, zp = 0>, output_params = #qnn.params<i8, scale = 0.25, zp = -2>} : tensor<1x10x10x16xi32> -> tensor<1x10x10x16xi8>
  %r = qnn.clamp %q {min = -2 : i64, max = 127 : i64} : tensor<1x10x10x16xi8>
  return %r : tensor<1x10x10x16xi8>
}
