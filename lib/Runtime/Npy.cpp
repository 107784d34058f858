//===- Npy.cpp - Reading and writing .npy files ---------------------------===//
//
// Part of QuantMLIR.
//
// Format reference: numpy/lib/format.py. A file is the magic "\x93NUMPY", a
// major and minor version byte, the header length (uint16 for 1.0, uint32
// for 2.0 and 3.0, little-endian), a Python dict literal
// {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } padded with
// spaces and ended by '\n', then the raw data.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Runtime/Npy.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <map>
#include <vector>

using namespace quantmlir::runtime;
using llvm::StringRef;

static constexpr char kMagic[] = "\x93NUMPY";
static constexpr size_t kMagicSize = 6;

/// An error whose one-line message starts with the file name.
static llvm::Error fileError(StringRef name, const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 (name + ": " + message).str());
}

//===----------------------------------------------------------------------===//
// Header dict parsing
//===----------------------------------------------------------------------===//

namespace {
/// A value of the header dict: a string, a bool or a tuple of integers.
struct HeaderValue {
  enum Kind { String, Bool, Tuple, Other } kind = Other;
  std::string str;
  bool boolean = false;
  llvm::SmallVector<int64_t, 4> tuple;
};

/// Recursive-descent parser for the Python dict literal of the header.
class HeaderParser {
public:
  explicit HeaderParser(StringRef text) : text(text) {}

  /// Parses the dict; on failure returns false and sets `error`.
  bool parse(std::map<std::string, HeaderValue> &dict) {
    skipSpace();
    if (!consume('{'))
      return fail("expected '{'");
    while (true) {
      skipSpace();
      if (consume('}'))
        break;
      std::string key;
      if (!parseString(key))
        return fail("expected a quoted key");
      skipSpace();
      if (!consume(':'))
        return fail("expected ':' after '" + key + "'");
      HeaderValue value;
      if (!parseValue(value))
        return false;
      dict[key] = std::move(value);
      skipSpace();
      if (consume(','))
        continue;
      skipSpace();
      if (consume('}'))
        break;
      return fail("expected ',' or '}'");
    }
    skipSpace();
    if (pos != text.size())
      return fail("unexpected text after the dict");
    return true;
  }

  std::string error;

private:
  bool fail(const llvm::Twine &message) {
    if (error.empty())
      error = message.str();
    return false;
  }
  void skipSpace() {
    while (pos < text.size() && llvm::isSpace(text[pos]))
      ++pos;
  }
  bool consume(char c) {
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
  bool parseString(std::string &out) {
    if (pos >= text.size() || (text[pos] != '\'' && text[pos] != '"'))
      return false;
    char quote = text[pos++];
    size_t end = text.find(quote, pos);
    if (end == StringRef::npos)
      return fail("unterminated string");
    out = text.slice(pos, end).str();
    pos = end + 1;
    return true;
  }
  bool parseInteger(int64_t &out) {
    size_t start = pos;
    while (pos < text.size() && llvm::isDigit(text[pos]))
      ++pos;
    if (start == pos)
      return false;
    if (text.slice(start, pos).getAsInteger(10, out))
      return fail("integer out of range in shape");
    consume('L'); // Python 2 longs.
    return true;
  }
  bool parseValue(HeaderValue &value) {
    skipSpace();
    if (pos >= text.size())
      return fail("unexpected end of header");
    char c = text[pos];
    if (c == '\'' || c == '"') {
      value.kind = HeaderValue::String;
      return parseString(value.str);
    }
    if (text.substr(pos).starts_with("True")) {
      pos += 4;
      value.kind = HeaderValue::Bool;
      value.boolean = true;
      return true;
    }
    if (text.substr(pos).starts_with("False")) {
      pos += 5;
      value.kind = HeaderValue::Bool;
      value.boolean = false;
      return true;
    }
    if (c == '(') {
      ++pos;
      value.kind = HeaderValue::Tuple;
      while (true) {
        skipSpace();
        if (consume(')'))
          return true;
        int64_t dim;
        if (!parseInteger(dim))
          return fail("expected a non-negative integer in shape");
        value.tuple.push_back(dim);
        skipSpace();
        if (consume(','))
          continue;
        skipSpace();
        if (consume(')'))
          return true;
        return fail("expected ',' or ')' in shape");
      }
    }
    // Anything else (lists for structured dtypes, ...) is skipped up to the
    // matching bracket so that the caller can report what it means.
    value.kind = HeaderValue::Other;
    int depth = 0;
    size_t start = pos;
    while (pos < text.size()) {
      char d = text[pos];
      if (d == '[' || d == '(' || d == '{')
        ++depth;
      else if (d == ']' || d == ')' || d == '}') {
        if (depth == 0)
          break;
        --depth;
      } else if (d == ',' && depth == 0)
        break;
      ++pos;
    }
    value.str = text.slice(start, pos).trim().str();
    return true;
  }

  StringRef text;
  size_t pos = 0;
};
} // namespace

/// Maps a numpy type string to a dtype. Sets `error` on failure.
static std::optional<DType> parseDescr(StringRef descr, std::string &error) {
  if (descr.size() < 2) {
    error = "unsupported dtype '" + descr.str() + "'";
    return std::nullopt;
  }
  char order = descr.front();
  StringRef code = descr;
  if (order == '<' || order == '>' || order == '|' || order == '=') {
    code = descr.drop_front();
  } else {
    order = '|';
  }
  std::optional<DType> dtype = llvm::StringSwitch<std::optional<DType>>(code)
                                   .Case("f4", DType::F32)
                                   .Case("f8", DType::F64)
                                   .Case("i1", DType::I8)
                                   .Case("u1", DType::U8)
                                   .Case("i2", DType::I16)
                                   .Case("i4", DType::I32)
                                   .Case("i8", DType::I64)
                                   .Case("f2", DType::F16)
                                   .Case("b1", DType::Bool)
                                   .Default(std::nullopt);
  if (!dtype) {
    error = "unsupported dtype '" + descr.str() +
            "' (supported: float16, float32, float64, int8, uint8, int16, "
            "int32, int64, bool)";
    return std::nullopt;
  }
  if (order == '>' && getDTypeSize(*dtype) > 1) {
    error = "big-endian data ('" + descr.str() + "') is not supported";
    return std::nullopt;
  }
  // A missing or native byte-order mark on a multi-byte type means the
  // writer's byte order; accept it on little-endian hosts only.
  if ((order == '=' || order == '|') && getDTypeSize(*dtype) > 1 &&
      !llvm::sys::IsLittleEndianHost) {
    error = "native-endian data ('" + descr.str() + "') is not supported";
    return std::nullopt;
  }
  return dtype;
}

static StringRef getDescr(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "<f4";
  case DType::F64:
    return "<f8";
  case DType::I8:
    return "|i1";
  case DType::U8:
    return "|u1";
  case DType::I16:
    return "<i2";
  case DType::I32:
    return "<i4";
  case DType::I64:
    return "<i8";
  case DType::F16:
    return "<f2";
  case DType::Bool:
    return "|b1";
  }
  llvm_unreachable("unknown dtype");
}

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

llvm::Expected<NpyHeader> quantmlir::runtime::parseNpyHeader(StringRef bytes,
                                                             StringRef name) {
  if (bytes.size() < kMagicSize ||
      bytes.substr(0, kMagicSize) != StringRef(kMagic, kMagicSize))
    return fileError(name, "not a .npy file (bad magic string)");
  if (bytes.size() < kMagicSize + 2)
    return fileError(name, "truncated header (no version)");
  unsigned major = static_cast<uint8_t>(bytes[6]);
  unsigned minor = static_cast<uint8_t>(bytes[7]);
  if ((major != 1 && major != 2 && major != 3) || minor != 0)
    return fileError(name, "unsupported .npy format version " +
                               llvm::Twine(major) + "." + llvm::Twine(minor) +
                               " (supported: 1.0, 2.0, 3.0)");
  size_t lengthSize = major == 1 ? 2 : 4;
  size_t preamble = kMagicSize + 2 + lengthSize;
  if (bytes.size() < preamble)
    return fileError(name, "truncated header (no header length)");
  uint64_t headerLength =
      major == 1 ? llvm::support::endian::read16le(bytes.data() + 8)
                 : llvm::support::endian::read32le(bytes.data() + 8);
  if (bytes.size() < preamble + headerLength)
    return fileError(name, "truncated header (" + llvm::Twine(headerLength) +
                               " header bytes announced, " +
                               llvm::Twine(bytes.size() - preamble) +
                               " present)");
  StringRef header = bytes.substr(preamble, headerLength);

  std::map<std::string, HeaderValue> dict;
  HeaderParser parser(header);
  if (!parser.parse(dict))
    return fileError(name, "malformed header: " + parser.error);
  for (StringRef key : {"descr", "fortran_order", "shape"})
    if (!dict.count(key.str()))
      return fileError(name, "malformed header: no '" + key + "' key");

  const HeaderValue &descr = dict["descr"];
  if (descr.kind != HeaderValue::String)
    return fileError(name, "unsupported dtype " + descr.str +
                               " (structured arrays are not supported)");
  std::string error;
  std::optional<DType> dtype = parseDescr(descr.str, error);
  if (!dtype)
    return fileError(name, error);

  const HeaderValue &fortran = dict["fortran_order"];
  if (fortran.kind != HeaderValue::Bool)
    return fileError(name, "malformed header: 'fortran_order' is not a bool");
  if (fortran.boolean)
    return fileError(name, "Fortran-order arrays are not supported (save a "
                           "C-order copy: np.ascontiguousarray)");

  const HeaderValue &shape = dict["shape"];
  if (shape.kind != HeaderValue::Tuple)
    return fileError(name, "malformed header: 'shape' is not a tuple");
  std::optional<uint64_t> numBytes = getNumBytes(*dtype, shape.tuple);
  if (!numBytes)
    return fileError(name,
                     "shape " + formatShape(shape.tuple) + " is too large");
  uint64_t expectedBytes = *numBytes;

  StringRef data = bytes.drop_front(preamble + headerLength);
  std::string what =
      (llvm::Twine(getDTypeName(*dtype)) + " " + formatShape(shape.tuple))
          .str();
  if (data.size() < expectedBytes)
    return fileError(name, "truncated data: " + what + " needs " +
                               llvm::Twine(expectedBytes) + " bytes, " +
                               llvm::Twine(data.size()) + " present");
  if (data.size() > expectedBytes)
    return fileError(name, "data size mismatch: " + what + " needs " +
                               llvm::Twine(expectedBytes) + " bytes, " +
                               llvm::Twine(data.size()) + " present");

  NpyHeader result;
  result.dtype = *dtype;
  result.shape = shape.tuple;
  result.dataOffset = preamble + headerLength;
  result.numBytes = expectedBytes;
  return result;
}

llvm::Expected<NDArray> quantmlir::runtime::parseNpy(StringRef bytes,
                                                     StringRef name) {
  llvm::Expected<NpyHeader> header = parseNpyHeader(bytes, name);
  if (!header)
    return header.takeError();
  llvm::Expected<NDArray> array =
      NDArray::create(header->dtype, header->shape, name);
  if (!array)
    return array.takeError();
  uint64_t numBytes = header->numBytes;
  if (numBytes)
    std::memcpy(array->getData(), bytes.data() + header->dataOffset, numBytes);
  // Compiled code loads a bool as an i1: only 0 and 1 are valid bytes.
  if (header->dtype == DType::Bool) {
    auto *data = array->getDataAs<uint8_t>();
    for (uint64_t i = 0; i < numBytes; ++i)
      data[i] = data[i] != 0;
  }
  return array;
}

llvm::Expected<NDArray> quantmlir::runtime::readNpy(StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!buffer)
    return fileError(path, "cannot read file: " + buffer.getError().message());
  return parseNpy((*buffer)->getBuffer(), path);
}

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

std::string quantmlir::runtime::serializeNpy(const NDArray &array) {
  std::string dict;
  llvm::raw_string_ostream os(dict);
  os << "{'descr': '" << getDescr(array.getDType())
     << "', 'fortran_order': False, 'shape': (";
  for (int64_t dim : array.getShape())
    os << dim << (array.getRank() == 1 ? "," : ", ");
  if (array.getRank() > 1)
    dict.resize(dict.size() - 2);
  os << "), }";

  // Pad so that the data starts at a multiple of 64 bytes.
  unsigned major = 1;
  size_t preamble = kMagicSize + 2 + 2;
  if (llvm::alignTo(preamble + dict.size() + 1, 64) - preamble > 0xffff) {
    major = 2;
    preamble = kMagicSize + 2 + 4;
  }
  size_t headerLength =
      llvm::alignTo(preamble + dict.size() + 1, 64) - preamble;
  dict.append(headerLength - dict.size() - 1, ' ');
  dict.push_back('\n');

  std::string out(kMagic, kMagicSize);
  out.push_back(static_cast<char>(major));
  out.push_back(0);
  char length[4];
  if (major == 1) {
    llvm::support::endian::write16le(length, headerLength);
    out.append(length, 2);
  } else {
    llvm::support::endian::write32le(length, headerLength);
    out.append(length, 4);
  }
  out += dict;
  out.append(static_cast<const char *>(array.getData()), array.getNumBytes());
  return out;
}

/// Creates the temporary file next to `path` that is renamed onto it.
static llvm::Expected<llvm::sys::fs::TempFile> createTempFor(StringRef path) {
  if (llvm::sys::fs::is_directory(path))
    return fileError(path, "cannot write file: is a directory");
  llvm::Expected<llvm::sys::fs::TempFile> temp =
      llvm::sys::fs::TempFile::create(path + ".tmp-%%%%%%");
  if (!temp)
    return fileError(path,
                     "cannot write file: " + llvm::toString(temp.takeError()));
  return temp;
}

llvm::Error quantmlir::runtime::checkWritable(StringRef path) {
  llvm::Expected<llvm::sys::fs::TempFile> temp = createTempFor(path);
  if (!temp)
    return temp.takeError();
  llvm::consumeError(temp->discard());
  return llvm::Error::success();
}

llvm::Error
quantmlir::runtime::writeFilesAtomically(llvm::ArrayRef<std::string> paths,
                                         llvm::ArrayRef<std::string> contents) {
  assert(paths.size() == contents.size() && "one path per content");
  // Temporary files, written completely before any is renamed into place:
  // a failed write never leaves a partial file, nor a partial set of files.
  std::vector<llvm::sys::fs::TempFile> temps;
  auto discardAll = [&]() {
    for (llvm::sys::fs::TempFile &temp : temps)
      llvm::consumeError(temp.discard());
  };
  for (auto [path, bytes] : llvm::zip_equal(paths, contents)) {
    llvm::Expected<llvm::sys::fs::TempFile> temp = createTempFor(path);
    if (!temp) {
      discardAll();
      return temp.takeError();
    }
    temps.push_back(std::move(*temp));
    std::error_code writeError;
    {
      llvm::raw_fd_ostream os(temps.back().FD, /*shouldClose=*/false);
      os << bytes;
      os.flush();
      writeError = os.error();
      os.clear_error();
    }
    if (writeError) {
      discardAll();
      return fileError(path, "cannot write file: " + writeError.message());
    }
  }
  for (auto [i, path] : llvm::enumerate(paths)) {
    if (llvm::Error error = temps[i].keep(path)) {
      discardAll();
      return fileError(path, "cannot write file: " +
                                 llvm::toString(std::move(error)));
    }
  }
  return llvm::Error::success();
}

llvm::Error
quantmlir::runtime::writeNpyFiles(llvm::ArrayRef<std::string> paths,
                                  llvm::ArrayRef<const NDArray *> arrays) {
  assert(paths.size() == arrays.size() && "one path per array");
  std::vector<std::string> contents;
  for (const NDArray *array : arrays)
    contents.push_back(serializeNpy(*array));
  return writeFilesAtomically(paths, contents);
}

llvm::Error quantmlir::runtime::writeNpy(StringRef path, const NDArray &array) {
  return writeNpyFiles(std::string(path), &array);
}
