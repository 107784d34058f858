//===- Dispatch.cpp - several target variants in one object ---------------===//
//
// Part of QuantMLIR. See Dispatch.h and docs/AOT.md.
//
// The generated code, per library:
//   i32 __quantmlir_select_variant()  CPUID leaves 1, 7.0, 7.1 and XCR0 (only
//       read with XGETBV when the OS enabled it: OSXSAVE) decide which
//       variants can run; QUANTMLIR_VARIANT=<name> in the environment picks
//       one (ignored with a message on stderr if this CPU cannot run it);
//       otherwise the first runnable variant wins; -1 if none.
//   i32 __quantmlir_variant_index()   the selection, made once and cached
//       (a benign race: every thread computes the same value).
//   _mlir_ciface_<f>(...)             switch on the index, call that
//       variant's _mlir_ciface_<f>; with no runnable variant, a message on
//       stderr and abort().
//   const char *quantmlir_variant()   the selected variant's name ("none").
//
//===----------------------------------------------------------------------===//

#include "Dispatch.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/Linker/Linker.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace quantmlir {
namespace aot {
namespace dispatch {
namespace {

/// A target feature as CPUID reports it: leaf / subleaf, register (0 eax,
/// 1 ebx, 2 ecx, 3 edx), bit, and the XCR0 bits the OS must have enabled for
/// its registers (6: xmm + ymm; 0xE6: also the AVX-512 opmask and zmm state).
struct CpuFeature {
  const char *name;
  unsigned leaf, subleaf, reg, bit, xcr0;
};

const CpuFeature kFeatures[] = {
    {"sse3", 1, 0, 2, 0, 0},        {"ssse3", 1, 0, 2, 9, 0},
    {"sse4.1", 1, 0, 2, 19, 0},     {"sse4.2", 1, 0, 2, 20, 0},
    {"popcnt", 1, 0, 2, 23, 0},     {"fma", 1, 0, 2, 12, 0x6},
    {"avx", 1, 0, 2, 28, 0x6},      {"f16c", 1, 0, 2, 29, 0x6},
    {"bmi", 7, 0, 1, 3, 0},         {"avx2", 7, 0, 1, 5, 0x6},
    {"bmi2", 7, 0, 1, 8, 0},        {"avx512f", 7, 0, 1, 16, 0xE6},
    {"avx512dq", 7, 0, 1, 17, 0xE6}, {"avx512bw", 7, 0, 1, 30, 0xE6},
    {"avx512vl", 7, 0, 1, 31, 0xE6}, {"avx512vnni", 7, 0, 2, 11, 0xE6},
    {"avxvnni", 7, 1, 0, 4, 0x6},   {"avx512bf16", 7, 1, 0, 5, 0xE6},
};

const CpuFeature *findFeature(StringRef name) {
  for (const CpuFeature &f : kFeatures)
    if (name == f.name)
      return &f;
  return nullptr;
}

struct Variant {
  std::string path, name;
  SmallVector<const CpuFeature *> features;
  StringMap<std::string> entries; // _mlir_ciface_f -> renamed function
  SmallVector<std::string> renamed; // made internal once linked
};

/// A name for the variant's feature set (sorted): the qnn-lower-to-llvm
/// target that produces exactly this set, else "x86-" and the features.
std::string variantName(ArrayRef<const CpuFeature *> features) {
  SmallVector<StringRef> names;
  for (const CpuFeature *f : features)
    names.push_back(f->name);
  std::string joined = llvm::join(names, "+");
  if (joined.empty())
    return "generic";
  if (joined == "avx2+fma")
    return "x86-avx2";
  if (joined == "avx2+avxvnni+fma")
    return "x86-avxvnni";
  if (joined == "avx2+avx512bw+avx512dq+avx512f+avx512vl+avx512vnni+fma")
    return "x86-avx512vnni";
  return "x86-" + joined;
}

/// Reads the `+feature`s of the functions defined in `m`, renames its
/// external definitions `<name>.v<index>` (made internal after linking: the
/// linker drops unreferenced internal symbols), and records its C entry
/// points.
bool prepare(Module &m, unsigned index, Variant &v, std::string &why) {
  SmallVector<std::string> wanted;
  for (Function &f : m) {
    if (f.isDeclaration() || !f.hasFnAttribute("target-features"))
      continue;
    SmallVector<StringRef> list;
    f.getFnAttribute("target-features")
        .getValueAsString()
        .split(list, ',', -1, false);
    for (StringRef feat : list)
      if (feat.consume_front("+") && !llvm::is_contained(wanted, feat.str()))
        wanted.push_back(feat.str());
  }
  for (const std::string &feat : wanted) {
    const CpuFeature *f = findFeature(feat);
    if (!f) {
      SmallVector<StringRef> known;
      for (const CpuFeature &k : kFeatures)
        known.push_back(k.name);
      why = "'" + v.path + "': target feature '+" + feat +
            "' cannot be tested at run time (known: " +
            llvm::join(known, ", ") + ")";
      return false;
    }
    v.features.push_back(f);
  }
  llvm::sort(v.features, [](const CpuFeature *a, const CpuFeature *b) {
    return StringRef(a->name) < StringRef(b->name);
  });
  v.name = variantName(v.features);
  std::string suffix = ".v" + std::to_string(index);
  for (GlobalValue &gv : m.global_values()) {
    if (gv.isDeclaration() || gv.hasLocalLinkage() || !gv.hasName() ||
        gv.getName().starts_with("llvm."))
      continue;
    std::string old = gv.getName().str();
    gv.setName(old + suffix);
    v.renamed.push_back(gv.getName().str());
    if (isa<Function>(gv) && StringRef(old).starts_with("_mlir_ciface_"))
      v.entries[old] = gv.getName().str();
  }
  if (v.entries.empty()) {
    why = "'" + v.path + "' has no C entry point (_mlir_ciface_<name>): "
          "lower it with quant-opt --qnn-lower-to-llvm";
    return false;
  }
  return true;
}

/// `write(2, text)`, for messages from the generated code.
void emitMessage(IRBuilder<> &b, Module &m, StringRef text) {
  LLVMContext &ctx = m.getContext();
  FunctionCallee write = m.getOrInsertFunction(
      "write", FunctionType::get(b.getInt64Ty(),
                                 {b.getInt32Ty(), PointerType::get(ctx, 0),
                                  b.getInt64Ty()},
                                 false));
  b.CreateCall(write, {b.getInt32(2), b.CreateGlobalString(text),
                       b.getInt64(text.size())});
}

Function *buildSelect(Module &m, ArrayRef<Variant> variants) {
  LLVMContext &ctx = m.getContext();
  IRBuilder<> b(ctx);
  Type *i32 = b.getInt32Ty();
  auto *fn = Function::Create(FunctionType::get(i32, false),
                              GlobalValue::InternalLinkage,
                              "__quantmlir_select_variant", m);
  BasicBlock *entry = BasicBlock::Create(ctx, "entry", fn);
  BasicBlock *xgetbv = BasicBlock::Create(ctx, "xgetbv", fn);
  BasicBlock *join = BasicBlock::Create(ctx, "join", fn);
  BasicBlock *forced = BasicBlock::Create(ctx, "forced", fn);
  BasicBlock *rejected = BasicBlock::Create(ctx, "rejected", fn);
  BasicBlock *automatic = BasicBlock::Create(ctx, "automatic", fn);

  b.SetInsertPoint(entry);
  auto *regs = StructType::get(ctx, {i32, i32, i32, i32});
  InlineAsm *cpuid = InlineAsm::get(
      FunctionType::get(regs, {i32, i32}, false), "cpuid",
      "={ax},={bx},={cx},={dx},{ax},{cx},~{dirflag},~{fpsr},~{flags}",
      /*hasSideEffects=*/true);
  auto leaf = [&](unsigned l, unsigned sub) {
    return b.CreateCall(cpuid, {b.getInt32(l), b.getInt32(sub)});
  };
  Value *maxLeaf = b.CreateExtractValue(leaf(0, 0), 0);
  Value *l1 = leaf(1, 0), *l70 = leaf(7, 0), *l71 = leaf(7, 1);
  Value *has7 = b.CreateICmpUGE(maxLeaf, b.getInt32(7));
  Value *has71 = b.CreateAnd(
      has7, b.CreateICmpUGE(b.CreateExtractValue(l70, 0), b.getInt32(1)));
  auto bitSet = [&](Value *word, unsigned bit) {
    return b.CreateICmpNE(b.CreateAnd(word, b.getInt32(1u << bit)),
                          b.getInt32(0));
  };
  Value *osxsave = bitSet(b.CreateExtractValue(l1, 2), 27);
  b.CreateCondBr(osxsave, xgetbv, join);

  b.SetInsertPoint(xgetbv);
  InlineAsm *xgetbvAsm = InlineAsm::get(
      FunctionType::get(StructType::get(ctx, {i32, i32}), {i32}, false),
      "xgetbv", "={ax},={dx},{cx},~{dirflag},~{fpsr},~{flags}", true);
  Value *xcr0Read =
      b.CreateExtractValue(b.CreateCall(xgetbvAsm, {b.getInt32(0)}), 0);
  b.CreateBr(join);

  b.SetInsertPoint(join);
  PHINode *xcr0 = b.CreatePHI(i32, 2);
  xcr0->addIncoming(b.getInt32(0), entry);
  xcr0->addIncoming(xcr0Read, xgetbv);
  SmallVector<Value *> runnable;
  for (const Variant &v : variants) {
    Value *ok = b.getTrue();
    for (const CpuFeature *f : v.features) {
      Value *regsOf = f->leaf == 1 ? l1 : f->subleaf == 0 ? l70 : l71;
      Value *bit = bitSet(b.CreateExtractValue(regsOf, f->reg), f->bit);
      if (f->leaf == 7)
        bit = b.CreateAnd(bit, f->subleaf == 0 ? has7 : has71);
      if (f->xcr0)
        bit = b.CreateAnd(bit, b.CreateICmpEQ(
                                   b.CreateAnd(xcr0, b.getInt32(f->xcr0)),
                                   b.getInt32(f->xcr0)));
      ok = b.CreateAnd(ok, bit);
    }
    runnable.push_back(ok);
  }
  Type *ptr = PointerType::get(ctx, 0);
  FunctionCallee getenv = m.getOrInsertFunction(
      "getenv", FunctionType::get(ptr, {ptr}, false));
  Value *env = b.CreateCall(getenv, {b.CreateGlobalString("QUANTMLIR_VARIANT")});
  b.CreateCondBr(b.CreateIsNull(env), automatic, forced);

  // QUANTMLIR_VARIANT=<name>: that variant if this CPU can run it.
  b.SetInsertPoint(forced);
  FunctionCallee strcmp = m.getOrInsertFunction(
      "strcmp", FunctionType::get(i32, {ptr, ptr}, false));
  Value *choice = b.getInt32(-1);
  for (int k = int(variants.size()) - 1; k >= 0; --k) {
    Value *same = b.CreateICmpEQ(
        b.CreateCall(strcmp, {env, b.CreateGlobalString(variants[k].name)}),
        b.getInt32(0));
    choice = b.CreateSelect(b.CreateAnd(same, runnable[k]), b.getInt32(k),
                            choice);
  }
  b.CreateCondBr(b.CreateICmpSGE(choice, b.getInt32(0)), automatic, rejected);
  // (The `automatic` block below takes `choice` when it is valid.)

  b.SetInsertPoint(rejected);
  SmallVector<std::string> names;
  for (const Variant &v : variants)
    names.push_back(v.name);
  emitMessage(b, m,
              "quantmlir: QUANTMLIR_VARIANT names no variant this CPU can "
              "run (variants: " +
                  llvm::join(names, ", ") + "); choosing automatically\n");
  b.CreateBr(automatic);

  b.SetInsertPoint(automatic);
  PHINode *pick = b.CreatePHI(i32, 3);
  pick->addIncoming(b.getInt32(-1), join);
  pick->addIncoming(choice, forced);
  pick->addIncoming(b.getInt32(-1), rejected);
  Value *best = b.getInt32(-1);
  for (int k = int(variants.size()) - 1; k >= 0; --k)
    best = b.CreateSelect(runnable[k], b.getInt32(k), best);
  b.CreateRet(b.CreateSelect(b.CreateICmpSGE(pick, b.getInt32(0)), pick, best));
  return fn;
}

/// The cached selection: computed on the first call.
Function *buildIndex(Module &m, Function *select) {
  LLVMContext &ctx = m.getContext();
  IRBuilder<> b(ctx);
  Type *i32 = b.getInt32Ty();
  auto *cache = new GlobalVariable(m, i32, false, GlobalValue::InternalLinkage,
                                   b.getInt32(-2), "__quantmlir_variant_cache");
  auto *fn = Function::Create(FunctionType::get(i32, false),
                              GlobalValue::InternalLinkage,
                              "__quantmlir_variant_index", m);
  BasicBlock *entry = BasicBlock::Create(ctx, "entry", fn);
  BasicBlock *compute = BasicBlock::Create(ctx, "compute", fn);
  BasicBlock *done = BasicBlock::Create(ctx, "done", fn);
  b.SetInsertPoint(entry);
  LoadInst *cached = b.CreateAlignedLoad(i32, cache, Align(4));
  cached->setAtomic(AtomicOrdering::Monotonic);
  b.CreateCondBr(b.CreateICmpEQ(cached, b.getInt32(-2)), compute, done);
  b.SetInsertPoint(compute);
  Value *chosen = b.CreateCall(select);
  StoreInst *store = b.CreateAlignedStore(chosen, cache, Align(4));
  store->setAtomic(AtomicOrdering::Monotonic);
  b.CreateBr(done);
  b.SetInsertPoint(done);
  PHINode *result = b.CreatePHI(i32, 2);
  result->addIncoming(cached, entry);
  result->addIncoming(chosen, compute);
  b.CreateRet(result);
  return fn;
}

void buildEntry(Module &m, StringRef name, FunctionType *type,
                ArrayRef<Variant> variants, Function *index) {
  LLVMContext &ctx = m.getContext();
  IRBuilder<> b(ctx);
  auto *fn =
      Function::Create(type, GlobalValue::ExternalLinkage, name, m);
  BasicBlock *entry = BasicBlock::Create(ctx, "entry", fn);
  BasicBlock *none = BasicBlock::Create(ctx, "none", fn);
  b.SetInsertPoint(entry);
  SwitchInst *sw =
      b.CreateSwitch(b.CreateCall(index), none, unsigned(variants.size()));
  SmallVector<Value *> args;
  for (Argument &a : fn->args())
    args.push_back(&a);
  for (auto [k, v] : llvm::enumerate(variants)) {
    BasicBlock *bb = BasicBlock::Create(ctx, v.name, fn);
    sw->addCase(b.getInt32(k), bb);
    b.SetInsertPoint(bb);
    CallInst *call = b.CreateCall(m.getFunction(v.entries.lookup(name)), args);
    call->setTailCall();
    if (type->getReturnType()->isVoidTy())
      b.CreateRetVoid();
    else
      b.CreateRet(call);
  }
  b.SetInsertPoint(none);
  SmallVector<std::string> names;
  for (const Variant &v : variants) {
    SmallVector<StringRef> feats;
    for (const CpuFeature *f : v.features)
      feats.push_back(f->name);
    names.push_back(v.name + " (" +
                    (feats.empty() ? std::string("-") : llvm::join(feats, ",")) +
                    ")");
  }
  emitMessage(b, m,
              "quantmlir: this CPU lacks the features of every variant of " +
                  name.str() + ": " + llvm::join(names, ", ") + "\n");
  b.CreateCall(m.getOrInsertFunction("abort",
                                     FunctionType::get(b.getVoidTy(), false)));
  b.CreateUnreachable();
}

void buildNameQuery(Module &m, ArrayRef<Variant> variants, Function *index) {
  LLVMContext &ctx = m.getContext();
  IRBuilder<> b(ctx);
  Type *ptr = PointerType::get(ctx, 0);
  auto *fn = Function::Create(FunctionType::get(ptr, false),
                              GlobalValue::ExternalLinkage,
                              "quantmlir_variant", m);
  b.SetInsertPoint(BasicBlock::Create(ctx, "entry", fn));
  Value *idx = b.CreateCall(index);
  Value *result = b.CreateGlobalString("none");
  for (auto [k, v] : llvm::enumerate(variants))
    result = b.CreateSelect(b.CreateICmpEQ(idx, b.getInt32(k)),
                            b.CreateGlobalString(v.name), result);
  b.CreateRet(result);
}

} // namespace

std::unique_ptr<Module>
linkVariants(MutableArrayRef<std::unique_ptr<Module>> modules,
             ArrayRef<std::string> paths, std::string &why) {
  SmallVector<Variant> variants(modules.size());
  for (size_t i = 0; i < modules.size(); ++i) {
    variants[i].path = paths[i];
    if (!prepare(*modules[i], unsigned(i), variants[i], why))
      return nullptr;
  }
  for (size_t i = 0; i < variants.size(); ++i)
    for (size_t j = 0; j < i; ++j) {
      if (variants[i].name == variants[j].name) {
        why = "'" + paths[j] + "' and '" + paths[i] +
              "' are the same variant (" + variants[i].name +
              "): give each target once";
        return nullptr;
      }
      // j comes first: if it runs wherever i runs, i is never chosen.
      bool covered = llvm::all_of(variants[j].features, [&](auto *f) {
        return llvm::is_contained(variants[i].features, f);
      });
      if (covered)
        errs() << "quant-translate: note: '" << paths[i] << "' ("
               << variants[i].name << ") comes after '" << paths[j] << "' ("
               << variants[j].name
               << "), which runs wherever it runs: it is used only when "
                  "QUANTMLIR_VARIANT asks for it (list the most specific "
                  "variant first)\n";
    }
  // Every variant must offer the same entry points with the same types.
  for (size_t i = 0; i < variants.size(); ++i)
    for (size_t j = 0; j < variants.size(); ++j)
      for (const auto &e : variants[j].entries) {
        auto it = variants[i].entries.find(e.getKey());
        if (it == variants[i].entries.end()) {
          why = "'" + paths[i] + "' has no entry point " +
                e.getKey().str() + " (from '" + paths[j] +
                "'): the variants must be lowerings of one model";
          return nullptr;
        }
        if (modules[i]->getFunction(it->second)->getFunctionType() !=
            modules[j]->getFunction(e.getValue())->getFunctionType()) {
          why = "entry point " + e.getKey().str() + " has another signature "
                "in '" + paths[i] + "' than in '" + paths[j] + "'";
          return nullptr;
        }
      }
  StringMap<FunctionType *> entryTypes;
  for (const auto &e : variants[0].entries)
    entryTypes[e.getKey()] =
        modules[0]->getFunction(e.getValue())->getFunctionType();

  std::unique_ptr<Module> dest = std::move(modules[0]);
  for (size_t i = 1; i < modules.size(); ++i)
    if (Linker::linkModules(*dest, std::move(modules[i]))) {
      why = "cannot link '" + paths[i] + "' with '" + paths[0] + "'";
      return nullptr;
    }
  Function *select = buildSelect(*dest, variants);
  Function *index = buildIndex(*dest, select);
  SmallVector<StringRef> names;
  for (const auto &e : entryTypes)
    names.push_back(e.getKey());
  llvm::sort(names);
  for (StringRef name : names)
    buildEntry(*dest, name, entryTypes.lookup(name), variants, index);
  buildNameQuery(*dest, variants, index);
  for (const Variant &v : variants)
    for (const std::string &name : v.renamed)
      if (GlobalValue *gv = dest->getNamedValue(name))
        gv->setLinkage(GlobalValue::InternalLinkage);
  return dest;
}

} // namespace dispatch
} // namespace aot
} // namespace quantmlir
