//===- dnnl_conv.cpp - oneDNN convolution peer for bench/conv_bench.py ----===//
//
// Part of QuantMLIR. Built and run by bench/conv_bench.py, never by the tests.
//
// For each layer given on the command line as "H,W,C,F,K,S,P" it times, with
// oneDNN (Debian libdnnl-dev), the layers bench/conv_bench.py runs through our
// code, in NHWC with batch 1:
//   int8: u8 source x s8 weights + s32 bias -> per-channel output scales ->
//         s8 destination (the peer of our qnn.conv2d + fused requantize);
//   f32:  f32 source x f32 weights + f32 bias -> f32 destination.
// Weights use oneDNN's preferred layout (format_tag::any), reordered once
// before timing, as our compile-time packing does. The thread count is
// oneDNN's (OMP_NUM_THREADS). Prints one line per layer:
//   layer <i> int8_ms <t> f32_ms <t> int8_impl <name> f32_impl <name>
// where t is the median of calls over at least BENCH_SECONDS (default 0.5).
//
//===----------------------------------------------------------------------===//

#include "dnnl.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

using namespace dnnl;
using tag = memory::format_tag;
using dt = memory::data_type;

static double medianMs(const std::function<void()> &fn) {
  double minSeconds = 0.5;
  if (const char *s = std::getenv("BENCH_SECONDS"))
    minSeconds = std::atof(s);
  fn(); // warm-up
  std::vector<double> t;
  double total = 0;
  while (total < minSeconds || t.size() < 5) {
    auto a = std::chrono::steady_clock::now();
    fn();
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - a)
                   .count();
    t.push_back(s * 1e3);
    total += s;
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

struct Layer {
  int h, w, c, f, k, s, p;
};

// Same padding rule as conv_bench.py: `after` reduced so that the output size
// is (h + 2p - k) / s + 1 exactly.
static int padAfter(int h, int k, int s, int p) {
  return p - (h + 2 * p - k) % s;
}

static double run(engine &eng, stream &st, const Layer &l, bool int8,
                  std::string &impl) {
  int oh = (l.h + 2 * l.p - l.k) / l.s + 1;
  int ow = (l.w + 2 * l.p - l.k) / l.s + 1;
  memory::dims src = {1, l.c, l.h, l.w}, wei = {l.f, l.c, l.k, l.k},
               bia = {l.f}, dst = {1, l.f, oh, ow};
  memory::dims strides = {l.s, l.s}, padL = {l.p, l.p},
               padR = {padAfter(l.h, l.k, l.s, l.p),
                       padAfter(l.w, l.k, l.s, l.p)};
  dt srcT = int8 ? dt::u8 : dt::f32, weiT = int8 ? dt::s8 : dt::f32,
     biaT = int8 ? dt::s32 : dt::f32, dstT = int8 ? dt::s8 : dt::f32;
  memory::desc srcMd(src, srcT, tag::nhwc), dstMd(dst, dstT, tag::nhwc),
      biaMd(bia, biaT, tag::x), weiAny(wei, weiT, tag::any),
      weiUser(wei, weiT, tag::ohwi);
  convolution_forward::desc d(prop_kind::forward_inference,
                              algorithm::convolution_direct, srcMd, weiAny,
                              biaMd, dstMd, strides, padL, padR);
  primitive_attr attr;
  if (int8) {
    std::vector<float> scales(l.f);
    for (int i = 0; i < l.f; ++i)
      scales[i] = 1e-4f * (1 + i % 3);
    attr.set_output_scales(1 << 1, scales);
  }
  convolution_forward::primitive_desc pd(d, attr, eng);
  impl = pd.impl_info_str();
  memory srcM(srcMd, eng), dstM(dstMd, eng), biaM(biaMd, eng),
      weiU(weiUser, eng), weiM(pd.weights_desc(), eng);
  // Deterministic small data; the values do not change the timing.
  auto fill = [](memory &m, size_t bytes) {
    auto *p = static_cast<unsigned char *>(m.get_data_handle());
    for (size_t i = 0; i < bytes; ++i)
      p[i] = static_cast<unsigned char>((i * 37 + 11) % 97);
  };
  fill(srcM, srcMd.get_size());
  fill(weiU, weiUser.get_size());
  fill(biaM, biaMd.get_size());
  if (!int8) { // small floats instead of byte patterns
    for (memory *m : {&srcM, &weiU, &biaM}) {
      auto *p = static_cast<float *>(m->get_data_handle());
      size_t n = m->get_desc().get_size() / sizeof(float);
      for (size_t i = 0; i < n; ++i)
        p[i] = static_cast<float>((i * 37 + 11) % 97) / 97.0f - 0.5f;
    }
  }
  reorder(weiU, weiM).execute(st, weiU, weiM);
  st.wait();
  convolution_forward conv(pd);
  return medianMs([&] {
    conv.execute(st, {{DNNL_ARG_SRC, srcM},
                      {DNNL_ARG_WEIGHTS, weiM},
                      {DNNL_ARG_BIAS, biaM},
                      {DNNL_ARG_DST, dstM}});
    st.wait();
  });
}

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s H,W,C,F,K,S,P ...\n", argv[0]);
    return 2;
  }
  engine eng(engine::kind::cpu, 0);
  stream st(eng);
  for (int i = 1; i < argc; ++i) {
    Layer l;
    if (std::sscanf(argv[i], "%d,%d,%d,%d,%d,%d,%d", &l.h, &l.w, &l.c, &l.f,
                    &l.k, &l.s, &l.p) != 7) {
      std::fprintf(stderr, "error: bad layer '%s' (want H,W,C,F,K,S,P)\n",
                   argv[i]);
      return 2;
    }
    std::string implI8, implF32;
    double ti = run(eng, st, l, true, implI8);
    double tf = run(eng, st, l, false, implF32);
    std::printf("layer %d int8_ms %.4f f32_ms %.4f int8_impl %s f32_impl %s\n",
                i - 1, ti, tf, implI8.c_str(), implF32.c_str());
    std::fflush(stdout);
  }
  return 0;
}
