//===- JitRunner.cpp - JIT-compile and call lowered modules ---------------===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Runtime/JitRunner.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/CRunnerUtils.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/LLVMTranslationInterface.h"

#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/ExecutionEngine/Orc/Mangling.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>

using namespace quantmlir::runtime;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message.str());
}

static std::string typeToString(mlir::Type type) {
  std::string s;
  llvm::raw_string_ostream os(s);
  type.print(os);
  return s;
}

std::optional<DType> quantmlir::runtime::getDTypeFor(mlir::Type type) {
  if (type.isF32())
    return DType::F32;
  if (type.isF64())
    return DType::F64;
  if (type.isF16())
    return DType::F16;
  auto intType = llvm::dyn_cast<mlir::IntegerType>(type);
  if (!intType)
    return std::nullopt;
  bool isUnsigned = intType.isUnsigned();
  switch (intType.getWidth()) {
  case 1:
    return intType.isSignless() ? std::optional<DType>(DType::Bool)
                                : std::nullopt;
  case 8:
    return isUnsigned ? DType::U8 : DType::I8;
  case 16:
    return isUnsigned ? std::nullopt : std::optional<DType>(DType::I16);
  case 32:
    return isUnsigned ? std::nullopt : std::optional<DType>(DType::I32);
  case 64:
    return isUnsigned ? std::nullopt : std::optional<DType>(DType::I64);
  default:
    return std::nullopt;
  }
}

static llvm::Expected<TensorSpec> getTensorSpec(mlir::Type type,
                                                llvm::StringRef what,
                                                unsigned index,
                                                llvm::StringRef funcName) {
  std::string typeName = typeToString(type);
  auto prefix = [&]() {
    return (what + " " + llvm::Twine(index) + " of @" + funcName +
            " has type " + typeName + ": ")
        .str();
  };
  // Memrefs are passed like tensors (one descriptor of a dense row-major
  // buffer), as long as the buffer is exactly that.
  if (auto memrefType = llvm::dyn_cast<mlir::MemRefType>(type)) {
    if (!memrefType.getLayout().isIdentity())
      return makeError(prefix() + "only memrefs with the identity layout are "
                                  "supported");
    if (memrefType.getMemorySpace())
      return makeError(prefix() + "only memrefs in the default memory space "
                                  "are supported");
  } else if (!llvm::isa<mlir::RankedTensorType>(type)) {
    return makeError(prefix() + "only ranked tensors and memrefs are "
                                "supported");
  }
  auto shapedType = llvm::cast<mlir::ShapedType>(type);
  mlir::Type elementType = shapedType.getElementType();
  std::optional<DType> dtype = getDTypeFor(elementType);
  if (!dtype)
    return makeError(prefix() + "unsupported element type" +
                     (elementType.isBF16() ? " (numpy has no bfloat16)" : "") +
                     " (supported: f16, f32, f64, i1, i8, ui8, i16, i32, i64)");
  // The static dimensions alone must not overflow.
  llvm::SmallVector<int64_t, 4> staticDims;
  for (int64_t d : shapedType.getShape())
    staticDims.push_back(mlir::ShapedType::isDynamic(d) ? 1 : d);
  if (!getNumBytes(*dtype, staticDims))
    return makeError(prefix() + "too large");
  static_assert(kDynamicDim == mlir::ShapedType::kDynamic,
                "one marker for dynamic dimensions");
  TensorSpec spec;
  spec.dtype = *dtype;
  spec.shape.assign(shapedType.getShape().begin(), shapedType.getShape().end());
  spec.typeName = std::move(typeName);
  return spec;
}

bool TensorSpec::matches(llvm::ArrayRef<int64_t> concrete) const {
  if (concrete.size() != shape.size())
    return false;
  for (auto [expected, actual] : llvm::zip_equal(shape, concrete))
    if (expected != kDynamicDim ? expected != actual : actual < 0)
      return false;
  return true;
}

bool FunctionSignature::returnsResults() const {
  return llvm::any_of(results,
                      [](const TensorSpec &r) { return !r.hasStaticShape(); });
}

llvm::Expected<FunctionSignature>
quantmlir::runtime::getFunctionSignature(mlir::func::FuncOp func) {
  llvm::Expected<FunctionSignature> sig =
      getFunctionSignature(func.getFunctionType(), func.getSymName());
  if (!sig || func.isExternal())
    return sig;
  for (auto [i, arg] : llvm::enumerate(func.getArguments()))
    if (auto nameLoc = llvm::dyn_cast<mlir::NameLoc>(arg.getLoc()))
      sig->inputNames[i] = nameLoc.getName().str();
  return sig;
}

llvm::Expected<FunctionSignature>
quantmlir::runtime::getFunctionSignature(mlir::FunctionType type,
                                         llvm::StringRef name) {
  FunctionSignature sig;
  sig.name = name.str();
  for (auto [i, t] : llvm::enumerate(type.getInputs())) {
    llvm::Expected<TensorSpec> spec = getTensorSpec(t, "argument", i, sig.name);
    if (!spec)
      return spec.takeError();
    sig.inputs.push_back(std::move(*spec));
  }
  sig.inputNames.resize(sig.inputs.size());
  for (auto [i, t] : llvm::enumerate(type.getResults())) {
    llvm::Expected<TensorSpec> spec = getTensorSpec(t, "result", i, sig.name);
    if (!spec)
      return spec.takeError();
    sig.results.push_back(std::move(*spec));
  }
  return sig;
}

llvm::Error quantmlir::runtime::checkInput(const FunctionSignature &sig,
                                           unsigned index,
                                           const NDArray &array) {
  if (index >= sig.inputs.size())
    return makeError("@" + sig.name + " has only " +
                     llvm::Twine(sig.inputs.size()) + " arguments");
  const TensorSpec &spec = sig.inputs[index];
  if (spec.dtype != array.getDType() || !spec.matches(array.getShape()))
    return makeError("argument " + llvm::Twine(index) + " of @" + sig.name +
                     " expects " + spec.typeName + ", got " + array.describe());
  return llvm::Error::success();
}

llvm::Expected<llvm::SmallVector<NDArray, 1>>
quantmlir::runtime::allocateResults(const FunctionSignature &sig) {
  llvm::SmallVector<NDArray, 1> results;
  for (auto [i, spec] : llvm::enumerate(sig.results)) {
    if (!spec.hasStaticShape()) {
      results.emplace_back(); // allocated by the call
      continue;
    }
    llvm::Expected<NDArray> array = NDArray::create(
        spec.dtype, spec.shape,
        ("result " + llvm::Twine(i) + " of @" + sig.name).str());
    if (!array)
      return array.takeError();
    results.push_back(std::move(*array));
  }
  return results;
}

//===----------------------------------------------------------------------===//
// JitModule
//===----------------------------------------------------------------------===//

JitModule::JitModule() = default;
JitModule::~JitModule() = default;

static llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createHostTargetMachine() {
  llvm::Expected<llvm::orc::JITTargetMachineBuilder> builder =
      llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    return builder.takeError();
  return builder->createTargetMachine();
}

/// `<prefix>file:line:col<suffix>` for the first file location in `loc`, or
/// "" when it has none.
static std::string formatLocation(mlir::Location loc,
                                  llvm::StringRef prefix = " at ",
                                  llvm::StringRef suffix = "") {
  std::string result;
  loc->walk([&](mlir::Location l) {
    if (auto fileLoc = llvm::dyn_cast<mlir::FileLineColLoc>(l)) {
      result = (prefix + fileLoc.getFilename().getValue() + ":" +
                llvm::Twine(fileLoc.getLine()) + ":" +
                llvm::Twine(fileLoc.getColumn()) + suffix)
                   .str();
      return mlir::WalkResult::interrupt();
    }
    return mlir::WalkResult::advance();
  });
  return result;
}

/// Symbols the JIT provides to compiled code besides the process's own.
static bool isRuntimeSymbol(llvm::StringRef name) {
  return name == "memrefCopy";
}

/// Registers the LLVM IR translations the JIT supports on `context`.
static void registerTranslations(mlir::MLIRContext *context) {
  mlir::DialectRegistry registry;
  mlir::registerBuiltinDialectTranslation(registry);
  mlir::registerLLVMDialectTranslation(registry);
  mlir::registerOpenMPDialectTranslation(registry);
  context->appendDialectRegistry(registry);
}

bool quantmlir::runtime::usesOpenMP(mlir::ModuleOp module) {
  bool found = false;
  module->walk([&](mlir::Operation *op) {
    if (op->getName().getDialectNamespace() == "omp") {
      found = true;
      return mlir::WalkResult::interrupt();
    }
    return mlir::WalkResult::advance();
  });
  return found;
}

std::string quantmlir::runtime::getDefaultOpenMPLibrary() {
#ifdef QUANT_MLIR_LIBOMP_PATH
  return QUANT_MLIR_LIBOMP_PATH;
#else
  return "libomp.so.5";
#endif
}

/// Loads the OpenMP runtime into the process (once; libraries loaded
/// permanently are searched by the JIT's symbol resolution) and returns its
/// omp_set_num_threads.
static llvm::Expected<void (*)(int)>
loadOpenMPRuntime(const std::string &requested) {
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  std::string path = requested.empty()
                         ? quantmlir::runtime::getDefaultOpenMPLibrary()
                         : requested;
  void *symbol = llvm::sys::DynamicLibrary::SearchForAddressOfSymbol(
      "omp_set_num_threads");
  if (!symbol) {
    std::string error;
    if (llvm::sys::DynamicLibrary::LoadLibraryPermanently(path.c_str(), &error))
      return makeError("the module uses OpenMP (lowered with threads != 1) "
                       "but the OpenMP runtime '" +
                       path + "' cannot be loaded: " + error);
    symbol = llvm::sys::DynamicLibrary::SearchForAddressOfSymbol(
        "omp_set_num_threads");
    if (!symbol)
      return makeError("'" + path +
                       "' has no omp_set_num_threads: not an OpenMP runtime");
  }
  return reinterpret_cast<void (*)(int)>(symbol);
}

mlir::Operation *
quantmlir::runtime::findUntranslatableOp(mlir::ModuleOp module) {
  registerTranslations(module->getContext());
  mlir::Operation *found = nullptr;
  module->walk([&](mlir::Operation *op) {
    mlir::Dialect *dialect = op->getDialect();
    if (llvm::isa<mlir::UnrealizedConversionCastOp>(op) || !dialect ||
        !dialect->getRegisteredInterface<
            mlir::LLVMTranslationDialectInterface>()) {
      found = op;
      return mlir::WalkResult::interrupt();
    }
    return mlir::WalkResult::advance();
  });
  return found;
}

llvm::Expected<std::unique_ptr<JitModule>>
JitModule::create(mlir::ModuleOp module, const JitOptions &options) {
  static std::once_flag initTargets;
  std::call_once(initTargets, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    // Makes the symbols of this process searchable (declared functions).
    llvm::sys::DynamicLibrary::LoadLibraryPermanently(nullptr);
  });

  if (mlir::Operation *op = findUntranslatableOp(module))
    return makeError("the module is not fully lowered to the LLVM dialect: '" +
                     op->getName().getStringRef() + "'" +
                     formatLocation(op->getLoc()) +
                     " cannot be translated to LLVM IR");
  // The JIT resolves declared functions in this process; an unresolved one
  // would only be reported on stderr by the JIT's session, not as an error.
  for (auto func : module.getOps<mlir::LLVM::LLVMFuncOp>()) {
    if (!func.isExternal() || isRuntimeSymbol(func.getSymName()) ||
        llvm::sys::DynamicLibrary::SearchForAddressOfSymbol(
            func.getSymName().str()))
      continue;
    return makeError("@" + func.getSymName() +
                     formatLocation(func.getLoc(), " (", ")") +
                     " is declared but defined neither in the module nor in "
                     "the runtime");
  }

  std::unique_ptr<JitModule> jit(new JitModule());
  // OpenMP loops call into libomp (__kmpc_fork_call, ...).
  if (usesOpenMP(module)) {
    llvm::Expected<void (*)(int)> setThreads =
        loadOpenMPRuntime(options.openmpLibrary);
    if (!setThreads)
      return setThreads.takeError();
    jit->setOpenMPThreads = *setThreads;
  }
  // One target machine tunes the LLVM optimization pipeline (vectorizer cost
  // model), the other one is owned by the engine for code generation.
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> tm =
      createHostTargetMachine();
  if (!tm)
    return makeError("cannot create a target machine for the host: " +
                     llvm::toString(tm.takeError()));
  jit->targetMachine = std::move(*tm);
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> engineTm =
      createHostTargetMachine();
  if (!engineTm)
    return makeError("cannot create a target machine for the host: " +
                     llvm::toString(engineTm.takeError()));

  unsigned optLevel = std::min(options.optLevel, 3u);
  std::function<llvm::Error(llvm::Module *)> transformer =
      mlir::makeOptimizingTransformer(optLevel, /*sizeLevel=*/0,
                                      jit->targetMachine.get());
  mlir::ExecutionEngineOptions engineOptions;
  engineOptions.transformer = transformer;
  static constexpr llvm::CodeGenOptLevel kLevels[] = {
      llvm::CodeGenOptLevel::None, llvm::CodeGenOptLevel::Less,
      llvm::CodeGenOptLevel::Default, llvm::CodeGenOptLevel::Aggressive};
  engineOptions.jitCodeGenOptLevel = kLevels[optLevel];
  // Perf/GDB listeners are not needed and slow down compilation.
  engineOptions.enableGDBNotificationListener = false;
  engineOptions.enablePerfNotificationListener = false;

  llvm::Expected<std::unique_ptr<mlir::ExecutionEngine>> engine =
      mlir::ExecutionEngine::create(module, engineOptions,
                                    std::move(*engineTm));
  if (!engine)
    return makeError("JIT compilation failed: " +
                     llvm::toString(engine.takeError()));
  jit->engine = std::move(*engine);
  // finalize-memref-to-llvm lowers a memref.copy between non-contiguous
  // buffers (e.g. into a padded subview) to a call to `memrefCopy`.
  jit->engine->registerSymbols([](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap symbols;
    symbols[interner("memrefCopy")] = {
        llvm::orc::ExecutorAddr::fromPtr(&memrefCopy),
        llvm::JITSymbolFlags::Exported};
    return symbols;
  });
  jit->engine->initialize();
  return std::move(jit);
}

namespace {
/// A ranked memref descriptor laid out as compiled code expects it:
/// {allocated, aligned, offset, sizes[rank], strides[rank]}, 8 bytes each.
struct Descriptor {
  Descriptor(const void *data, llvm::ArrayRef<int64_t> shape) {
    int64_t rank = shape.size();
    fields.resize(3 + 2 * rank);
    auto ptr = reinterpret_cast<intptr_t>(data);
    fields[0] = ptr; // allocated
    fields[1] = ptr; // aligned
    fields[2] = 0;   // offset
    int64_t stride = 1;
    for (int64_t d = rank - 1; d >= 0; --d) {
      fields[3 + d] = shape[d];
      fields[3 + rank + d] = stride;
      stride *= shape[d];
    }
  }
  llvm::SmallVector<int64_t, 11> fields;
};
static_assert(sizeof(intptr_t) == sizeof(int64_t), "64-bit hosts only");
} // namespace

void JitFunction::prepareThreads() const {
  // A per-thread setting (OpenMP's nthreads-var): set on every call, from
  // whichever thread makes it.
  if (setOpenMPThreads && numThreads)
    setOpenMPThreads(static_cast<int>(numThreads));
}

void JitFunction::call(llvm::ArrayRef<const void *> inputs,
                       llvm::MutableArrayRef<NDArray> outputs) const {
  prepareThreads();
  assert(packed && "calling an empty JitFunction");
  assert(inputs.size() == signature.inputs.size() &&
         outputs.size() == signature.results.size() && "signature mismatch");
  // A programming error, not bad input: never pass a dynamic size through.
  if (signature.returnsResults() ||
      !llvm::all_of(signature.inputs,
                    [](const TensorSpec &s) { return s.hasStaticShape(); }))
    llvm::report_fatal_error(
        llvm::Twine("JitFunction::call: @") + signature.name +
        " has dynamic shapes; call the overload taking the input shapes");
  // One descriptor per argument, then one pointer to each descriptor; the
  // packed wrapper receives the address of each of these pointers.
  llvm::SmallVector<Descriptor, 4> descriptors;
  for (auto [data, spec] : llvm::zip_equal(inputs, signature.inputs))
    descriptors.emplace_back(data, spec.shape);
  for (NDArray &output : outputs)
    descriptors.emplace_back(output.getData(), output.getShape());
  llvm::SmallVector<void *, 4> descriptorPtrs;
  for (Descriptor &d : descriptors)
    descriptorPtrs.push_back(d.fields.data());
  llvm::SmallVector<void *, 4> args;
  for (void *&p : descriptorPtrs)
    args.push_back(&p);
  packed(args.data());
}

llvm::Error
JitFunction::call(llvm::ArrayRef<const void *> inputs,
                  llvm::ArrayRef<llvm::SmallVector<int64_t, 4>> inputShapes,
                  llvm::MutableArrayRef<NDArray> outputs) const {
  assert(packed && "calling an empty JitFunction");
  prepareThreads();
  assert(inputs.size() == signature.inputs.size() &&
         inputShapes.size() == signature.inputs.size() &&
         outputs.size() == signature.results.size() && "signature mismatch");
  for (auto [i, shape, spec] : llvm::enumerate(inputShapes, signature.inputs))
    if (!spec.matches(shape))
      return makeError("argument " + llvm::Twine(i) + " of @" + signature.name +
                       " expects " + spec.typeName + ", got shape " +
                       formatShape(shape));
  llvm::SmallVector<Descriptor, 4> descriptors;
  for (auto [data, shape] : llvm::zip_equal(inputs, inputShapes))
    descriptors.emplace_back(data, shape);

  if (!signature.returnsResults()) {
    for (auto [i, output, spec] : llvm::enumerate(outputs, signature.results))
      if (output.getDType() != spec.dtype ||
          output.getShape() != llvm::ArrayRef<int64_t>(spec.shape))
        return makeError("result " + llvm::Twine(i) + " of @" + signature.name +
                         " needs a buffer of type " + spec.typeName + ", got " +
                         output.describe());
    for (NDArray &output : outputs)
      descriptors.emplace_back(output.getData(), output.getShape());
    llvm::SmallVector<void *, 4> descriptorPtrs;
    for (Descriptor &d : descriptors)
      descriptorPtrs.push_back(d.fields.data());
    llvm::SmallVector<void *, 4> args;
    for (void *&p : descriptorPtrs)
      args.push_back(&p);
    packed(args.data());
    return llvm::Error::success();
  }

  // The function returns its results: the wrapper's first argument points
  // to the result descriptors, one after the other (every field is 8
  // bytes, so the LLVM struct of descriptors has no padding).
  size_t numFields = 0;
  for (const TensorSpec &spec : signature.results)
    numFields += 3 + 2 * spec.shape.size();
  llvm::SmallVector<int64_t, 16> returned(numFields, 0);
  void *resultPtr = returned.data();
  llvm::SmallVector<void *, 4> descriptorPtrs;
  for (Descriptor &d : descriptors)
    descriptorPtrs.push_back(d.fields.data());
  llvm::SmallVector<void *, 5> args;
  args.push_back(&resultPtr);
  for (void *&p : descriptorPtrs)
    args.push_back(&p);
  packed(args.data());

  // Copy every result out (strided reads), then free each returned buffer
  // once: several results may be views of one allocation. A buffer that is
  // one of the inputs is never freed (the lowering copies returned
  // arguments, this only guards against foreign code).
  llvm::Error error = llvm::Error::success();
  llvm::SmallVector<void *, 4> toFree;
  size_t field = 0;
  for (auto [i, spec] : llvm::enumerate(signature.results)) {
    int64_t rank = spec.shape.size();
    const int64_t *d = returned.data() + field;
    field += 3 + 2 * rank;
    auto *allocated = reinterpret_cast<void *>(d[0]);
    const char *aligned = reinterpret_cast<const char *>(d[1]);
    if (allocated && !llvm::is_contained(toFree, allocated) &&
        !llvm::is_contained(inputs, allocated))
      toFree.push_back(allocated);
    if (error)
      continue;
    llvm::ArrayRef<int64_t> sizes(d + 3, rank), strides(d + 3 + rank, rank);
    if (!spec.matches(sizes)) {
      error = makeError("result " + llvm::Twine(i) + " of @" + signature.name +
                        " (" + spec.typeName + ") came back with shape " +
                        formatShape(sizes));
      continue;
    }
    llvm::Expected<NDArray> array = NDArray::create(
        spec.dtype, sizes,
        ("result " + llvm::Twine(i) + " of @" + signature.name).str());
    if (!array) {
      error = array.takeError();
      continue;
    }
    size_t elemSize = getDTypeSize(spec.dtype);
    const char *base = aligned + d[2] * elemSize;
    char *dst = array->getDataAs<char>();
    int64_t count = array->getNumElements();
    // Dense row-major results (the identity layout) are one copy.
    bool dense = true;
    int64_t expected = 1;
    for (int64_t k = rank - 1; k >= 0; --k) {
      if (sizes[k] != 1 && strides[k] != expected)
        dense = false;
      expected *= sizes[k];
    }
    if (dense) {
      if (count)
        std::memcpy(dst, base, count * elemSize);
    } else {
      llvm::SmallVector<int64_t, 4> index(rank, 0);
      for (int64_t e = 0; e < count; ++e) {
        int64_t offset = 0;
        for (int64_t k = 0; k < rank; ++k)
          offset += index[k] * strides[k];
        std::memcpy(dst + e * elemSize, base + offset * elemSize, elemSize);
        for (int64_t k = rank - 1; k >= 0; --k) {
          if (++index[k] < sizes[k])
            break;
          index[k] = 0;
        }
      }
    }
    outputs[i] = std::move(*array);
  }
  for (void *p : toFree)
    std::free(p);
  return error;
}

llvm::Expected<JitFunction>
JitModule::lookup(const FunctionSignature &signature) {
  std::string symbol = "_mlir_ciface_" + signature.name;
  llvm::Expected<void (*)(void **)> fn = engine->lookupPacked(symbol);
  if (!fn)
    return makeError("cannot load @" + signature.name + " (" + symbol +
                     ") from the JIT: " + llvm::toString(fn.takeError()));
  JitFunction function;
  function.packed = *fn;
  function.setOpenMPThreads = setOpenMPThreads;
  function.signature = signature;
  return function;
}

llvm::Error JitModule::invoke(llvm::StringRef function,
                              llvm::ArrayRef<const NDArray *> inputs,
                              llvm::MutableArrayRef<NDArray> outputs,
                              unsigned repeat, double *secondsPerRun) {
  FunctionSignature signature;
  signature.name = function.str();
  for (const NDArray *input : inputs)
    signature.inputs.push_back(
        {input->getDType(), llvm::SmallVector<int64_t, 4>(input->getShape()),
         ""});
  for (NDArray &output : outputs)
    signature.results.push_back(
        {output.getDType(), llvm::SmallVector<int64_t, 4>(output.getShape()),
         ""});
  llvm::Expected<JitFunction> fn = lookup(signature);
  if (!fn)
    return fn.takeError();
  llvm::SmallVector<const void *, 4> data;
  for (const NDArray *input : inputs)
    data.push_back(input->getData());

  repeat = std::max(repeat, 1u);
  auto start = std::chrono::steady_clock::now();
  for (unsigned i = 0; i < repeat; ++i)
    fn->call(data, outputs);
  auto end = std::chrono::steady_clock::now();
  if (secondsPerRun)
    *secondsPerRun =
        std::chrono::duration<double>(end - start).count() / repeat;
  return llvm::Error::success();
}
