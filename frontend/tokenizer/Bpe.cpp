//===- Bpe.cpp - byte-level byte-pair-encoding tokenizer ------------------===//
//
// Training keeps the count of every adjacent token pair over the table of
// distinct words, and for each pair the words it occurs in. A merge then
// rewrites only the words that hold its pair and updates the counts by the
// difference, and a max-heap with stale entries skipped on pop finds the
// next pair, so a step costs what it changes rather than a pass over the
// corpus.
//
//===----------------------------------------------------------------------===//

#include "frontend/tokenizer/Bpe.h"

#include "runtime/AbslCompat.h"
#include "runtime/FileUtil.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

#include <climits>
#include <queue>

namespace tgc::frontend {

namespace {

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
         c == '\r';
}

uint64_t pairKey(int32_t left, int32_t right) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << 32) |
         static_cast<uint32_t>(right);
}
int32_t leftOf(uint64_t key) { return static_cast<int32_t>(key >> 32); }
int32_t rightOf(uint64_t key) {
  return static_cast<int32_t>(key & 0xffffffffu);
}

std::vector<int32_t> byteIds(std::string_view word) {
  std::vector<int32_t> ids;
  ids.reserve(word.size());
  for (char c : word)
    ids.push_back(static_cast<unsigned char>(c));
  return ids;
}

/// Replaces every (left, right) in \p ids, from left to right, by \p merged
/// ("aaa" with (a, a) gives "aa a"). Returns whether anything changed.
bool mergePair(std::vector<int32_t> &ids, int32_t left, int32_t right,
               int32_t merged) {
  size_t out = 0;
  for (size_t i = 0; i < ids.size(); ++i, ++out) {
    if (i + 1 < ids.size() && ids[i] == left && ids[i + 1] == right) {
      ids[out] = merged;
      ++i;
    } else {
      ids[out] = ids[i];
    }
  }
  bool changed = out != ids.size();
  ids.resize(out);
  return changed;
}

void appendEscaped(std::string &out, std::string_view token) {
  for (char c : token) {
    auto b = static_cast<unsigned char>(c);
    if (b == '\\')
      out += "\\\\";
    else if (b >= 0x21 && b <= 0x7e)
      out += c;
    else
      absl::StrAppend(&out, "\\x", absl::Hex(b, absl::kZeroPad2));
  }
}

int hexValue(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/// The bytes of one escaped token of a merges file; the error says what is
/// wrong with \p text, without a location.
absl::StatusOr<std::string> unescapeToken(std::string_view text) {
  if (text.empty())
    return absl::InvalidArgumentError("empty token");
  std::string bytes;
  for (size_t i = 0; i < text.size(); ++i) {
    auto b = static_cast<unsigned char>(text[i]);
    if (b == '\\') {
      if (i + 1 < text.size() && text[i + 1] == '\\') {
        bytes += '\\';
        i += 1;
        continue;
      }
      if (i + 3 < text.size() && text[i + 1] == 'x' &&
          hexValue(text[i + 2]) >= 0 && hexValue(text[i + 3]) >= 0) {
        bytes += static_cast<char>(hexValue(text[i + 2]) * 16 +
                                   hexValue(text[i + 3]));
        i += 3;
        continue;
      }
      return absl::InvalidArgumentError(
          absl::StrCat("bad escape in token '", absl::CHexEscape(toAbsl(text)),
                       "' (expected \\\\ or \\xHH)"));
    }
    if (b < 0x21 || b > 0x7e)
      return absl::InvalidArgumentError(absl::StrCat(
          "byte 0x", absl::Hex(b, absl::kZeroPad2), " must be written as \\x",
          absl::Hex(b, absl::kZeroPad2)));
    bytes += text[i];
  }
  return bytes;
}

} // namespace

BpeTokenizer::BpeTokenizer() {
  for (int b = 0; b < kNumByteTokens; ++b) {
    tokens_.emplace_back(1, static_cast<char>(b));
    idByBytes_.emplace(tokens_.back(), b);
  }
}

int32_t BpeTokenizer::idOf(std::string_view bytes) const {
  auto it = idByBytes_.find(toAbsl(bytes));
  return it == idByBytes_.end() ? -1 : it->second;
}

void BpeTokenizer::addMerge(int32_t left, int32_t right) {
  int32_t id = static_cast<int32_t>(tokens_.size());
  rankByPair_.emplace(pairKey(left, right),
                      static_cast<int32_t>(merges_.size()));
  merges_.emplace_back(tokens_[left], tokens_[right]);
  tokens_.push_back(tokens_[left] + tokens_[right]);
  idByBytes_.emplace(tokens_.back(), id);
}

std::vector<std::string_view> BpeTokenizer::splitWords(std::string_view text) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    bool leadingSpace =
        text[i] == ' ' && i + 1 < text.size() && !isSpace(text[i + 1]);
    if (leadingSpace || !isSpace(text[i])) {
      i += leadingSpace ? 1 : 0;
      while (i < text.size() && !isSpace(text[i]))
        ++i;
    } else {
      while (i < text.size() && isSpace(text[i]))
        ++i;
      // A run that ends in ' ' before a word leaves that space to the word.
      if (i < text.size() && text[i - 1] == ' ' && i - start > 1)
        --i;
    }
    words.push_back(text.substr(start, i - start));
  }
  return words;
}

BpeTokenizer BpeTokenizer::train(std::string_view corpus, int numMerges) {
  BpeTokenizer tok;
  if (numMerges <= 0)
    return tok;

  absl::flat_hash_map<absl::string_view, int64_t> wordCounts;
  for (std::string_view word : splitWords(corpus))
    ++wordCounts[toAbsl(word)];
  // Word order does not matter: the heap orders pairs totally.
  std::vector<std::vector<int32_t>> words;
  std::vector<int64_t> counts;
  for (const auto &[word, count] : wordCounts) {
    words.push_back(byteIds(std::string_view(word.data(), word.size())));
    counts.push_back(count);
  }

  absl::flat_hash_map<uint64_t, int64_t> pairCounts;
  // The words a pair may occur in; may hold repeats and words that lost the
  // pair since, both skipped when the pair is merged.
  absl::flat_hash_map<uint64_t, std::vector<int32_t>> pairWords;
  for (size_t w = 0; w < words.size(); ++w) {
    for (size_t j = 0; j + 1 < words[w].size(); ++j) {
      uint64_t key = pairKey(words[w][j], words[w][j + 1]);
      pairCounts[key] += counts[w];
      pairWords[key].push_back(static_cast<int32_t>(w));
    }
  }

  struct Candidate {
    int64_t count;
    int32_t left, right;
  };
  // priority_queue pops the greatest: the highest count, then the smallest
  // (left bytes, right bytes).
  auto ranksBelow = [&tok](const Candidate &a, const Candidate &b) {
    if (a.count != b.count)
      return a.count < b.count;
    const std::string &aLeft = tok.tokens_[a.left],
                      &bLeft = tok.tokens_[b.left];
    if (aLeft != bLeft)
      return aLeft > bLeft;
    return tok.tokens_[a.right] > tok.tokens_[b.right];
  };
  std::priority_queue<Candidate, std::vector<Candidate>, decltype(ranksBelow)>
      heap(ranksBelow);
  for (const auto &[key, count] : pairCounts)
    heap.push({count, leftOf(key), rightOf(key)});

  std::vector<int32_t> visitedBy(words.size(), -1);
  absl::flat_hash_map<uint64_t, int64_t> deltas;
  while (static_cast<int>(tok.merges_.size()) < numMerges && !heap.empty()) {
    Candidate top = heap.top();
    heap.pop();
    uint64_t key = pairKey(top.left, top.right);
    auto found = pairCounts.find(key);
    // A count that changed since the push has a newer entry in the heap.
    if (found == pairCounts.end() || found->second != top.count)
      continue;
    if (tok.idOf(tok.tokens_[top.left] + tok.tokens_[top.right]) >= 0)
      continue;

    int32_t merged = static_cast<int32_t>(tok.tokens_.size());
    tok.addMerge(top.left, top.right);
    // Moved out: adding the new pairs below may rehash pairWords.
    std::vector<int32_t> holders = std::move(pairWords[key]);
    pairWords.erase(key);
    deltas.clear();
    for (int32_t w : holders) {
      if (visitedBy[w] == merged)
        continue;
      visitedBy[w] = merged;
      std::vector<int32_t> &ids = words[w];
      std::vector<int32_t> before = ids;
      if (!mergePair(ids, top.left, top.right, merged))
        continue;
      for (size_t j = 0; j + 1 < before.size(); ++j)
        deltas[pairKey(before[j], before[j + 1])] -= counts[w];
      for (size_t j = 0; j + 1 < ids.size(); ++j) {
        uint64_t newKey = pairKey(ids[j], ids[j + 1]);
        deltas[newKey] += counts[w];
        // Only pairs with the new token are new to this word.
        if (ids[j] == merged || ids[j + 1] == merged)
          pairWords[newKey].push_back(w);
      }
    }
    for (const auto &[changedKey, delta] : deltas) {
      if (delta == 0)
        continue;
      int64_t &count = pairCounts[changedKey];
      count += delta;
      if (count <= 0)
        pairCounts.erase(changedKey);
      else
        heap.push({count, leftOf(changedKey), rightOf(changedKey)});
    }
  }
  return tok;
}

void BpeTokenizer::encodeWord(std::string_view word,
                              std::vector<int64_t> &out) const {
  std::vector<int32_t> ids = byteIds(word);
  while (ids.size() > 1) {
    int32_t bestRank = INT32_MAX;
    uint64_t bestKey = 0;
    for (size_t j = 0; j + 1 < ids.size(); ++j) {
      uint64_t key = pairKey(ids[j], ids[j + 1]);
      auto it = rankByPair_.find(key);
      if (it != rankByPair_.end() && it->second < bestRank) {
        bestRank = it->second;
        bestKey = key;
      }
    }
    if (bestRank == INT32_MAX)
      break;
    mergePair(ids, leftOf(bestKey), rightOf(bestKey),
              static_cast<int32_t>(kNumByteTokens + bestRank));
  }
  out.insert(out.end(), ids.begin(), ids.end());
}

std::vector<int64_t> BpeTokenizer::encode(std::string_view text) const {
  std::vector<int64_t> ids;
  ids.reserve(text.size() / 2);
  // Text repeats its words: each distinct word is encoded once and its ids
  // copied from where it first appeared.
  struct Span {
    size_t begin, size;
  };
  absl::flat_hash_map<absl::string_view, Span> done;
  for (std::string_view word : splitWords(text)) {
    auto [it, inserted] = done.try_emplace(toAbsl(word), Span{ids.size(), 0});
    if (!inserted) {
      for (size_t j = 0; j < it->second.size; ++j) {
        int64_t id = ids[it->second.begin + j];
        ids.push_back(id);
      }
      continue;
    }
    encodeWord(word, ids);
    it->second.size = ids.size() - it->second.begin;
  }
  return ids;
}

absl::StatusOr<std::string>
BpeTokenizer::decode(absl::Span<const int64_t> ids) const {
  std::string text;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] < 0 || ids[i] >= vocabSize())
      return absl::InvalidArgumentError(absl::StrCat(
          "token id ", ids[i], " at position ", i,
          " is out of range: the vocabulary has ids 0 to ", vocabSize() - 1));
    text += tokens_[ids[i]];
  }
  return text;
}

std::string BpeTokenizer::mergesText() const {
  std::string text(kMergesHeader);
  text += '\n';
  for (const auto &[left, right] : merges_) {
    appendEscaped(text, left);
    text += ' ';
    appendEscaped(text, right);
    text += '\n';
  }
  return text;
}

absl::StatusOr<BpeTokenizer>
BpeTokenizer::fromMergesText(std::string_view text,
                             std::string_view sourceName) {
  auto error = [&](size_t line, const auto &...what) {
    return absl::InvalidArgumentError(
        absl::StrCat(toAbsl(sourceName), ":", line, ": ", what...));
  };
  const std::string header(kMergesHeader);
  if (text.empty())
    return error(1, "empty file; expected the header '", header, "'");

  BpeTokenizer tok;
  size_t line = 0;
  for (size_t pos = 0; pos < text.size();) {
    ++line;
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos)
      return error(line, "the last line has no newline (truncated file?)");
    std::string_view content = text.substr(pos, end - pos);
    pos = end + 1;
    if (line == 1) {
      if (content != kMergesHeader)
        return error(1, "expected the header '", header, "', got '",
                     absl::CHexEscape(toAbsl(content)), "'");
      continue;
    }
    size_t space = content.find(' ');
    if (space == std::string_view::npos ||
        content.find(' ', space + 1) != std::string_view::npos)
      return error(line, "expected two tokens separated by one space, got '",
                   absl::CHexEscape(toAbsl(content)), "'");
    int32_t ids[2];
    std::string_view parts[2] = {content.substr(0, space),
                                 content.substr(space + 1)};
    for (int side = 0; side < 2; ++side) {
      absl::StatusOr<std::string> bytes = unescapeToken(parts[side]);
      if (!bytes.ok())
        return error(line, side == 0 ? "left" : "right",
                     " token: ", bytes.status().message());
      ids[side] = tok.idOf(*bytes);
      if (ids[side] < 0)
        return error(line, "token '", toAbsl(parts[side]),
                     "' is neither a byte nor made by an earlier merge");
    }
    auto repeated = tok.rankByPair_.find(pairKey(ids[0], ids[1]));
    if (repeated != tok.rankByPair_.end())
      return error(line, "repeats the merge on line ", repeated->second + 2);
    int32_t existing = tok.idOf(tok.tokens_[ids[0]] + tok.tokens_[ids[1]]);
    if (existing >= 0)
      return error(line, "makes '", toAbsl(content.substr(0, space)),
                   toAbsl(content.substr(space + 1)),
                   "', which an earlier merge made already (token ", existing,
                   ")");
    tok.addMerge(ids[0], ids[1]);
  }
  return tok;
}

absl::Status BpeTokenizer::save(const std::string &path) const {
  return writeFileAtomically(path, mergesText());
}

absl::StatusOr<BpeTokenizer> BpeTokenizer::load(const std::string &path) {
  absl::StatusOr<std::string> text = readFileBytes(path);
  if (!text.ok())
    return text.status();
  return fromMergesText(*text, path);
}

} // namespace tgc::frontend
