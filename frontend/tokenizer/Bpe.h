//===- Bpe.h - byte-level byte-pair-encoding tokenizer ----------*- C++ -*-===//
//
// A byte-pair-encoding (BPE) tokenizer for the language-model examples:
// learns merges from a text corpus, encodes text to token ids and decodes
// them back, and saves and loads its merges as text. It has no MLIR in it.
//
// Base vocabulary: the 256 byte values, so every byte string can be encoded
// and nothing is ever unknown (non-ASCII text is its UTF-8 bytes).
//
// Words: text is split into words before merges are learned or applied, and
// no token crosses a word. A word is a maximal run of non-whitespace bytes,
// together with the single ' ' before it if there is one (GPT-2's
// leading-space convention); any other whitespace (newlines, tabs, a second
// space) is a word of its own, made of the whole whitespace run. Whitespace
// is the six ASCII bytes " \t\n\v\f\r". So "low  lower\n" is split into
// "low", " ", " lower", "\n", and since words are only split, never changed,
// decode(encode(text)) == text for every byte string.
//
// Training: merges are learned on the table of distinct words and their
// counts. Each step merges the adjacent pair of tokens that occurs most
// often in the corpus, counting overlapping places ("aaa" holds (a, a)
// twice, though merging makes "aa a"); ties go to the smallest pair,
// comparing the left tokens' bytes first and the right tokens' bytes when
// the lefts are equal. A pair that spells an existing token another way
// ((a, bc) when (ab, c) already made "abc") is never learned, so every token
// has exactly one id and one merge line. Training stops after numMerges
// merges, or earlier when no pair is left.
//
// Token ids: byte b is id b (0..255); the token made by the i-th merge
// (0-based) is id 256 + i. Ids depend only on the merges, so a saved and
// reloaded tokenizer gives the same ids.
//
// Encoding applies, within each word, the learned merge of lowest index
// among the word's adjacent pairs, to all its occurrences from left to
// right, until no learned pair is left: this reproduces the segmentation
// training gave each of its words. encode and decode keep no state, so one
// tokenizer may serve several threads.
//
// Merges file (like GPT-2's merges.txt): the line "#version: tgc-bpe 1",
// then one merge per line in learned order, as "LEFT RIGHT\n". Bytes 0x21 to
// 0x7e other than '\' are written as themselves, '\' as "\\", and every
// other byte (space, newline, non-ASCII) as "\xHH", so a line holds exactly
// one space and the file round-trips any byte.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_FRONTEND_TOKENIZER_BPE_H
#define TGC_FRONTEND_TOKENIZER_BPE_H

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tgc::frontend {

class BpeTokenizer {
public:
  /// A merge as the bytes of its left and right tokens.
  using Merge = std::pair<std::string, std::string>;

  /// Ids 0..255 are the byte values.
  static constexpr int64_t kNumByteTokens = 256;

  /// The first line of a merges file.
  static constexpr std::string_view kMergesHeader = "#version: tgc-bpe 1";

  /// A tokenizer with no merges: one token per byte.
  BpeTokenizer();

  /// Learns at most \p numMerges merges (none when it is <= 0) from
  /// \p corpus; fewer when the corpus runs out of pairs.
  static BpeTokenizer train(std::string_view corpus, int numMerges);

  /// The words \p text is split into (see the file comment); they are
  /// views into \p text and concatenate back to it.
  static std::vector<std::string_view> splitWords(std::string_view text);

  /// The token ids of \p text; every id is in [0, vocabSize()).
  std::vector<int64_t> encode(std::string_view text) const;

  /// The bytes of \p ids concatenated. An id outside [0, vocabSize()) is an
  /// InvalidArgument error naming the id and its position.
  absl::StatusOr<std::string> decode(absl::Span<const int64_t> ids) const;

  /// 256 + merges().size().
  int64_t vocabSize() const { return static_cast<int64_t>(tokens_.size()); }

  /// The learned merges in order; merge i made token 256 + i.
  const std::vector<Merge> &merges() const { return merges_; }

  /// The merges file text (see the file comment).
  std::string mergesText() const;

  /// Parses merges file text; errors say "SOURCENAME:LINE: what was wrong".
  static absl::StatusOr<BpeTokenizer>
  fromMergesText(std::string_view text, std::string_view sourceName);

  /// Writes mergesText() to \p path (replacing the file whole).
  absl::Status save(const std::string &path) const;

  /// Reads a merges file written by save(); errors name the file and line.
  static absl::StatusOr<BpeTokenizer> load(const std::string &path);

private:
  /// Learns the merge (left, right) as the next id. The caller has checked
  /// that both ids exist and the pair spells no existing token.
  void addMerge(int32_t left, int32_t right);

  /// The id of the token spelled \p bytes, or -1.
  int32_t idOf(std::string_view bytes) const;

  /// Appends the ids of one word (as split by splitWords) to \p out.
  void encodeWord(std::string_view word, std::vector<int64_t> &out) const;

  // tokens_[id] is the token's bytes.
  std::vector<std::string> tokens_;
  absl::flat_hash_map<std::string, int32_t> idByBytes_;
  std::vector<Merge> merges_;
  // (left id << 32 | right id) -> merge index.
  absl::flat_hash_map<uint64_t, int32_t> rankByPair_;
};

} // namespace tgc::frontend

#endif // TGC_FRONTEND_TOKENIZER_BPE_H
