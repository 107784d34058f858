//===- Npz.cpp - Reading and writing .npz archives ------------------------===//
//
// Part of QuantMLIR.
//
// An .npz file is a zip archive of .npy files (numpy/lib/npyio.py): np.savez
// stores them, np.savez_compressed deflates them, and Python's zipfile adds
// zip64 records for large members. Reference: PKWARE APPNOTE.TXT, sections
// 4.3.7 (local header), 4.3.12 (central directory), 4.3.14-16 (end of central
// directory, zip64) and 4.5.3 (zip64 extra field).
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Runtime/Npy.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CRC.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MemoryBuffer.h"

#if QUANT_MLIR_HAVE_ZLIB
#include <zlib.h>
#endif

#include <algorithm>
#include <cstring>
#include <limits>

using namespace quantmlir::runtime;
using llvm::StringRef;
namespace endian = llvm::support::endian;

static llvm::Error fileError(StringRef name, const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 (name + ": " + message).str());
}

static constexpr uint32_t kLocalHeaderSig = 0x04034b50;
static constexpr uint32_t kCentralHeaderSig = 0x02014b50;
static constexpr uint32_t kEndSig = 0x06054b50;
static constexpr uint32_t kZip64EndSig = 0x06064b50;
static constexpr uint32_t kZip64LocatorSig = 0x07064b50;
static constexpr size_t kEndSize = 22;
static constexpr size_t kLocalHeaderSize = 30;
static constexpr size_t kCentralHeaderSize = 46;

bool quantmlir::runtime::isZipArchive(StringRef bytes) {
  return bytes.size() >= 4 &&
         (endian::read32le(bytes.data()) == kLocalHeaderSig ||
          endian::read32le(bytes.data()) == kEndSig);
}

namespace {
/// Bounds-checked little-endian reads; the first failure sticks.
class Cursor {
public:
  Cursor(StringRef bytes, uint64_t pos) : bytes(bytes), pos(pos) {}
  bool ok() const { return good; }
  uint64_t offset() const { return pos; }
  void seek(uint64_t p) { pos = p; }
  bool has(uint64_t n) const {
    return good && pos <= bytes.size() && bytes.size() - pos >= n;
  }
  uint16_t u16() { return read<uint16_t>(2); }
  uint32_t u32() { return read<uint32_t>(4); }
  uint64_t u64() { return read<uint64_t>(8); }
  StringRef take(uint64_t n) {
    if (!has(n)) {
      good = false;
      return {};
    }
    StringRef r = bytes.substr(pos, n);
    pos += n;
    return r;
  }
  void skip(uint64_t n) { take(n); }

private:
  template <typename T> T read(unsigned n) {
    if (!has(n)) {
      good = false;
      return 0;
    }
    uint64_t v = 0;
    for (unsigned i = 0; i < n; ++i)
      v |= uint64_t(static_cast<uint8_t>(bytes[pos + i])) << (8 * i);
    pos += n;
    return static_cast<T>(v);
  }
  StringRef bytes;
  uint64_t pos;
  bool good = true;
};
} // namespace

static llvm::Expected<std::string> inflateRaw(StringRef compressed,
                                              uint64_t size, StringRef name) {
#if QUANT_MLIR_HAVE_ZLIB
  if (size > std::numeric_limits<size_t>::max() / 2)
    return fileError(name, "member too large to inflate");
  std::string out;
  out.resize(size);
  z_stream stream;
  std::memset(&stream, 0, sizeof(stream));
  if (inflateInit2(&stream, -MAX_WBITS) != Z_OK)
    return fileError(name, "cannot initialize zlib");
  // zlib counts in uInt: feed and drain in chunks. Once `size` bytes are
  // out, a spare byte catches data longer than announced.
  const uint64_t kChunk = 1u << 30;
  uint64_t inPos = 0, outPos = 0;
  char spare[1];
  int status = Z_OK;
  while (true) {
    if (stream.avail_in == 0 && inPos < compressed.size()) {
      uint64_t n = std::min<uint64_t>(kChunk, compressed.size() - inPos);
      stream.next_in = reinterpret_cast<Bytef *>(
          const_cast<char *>(compressed.data() + inPos));
      stream.avail_in = static_cast<uInt>(n);
      inPos += n;
    }
    if (stream.avail_out == 0) {
      uint64_t n = std::min<uint64_t>(kChunk, size - std::min(outPos, size));
      if (n) {
        stream.next_out = reinterpret_cast<Bytef *>(out.data() + outPos);
        stream.avail_out = static_cast<uInt>(n);
        outPos += n;
      } else {
        stream.next_out = reinterpret_cast<Bytef *>(spare);
        stream.avail_out = 1;
        outPos = size + 1;
      }
    }
    status = inflate(&stream, Z_NO_FLUSH);
    if (status != Z_OK)
      break;
  }
  uint64_t produced = stream.total_out;
  inflateEnd(&stream);
  if (status != Z_STREAM_END)
    return fileError(name, "corrupt deflate data");
  if (produced != size)
    return fileError(name, "inflated to " + llvm::Twine(produced) + " bytes, " +
                               llvm::Twine(size) + " announced");
  return out;
#else
  (void)compressed;
  (void)size;
  return fileError(name, "compressed .npz members need zlib, which this "
                         "build of QuantMLIR lacks (use np.savez)");
#endif
}

llvm::Expected<std::vector<ZipMember>> quantmlir::runtime::readZipMembers(
    StringRef archive, StringRef name,
    std::vector<std::unique_ptr<std::string>> &storage) {
  auto corrupt = [&](const llvm::Twine &what) {
    return fileError(name, "truncated or corrupt .npz (" + what + ")");
  };
  if (archive.size() < kEndSize)
    return corrupt("no end of central directory record");
  // The end record sits before a comment of at most 65535 bytes.
  uint64_t endPos = std::string::npos;
  uint64_t lowest = archive.size() > kEndSize + 0xffff
                        ? archive.size() - kEndSize - 0xffff
                        : 0;
  for (uint64_t p = archive.size() - kEndSize + 1; p-- > lowest;) {
    if (endian::read32le(archive.data() + p) == kEndSig) {
      endPos = p;
      break;
    }
  }
  if (endPos == std::string::npos)
    return corrupt("no end of central directory record");
  Cursor end(archive, endPos + 4);
  uint16_t disk = end.u16(), cdDisk = end.u16();
  uint64_t entriesHere = end.u16(), entries = end.u16();
  uint64_t cdSize = end.u32(), cdOffset = end.u32();
  if (disk != 0 || cdDisk != 0 || entriesHere != entries)
    return fileError(name, "multi-disk zip archives are not supported");
  if (entries == 0xffff || cdSize == 0xffffffff || cdOffset == 0xffffffff) {
    // zip64: the locator sits just before the end record.
    if (endPos < 20)
      return corrupt("no zip64 locator");
    Cursor loc(archive, endPos - 20);
    if (loc.u32() != kZip64LocatorSig)
      return corrupt("no zip64 locator");
    loc.u32();
    uint64_t z64 = loc.u64();
    Cursor rec(archive, z64);
    if (rec.u32() != kZip64EndSig)
      return corrupt("bad zip64 end record");
    rec.u64();
    rec.u16();
    rec.u16();
    rec.u32();
    rec.u32();
    rec.u64();
    entries = rec.u64();
    cdSize = rec.u64();
    cdOffset = rec.u64();
    if (!rec.ok())
      return corrupt("bad zip64 end record");
  }
  if (cdOffset > archive.size() || archive.size() - cdOffset < cdSize)
    return corrupt("central directory out of bounds");

  std::vector<ZipMember> members;
  Cursor cd(archive, cdOffset);
  for (uint64_t i = 0; i < entries; ++i) {
    if (cd.u32() != kCentralHeaderSig)
      return corrupt("bad central directory entry " + llvm::Twine(i));
    cd.skip(4);
    uint16_t flags = cd.u16(), method = cd.u16();
    cd.skip(4);
    uint32_t crc = cd.u32();
    uint64_t compSize = cd.u32(), size = cd.u32();
    uint16_t nameLen = cd.u16(), extraLen = cd.u16(), commentLen = cd.u16();
    cd.skip(8);
    uint64_t localOffset = cd.u32();
    StringRef memberName = cd.take(nameLen);
    StringRef extra = cd.take(extraLen);
    cd.skip(commentLen);
    if (!cd.ok())
      return corrupt("central directory entry " + llvm::Twine(i) +
                     " out of bounds");
    // zip64 extra field: the 64-bit values of the saturated fields, in order.
    Cursor ex(extra, 0);
    while (ex.has(4)) {
      uint16_t id = ex.u16(), len = ex.u16();
      uint64_t next = ex.offset() + len;
      if (id == 0x0001) {
        if (size == 0xffffffff)
          size = ex.u64();
        if (compSize == 0xffffffff)
          compSize = ex.u64();
        if (localOffset == 0xffffffff)
          localOffset = ex.u64();
        if (!ex.ok())
          return corrupt("bad zip64 extra field");
      }
      ex.seek(next);
    }
    // Names appear in messages: keep them printable.
    std::string printable = memberName.str();
    for (char &ch : printable)
      if (!llvm::isPrint(ch))
        ch = '?';
    std::string label = (name + ":" + printable).str();
    if (flags & 1)
      return fileError(label, "encrypted members are not supported");
    Cursor local(archive, localOffset);
    if (local.u32() != kLocalHeaderSig)
      return corrupt("bad local header of '" + printable + "'");
    local.skip(22);
    uint16_t localNameLen = local.u16(), localExtraLen = local.u16();
    local.skip(uint64_t(localNameLen) + localExtraLen);
    StringRef data = local.take(compSize);
    if (!local.ok())
      return corrupt("data of '" + printable + "' out of bounds");
    StringRef bytes;
    if (method == 0) {
      if (compSize != size)
        return corrupt("stored member '" + printable +
                       "' with different sizes");
      bytes = data;
    } else if (method == 8) {
      // Deflate expands at most 1032:1; a larger announced size is corrupt
      // (and must not be allocated).
      if (size / 1032 > compSize + 1)
        return corrupt("impossible size announced for '" + printable + "'");
      llvm::Expected<std::string> inflated = inflateRaw(data, size, label);
      if (!inflated)
        return inflated.takeError();
      storage.push_back(std::make_unique<std::string>(std::move(*inflated)));
      bytes = *storage.back();
    } else {
      return fileError(label, "unsupported zip compression method " +
                                  llvm::Twine(method) +
                                  " (supported: stored, deflate)");
    }
    uint32_t actual = llvm::crc32(llvm::ArrayRef<uint8_t>(
        reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size()));
    if (actual != crc)
      return fileError(label, "CRC-32 mismatch: the archive is corrupt");
    members.push_back({printable, bytes});
  }
  return members;
}

llvm::Expected<std::vector<NamedArray>>
quantmlir::runtime::readNpz(StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!buffer)
    return fileError(path, "cannot read file: " + buffer.getError().message());
  std::vector<std::unique_ptr<std::string>> storage;
  llvm::Expected<std::vector<ZipMember>> members =
      readZipMembers((*buffer)->getBuffer(), path, storage);
  if (!members)
    return members.takeError();
  std::vector<NamedArray> arrays;
  for (const ZipMember &member : *members) {
    llvm::Expected<NDArray> array =
        parseNpy(member.bytes, (path + ":" + member.name).str());
    if (!array)
      return array.takeError();
    StringRef shortName = member.name;
    shortName.consume_back(".npy");
    arrays.push_back({shortName.str(), std::move(*array)});
  }
  return arrays;
}

namespace {
/// Little-endian appends.
struct Writer {
  std::string &out;
  void u16(uint16_t v) {
    char b[2];
    endian::write16le(b, v);
    out.append(b, 2);
  }
  void u32(uint32_t v) {
    char b[4];
    endian::write32le(b, v);
    out.append(b, 4);
  }
};
} // namespace

llvm::Expected<std::string>
quantmlir::runtime::serializeNpz(llvm::ArrayRef<std::string> names,
                                 llvm::ArrayRef<const NDArray *> arrays,
                                 StringRef path) {
  assert(names.size() == arrays.size() && "one name per array");
  std::string out, central;
  Writer w{out}, c{central};
  // 1980-01-01 00:00, the earliest DOS date: deterministic output.
  const uint16_t dosTime = 0, dosDate = (1 << 5) | 1;
  for (auto [name, array] : llvm::zip_equal(names, arrays)) {
    std::string member = name + ".npy";
    std::string bytes = serializeNpy(*array);
    if (bytes.size() >= 0xffffffffull || out.size() >= 0xffffffffull ||
        member.size() > 0xffff)
      return fileError(path, "too large for an .npz file written by "
                             "quant-run (4 GiB): write .npy files instead");
    uint32_t crc = llvm::crc32(llvm::ArrayRef<uint8_t>(
        reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size()));
    uint32_t offset = static_cast<uint32_t>(out.size());
    w.u32(kLocalHeaderSig);
    w.u16(20); // version needed: 2.0
    w.u16(0);  // flags
    w.u16(0);  // stored
    w.u16(dosTime);
    w.u16(dosDate);
    w.u32(crc);
    w.u32(bytes.size());
    w.u32(bytes.size());
    w.u16(member.size());
    w.u16(0);
    out += member;
    out += bytes;

    c.u32(kCentralHeaderSig);
    c.u16(20); // made by
    c.u16(20); // needed
    c.u16(0);
    c.u16(0);
    c.u16(dosTime);
    c.u16(dosDate);
    c.u32(crc);
    c.u32(bytes.size());
    c.u32(bytes.size());
    c.u16(member.size());
    c.u16(0); // extra
    c.u16(0); // comment
    c.u16(0); // disk
    c.u16(0); // internal attributes
    c.u32(0); // external attributes
    c.u32(offset);
    central += member;
  }
  if (out.size() + central.size() >= 0xffffffffull || names.size() >= 0xffff)
    return fileError(path, "too large for an .npz file written by quant-run "
                           "(4 GiB): write .npy files instead");
  uint32_t cdOffset = static_cast<uint32_t>(out.size());
  out += central;
  w.u32(kEndSig);
  w.u16(0);
  w.u16(0);
  w.u16(names.size());
  w.u16(names.size());
  w.u32(central.size());
  w.u32(cdOffset);
  w.u16(0);
  return out;
}
