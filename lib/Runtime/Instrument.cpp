//===- Instrument.cpp - Calibration instrumentation of a model ------------===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Runtime/Instrument.h"

#include "QuantMLIR/Dialect/QNN/IR/QNNOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace quantmlir::runtime;

FailureOr<InstrumentedFunction> quantmlir::runtime::instrumentForCalibration(
    func::FuncOp entry, llvm::ArrayRef<std::string> names) {
  if (entry.isExternal())
    return entry.emitError("cannot instrument a function declaration");
  llvm::StringSet<> wanted;
  for (const std::string &name : names)
    wanted.insert(name);

  // A fresh symbol next to the entry.
  auto module = entry->getParentOfType<ModuleOp>();
  std::string name = (entry.getSymName() + "_qnn_calibrate").str();
  for (unsigned i = 1; module && module.lookupSymbol(name); ++i)
    name = (entry.getSymName() + "_qnn_calibrate" + llvm::Twine(i)).str();
  func::FuncOp clone = entry.clone();
  clone.setSymName(name);
  clone.setPublic();
  // Attributes recorded for the original function (its lowered signature)
  // do not describe the clone.
  clone->removeAttr("qnn.signature");
  entry->getBlock()->getOperations().insertAfter(Block::iterator(entry), clone);

  InstrumentedFunction result;
  result.func = clone;
  result.numOriginalResults = clone.getNumResults();
  Block &body = clone.getBody().front();
  auto ret = llvm::dyn_cast<func::ReturnOp>(body.getTerminator());
  if (!clone.getBody().hasOneBlock() || !ret) {
    clone.erase();
    return entry.emitError("cannot instrument @")
           << entry.getSymName()
           << ": its body is not a single block ending in func.return";
  }

  llvm::SmallVector<Value> observed;
  llvm::DenseMap<Value, unsigned> resultOf;
  llvm::StringSet<> found;
  bool failed = false;
  clone.walk([&](qnn::SimulatedQuantizeOp op) {
    if (op.getKind() == qnn::AnnotationKind::weight || !op.getNameAttr() ||
        !wanted.contains(op.getNameAttr().getValue()))
      return;
    if (op->getBlock() != &body) {
      op.emitOpError() << "'" << op.getNameAttr().getValue()
                       << "' is nested in a region of @" << entry.getSymName()
                       << ": quant-run calibrate can only observe tensors of "
                          "the function body";
      failed = true;
      return;
    }
    Value input = op.getInput();
    auto [it, inserted] = resultOf.try_emplace(
        input, result.numOriginalResults + observed.size());
    if (inserted)
      observed.push_back(input);
    found.insert(op.getNameAttr().getValue());
    result.taps.push_back({op.getNameAttr().getValue().str(), it->second});
  });
  if (failed) {
    clone.erase();
    return failure();
  }

  appendFunctionResults(clone, observed);

  for (const std::string &n : names)
    if (!found.contains(n))
      result.unreached.push_back(n);
  return result;
}

void quantmlir::runtime::appendFunctionResults(func::FuncOp func,
                                               ValueRange values) {
  auto ret = llvm::cast<func::ReturnOp>(func.getBody().front().getTerminator());
  ret->insertOperands(ret->getNumOperands(), values);
  llvm::SmallVector<Type> resultTypes(func.getResultTypes());
  for (Value v : values)
    resultTypes.push_back(v.getType());
  func.setFunctionType(FunctionType::get(func.getContext(),
                                         func.getArgumentTypes(), resultTypes));
  // Result attributes must match the number of results.
  if (func.getResAttrsAttr()) {
    llvm::SmallVector<Attribute> attrs(func.getResAttrsAttr().getValue());
    attrs.resize(resultTypes.size(), DictionaryAttr::get(func.getContext()));
    func.setResAttrsAttr(ArrayAttr::get(func.getContext(), attrs));
  }
}
