//===- ONNXImporter.cpp - ONNX model -> TOSA / func -----------------------===//
//
// Parsing, checking and shape inference are ONNX's own (libonnx 1.12); this
// file walks the checked, shape-inferred graph once, in node order, and emits
// TOSA. Layout: every value carries a permutation from its ONNX (logical)
// dimensions to the dimensions of the MLIR value (physical[i] =
// logical[perm[i]]). 4-D activations live in NHWC; constants are permuted at
// import time, so the only transposes in the graph are those that change an
// activation's layout (the input NCHW -> NHWC, NHWC -> ONNX order before a
// Flatten/Reshape over spatial dims, the output back to NCHW). See
// docs/ONNX.md.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Frontend/ONNXImporter.h"
#include "QuantMLIR/Dialect/QNN/IR/QNNDialect.h"
#include "QuantMLIR/Dialect/QNN/IR/QNNOps.h"
#include "QuantMLIR/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "onnx/checker.h"
#include "onnx/defs/schema.h"
#include "onnx/onnx_pb.h"
#include "onnx/shape_inference/implementation.h"

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

using namespace mlir;

namespace {

using Perm = SmallVector<int64_t, 4>;

/// A constant tensor (initializer or Constant node), values held as double
/// (exact for float32 and for the integers that appear as shapes / axes).
struct ConstTensor {
  SmallVector<int64_t, 4> shape;
  std::vector<double> data;
  bool isFloat = true;
  int32_t dtype = onnx::TensorProto::FLOAT;
};

/// An imported value: the MLIR value and the permutation from its ONNX
/// dimensions to the value's dimensions (empty: identity).
struct Val {
  Value v;
  Perm perm;
};

const Perm kNHWC = {0, 2, 3, 1};

int64_t product(ArrayRef<int64_t> s) {
  int64_t p = 1;
  for (int64_t d : s)
    p *= d;
  return p;
}

Perm identityPerm(size_t n) {
  Perm p(n);
  std::iota(p.begin(), p.end(), 0);
  return p;
}

bool isIdentityPermutation(ArrayRef<int64_t> p) {
  for (size_t i = 0; i < p.size(); ++i)
    if (p[i] != static_cast<int64_t>(i))
      return false;
  return true;
}

Perm normalize(ArrayRef<int64_t> p, size_t rank) {
  return p.empty() ? identityPerm(rank) : Perm(p.begin(), p.end());
}

Perm inverse(ArrayRef<int64_t> p) {
  Perm inv(p.size());
  for (size_t i = 0; i < p.size(); ++i)
    inv[p[i]] = i;
  return inv;
}

SmallVector<int64_t, 4> permuteShape(ArrayRef<int64_t> logical,
                                     ArrayRef<int64_t> perm) {
  SmallVector<int64_t, 4> out;
  for (int64_t p : perm)
    out.push_back(logical[p]);
  return out;
}

/// out[i0..] with out.shape[i] = shape[perm[i]], out[idx] = in[idx permuted].
std::vector<double> permuteData(ArrayRef<double> in, ArrayRef<int64_t> shape,
                                ArrayRef<int64_t> perm) {
  size_t rank = shape.size();
  if (rank == 0)
    return std::vector<double>(in.begin(), in.end());
  SmallVector<int64_t, 4> inStrides(rank, 1);
  for (int64_t i = rank - 2; i >= 0; --i)
    inStrides[i] = inStrides[i + 1] * shape[i + 1];
  SmallVector<int64_t, 4> outShape = permuteShape(shape, perm);
  std::vector<double> out(in.size());
  SmallVector<int64_t, 4> idx(rank, 0);
  for (size_t o = 0; o < out.size(); ++o) {
    int64_t src = 0;
    for (size_t i = 0; i < rank; ++i)
      src += idx[i] * inStrides[perm[i]];
    out[o] = in[src];
    for (int64_t i = rank - 1; i >= 0; --i) {
      if (++idx[i] < outShape[i])
        break;
      idx[i] = 0;
    }
  }
  return out;
}

/// ONNX's exception texts span several lines ("... of node: \nname: x
/// OpType: Add\n is not ..."), often followed by "==> Context: ...": one line.
std::string oneLine(const std::string &s) {
  std::string text = s.substr(0, s.find("==> Context"));
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t')
      c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' '))
      continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

/// Conv geometry read from a node (NCHW input, OIHW weights).
struct ConvGeometry {
  int64_t N = 0, C = 0, H = 0, W = 0, M = 0, Cg = 0, KH = 0, KW = 0, group = 1;
  SmallVector<int64_t, 4> strides, dil, pads;
};

class Importer {
public:
  Importer(MLIRContext *ctx, const qnn::ONNXImportOptions &opts,
           StringRef sourceName)
      : ctx(ctx), b(ctx), opts(opts), sourceName(sourceName.str()) {}

  OwningOpRef<ModuleOp> run(StringRef bytes);

private:
  // ---- diagnostics --------------------------------------------------------
  bool fail(const Twine &msg) {
    if (error.empty())
      error = msg.str();
    return false;
  }
  std::string nodeDesc(const onnx::NodeProto &n) {
    return n.op_type() + " node '" + nodeName(n) + "'";
  }
  static std::string nodeName(const onnx::NodeProto &n) {
    if (!n.name().empty())
      return n.name();
    return n.output_size() ? n.output(0) : std::string("<unnamed>");
  }
  Location nameLoc(const Twine &name) {
    return NameLoc::get(StringAttr::get(ctx, name));
  }

  // ---- model-level steps --------------------------------------------------
  bool parseAndCheck(StringRef bytes);
  bool loadExternalData();
  bool loadExternalTensor(onnx::TensorProto &t, StringRef dir);
  bool checkSupported();
  bool collectConstants();
  bool collectShapes();
  bool importGraph(ModuleOp module);
  bool importNode(const onnx::NodeProto &n);
  bool makeBatchDynamic(ModuleOp module);

  // ---- constants ----------------------------------------------------------
  bool readTensor(const onnx::TensorProto &t, ConstTensor &out);
  const ConstTensor *getConst(const std::string &name) {
    auto it = consts.find(name);
    return it == consts.end() ? nullptr : &it->second;
  }

  // ---- values -------------------------------------------------------------
  bool known(const std::string &name) {
    return consts.count(name) || vals.count(name) || flattened.count(name);
  }
  std::optional<SmallVector<int64_t, 4>> shapeOf(const std::string &name);
  /// The value of `name` in layout `perm` (empty: ONNX order), created as a
  /// permuted constant or by one transpose (a reshape when only size-1 dims
  /// move); cached per layout.
  Value get(const std::string &name, ArrayRef<int64_t> perm);
  Val primary(const std::string &name);
  Perm primaryPerm(const std::string &name) {
    auto it = vals.find(name);
    if (it == vals.end() || it->second.empty())
      return {};
    return it->second.front().perm;
  }
  void set(const std::string &name, Value v, ArrayRef<int64_t> perm) {
    auto &list = vals[name];
    list.clear();
    list.push_back(Val{v, Perm(perm.begin(), perm.end())});
  }

  // ---- op builders --------------------------------------------------------
  RankedTensorType f32(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, b.getF32Type());
  }
  /// A tensor type of `shape` with v's element type.
  RankedTensorType like(Value v, ArrayRef<int64_t> shape) {
    return RankedTensorType::get(
        shape, cast<RankedTensorType>(v.getType()).getElementType());
  }
  Value constF(ArrayRef<int64_t> shape, ArrayRef<double> data, Location loc);
  Value zeroPoint(Location loc) { return constF({1}, {0.0}, loc); }
  Value constShape(ArrayRef<int64_t> values, Location loc);
  Value transpose(Value v, ArrayRef<int64_t> tperm, Location loc);
  Value reshape(Value v, ArrayRef<int64_t> shape, Location loc);
  Value slice(Value v, ArrayRef<int64_t> start, ArrayRef<int64_t> size,
              Location loc);
  Value clamp(Value v, float lo, float hi, Location loc);
  Value mul(Value a, Value c, Location loc);
  template <typename OpTy>
  Value create(Type t, ValueRange operands, ArrayRef<NamedAttribute> attrs,
               Location loc) {
    return OpTy::create(b, loc, TypeRange{t}, operands, attrs).getResult();
  }

  // ---- attributes ---------------------------------------------------------
  const onnx::AttributeProto *attr(const onnx::NodeProto &n, StringRef name) {
    for (const auto &a : n.attribute())
      if (a.name() == name)
        return &a;
    return nullptr;
  }
  int64_t attrInt(const onnx::NodeProto &n, StringRef name, int64_t dflt) {
    const auto *a = attr(n, name);
    return a ? a->i() : dflt;
  }
  float attrFloat(const onnx::NodeProto &n, StringRef name, float dflt) {
    const auto *a = attr(n, name);
    return a ? a->f() : dflt;
  }
  std::string attrStr(const onnx::NodeProto &n, StringRef name,
                      StringRef dflt) {
    const auto *a = attr(n, name);
    return a ? a->s() : dflt.str();
  }
  SmallVector<int64_t, 4> attrInts(const onnx::NodeProto &n, StringRef name) {
    SmallVector<int64_t, 4> out;
    if (const auto *a = attr(n, name))
      out.append(a->ints().begin(), a->ints().end());
    return out;
  }
  bool hasInput(const onnx::NodeProto &n, int i) {
    return n.input_size() > i && !n.input(i).empty();
  }

  // ---- converters ---------------------------------------------------------
  bool convConv(const onnx::NodeProto &n);
  bool convConvTranspose(const onnx::NodeProto &n);
  bool convGeometry(const onnx::NodeProto &n, const ConstTensor &w,
                    ConvGeometry &g);
  bool convPool(const onnx::NodeProto &n, bool isMax, bool global);
  bool convGemm(const onnx::NodeProto &n);
  bool convMatMul(const onnx::NodeProto &n);
  bool convBinary(const onnx::NodeProto &n);
  bool convUnary(const onnx::NodeProto &n);
  bool convReshapeLike(const onnx::NodeProto &n);
  bool convTranspose(const onnx::NodeProto &n);
  bool convConcat(const onnx::NodeProto &n);
  bool convBatchNorm(const onnx::NodeProto &n);
  bool convSoftmax(const onnx::NodeProto &n);
  bool convConstant(const onnx::NodeProto &n);
  bool convQDQ(const onnx::NodeProto &n, bool quantize);
  bool convDynamicQuantize(const onnx::NodeProto &n);
  bool convQConv(const onnx::NodeProto &n, bool qlinear);
  bool convQMatMul(const onnx::NodeProto &n, bool qlinear);
  // com.microsoft (ONNX Runtime contrib) quantized ops.
  bool inferMsShapes();
  bool convQLinearBinary(const onnx::NodeProto &n, bool isMul);
  bool convQLinearGlobalAvgPool(const onnx::NodeProto &n);
  bool convQGemm(const onnx::NodeProto &n);
  bool convCast(const onnx::NodeProto &n);
  /// An 8-bit operand of ONNX shape `full` (rank-extended for broadcasting)
  /// in layout `perm`: an integer constant, or the activation (reshaped /
  /// transposed as needed). Null with an error when it is not 8-bit.
  Value int8Operand(const onnx::NodeProto &n, int idx,
                    ArrayRef<int64_t> full, ArrayRef<int64_t> perm);
  /// A zero point computed at run time (DynamicQuantizeLinear's
  /// y_zero_point): input `idx` of `n` (one element) as an i32 tensor of
  /// `rank` ones, read as unsigned for uint8. Null with an error otherwise.
  Value runtimeZeroPoint(const onnx::NodeProto &n, int idx, bool isSigned,
                         size_t rank);
  /// acc - zp * sums (i32, `sums` a constant of acc's rank broadcast along
  /// its size-1 dims): the run-time zero point's share of the products.
  Value subtractZeroPointTerm(Value acc, Value zp, ArrayRef<int64_t> sumShape,
                              ArrayRef<double> sums, Location loc);
  /// Scale(s) and zero point(s) of a quantized operand: constants, float32
  /// scales > 0, int8 / uint8 zero points (`dflt` when absent).
  bool quantOperand(const onnx::NodeProto &n, int scaleIdx, int zpIdx,
                    const std::string &what, int32_t dflt,
                    SmallVector<double> &scales, SmallVector<int64_t> &zps,
                    bool &isSigned);
  /// What qnn.conv2d (`conv`) / qnn.matmul take of quantOperand's
  /// parameters: x (a) and y per tensor, w (b) per tensor or one per output
  /// channel (`count` of them) with equal zero points.
  bool checkQuantParams(const onnx::NodeProto &n, bool conv, int64_t count,
                        ArrayRef<double> xS, ArrayRef<int64_t> xZ,
                        ArrayRef<double> wS, ArrayRef<int64_t> wZ,
                        ArrayRef<double> yS, ArrayRef<int64_t> yZ) {
    std::string per = conv ? "per-channel w" : "per-column b";
    if (xS.size() > 1 || xZ.size() > 1 || yS.size() > 1 || yZ.size() > 1)
      return fail(nodeDesc(n) + ": " + (conv ? "x" : "a") +
                  " and y parameters must be per tensor");
    if ((wS.size() > 1 && wS.size() != static_cast<size_t>(count)) ||
        (wZ.size() != 1 && wZ.size() != static_cast<size_t>(count)))
      return fail(nodeDesc(n) + ": " + per + " parameters must have " +
                  Twine(count) + " values");
    for (int64_t z : wZ)
      if (z != wZ[0])
        return fail(nodeDesc(n) + ": " + per + " zero points must be equal (" +
                    (conv ? "qnn.conv2d has one weight zero point"
                          : "qnn.matmul has one zero point per operand") +
                    ")");
    return true;
  }
  Value constInt(ArrayRef<int64_t> shape, ArrayRef<double> data,
                 unsigned bits, Location loc);
  bool convPad(const onnx::NodeProto &n);
  bool convSlice(const onnx::NodeProto &n);

  /// Spatial padding for a window op with output size `out` (ONNX's): the
  /// TOSA end pad (TOSA needs the window to fit exactly) and, when the ONNX
  /// end pad is more than enough, how many trailing input rows to keep.
  static void fitWindow(int64_t in, int64_t padBegin, int64_t extent,
                        int64_t stride, int64_t out, int64_t &padEnd,
                        int64_t &keep) {
    int64_t need = (out - 1) * stride + extent - in - padBegin;
    if (need >= 0) {
      padEnd = need;
      keep = in;
    } else {
      padEnd = 0;
      keep = in + need;
    }
  }
  bool spatialPads(const onnx::NodeProto &n, ArrayRef<int64_t> inHW,
                   ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                   ArrayRef<int64_t> dilations, SmallVector<int64_t, 4> &pads);
  /// Fits pads to the output size, slicing the NHWC input when needed.
  Value fitSpatial(Value x, ArrayRef<int64_t> nhwc, ArrayRef<int64_t> pads,
                   ArrayRef<int64_t> extent, ArrayRef<int64_t> strides,
                   ArrayRef<int64_t> outHW, SmallVector<int64_t, 4> &tosaPad,
                   Location loc);
  bool checkShape(const std::string &name, ArrayRef<int64_t> logical,
                  const onnx::NodeProto &n);

  MLIRContext *ctx;
  OpBuilder b;
  const qnn::ONNXImportOptions &opts;
  /// Without --batch, a symbolic (or unknown) dimension 0 of the graph inputs
  /// (all other dimensions static) is imported as this placeholder through
  /// shape inference and the import, then made dynamic (`?`, reshapes -1) by
  /// makeBatchDynamic. A prime far from real sizes: a dimension equal to a
  /// multiple of it (the batch folded with another dimension) is rejected.
  static constexpr int64_t kDynBatch = 65537;
  bool dynBatch = false;
  std::string dynInput;
  std::string sourceName;
  std::string error;

  onnx::ModelProto model;
  int64_t opset = 0;
  llvm::StringMap<ConstTensor> consts;
  llvm::StringMap<SmallVector<Val, 2>> vals;
  llvm::StringMap<SmallVector<int64_t, 4>> shapes;
  llvm::StringMap<int32_t> elemTypes;
  llvm::StringMap<int> uses;
  llvm::StringMap<const onnx::NodeProto *> producer;
  llvm::DenseSet<const onnx::NodeProto *> folded;
  std::map<std::string, Value> constCache;
  /// Flatten (axis 1) of an NHWC activation, not materialized: a Gemm with
  /// constant weights reads the NHWC data directly (its weight rows permuted
  /// to (h, w, c) order), any other user gets transpose + reshape.
  struct FlatInfo {
    Value nhwc;
    int64_t n, c, h, w;
  };
  llvm::StringMap<FlatInfo> flattened;

  /// A DequantizeLinear of a constant (int8 / uint8 weights, int32 bias):
  /// folded into a float constant in `consts`, and remembered here so that
  /// Conv / Gemm / MatMul can emit the integer constant behind a
  /// `qnn.dequantize` instead, which qnn-fuse-qdq turns into integer compute.
  struct DQConst {
    ConstTensor q;
    SmallVector<double> scales;
    SmallVector<int64_t> zps;
    int64_t axis = -1; // ONNX axis of per-axis parameters, -1 per tensor
    bool isSigned = true;
    unsigned bits = 8;
  };
  llvm::StringMap<DQConst> dqConsts;
  const DQConst *dqConst(const std::string &name) {
    auto it = dqConsts.find(name);
    return it == dqConsts.end() ? nullptr : &it->second;
  }
  /// `qnn.dequantize` of the integer constant `ints` (shape `shape`, the
  /// stored values of `d` rearranged by the caller), per-axis on `axis`.
  Value dequantized(const DQConst &d, ArrayRef<int64_t> shape,
                    ArrayRef<double> ints, int64_t axis, Location loc);
};

// ===------------------------------------------------------------------=== //
// Model-level steps
// ===------------------------------------------------------------------=== //

static bool isMsQuantOp(const onnx::NodeProto &n);

bool Importer::parseAndCheck(StringRef bytes) {
  if (bytes.empty())
    return fail("empty file, not an ONNX model");
  if (bytes.size() > static_cast<size_t>(INT32_MAX))
    return fail("model larger than 2 GiB (external data is not supported)");
  if (!model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return fail("cannot parse the ONNX model (truncated or not an ONNX "
                "protobuf)");
  if (!model.has_graph() || model.graph().node_size() == 0)
    return fail("not an ONNX model: no graph nodes (truncated or not an "
                "ONNX protobuf)");
  if (!loadExternalData())
    return false;

  for (const auto &imp : model.opset_import())
    if (imp.domain().empty() || imp.domain() == "ai.onnx")
      opset = imp.version();
  if (opset == 0)
    return fail("the model imports no ai.onnx opset");
  if (opset < 11 || opset > 17)
    return fail("ai.onnx opset " + Twine(opset) +
                " is not supported (supported: 11 to 17)");

  try {
    onnx::checker::check_model(model);
  } catch (const std::exception &e) {
    return fail("the ONNX checker rejects the model: " + oneLine(e.what()));
  }

  // Batch override, before shape inference: a symbolic (or unknown)
  // dimension 0 of a graph input becomes opts.batch; intermediate
  // value_info is dropped so that inference recomputes it.
  // Without --batch: when every graph input whose shape is not static has
  // only dimension 0 symbolic, that dimension becomes dynamic (kDynBatch
  // until makeBatchDynamic).
  int64_t batch = opts.batch;
  if (batch <= 0) {
    llvm::StringSet<> inits;
    for (const auto &t : model.graph().initializer())
      inits.insert(t.name());
    bool onlyDim0 = true, any = false;
    for (const auto &in : model.graph().input()) {
      if (inits.count(in.name()) || !in.type().has_tensor_type())
        continue;
      const auto &tt = in.type().tensor_type();
      if (!tt.has_shape()) {
        onlyDim0 = false;
        continue;
      }
      for (int i = 0; i < tt.shape().dim_size(); ++i) {
        if (tt.shape().dim(i).has_dim_value())
          continue;
        if (i != 0)
          onlyDim0 = false;
        else if (!any) {
          any = true;
          dynInput = in.name();
        }
      }
    }
    if (any && onlyDim0) {
      dynBatch = true;
      batch = kDynBatch;
    }
  }
  if (batch > 0) {
    llvm::StringSet<> inits;
    for (const auto &t : model.graph().initializer())
      inits.insert(t.name());
    auto *g = model.mutable_graph();
    bool changed = false;
    for (auto &in : *g->mutable_input()) {
      if (inits.count(in.name()) || !in.type().has_tensor_type() ||
          !in.type().tensor_type().has_shape() ||
          in.type().tensor_type().shape().dim_size() == 0 ||
          in.type().tensor_type().shape().dim(0).has_dim_value())
        continue;
      auto *d = in.mutable_type()->mutable_tensor_type()->mutable_shape()
                    ->mutable_dim(0);
      d->clear_dim_param();
      d->set_dim_value(batch);
      changed = true;
    }
    if (changed)
      g->clear_value_info();
  }

  // ONNX 1.12's shape inference trusts attribute values: Conv / pool
  // strides of 0 divide by zero (SIGFPE), and raw_data whose size is not
  // a multiple of the element size overflows a buffer (onnx::ParseData).
  // Both found by fuzz/. Only supported ops reach it, with their strides
  // and every tensor's raw_data size checked first.
  if (!checkSupported())
    return false;
  // ONNX has no schema for the com.microsoft ops, so its checker does not
  // count their inputs and outputs (a QLinearGlobalAveragePool without
  // inputs was read out of bounds, found by fuzz/): ONNX Runtime's arity.
  for (const auto &n : model.graph().node()) {
    if (!isMsQuantOp(n))
      continue;
    const std::string &op = n.op_type();
    int lo = op == "QGemm" ? 6 : op == "QLinearGlobalAveragePool" ? 4 : 7;
    int hi = op == "QGemm" ? 9 : op == "QLinearGlobalAveragePool" ? 5 : 8;
    if (n.input_size() < lo || n.input_size() > hi || n.output_size() != 1 ||
        n.output(0).empty())
      return fail(nodeDesc(n) + ": takes " + Twine(lo) +
                  (lo == hi ? "" : " to " + std::to_string(hi)) +
                  " inputs and 1 output, has " + Twine(n.input_size()) +
                  " input(s) and " + Twine(n.output_size()) + " output(s)");
  }
  auto rawSizeOk = [&](const onnx::TensorProto &t) {
    if (!t.has_raw_data())
      return true;
    static const std::map<int, size_t> sizes = {
        {onnx::TensorProto::FLOAT, 4},   {onnx::TensorProto::UINT8, 1},
        {onnx::TensorProto::INT8, 1},    {onnx::TensorProto::UINT16, 2},
        {onnx::TensorProto::INT16, 2},   {onnx::TensorProto::INT32, 4},
        {onnx::TensorProto::INT64, 8},   {onnx::TensorProto::BOOL, 1},
        {onnx::TensorProto::FLOAT16, 2}, {onnx::TensorProto::DOUBLE, 8},
        {onnx::TensorProto::UINT32, 4},  {onnx::TensorProto::UINT64, 8},
        {onnx::TensorProto::BFLOAT16, 2}};
    auto it = sizes.find(t.data_type());
    if (it == sizes.end())
      return false;
    uint64_t n = 1;
    for (int64_t d : t.dims()) {
      if (d < 0 || (d > 0 && n > (uint64_t(1) << 40) / uint64_t(d)))
        return false;
      n *= uint64_t(d);
    }
    return t.raw_data().size() == n * it->second;
  };
  // Dimensions and window attributes near INT64_MAX overflow the geometry
  // arithmetic (found by fuzz/): bounded far above any real model.
  const int64_t kMaxDim = int64_t(1) << 31;
  for (const auto &t : model.graph().initializer()) {
    if (!rawSizeOk(t))
      return fail("tensor '" + t.name() + "': raw_data does not match its "
                  "shape and element type");
    for (int64_t d : t.dims())
      if (d < 0 || d > kMaxDim)
        return fail("tensor '" + t.name() + "' has a negative or too large "
                    "dimension");
  }
  // Conv without kernel_shape: libonnx takes the kernel from the weights'
  // dims and reads past its arrays when their rank differs from the input's
  // (SEGV, found by fuzz/). The spec's default made explicit, so that
  // inference checks the rank; the weights must be constants anyway.
  std::map<std::string, std::vector<int64_t>> constDims;
  for (const auto &t : model.graph().initializer())
    constDims[t.name()].assign(t.dims().begin(), t.dims().end());
  for (const auto &n : model.graph().node())
    if (n.op_type() == "Constant" && n.output_size() == 1)
      for (const auto &a : n.attribute())
        if (a.name() == "value" && a.has_t())
          constDims[n.output(0)].assign(a.t().dims().begin(),
                                        a.t().dims().end());
  // ConvTranspose likewise (its inference sizes the output loop by the
  // input's rank but the kernel by the weights', and reads the weights'
  // dimension 1 unchecked): weights of rank >= 3 given, kernel_shape set.
  for (auto &n : *model.mutable_graph()->mutable_node()) {
    bool convT = n.op_type() == "ConvTranspose";
    int wIdx = n.op_type() == "QLinearConv" ? 3
               : (n.op_type() == "Conv" || n.op_type() == "ConvInteger" ||
                  convT)
                   ? 1
                   : -1;
    if (wIdx < 0)
      continue;
    auto it = n.input_size() > wIdx ? constDims.find(n.input(wIdx))
                                    : constDims.end();
    if (convT && (it == constDims.end() || it->second.size() < 3))
      return fail(nodeDesc(n) + ": the weights must be a constant of rank "
                  ">= 3 (C x M/group x kernel)");
    if (llvm::any_of(n.attribute(), [](const auto &a) {
          return a.name() == "kernel_shape";
        }))
      continue;
    if (it == constDims.end())
      return fail(nodeDesc(n) + ": the weights must be a constant");
    auto *ks = n.add_attribute();
    ks->set_name("kernel_shape");
    ks->set_type(onnx::AttributeProto::INTS);
    for (size_t i = 2; i < it->second.size(); ++i)
      ks->add_ints(it->second[i]);
  }
  for (const auto &n : model.graph().node())
    for (const auto &a : n.attribute()) {
      // Zero dilations or kernel sizes make windows no op can compute
      // (TOSA rejects them).
      if (a.name() == "strides" || a.name() == "dilations" ||
          a.name() == "kernel_shape")
        for (int64_t s : a.ints())
          if (s < 1)
            return fail(nodeDesc(n) + ": " + a.name() + " must be >= 1");
      if (a.name() == "strides" || a.name() == "pads" ||
          a.name() == "dilations" || a.name() == "kernel_shape" ||
          a.name() == "output_padding" || a.name() == "output_shape")
        for (int64_t v : a.ints())
          if (v > kMaxDim || v < -kMaxDim)
            return fail(nodeDesc(n) + ": attribute '" + a.name() +
                        "' out of range");
      if (a.has_t() && !rawSizeOk(a.t()))
        return fail(nodeDesc(n) + ": attribute '" + a.name() +
                    "': raw_data does not match its shape and element type");
    }

  try {
    onnx::ShapeInferenceOptions siOpts(/*check_type=*/true, /*strict=*/1,
                                       /*data_prop=*/true);
    onnx::shape_inference::InferShapes(
        model, onnx::OpSchemaRegistry::Instance(), siOpts);
  } catch (const std::exception &e) {
    return fail("ONNX shape inference failed: " + oneLine(e.what()));
  }
  return inferMsShapes();
}

/// Tensors stored outside the model (data_location EXTERNAL, as
/// onnx.save_model(..., save_as_external_data=True) writes them) are read
/// into raw_data before the checker runs: `location` relative to the
/// model's directory, optional `offset` / `length` in bytes.
bool Importer::loadExternalData() {
  std::string dir = opts.externalDataDir;
  if (dir.empty())
    dir = llvm::sys::path::parent_path(sourceName).str();
  auto *g = model.mutable_graph();
  for (auto &t : *g->mutable_initializer())
    if (t.data_location() == onnx::TensorProto::EXTERNAL &&
        !loadExternalTensor(t, dir))
      return false;
  for (auto &n : *g->mutable_node())
    for (auto &a : *n.mutable_attribute())
      if (a.has_t() && a.t().data_location() == onnx::TensorProto::EXTERNAL &&
          !loadExternalTensor(*a.mutable_t(), dir))
        return false;
  return true;
}

bool Importer::loadExternalTensor(onnx::TensorProto &t, StringRef dir) {
  std::string location;
  int64_t offset = 0, length = -1;
  std::string what = "tensor '" + t.name() + "'";
  for (const auto &kv : t.external_data()) {
    const std::string &k = kv.key(), &v = kv.value();
    if (k == "location") {
      location = v;
    } else if (k == "offset" || k == "length") {
      char *end = nullptr;
      long long x = std::strtoll(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || x < 0)
        return fail(what + ": invalid external data " + k + " '" + v + "'");
      (k == "offset" ? offset : length) = x;
    }
  }
  if (location.empty())
    return fail(what + " uses external data without a location");
  if (llvm::sys::path::is_absolute(location) ||
      llvm::any_of(llvm::make_range(llvm::sys::path::begin(location),
                                    llvm::sys::path::end(location)),
                   [](StringRef c) { return c == ".."; }))
    return fail(what + ": external data location '" + location +
                "' must be a relative path inside the model's directory");
  SmallString<256> path(dir);
  llvm::sys::path::append(path, location);
  auto buf = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!buf)
    return fail(what + ": cannot read external data file '" +
                path.str().str() + "': " + buf.getError().message());
  int64_t size = (*buf)->getBufferSize();
  if (length < 0)
    length = offset <= size ? size - offset : 0;
  if (offset > size || length > size - offset)
    return fail(what + ": external data file '" + path.str().str() +
                "' is too short (" + std::to_string(size) +
                " bytes; the tensor needs bytes " + std::to_string(offset) +
                " to " + std::to_string(offset + length) + ")");
  t.set_raw_data((*buf)->getBufferStart() + offset, length);
  t.clear_external_data();
  t.set_data_location(onnx::TensorProto::DEFAULT);
  return true;
}

static const llvm::StringSet<> &supportedOps() {
  static const llvm::StringSet<> ops = {
      "Conv",        "Gemm",          "MatMul",
      "Add",         "Sub",           "Mul",
      "Div",         "Relu",          "Clip",
      "LeakyRelu",   "Sigmoid",       "Tanh",
      "HardSigmoid", "HardSwish",     "MaxPool",
      "AveragePool", "GlobalAveragePool", "GlobalMaxPool",
      "Flatten",     "Reshape",       "Squeeze",
      "Unsqueeze",   "Transpose",     "Concat",
      "BatchNormalization", "Identity", "Dropout",
      "Constant",    "Softmax",       "QuantizeLinear",
      "DequantizeLinear", "Pad",       "Slice",
      "QLinearConv", "QLinearMatMul", "ConvInteger", "MatMulInteger",
      "ConvTranspose", "DynamicQuantizeLinear", "Cast"};
  return ops;
}

/// ONNX Runtime's com.microsoft quantized ops that import to qnn ops (ONNX
/// has no schema for them: inferMsShapes gives their output shapes).
static bool isMsQuantOp(const onnx::NodeProto &n) {
  static const llvm::StringSet<> ops = {"QLinearAdd", "QLinearMul",
                                        "QLinearGlobalAveragePool", "QGemm"};
  return n.domain() == "com.microsoft" && ops.count(n.op_type());
}

bool Importer::checkSupported() {
  std::string list;
  int count = 0;
  for (const auto &n : model.graph().node()) {
    bool stdDomain = n.domain().empty() || n.domain() == "ai.onnx";
    if (stdDomain && supportedOps().count(n.op_type()))
      continue;
    if (isMsQuantOp(n))
      continue;
    if (count++)
      list += ", ";
    list += (stdDomain ? n.op_type() : n.domain() + "." + n.op_type()) +
            " (node '" + nodeName(n) + "')";
  }
  if (count)
    return fail("unsupported ONNX op" + Twine(count > 1 ? "s" : "") + " (" +
                Twine(count) + "): " + list);
  return true;
}

bool Importer::readTensor(const onnx::TensorProto &t, ConstTensor &out) {
  if (t.data_location() == onnx::TensorProto::EXTERNAL)
    return fail("tensor '" + t.name() +
                "' uses external data, which is not supported");
  out.shape.assign(t.dims().begin(), t.dims().end());
  int64_t n = 1;
  for (int64_t d : out.shape) {
    if (d < 0)
      return fail("tensor '" + t.name() + "' has a negative dimension");
    if (d > 0 && n > (int64_t(1) << 34) / d)
      return fail("tensor '" + t.name() + "' is too large");
    n *= d;
  }
  const std::string &raw = t.raw_data();
  bool hasRaw = t.has_raw_data();
  out.dtype = t.data_type();
  auto sizeError = [&]() {
    return fail("tensor '" + t.name() + "' holds the wrong number of values "
                "for its shape");
  };
  auto fromRaw = [&](auto tag) {
    using T = decltype(tag);
    if (raw.size() != static_cast<size_t>(n) * sizeof(T))
      return sizeError();
    out.data.resize(n);
    for (int64_t i = 0; i < n; ++i) {
      T v;
      std::memcpy(&v, raw.data() + i * sizeof(T), sizeof(T));
      out.data[i] = static_cast<double>(v);
    }
    return true;
  };
  auto fromField = [&](const auto &field) {
    if (field.size() != n)
      return sizeError();
    out.data.resize(n);
    for (int64_t i = 0; i < n; ++i)
      out.data[i] = static_cast<double>(field.Get(i));
    return true;
  };
  switch (t.data_type()) {
  case onnx::TensorProto::FLOAT:
    out.isFloat = true;
    return hasRaw ? fromRaw(float()) : fromField(t.float_data());
  case onnx::TensorProto::DOUBLE:
    out.isFloat = true;
    return hasRaw ? fromRaw(double()) : fromField(t.double_data());
  case onnx::TensorProto::INT64:
    out.isFloat = false;
    return hasRaw ? fromRaw(int64_t()) : fromField(t.int64_data());
  case onnx::TensorProto::INT32:
    out.isFloat = false;
    return hasRaw ? fromRaw(int32_t()) : fromField(t.int32_data());
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::UINT8: {
    // 8-bit values stored in int32_data must fit their type (found by fuzz/:
    // a uint8 zero point of -118 reached qnn ops as an invalid attribute).
    out.isFloat = false;
    bool isSigned = t.data_type() == onnx::TensorProto::INT8;
    if (hasRaw)
      return isSigned ? fromRaw(int8_t()) : fromRaw(uint8_t());
    if (!fromField(t.int32_data()))
      return false;
    double lo = isSigned ? -128 : 0, hi = isSigned ? 127 : 255;
    for (double v : out.data)
      if (v < lo || v > hi)
        return fail("tensor '" + t.name() + "': value " +
                    Twine(static_cast<int64_t>(v)) + " is outside the range " +
                    (isSigned ? "[-128, 127] of int8" : "[0, 255] of uint8"));
    return true;
  }
  default:
    return fail("tensor '" + t.name() + "' has an unsupported element type (" +
                onnx::TensorProto_DataType_Name(
                    static_cast<onnx::TensorProto_DataType>(t.data_type())) +
                ")");
  }
}

bool Importer::collectConstants() {
  for (const auto &t : model.graph().initializer()) {
    ConstTensor c;
    if (!readTensor(t, c))
      return false;
    consts[t.name()] = std::move(c);
  }
  return true;
}

static bool shapeFromType(const onnx::TypeProto &t,
                          SmallVector<int64_t, 4> &out) {
  if (!t.has_tensor_type() || !t.tensor_type().has_shape())
    return false;
  out.clear();
  for (const auto &d : t.tensor_type().shape().dim()) {
    if (!d.has_dim_value())
      return false;
    out.push_back(d.dim_value());
  }
  return true;
}

bool Importer::collectShapes() {
  const auto &g = model.graph();
  // Dimensions near INT64_MAX overflow the geometry arithmetic (found by
  // fuzz/): at most 2^31 per dimension and 2^40 elements.
  std::string tooLarge;
  auto add = [&](const onnx::ValueInfoProto &vi) {
    SmallVector<int64_t, 4> s;
    if (shapeFromType(vi.type(), s)) {
      int64_t elems = 1;
      for (int64_t d : s) {
        // The dynamic batch placeholder counts as 1 (products that include
        // it stay below 2^57).
        if (dynBatch && d == kDynBatch)
          continue;
        if (d < 0 || d > (int64_t(1) << 31) ||
            (d > 0 && elems > (int64_t(1) << 40) / d)) {
          if (tooLarge.empty())
            tooLarge = vi.name();
          break;
        }
        elems *= d;
      }
      shapes[vi.name()] = s;
    }
    if (vi.type().has_tensor_type())
      elemTypes[vi.name()] = vi.type().tensor_type().elem_type();
  };
  for (const auto &vi : g.input())
    add(vi);
  for (const auto &vi : g.value_info())
    add(vi);
  for (const auto &vi : g.output())
    add(vi);
  if (!tooLarge.empty())
    return fail("tensor '" + tooLarge + "' has a negative or too large shape "
                "(at most 2^31 per dimension, 2^40 elements)");
  return true;
}

std::optional<SmallVector<int64_t, 4>>
Importer::shapeOf(const std::string &name) {
  if (const ConstTensor *c = getConst(name))
    return c->shape;
  auto it = shapes.find(name);
  if (it == shapes.end())
    return std::nullopt;
  return it->second;
}

// ===------------------------------------------------------------------=== //
// Values and small builders
// ===------------------------------------------------------------------=== //

Value Importer::constF(ArrayRef<int64_t> shape, ArrayRef<double> data,
                       Location loc) {
  SmallVector<float> f(data.begin(), data.end());
  auto type = f32(shape);
  auto attr = DenseElementsAttr::get(type, ArrayRef<float>(f));
  return tosa::ConstOp::create(b, loc, type, cast<ElementsAttr>(attr))
      .getResult();
}

Value Importer::constShape(ArrayRef<int64_t> values, Location loc) {
  auto type = tosa::shapeType::get(ctx, values.size());
  auto attr = DenseIntElementsAttr::get(
      RankedTensorType::get({static_cast<int64_t>(values.size())},
                            b.getIndexType()),
      values);
  return tosa::ConstShapeOp::create(b, loc, type, attr).getResult();
}

Value Importer::transpose(Value v, ArrayRef<int64_t> tperm, Location loc) {
  auto in = cast<RankedTensorType>(v.getType()).getShape();
  SmallVector<int64_t, 4> outShape = permuteShape(in, tperm);
  // Only size-1 dims move: a reshape.
  int64_t last = -1;
  bool trivial = true;
  for (int64_t p : tperm) {
    if (in[p] == 1)
      continue;
    if (p < last)
      trivial = false;
    last = p;
  }
  if (trivial)
    return reshape(v, outShape, loc);
  SmallVector<int32_t, 4> perms(tperm.begin(), tperm.end());
  return create<tosa::TransposeOp>(
      like(v, outShape), {v}, {b.getNamedAttr("perms", b.getDenseI32ArrayAttr(perms))},
      loc);
}

Value Importer::reshape(Value v, ArrayRef<int64_t> shape, Location loc) {
  if (auto r = v.getDefiningOp<tosa::ReshapeOp>())
    v = r.getInput1();
  if (cast<RankedTensorType>(v.getType()).getShape() == shape)
    return v;
  Value s = constShape(shape, loc);
  return create<tosa::ReshapeOp>(like(v, shape), {v, s}, {}, loc);
}

Value Importer::slice(Value v, ArrayRef<int64_t> start, ArrayRef<int64_t> size,
                      Location loc) {
  Value st = constShape(start, loc);
  Value sz = constShape(size, loc);
  return create<tosa::SliceOp>(like(v, size), {v, st, sz}, {}, loc);
}

Value Importer::clamp(Value v, float lo, float hi, Location loc) {
  return create<tosa::ClampOp>(
      v.getType(), {v},
      {b.getNamedAttr("min_val", b.getF32FloatAttr(lo)),
       b.getNamedAttr("max_val", b.getF32FloatAttr(hi))},
      loc);
}

Value Importer::mul(Value a, Value c, Location loc) {
  auto sa = cast<RankedTensorType>(a.getType()).getShape();
  auto sc = cast<RankedTensorType>(c.getType()).getShape();
  SmallVector<int64_t, 4> out;
  for (size_t i = 0; i < sa.size(); ++i)
    out.push_back(std::max(sa[i], sc[i]));
  auto i8 = RankedTensorType::get({1}, b.getI8Type());
  Value shift = tosa::ConstOp::create(
                    b, loc, i8,
                    cast<ElementsAttr>(DenseElementsAttr::get(
                        i8, ArrayRef<int8_t>{0})))
                    .getResult();
  return create<tosa::MulOp>(f32(out), {a, c, shift}, {}, loc);
}

Val Importer::primary(const std::string &name) {
  auto it = vals.find(name);
  if (it != vals.end() && !it->second.empty())
    return it->second.front();
  return Val{get(name, {}), {}};
}

Value Importer::get(const std::string &name, ArrayRef<int64_t> permIn) {
  // A layout permutation of another rank means the model's declared shapes
  // disagree with the values it computes (a corrupt model): refuse it here,
  // before any permutation indexes out of range.
  // No caller can build an op from a null value (MLIR dereferences it):
  // the error is recorded and the import abandoned (run() catches it).
  auto badRank = [&](size_t rank) -> Value {
    fail("value '" + name + "' has rank " + Twine(rank) +
         " but is used with rank " + Twine(permIn.size()) +
         " (the model's shapes are inconsistent)");
    throw std::runtime_error(error);
  };
  if (const ConstTensor *c = getConst(name)) {
    if (!permIn.empty() && permIn.size() != c->shape.size())
      return badRank(c->shape.size());
    Perm p = normalize(permIn, c->shape.size());
    std::string key = name + "|";
    for (int64_t d : p)
      key += std::to_string(d) + ",";
    auto it = constCache.find(key);
    if (it != constCache.end())
      return it->second;
    auto data = permuteData(c->data, c->shape, p);
    Value v = constF(permuteShape(c->shape, p), data, nameLoc(name));
    constCache[key] = v;
    return v;
  }
  auto it = vals.find(name);
  if (it == vals.end() || it->second.empty()) {
    auto fit = flattened.find(name);
    if (fit == flattened.end()) {
      fail("value '" + name + "' is used but not defined");
      throw std::runtime_error(error);
    }
    const FlatInfo &f = fit->second;
    Location loc = nameLoc(name + ".flatten");
    Value t = transpose(f.nhwc, {0, 3, 1, 2}, loc);
    set(name, reshape(t, {f.n, f.c * f.h * f.w}, loc), {});
    it = vals.find(name);
  }
  auto &list = it->second;
  size_t rank = cast<RankedTensorType>(list.front().v.getType()).getRank();
  if (!permIn.empty() && permIn.size() != rank)
    return badRank(rank);
  Perm target = normalize(permIn, rank);
  for (const Val &v : list)
    if (normalize(v.perm, rank) == target)
      return v.v;
  const Val &src = list.front();
  Perm inv = inverse(normalize(src.perm, rank));
  Perm tperm;
  for (int64_t t : target)
    tperm.push_back(inv[t]);
  Location loc = src.v.getLoc();
  if (auto nl = dyn_cast<NameLoc>(loc))
    loc = nameLoc(nl.getName().getValue() +
                  (isIdentityPermutation(target) ? ".nchw" : ".nhwc"));
  Value t = transpose(src.v, tperm, loc);
  list.push_back(Val{t, target});
  return t;
}

bool Importer::checkShape(const std::string &name, ArrayRef<int64_t> logical,
                          const onnx::NodeProto &n) {
  auto s = shapeOf(name);
  if (!s)
    return fail(nodeDesc(n) + ": ONNX shape inference gave no static shape "
                "for its output '" + name + "'");
  if (*s != logical)
    return fail(nodeDesc(n) + ": the computed output shape differs from "
                "ONNX shape inference's");
  return true;
}

// ===------------------------------------------------------------------=== //
// Converters
// ===------------------------------------------------------------------=== //

bool Importer::spatialPads(const onnx::NodeProto &n, ArrayRef<int64_t> inHW,
                           ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                           ArrayRef<int64_t> dilations,
                           SmallVector<int64_t, 4> &pads) {
  std::string autoPad = attrStr(n, "auto_pad", "NOTSET");
  pads = attrInts(n, "pads");
  if (autoPad == "NOTSET") {
    if (pads.empty())
      pads.assign(4, 0);
    if (pads.size() != 4)
      return fail(nodeDesc(n) + ": pads must have 4 values");
    for (int64_t p : pads)
      if (p < 0)
        return fail(nodeDesc(n) + ": negative pads are not supported");
    return true;
  }
  pads.assign(4, 0);
  if (autoPad == "VALID")
    return true;
  if (autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER")
    return fail(nodeDesc(n) + ": unsupported auto_pad '" + autoPad + "'");
  for (int i = 0; i < 2; ++i) {
    int64_t out = (inHW[i] + strides[i] - 1) / strides[i];
    int64_t extent = (kernel[i] - 1) * dilations[i] + 1;
    int64_t total = std::max<int64_t>(0, (out - 1) * strides[i] + extent -
                                             inHW[i]);
    int64_t small = total / 2, large = total - small;
    pads[i] = autoPad == "SAME_UPPER" ? small : large;
    pads[i + 2] = autoPad == "SAME_UPPER" ? large : small;
  }
  return true;
}

Value Importer::fitSpatial(Value x, ArrayRef<int64_t> nhwc,
                           ArrayRef<int64_t> pads, ArrayRef<int64_t> extent,
                           ArrayRef<int64_t> strides, ArrayRef<int64_t> outHW,
                           SmallVector<int64_t, 4> &tosaPad, Location loc) {
  int64_t padEndH, keepH, padEndW, keepW;
  fitWindow(nhwc[1], pads[0], extent[0], strides[0], outHW[0], padEndH, keepH);
  fitWindow(nhwc[2], pads[1], extent[1], strides[1], outHW[1], padEndW, keepW);
  tosaPad = {pads[0], padEndH, pads[1], padEndW};
  if (keepH != nhwc[1] || keepW != nhwc[2])
    x = slice(x, {0, 0, 0, 0}, {nhwc[0], keepH, keepW, nhwc[3]}, loc);
  return x;
}

/// The geometry of a Conv / QLinearConv / ConvInteger node (NCHW input x =
/// input 0, OIHW weights `w`), checked: one line and false on a mismatch.
bool Importer::convGeometry(const onnx::NodeProto &n, const ConstTensor &wt,
                            ConvGeometry &g) {
  const ConstTensor *w = &wt;
  auto xs = shapeOf(n.input(0));
  if (!xs || xs->size() != 4 || w->shape.size() != 4)
    return fail(nodeDesc(n) + ": only 2-D convolutions (4-D NCHW input with "
                "a static shape) are supported");
  int64_t N = (*xs)[0], C = (*xs)[1], H = (*xs)[2], W = (*xs)[3];
  int64_t M = w->shape[0], Cg = w->shape[1], KH = w->shape[2],
          KW = w->shape[3];
  int64_t group = attrInt(n, "group", 1);
  g.N = N; g.C = C; g.H = H; g.W = W; g.M = M; g.Cg = Cg; g.KH = KH;
  g.KW = KW; g.group = group;
  if (llvm::is_contained(w->shape, 0))
    return fail(nodeDesc(n) + ": zero-size weights are not supported");
  if (group < 1 || C % group || Cg != C / group || M % group)
    return fail(nodeDesc(n) + ": weights and group do not match the input");
  SmallVector<int64_t, 4> strides = attrInts(n, "strides");
  SmallVector<int64_t, 4> dil = attrInts(n, "dilations");
  if (strides.empty())
    strides = {1, 1};
  if (dil.empty())
    dil = {1, 1};
  SmallVector<int64_t, 4> ks = attrInts(n, "kernel_shape");
  if (!ks.empty() && (ks.size() != 2 || ks[0] != KH || ks[1] != KW))
    return fail(nodeDesc(n) + ": kernel_shape does not match the weights");
  if (strides.size() != 2 || dil.size() != 2)
    return fail(nodeDesc(n) + ": strides / dilations must have 2 values");
  g.strides = strides;
  g.dil = dil;
  return spatialPads(n, {H, W}, {KH, KW}, strides, dil, g.pads);
}

bool Importer::convConv(const onnx::NodeProto &n) {
  Location loc = nameLoc(nodeName(n));
  const ConstTensor *w = getConst(n.input(1));
  if (!w)
    return fail(nodeDesc(n) + ": the weights must be a constant");
  ConvGeometry g;
  if (!convGeometry(n, *w, g))
    return false;
  int64_t N = g.N, C = g.C, H = g.H, W = g.W, M = g.M, Cg = g.Cg, KH = g.KH,
          KW = g.KW, group = g.group;
  SmallVector<int64_t, 4> &strides = g.strides, &dil = g.dil, &pads = g.pads;

  std::vector<double> wdata = w->data;
  std::vector<double> bias(M, 0.0);
  if (hasInput(n, 2)) {
    const ConstTensor *bc = getConst(n.input(2));
    if (!bc || bc->data.size() != static_cast<size_t>(M))
      return fail(nodeDesc(n) + ": the bias must be a constant of " +
                  Twine(M) + " values");
    bias = bc->data;
  }

  // Fold a following inference BatchNormalization into weights and bias.
  std::string outName = n.output(0);
  if (uses.lookup(outName) == 1) {
    for (const auto &bn : model.graph().node()) {
      if (bn.op_type() != "BatchNormalization" || bn.input_size() < 5 ||
          bn.input(0) != outName)
        continue;
      const ConstTensor *sc = getConst(bn.input(1)), *bb = getConst(bn.input(2)),
                        *mean = getConst(bn.input(3)),
                        *var = getConst(bn.input(4));
      bool extraOutputs = false;
      for (int i = 1; i < bn.output_size(); ++i)
        extraOutputs |= !bn.output(i).empty() && uses.lookup(bn.output(i));
      if (!sc || !bb || !mean || !var || extraOutputs ||
          attrInt(bn, "training_mode", 0) ||
          sc->data.size() != static_cast<size_t>(M) ||
          bb->data.size() != static_cast<size_t>(M) ||
          mean->data.size() != static_cast<size_t>(M) ||
          var->data.size() != static_cast<size_t>(M))
        break;
      double eps = attrFloat(bn, "epsilon", 1e-5f);
      int64_t per = Cg * KH * KW;
      for (int64_t o = 0; o < M; ++o) {
        // In float32, as ONNX Runtime computes BatchNormalization.
        float s = static_cast<float>(sc->data[o]) /
                  std::sqrt(static_cast<float>(var->data[o]) +
                            static_cast<float>(eps));
        for (int64_t k = 0; k < per; ++k)
          wdata[o * per + k] = static_cast<float>(wdata[o * per + k]) * s;
        bias[o] = (static_cast<float>(bias[o]) -
                   static_cast<float>(mean->data[o])) *
                      s +
                  static_cast<float>(bb->data[o]);
      }
      folded.insert(&bn);
      outName = bn.output(0);
      break;
    }
  }

  int64_t extH = (KH - 1) * dil[0] + 1, extW = (KW - 1) * dil[1] + 1;
  int64_t OH = (H + pads[0] + pads[2] - extH) / strides[0] + 1;
  int64_t OW = (W + pads[1] + pads[3] - extW) / strides[1] + 1;
  if (OH < 1 || OW < 1)
    return fail(nodeDesc(n) + ": the window does not fit the input");
  if (!checkShape(outName, {N, M, OH, OW}, n))
    return false;

  Value x = get(n.input(0), kNHWC);
  SmallVector<int64_t, 4> tosaPad;
  x = fitSpatial(x, {N, H, W, C}, {pads[0], pads[1]}, {extH, extW}, strides,
                 {OH, OW}, tosaPad, nameLoc(nodeName(n) + ".crop"));
  auto attrs = [&]() -> SmallVector<NamedAttribute> {
    return {b.getNamedAttr("pad", b.getDenseI64ArrayAttr(tosaPad)),
            b.getNamedAttr("stride", b.getDenseI64ArrayAttr(strides)),
            b.getNamedAttr("dilation", b.getDenseI64ArrayAttr(dil)),
            b.getNamedAttr("acc_type", TypeAttr::get(b.getF32Type()))};
  };
  std::string name = nodeName(n);
  auto izp = [&]() { return zeroPoint(nameLoc(name + ".input_zp")); };
  auto wzp = [&]() { return zeroPoint(nameLoc(name + ".weight_zp")); };
  Value result;
  auto xsCropped = cast<RankedTensorType>(x.getType()).getShape();
  SmallVector<int64_t, 4> outShape = {N, OH, OW, M};
  // QDQ weights / bias (DequantizeLinear of integer constants, per tensor or
  // per output channel) stay integer behind a qnn.dequantize unless a
  // BatchNormalization was folded into them.
  bool bnFolded = outName != n.output(0);
  const DQConst *wq = bnFolded ? nullptr : dqConst(n.input(1));
  const DQConst *bq =
      bnFolded || !hasInput(n, 2) ? nullptr : dqConst(n.input(2));
  if (wq && wq->axis > 0)
    wq = nullptr;
  if (bq && (bq->axis > 0 || bq->bits != 32))
    bq = nullptr;
  auto biasValue = [&]() {
    if (bq)
      return dequantized(*bq, {M}, bq->q.data, 0, nameLoc(name + ".bias"));
    return constF({M}, bias, nameLoc(name + ".bias"));
  };
  if (group == 1) {
    Value wv;
    if (wq)
      wv = dequantized(*wq, {M, KH, KW, Cg},
                       permuteData(wq->q.data, {M, Cg, KH, KW}, kNHWC), 0,
                       nameLoc(name + ".weight"));
    else
      wv = constF({M, KH, KW, Cg}, permuteData(wdata, {M, Cg, KH, KW}, kNHWC),
                  nameLoc(name + ".weight"));
    Value bv = biasValue();
    result = create<tosa::Conv2DOp>(f32(outShape), {x, wv, bv, izp(), wzp()},
                                    attrs(), loc);
  } else if (Cg == 1 && group == C) {
    // Depthwise: ONNX [C*m, 1, KH, KW] -> TOSA [KH, KW, C, m]; output
    // channel c*m + j in both.
    int64_t mult = M / C;
    Value wv;
    // Per-channel parameters survive the HWCM layout for multiplier 1 only.
    if (wq && (wq->axis < 0 || mult == 1))
      wv = dequantized(*wq, {KH, KW, C, mult},
                       permuteData(wq->q.data, {C, mult, KH, KW},
                                   {2, 3, 0, 1}),
                       2, nameLoc(name + ".weight"));
    else
      wv = constF({KH, KW, C, mult},
                  permuteData(wdata, {C, mult, KH, KW}, {2, 3, 0, 1}),
                  nameLoc(name + ".weight"));
    Value bv = biasValue();
    result = create<tosa::DepthwiseConv2DOp>(
        f32(outShape), {x, wv, bv, izp(), wzp()}, attrs(), loc);
  } else {
    // Grouped: one conv per group on a channel slice, then concat.
    int64_t Mg = M / group;
    SmallVector<Value> parts;
    for (int64_t g = 0; g < group; ++g) {
      std::string gname = name + ".g" + std::to_string(g);
      Value xg = slice(x, {0, 0, 0, g * Cg},
                       {xsCropped[0], xsCropped[1], xsCropped[2], Cg},
                       nameLoc(gname + ".input"));
      // QDQ weights / bias: each group's slice stays integer behind its own
      // qnn.dequantize (for qnn-fuse-qdq, which rebuilds one grouped
      // qnn.conv2d from the per-group convs).
      auto part = [&](const DQConst &d, int64_t per) {
        DQConst p;
        p.axis = d.axis;
        p.isSigned = d.isSigned;
        p.bits = d.bits;
        p.scales = d.scales;
        p.zps = d.zps;
        if (d.axis >= 0) {
          p.scales.assign(d.scales.begin() + g * Mg,
                          d.scales.begin() + (g + 1) * Mg);
          p.zps.assign(d.zps.begin() + g * Mg, d.zps.begin() + (g + 1) * Mg);
        }
        p.q.data.assign(d.q.data.begin() + g * Mg * per,
                        d.q.data.begin() + (g + 1) * Mg * per);
        return p;
      };
      Value wv, bv;
      if (wq) {
        DQConst wg = part(*wq, Cg * KH * KW);
        wv = dequantized(wg, {Mg, KH, KW, Cg},
                         permuteData(wg.q.data, {Mg, Cg, KH, KW}, kNHWC), 0,
                         nameLoc(gname + ".weight"));
      } else {
        std::vector<double> wg(wdata.begin() + g * Mg * Cg * KH * KW,
                               wdata.begin() + (g + 1) * Mg * Cg * KH * KW);
        auto wt = permuteData(wg, {Mg, Cg, KH, KW}, kNHWC);
        wv = constF({Mg, KH, KW, Cg}, wt, nameLoc(gname + ".weight"));
      }
      if (bq) {
        DQConst bg = part(*bq, 1);
        bv = dequantized(bg, {Mg}, bg.q.data, 0, nameLoc(gname + ".bias"));
      } else {
        std::vector<double> bg(bias.begin() + g * Mg,
                               bias.begin() + (g + 1) * Mg);
        bv = constF({Mg}, bg, nameLoc(gname + ".bias"));
      }
      parts.push_back(create<tosa::Conv2DOp>(
          f32({N, OH, OW, Mg}), {xg, wv, bv, izp(), wzp()}, attrs(),
          nameLoc(gname)));
    }
    result = create<tosa::ConcatOp>(f32(outShape), parts,
                                    {b.getNamedAttr("axis",
                                                    b.getI32IntegerAttr(3))},
                                    loc);
  }
  set(outName, result, kNHWC);
  return true;
}

/// ConvTranspose (2-D, group 1, no dilation, explicit pads): TOSA's
/// transpose_conv2d computes out[i * s + k] += in[i] * w[k] with the ONNX
/// weights [C, M, KH, KW] as [M, KH, KW, C] (no flip); its full output
/// ((H - 1) * s + KH, plus output_padding past the end) is then cropped by
/// the ONNX pads with a slice.
bool Importer::convConvTranspose(const onnx::NodeProto &n) {
  std::string name = nodeName(n);
  Location loc = nameLoc(name);
  const ConstTensor *w = getConst(n.input(1));
  if (!w || !w->isFloat)
    return fail(nodeDesc(n) + ": the weights must be a float constant");
  auto xs = shapeOf(n.input(0));
  if (!xs || xs->size() != 4 || w->shape.size() != 4)
    return fail(nodeDesc(n) + ": only 2-D transposed convolutions (4-D NCHW "
                "input with a static shape) are supported");
  int64_t N = (*xs)[0], C = (*xs)[1], H = (*xs)[2], W = (*xs)[3];
  int64_t M = w->shape[1], KH = w->shape[2], KW = w->shape[3];
  if (llvm::is_contained(w->shape, 0))
    return fail(nodeDesc(n) + ": zero-size weights are not supported");
  if (attrInt(n, "group", 1) != 1)
    return fail(nodeDesc(n) + ": only group=1 is supported");
  if (w->shape[0] != C)
    return fail(nodeDesc(n) + ": the weights do not match the input channels");
  for (int64_t d : attrInts(n, "dilations"))
    if (d != 1)
      return fail(nodeDesc(n) + ": dilations are not supported");
  if (attrStr(n, "auto_pad", "NOTSET") != "NOTSET" || attr(n, "output_shape"))
    return fail(nodeDesc(n) + ": auto_pad and output_shape are not supported "
                "(give pads)");
  SmallVector<int64_t, 4> strides = attrInts(n, "strides");
  SmallVector<int64_t, 4> pads = attrInts(n, "pads");
  SmallVector<int64_t, 4> opad = attrInts(n, "output_padding");
  SmallVector<int64_t, 4> ks = attrInts(n, "kernel_shape");
  if (strides.empty())
    strides = {1, 1};
  if (pads.empty())
    pads = {0, 0, 0, 0};
  if (opad.empty())
    opad = {0, 0};
  if (strides.size() != 2 || pads.size() != 4 || opad.size() != 2 ||
      (!ks.empty() && (ks.size() != 2 || ks[0] != KH || ks[1] != KW)))
    return fail(nodeDesc(n) + ": strides / pads / output_padding / "
                "kernel_shape do not match a 2-D transposed convolution");
  for (int64_t v : pads)
    if (v < 0)
      return fail(nodeDesc(n) + ": negative pads are not supported");
  for (int64_t v : opad)
    if (v < 0)
      return fail(nodeDesc(n) + ": output_padding must be >= 0");
  std::vector<double> bias(M, 0.0);
  if (hasInput(n, 2)) {
    const ConstTensor *bc = getConst(n.input(2));
    if (!bc || bc->data.size() != static_cast<size_t>(M))
      return fail(nodeDesc(n) + ": the bias must be a constant of " +
                  Twine(M) + " values");
    bias = bc->data;
  }
  int64_t fullH = (H - 1) * strides[0] + KH, fullW = (W - 1) * strides[1] + KW;
  int64_t OH = fullH + opad[0] - pads[0] - pads[2];
  int64_t OW = fullW + opad[1] - pads[1] - pads[3];
  if (OH < 1 || OW < 1)
    return fail(nodeDesc(n) + ": the pads remove the whole output");
  if (!checkShape(n.output(0), {N, M, OH, OW}, n))
    return false;
  // Rows past the full output (output_padding beyond the end pad) come from
  // TOSA's out_pad: they hold the bias only, as in ONNX.
  int64_t extraH = std::max<int64_t>(0, opad[0] - pads[2]);
  int64_t extraW = std::max<int64_t>(0, opad[1] - pads[3]);
  Value x = get(n.input(0), kNHWC);
  Value wv = constF({M, KH, KW, C},
                    permuteData(w->data, {C, M, KH, KW}, {1, 2, 3, 0}),
                    nameLoc(name + ".weight"));
  Value bv = constF({M}, bias, nameLoc(name + ".bias"));
  SmallVector<int64_t, 4> tshape = {N, fullH + extraH, fullW + extraW, M};
  Value y = create<tosa::TransposeConv2DOp>(
      f32(tshape),
      {x, wv, bv, zeroPoint(nameLoc(name + ".input_zp")),
       zeroPoint(nameLoc(name + ".weight_zp"))},
      {b.getNamedAttr("out_pad",
                      b.getDenseI64ArrayAttr({0, extraH, 0, extraW})),
       b.getNamedAttr("stride", b.getDenseI64ArrayAttr(strides)),
       b.getNamedAttr("acc_type", TypeAttr::get(b.getF32Type()))},
      loc);
  if (OH != tshape[1] || OW != tshape[2])
    y = slice(y, {0, pads[0], pads[1], 0}, {N, OH, OW, M},
              nameLoc(name + ".crop"));
  set(n.output(0), y, kNHWC);
  return true;
}

bool Importer::convPool(const onnx::NodeProto &n, bool isMax, bool global) {
  Location loc = nameLoc(nodeName(n));
  auto xs = shapeOf(n.input(0));
  if (!xs || xs->size() != 4)
    return fail(nodeDesc(n) + ": only 2-D pooling (4-D NCHW input) is "
                "supported");
  if (n.output_size() > 1 && !n.output(1).empty())
    return fail(nodeDesc(n) + ": the Indices output is not supported");
  int64_t N = (*xs)[0], C = (*xs)[1], H = (*xs)[2], W = (*xs)[3];
  SmallVector<int64_t, 4> kernel, strides, pads;
  int64_t OH, OW;
  bool includePad = false;
  if (global) {
    kernel = {H, W};
    strides = {1, 1};
    pads = {0, 0, 0, 0};
    OH = OW = 1;
  } else {
    kernel = attrInts(n, "kernel_shape");
    strides = attrInts(n, "strides");
    if (strides.empty())
      strides = {1, 1};
    SmallVector<int64_t, 4> dil = attrInts(n, "dilations");
    if (kernel.size() != 2 || strides.size() != 2)
      return fail(nodeDesc(n) + ": kernel_shape / strides must have 2 values");
    for (int64_t d : dil)
      if (d != 1)
        return fail(nodeDesc(n) + ": dilated pooling is not supported");
    if (attrInt(n, "storage_order", 0) != 0)
      return fail(nodeDesc(n) + ": storage_order=1 is not supported");
    if (!spatialPads(n, {H, W}, kernel, strides, {1, 1}, pads))
      return false;
    includePad = !isMax && attrInt(n, "count_include_pad", 0);
    auto os = shapeOf(n.output(0));
    if (!os || os->size() != 4)
      return fail(nodeDesc(n) + ": no static output shape from ONNX shape "
                  "inference");
    OH = (*os)[2];
    OW = (*os)[3];
  }
  if (!checkShape(n.output(0), {N, C, OH, OW}, n))
    return false;
  Value x = get(n.input(0), kNHWC);
  std::string name = nodeName(n);
  if (includePad && llvm::any_of(pads, [](int64_t p) { return p > 0; })) {
    // count_include_pad: pad explicitly with zeros, then average without.
    SmallVector<int64_t, 8> padding = {0, 0, pads[0], pads[2],
                                       pads[1], pads[3], 0, 0};
    H += pads[0] + pads[2];
    W += pads[1] + pads[3];
    Location ploc = nameLoc(name + ".pad");
    x = create<tosa::PadOp>(
        f32({N, H, W, C}),
        {x, constShape(padding, ploc), constF({1}, {0.0}, ploc)}, {}, ploc);
    pads.assign(4, 0);
  }
  SmallVector<int64_t, 4> tosaPad;
  x = fitSpatial(x, {N, H, W, C}, {pads[0], pads[1]}, kernel, strides,
                 {OH, OW}, tosaPad, nameLoc(name + ".crop"));
  // TOSA pools need every pad smaller than the kernel: a larger one (big
  // pads, or ceil_mode adding a last window) has windows wholly in the
  // padding.
  for (int i = 0; i < 4; ++i)
    if (tosaPad[i] >= kernel[i / 2])
      return fail(nodeDesc(n) + ": a padding of " + Twine(tosaPad[i]) +
                  " (from pads" + (attrInt(n, "ceil_mode", 0) ? " and "
                                   "ceil_mode" : "") +
                  ") is not smaller than the kernel (" + Twine(kernel[i / 2]) +
                  "): windows lying wholly in the padding are not supported");
  SmallVector<NamedAttribute> attrs = {
      b.getNamedAttr("kernel", b.getDenseI64ArrayAttr(kernel)),
      b.getNamedAttr("stride", b.getDenseI64ArrayAttr(strides)),
      b.getNamedAttr("pad", b.getDenseI64ArrayAttr(tosaPad))};
  Value result;
  if (isMax) {
    result = create<tosa::MaxPool2dOp>(f32({N, OH, OW, C}), {x}, attrs, loc);
  } else {
    attrs.push_back(b.getNamedAttr("acc_type", TypeAttr::get(b.getF32Type())));
    result = create<tosa::AvgPool2dOp>(
        f32({N, OH, OW, C}),
        {x, zeroPoint(nameLoc(name + ".input_zp")),
         zeroPoint(nameLoc(name + ".output_zp"))},
        attrs, loc);
  }
  set(n.output(0), result, kNHWC);
  return true;
}

bool Importer::convGemm(const onnx::NodeProto &n) {
  std::string name = nodeName(n);
  Location loc = nameLoc(name);
  auto as = shapeOf(n.input(0)), bs = shapeOf(n.input(1));
  if (!as || !bs || as->size() != 2 || bs->size() != 2)
    return fail(nodeDesc(n) + ": A and B must be 2-D with static shapes");
  bool transA = attrInt(n, "transA", 0), transB = attrInt(n, "transB", 0);
  float alpha = attrFloat(n, "alpha", 1.0f), beta = attrFloat(n, "beta", 1.0f);
  int64_t M = transA ? (*as)[1] : (*as)[0], K = transA ? (*as)[0] : (*as)[1];
  int64_t N = transB ? (*bs)[0] : (*bs)[1];
  if ((transB ? (*bs)[1] : (*bs)[0]) != K)
    return fail(nodeDesc(n) + ": inner dimensions differ");
  if (!checkShape(n.output(0), {M, N}, n))
    return false;

  // A Flatten of NHWC data: multiply the NHWC rows, B's rows permuted.
  auto fit = flattened.find(n.input(0));
  bool fromNHWC =
      fit != flattened.end() && !transA && getConst(n.input(1)) != nullptr;
  Value a;
  if (fromNHWC) {
    a = reshape(fit->second.nhwc, {1, M, K}, nameLoc(name + ".a"));
  } else {
    a = get(n.input(0), {});
    if (transA)
      a = transpose(a, {1, 0}, nameLoc(name + ".transA"));
    a = reshape(a, {1, M, K}, nameLoc(name + ".a"));
  }
  Value bv;
  if (const ConstTensor *bc = getConst(n.input(1))) {
    // B as [K, N], rows in the order of A's columns.
    auto arrange = [&](ArrayRef<double> in) {
      std::vector<double> data =
          transB ? permuteData(in, bc->shape, {1, 0})
                 : std::vector<double>(in.begin(), in.end());
      if (!fromNHWC)
        return data;
      // Row k = (h * W + w) * C + c of the NHWC flattening is row
      // c * H * W + h * W + w of ONNX's.
      const FlatInfo &f = fit->second;
      std::vector<double> rows(data.size());
      for (int64_t h = 0; h < f.h; ++h)
        for (int64_t w = 0; w < f.w; ++w)
          for (int64_t c = 0; c < f.c; ++c) {
            int64_t k = (h * f.w + w) * f.c + c;
            int64_t src = c * f.h * f.w + h * f.w + w;
            std::copy(data.begin() + src * N, data.begin() + (src + 1) * N,
                      rows.begin() + k * N);
          }
      return rows;
    };
    // QDQ weights, per tensor or per column (ONNX axis 0 of a transposed
    // B, 1 otherwise): integer behind a qnn.dequantize.
    const DQConst *wq = dqConst(n.input(1));
    if (wq && (alpha != 1.0f || wq->bits != 8 ||
               (wq->axis >= 0 && wq->axis != (transB ? 0 : 1))))
      wq = nullptr;
    if (wq) {
      bv = dequantized(*wq, {1, K, N}, arrange(wq->q.data), 2,
                       nameLoc(name + ".weight"));
    } else {
      std::vector<double> data = arrange(bc->data);
      for (double &v : data)
        v = static_cast<float>(v) * alpha;
      bv = constF({1, K, N}, data, nameLoc(name + ".weight"));
    }
    alpha = 1.0f;
  } else {
    bv = get(n.input(1), {});
    if (transB)
      bv = transpose(bv, {1, 0}, nameLoc(name + ".transB"));
    bv = reshape(bv, {1, K, N}, nameLoc(name + ".b"));
  }
  Value y = create<tosa::MatMulOp>(
      f32({1, M, N}),
      {a, bv, zeroPoint(nameLoc(name + ".a_zp")),
       zeroPoint(nameLoc(name + ".b_zp"))},
      {}, loc);
  if (alpha != 1.0f)
    y = mul(y, constF({1, 1, 1}, {alpha}, nameLoc(name + ".alpha")),
            nameLoc(name + "_alpha"));
  if (hasInput(n, 2)) {
    auto cs = shapeOf(n.input(2));
    if (!cs || cs->size() > 2)
      return fail(nodeDesc(n) + ": C must have a static shape of rank <= 2");
    SmallVector<int64_t, 4> c3(3 - cs->size(), 1);
    c3.append(cs->begin(), cs->end());
    // C must broadcast to [M, N] (unidirectionally).
    if ((c3[1] != 1 && c3[1] != M) || (c3[2] != 1 && c3[2] != N))
      return fail(nodeDesc(n) + ": C of shape " + Twine(c3[1]) + "x" +
                  Twine(c3[2]) + " does not broadcast to the output " +
                  Twine(M) + "x" + Twine(N));
    Value cv;
    const DQConst *cq = dqConst(n.input(2));
    if (cq && beta == 1.0f && cq->bits == 32 && cs->size() == 1 &&
        cq->axis <= 0) {
      // A QDQ bias (int32, per tensor or per column).
      cv = dequantized(*cq, c3, cq->q.data, 2, nameLoc(name + ".bias"));
    } else if (const ConstTensor *cc = getConst(n.input(2))) {
      std::vector<double> data = cc->data;
      for (double &v : data)
        v = static_cast<float>(v) * beta;
      cv = constF(c3, data, nameLoc(name + ".bias"));
    } else {
      cv = reshape(get(n.input(2), {}), c3, nameLoc(name + ".c"));
      if (beta != 1.0f)
        cv = mul(cv, constF({1, 1, 1}, {beta}, nameLoc(name + ".beta")),
                 nameLoc(name + "_beta"));
    }
    y = create<tosa::AddOp>(f32({1, M, N}), {y, cv}, {},
                            nameLoc(name + "_bias"));
  }
  set(n.output(0), reshape(y, {M, N}, nameLoc(name + ".out")), {});
  return true;
}

bool Importer::convMatMul(const onnx::NodeProto &n) {
  std::string name = nodeName(n);
  Location loc = nameLoc(name);
  auto as = shapeOf(n.input(0)), bs = shapeOf(n.input(1)),
       os = shapeOf(n.output(0));
  if (!as || !bs || !os || as->size() < 2 || bs->size() < 2)
    return fail(nodeDesc(n) + ": operands must have static shapes of rank >= "
                "2");
  if (llvm::is_contained(*as, 0) || llvm::is_contained(*bs, 0))
    return fail(nodeDesc(n) + ": zero-size operands are not supported");
  int64_t K = as->back(), N = bs->back();
  Value a = get(n.input(0), {}), bv = get(n.input(1), {});
  Value y;
  if (bs->size() == 2) {
    // [..., M, K] x [K, N]: fold the leading dims of A into M.
    int64_t M = product(*as) / K;
    a = reshape(a, {1, M, K}, nameLoc(name + ".a"));
    const DQConst *wq = dqConst(n.input(1));
    if (wq && wq->bits == 8 && (wq->axis < 0 || wq->axis == 1))
      bv = dequantized(*wq, {1, K, N}, wq->q.data, 2,
                       nameLoc(name + ".weight"));
    else if (getConst(n.input(1)))
      bv = constF({1, K, N}, getConst(n.input(1))->data,
                  nameLoc(name + ".weight"));
    else
      bv = reshape(bv, {1, K, N}, nameLoc(name + ".b"));
    y = create<tosa::MatMulOp>(f32({1, M, N}),
                               {a, bv, zeroPoint(nameLoc(name + ".a_zp")),
                                zeroPoint(nameLoc(name + ".b_zp"))},
                               {}, loc);
  } else if (as->size() == bs->size() &&
             ArrayRef<int64_t>(*as).drop_back(2) ==
                 ArrayRef<int64_t>(*bs).drop_back(2)) {
    int64_t M = (*as)[as->size() - 2];
    int64_t B = product(*as) / (M * K);
    a = reshape(a, {B, M, K}, nameLoc(name + ".a"));
    bv = reshape(bv, {B, K, N}, nameLoc(name + ".b"));
    y = create<tosa::MatMulOp>(f32({B, M, N}),
                               {a, bv, zeroPoint(nameLoc(name + ".a_zp")),
                                zeroPoint(nameLoc(name + ".b_zp"))},
                               {}, loc);
  } else {
    return fail(nodeDesc(n) + ": only [..., M, K] x [K, N] and equal batch "
                "dimensions are supported");
  }
  set(n.output(0), reshape(y, *os, nameLoc(name + ".out")), {});
  return true;
}

bool Importer::convBinary(const onnx::NodeProto &n) {
  std::string name = nodeName(n);
  Location loc = nameLoc(name);
  auto os = shapeOf(n.output(0));
  if (!os)
    return fail(nodeDesc(n) + ": no static output shape from ONNX shape "
                "inference");
  size_t rank = os->size();
  // The layout: that of an activation operand of full rank, else ONNX order.
  Perm perm = identityPerm(rank);
  for (int i = 0; i < 2; ++i) {
    if (getConst(n.input(i)))
      continue;
    auto s = shapeOf(n.input(i));
    Perm p = primaryPerm(n.input(i));
    if (s && s->size() == rank && !p.empty()) {
      perm = p;
      break;
    }
  }
  bool isDiv = n.op_type() == "Div";
  Value ops[2];
  for (int i = 0; i < 2; ++i) {
    auto s = shapeOf(n.input(i));
    if (!s)
      return fail(nodeDesc(n) + ": operand without a static shape");
    SmallVector<int64_t, 4> full(rank - s->size(), 1);
    full.append(s->begin(), s->end());
    if (const ConstTensor *c = getConst(n.input(i))) {
      std::vector<double> data = c->data;
      if (isDiv && i == 1)
        for (double &v : data)
          v = 1.0f / static_cast<float>(v);
      ops[i] = constF(permuteShape(full, perm), permuteData(data, full, perm),
                      nameLoc(n.input(i)));
    } else if (s->size() == rank) {
      ops[i] = get(n.input(i), perm);
      if (!ops[i])
        return fail(nodeDesc(n) + ": operand '" + n.input(i) +
                    "' has inconsistent shapes");
    } else {
      Value v = reshape(get(n.input(i), {}), full,
                        nameLoc(name + ".broadcast" + std::to_string(i)));
      ops[i] = isIdentityPermutation(perm)
                   ? v
                   : transpose(v, perm, nameLoc(name + ".layout"));
    }
    if (isDiv && i == 1 && !getConst(n.input(i)))
      ops[i] = create<tosa::ReciprocalOp>(ops[i].getType(), {ops[i]}, {},
                                          nameLoc(name + ".reciprocal"));
  }
  auto outType = f32(permuteShape(*os, perm));
  Value y;
  const std::string &op = n.op_type();
  if (op == "Add")
    y = create<tosa::AddOp>(outType, {ops[0], ops[1]}, {}, loc);
  else if (op == "Sub")
    y = create<tosa::SubOp>(outType, {ops[0], ops[1]}, {}, loc);
  else
    y = mul(ops[0], ops[1], loc);
  set(n.output(0), y, isIdentityPermutation(perm) ? Perm() : perm);
  return true;
}

bool Importer::convUnary(const onnx::NodeProto &n) {
  std::string name = nodeName(n);
  Location loc = nameLoc(name);
  const std::string &op = n.op_type();
  if (!known(n.input(0)))
    return fail(nodeDesc(n) + ": unknown input '" + n.input(0) + "'");
  Val in = primary(n.input(0));
  Value x = in.v;
  Type t = x.getType();
  Value y;
  if (op == "Identity" || op == "Dropout") {
    if (op == "Dropout" && n.output_size() > 1 && !n.output(1).empty() &&
        uses.lookup(n.output(1)))
      return fail(nodeDesc(n) + ": the mask output is not supported");
    y = x;
  } else if (op == "Relu") {
    y = clamp(x, 0.0f, FLT_MAX, loc);
  } else if (op == "Clip") {
    float lo = -FLT_MAX, hi = FLT_MAX;
    for (int i = 1; i <= 2; ++i) {
      if (!hasInput(n, i))
        continue;
      const ConstTensor *c = getConst(n.input(i));
      if (!c || c->data.size() != 1)
        return fail(nodeDesc(n) + ": min / max must be scalar constants");
      (i == 1 ? lo : hi) = static_cast<float>(c->data[0]);
    }
    if (std::isnan(lo) || std::isnan(hi))
      return fail(nodeDesc(n) + ": min / max must not be NaN");
    if (lo > hi) {
      char buf[96];
      std::snprintf(buf, sizeof(buf), "min (%g) is greater than max (%g)",
                    lo, hi);
      return fail(nodeDesc(n) + ": " + buf + ", which is not supported");
    }
    y = clamp(x, lo, hi, loc);
  } else if (op == "Sigmoid") {
    y = create<tosa::SigmoidOp>(t, {x}, {}, loc);
  } else if (op == "Tanh") {
    y = create<tosa::TanhOp>(t, {x}, {}, loc);
  } else if (op == "LeakyRelu") {
    float alpha = attrFloat(n, "alpha", 0.01f);
    size_t rank = cast<RankedTensorType>(t).getRank();
    SmallVector<int64_t, 4> ones(rank, 1);
    Value ax = mul(x, constF(ones, {alpha}, nameLoc(name + ".alpha")),
                   nameLoc(name + ".scaled"));
    y = alpha <= 1.0f ? create<tosa::MaximumOp>(t, {x, ax}, {}, loc)
                      : create<tosa::MinimumOp>(t, {x, ax}, {}, loc);
  } else if (op == "HardSigmoid" || op == "HardSwish") {
    bool swish = op == "HardSwish";
    float alpha = swish ? 1.0f / 6.0f : attrFloat(n, "alpha", 0.2f);
    float beta = swish ? 0.5f : attrFloat(n, "beta", 0.5f);
    size_t rank = cast<RankedTensorType>(t).getRank();
    SmallVector<int64_t, 4> ones(rank, 1);
    Value ax = mul(x, constF(ones, {alpha}, nameLoc(name + ".alpha")),
                   nameLoc(name + ".scaled"));
    Value axb = create<tosa::AddOp>(
        t, {ax, constF(ones, {beta}, nameLoc(name + ".beta"))}, {},
        nameLoc(name + ".shifted"));
    y = clamp(axb, 0.0f, 1.0f, swish ? nameLoc(name + ".gate") : loc);
    if (swish)
      y = mul(x, y, loc);
  } else {
    return fail(nodeDesc(n) + ": not handled");
  }
  if (auto s = shapeOf(n.output(0))) {
    auto phys = cast<RankedTensorType>(t).getShape();
    if (permuteShape(*s, normalize(in.perm, s->size())) != phys)
      return fail(nodeDesc(n) + ": the output shape differs from the input's");
  }
  set(n.output(0), y, in.perm);
  return true;
}

bool Importer::convReshapeLike(const onnx::NodeProto &n) {
  auto os = shapeOf(n.output(0));
  if (!os)
    return fail(nodeDesc(n) + ": no static output shape from ONNX shape "
                "inference (only static reshapes are supported)");
  // ONNX 1.12 keeps a graph output's declared shape even when inference
  // disagrees (found by fuzz/: a Squeeze of 3x7x4 declared 3x7).
  if (auto in = shapeOf(n.input(0)); in && product(*in) != product(*os))
    return fail(nodeDesc(n) + ": the output shape has " +
                Twine(product(*os)) + " elements, the input " +
                Twine(product(*in)) + " (the model's shapes are "
                "inconsistent)");
  if (const ConstTensor *c = getConst(n.input(0))) {
    ConstTensor r = *c;
    r.shape = *os;
    consts[n.output(0)] = std::move(r);
    return true;
  }
  auto xs = shapeOf(n.input(0));
  if (n.op_type() == "Flatten" && xs && xs->size() == 4 && os->size() == 2 &&
      (*os)[0] == (*xs)[0] && primaryPerm(n.input(0)) == kNHWC &&
      (*xs)[2] * (*xs)[3] > 1) {
    flattened[n.output(0)] = FlatInfo{get(n.input(0), kNHWC), (*xs)[0],
                                      (*xs)[1], (*xs)[2], (*xs)[3]};
    return true;
  }
  Value x = get(n.input(0), {});
  set(n.output(0), reshape(x, *os, nameLoc(nodeName(n))), {});
  return true;
}

bool Importer::convTranspose(const onnx::NodeProto &n) {
  auto xs = shapeOf(n.input(0));
  if (!xs)
    return fail(nodeDesc(n) + ": input without a static shape");
  size_t rank = xs->size();
  SmallVector<int64_t, 4> q = attrInts(n, "perm");
  if (q.empty())
    for (int64_t i = rank - 1; i >= 0; --i)
      q.push_back(i);
  if (q.size() != rank)
    return fail(nodeDesc(n) + ": perm does not match the input's rank");
  if (const ConstTensor *c = getConst(n.input(0))) {
    ConstTensor r;
    r.isFloat = c->isFloat;
    r.shape = permuteShape(c->shape, q);
    r.data = permuteData(c->data, c->shape, q);
    consts[n.output(0)] = std::move(r);
    return true;
  }
  // No op: the output is the same value in another layout.
  // phys[k] = in[P[k]] and in[j] = out[Qinv[j]], so phys[k] = out[Qinv[P[k]]].
  Val in = primary(n.input(0));
  Perm p = normalize(in.perm, rank), qinv = inverse(q), r;
  for (size_t k = 0; k < rank; ++k)
    r.push_back(qinv[p[k]]);
  set(n.output(0), in.v, isIdentityPermutation(r) ? Perm() : r);
  return true;
}

bool Importer::convConcat(const onnx::NodeProto &n) {
  auto os = shapeOf(n.output(0));
  if (!os)
    return fail(nodeDesc(n) + ": no static output shape");
  size_t rank = os->size();
  int64_t axis = attrInt(n, "axis", 0);
  if (axis < 0)
    axis += rank;
  // ONNX 1.12's inference truncates the axis to int (found by fuzz/).
  if (axis < 0 || axis >= static_cast<int64_t>(rank))
    return fail(nodeDesc(n) + ": axis out of range");
  Perm perm = identityPerm(rank);
  for (const auto &in : n.input())
    if (!getConst(in) && !primaryPerm(in).empty()) {
      perm = primaryPerm(in);
      break;
    }
  SmallVector<Value> ins;
  for (const auto &in : n.input())
    ins.push_back(get(in, perm));
  int64_t physAxis = inverse(perm)[axis];
  Value y = create<tosa::ConcatOp>(
      f32(permuteShape(*os, perm)), ins,
      {b.getNamedAttr("axis", b.getI32IntegerAttr(physAxis))},
      nameLoc(nodeName(n)));
  set(n.output(0), y, isIdentityPermutation(perm) ? Perm() : perm);
  return true;
}

bool Importer::convBatchNorm(const onnx::NodeProto &n) {
  std::string name = nodeName(n);
  auto xs = shapeOf(n.input(0));
  if (!xs || xs->size() < 2)
    return fail(nodeDesc(n) + ": input without a static shape");
  if (attrInt(n, "training_mode", 0))
    return fail(nodeDesc(n) + ": training_mode=1 is not supported");
  for (int i = 1; i < n.output_size(); ++i)
    if (!n.output(i).empty() && uses.lookup(n.output(i)))
      return fail(nodeDesc(n) + ": training outputs are not supported");
  int64_t C = (*xs)[1];
  const ConstTensor *sc = getConst(n.input(1)), *bb = getConst(n.input(2)),
                    *mean = getConst(n.input(3)), *var = getConst(n.input(4));
  if (!sc || !bb || !mean || !var)
    return fail(nodeDesc(n) + ": scale, B, mean and var must be constants");
  for (const ConstTensor *p : {sc, bb, mean, var})
    if (static_cast<int64_t>(p->data.size()) != C)
      return fail(nodeDesc(n) + ": scale, B, mean and var must have " +
                  Twine(C) + " elements (the input's channels)");
  float eps = attrFloat(n, "epsilon", 1e-5f);
  std::vector<double> s(C), t(C);
  for (int64_t c = 0; c < C; ++c) {
    float sv = static_cast<float>(sc->data[c]) /
               std::sqrt(static_cast<float>(var->data[c]) + eps);
    s[c] = sv;
    t[c] = static_cast<float>(bb->data[c]) -
           static_cast<float>(mean->data[c]) * sv;
  }
  Val in = primary(n.input(0));
  Perm perm = normalize(in.perm, xs->size());
  SmallVector<int64_t, 4> cshape(xs->size(), 1);
  cshape[1] = C;
  auto pshape = permuteShape(cshape, perm);
  Value y = mul(in.v, constF(pshape, s, nameLoc(name + ".scale")),
                nameLoc(name + ".mul"));
  y = create<tosa::AddOp>(y.getType(),
                          {y, constF(pshape, t, nameLoc(name + ".shift"))}, {},
                          nameLoc(name));
  set(n.output(0), y, in.perm);
  return true;
}

bool Importer::convSoftmax(const onnx::NodeProto &n) {
  std::string name = nodeName(n);
  auto xs = shapeOf(n.input(0));
  if (!xs)
    return fail(nodeDesc(n) + ": input without a static shape");
  int64_t rank = xs->size();
  int64_t axis = attrInt(n, "axis", opset >= 13 ? -1 : 1);
  if (axis < 0)
    axis += rank;
  // ONNX 1.12's inference truncates the axis to int (found by fuzz/).
  if (axis < 0 || axis >= rank)
    return fail(nodeDesc(n) + ": axis out of range");
  Value x;
  Perm perm;
  int64_t physAxis;
  SmallVector<int64_t, 4> shape;
  if (opset >= 13 || axis == rank - 1) {
    Val in = primary(n.input(0));
    x = in.v;
    perm = in.perm;
    physAxis = inverse(normalize(perm, rank))[axis];
    shape.assign(cast<RankedTensorType>(x.getType()).getShape().begin(),
                 cast<RankedTensorType>(x.getType()).getShape().end());
  } else {
    // Opset < 13: softmax over the flattened dims from `axis` on.
    int64_t outer = product(ArrayRef<int64_t>(*xs).take_front(axis));
    shape = {outer, product(*xs) / outer};
    x = reshape(get(n.input(0), {}), shape, nameLoc(name + ".2d"));
    physAxis = 1;
  }
  Type t = x.getType();
  SmallVector<int64_t, 4> red = shape;
  red[physAxis] = 1;
  auto axisAttr = b.getNamedAttr("axis", b.getI32IntegerAttr(physAxis));
  Value mx = create<tosa::ReduceMaxOp>(f32(red), {x}, {axisAttr},
                                       nameLoc(name + ".max"));
  Value d = create<tosa::SubOp>(t, {x, mx}, {}, nameLoc(name + ".sub"));
  Value e = create<tosa::ExpOp>(t, {d}, {}, nameLoc(name + ".exp"));
  Value s = create<tosa::ReduceSumOp>(f32(red), {e}, {axisAttr},
                                      nameLoc(name + ".sum"));
  Value r = create<tosa::ReciprocalOp>(f32(red), {s}, {},
                                       nameLoc(name + ".reciprocal"));
  Value y = mul(e, r, nameLoc(name));
  if (opset < 13 && axis != rank - 1) {
    set(n.output(0), reshape(y, *xs, nameLoc(name + ".out")), {});
    return true;
  }
  set(n.output(0), y, perm);
  return true;
}

bool Importer::convConstant(const onnx::NodeProto &n) {
  ConstTensor c;
  if (const auto *a = attr(n, "value")) {
    if (!readTensor(a->t(), c))
      return false;
  } else if (const auto *a = attr(n, "value_float")) {
    c.data = {a->f()};
  } else if (const auto *a = attr(n, "value_floats")) {
    c.shape = {a->floats_size()};
    c.data.assign(a->floats().begin(), a->floats().end());
  } else if (const auto *a = attr(n, "value_int")) {
    c.isFloat = false;
    c.data = {static_cast<double>(a->i())};
  } else if (const auto *a = attr(n, "value_ints")) {
    c.isFloat = false;
    c.shape = {a->ints_size()};
    c.data.assign(a->ints().begin(), a->ints().end());
  } else {
    return fail(nodeDesc(n) + ": only value / value_float(s) / value_int(s) "
                "are supported");
  }
  consts[n.output(0)] = std::move(c);
  return true;
}

bool Importer::convQDQ(const onnx::NodeProto &n, bool quantize) {
  std::string name = nodeName(n);
  auto xs = shapeOf(n.input(0));
  if (!xs)
    return fail(nodeDesc(n) + ": input without a static shape");
  const ConstTensor *sc = getConst(n.input(1));
  const ConstTensor *zp = hasInput(n, 2) ? getConst(n.input(2)) : nullptr;
  if (!sc || (hasInput(n, 2) && !zp))
    return fail(nodeDesc(n) + ": scale and zero point must be constants");
  const ConstTensor *cin = getConst(n.input(0));
  // DequantizeLinear reads x's type; without a zero point it is uint8 for a
  // QuantizeLinear.
  int32_t zpType = zp ? zp->dtype
                      : (!quantize && cin ? cin->dtype
                                          : onnx::TensorProto::UINT8);
  // An int32 constant (a QDQ model's bias) may be dequantized.
  bool int32Const = !quantize && cin && zpType == onnx::TensorProto::INT32 &&
                    cin->dtype == onnx::TensorProto::INT32;
  if (!int32Const && zpType != onnx::TensorProto::INT8 &&
      zpType != onnx::TensorProto::UINT8)
    return fail(nodeDesc(n) + ": only int8 / uint8 quantization (and int32 "
                "constants through DequantizeLinear) is supported");
  bool isSigned = zpType == onnx::TensorProto::INT8;
  int64_t rank = xs->size();
  int64_t axis = -1;
  // One scale (a scalar or a 1-element 1-D tensor, as ONNX Runtime emits
  // for biases) is per tensor.
  if (sc->data.size() > 1) {
    if (sc->shape.size() == 1 && rank > 0) {
      axis = attrInt(n, "axis", 1);
      if (axis < 0)
        axis += rank;
      if (axis < 0 || axis >= rank ||
          sc->data.size() != static_cast<size_t>((*xs)[axis]))
        return fail(nodeDesc(n) + ": per-axis scales do not match the axis");
    } else if (sc->data.size() != 1) {
      return fail(nodeDesc(n) + ": scale must be a scalar or 1-D");
    }
  }
  size_t count = sc->data.size();
  if (zp && zp->data.size() != count)
    return fail(nodeDesc(n) + ": scale and zero point differ in size");
  SmallVector<double> scales;
  SmallVector<int64_t> zps;
  for (size_t i = 0; i < count; ++i) {
    // ONNX scales are float32.
    scales.push_back(static_cast<float>(sc->data[i]));
    zps.push_back(zp ? static_cast<int64_t>(zp->data[i]) : 0);
    if (!(scales.back() > 0) || !std::isfinite(scales.back()))
      return fail(nodeDesc(n) + ": scales must be positive and finite");
  }
  int64_t qmin = isSigned ? -128 : 0, qmax = isSigned ? 127 : 255;
  auto channel = [&](int64_t flat) -> size_t {
    if (axis < 0)
      return 0;
    int64_t inner = product(ArrayRef<int64_t>(*xs).drop_front(axis + 1));
    return (flat / inner) % (*xs)[axis];
  };

  // Constant input: folded at import (int8 weights -> float weights).
  if (const ConstTensor *c = getConst(n.input(0))) {
    ConstTensor r;
    r.shape = c->shape;
    r.data.resize(c->data.size());
    for (size_t i = 0; i < c->data.size(); ++i) {
      size_t ch = channel(i);
      if (quantize) {
        double q = std::nearbyint(static_cast<float>(c->data[i]) /
                                  static_cast<float>(scales[ch])) +
                   zps[ch];
        r.data[i] = std::min<double>(std::max<double>(q, qmin), qmax);
      } else {
        r.data[i] = static_cast<float>(c->data[i] - zps[ch]) *
                    static_cast<float>(scales[ch]);
      }
    }
    r.isFloat = !quantize;
    r.dtype = quantize ? zpType : onnx::TensorProto::FLOAT;
    consts[n.output(0)] = std::move(r);
    if (!quantize && !c->isFloat) {
      DQConst d;
      d.q = *c;
      d.scales = scales;
      d.zps = zps;
      d.axis = axis;
      d.isSigned = zpType != onnx::TensorProto::UINT8;
      d.bits = int32Const ? 32 : 8;
      dqConsts[n.output(0)] = std::move(d);
    }
    return true;
  }

  Val in = primary(n.input(0));
  Perm perm = normalize(in.perm, rank);
  int64_t physAxis = axis < 0 ? -1 : inverse(perm)[axis];
  auto params = qnn::QuantParamsAttr::get(ctx, scales, zps, physAxis, 8,
                                          isSigned, false);
  auto shape = cast<RankedTensorType>(in.v.getType()).getShape();
  Value y;
  if (quantize) {
    if (!cast<RankedTensorType>(in.v.getType()).getElementType().isF32())
      return fail(nodeDesc(n) + ": the input must be float");
    y = qnn::QuantizeOp::create(
            b, nameLoc(name), RankedTensorType::get(shape, b.getI8Type()),
            in.v, params)
            .getResult();
  } else {
    if (!cast<RankedTensorType>(in.v.getType()).getElementType().isInteger(8))
      return fail(nodeDesc(n) + ": the input must be an 8-bit integer tensor");
    y = qnn::DequantizeOp::create(b, nameLoc(name), f32(shape), in.v, params)
            .getResult();
  }
  set(n.output(0), y, in.perm);
  return true;
}

/// DynamicQuantizeLinear (uint8), as ONNX Runtime computes it: the range
/// [min(x, 0), max(x, 0)] gives y_scale = (max - min) / 255 (1 when the range
/// is empty), y_zero_point = round_half_even(clamp(-min / y_scale, 0, 255))
/// and y = clamp(round_half_even(x / y_scale) + y_zero_point, 0, 255). The
/// divisions are exact float32 divisions (`arith.divf`), not multiplications
/// by a reciprocal, so y is bit-exact; the float -> int `tosa.cast` rounds
/// half to even. y (uint8) is stored in an i8 tensor, y_zero_point too.
bool Importer::convDynamicQuantize(const onnx::NodeProto &n) {
  std::string name = nodeName(n);
  auto xs = shapeOf(n.input(0));
  if (!xs)
    return fail(nodeDesc(n) + ": input without a static shape");
  if (getConst(n.input(0)))
    return fail(nodeDesc(n) + ": a constant input is not supported");
  Val in = primary(n.input(0));
  auto xt = cast<RankedTensorType>(in.v.getType());
  if (!xt.getElementType().isF32())
    return fail(nodeDesc(n) + ": the input must be float32");
  auto shape = xt.getShape();
  int64_t rank = shape.size();
  int64_t count = product(*xs);
  if (count <= 0)
    return fail(nodeDesc(n) + ": empty input");
  auto loc = [&](const char *suffix) { return nameLoc(name + suffix); };
  auto i32 = [&](ArrayRef<int64_t> s) {
    return RankedTensorType::get(s, b.getI32Type());
  };
  auto i8 = [&](ArrayRef<int64_t> s) {
    return RankedTensorType::get(s, b.getI8Type());
  };
  auto i1 = [&](ArrayRef<int64_t> s) {
    return RankedTensorType::get(s, b.getI1Type());
  };
  auto axis0 = b.getNamedAttr("axis", b.getI32IntegerAttr(0));
  Value flat = reshape(in.v, {count}, loc(".flat"));
  Value mn = create<tosa::ReduceMinOp>(f32({1}), {flat}, {axis0}, loc(".min"));
  Value mx = create<tosa::ReduceMaxOp>(f32({1}), {flat}, {axis0}, loc(".max"));
  Value zero = constF({1}, {0.0}, loc(".zero"));
  mn = create<tosa::MinimumOp>(f32({1}), {mn, zero}, {}, loc(".min0"));
  mx = create<tosa::MaximumOp>(f32({1}), {mx, zero}, {}, loc(".max0"));
  Value range = create<tosa::SubOp>(f32({1}), {mx, mn}, {}, loc(".range"));
  Value q255 = constF({1}, {255.0}, loc(".qrange"));
  Value sc = arith::DivFOp::create(b, loc(".div"), range, q255).getResult();
  Value empty = create<tosa::EqualOp>(i1({1}), {mx, mn}, {}, loc(".empty"));
  Value one = constF({1}, {1.0}, loc(".one"));
  sc = create<tosa::SelectOp>(f32({1}), {empty, one, sc}, {}, loc(".scale"));
  // zero point: qmin - min / scale, clamped, rounded half to even.
  Value zpf = arith::DivFOp::create(b, loc(".zpdiv"), mn, sc).getResult();
  zpf = create<tosa::SubOp>(f32({1}), {zero, zpf}, {}, loc(".zpneg"));
  zpf = clamp(zpf, 0.0f, 255.0f, loc(".zpclamp"));
  Value zp = create<tosa::CastOp>(i32({1}), {zpf}, {}, loc(".zp"));
  // y = clamp(round(x / scale) + zp, 0, 255).
  SmallVector<int64_t, 4> ones(rank, 1);
  Value scB = reshape(sc, ones, loc(".scale_b"));
  Value scT = create<tosa::TileOp>(
      f32(shape), {scB, constShape(shape, loc(".tile_shape"))}, {},
      loc(".scale_tile"));
  Value d = arith::DivFOp::create(b, loc(".xdiv"), in.v, scT).getResult();
  Value r = create<tosa::CastOp>(i32(shape), {d}, {}, loc(".round"));
  Value zpB = reshape(zp, ones, loc(".zp_b"));
  Value s = create<tosa::AddOp>(i32(shape), {r, zpB}, {}, loc(".add"));
  s = create<tosa::ClampOp>(
      i32(shape), {s},
      {b.getNamedAttr("min_val", b.getI32IntegerAttr(0)),
       b.getNamedAttr("max_val", b.getI32IntegerAttr(255))},
      loc(".clamp"));
  Value y = create<tosa::CastOp>(i8(shape), {s}, {}, nameLoc(name));
  set(n.output(0), y, in.perm);
  if (n.output_size() > 1 && !n.output(1).empty())
    set(n.output(1), reshape(sc, {}, loc(".y_scale")), {});
  if (n.output_size() > 2 && !n.output(2).empty()) {
    Value zp8 = create<tosa::CastOp>(i8({1}), {zp}, {}, loc(".zp8"));
    set(n.output(2), reshape(zp8, {}, loc(".y_zero_point")), {});
  }
  return true;
}

// ===------------------------------------------------------------------=== //
// Quantized compute: QLinearConv, ConvInteger, QLinearMatMul, MatMulInteger
// ===------------------------------------------------------------------=== //

Value Importer::dequantized(const DQConst &d, ArrayRef<int64_t> shape,
                            ArrayRef<double> ints, int64_t axis,
                            Location loc) {
  Value q = constInt(shape, ints, d.bits,
                     nameLoc(cast<NameLoc>(loc).getName().getValue() +
                             ".quantized"));
  auto params = qnn::QuantParamsAttr::get(ctx, d.scales, d.zps,
                                          d.axis < 0 ? -1 : axis, d.bits,
                                          d.isSigned, false);
  return qnn::DequantizeOp::create(b, loc, f32(shape), q, params).getResult();
}

Value Importer::constInt(ArrayRef<int64_t> shape, ArrayRef<double> data,
                         unsigned bits, Location loc) {
  auto type = RankedTensorType::get(shape, b.getIntegerType(bits));
  SmallVector<APInt> v;
  v.reserve(data.size());
  for (double d : data)
    v.push_back(APInt(bits, static_cast<uint64_t>(static_cast<int64_t>(d)),
                      /*isSigned=*/true, /*implicitTrunc=*/true));
  auto attr = DenseElementsAttr::get(type, v);
  return tosa::ConstOp::create(b, loc, type, cast<ElementsAttr>(attr))
      .getResult();
}

bool Importer::quantOperand(const onnx::NodeProto &n, int scaleIdx, int zpIdx,
                            const std::string &what, int32_t dflt,
                            SmallVector<double> &scales,
                            SmallVector<int64_t> &zps, bool &isSigned) {
  scales.clear();
  zps.clear();
  if (scaleIdx >= 0) {
    const ConstTensor *sc = hasInput(n, scaleIdx) ? getConst(n.input(scaleIdx))
                                                  : nullptr;
    if (!sc || sc->shape.size() > 1 || sc->data.empty())
      return fail(nodeDesc(n) + ": " + what + " scale must be a constant "
                  "scalar or 1-D tensor");
    for (double d : sc->data) {
      // ONNX scales are float32.
      scales.push_back(static_cast<float>(d));
      if (!(scales.back() > 0) || !std::isfinite(scales.back()))
        return fail(nodeDesc(n) + ": " + what +
                    " scales must be positive and finite");
    }
  }
  int32_t type = dflt;
  if (zpIdx >= 0 && hasInput(n, zpIdx)) {
    const ConstTensor *zp = getConst(n.input(zpIdx));
    if (!zp || zp->shape.size() > 1 || zp->data.empty())
      return fail(nodeDesc(n) + ": " + what + " zero point must be a "
                  "constant scalar or 1-D tensor");
    type = zp->dtype;
    for (double d : zp->data)
      zps.push_back(static_cast<int64_t>(d));
  }
  if (type != onnx::TensorProto::INT8 && type != onnx::TensorProto::UINT8)
    return fail(nodeDesc(n) + ": " + what + " must be int8 or uint8");
  isSigned = type == onnx::TensorProto::INT8;
  if (zps.empty())
    zps.push_back(0);
  return true;
}

/// Scales of the int32 accumulator of a QLinearConv / QLinearMatMul, one per
/// weight scale: x_scale * w_scale, chosen so that the requantize ratio
/// `acc_scale / y_scale` (a double division) is ONNX Runtime's float32
/// multiplier `(x_scale * w_scale) / y_scale` (two float32 roundings).
/// Each scale differs from the product x_scale * w_scale by at most a few
/// float32 ulps; the requantize then rounds `acc * multiplier` once, where ONNX
/// Runtime also rounds the float32 product before rounding to an integer.
static SmallVector<double> accumulatorScales(double xScale,
                                             ArrayRef<double> wScales,
                                             double yScale) {
  SmallVector<double> out;
  for (double ws : wScales) {
    float mul = static_cast<float>(xScale) * static_cast<float>(ws);
    float ratio = mul / static_cast<float>(yScale);
    out.push_back(static_cast<double>(ratio) * yScale);
  }
  return out;
}

/// The element type ONNX gives a tensor (0 when unknown).
static int32_t constOrValueType(const ConstTensor *c, int32_t fromInfo) {
  return c ? c->dtype : fromInfo;
}

bool Importer::convQConv(const onnx::NodeProto &n, bool qlinear) {
  std::string name = nodeName(n);
  Location loc = nameLoc(name);
  // QLinearConv: x, x_scale, x_zp, w, w_scale, w_zp, y_scale, y_zp, [B].
  // ConvInteger: x, w, [x_zp], [w_zp].
  int wIdx = qlinear ? 3 : 1;
  const ConstTensor *w = getConst(n.input(wIdx));
  if (!w || w->isFloat)
    return fail(nodeDesc(n) + ": the weights must be an int8 / uint8 "
                "constant");
  ConvGeometry g;
  if (!convGeometry(n, *w, g))
    return false;
  int64_t N = g.N, H = g.H, W = g.W, M = g.M, Cg = g.Cg, KH = g.KH,
          KW = g.KW, group = g.group;
  SmallVector<int64_t, 4> &strides = g.strides, &dil = g.dil, &pads = g.pads;
  int64_t extH = (KH - 1) * dil[0] + 1, extW = (KW - 1) * dil[1] + 1;
  int64_t OH = (H + pads[0] + pads[2] - extH) / strides[0] + 1;
  int64_t OW = (W + pads[1] + pads[3] - extW) / strides[1] + 1;
  if (OH < 1 || OW < 1)
    return fail(nodeDesc(n) + ": the window does not fit the input");
  if (!checkShape(n.output(0), {N, M, OH, OW}, n))
    return false;

  SmallVector<double> xScales, wScales, yScales;
  SmallVector<int64_t> xZps, wZps, yZps;
  bool xSigned, wSigned, ySigned = false;
  int32_t xType = constOrValueType(getConst(n.input(0)),
                                   elemTypes.lookup(n.input(0)));
  // ConvInteger's x_zero_point may be computed (DynamicQuantizeLinear).
  bool rtXZp = !qlinear && hasInput(n, 2) && !getConst(n.input(2));
  if (rtXZp && !xType)
    xType = elemTypes.lookup(n.input(2));
  if (!quantOperand(n, qlinear ? 1 : -1, rtXZp ? -1 : 2, "x", xType, xScales,
                    xZps, xSigned) ||
      !quantOperand(n, qlinear ? 4 : -1, qlinear ? 5 : 3, "w", w->dtype,
                    wScales, wZps, wSigned) ||
      (qlinear && !quantOperand(n, 6, 7, "y", onnx::TensorProto::UINT8,
                                yScales, yZps, ySigned)))
    return false;
  if ((wSigned ? onnx::TensorProto::INT8 : onnx::TensorProto::UINT8) !=
      w->dtype)
    return fail(nodeDesc(n) + ": w and its zero point differ in type");
  if (!checkQuantParams(n, /*conv=*/true, M, xScales, xZps, wScales, wZps,
                        yScales, yZps))
    return false;

  std::optional<std::vector<double>> bias;
  if (qlinear && hasInput(n, 8)) {
    const ConstTensor *bc = getConst(n.input(8));
    if (!bc || bc->dtype != onnx::TensorProto::INT32 ||
        bc->data.size() != static_cast<size_t>(M))
      return fail(nodeDesc(n) + ": the bias must be an int32 constant of " +
                  Twine(M) + " values");
    bias = bc->data;
  }

  Val xin = primary(n.input(0));
  if (!cast<RankedTensorType>(xin.v.getType()).getElementType().isInteger(8))
    return fail(nodeDesc(n) + ": the input must be an 8-bit integer tensor");
  Value x = get(n.input(0), kNHWC);
  auto wt = permuteData(w->data, {M, Cg, KH, KW}, kNHWC);
  Value wv = constInt({M, KH, KW, Cg}, wt, 8, nameLoc(name + ".weight"));
  Value bv;
  if (bias)
    bv = constInt({M}, *bias, 32, nameLoc(name + ".bias"));
  auto accTy = RankedTensorType::get({N, OH, OW, M}, b.getI32Type());
  Value acc = qnn::Conv2DOp::create(
                  b, qlinear ? nameLoc(name + ".acc") : loc, accTy, x, wv, bv,
                  b.getI64IntegerAttr(xZps[0]), b.getI64IntegerAttr(wZps[0]),
                  b.getBoolAttr(!xSigned), b.getBoolAttr(!wSigned),
                  b.getDenseI64ArrayAttr(strides),
                  b.getDenseI64ArrayAttr({pads[0], pads[2], pads[1], pads[3]}),
                  b.getDenseI64ArrayAttr(dil), b.getI64IntegerAttr(group))
                  .getResult();
  if (!qlinear) {
    if (rtXZp) {
      // acc = conv(x, w - w_zp) - x_zp * (sum of w - w_zp over the window
      // positions inside the input): padding contributes x_zp, as ORT pads.
      Value zp = runtimeZeroPoint(n, 2, xSigned, 4);
      if (!zp)
        return false;
      if (OH * OW * M > (int64_t(1) << 24) ||
          OH * OW * M * KH * KW * Cg > (int64_t(1) << 32))
        return fail(nodeDesc(n) + ": too large for a computed x_zero_point");
      std::vector<double> sums(static_cast<size_t>(OH * OW * M), 0.0);
      for (int64_t oh = 0; oh < OH; ++oh)
        for (int64_t ow = 0; ow < OW; ++ow)
          for (int64_t f = 0; f < M; ++f) {
            double acc = 0;
            for (int64_t kh = 0; kh < KH; ++kh) {
              int64_t ih = oh * strides[0] + kh * dil[0] - pads[0];
              if (ih < 0 || ih >= H)
                continue;
              for (int64_t kw = 0; kw < KW; ++kw) {
                int64_t iw = ow * strides[1] + kw * dil[1] - pads[1];
                if (iw < 0 || iw >= W)
                  continue;
                for (int64_t c = 0; c < Cg; ++c)
                  acc += w->data[((f * Cg + c) * KH + kh) * KW + kw] -
                         static_cast<double>(wZps[0]);
              }
            }
            sums[(oh * OW + ow) * M + f] = acc;
          }
      acc = subtractZeroPointTerm(acc, zp, {1, OH, OW, M}, sums,
                                  nameLoc(name + ".x_zp"));
    }
    set(n.output(0), acc, kNHWC);
    return true;
  }
  // The accumulator's scale is x_scale * w_scale, per output channel (NHWC
  // axis 3) for per-channel weights.
  SmallVector<double> accScales = accumulatorScales(xScales[0], wScales,
                                                    yScales[0]);
  SmallVector<int64_t> accZps(accScales.size(), 0);
  auto inParams = qnn::QuantParamsAttr::get(
      ctx, accScales, accZps, accScales.size() > 1 ? 3 : -1, 32, true, false);
  auto outParams =
      qnn::QuantParamsAttr::get(ctx, yScales, yZps, -1, 8, ySigned, false);
  Value y = qnn::RequantizeOp::create(
                b, loc, RankedTensorType::get({N, OH, OW, M}, b.getI8Type()),
                acc, inParams, outParams,
                qnn::RoundingModeAttr::get(ctx,
                                           qnn::RoundingMode::half_to_even))
                .getResult();
  set(n.output(0), y, kNHWC);
  return true;
}

bool Importer::convQMatMul(const onnx::NodeProto &n, bool qlinear) {
  std::string name = nodeName(n);
  Location loc = nameLoc(name);
  // QLinearMatMul: a, a_scale, a_zp, b, b_scale, b_zp, y_scale, y_zp.
  // MatMulInteger: A, B, [a_zp], [b_zp].
  int bIdx = qlinear ? 3 : 1;
  auto as = shapeOf(n.input(0)), bs = shapeOf(n.input(bIdx)),
       os = shapeOf(n.output(0));
  if (!as || !bs || !os || as->size() < 2 || bs->size() != 2)
    return fail(nodeDesc(n) + ": only [..., M, K] x [K, N] with static "
                "shapes is supported");
  int64_t K = as->back(), Nn = bs->back();
  if ((*bs)[0] != K)
    return fail(nodeDesc(n) + ": inner dimensions differ");
  int64_t M = product(*as) / K;

  SmallVector<double> aScales, bScales, yScales;
  SmallVector<int64_t> aZps, bZps, yZps;
  bool aSigned, bSigned, ySigned = false;
  const ConstTensor *bc = getConst(n.input(bIdx));
  int32_t aType = constOrValueType(getConst(n.input(0)),
                                   elemTypes.lookup(n.input(0)));
  int32_t bType = constOrValueType(bc, elemTypes.lookup(n.input(bIdx)));
  // MatMulInteger's a_zero_point may be computed (DynamicQuantizeLinear).
  bool rtAZp = !qlinear && hasInput(n, 2) && !getConst(n.input(2));
  if (rtAZp && !aType)
    aType = elemTypes.lookup(n.input(2));
  if (rtAZp && !bc)
    return fail(nodeDesc(n) + ": a computed a_zero_point needs a constant B");
  if (!quantOperand(n, qlinear ? 1 : -1, rtAZp ? -1 : 2, "a", aType, aScales,
                    aZps, aSigned) ||
      !quantOperand(n, qlinear ? 4 : -1, qlinear ? 5 : 3, "b", bType,
                    bScales, bZps, bSigned) ||
      (qlinear && !quantOperand(n, 6, 7, "y", onnx::TensorProto::UINT8,
                                yScales, yZps, ySigned)))
    return false;
  if (!checkQuantParams(n, /*conv=*/false, Nn, aScales, aZps, bScales, bZps,
                        yScales, yZps))
    return false;

  Value a = get(n.input(0), {});
  if (!cast<RankedTensorType>(a.getType()).getElementType().isInteger(8))
    return fail(nodeDesc(n) + ": A must be an 8-bit integer tensor");
  if (as->size() != 2)
    a = reshape(a, {M, K}, nameLoc(name + ".a"));
  Value bv;
  if (bc) {
    if (bc->isFloat)
      return fail(nodeDesc(n) + ": B must be an int8 / uint8 tensor");
    bv = constInt({K, Nn}, bc->data, 8, nameLoc(name + ".weight"));
  } else {
    bv = get(n.input(bIdx), {});
    if (!cast<RankedTensorType>(bv.getType()).getElementType().isInteger(8))
      return fail(nodeDesc(n) + ": B must be an 8-bit integer tensor");
  }
  auto accTy = RankedTensorType::get({M, Nn}, b.getI32Type());
  Value acc = qnn::MatmulOp::create(
                  b, qlinear ? nameLoc(name + ".acc") : loc, accTy, a, bv,
                  b.getI64IntegerAttr(aZps[0]), b.getI64IntegerAttr(bZps[0]),
                  b.getBoolAttr(!aSigned), b.getBoolAttr(!bSigned))
                  .getResult();
  if (rtAZp) {
    // acc = a (b - b_zp) - a_zp * (column sums of b - b_zp).
    Value zp = runtimeZeroPoint(n, 2, aSigned, 2);
    if (!zp)
      return false;
    std::vector<double> sums(static_cast<size_t>(Nn), 0.0);
    for (int64_t k = 0; k < K; ++k)
      for (int64_t j = 0; j < Nn; ++j)
        sums[j] += bc->data[k * Nn + j] - static_cast<double>(bZps[0]);
    acc = subtractZeroPointTerm(acc, zp, {1, Nn}, sums,
                                nameLoc(name + ".a_zp"));
  }
  Value y = acc;
  if (qlinear) {
    SmallVector<double> accScales =
        accumulatorScales(aScales[0], bScales, yScales[0]);
    SmallVector<int64_t> accZps(accScales.size(), 0);
    auto inParams = qnn::QuantParamsAttr::get(
        ctx, accScales, accZps, accScales.size() > 1 ? 1 : -1, 32, true,
        false);
    auto outParams =
        qnn::QuantParamsAttr::get(ctx, yScales, yZps, -1, 8, ySigned, false);
    y = qnn::RequantizeOp::create(
            b, loc, RankedTensorType::get({M, Nn}, b.getI8Type()), acc,
            inParams, outParams,
            qnn::RoundingModeAttr::get(ctx, qnn::RoundingMode::half_to_even))
            .getResult();
  }
  if (as->size() != 2)
    y = reshape(y, *os, nameLoc(name + ".out"));
  set(n.output(0), y, {});
  return true;
}

// ===------------------------------------------------------------------=== //
// com.microsoft quantized ops: QLinearAdd, QLinearMul,
// QLinearGlobalAveragePool, QGemm (ONNX Runtime contrib ops, as its
// quantize_static(quant_format=QOperator) emits them)
// ===------------------------------------------------------------------=== //

/// ONNX 1.12's shape inference has no schema for com.microsoft ops: it skips
/// them and everything downstream of them. Their output types are computed
/// here from their inputs' (recorded as value_info) and ONNX inference runs
/// again for what follows, until no output is added.
bool Importer::inferMsShapes() {
  auto *g = model.mutable_graph();
  if (llvm::none_of(g->node(), isMsQuantOp))
    return true;
  using TypeAndShape = std::pair<int32_t, std::vector<int64_t>>;
  for (int round = 0; round <= g->node_size(); ++round) {
    std::map<std::string, TypeAndShape> known;
    auto addVi = [&](const onnx::ValueInfoProto &vi) {
      const auto &t = vi.type();
      if (!t.has_tensor_type() || !t.tensor_type().has_shape())
        return;
      std::vector<int64_t> s;
      for (const auto &d : t.tensor_type().shape().dim()) {
        if (!d.has_dim_value())
          return;
        s.push_back(d.dim_value());
      }
      known[vi.name()] = {t.tensor_type().elem_type(), s};
    };
    for (const auto &vi : g->input())
      addVi(vi);
    for (const auto &vi : g->value_info())
      addVi(vi);
    for (const auto &vi : g->output())
      addVi(vi);
    for (const auto &t : g->initializer())
      known[t.name()] = {t.data_type(),
                         std::vector<int64_t>(t.dims().begin(),
                                              t.dims().end())};
    bool added = false;
    for (const auto &n : g->node()) {
      if (!isMsQuantOp(n) || n.output_size() < 1 || n.output(0).empty() ||
          known.count(n.output(0)))
        continue;
      auto in = [&](int i) -> const TypeAndShape * {
        if (!hasInput(n, i))
          return nullptr;
        auto it = known.find(n.input(i));
        return it == known.end() ? nullptr : &it->second;
      };
      const TypeAndShape *a = in(0);
      if (!a)
        continue;
      const std::vector<int64_t> &as = a->second;
      std::vector<int64_t> out;
      int32_t type = a->first;
      const std::string &op = n.op_type();
      if (op == "QLinearAdd" || op == "QLinearMul") {
        const TypeAndShape *bt = in(3);
        if (!bt)
          continue;
        const std::vector<int64_t> &bs = bt->second;
        size_t r = std::max(as.size(), bs.size());
        out.assign(r, 1);
        for (size_t i = 0; i < r; ++i) {
          int64_t da = i < r - as.size() ? 1 : as[i - (r - as.size())];
          int64_t db = i < r - bs.size() ? 1 : bs[i - (r - bs.size())];
          if (da != db && da != 1 && db != 1)
            return fail(nodeDesc(n) + ": the shapes of A and B do not "
                        "broadcast");
          out[i] = da == 1 ? db : da;
        }
      } else if (op == "QLinearGlobalAveragePool") {
        if (as.size() < 3)
          return fail(nodeDesc(n) + ": the input must have rank 3 or more");
        out.assign(as.size(), 1);
        out[0] = as[0];
        if (attrInt(n, "channels_last", 0))
          out.back() = as.back();
        else
          out[1] = as[1];
      } else { // QGemm
        const TypeAndShape *bt = in(3);
        if (!bt)
          continue;
        const std::vector<int64_t> &bs = bt->second;
        if (as.size() != 2 || bs.size() != 2)
          return fail(nodeDesc(n) + ": A and B must be 2-D");
        out = {attrInt(n, "transA", 0) ? as[1] : as[0],
               attrInt(n, "transB", 0) ? bs[0] : bs[1]};
        if (hasInput(n, 8)) {
          const TypeAndShape *z = in(8);
          if (!z)
            continue;
          type = z->first;
        } else if (!hasInput(n, 7)) {
          type = onnx::TensorProto::FLOAT;
        }
      }
      auto *vi = g->add_value_info();
      vi->set_name(n.output(0));
      auto *tt = vi->mutable_type()->mutable_tensor_type();
      tt->set_elem_type(type);
      auto *shape = tt->mutable_shape();
      for (int64_t d : out)
        shape->add_dim()->set_dim_value(d);
      known[n.output(0)] = {type, out};
      added = true;
    }
    if (!added)
      return true;
    try {
      onnx::ShapeInferenceOptions siOpts(/*check_type=*/true, /*strict=*/1,
                                         /*data_prop=*/true);
      onnx::shape_inference::InferShapes(
          model, onnx::OpSchemaRegistry::Instance(), siOpts);
    } catch (const std::exception &e) {
      return fail("ONNX shape inference failed: " + oneLine(e.what()));
    }
  }
  return true;
}

Value Importer::int8Operand(const onnx::NodeProto &n, int idx,
                            ArrayRef<int64_t> full, ArrayRef<int64_t> perm) {
  const std::string &in = n.input(idx);
  auto s = shapeOf(in);
  if (!s) {
    fail(nodeDesc(n) + ": operand '" + in + "' has no static shape");
    return nullptr;
  }
  Perm p = normalize(perm, full.size());
  if (const ConstTensor *c = getConst(in)) {
    if (c->dtype != onnx::TensorProto::INT8 &&
        c->dtype != onnx::TensorProto::UINT8) {
      fail(nodeDesc(n) + ": operand '" + in + "' must be int8 or uint8");
      return nullptr;
    }
    return constInt(permuteShape(full, p), permuteData(c->data, full, p), 8,
                    nameLoc(in));
  }
  Value v;
  if (s->size() == full.size()) {
    v = get(in, p);
  } else {
    v = get(in, {});
    if (v) {
      v = reshape(v, full,
                  nameLoc(nodeName(n) + ".broadcast" + std::to_string(idx)));
      if (!isIdentityPermutation(p))
        v = transpose(v, p, nameLoc(nodeName(n) + ".layout"));
    }
  }
  if (!v) {
    fail(nodeDesc(n) + ": operand '" + in + "' has inconsistent shapes");
    return nullptr;
  }
  if (!cast<RankedTensorType>(v.getType()).getElementType().isInteger(8)) {
    fail(nodeDesc(n) + ": operand '" + in + "' must be an 8-bit integer "
         "tensor");
    return nullptr;
  }
  return v;
}

/// Cast to float32 of an int32 tensor (ConvInteger / MatMulInteger results in
/// ONNX Runtime's quantize_dynamic pattern) or of a float32 tensor (nothing).
bool Importer::convCast(const onnx::NodeProto &n) {
  if (attrInt(n, "to", 0) != onnx::TensorProto::FLOAT)
    return fail(nodeDesc(n) + ": only a cast to float32 is supported");
  if (getConst(n.input(0)))
    return fail(nodeDesc(n) + ": a constant input is not supported");
  Val in = primary(n.input(0));
  if (!in.v)
    return fail(nodeDesc(n) + ": input without a value");
  auto t = cast<RankedTensorType>(in.v.getType());
  if (t.getElementType().isF32()) {
    set(n.output(0), in.v, in.perm);
    return true;
  }
  if (!t.getElementType().isInteger(32))
    return fail(nodeDesc(n) + ": only int32 and float32 inputs are supported");
  Value y = create<tosa::CastOp>(f32(t.getShape()), {in.v}, {},
                                 nameLoc(nodeName(n)));
  set(n.output(0), y, in.perm);
  return true;
}

Value Importer::runtimeZeroPoint(const onnx::NodeProto &n, int idx,
                                 bool isSigned, size_t rank) {
  const std::string &in = n.input(idx);
  auto s = shapeOf(in);
  if (!s || product(*s) != 1 || s->size() > 1) {
    fail(nodeDesc(n) + ": the zero point '" + in + "' must be a scalar or "
         "a 1-element tensor");
    return nullptr;
  }
  Value v = get(in, {});
  if (!v || !cast<RankedTensorType>(v.getType()).getElementType().isInteger(8)) {
    fail(nodeDesc(n) + ": the zero point '" + in + "' must be int8 / uint8");
    return nullptr;
  }
  std::string name = nodeName(n) + ".zp";
  SmallVector<int64_t, 4> ones(rank, 1);
  v = reshape(v, ones, nameLoc(name));
  auto i32 = RankedTensorType::get(ones, b.getI32Type());
  v = create<tosa::CastOp>(i32, {v}, {}, nameLoc(name + ".i32"));
  if (!isSigned) {
    // The uint8 bits of an i8 tensor: sign-extended by the cast, masked.
    Value mask = constInt(ones, {255.0}, 32, nameLoc(name + ".mask"));
    v = create<tosa::BitwiseAndOp>(i32, {v, mask}, {},
                                   nameLoc(name + ".unsigned"));
  }
  return v;
}

Value Importer::subtractZeroPointTerm(Value acc, Value zp,
                                      ArrayRef<int64_t> sumShape,
                                      ArrayRef<double> sums, Location loc) {
  Value c = constInt(sumShape, sums, 32,
                     nameLoc(cast<NameLoc>(loc).getName().getValue() +
                             ".sums"));
  auto i8 = RankedTensorType::get({1}, b.getI8Type());
  Value shift = tosa::ConstOp::create(
                    b, loc, i8,
                    cast<ElementsAttr>(DenseElementsAttr::get(
                        i8, ArrayRef<int8_t>{0})))
                    .getResult();
  auto termTy = RankedTensorType::get(sumShape, b.getI32Type());
  Value term = create<tosa::MulOp>(termTy, {zp, c, shift}, {}, loc);
  return create<tosa::SubOp>(acc.getType(), {acc, term}, {}, loc);
}

/// QLinearAdd / QLinearMul (A, A_scale, A_zp, B, B_scale, B_zp, C_scale,
/// [C_zp]; numpy broadcasting; per-tensor parameters, one element type) ->
/// qnn.add / qnn.mul, which round the exact rescaled sum / product once
/// (ONNX Runtime computes it in float32).
bool Importer::convQLinearBinary(const onnx::NodeProto &n, bool isMul) {
  if (!hasInput(n, 0) || !hasInput(n, 3) || !hasInput(n, 6))
    return fail(nodeDesc(n) + ": A, A_scale, B, B_scale and C_scale are "
                "required");
  auto os = shapeOf(n.output(0));
  if (!os)
    return fail(nodeDesc(n) + ": no static output shape");
  size_t rank = os->size();
  int32_t aType = constOrValueType(getConst(n.input(0)),
                                   elemTypes.lookup(n.input(0)));
  int32_t bType = constOrValueType(getConst(n.input(3)),
                                   elemTypes.lookup(n.input(3)));
  SmallVector<double> aS, bS, cS;
  SmallVector<int64_t> aZ, bZ, cZ;
  bool aSigned, bSigned, cSigned;
  if (!quantOperand(n, 1, 2, "A", aType, aS, aZ, aSigned) ||
      !quantOperand(n, 4, 5, "B", bType, bS, bZ, bSigned) ||
      !quantOperand(n, 6, 7, "C", aType, cS, cZ, cSigned))
    return false;
  if (aS.size() > 1 || aZ.size() > 1 || bS.size() > 1 || bZ.size() > 1 ||
      cS.size() > 1 || cZ.size() > 1)
    return fail(nodeDesc(n) + ": scales and zero points must be per tensor");
  auto typeOf = [](bool s) {
    return s ? onnx::TensorProto::INT8 : onnx::TensorProto::UINT8;
  };
  if (aSigned != bSigned || aSigned != cSigned ||
      (aType && aType != typeOf(aSigned)) ||
      (bType && bType != typeOf(aSigned)))
    return fail(nodeDesc(n) + ": A, B, C and their zero points must share "
                "one type (int8 or uint8)");
  // The layout: that of an activation operand of full rank, else ONNX order.
  Perm perm = identityPerm(rank);
  for (int i : {0, 3}) {
    auto s = shapeOf(n.input(i));
    Perm p = primaryPerm(n.input(i));
    if (!getConst(n.input(i)) && s && s->size() == rank && !p.empty()) {
      perm = p;
      break;
    }
  }
  Value ops[2];
  SmallVector<int64_t, 4> bcast(rank, 1);
  for (int k = 0; k < 2; ++k) {
    int i = k ? 3 : 0;
    auto s = shapeOf(n.input(i));
    if (!s || s->size() > rank)
      return fail(nodeDesc(n) + ": operand '" + n.input(i) +
                  "' has no static shape");
    SmallVector<int64_t, 4> full(rank - s->size(), 1);
    full.append(s->begin(), s->end());
    for (size_t d = 0; d < rank; ++d) {
      if (full[d] != 1 && full[d] != (*os)[d])
        return fail(nodeDesc(n) + ": operand '" + n.input(i) +
                    "' does not broadcast to the output shape");
      bcast[d] = std::max(bcast[d], full[d]);
    }
    ops[k] = int8Operand(n, i, full, perm);
    if (!ops[k])
      return false;
  }
  if (ArrayRef<int64_t>(bcast) != ArrayRef<int64_t>(*os))
    return fail(nodeDesc(n) + ": the output shape is not the broadcast of "
                "the operands' shapes");
  auto params = [&](ArrayRef<double> s, ArrayRef<int64_t> z) {
    return qnn::QuantParamsAttr::get(ctx, s, z, -1, 8, aSigned, false);
  };
  SmallVector<NamedAttribute> attrs = {
      b.getNamedAttr("lhs_params", params(aS, aZ)),
      b.getNamedAttr("rhs_params", params(bS, bZ)),
      b.getNamedAttr("output_params", params(cS, cZ))};
  auto outTy = RankedTensorType::get(permuteShape(*os, perm), b.getI8Type());
  Location loc = nameLoc(nodeName(n));
  Value y = isMul ? create<qnn::MulOp>(outTy, {ops[0], ops[1]}, attrs, loc)
                  : create<qnn::AddOp>(outTy, {ops[0], ops[1]}, attrs, loc);
  set(n.output(0), y, isIdentityPermutation(perm) ? Perm() : perm);
  return true;
}

/// QLinearGlobalAveragePool (X, x_scale, x_zp, y_scale, y_zp; NCHW, or NHWC
/// with channels_last = 1; 2-D images): the window sum of (x - x_zp) as a
/// depthwise qnn.conv2d with all-one weights (exact i32), then one
/// qnn.requantize by x_scale / (y_scale * H * W). The accumulator scale is
/// chosen so that the requantize ratio is ONNX Runtime's float32 multiplier
/// x_scale / (y_scale * float(H * W)), as for QLinearConv.
bool Importer::convQLinearGlobalAvgPool(const onnx::NodeProto &n) {
  std::string name = nodeName(n);
  if (!hasInput(n, 0) || !hasInput(n, 1) || !hasInput(n, 3))
    return fail(nodeDesc(n) + ": X, x_scale and y_scale are required");
  auto xs = shapeOf(n.input(0));
  if (!xs || xs->size() != 4)
    return fail(nodeDesc(n) + ": only 4-D inputs (2-D images) are supported");
  bool cl = attrInt(n, "channels_last", 0) != 0;
  int64_t N = (*xs)[0], C = cl ? (*xs)[3] : (*xs)[1],
          H = cl ? (*xs)[1] : (*xs)[2], W = cl ? (*xs)[2] : (*xs)[3];
  if (H * W >= (int64_t(1) << 24) || C * H * W > (int64_t(1) << 26))
    return fail(nodeDesc(n) + ": the image is too large");
  int32_t xType = constOrValueType(getConst(n.input(0)),
                                   elemTypes.lookup(n.input(0)));
  SmallVector<double> xS, yS;
  SmallVector<int64_t> xZ, yZ;
  bool xSigned, ySigned;
  if (!quantOperand(n, 1, 2, "x", xType, xS, xZ, xSigned) ||
      !quantOperand(n, 3, 4, "y", xType, yS, yZ, ySigned))
    return false;
  if (xS.size() > 1 || xZ.size() > 1 || yS.size() > 1 || yZ.size() > 1)
    return fail(nodeDesc(n) + ": scales and zero points must be per tensor");
  if (xSigned != ySigned)
    return fail(nodeDesc(n) + ": x and y must share one type");
  if (getConst(n.input(0)))
    return fail(nodeDesc(n) + ": a constant input is not supported");
  if (!checkShape(n.output(0),
                  cl ? SmallVector<int64_t, 4>{N, 1, 1, C}
                     : SmallVector<int64_t, 4>{N, C, 1, 1},
                  n))
    return false;
  Value x = get(n.input(0), cl ? Perm() : kNHWC);
  if (!x || !cast<RankedTensorType>(x.getType()).getElementType().isInteger(8))
    return fail(nodeDesc(n) + ": the input must be an 8-bit integer tensor");
  std::vector<double> ones(static_cast<size_t>(C * H * W), 1.0);
  Value w = constInt({C, H, W, 1}, ones, 8, nameLoc(name + ".ones"));
  auto accTy = RankedTensorType::get({N, 1, 1, C}, b.getI32Type());
  Value acc = qnn::Conv2DOp::create(
                  b, nameLoc(name + ".sum"), accTy, x, w, Value(),
                  b.getI64IntegerAttr(xZ[0]), b.getI64IntegerAttr(0),
                  b.getBoolAttr(!xSigned), b.getBoolAttr(false),
                  b.getDenseI64ArrayAttr({1, 1}),
                  b.getDenseI64ArrayAttr({0, 0, 0, 0}),
                  b.getDenseI64ArrayAttr({1, 1}), b.getI64IntegerAttr(C))
                  .getResult();
  float ratio = static_cast<float>(xS[0]) /
                (static_cast<float>(yS[0]) * static_cast<float>(H * W));
  double accScale = static_cast<double>(ratio) * yS[0];
  auto inParams = qnn::QuantParamsAttr::get(ctx, {accScale}, {0}, -1, 32,
                                            true, false);
  auto outParams =
      qnn::QuantParamsAttr::get(ctx, yS, yZ, -1, 8, ySigned, false);
  Value y = qnn::RequantizeOp::create(
                b, nameLoc(name),
                RankedTensorType::get({N, 1, 1, C}, b.getI8Type()), acc,
                inParams, outParams,
                qnn::RoundingModeAttr::get(ctx,
                                           qnn::RoundingMode::half_to_even))
                .getResult();
  set(n.output(0), y, cl ? Perm() : kNHWC);
  return true;
}

/// QGemm (A, a_scale, a_zp, B, b_scale, b_zp, [C], [y_scale], [y_zp];
/// alpha, transA, transB): qnn.matmul (i32) plus the int32 bias C
/// (tosa.add, broadcast to M x N), then with y_scale a qnn.requantize by
/// ONNX Runtime's float32 multiplier alpha * a_scale * b_scale / y_scale, or
/// without it a float output, qnn.dequantize of the accumulator by
/// alpha * a_scale * b_scale (float(acc) * scale in float32, as ORT).
bool Importer::convQGemm(const onnx::NodeProto &n) {
  std::string name = nodeName(n);
  Location loc = nameLoc(name);
  if (!hasInput(n, 3) || !hasInput(n, 4) || !hasInput(n, 5) ||
      !hasInput(n, 1) || !hasInput(n, 2))
    return fail(nodeDesc(n) + ": A, B and their scales and zero points are "
                "required");
  auto as = shapeOf(n.input(0)), bs = shapeOf(n.input(3));
  if (!as || !bs || as->size() != 2 || bs->size() != 2)
    return fail(nodeDesc(n) + ": A and B must be 2-D with static shapes");
  bool transA = attrInt(n, "transA", 0), transB = attrInt(n, "transB", 0);
  float alpha = attrFloat(n, "alpha", 1.0f);
  int64_t M = transA ? (*as)[1] : (*as)[0], K = transA ? (*as)[0] : (*as)[1];
  int64_t Nn = transB ? (*bs)[0] : (*bs)[1];
  if ((transB ? (*bs)[1] : (*bs)[0]) != K)
    return fail(nodeDesc(n) + ": inner dimensions differ");
  if (!(alpha > 0) || !std::isfinite(alpha))
    return fail(nodeDesc(n) + ": alpha must be positive and finite");
  if (!checkShape(n.output(0), {M, Nn}, n))
    return false;
  bool hasY = hasInput(n, 7), hasYzp = hasInput(n, 8);
  if (hasY != hasYzp)
    return fail(nodeDesc(n) + ": y_scale and y_zero_point must both be "
                "given (quantized output) or both absent (float output)");
  const ConstTensor *bc = getConst(n.input(3));
  int32_t aType = constOrValueType(getConst(n.input(0)),
                                   elemTypes.lookup(n.input(0)));
  int32_t bType = constOrValueType(bc, elemTypes.lookup(n.input(3)));
  SmallVector<double> aS, bS, yS;
  SmallVector<int64_t> aZ, bZ, yZ;
  bool aSigned, bSigned, ySigned = false;
  if (!quantOperand(n, 1, 2, "a", aType, aS, aZ, aSigned) ||
      !quantOperand(n, 4, 5, "b", bType, bS, bZ, bSigned) ||
      (hasY && !quantOperand(n, 7, 8, "y", aType, yS, yZ, ySigned)))
    return false;
  if (!checkQuantParams(n, /*conv=*/false, Nn, aS, aZ, bS, bZ, yS, yZ))
    return false;

  Value a = get(n.input(0), {});
  if (!a || getConst(n.input(0)) ||
      !cast<RankedTensorType>(a.getType()).getElementType().isInteger(8))
    return fail(nodeDesc(n) + ": A must be an 8-bit integer activation");
  if (transA)
    a = transpose(a, {1, 0}, nameLoc(name + ".a"));
  Value bv;
  if (bc) {
    if (bc->isFloat)
      return fail(nodeDesc(n) + ": B must be an int8 / uint8 tensor");
    std::vector<double> data =
        transB ? permuteData(bc->data, {Nn, K}, {1, 0}) : bc->data;
    bv = constInt({K, Nn}, data, 8, nameLoc(name + ".weight"));
  } else {
    bv = get(n.input(3), {});
    if (!bv ||
        !cast<RankedTensorType>(bv.getType()).getElementType().isInteger(8))
      return fail(nodeDesc(n) + ": B must be an 8-bit integer tensor");
    if (transB)
      bv = transpose(bv, {1, 0}, nameLoc(name + ".b"));
  }
  auto accTy = RankedTensorType::get({M, Nn}, b.getI32Type());
  Value acc = qnn::MatmulOp::create(
                  b, nameLoc(name + ".acc"), accTy, a, bv,
                  b.getI64IntegerAttr(aZ[0]), b.getI64IntegerAttr(bZ[0]),
                  b.getBoolAttr(!aSigned), b.getBoolAttr(!bSigned))
                  .getResult();
  if (hasInput(n, 6)) {
    const ConstTensor *cc = getConst(n.input(6));
    if (!cc || cc->dtype != onnx::TensorProto::INT32 || cc->shape.size() > 2)
      return fail(nodeDesc(n) + ": C must be an int32 constant of rank <= 2");
    SmallVector<int64_t, 2> full(2 - cc->shape.size(), 1);
    full.append(cc->shape.begin(), cc->shape.end());
    if ((full[0] != 1 && full[0] != M) || (full[1] != 1 && full[1] != Nn))
      return fail(nodeDesc(n) + ": C does not broadcast to " + Twine(M) +
                  " x " + Twine(Nn));
    Value cv = constInt(full, cc->data, 32, nameLoc(name + ".bias"));
    acc = create<tosa::AddOp>(accTy, {acc, cv}, {}, nameLoc(name + ".acc_bias"));
  }
  // ONNX Runtime's output scales, float32: alpha * a_scale * b_scale[j]
  // [/ y_scale].
  SmallVector<double> scales;
  for (double s : bS) {
    float f = alpha * static_cast<float>(aS[0]) * static_cast<float>(s);
    if (hasY)
      f /= static_cast<float>(yS[0]);
    if (!(f > 0) || !std::isfinite(f))
      return fail(nodeDesc(n) + ": the output scale is not a positive "
                  "finite float32");
    scales.push_back(hasY ? static_cast<double>(f) * yS[0]
                          : static_cast<double>(f));
  }
  SmallVector<int64_t> zeros(scales.size(), 0);
  auto accParams = qnn::QuantParamsAttr::get(
      ctx, scales, zeros, scales.size() > 1 ? 1 : -1, 32, true, false);
  Value y;
  if (hasY) {
    auto outParams =
        qnn::QuantParamsAttr::get(ctx, yS, yZ, -1, 8, ySigned, false);
    y = qnn::RequantizeOp::create(
            b, loc, RankedTensorType::get({M, Nn}, b.getI8Type()), acc,
            accParams, outParams,
            qnn::RoundingModeAttr::get(ctx, qnn::RoundingMode::half_to_even))
            .getResult();
  } else {
    y = qnn::DequantizeOp::create(b, loc, f32({M, Nn}), acc, accParams)
            .getResult();
  }
  set(n.output(0), y, {});
  return true;
}

bool Importer::convPad(const onnx::NodeProto &n) {
  std::string name = nodeName(n);
  auto xs = shapeOf(n.input(0)), os = shapeOf(n.output(0));
  if (!xs || !os)
    return fail(nodeDesc(n) + ": input without a static shape");
  if (attrStr(n, "mode", "constant") != "constant")
    return fail(nodeDesc(n) + ": only mode=constant is supported");
  size_t rank = xs->size();
  const ConstTensor *pc = hasInput(n, 1) ? getConst(n.input(1)) : nullptr;
  if (!pc || pc->data.size() != 2 * rank)
    return fail(nodeDesc(n) + ": pads must be a constant with 2 * rank values");
  if (n.input_size() > 3 && !n.input(3).empty())
    return fail(nodeDesc(n) + ": the axes input is not supported");
  double value = 0.0;
  if (hasInput(n, 2)) {
    const ConstTensor *vc = getConst(n.input(2));
    if (!vc || vc->data.size() != 1)
      return fail(nodeDesc(n) + ": constant_value must be a scalar constant");
    value = vc->data[0];
  }
  for (double p : pc->data)
    if (p < 0)
      return fail(nodeDesc(n) + ": negative pads are not supported");
  Val in = primary(n.input(0));
  Perm perm = normalize(in.perm, rank);
  SmallVector<int64_t, 8> padding;
  for (size_t i = 0; i < rank; ++i) {
    padding.push_back(static_cast<int64_t>(pc->data[perm[i]]));
    padding.push_back(static_cast<int64_t>(pc->data[rank + perm[i]]));
  }
  Location loc = nameLoc(name);
  Value y = create<tosa::PadOp>(
      f32(permuteShape(*os, perm)),
      {in.v, constShape(padding, loc), constF({1}, {value}, loc)}, {}, loc);
  set(n.output(0), y, in.perm);
  return true;
}

bool Importer::convSlice(const onnx::NodeProto &n) {
  std::string name = nodeName(n);
  auto xs = shapeOf(n.input(0)), os = shapeOf(n.output(0));
  if (!xs || !os)
    return fail(nodeDesc(n) + ": input without a static shape");
  int64_t rank = xs->size();
  const ConstTensor *st = hasInput(n, 1) ? getConst(n.input(1)) : nullptr;
  const ConstTensor *en = hasInput(n, 2) ? getConst(n.input(2)) : nullptr;
  const ConstTensor *ax = hasInput(n, 3) ? getConst(n.input(3)) : nullptr;
  const ConstTensor *sp = hasInput(n, 4) ? getConst(n.input(4)) : nullptr;
  if (!st || !en || (hasInput(n, 3) && !ax) || (hasInput(n, 4) && !sp) ||
      st->data.size() != en->data.size() ||
      (ax && ax->data.size() != st->data.size()))
    return fail(nodeDesc(n) + ": starts / ends / axes / steps must be "
                "constants of one length");
  SmallVector<int64_t, 4> start(rank, 0), size(xs->begin(), xs->end());
  for (size_t i = 0; i < st->data.size(); ++i) {
    if (sp && sp->data[i] != 1)
      return fail(nodeDesc(n) + ": only steps of 1 are supported");
    int64_t a = ax ? static_cast<int64_t>(ax->data[i]) : i;
    if (a < 0)
      a += rank;
    if (a < 0 || a >= rank)
      return fail(nodeDesc(n) + ": axis out of range");
    int64_t d = (*xs)[a];
    auto clampIdx = [&](double v) {
      if (v < 0)
        v += d;
      return static_cast<int64_t>(std::min<double>(std::max<double>(v, 0), d));
    };
    int64_t b0 = clampIdx(st->data[i]), e0 = clampIdx(en->data[i]);
    start[a] = b0;
    size[a] = std::max<int64_t>(0, e0 - b0);
  }
  if (SmallVector<int64_t, 4>(size) != *os)
    return fail(nodeDesc(n) + ": the computed output shape differs from "
                "ONNX shape inference's");
  if (llvm::is_contained(size, 0))
    return fail(nodeDesc(n) + ": the slice is empty (empty tensors are not "
                "supported)");
  if (const ConstTensor *c = getConst(n.input(0))) {
    (void)c;
    return fail(nodeDesc(n) + ": slicing a constant is not supported");
  }
  Val in = primary(n.input(0));
  Perm perm = normalize(in.perm, rank);
  Value y = slice(in.v, permuteShape(start, perm), permuteShape(size, perm),
                  nameLoc(name));
  set(n.output(0), y, in.perm);
  return true;
}

bool Importer::importNode(const onnx::NodeProto &n) {
  if (folded.count(&n))
    return true;
  const std::string &op = n.op_type();
  if (op == "Constant")
    return convConstant(n);
  for (const auto &in : n.input())
    if (!in.empty() && !known(in))
      return fail(nodeDesc(n) + ": input '" + in + "' is not defined before "
                  "the node");
  if (op == "Conv")
    return convConv(n);
  if (op == "ConvTranspose")
    return convConvTranspose(n);
  if (op == "MaxPool" || op == "AveragePool")
    return convPool(n, op == "MaxPool", false);
  if (op == "GlobalAveragePool" || op == "GlobalMaxPool")
    return convPool(n, op == "GlobalMaxPool", true);
  if (op == "Gemm")
    return convGemm(n);
  if (op == "MatMul")
    return convMatMul(n);
  if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div")
    return convBinary(n);
  if (op == "Flatten" || op == "Reshape" || op == "Squeeze" ||
      op == "Unsqueeze")
    return convReshapeLike(n);
  if (op == "Transpose")
    return convTranspose(n);
  if (op == "Concat")
    return convConcat(n);
  if (op == "BatchNormalization")
    return convBatchNorm(n);
  if (op == "Softmax")
    return convSoftmax(n);
  if (op == "Pad")
    return convPad(n);
  if (op == "Slice")
    return convSlice(n);
  if (op == "QuantizeLinear" || op == "DequantizeLinear")
    return convQDQ(n, op == "QuantizeLinear");
  if (op == "DynamicQuantizeLinear")
    return convDynamicQuantize(n);
  if (op == "QLinearConv" || op == "ConvInteger")
    return convQConv(n, op == "QLinearConv");
  if (op == "QLinearMatMul" || op == "MatMulInteger")
    return convQMatMul(n, op == "QLinearMatMul");
  if (op == "Cast")
    return convCast(n);
  if (isMsQuantOp(n)) {
    if (op == "QLinearAdd" || op == "QLinearMul")
      return convQLinearBinary(n, op == "QLinearMul");
    if (op == "QLinearGlobalAveragePool")
      return convQLinearGlobalAvgPool(n);
    return convQGemm(n);
  }
  return convUnary(n);
}

bool Importer::importGraph(ModuleOp module) {
  const auto &g = model.graph();
  for (const auto &n : g.node()) {
    for (const auto &in : n.input())
      if (!in.empty())
        ++uses[in];
    for (const auto &out : n.output())
      producer[out] = &n;
  }
  for (const auto &out : g.output())
    ++uses[out.name()];

  // Arguments: the graph inputs that are not initializers, in ONNX layout.
  SmallVector<Type> argTypes;
  SmallVector<Location> argLocs;
  SmallVector<std::string> argNames;
  for (const auto &in : g.input()) {
    if (consts.count(in.name()))
      continue;
    const auto &t = in.type();
    if (!t.has_tensor_type() ||
        t.tensor_type().elem_type() != onnx::TensorProto::FLOAT)
      return fail("input '" + in.name() + "' is not a float32 tensor");
    SmallVector<int64_t, 4> s;
    if (!shapeFromType(t, s)) {
      std::string dims;
      if (t.tensor_type().has_shape())
        for (const auto &d : t.tensor_type().shape().dim())
          dims += (dims.empty() ? "" : "x") +
                  (d.has_dim_value() ? std::to_string(d.dim_value())
                                     : (d.dim_param().empty() ? std::string("?")
                                                              : d.dim_param()));
      return fail("input '" + in.name() + "' has a dynamic shape (" +
                  (dims.empty() ? std::string("unknown") : dims) +
                  "); fix the batch with --batch N");
    }
    if (llvm::is_contained(s, 0))
      return fail("input '" + in.name() + "' has a zero-size dimension: "
                  "empty tensors are not supported");
    argTypes.push_back(f32(s));
    argLocs.push_back(nameLoc(in.name()));
    argNames.push_back(in.name());
  }

  auto fn = func::FuncOp::create(b, nameLoc(g.name().empty() ? "graph"
                                                             : g.name()),
                                 opts.entryName,
                                 b.getFunctionType(argTypes, {}));
  module.push_back(fn);
  Block *entry = fn.addEntryBlock();
  for (size_t i = 0; i < argNames.size(); ++i) {
    entry->getArgument(i).setLoc(argLocs[i]);
    set(argNames[i], entry->getArgument(i), {});
  }
  b.setInsertionPointToEnd(entry);

  for (const auto &n : g.node())
    if (!importNode(n) || !error.empty())
      return false;

  SmallVector<Value> results;
  SmallVector<Type> resultTypes;
  for (const auto &out : g.output()) {
    if (!known(out.name()))
      return fail("graph output '" + out.name() + "' is not computed");
    if (auto *c = getConst(out.name()); c && !c->isFloat)
      return fail("graph output '" + out.name() + "' is not float");
    Value v = get(out.name(), {});
    results.push_back(v);
    resultTypes.push_back(v.getType());
  }
  func::ReturnOp::create(b, nameLoc("output"), results);
  fn.setFunctionType(b.getFunctionType(argTypes, resultTypes));
  // Drop what folding left unused (reshape chains, unused layouts).
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(*entry)))
    if (isOpTriviallyDead(&op))
      op.erase();
  return true;
}

/// Turns the kDynBatch placeholder into a dynamic dimension: every tensor
/// dimension equal to it becomes `?` (the function signature included), and
/// the one placeholder entry of a `tosa.reshape`'s shape becomes -1. Only ops
/// known to handle a dynamic dimension 0 end to end may see it; anything
/// else (a constant or another shape operand holding the batch, the batch
/// folded into another dimension, an op outside the list) is one error that
/// suggests --batch.
bool Importer::makeBatchDynamic(ModuleOp module) {
  const int64_t S = kDynBatch;
  auto hasBatch = [&](Type t, bool &folded) {
    auto rt = dyn_cast<RankedTensorType>(t);
    bool found = false;
    if (rt)
      for (int64_t d : rt.getShape()) {
        if (d == S || ShapedType::isDynamic(d))
          found = true;
        else if (d > S && d % S == 0)
          folded = true;
      }
    return found || folded;
  };
  auto dynType = [&](Type t) -> Type {
    auto rt = dyn_cast<RankedTensorType>(t);
    if (!rt)
      return t;
    SmallVector<int64_t, 4> s(rt.getShape().begin(), rt.getShape().end());
    for (int64_t &d : s)
      if (d == S)
        d = ShapedType::kDynamic;
    return RankedTensorType::get(s, rt.getElementType(), rt.getEncoding());
  };
  auto where = [&](Operation *op) {
    std::string s;
    if (auto nl = dyn_cast<NameLoc>(op->getLoc()))
      s = " at '" + nl.getName().str() + "'";
    return op->getName().getStringRef().str() + s;
  };
  auto reject = [&](const std::string &what) {
    return fail("input '" + dynInput + "' has a symbolic batch (dimension "
                "0) that " + what + " cannot take as a dynamic dimension; "
                "fix the batch with --batch N");
  };
  bool ok = true;
  module.walk([&](Operation *op) {
    if (!ok)
      return WalkResult::interrupt();
    if (isa<ModuleOp, func::FuncOp>(op))
      return WalkResult::advance();
    if (auto cs = dyn_cast<tosa::ConstShapeOp>(op)) {
      SmallVector<int64_t, 4> v;
      for (const APInt &a : cs.getValues().getValues<APInt>())
        v.push_back(a.getSExtValue());
      int count = 0;
      bool folded = false;
      for (int64_t &d : v) {
        if (d == S) {
          ++count;
          d = -1;
        } else if (d > S && d % S == 0) {
          folded = true;
        }
      }
      if (!count && !folded)
        return WalkResult::advance();
      bool onlyReshape = true;
      for (OpOperand &use : cs->getUses())
        onlyReshape &= isa<tosa::ReshapeOp>(use.getOwner()) &&
                       use.getOperandNumber() == 1;
      if (folded || count > 1 || !onlyReshape) {
        Operation *user = cs->use_empty() ? op : *cs->user_begin();
        ok = reject(where(user));
        return WalkResult::interrupt();
      }
      cs.setValuesAttr(DenseIntElementsAttr::get(
          RankedTensorType::get({static_cast<int64_t>(v.size())},
                                b.getIndexType()),
          v));
      return WalkResult::advance();
    }
    bool touches = false, folded = false;
    for (Type t : op->getOperandTypes())
      touches |= hasBatch(t, folded);
    for (Type t : op->getResultTypes())
      touches |= hasBatch(t, folded);
    if (!touches)
      return WalkResult::advance();
    bool supported =
        isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::ClampOp,
            tosa::MaxPool2dOp, tosa::AvgPool2dOp, tosa::ReshapeOp,
            tosa::MatMulOp, tosa::AddOp, tosa::SubOp, tosa::MulOp,
            tosa::TransposeOp, tosa::SigmoidOp, tosa::TanhOp,
            tosa::MaximumOp, tosa::MinimumOp, tosa::ExpOp,
            tosa::ReciprocalOp, tosa::ReduceMaxOp, tosa::ReduceSumOp,
            tosa::ConcatOp, tosa::PadOp, func::ReturnOp>(op) ||
        isa<qnn::QuantizeOp, qnn::DequantizeOp, qnn::RequantizeOp,
            qnn::Conv2DOp, qnn::MatmulOp, qnn::AddOp, qnn::MulOp,
            qnn::ConcatOp, qnn::AvgPool2DOp, qnn::ClampOp>(op);
    if (folded || !supported) {
      ok = reject(folded ? where(op) + " (the batch folded into another "
                                       "dimension)"
                         : where(op));
      return WalkResult::interrupt();
    }
    for (OpResult r : op->getResults())
      r.setType(dynType(r.getType()));
    return WalkResult::advance();
  });
  if (!ok)
    return false;
  for (auto fn : module.getOps<func::FuncOp>()) {
    Block &entry = fn.getBody().front();
    SmallVector<Type> args, results;
    for (BlockArgument a : entry.getArguments()) {
      a.setType(dynType(a.getType()));
      args.push_back(a.getType());
    }
    for (Type t : entry.getTerminator()->getOperandTypes())
      results.push_back(t);
    fn.setFunctionType(b.getFunctionType(args, results));
  }
  return true;
}

OwningOpRef<ModuleOp> Importer::run(StringRef bytes) {
  ctx->loadDialect<func::FuncDialect, tosa::TosaDialect, qnn::QNNDialect,
                   arith::ArithDialect>();
  Location fileLoc = FileLineColLoc::get(ctx, sourceName, 0, 0);
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  bool ok;
  try {
    ok = parseAndCheck(bytes) && checkSupported() && collectConstants() &&
         collectShapes() && importGraph(*module);
  } catch (const std::exception &e) {
    // Allocation failures on absurd sizes, or anything thrown by libonnx /
    // protobuf outside the guarded calls: still one error, no crash.
    ok = fail(Twine("import failed: ") + oneLine(e.what()));
  }
  if (!ok) {
    emitError(fileLoc) << error;
    return nullptr;
  }
  if (dynBatch && !makeBatchDynamic(*module)) {
    emitError(fileLoc) << error;
    return nullptr;
  }
  // A zero-size tensor (an empty constant or slice, a dimension that
  // shape inference computed as 0) has no TOSA form: one clear error that
  // names the node, instead of a verifier failure.
  std::string empty;
  module->walk([&](Operation *op) {
    auto isEmpty = [](Type t) {
      auto rt = dyn_cast<RankedTensorType>(t);
      return rt && llvm::is_contained(rt.getShape(), 0);
    };
    if (!llvm::any_of(op->getResultTypes(), isEmpty) &&
        !llvm::any_of(op->getOperandTypes(), isEmpty))
      return WalkResult::advance();
    empty = "'" + op->getName().getStringRef().str() + "'";
    if (auto nl = dyn_cast<NameLoc>(op->getLoc()))
      empty += " at '" + nl.getName().str() + "'";
    return WalkResult::interrupt();
  });
  if (!empty.empty()) {
    emitError(fileLoc) << "a zero-size tensor reaches " << empty
                       << ": empty tensors are not supported";
    return nullptr;
  }
  if (failed(verify(*module))) {
    emitError(fileLoc) << "the imported module does not verify (an importer "
                          "bug; the diagnostic above names the op)";
    return nullptr;
  }
  bool hasQDQ = false;
  module->walk([&](Operation *op) {
    hasQDQ |= isa<qnn::QuantizeOp, qnn::DequantizeOp>(op);
  });
  if (opts.fuseQDQ && hasQDQ) {
    PassManager pm(ctx, ModuleOp::getOperationName());
    pm.addPass(qnn::createQNNFuseQDQ());
    if (failed(pm.run(*module))) {
      emitError(fileLoc) << "qnn-fuse-qdq failed on the imported module";
      return nullptr;
    }
  }
  return module;
}

} // namespace

OwningOpRef<ModuleOp>
mlir::qnn::importONNXModel(StringRef bytes, StringRef sourceName,
                           MLIRContext *context,
                           const ONNXImportOptions &options) {
  Importer importer(context, options, sourceName);
  return importer.run(bytes);
}
