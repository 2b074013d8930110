//===- Npy.cpp - Reading and writing NumPy .npy files ---------------------===//
//
// The .npy header is a Python dict literal. Rather than pattern-matching it,
// a small recursive-descent parser accepts exactly the subset NumPy emits
// (string / bool / int-tuple values, any key order, any whitespace), so a
// malformed header gives an error naming the offending key.
//
//===----------------------------------------------------------------------===//
#include "runtime/Npy.h"

#include "runtime/AbslCompat.h"
#include "runtime/FileUtil.h"

#include <cctype>
#include <cstring>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace tgc {

namespace {

constexpr std::string_view kMagic = "\x93NUMPY";
// NumPy pads the first dimension's digits so the header can grow in place
// (numpy.lib.format.GROWTH_AXIS_MAX_DIGITS); matching it keeps our files
// byte-identical to numpy.save.
constexpr size_t kGrowthAxisMaxDigits = 21;
constexpr size_t kArrayAlign = 64;

struct NpyHeader {
  std::string descr;
  bool fortranOrder = false;
  std::vector<int64_t> shape;
};

/// Parser for the header dict, e.g.
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`.
class HeaderParser {
public:
  HeaderParser(std::string_view text, std::string_view file)
      : text(text), file(file) {}

  absl::StatusOr<NpyHeader> parse() {
    NpyHeader header;
    bool seenDescr = false, seenFortran = false, seenShape = false;
    skipSpace();
    if (!consume('{'))
      return error("expected '{' at the start of the header dict");
    while (true) {
      skipSpace();
      if (consume('}'))
        break;
      std::optional<std::string> key = parseString();
      if (!key)
        return error("expected a quoted key or '}'");
      skipSpace();
      if (!consume(':'))
        return error(absl::StrCat("expected ':' after key '", *key, "'"));
      skipSpace();
      if (*key == "descr") {
        if (seenDescr)
          return error("duplicate key 'descr'");
        seenDescr = true;
        std::optional<std::string> v = parseString();
        if (!v)
          return error("key 'descr': expected a quoted dtype string such as "
                       "'<f4'" + foundSuffix());
        header.descr = *v;
      } else if (*key == "fortran_order") {
        if (seenFortran)
          return error("duplicate key 'fortran_order'");
        seenFortran = true;
        if (consumeWord("True"))
          header.fortranOrder = true;
        else if (consumeWord("False"))
          header.fortranOrder = false;
        else
          return error("key 'fortran_order': expected True or False" +
                       foundSuffix());
      } else if (*key == "shape") {
        if (seenShape)
          return error("duplicate key 'shape'");
        seenShape = true;
        absl::Status st = parseShape(header.shape);
        if (!st.ok())
          return st;
      } else {
        return error(absl::StrCat("unexpected key '", *key,
                                  "' (expected descr, fortran_order, shape)"));
      }
      skipSpace();
      if (consume(','))
        continue;
      skipSpace();
      if (consume('}'))
        break;
      return error(absl::StrCat("expected ',' or '}' after the value of '",
                                *key, "'") +
                   foundSuffix());
    }
    skipSpace();
    if (pos != text.size())
      return error("unexpected text after the header dict" + foundSuffix());
    if (!seenDescr)
      return error("missing key 'descr'");
    if (!seenFortran)
      return error("missing key 'fortran_order'");
    if (!seenShape)
      return error("missing key 'shape'");
    return header;
  }

private:
  absl::Status error(const std::string &what) const {
    return absl::InvalidArgumentError(
        absl::StrCat(file, ": malformed .npy header: ", what));
  }

  std::string foundSuffix() const {
    std::string rest(text.substr(pos, 16));
    return absl::StrCat(", found '", rest, "'");
  }

  void skipSpace() {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' ||
                                 text[pos] == '\n' || text[pos] == '\r'))
      ++pos;
  }

  bool consume(char c) {
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }

  bool consumeWord(std::string_view word) {
    if (text.substr(pos, word.size()) != word)
      return false;
    size_t end = pos + word.size();
    // "Trueish" is not True.
    if (end < text.size() &&
        (std::isalnum(static_cast<unsigned char>(text[end])) ||
         text[end] == '_'))
      return false;
    pos = end;
    return true;
  }

  /// A '...' or "..." literal without escapes (NumPy never emits any).
  std::optional<std::string> parseString() {
    if (pos >= text.size() || (text[pos] != '\'' && text[pos] != '"'))
      return std::nullopt;
    char quote = text[pos];
    size_t end = text.find(quote, pos + 1);
    if (end == std::string_view::npos)
      return std::nullopt;
    std::string_view body = text.substr(pos + 1, end - pos - 1);
    if (body.find('\\') != std::string_view::npos)
      return std::nullopt;
    pos = end + 1;
    return std::string(body);
  }

  /// `()`, `(5,)`, `(2, 3)`, `(2, 3,)`.
  absl::Status parseShape(std::vector<int64_t> &shape) {
    if (!consume('('))
      return error("key 'shape': expected a tuple such as (2, 3)" +
                   foundSuffix());
    while (true) {
      skipSpace();
      if (consume(')'))
        return absl::OkStatus();
      if (pos < text.size() && text[pos] == '-')
        return error("key 'shape': negative dimension" + foundSuffix());
      if (pos >= text.size() ||
          !std::isdigit(static_cast<unsigned char>(text[pos])))
        return error("key 'shape': expected a non-negative integer" +
                     foundSuffix());
      int64_t dim = 0;
      while (pos < text.size() &&
             std::isdigit(static_cast<unsigned char>(text[pos]))) {
        int digit = text[pos] - '0';
        if (dim > (INT64_MAX - digit) / 10)
          return error("key 'shape': dimension does not fit in 64 bits");
        dim = dim * 10 + digit;
        ++pos;
      }
      shape.push_back(dim);
      skipSpace();
      if (consume(','))
        continue;
      if (consume(')'))
        return absl::OkStatus();
      return error("key 'shape': expected ',' or ')'" + foundSuffix());
    }
  }

  std::string_view text;
  std::string file;
  size_t pos = 0;
};

/// Maps a descr such as '<f4' to a DType.
absl::StatusOr<DType> dtypeFromDescr(const std::string &descr,
                                     const std::string &file) {
  if (descr.size() >= 2) {
    char order = descr[0];
    std::string_view kind = std::string_view(descr).substr(1);
    if (kind == "b1" && (order == '<' || order == '>' || order == '=' ||
                         order == '|'))
      return DType::I1;
    if (order == '<' || order == '=') {
      if (kind == "f4")
        return DType::F32;
      if (kind == "f2")
        return DType::F16;
      if (kind == "f8")
        return DType::F64;
      if (kind == "i4")
        return DType::I32;
      if (kind == "i8")
        return DType::I64;
    } else if (order == '>' && (kind == "f4" || kind == "f2" || kind == "f8" ||
                                kind == "i4" || kind == "i8")) {
      return absl::InvalidArgumentError(absl::StrCat(
          file, ": big-endian dtype '", descr,
          "' is not supported (expected little-endian, e.g. '<", toAbsl(kind),
          "'); convert with arr.astype(arr.dtype.newbyteorder('<'))"));
    }
  }
  return absl::InvalidArgumentError(
      absl::StrCat(file, ": unsupported dtype '", descr,
                   "' (supported: '<f4' '<f2' '<f8' '<i4' '<i8' '|b1')"));
}

std::string_view descrFor(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "<f4";
  case DType::F16:
    return "<f2";
  case DType::F64:
    return "<f8";
  case DType::I1:
    return "|b1";
  case DType::I32:
    return "<i4";
  case DType::I64:
    return "<i8";
  case DType::BF16:
    break;
  }
  return "";
}

/// Printable rendering of possibly binary bytes for error messages.
std::string escapeBytes(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes) {
    if (c >= 0x20 && c < 0x7F && c != '\\')
      out += static_cast<char>(c);
    else
      out += absl::StrFormat("\\x%02x", c);
  }
  return out;
}

uint64_t readLE(std::string_view bytes, size_t offset, size_t width) {
  uint64_t v = 0;
  for (size_t i = 0; i < width; ++i)
    v |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[offset + i]))
         << (8 * i);
  return v;
}

} // namespace

absl::StatusOr<Tensor> readNpyFromBuffer(std::string_view bytes,
                                         std::string_view nameForErrors) {
  const std::string name(nameForErrors);
  std::string_view magicPart = bytes.substr(0, kMagic.size());
  if (magicPart != kMagic.substr(0, magicPart.size()) || bytes.empty())
    return absl::InvalidArgumentError(absl::StrCat(
        name, ": not a .npy file: bad magic (expected '\\x93NUMPY', found '",
        escapeBytes(bytes.substr(0, kMagic.size())), "')"));
  if (bytes.size() < 8)
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": truncated header: file has only ", bytes.size(),
                     " bytes"));
  unsigned major = static_cast<unsigned char>(bytes[6]);
  unsigned minor = static_cast<unsigned char>(bytes[7]);
  size_t lenWidth;
  if (major == 1)
    lenWidth = 2;
  else if (major == 2 || major == 3)
    lenWidth = 4;
  else
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": unsupported .npy format version ", major, ".",
                     minor, " (expected 1.0, 2.0 or 3.0)"));
  size_t prefix = 8 + lenWidth;
  if (bytes.size() < prefix)
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": truncated header: file has only ", bytes.size(),
                     " bytes, the header length field needs ", prefix));
  uint64_t headerLen = readLE(bytes, 8, lenWidth);
  if (headerLen > bytes.size() - prefix)
    return absl::InvalidArgumentError(absl::StrCat(
        name, ": truncated header: header declares ", headerLen,
        " bytes but only ", bytes.size() - prefix, " follow"));

  std::string_view headerText = bytes.substr(prefix, headerLen);
  absl::StatusOr<NpyHeader> header = HeaderParser(headerText, name).parse();
  if (!header.ok())
    return header.status();
  if (header->fortranOrder)
    return absl::InvalidArgumentError(absl::StrCat(
        name, ": fortran_order True (column-major) arrays are not supported; "
              "expected C order (save np.ascontiguousarray(a))"));
  absl::StatusOr<DType> dtype = dtypeFromDescr(header->descr, name);
  if (!dtype.ok())
    return dtype.status();

  uint64_t expected = dtypeSize(*dtype);
  for (int64_t d : header->shape) {
    if (d != 0 && expected > UINT64_MAX / static_cast<uint64_t>(d))
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": shape (", absl::StrJoin(header->shape, ", "),
                       ") is too large"));
    expected *= static_cast<uint64_t>(d);
  }
  std::string typeText = absl::StrCat(
      toAbsl(dtypeName(*dtype)), "[", absl::StrJoin(header->shape, "x"), "]");
  uint64_t available = bytes.size() - prefix - headerLen;
  if (available < expected)
    return absl::InvalidArgumentError(absl::StrCat(
        name, ": truncated: header declares ", expected, " data bytes (",
        typeText, ") but the file has ", available));
  if (available > expected)
    return absl::InvalidArgumentError(absl::StrCat(
        name, ": ", available - expected,
        " unexpected trailing bytes: header declares ", expected,
        " data bytes (", typeText, ") but the file has ", available));

  Tensor t = Tensor::allocate(*dtype, header->shape);
  if (expected)
    std::memcpy(t.data(), bytes.data() + prefix + headerLen, expected);
  return t;
}

absl::StatusOr<Tensor> readNpy(const std::string &path) {
  absl::StatusOr<std::string> bytes = readFileBytes(path);
  if (!bytes.ok())
    return bytes.status();
  return readNpyFromBuffer(*bytes, path);
}

absl::StatusOr<std::string> encodeNpy(const Tensor &tensor) {
  if (tensor.dtype() == DType::BF16)
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot write ", tensor.typeString(),
        " as .npy: bf16 has no NumPy dtype (convert to f32 first)"));
  if (!tensor.data() && tensor.byteSize() != 0)
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot write ", tensor.typeString(), " as .npy: tensor has no data"));

  const std::vector<int64_t> &shape = tensor.shape();
  std::string shapeText;
  if (shape.size() == 1)
    shapeText = absl::StrCat("(", shape[0], ",)");
  else
    shapeText = absl::StrCat("(", absl::StrJoin(shape, ", "), ")");
  std::string dict =
      absl::StrCat("{'descr': '", toAbsl(descrFor(tensor.dtype())),
                   "', 'fortran_order': False, 'shape': ", shapeText, ", }");
  if (!shape.empty()) {
    size_t digits = std::to_string(shape[0]).size();
    if (digits < kGrowthAxisMaxDigits)
      dict.append(kGrowthAxisMaxDigits - digits, ' ');
  }

  // Like numpy: version 1.0 unless the header outgrows its 16-bit length.
  size_t hlen = dict.size() + 1; // + the final '\n'
  unsigned major = 1;
  size_t lenWidth = 2;
  size_t padLen = kArrayAlign - (kMagic.size() + 2 + lenWidth + hlen) % kArrayAlign;
  if (hlen + padLen > 0xFFFF) {
    major = 2;
    lenWidth = 4;
    padLen = kArrayAlign - (kMagic.size() + 2 + lenWidth + hlen) % kArrayAlign;
  }
  uint64_t totalHeader = hlen + padLen;

  std::string out;
  out.reserve(kMagic.size() + 2 + lenWidth + totalHeader + tensor.byteSize());
  out.append(kMagic);
  out.push_back(static_cast<char>(major));
  out.push_back(0);
  for (size_t i = 0; i < lenWidth; ++i)
    out.push_back(static_cast<char>((totalHeader >> (8 * i)) & 0xFF));
  out.append(dict);
  out.append(padLen, ' ');
  out.push_back('\n');
  if (tensor.byteSize())
    out.append(static_cast<const char *>(tensor.data()), tensor.byteSize());
  return out;
}

absl::Status writeNpy(const std::string &path, const Tensor &tensor) {
  absl::StatusOr<std::string> bytes = encodeNpy(tensor);
  if (!bytes.ok())
    return absl::Status(bytes.status().code(),
                        absl::StrCat(path, ": ", bytes.status().message()));
  return writeFileAtomically(path, *bytes);
}

} // namespace tgc
