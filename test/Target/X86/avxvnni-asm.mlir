// qnn-lower-to-llvm{target=x86-avxvnni} (VEX AVX-VNNI, no AVX-512): int8
// matmuls and convolutions use vpdpbusd on ymm registers with the VEX
// encoding ({vex}, c4 prefix) in a 6 x 16 register tile (12 accumulators,
// 2 B vectors, 1 broadcast: 15 of the 16 ymm registers, no spill in the k
// loop); nothing needs AVX-512: no zmm, no opmask register, no EVEX-encoded
// instruction anywhere in the object (in 64-bit mode every instruction that
// starts with 0x62 is EVEX). llc runs for a CPU without AVX-512 (-mcpu=x86-64)
// so only the functions' target features count, like quant-translate.
// RUN: quant-opt %s --qnn-lower-to-llvm=target=x86-avxvnni -o %t.ll.mlir
// RUN: FileCheck %s --check-prefix=IR < %t.ll.mlir
// RUN: mlir-translate --mlir-to-llvmir %t.ll.mlir | llc -O3 -mcpu=x86-64 -o %t.s
// RUN: FileCheck %s --check-prefix=ASM < %t.s
// RUN: not grep -nE 'zmm|%k[0-7]|[{]1to|[{]evex[}]' %t.s
// RUN: quant-translate --emit-obj %t.ll.mlir -o %t.o
// RUN: llvm-objdump -d %t.o > %t.dis
// RUN: FileCheck %s --check-prefix=OBJ < %t.dis
// RUN: not grep -nE '^ *[0-9a-f]+:[[:space:]]+62 ' %t.dis
// The pass alone: vex=1 needs vnni=1.
// RUN: not quant-opt %s --qnn-x86-avx2-matmul=vex=1 2>&1 | FileCheck %s --check-prefix=BADOPT
// BADOPT: error: qnn-x86-avx2-matmul: vex=1 selects the AVX-VNNI kernels and needs vnni=1

// IR-LABEL: llvm.func @mm_i8(
// IR-SAME: target_features = #llvm.target_features<["+avx2", "+fma", "+avxvnni"]>
// IR: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.256"({{.*}}) : (vector<8xi32>, vector<32xi8>, vector<32xi8>) -> vector<8xi32>
// IR-NOT: vpdpbusd.512
// IR-NOT: pmadd.wd
// IR-LABEL: llvm.func @conv_requant(

// The k loop of the 6 x 16 tile: per k quad two B loads (16 columns x 4 k
// each) and, per row, one vpbroadcastd of the A quad and two {vex} vpdpbusd;
// no stack access (spill) before the branch back.
// ASM-LABEL: mm_i8:
// ASM: {vex} vpdpbusd [[B0:%ymm[0-9]+]], [[A:%ymm[0-9]+]], %ymm{{[0-9]+}}
// ASM-NEXT: {vex} vpdpbusd [[B1:%ymm[0-9]+]], [[A]], %ymm{{[0-9]+}}
// ASM-NEXT: vpbroadcastd {{.*}}, [[A]]
// ASM-NEXT: {vex} vpdpbusd [[B0]], [[A]], %ymm{{[0-9]+}}
// ASM-NEXT: {vex} vpdpbusd [[B1]], [[A]], %ymm{{[0-9]+}}
// ASM-NEXT: vpbroadcastd {{.*}}, [[A]]
// ASM-NEXT: {vex} vpdpbusd [[B0]], [[A]], %ymm{{[0-9]+}}
// ASM-NEXT: {vex} vpdpbusd [[B1]], [[A]], %ymm{{[0-9]+}}
// ASM-NEXT: vpbroadcastd {{.*}}, [[A]]
// ASM-NEXT: {vex} vpdpbusd [[B0]], [[A]], %ymm{{[0-9]+}}
// ASM-NEXT: {vex} vpdpbusd [[B1]], [[A]], %ymm{{[0-9]+}}
// ASM-NEXT: vpbroadcastd {{.*}}, [[A]]
// ASM-NEXT: {vex} vpdpbusd [[B0]], [[A]], %ymm{{[0-9]+}}
// ASM-NEXT: {vex} vpdpbusd [[B1]], [[A]], %ymm{{[0-9]+}}
// ASM-NEXT: vpbroadcastd {{.*}}, [[A]]
// ASM-NEXT: {vex} vpdpbusd [[B0]], [[A]], %ymm{{[0-9]+}}
// ASM-NEXT: {vex} vpdpbusd [[B1]], [[A]], %ymm{{[0-9]+}}
// ASM-NOT: {{^\.LBB|%rsp}}
// ASM: j{{[a-z]+}} {{\.LBB[0-9_]+}}
// ASM-LABEL: mm_s8_constB:
// ASM: {vex} vpdpbusd {{.*}}%ymm
// ASM-LABEL: conv_requant:
// ASM: {vex} vpdpbusd [[CB0:%ymm[0-9]+]], [[CA:%ymm[0-9]+]], %ymm{{[0-9]+}}
// ASM-NEXT: {vex} vpdpbusd [[CB1:%ymm[0-9]+]], [[CA]], %ymm{{[0-9]+}}
// ASM-NEXT: vpbroadcastd {{.*}}, [[CA]]
// ASM-NEXT: {vex} vpdpbusd [[CB0]], [[CA]], %ymm{{[0-9]+}}
// ASM-NEXT: {vex} vpdpbusd [[CB1]], [[CA]], %ymm{{[0-9]+}}
// ASM-NEXT: vpbroadcastd {{.*}}, [[CA]]
// ASM-NEXT: {vex} vpdpbusd [[CB0]], [[CA]], %ymm{{[0-9]+}}
// ASM-NEXT: {vex} vpdpbusd [[CB1]], [[CA]], %ymm{{[0-9]+}}
// ASM-NEXT: vpbroadcastd {{.*}}, [[CA]]
// ASM-NEXT: {vex} vpdpbusd [[CB0]], [[CA]], %ymm{{[0-9]+}}
// ASM-NEXT: {vex} vpdpbusd [[CB1]], [[CA]], %ymm{{[0-9]+}}
// ASM-NEXT: vpbroadcastd {{.*}}, [[CA]]
// ASM-NEXT: {vex} vpdpbusd [[CB0]], [[CA]], %ymm{{[0-9]+}}
// ASM-NEXT: {vex} vpdpbusd [[CB1]], [[CA]], %ymm{{[0-9]+}}
// ASM-NEXT: vpbroadcastd {{.*}}, [[CA]]
// ASM-NEXT: {vex} vpdpbusd [[CB0]], [[CA]], %ymm{{[0-9]+}}
// ASM-NEXT: {vex} vpdpbusd [[CB1]], [[CA]], %ymm{{[0-9]+}}
// ASM-NOT: {{^\.LBB|%rsp}}
// ASM: j{{[a-z]+}} {{\.LBB[0-9_]+}}
// At most 8 filters: 12 rows of one 8-column accumulator each.
// ASM-LABEL: conv_narrow:
// ASM: {vex} vpdpbusd [[NB:%ymm[0-9]+]], {{%ymm[0-9]+}}, %ymm{{[0-9]+}}
// ASM-COUNT-11: {vex} vpdpbusd [[NB]], {{%ymm[0-9]+}}, %ymm{{[0-9]+}}
// ASM-NOT: {{^\.LBB|%rsp}}
// ASM: j{{[a-z]+}} {{\.LBB[0-9_]+}}

// The object (quant-translate --emit-obj, generic CPU): VEX3 (c4) vpdpbusd.
// OBJ: {{: c4 ([0-9a-f]{2} )+}}{vex} vpdpbusd %ymm

func.func @mm_i8(%a: tensor<17x255xi8>, %b: tensor<255x33xi8>) -> tensor<17x33xi32> {
  %0 = qnn.matmul %a, %b {lhs_zp = 128 : i64, rhs_zp = -3 : i64, lhs_unsigned = true} : (tensor<17x255xi8>, tensor<255x33xi8>) -> tensor<17x33xi32>
  return %0 : tensor<17x33xi32>
}

func.func @mm_s8_constB(%a: tensor<13x37xi8>) -> tensor<13x29xi32> {
  %b = arith.constant dense<"0xE7EEE7615EF35F30E49B482E15CAE75007201E12617B0FEDA7E1647796FF022BEA8ED02A82A175930F2337CD3794C52208006D6B1AF0C0CBD625658AAC2C9FAA07D13C447E33051EEEF95A60E56143D6C43BCAD76C008A9B0A6B5FC933154A6DE28404A897C525262E6A7C07BCBEE841F745C55D4E9F747F615164C6F728D718353713827AC883D7FB9659234074F5258F6C68082389D2E47F1E175A90BC432FB946E6A9471109F3B79F110A26F6229FA3452526E7BC1642AEB42BF227D50FFF07C3C20624292E3B83D5A9C6EAE1EC2A0F9E2CF60B7539FEF88205BC9A496756AFE2FF7BA7CF8065DC666DC470A26B4544FEB314208D5639E6F18C6DD3C3FCA1E7A426108E158FB59E0945CFE8610C887948183BE437BC276566F3835B05F1125B738BB151C9722CD2C642E6E86403C0AFEDA768323F6D7CC72C9EA48608B22A13E1AFD78CF90E6F20DB1158AB47F04CE1FC2C71E09454839FC36A9B488BFE66D23A02C10E16CD3EFB2F5521EAD3CE897EF2FC41ADDEF3A23762D60F85420B12634F740691A4B57DFF35FF3E8065DF0BC0D351686F6E4577B15CA1A1636F6331447A432D84C631DED74066CE093166B7B83BAF6024F6360C13F64B615E3A68585090301F44EC2731A7C8EFDAB5DC6BBF0614665CD0E8B8BDCF63543007A52BCF61AE848F3B51CF44A8BDDD5CCF695E24AE9AF03305B619768B99AC6ECF5D27C7FE6D3DCA0B3A377983E3CD1964C0053284808DAED433E32717C551C5F156FD1DDBFDD791CC9FBB92F78A91970D077D1550D1C71BA1CB19A32572DBF4807C1732EF497D3A19D5E93C681AB64F3FBAE247D5E986D6BA4694417AF63A9EB78C8B618E7A617F64141F048A84D90D1334718E252C5278BFF7F5B56BADAFFD44263DE56DE3D984C74DBC4EA6945EDABD31ECA5282ADDF8ED9904269E6D299BFDA7904970B7A7BB3CA5E18EE09CEAA271CC7F2BB9BB0CBACAC663BCC74F5A5A2DE8900B711D51970BD8209C2BAB298C35A02B0D4931D87D70FAADEBC9B3ACAA45FCF92517D2B201C12DED0CB90538D7D74A7D53C055A468C7D9958C1EF19D3A9B4F5B1FEA08F612A037655EB76F78F172E25E8FCE589FF585F8CEAF2FF771CC196F44C58C1D7905F1BEE67ED750D450A44A8443881B4D5B00684C412AB48A31F5EF2A9B0960D5622EE16A13D3FD509FA19FCF269CEF22B8264736C9EC3EE306C1F379963AEA05694D94C098ACC82C836066C038A89E8CF0A9E4C32F344830435B5C62CD12ED2E337410503FDED025AEDA47694BC5F7A9D307CDA27D0985A960AF9DE136C168AA963451819877B44865640D652A457DF4D5AAA82EB888ED3FE7457A208756AB4A3E0193BA7BB9545F27E810CE5C469DC3085166D2EF1049C53CCF58AC43867CAA1B134ACEFE34F0B0D2D090F8EDD1DE3C3AA9DDD70CA41B97DDC0A49C237D3FE47CCB1AF3357A9CCA7823BCD75471D73E2432423FE800977C990CA65820E1E6CB48B676179C0FE8A09DA6FF49F169"> : tensor<37x29xi8>
  %0 = qnn.matmul %a, %b {lhs_zp = 5 : i64, rhs_zp = 200 : i64, rhs_unsigned = true} : (tensor<13x37xi8>, tensor<37x29xi8>) -> tensor<13x29xi32>
  return %0 : tensor<13x29xi32>
}

func.func @conv_requant(%x: tensor<1x7x7x5xi8>) -> tensor<1x7x7x10xi8> {
  %w = arith.constant dense<"0x67971E64A1B5F1085867786219369CA08CD745ABE3D42856729D3D64895C78978BBE3B759A5C738D432EEC27E12517039180D82C5491617D5B8E0E5F4D11ECC401FF1E5C20B8A4F71095595439DF78E1837884FA71FF8512671AE55CA64D09FEDEE2860F253A5B794A1B9FD915A087FF2D57C1827F51FEE81FA1D2EFBA6E1541FA444AE914017BD1482EC998F1D927117597813C7BD6EC2C74BA9EAC6F1452CE1DAF5AECC96DC3C1196ED6B17E5E53F568CC6DEF9DF1E4FA5CF968C4D625188DB98C095D86C96F8934B81D4EB8467B3D0AA4C4E62AC3A6831C9AC97AFA14604D41106A9FD2D9F54585A0E7C14B688FE6CF45C5B6733495BDB06E47140CF70598226EB43EBF78842EDA3DC8FC1EFAC4A891FE8F7151CE67F355B37A2FAFD84DF4839D0BC83DBA20CF8B1BC1FD99F0A681250C12B1A5BF98865FF0C4AEB90F6E2618D2D4208D22EDE6C3C513458B9EFDB8F20A4C628A7484707800C9017AFC28AA87B13509A06ACA50625251AAFB96BDD492BBFF797FB9A65B402023349E39E7F61453D3F61BB081CBC88180BCA75DAA6842D74089524066C095765E07F144898AD681CBC54718503C156392B63DCFA80DF757BF229EE09172C8D048C76E904BE25936"> : tensor<10x3x3x5xi8>
  %b = arith.constant dense<"0x160100001F0700008806000035FCFFFF46060000FFFFFFFF1CFFFFFF1DFAFFFF9EFAFFFF5DFDFFFF"> : tensor<10xi32>
  %acc = qnn.conv2d %x, %w, %b {input_zp = -3 : i64, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x7x7x5xi8>, tensor<10x3x3x5xi8>, tensor<10xi32>) -> tensor<1x7x7x10xi32>
  %q = qnn.requantize %acc {input_params = #qnn.params<i32, axis = 3, scales = [0.001, 0.0011, 0.0012, 0.0013, 0.0014, 0.0015, 0.0016, 0.0017, 0.0018, 0.0019], zps = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]>, output_params = #qnn.params<i8, scale = 0.25, zp = -2>} : tensor<1x7x7x10xi32> -> tensor<1x7x7x10xi8>
  %r = qnn.clamp %q {min = -2 : i64, max = 127 : i64} : tensor<1x7x7x10xi8>
  return %r : tensor<1x7x7x10xi8>
}

func.func @conv_narrow(%x: tensor<1x5x5x3xi8>) -> tensor<1x5x5x6xi8> {
  %w = arith.constant dense<"0x098A498CCC8CA47429F666BB841A4D20039E28025DACF74767D1F710D4B3CA1D6E818D60947FE2185A0D563C268AB70C9E20EE056B20BA05877DFDCC9D33F6CDD1800C044874A5C6BD8DBAE6B59F8E22A43087AB6D5C6C18429B695AB1364F49BEB35DDC0B04CC1ACE30A4680A59A42237A4DCF270FFD15B8B23C7A45DB6054BC11C6CB0E1D93A3EE8DFEFD6C475C01510E7E491171BA64DEFA883A060F0CD1A40FB"> : tensor<6x3x3x3xi8>
  %b = arith.constant dense<"0xF6F9FFFFEEFBFFFF2DFBFFFFA1050000F806000093020000"> : tensor<6xi32>
  %acc = qnn.conv2d %x, %w, %b {input_zp = -3 : i64, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x5x5x3xi8>, tensor<6x3x3x3xi8>, tensor<6xi32>) -> tensor<1x5x5x6xi32>
  %q = qnn.requantize %acc {input_params = #qnn.params<i32, axis = 3, scales = [0.001, 0.0011, 0.0012, 0.0013, 0.0014, 0.0015], zps = [0, 0, 0, 0, 0, 0]>, output_params = #qnn.params<i8, scale = 0.25, zp = -2>} : tensor<1x5x5x6xi32> -> tensor<1x5x5x6xi8>
  %r = qnn.clamp %q {min = -2 : i64, max = 127 : i64} : tensor<1x5x5x6xi8>
  return %r : tensor<1x5x5x6xi8>
}
