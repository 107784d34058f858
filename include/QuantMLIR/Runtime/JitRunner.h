//===- JitRunner.h - JIT-compile and call lowered modules -------*- C++ -*-===//
//
// Part of QuantMLIR.
//
// Calls a function of a module lowered by qnn-lower-to-llvm through its
// `_mlir_ciface_<name>` wrapper: one pointer to a memref descriptor
// {allocated, aligned, offset, sizes[rank], strides[rank]} per argument,
// inputs first, then one caller-allocated output buffer per original tensor
// result (buffer-results-to-out-params) when every result has a static
// shape. A function with a dynamically shaped result returns its results
// instead: the wrapper's first argument points to where it writes the
// result descriptors (one after the other), whose buffers the caller owns
// and frees (docs/Design.md, "Calling convention").
//
// The tensor signature must be read with getFunctionSignature BEFORE
// lowering: afterwards the function only takes pointers. qnn-lower-to-llvm
// records it in the `qnn.signature` attribute of the llvm.func, from which
// a module lowered ahead of time can be called.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_RUNTIME_JITRUNNER_H
#define QUANTMLIR_RUNTIME_JITRUNNER_H

#include "QuantMLIR/Runtime/NDArray.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Types.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>

namespace llvm {
class TargetMachine;
} // namespace llvm

namespace mlir {
class ExecutionEngine;
namespace func {
class FuncOp;
} // namespace func
} // namespace mlir

namespace quantmlir {
namespace runtime {

/// Marks a dynamic dimension in TensorSpec::shape (mlir::ShapedType's).
inline constexpr int64_t kDynamicDim = std::numeric_limits<int64_t>::min();

/// The type of one function argument or result: a ranked tensor, or a
/// memref with the identity layout. Dimensions may be dynamic (kDynamicDim).
struct TensorSpec {
  DType dtype;
  llvm::SmallVector<int64_t, 4> shape;
  /// The MLIR type as written, e.g. `tensor<1x16x16x3xf32>`.
  std::string typeName;

  bool hasStaticShape() const {
    return !llvm::is_contained(shape, kDynamicDim);
  }
  /// Whether `concrete` (no dynamic dimension) is a shape of this type.
  bool matches(llvm::ArrayRef<int64_t> concrete) const;
};

/// The signature of a function, read before lowering.
struct FunctionSignature {
  std::string name;
  llvm::SmallVector<TensorSpec, 2> inputs;
  llvm::SmallVector<TensorSpec, 1> results;
  /// Argument names, "" where unknown: the name of the argument's location
  /// (`%arg0: tensor<...> loc("image")`), as importers write them; .npz
  /// inputs may be keyed by them.
  llvm::SmallVector<std::string, 2> inputNames;

  /// Whether the lowered function returns its results (some result has a
  /// dynamic dimension) instead of writing them into out-parameters. The
  /// same rule as qnn-lower-to-llvm's.
  bool returnsResults() const;
};

/// Maps an MLIR element type to a runtime dtype: f16, f32, f64, i1, i8/si8,
/// ui8, i16/si16, i32/si32, i64/si64. Returns std::nullopt for anything else.
std::optional<DType> getDTypeFor(mlir::Type elementType);

/// Reads the signature of `func`. Every argument and result must be a ranked
/// tensor or an identity-layout memref with a supported element type;
/// dimensions may be dynamic.
llvm::Expected<FunctionSignature> getFunctionSignature(mlir::func::FuncOp func);

/// Same, from the function type `type` of function `name` (e.g. the one
/// qnn-lower-to-llvm recorded).
llvm::Expected<FunctionSignature> getFunctionSignature(mlir::FunctionType type,
                                                       llvm::StringRef name);

/// Checks that `array` matches input `index` of `signature` (any size for a
/// dynamic dimension); the error reads "argument 0 of @main expects
/// tensor<1x16x16x3xf32>, got float64 [1,16,16]".
llvm::Error checkInput(const FunctionSignature &signature, unsigned index,
                       const NDArray &array);

/// Allocates zeroed arrays for the results of `signature`; fails (one line)
/// when the memory cannot be allocated. Results with a dynamic shape get an
/// empty array: the call allocates them.
llvm::Expected<llvm::SmallVector<NDArray, 1>>
allocateResults(const FunctionSignature &sig);

/// Returns the first operation of `module` that JitModule cannot translate to
/// LLVM IR (its dialect has no LLVM IR translation registered, or it is an
/// unrealized conversion cast), or null when the module is fully lowered.
/// Registers JitModule's LLVM IR translations on the module's context.
mlir::Operation *findUntranslatableOp(mlir::ModuleOp module);

/// A compiled function, callable from several threads at once (the code
/// lowered by qnn-lower-to-llvm keeps no state between calls).
class JitFunction {
public:
  JitFunction() = default;

  const FunctionSignature &getSignature() const { return signature; }

  /// Threads of the OpenMP loops in the function (a module lowered with
  /// qnn-lower-to-llvm{threads=0}): every call made afterwards, from any
  /// thread, sets the calling thread's OpenMP team size to `n` first. 0
  /// (the default) leaves libomp's default (OMP_NUM_THREADS, else all
  /// cores). No effect on modules without OpenMP.
  void setNumThreads(unsigned n) { numThreads = n; }
  unsigned getNumThreads() const { return numThreads; }

  /// Calls a function whose signature has static shapes once: `inputs[i]`
  /// points to the dense row-major data of argument i (shape and dtype of
  /// the signature; only read), `outputs[i]` is preallocated with the shape
  /// of result i.
  void call(llvm::ArrayRef<const void *> inputs,
            llvm::MutableArrayRef<NDArray> outputs) const;

  /// Calls the function once on arguments of shapes `inputShapes` (each the
  /// signature's shape with its dynamic dimensions given; checked). With
  /// static result shapes, `outputs[i]` is preallocated as above; when the
  /// function returns its results (FunctionSignature::returnsResults),
  /// `outputs[i]` is replaced by an array of the returned shape holding a
  /// copy of the result, and the returned buffers are freed. Fails (one
  /// line) on a shape mismatch or when memory runs out.
  llvm::Error call(llvm::ArrayRef<const void *> inputs,
                   llvm::ArrayRef<llvm::SmallVector<int64_t, 4>> inputShapes,
                   llvm::MutableArrayRef<NDArray> outputs) const;

private:
  friend class JitModule;
  /// Sets the calling thread's OpenMP team size before a call.
  void prepareThreads() const;

  void (*packed)(void **) = nullptr;
  /// libomp's omp_set_num_threads, when the module uses OpenMP.
  void (*setOpenMPThreads)(int) = nullptr;
  unsigned numThreads = 0;
  FunctionSignature signature;
};

/// Whether `module` (LLVM dialect) has OpenMP constructs, which need the
/// OpenMP runtime (libomp) at run time.
bool usesOpenMP(mlir::ModuleOp module);

/// The OpenMP runtime JitModule loads for modules that use OpenMP: the
/// libomp found when QuantMLIR was configured, else "libomp.so.5" from the
/// dynamic loader's search path.
std::string getDefaultOpenMPLibrary();

struct JitOptions {
  /// LLVM optimization level of the JIT (0-3).
  unsigned optLevel = 3;
  /// The OpenMP runtime loaded (once per process, permanently) when the
  /// module uses OpenMP; "" gives getDefaultOpenMPLibrary().
  std::string openmpLibrary;
};

/// A module lowered to the LLVM dialect, compiled by mlir::ExecutionEngine.
class JitModule {
public:
  ~JitModule();

  /// JIT-compiles `module`, which must be in the LLVM dialect (run
  /// qnn-lower-to-llvm first; an operation left in another dialect is an
  /// error naming it). Registers the LLVM IR translations on the module's
  /// context.
  static llvm::Expected<std::unique_ptr<JitModule>>
  create(mlir::ModuleOp module, const JitOptions &options = {});

  /// Looks up `_mlir_ciface_<function>`, whose tensor signature (read
  /// before lowering) is `signature`.
  llvm::Expected<JitFunction> lookup(const FunctionSignature &signature);

  /// Whether the compiled module runs OpenMP loops (libomp is loaded).
  bool hasOpenMP() const { return setOpenMPThreads != nullptr; }

  /// Calls `_mlir_ciface_<function>` `repeat` (at least 1) times with
  /// `inputs` followed by `outputs` (preallocated with the result shapes;
  /// functions that return their results are not supported here).
  /// When `secondsPerRun` is given, it receives the mean wall time of one
  /// call.
  llvm::Error invoke(llvm::StringRef function,
                     llvm::ArrayRef<const NDArray *> inputs,
                     llvm::MutableArrayRef<NDArray> outputs,
                     unsigned repeat = 1, double *secondsPerRun = nullptr);

private:
  JitModule();

  std::unique_ptr<llvm::TargetMachine> targetMachine;
  std::unique_ptr<mlir::ExecutionEngine> engine;
  void (*setOpenMPThreads)(int) = nullptr;
};

} // namespace runtime
} // namespace quantmlir

#endif // QUANTMLIR_RUNTIME_JITRUNNER_H
