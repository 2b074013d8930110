//===- BpeTest.cpp - Tests of the byte-level BPE tokenizer ----------------===//
//
// Expected merges and ids are worked out by hand in the comments; the
// training on the repo corpus is checked against a naive trainer here that
// recounts every pair at every step.
//
//===----------------------------------------------------------------------===//
#include "frontend/tokenizer/Bpe.h"

#include "tests/unit/runtime/TestUtil.h"

#include "absl/strings/str_cat.h"

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tgc::frontend {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using tgc::testing::readRaw;
using tgc::testing::ScratchDir;
using tgc::testing::writeRaw;
using Merges = std::vector<BpeTokenizer::Merge>;
using namespace std::string_literals;

std::string corpusText() {
  std::string text = readRaw(TGC_CORPUS_PATH);
  EXPECT_GT(text.size(), 50000u) << "cannot read " << TGC_CORPUS_PATH;
  return text;
}

std::string decodeOrDie(const BpeTokenizer &tok,
                        const std::vector<int64_t> &ids) {
  absl::StatusOr<std::string> text = tok.decode(ids);
  EXPECT_TRUE(text.ok()) << text.status();
  return text.ok() ? *text : "";
}

/// Training without any bookkeeping: every step recounts every pair of
/// every distinct word. Same rules as BpeTokenizer::train.
Merges naiveTrain(std::string_view corpus, int numMerges) {
  std::map<std::vector<std::string>, int64_t> words;
  for (std::string_view word : BpeTokenizer::splitWords(corpus)) {
    std::vector<std::string> symbols;
    for (char c : word)
      symbols.emplace_back(1, c);
    ++words[symbols];
  }
  std::set<std::string> tokens;
  for (int b = 0; b < 256; ++b)
    tokens.insert(std::string(1, static_cast<char>(b)));
  Merges merges;
  while (static_cast<int>(merges.size()) < numMerges) {
    std::map<BpeTokenizer::Merge, int64_t> counts;
    for (const auto &[symbols, count] : words)
      for (size_t j = 0; j + 1 < symbols.size(); ++j)
        counts[{symbols[j], symbols[j + 1]}] += count;
    // std::map walks pairs from the smallest, so the first maximum wins.
    const BpeTokenizer::Merge *best = nullptr;
    int64_t bestCount = 0;
    for (const auto &[pair, count] : counts)
      if (count > bestCount && !tokens.count(pair.first + pair.second)) {
        best = &pair;
        bestCount = count;
      }
    if (!best)
      break;
    merges.push_back(*best);
    tokens.insert(best->first + best->second);
    std::map<std::vector<std::string>, int64_t> next;
    for (const auto &[symbols, count] : words) {
      std::vector<std::string> out;
      for (size_t j = 0; j < symbols.size(); ++j) {
        if (j + 1 < symbols.size() && symbols[j] == best->first &&
            symbols[j + 1] == best->second) {
          out.push_back(symbols[j] + symbols[j + 1]);
          ++j;
        } else {
          out.push_back(symbols[j]);
        }
      }
      next[out] += count;
    }
    words = std::move(next);
  }
  return merges;
}

TEST(Bpe, FirstMergesOfLowLowerNewestWidestAreEsThenEst) {
  // Words: "low", " lower", " newest", " widest", once each. Pair counts:
  //   2: (e,s) newest widest, (l,o) low lower, (o,w) low lower,
  //      (s,t) newest widest, (w,e) lower newest
  //   1: ( ,l) ( ,n) ( ,w) (e,r) (n,e) (e,w) (w,i) (i,d) (d,e)
  // Tie at 2, smallest left token "e" < "l" < "o" < "s" < "w": (e,s).
  // Then newest = " n e w es t", widest = " w i d es t": (es,t) 2, (l,o) 2,
  // (o,w) 2, (w,e) 1 (only lower now), (s,t) gone; "es" < "l" < "o": (es,t).
  BpeTokenizer tok = BpeTokenizer::train("low lower newest widest", 2);
  EXPECT_EQ(tok.merges(), (Merges{{"e", "s"}, {"es", "t"}}));
  EXPECT_EQ(tok.vocabSize(), 258);
  // Ids: bytes as themselves, then "es" = 256 and "est" = 257.
  EXPECT_THAT(tok.encode(" newest"), ElementsAre(' ', 'n', 'e', 'w', 257));
  EXPECT_THAT(tok.encode("widest"), ElementsAre('w', 'i', 'd', 257));
  EXPECT_THAT(tok.encode("test"), ElementsAre('t', 257));
  EXPECT_THAT(tok.encode("ess"), ElementsAre(256, 's'));
  EXPECT_EQ(decodeOrDie(tok, {256, 257}), "esest");
}

TEST(Bpe, EqualCountsGoToTheSmallestRightTokenWhenLeftsAreEqual) {
  // Words "xb", "\n", "xa": (x,b) 1, (x,a) 1; "a" < "b". Then only (x,b) is
  // left, and after it no pair at all, so training stops at 2 of 10.
  BpeTokenizer tok = BpeTokenizer::train("xb\nxa", 10);
  EXPECT_EQ(tok.merges(), (Merges{{"x", "a"}, {"x", "b"}}));
}

TEST(Bpe, EqualCountsCompareLeftTokensBeforeRightTokens) {
  // Words "bz" x3, "abz", "abc", "\n" x4.
  // Step 1: (b,z) 3+1 = 4 beats (a,b) 2 and (b,c) 1. Now abz = "a bz".
  // Step 2: (a,b) 1, (b,c) 1, (a,bz) 1. Lefts "a" < "b"; rights "b" < "bz":
  //         (a,b). Now abc = "ab c".
  // Step 3: (a,bz) 1 and (ab,c) 1: left "a" < "ab" gives (a,bz), although
  //         as one string "abc" < "abz".
  BpeTokenizer tok = BpeTokenizer::train("bz\nbz\nbz\nabz\nabc", 10);
  EXPECT_EQ(tok.merges(),
            (Merges{{"b", "z"}, {"a", "b"}, {"a", "bz"}, {"ab", "c"}}));
}

TEST(Bpe, AHigherCountBeatsASmallerPair) {
  // Words "zz", " zz": (z,z) 2 beats ( ,z) 1 although " " < "z". Then
  // " zz" = "  zz" as ( ,zz).
  BpeTokenizer tok = BpeTokenizer::train("zz zz", 10);
  EXPECT_EQ(tok.merges(), (Merges{{"z", "z"}, {" ", "zz"}}));
}

TEST(Bpe, OverlappingPairsMergeFromTheLeft) {
  // "aaa" holds (a,a) twice; merging from the left gives "aa a", then
  // (aa,a) makes "aaa".
  BpeTokenizer tok = BpeTokenizer::train("aaa", 10);
  EXPECT_EQ(tok.merges(), (Merges{{"a", "a"}, {"aa", "a"}}));
  // "aaaaa": (a,a) gives "aa aa a", then (aa,a) gives "aa aaa".
  EXPECT_THAT(tok.encode("aaaaa"), ElementsAre(256, 257));
}

TEST(Bpe, SplitsWordsWithTheirLeadingSpace) {
  EXPECT_THAT(BpeTokenizer::splitWords("low  lower\n\tnew  "),
              ElementsAre("low", " ", " lower", "\n\t", "new", "  "));
  EXPECT_THAT(BpeTokenizer::splitWords(" a \nb\n c"),
              ElementsAre(" a", " \n", "b", "\n", " c"));
  EXPECT_THAT(BpeTokenizer::splitWords(""), ElementsAre());
}

TEST(Bpe, ZeroMergesIsOneTokenPerByte) {
  BpeTokenizer tok = BpeTokenizer::train("low lower", 0);
  EXPECT_TRUE(tok.merges().empty());
  EXPECT_EQ(tok.vocabSize(), 256);
  EXPECT_THAT(tok.encode("\xff"
                         "a"),
              ElementsAre(255, 'a'));
}

TEST(Bpe, RoundTripsTheRepoCorpus) {
  std::string corpus = corpusText();
  BpeTokenizer tok = BpeTokenizer::train(corpus, 1000);
  ASSERT_EQ(tok.merges().size(), 1000u);
  EXPECT_EQ(tok.vocabSize(), 1256);
  std::vector<int64_t> ids = tok.encode(corpus);
  for (int64_t id : ids)
    ASSERT_TRUE(id >= 0 && id < tok.vocabSize()) << id;
  EXPECT_EQ(decodeOrDie(tok, ids), corpus);
  // English with 1000 merges: well under half a token per byte.
  EXPECT_LT(ids.size(), corpus.size() / 3);
}

TEST(Bpe, RoundTripsTextWithBytesTrainingNeverSaw) {
  BpeTokenizer tok = BpeTokenizer::train("low lower newest widest", 20);
  for (const std::string &text :
       {""s, " "s, "\n\n\t  \r\n"s, "  leading and trailing  "s,
        "naïve café ☕"s, "lowest\0\xff\x80 newer\\widest"s,
        "tab\tseparated\vand\fform\rfeed"s}) {
    std::vector<int64_t> ids = tok.encode(text);
    EXPECT_EQ(decodeOrDie(tok, ids), text);
  }
  // Unseen bytes are their own ids.
  EXPECT_THAT(tok.encode("\0\xff"s), ElementsAre(0, 255));
}

TEST(Bpe, DecodeRejectsOutOfRangeIds) {
  BpeTokenizer tok = BpeTokenizer::train("low lower newest widest", 2);
  EXPECT_EQ(decodeOrDie(tok, {'w', 257}), "west");
  for (int64_t bad : {int64_t{258}, int64_t{-1}}) {
    absl::StatusOr<std::string> text = tok.decode({'a', bad});
    ASSERT_FALSE(text.ok());
    EXPECT_EQ(text.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(text.status().message(),
                HasSubstr(absl::StrCat("token id ", bad, " at position 1")));
  }
}

TEST(Bpe, WritesTheDocumentedMergesFormat) {
  BpeTokenizer tok = BpeTokenizer::train("low lower newest widest", 2);
  EXPECT_EQ(tok.mergesText(), "#version: tgc-bpe 1\ne s\nes t\n");

  // Space, backslash, newline and a non-ASCII byte are escaped.
  std::string text = "#version: tgc-bpe 1\n"
                     "\\x20 t\n"
                     "\\\\ \\xff\n"
                     "\\x0a \\x20t\n";
  absl::StatusOr<BpeTokenizer> parsed =
      BpeTokenizer::fromMergesText(text, "inline");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->merges(),
            (Merges{{" ", "t"}, {"\\", "\xff"}, {"\n", " t"}}));
  EXPECT_EQ(parsed->mergesText(), text);
  // "\n" and " tea" are separate words, so (\n, " t") never applies.
  EXPECT_THAT(parsed->encode("\n tea \\\xff"),
              ElementsAre('\n', 256, 'e', 'a', ' ', 257));
}

TEST(Bpe, SaveAndLoadGiveTheSameEncodings) {
  // Odd bytes in the training text so that merges need escaping.
  std::string odd = "  a\\b\\c \xff\xfe\xff\xfe \t\tx\r\n\r\n";
  std::string corpus = corpusText() + odd + odd + odd;
  BpeTokenizer tok = BpeTokenizer::train(corpus, 600);
  ScratchDir dir;
  std::string path = dir.path("merges.txt");
  ASSERT_TRUE(tok.save(path).ok());
  absl::StatusOr<BpeTokenizer> loaded = BpeTokenizer::load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->merges(), tok.merges());
  EXPECT_EQ(loaded->vocabSize(), tok.vocabSize());
  EXPECT_EQ(loaded->encode(corpus), tok.encode(corpus));
  EXPECT_EQ(loaded->encode(odd + "naïve"), tok.encode(odd + "naïve"));
  EXPECT_EQ(readRaw(path), tok.mergesText());
}

TEST(Bpe, LoadErrorsNameTheFileAndLine) {
  const std::string header = "#version: tgc-bpe 1\n";
  struct Case {
    std::string text;
    int line;
    std::string message;
  };
  std::vector<Case> cases = {
      {"", 1, "empty file"},
      {"#version: 0.2\ne s\n", 1, "expected the header"},
      {"#version: tgc-bpe 1\r\ne s\r\n", 1, "expected the header"},
      {header + "e s\nes\n", 3, "two tokens separated by one space"},
      {header + "e  s\n", 2, "two tokens separated by one space"},
      {header + "e s\nes t", 3, "no newline (truncated file?)"},
      {header + "e s\n\n", 3, "two tokens separated by one space"},
      {header + "e \\q\n", 2, "right token: bad escape"},
      {header + "\\x4 s\n", 2, "left token: bad escape"},
      {header + "e \t\n", 2, "byte 0x09 must be written as \\x09"},
      {header + "es t\n", 2, "token 'es' is neither a byte nor made by"},
      {header + "e s\ne s\n", 3, "repeats the merge on line 2"},
      {header + "a b\nab c\nb c\na bc\n", 5, "made already (token 257)"},
  };
  ScratchDir dir;
  for (size_t i = 0; i < cases.size(); ++i) {
    std::string path = dir.path(absl::StrCat("bad", i, ".txt"));
    writeRaw(path, cases[i].text);
    absl::StatusOr<BpeTokenizer> loaded = BpeTokenizer::load(path);
    ASSERT_FALSE(loaded.ok()) << "case " << i;
    EXPECT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(loaded.status().message(),
                HasSubstr(absl::StrCat(path, ":", cases[i].line, ": ")))
        << "case " << i;
    EXPECT_THAT(loaded.status().message(), HasSubstr(cases[i].message))
        << "case " << i;
  }

  absl::StatusOr<BpeTokenizer> missing = BpeTokenizer::load(dir.path("none"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr(dir.path("none")));
}

TEST(Bpe, TrainingIsDeterministicAndIgnoresWordOrder) {
  std::string corpus = corpusText();
  Merges first = BpeTokenizer::train(corpus, 500).merges();
  EXPECT_EQ(BpeTokenizer::train(corpus, 500).merges(), first);

  // The corpus's " word" words, in order and shuffled: the same table of
  // word counts, so the same merges.
  std::vector<std::string_view> words;
  for (std::string_view word : BpeTokenizer::splitWords(corpus))
    if (word.size() > 1 && word[0] == ' ')
      words.push_back(word);
  std::string inOrder, shuffled;
  for (std::string_view word : words)
    inOrder += word;
  std::shuffle(words.begin(), words.end(), std::mt19937(7));
  for (std::string_view word : words)
    shuffled += word;
  EXPECT_EQ(BpeTokenizer::train(shuffled, 300).merges(),
            BpeTokenizer::train(inOrder, 300).merges());
}

TEST(Bpe, IncrementalCountsMatchANaiveRecount) {
  std::string corpus = corpusText();
  EXPECT_EQ(BpeTokenizer::train(corpus, 150).merges(), naiveTrain(corpus, 150));
}

} // namespace
} // namespace tgc::frontend
