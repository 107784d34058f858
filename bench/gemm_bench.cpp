//===- gemm_bench.cpp - GEMM benchmark: ours vs oneDNN vs OpenBLAS --------===//
//
// Part of QuantMLIR. Built and run by bench/run.sh, never by the tests.
//
// Square GEMMs M = N = K = S, one thread. Rows:
//   ours-generic i8   qnn-lower-to-llvm{target=generic} (loops), B argument
//   ours-avx2 i8      qnn-lower-to-llvm{target=x86-avx2}, B argument
//                     (packed on every call, like the peers)
//   ours-avx2 i8 cB   the same with B a compile-time constant (pre-packed)
//   ours-avx2 f32     linalg.matmul f32, x86-avx2 target
//   ours-vnni i8      qnn-lower-to-llvm{target=x86-avx512vnni} (vpdpbusd),
//                     B argument and constant B; run where the CPU has it
//   ours-* i8 + fused requantize
//                     a quantized dense layer (gen_gemm.py i8rq): u8 A x
//                     constant s8 B + i32 bias per column, requantized per
//                     column to i8 (zero point 28) in registers: i8 output
//   oneDNN u8s8s32    dnnl::matmul, u8 A, s8 B, s32 C
//   oneDNN u8s8 + bias + scales -> s8
//                     dnnl::matmul, the same dense layer: s32 bias, per-column
//                     output scales (f32), dst zero point, s8 C; B reordered
//                     once to oneDNN's preferred layout before timing
//   OpenBLAS sgemm    cblas_sgemm
// Our functions come from objects compiled ahead of time (weak symbols: a
// missing one is skipped). Integer results are checked against oneDNN (or a
// scalar reference at S <= 512), f32 against OpenBLAS. The requantized rows
// are checked against requantizeRef below, written from the definition in
// docs/QuantizationSpec.md (sections 5 and 7) on the scalar (or oneDNN s32)
// accumulators: ours must be exact; oneDNN's rounds in f32 and is reported
// as its largest difference.
//
//===----------------------------------------------------------------------===//

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#ifdef HAVE_DNNL
#include "dnnl.hpp"
#endif
#ifdef HAVE_OPENBLAS
#include <cblas.h>
#endif

template <typename T> struct Desc2 {
  T *allocated;
  T *aligned;
  int64_t offset;
  int64_t sizes[2];
  int64_t strides[2];
};
template <typename T> Desc2<T> desc(T *p, int64_t s) {
  return {p, p, 0, {s, s}, {s, 1}};
}

#define DECL3(name, TA, TC)                                                    \
  extern "C" __attribute__((weak)) void _mlir_ciface_##name(                   \
      Desc2<TA> *, Desc2<TA> *, Desc2<TC> *);
#define DECL2(name, TA, TC)                                                    \
  extern "C" __attribute__((weak)) void _mlir_ciface_##name(Desc2<TA> *,       \
                                                            Desc2<TC> *);
#define SIZES(X) X(256) X(512) X(1024) X(2048)
#define DECLS(S)                                                               \
  DECL3(generic_i8_##S, int8_t, int32_t)                                       \
  DECL3(upstream_i8_##S, int8_t, int32_t)                                      \
  DECL3(avx2_i8_##S, int8_t, int32_t)                                          \
  DECL2(avx2_i8c_##S, int8_t, int32_t)                                         \
  DECL3(avx2_f32_##S, float, float)                                            \
  DECL3(vnni_i8_##S, int8_t, int32_t)                                          \
  DECL2(vnni_i8c_##S, int8_t, int32_t)                                         \
  DECL2(avx2_i8rq_##S, int8_t, int8_t)                                         \
  DECL2(vnni_i8rq_##S, int8_t, int8_t)
SIZES(DECLS)

struct Kernels {
  void (*genericI8)(Desc2<int8_t> *, Desc2<int8_t> *, Desc2<int32_t> *);
  void (*avx2I8)(Desc2<int8_t> *, Desc2<int8_t> *, Desc2<int32_t> *);
  void (*avx2I8c)(Desc2<int8_t> *, Desc2<int32_t> *);
  void (*avx2F32)(Desc2<float> *, Desc2<float> *, Desc2<float> *);
  void (*vnniI8)(Desc2<int8_t> *, Desc2<int8_t> *, Desc2<int32_t> *);
  void (*vnniI8c)(Desc2<int8_t> *, Desc2<int32_t> *);
  void (*avx2I8rq)(Desc2<int8_t> *, Desc2<int8_t> *);
  void (*vnniI8rq)(Desc2<int8_t> *, Desc2<int8_t> *);
};

static Kernels kernelsFor(int s) {
#define CASE(S)                                                                \
  if (s == S)                                                                  \
    return {_mlir_ciface_generic_i8_##S, _mlir_ciface_avx2_i8_##S,             \
            _mlir_ciface_avx2_i8c_##S,   _mlir_ciface_avx2_f32_##S,            \
            _mlir_ciface_vnni_i8_##S,    _mlir_ciface_vnni_i8c_##S,            \
            _mlir_ciface_avx2_i8rq_##S,  _mlir_ciface_vnni_i8rq_##S};
  SIZES(CASE)
#undef CASE
  return {};
}

static double now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

/// Best time of several calls (at least `minReps` and `minSeconds`).
static double bestTime(const std::function<void()> &f, double minSeconds,
                       int minReps) {
  f(); // warm up
  double best = 1e30, start = now();
  for (int r = 0; r < minReps || now() - start < minSeconds; ++r) {
    double t0 = now();
    f();
    best = std::min(best, now() - t0);
    if (r > 1000)
      break;
  }
  return best;
}

/// Clock estimate: a chain of dependent 1-cycle adds, best of many short
/// runs (other processes share the cores: the best run is the least
/// disturbed one).
static double measureGHz() {
  const long iters = 4000000;
  double best = 1e30;
  for (int r = 0; r < 100; ++r) {
    long x = 0;
    double t0 = now();
    for (long i = 0; i < iters; i += 8)
      asm volatile("add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
                   "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0"
                   : "+r"(x));
    best = std::min(best, now() - t0);
  }
  return iters / best / 1e9;
}

static int bconst(int k, int n) { return (k * 31 + n * 17) % 256 - 128; }

// The dense layer of gen_gemm.py's i8rq kind: the same formulas.
static const double kRqOutScale = 0.0625;
static const int kRqOutZp = 28;
static int rqShift(int k) { // Python's (k - 1).bit_length() + 1
  int bits = 0;
  while ((int64_t(1) << bits) < k)
    ++bits;
  return bits + 1;
}
static int32_t rqBias(int n, int k) {
  int64_t v = int64_t((n * 7919) % 4001 - 2000) * k;
  int64_t base = v >= 0 ? v / 64 : -((-v + 63) / 64); // Python's floor //
  if (n % 8)
    return int32_t(base);
  // Every 8th column: row 0's accumulator + bias is an exact tie of the
  // power-of-two multiplier 2^-p.
  int64_t acc0 = base;
  for (int kk = 0; kk < k; ++kk)
    acc0 += int64_t((kk * 3) % 256) * bconst(kk, n);
  int64_t mod = int64_t(1) << rqShift(k);
  int64_t t = ((mod / 2 - acc0) % mod + mod) % mod; // Python's %
  return int32_t(base + t);
}
static double rqScale(int n, int k) {
  char buf[64];
  if (n % 8 == 0) { // a power-of-two M: exact ties occur
    std::snprintf(buf, sizeof buf, "%.17g",
                  kRqOutScale * std::ldexp(1.0, -rqShift(k)));
  } else {
    std::snprintf(buf, sizeof buf, "%.6g",
                  0.02125 * (1 + ((n * 7) % 13) / 12.0) / k);
  }
  return std::strtod(buf, nullptr);
}

/// requantize of an i32 value (input zero point 0) to i8, from the
/// definition in docs/QuantizationSpec.md: M = s_in / s_out (one double
/// division); quantizeMultiplier(M, 31): frexp, multiplier = round half
/// away from zero of f * 2^31 (renormalised at 2^31), shift = 31 - e;
/// applyMultiplier: x * multiplier / 2^shift exactly (128-bit product), one
/// rounding half to even; + zero point, clamped to [-128, 127].
struct RqChannel {
  int64_t multiplier;
  int shift;
};
static RqChannel rqChannel(double sIn, double sOut) {
  double m = sIn / sOut;
  int e;
  double f = std::frexp(m, &e);
  double scaled = f * 2147483648.0; // exact: only the exponent changes
  int64_t mult = int64_t(std::floor(scaled));
  if (scaled - double(mult) >= 0.5) // half away from zero (positive)
    ++mult;
  if (mult == (int64_t(1) << 31)) {
    mult = int64_t(1) << 30;
    ++e;
  }
  int shift = 31 - e;
  if (shift < 1 || shift > 62) {
    std::fprintf(stderr, "bench: requantize multiplier %g out of the "
                         "reference's range\n", m);
    std::exit(1);
  }
  return {mult, shift};
}
static int8_t requantizeRef(int64_t x, RqChannel ch) {
  __int128 p = (__int128)x * ch.multiplier;
  __int128 fl = p >> ch.shift; // floor (arithmetic shift)
  __int128 rem = p - (fl << ch.shift);
  __int128 half = (__int128)1 << (ch.shift - 1);
  if (rem > half || (rem == half && (fl & 1)))
    fl += 1;
  __int128 q = fl + kRqOutZp;
  return int8_t(q < -128 ? -128 : q > 127 ? 127 : q);
}

struct Row {
  std::string name;
  double gops;
  bool isInt;
  std::string check;
  bool rq = false; // i8 output through a requantize: /oneDNN against
                   // oneDNN's requantized (s8 output) row
};

int main(int argc, char **argv) {
  std::vector<int> sizes;
  for (int i = 1; i < argc; ++i)
    sizes.push_back(std::atoi(argv[i]));
  if (sizes.empty())
    sizes = {256, 512, 1024};
  double minSeconds = std::getenv("BENCH_SECONDS")
                          ? std::atof(std::getenv("BENCH_SECONDS"))
                          : 1.0;

  double ghz = measureGHz();
  // Peak per core per cycle, from the number of 256-bit vector multiply
  // pipes (2 on Zen 3 and Zen 4; Zen 4 runs 512-bit ops as two halves):
  //  f32: 2 FMA x 8 lanes x 2 flops = 32 flops/cycle.
  //  int8 with AVX2 only: the exact vpmaddwd scheme does 16 MACs per
  //  instruction, oneDNN's vpmaddubsw + vpmaddwd(ones) pair 32 MACs per two
  //  multiply slots: both 32 MACs = 64 ops/cycle.
  //  int8 with VNNI (vpdpbusd, 32 MACs per 256-bit instruction, no extra
  //  add): 64 MACs = 128 ops/cycle.
  bool vnni = __builtin_cpu_supports("avx512vnni");
  double peakF32 = 32 * ghz, peakAvx2 = 64 * ghz, peakVnni = 128 * ghz;
  double peakI8 = vnni ? peakVnni : peakAvx2;
  std::printf("clock estimate %.2f GHz (best of 100 dependent-add chains)\n"
              "peak per core: f32 %.0f GFLOPS (32 flops/cycle), int8 AVX2 "
              "%.0f GOPS (64 ops/cycle)%s",
              ghz, peakF32, peakAvx2, vnni ? ", " : "\n");
  if (vnni)
    std::printf("int8 VNNI %.0f GOPS (128 ops/cycle; this CPU has "
                "AVX512-VNNI: %%peak of int8 rows is against VNNI, %%AVX2 "
                "against the AVX2 peak)\n",
                peakVnni);
  std::printf("rows with a requantize: a dense layer (u8 A x constant s8 B + "
              "i32 bias, per-column requantize to i8), GOPS = 2*M*N*K as for "
              "the others; their /oneDNN is against oneDNN's requantized (s8 "
              "output) row\n");
#ifndef HAVE_DNNL
  std::printf("note: oneDNN (libdnnl-dev) not found: oneDNN rows skipped\n");
#endif
#ifndef HAVE_OPENBLAS
  std::printf("note: OpenBLAS (libopenblas-dev) not found: sgemm rows "
              "skipped\n");
#endif

  for (int s : sizes) {
    Kernels kern = kernelsFor(s);
    size_t n2 = size_t(s) * s;
    double ops = 2.0 * s * s * double(s);
    std::vector<int8_t> a(n2), b(n2);
    std::vector<float> af(n2), bf(n2);
    for (int i = 0; i < s; ++i)
      for (int j = 0; j < s; ++j) {
        a[size_t(i) * s + j] = int8_t(uint8_t((i * 7 + j * 3) % 256));
        b[size_t(i) * s + j] = int8_t(bconst(i, j));
        af[size_t(i) * s + j] = float((i * 7 + j * 3) % 17) / 17.0f;
        bf[size_t(i) * s + j] = float((i * 5 + j * 11) % 13) / 13.0f - 0.5f;
      }
    // Integer reference: scalar at small sizes, else oneDNN.
    std::vector<int32_t> ref;
    if (s <= 512) {
      ref.assign(n2, 0);
      for (int i = 0; i < s; ++i)
        for (int k = 0; k < s; ++k) {
          int32_t x = uint8_t(a[size_t(i) * s + k]);
          for (int j = 0; j < s; ++j)
            ref[size_t(i) * s + j] += x * b[size_t(k) * s + j];
        }
    }
    std::vector<Row> rows;
    auto checkInt = [&](const std::vector<int32_t> &c) -> std::string {
      if (ref.empty())
        return "unchecked";
      return c == ref ? "exact" : "MISMATCH";
    };
    std::vector<int32_t> c(n2);
    std::vector<float> cf(n2), cfRef;

#ifdef HAVE_DNNL
    {
      using namespace dnnl;
      engine eng(engine::kind::cpu, 0);
      stream str(eng);
      memory::desc amd({s, s}, memory::data_type::u8, memory::format_tag::ab);
      memory::desc bmd({s, s}, memory::data_type::s8, memory::format_tag::ab);
      memory::desc cmd({s, s}, memory::data_type::s32, memory::format_tag::ab);
      matmul::primitive_desc pd(matmul::desc(amd, bmd, cmd), eng);
      matmul mm(pd);
      memory am(amd, eng, a.data()), bm(bmd, eng, b.data()),
          cm(cmd, eng, c.data());
      auto run = [&] {
        mm.execute(
            str,
            {{DNNL_ARG_SRC, am}, {DNNL_ARG_WEIGHTS, bm}, {DNNL_ARG_DST, cm}});
        str.wait();
      };
      double t = bestTime(run, minSeconds, 3);
      if (ref.empty())
        ref = c;
      const char *isa = std::getenv("DNNL_MAX_CPU_ISA");
      rows.push_back({std::string("oneDNN u8s8s32 matmul") +
                          (isa ? std::string(" (max ISA ") + isa + ")" : ""),
                      ops / t / 1e9, true,
                      s <= 512 ? checkInt(c) : "reference"});
      std::printf("  (oneDNN impl: %s)\n", pd.impl_info_str());
    }
#endif
    // The dense layer with a requantize (gen_gemm.py i8rq): the reference
    // from the spec on the i32 accumulators (+ bias).
    std::vector<int32_t> rqBiasV(s);
    std::vector<RqChannel> rqCh(s);
    std::vector<float> rqScalesF(s); // oneDNN's f32 output scales
    for (int j = 0; j < s; ++j) {
      rqBiasV[j] = rqBias(j, s);
      rqCh[j] = rqChannel(rqScale(j, s), kRqOutScale);
      rqScalesF[j] = float(rqScale(j, s) / kRqOutScale);
    }
    std::vector<int8_t> rqRef, c8(n2);
    if (!ref.empty()) {
      rqRef.resize(n2);
      size_t clamped = 0;
      for (int i = 0; i < s; ++i)
        for (int j = 0; j < s; ++j) {
          size_t at = size_t(i) * s + j;
          rqRef[at] = requantizeRef(int64_t(ref[at]) + rqBiasV[j], rqCh[j]);
          clamped += rqRef[at] == -128 || rqRef[at] == 127;
        }
      std::printf("  (requantized dense layer: %.1f%% of the i8 outputs "
                  "clamped)\n",
                  100.0 * double(clamped) / double(n2));
    }
    auto checkRq = [&](const std::vector<int8_t> &v) -> std::string {
      if (rqRef.empty())
        return "unchecked";
      return v == rqRef ? "exact" : "MISMATCH";
    };
#ifdef HAVE_DNNL
    {
      // oneDNN 2.6: dst = saturate_s8(round_nearest_even(scale[n] *
      // float(acc + bias[n])) + zp); B reordered once to its preferred
      // layout (format_tag::any), as our compile-time packing.
      using namespace dnnl;
      using dt = memory::data_type;
      using tag = memory::format_tag;
      engine eng(engine::kind::cpu, 0);
      stream str(eng);
      memory::desc amd({s, s}, dt::u8, tag::ab), bAny({s, s}, dt::s8, tag::any),
          bUser({s, s}, dt::s8, tag::ab), biasMd({1, s}, dt::s32, tag::ab),
          dmd({s, s}, dt::s8, tag::ab);
      primitive_attr attr;
      attr.set_output_scales(1 << 1, rqScalesF);
      attr.set_zero_points(DNNL_ARG_DST, 0, {kRqOutZp});
      matmul::primitive_desc pd(matmul::desc(amd, bAny, biasMd, dmd), attr,
                                eng);
      matmul mm(pd);
      memory am(amd, eng, a.data()), bu(bUser, eng, b.data()),
          bm(pd.weights_desc(), eng), biasM(biasMd, eng, rqBiasV.data()),
          dm(dmd, eng, c8.data());
      reorder(bu, bm).execute(str, bu, bm);
      str.wait();
      auto run = [&] {
        mm.execute(str, {{DNNL_ARG_SRC, am},
                         {DNNL_ARG_WEIGHTS, bm},
                         {DNNL_ARG_BIAS, biasM},
                         {DNNL_ARG_DST, dm}});
        str.wait();
      };
      double t = bestTime(run, minSeconds, 3);
      std::string check = "unchecked";
      if (!rqRef.empty()) {
        int maxDiff = 0;
        size_t differ = 0;
        for (size_t i = 0; i < n2; ++i) {
          int d = std::abs(int(c8[i]) - int(rqRef[i]));
          maxDiff = std::max(maxDiff, d);
          differ += d != 0;
        }
        char buf[64];
        if (differ)
          std::snprintf(buf, sizeof buf, "max|diff| %d, %.2g%%", maxDiff,
                        100.0 * double(differ) / double(n2));
        else
          std::snprintf(buf, sizeof buf, "max|diff| 0");
        check = buf;
      }
      const char *isa = std::getenv("DNNL_MAX_CPU_ISA");
      Row r{std::string("oneDNN u8s8 + bias + scales -> s8") +
                (isa ? std::string(" (max ISA ") + isa + ")" : ""),
            ops / t / 1e9, true, check};
      r.rq = true;
      rows.push_back(r);
      std::printf("  (oneDNN impl, requantized: %s)\n", pd.impl_info_str());
    }
#endif
#ifdef HAVE_OPENBLAS
    {
      auto run = [&] {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, s, s, s, 1.0f,
                    af.data(), s, bf.data(), s, 0.0f, cf.data(), s);
      };
      double t = bestTime(run, minSeconds, 3);
      cfRef = cf;
      rows.push_back(
          {"OpenBLAS sgemm (f32)", ops / t / 1e9, false, "reference"});
    }
#endif
    // BENCH_ONLY_DNNL=1 (with DNNL_MAX_CPU_ISA=AVX2): the oneDNN row only.
    if (std::getenv("BENCH_ONLY_DNNL"))
      kern = {};
    if (std::getenv("BENCH_ONLY_DNNL"))
      rows.erase(std::remove_if(rows.begin(), rows.end(),
                                [](const Row &r) {
                                  return r.name.rfind("OpenBLAS", 0) == 0;
                                }),
                 rows.end());
    auto da = desc(a.data(), s), db = desc(b.data(), s);
    auto dc = desc(c.data(), s);
    if (kern.avx2I8) {
      std::fill(c.begin(), c.end(), 0);
      double t = bestTime([&] { kern.avx2I8(&da, &db, &dc); }, minSeconds, 3);
      rows.push_back({"ours x86-avx2 i8 (B packed per call)", ops / t / 1e9,
                      true, checkInt(c)});
    }
    if (kern.avx2I8c) {
      std::fill(c.begin(), c.end(), 0);
      double t = bestTime([&] { kern.avx2I8c(&da, &dc); }, minSeconds, 3);
      rows.push_back({"ours x86-avx2 i8 (const B, packed at compile time)",
                      ops / t / 1e9, true, checkInt(c)});
    }
    bool hostVnni = __builtin_cpu_supports("avx512vnni");
    if (kern.vnniI8 && hostVnni) {
      std::fill(c.begin(), c.end(), 0);
      double t = bestTime([&] { kern.vnniI8(&da, &db, &dc); }, minSeconds, 3);
      rows.push_back({"ours x86-avx512vnni i8 (B packed per call)",
                      ops / t / 1e9, true, checkInt(c)});
    }
    if (kern.vnniI8c && hostVnni) {
      std::fill(c.begin(), c.end(), 0);
      double t = bestTime([&] { kern.vnniI8c(&da, &dc); }, minSeconds, 3);
      rows.push_back({"ours x86-avx512vnni i8 (const B, compile-time pack)",
                      ops / t / 1e9, true, checkInt(c)});
    }
    auto dc8 = desc(c8.data(), s);
    if (kern.avx2I8rq) {
      std::fill(c8.begin(), c8.end(), 0);
      double t = bestTime([&] { kern.avx2I8rq(&da, &dc8); }, minSeconds, 3);
      Row r{"ours x86-avx2 i8 + fused requantize (i8 out)", ops / t / 1e9,
            true, checkRq(c8)};
      r.rq = true;
      rows.push_back(r);
    }
    if (kern.vnniI8rq && hostVnni) {
      std::fill(c8.begin(), c8.end(), 0);
      double t = bestTime([&] { kern.vnniI8rq(&da, &dc8); }, minSeconds, 3);
      Row r{"ours x86-avx512vnni i8 + fused requantize (i8 out)",
            ops / t / 1e9, true, checkRq(c8)};
      r.rq = true;
      rows.push_back(r);
    }
    if (kern.avx2F32) {
      auto fa = desc(af.data(), s), fb = desc(bf.data(), s),
           fc = desc(cf.data(), s);
      std::vector<float> saved = cfRef;
      double t = bestTime([&] { kern.avx2F32(&fa, &fb, &fc); }, minSeconds, 3);
      std::string check = "unchecked";
      if (!saved.empty()) {
        double maxErr = 0;
        for (size_t i = 0; i < n2; ++i)
          maxErr = std::max(maxErr, double(std::fabs(cf[i] - saved[i])));
        char buf[64];
        std::snprintf(buf, sizeof buf, "max|diff| %.1e", maxErr);
        check = buf;
      }
      rows.push_back({"ours x86-avx2 f32", ops / t / 1e9, false, check});
    }
    if (kern.genericI8) {
      std::fill(c.begin(), c.end(), 0);
      double t = bestTime([&] { kern.genericI8(&da, &db, &dc); }, minSeconds, 3);
      rows.push_back({"ours generic i8 (portable vectorized loops)",
                      ops / t / 1e9, true, checkInt(c)});
    }
    // Upstream MLIR's default lowering (bench/run.sh compile_upstream).
    void (*upstream)(Desc2<int8_t> *, Desc2<int8_t> *, Desc2<int32_t> *) =
        nullptr;
#define UPSTREAM(S)                                                            \
  if (s == S)                                                                  \
    upstream = _mlir_ciface_upstream_i8_##S;
    SIZES(UPSTREAM)
#undef UPSTREAM
    if (upstream && !std::getenv("BENCH_ONLY_DNNL")) {
      std::fill(c.begin(), c.end(), 0);
      double t = bestTime([&] { upstream(&da, &db, &dc); }, 0.0, 1);
      rows.push_back({"upstream MLIR default lowering i8 (loops)",
                      ops / t / 1e9, true, checkInt(c)});
    }

    double dnnl = 0, dnnlRq = 0, blas = 0;
    for (const Row &r : rows) {
      if (r.name.rfind("oneDNN", 0) == 0)
        (r.rq ? dnnlRq : dnnl) = r.gops;
      if (r.name.rfind("OpenBLAS", 0) == 0)
        blas = r.gops;
    }
    const char *threads = std::getenv("BENCH_THREADS");
    std::printf("\nM=N=K=%d, %s thread%s\n", s, threads ? threads : "1",
                threads && std::string(threads) != "1" ? "s" : "");
    std::printf("| %-52s | %8s | %8s | %9s | %7s | %7s | %-17s |\n", "variant",
                "GOPS", "/oneDNN", "/OpenBLAS", "%peak", "%AVX2", "check");
    std::printf("|%s|%s|%s|%s|%s|%s|%s|\n", std::string(54, '-').c_str(),
                std::string(10, '-').c_str(), std::string(10, '-').c_str(),
                std::string(11, '-').c_str(), std::string(9, '-').c_str(),
                std::string(9, '-').c_str(), std::string(19, '-').c_str());
    for (const Row &r : rows) {
      char d[16] = "-", o[16] = "-";
      double peer = r.rq ? dnnlRq : dnnl;
      if (peer > 0)
        std::snprintf(d, sizeof d, "%.2fx", r.gops / peer);
      if (blas > 0)
        std::snprintf(o, sizeof o, "%.2fx", r.gops / blas);
      double peak = r.isInt ? peakI8 : peakF32;
      char avx2[16] = "-";
      if (r.isInt)
        std::snprintf(avx2, sizeof avx2, "%.1f%%", 100.0 * r.gops / peakAvx2);
      std::printf("| %-52s | %8.1f | %8s | %9s | %6.1f%% | %7s | %-17s |\n",
                  r.name.c_str(), r.gops, d, o, 100.0 * r.gops / peak, avx2,
                  r.check.c_str());
    }
    std::fflush(stdout);
  }
  return 0;
}
