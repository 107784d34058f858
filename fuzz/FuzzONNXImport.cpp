//===- FuzzONNXImport.cpp - libFuzzer target for the ONNX importer --------===//
//
// quant-fuzz-onnx-import: the bytes of one input are imported as an ONNX model
// (mlir::qnn::importONNXModel, --batch 1) into a fresh MLIRContext. An error
// (a diagnostic and a null module) is a fine outcome; a crash, an abort, a
// sanitizer report, an exit() from LLVM's report_fatal_error, or a module the
// importer returns that does not verify are bugs. So is the importer's own
// "does not verify (an importer bug)" diagnostic (it built invalid IR, caught
// by its final verify and reported as a clean error): it aborts too, unless
// QUANT_FUZZ_STRICT_VERIFY=0 is in the environment.
//
// Byte mutations of a protobuf mostly give files that do not parse or that
// the ONNX checker rejects, so half of the mutations are ONNX-aware
// (LLVMFuzzerCustomMutator): the input is parsed as a ModelProto and one to
// three fields the importer reads are changed (an attribute's ints / floats,
// a tensor or value-info dimension, an element type, an op type, a node
// input wired to another value), then serialized again.
//
// Built only with -DQUANT_ENABLE_FUZZ=ON and clang (fuzz/CMakeLists.txt);
// run by fuzz/run.sh (long) and fuzz/run-quick.sh (bounded, CI).
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Frontend/ONNXImporter.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringRef.h"

#include "onnx/onnx_pb.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

namespace {

using Rng = std::minstd_rand;

int64_t pick(Rng &rng, int64_t n) {
  return n <= 0 ? 0 : static_cast<int64_t>(rng() % static_cast<uint64_t>(n));
}

/// Values that tend to break shape / attribute handling.
int64_t interestingInt(Rng &rng, int64_t old) {
  static const int64_t values[] = {0,  1,  2,  3,   -1,        -2,
                                   4,  7,  8,  16,  1 << 16,   1 << 30,
                                   -(int64_t(1) << 31), INT64_MAX, INT64_MIN};
  switch (pick(rng, 3)) {
  case 0:
    return values[pick(rng, sizeof(values) / sizeof(values[0]))];
  case 1: // wrapping: no signed overflow in the mutator itself
    return static_cast<int64_t>(static_cast<uint64_t>(old) +
                                static_cast<uint64_t>(pick(rng, 5) - 2));
  default:
    return static_cast<int64_t>(0 - static_cast<uint64_t>(old));
  }
}

float interestingFloat(Rng &rng, float old) {
  static const float values[] = {0.0f, -0.0f, 1.0f, -1.0f, 0.5f, 1e-30f,
                                 1e30f, 3.4e38f, INFINITY, -INFINITY, NAN};
  if (pick(rng, 2))
    return values[pick(rng, sizeof(values) / sizeof(values[0]))];
  return old * (pick(rng, 2) ? 2.0f : -0.5f);
}

const char *const kOpTypes[] = {
    "Conv",      "Gemm",         "MatMul",      "Add",
    "Mul",       "Div",          "Relu",        "Clip",
    "MaxPool",   "AveragePool",  "GlobalAveragePool", "Flatten",
    "Reshape",   "Squeeze",      "Unsqueeze",   "Transpose",
    "Concat",    "BatchNormalization", "Softmax", "Pad",
    "Slice",     "QuantizeLinear", "DequantizeLinear", "QLinearConv",
    "QLinearMatMul", "ConvInteger", "MatMulInteger", "Identity",
    "Sub",       "Sigmoid",      "Tanh",        "LeakyRelu",
    "HardSigmoid", "HardSwish",  "GlobalMaxPool", "Dropout",
    "ConvTranspose", "DynamicQuantizeLinear"};

/// ONNX Runtime's com.microsoft ops the importer takes (domain set with
/// them, and the domain's opset imported).
const char *const kMsOpTypes[] = {"QLinearAdd", "QLinearMul",
                                  "QLinearGlobalAveragePool", "QGemm"};

void mutateAttribute(onnx::AttributeProto &a, Rng &rng) {
  switch (pick(rng, 4)) {
  case 0:
    if (a.ints_size()) {
      int i = pick(rng, a.ints_size());
      a.set_ints(i, interestingInt(rng, a.ints(i)));
    } else {
      a.set_i(interestingInt(rng, a.i()));
    }
    return;
  case 1:
    if (a.ints_size() && pick(rng, 2))
      a.mutable_ints()->RemoveLast();
    else
      a.add_ints(interestingInt(rng, 1));
    return;
  case 2:
    if (a.floats_size()) {
      int i = pick(rng, a.floats_size());
      a.set_floats(i, interestingFloat(rng, a.floats(i)));
    } else {
      a.set_f(interestingFloat(rng, a.f()));
    }
    return;
  default:
    if (a.has_t() && a.t().dims_size()) {
      int i = pick(rng, a.t().dims_size());
      a.mutable_t()->set_dims(i, interestingInt(rng, a.t().dims(i)));
    } else {
      a.set_i(interestingInt(rng, a.i()));
    }
    return;
  }
}

void mutateTensor(onnx::TensorProto &t, Rng &rng) {
  switch (pick(rng, 3)) {
  case 0:
    if (t.dims_size()) {
      int i = pick(rng, t.dims_size());
      t.set_dims(i, interestingInt(rng, t.dims(i)));
      return;
    }
    [[fallthrough]];
  case 1: {
    static const int types[] = {1, 2, 3, 6, 7, 10, 11, 0, 9};
    t.set_data_type(types[pick(rng, sizeof(types) / sizeof(types[0]))]);
    return;
  }
  default:
    if (t.has_raw_data() && !t.raw_data().empty()) {
      std::string raw = t.raw_data();
      size_t i = pick(rng, raw.size());
      raw[i] = static_cast<char>(rng());
      if (pick(rng, 4) == 0)
        raw.resize(pick(rng, raw.size() + 1));
      t.set_raw_data(raw);
    } else if (t.float_data_size()) {
      int i = pick(rng, t.float_data_size());
      t.set_float_data(i, interestingFloat(rng, t.float_data(i)));
    } else if (t.int64_data_size()) {
      int i = pick(rng, t.int64_data_size());
      t.set_int64_data(i, interestingInt(rng, t.int64_data(i)));
    } else if (t.int32_data_size()) {
      int i = pick(rng, t.int32_data_size());
      t.set_int32_data(i, static_cast<int32_t>(interestingInt(rng, t.int32_data(i))));
    }
    return;
  }
}

void mutateValueInfo(onnx::ValueInfoProto &vi, Rng &rng) {
  auto *tt = vi.mutable_type()->mutable_tensor_type();
  if (pick(rng, 4) == 0) {
    tt->set_elem_type(pick(rng, 2) ? 1 : pick(rng, 12));
    return;
  }
  auto *shape = tt->mutable_shape();
  if (shape->dim_size() == 0 || pick(rng, 5) == 0) {
    shape->add_dim()->set_dim_value(pick(rng, 4) + 1);
    return;
  }
  int i = pick(rng, shape->dim_size());
  if (pick(rng, 5) == 0)
    shape->mutable_dim(i)->set_dim_param("N");
  else
    shape->mutable_dim(i)->set_dim_value(interestingInt(rng, 1 + pick(rng, 8)));
}

/// One ONNX-aware change of `m`; false when nothing could be changed.
bool mutateModel(onnx::ModelProto &m, Rng &rng) {
  auto *g = m.mutable_graph();
  switch (pick(rng, 8)) {
  case 0:
  case 1: { // an attribute
    if (!g->node_size())
      return false;
    auto *n = g->mutable_node(pick(rng, g->node_size()));
    if (!n->attribute_size())
      return false;
    mutateAttribute(*n->mutable_attribute(pick(rng, n->attribute_size())), rng);
    return true;
  }
  case 2: { // an initializer
    if (!g->initializer_size())
      return false;
    mutateTensor(*g->mutable_initializer(pick(rng, g->initializer_size())), rng);
    return true;
  }
  case 3: { // a graph input / output / value_info
    int total = g->input_size() + g->output_size() + g->value_info_size();
    if (!total)
      return false;
    int i = pick(rng, total);
    if (i < g->input_size())
      mutateValueInfo(*g->mutable_input(i), rng);
    else if ((i -= g->input_size()) < g->output_size())
      mutateValueInfo(*g->mutable_output(i), rng);
    else
      mutateValueInfo(*g->mutable_value_info(i - g->output_size()), rng);
    return true;
  }
  case 4: { // an op type
    if (!g->node_size())
      return false;
    auto *n = g->mutable_node(pick(rng, g->node_size()));
    if (pick(rng, 6) == 0) {
      n->set_op_type(
          kMsOpTypes[pick(rng, sizeof(kMsOpTypes) / sizeof(kMsOpTypes[0]))]);
      n->set_domain("com.microsoft");
      bool imported = false;
      for (const auto &imp : m.opset_import())
        imported |= imp.domain() == "com.microsoft";
      if (!imported) {
        auto *imp = m.add_opset_import();
        imp->set_domain("com.microsoft");
        imp->set_version(1);
      }
      return true;
    }
    n->set_op_type(kOpTypes[pick(rng, sizeof(kOpTypes) / sizeof(kOpTypes[0]))]);
    n->clear_domain();
    return true;
  }
  case 5: { // rewire an input to an earlier value (or drop / add one)
    if (!g->node_size())
      return false;
    int ni = pick(rng, g->node_size());
    auto *n = g->mutable_node(ni);
    std::vector<std::string> names;
    for (const auto &in : g->input())
      names.push_back(in.name());
    for (const auto &t : g->initializer())
      names.push_back(t.name());
    for (int j = 0; j < ni; ++j)
      for (const auto &o : g->node(j).output())
        names.push_back(o);
    if (names.empty())
      return false;
    switch (pick(rng, 4)) {
    case 0:
      n->add_input(names[pick(rng, names.size())]);
      break;
    case 1:
      if (n->input_size())
        n->mutable_input()->RemoveLast();
      break;
    case 2:
      if (n->input_size())
        n->set_input(pick(rng, n->input_size()), "");
      break;
    default:
      if (n->input_size())
        n->set_input(pick(rng, n->input_size()), names[pick(rng, names.size())]);
      break;
    }
    return true;
  }
  case 6: { // an attribute copied from another node (pads, axes, ...)
    if (g->node_size() < 1)
      return false;
    const auto &src = g->node(pick(rng, g->node_size()));
    if (!src.attribute_size())
      return false;
    onnx::AttributeProto copy = src.attribute(pick(rng, src.attribute_size()));
    *g->mutable_node(pick(rng, g->node_size()))->add_attribute() = copy;
    return true;
  }
  default: { // an opset version
    for (auto &imp : *m.mutable_opset_import())
      if (imp.domain().empty() || imp.domain() == "ai.onnx") {
        imp.set_version(11 + pick(rng, 7));
        return true;
      }
    return false;
  }
  }
}

} // namespace

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size,
                                          size_t maxSize, unsigned int seed) {
  Rng rng(seed);
  if (pick(rng, 2) == 0)
    return LLVMFuzzerMutate(data, size, maxSize);
  onnx::ModelProto model;
  if (!model.ParseFromArray(data, static_cast<int>(size)) || !model.has_graph())
    return LLVMFuzzerMutate(data, size, maxSize);
  int changes = 1 + pick(rng, 3);
  bool changed = false;
  for (int i = 0; i < changes; ++i)
    changed |= mutateModel(model, rng);
  std::string out;
  if (!changed || !model.SerializeToString(&out) || out.size() > maxSize)
    return LLVMFuzzerMutate(data, size, maxSize);
  std::memcpy(data, out.data(), out.size());
  return out.size();
}

// The instrumented code inlines LLVM's BumpPtrAllocator from the headers,
// which poisons the unused part of each slab for ASan; the uninstrumented
// libMLIR then allocates from the same slabs without unpoisoning them: false
// "use-after-poison" reports. Manual poisoning is turned off.
extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}

static const bool strictVerify = [] {
  const char *v = std::getenv("QUANT_FUZZ_STRICT_VERIFY");
  return !v || std::string(v) != "0";
}();

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  bool importerBug = false;
  std::string firstError;
  context.getDiagEngine().registerHandler([&](mlir::Diagnostic &diag) {
    if (diag.getSeverity() != mlir::DiagnosticSeverity::Error)
      return;
    std::string msg = diag.str();
    if (firstError.empty())
      firstError = msg;
    if (strictVerify && msg.find("does not verify") != std::string::npos)
      importerBug = true;
  });

  mlir::qnn::ONNXImportOptions options;
  options.batch = 1;
  mlir::OwningOpRef<mlir::ModuleOp> module = mlir::qnn::importONNXModel(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz-input",
      &context, options);
  if (module && mlir::failed(mlir::verify(*module)))
    importerBug = true;
  if (importerBug) {
    std::fprintf(stderr,
                 "quant-fuzz-onnx-import: the importer built an invalid "
                 "module: %s\n",
                 firstError.c_str());
    std::abort();
  }
  return 0;
}
