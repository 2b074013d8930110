//===- Tokenize.cpp - `tgc tokenize`: BPE merges, ids and LM batches ------===//
//
//   tgc tokenize learn CORPUS.txt --merges N -o MERGES.txt
//   tgc tokenize encode TEXT.txt --bpe MERGES.txt [-o IDS.npy
//       [--seq-len L [--batch B]]]
//   tgc tokenize decode IDS.npy --bpe MERGES.txt [--argmax] [--tokens]
//       [-o TEXT.txt]
//   tgc tokenize batches CORPUS.txt --bpe MERGES.txt --batch B --seq-len L
//       [--num-batches K] [--seed S] [--vocab V] [--input-name tokens]
//       [--label-name labels] -o DATA.safetensors
//
// The command-line face of frontend/tokenizer/Bpe.h (its file comment
// defines the merges, the words and the ids). `batches` writes language-
// model training data in `tgc train`'s format: the corpus's ids are cut
// into consecutive windows of L + 1 ids, the windows are shuffled by
// --seed, and window w becomes one row: its first L ids the input, its
// last L (the same ids shifted by one) the next-token labels. Every output
// is a function of the files and options only, so commands repeat exactly.
//
//===----------------------------------------------------------------------===//

#include "tools/tgc/Tokenize.h"
#include "tools/tgc/Driver.h"

#include "frontend/tokenizer/Bpe.h"
#include "runtime/FileUtil.h"
#include "runtime/Npy.h"
#include "runtime/Random.h"
#include "runtime/Safetensors.h"
#include "tools/tgc/Compile.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <map>
#include <numeric>

namespace cl = llvm::cl;

namespace tgc {

namespace {

cl::SubCommand &tokenizeSubcommand() {
  static cl::SubCommand command(
      "tokenize",
      "BPE tokenizer: `learn CORPUS.txt` merges, `encode TEXT.txt` to ids, "
      "`decode IDS.npy` to text, `batches CORPUS.txt` of language-model "
      "data for `tgc train`");
  return command;
}

cl::opt<std::string> action(cl::Positional, cl::Required,
                            cl::desc("<learn|encode|decode|batches>"),
                            cl::sub(tokenizeSubcommand()),
                            cl::cat(tgcOptionCategory()));
cl::opt<std::string> inputPath(cl::Positional, cl::desc("<file>"),
                               cl::sub(tokenizeSubcommand()),
                               cl::cat(tgcOptionCategory()));
cl::opt<std::string>
    outputPath("o",
               cl::desc("Output: the merges file (learn), an i64 .npy "
                        "(encode; default: ids on stdout), the text (decode; "
                        "default: stdout), the .safetensors (batches)"),
               cl::value_desc("file"), cl::sub(tokenizeSubcommand()),
               cl::cat(tgcOptionCategory()));
cl::opt<int> numMerges(
    "merges",
    cl::desc("learn: how many merges to learn (the vocab is 256 + N, fewer "
             "when the corpus runs out of pairs)"),
    cl::value_desc("N"), cl::sub(tokenizeSubcommand()),
    cl::cat(tgcOptionCategory()));
cl::opt<std::string>
    bpePath("bpe", cl::desc("The merges file written by `tokenize learn`"),
            cl::value_desc("file"), cl::sub(tokenizeSubcommand()),
            cl::cat(tgcOptionCategory()));
cl::opt<unsigned>
    batchSize("batch",
              cl::desc("batches: rows per batch; encode: rows of the [B, L] "
                       "ids (default 1)"),
              cl::value_desc("B"), cl::sub(tokenizeSubcommand()),
              cl::cat(tgcOptionCategory()));
cl::opt<unsigned>
    seqLen("seq-len",
           cl::desc("batches: ids per row; encode: write the first B*L ids "
                    "as [B, L]"),
           cl::value_desc("L"), cl::sub(tokenizeSubcommand()),
           cl::cat(tgcOptionCategory()));
cl::opt<unsigned> numBatches(
    "num-batches",
    cl::desc("batches: how many batches to write (default: as many as the "
             "corpus fills, each window used once)"),
    cl::value_desc("K"), cl::sub(tokenizeSubcommand()),
    cl::cat(tgcOptionCategory()));
cl::opt<uint64_t> seed("seed",
                       cl::desc("batches: seed of the shuffle of the windows "
                                "(default 0)"),
                       cl::init(0), cl::sub(tokenizeSubcommand()),
                       cl::cat(tgcOptionCategory()));
cl::opt<unsigned> modelVocab(
    "vocab",
    cl::desc("batches: the model's vocab (its embedding rows); an error when "
             "the tokenizer's is larger"),
    cl::value_desc("V"), cl::sub(tokenizeSubcommand()),
    cl::cat(tgcOptionCategory()));
cl::opt<std::string>
    inputName("input-name",
              cl::desc("batches: the tensor of input ids (default tokens)"),
              cl::init("tokens"), cl::sub(tokenizeSubcommand()),
              cl::cat(tgcOptionCategory()));
cl::opt<std::string> labelName(
    "label-name",
    cl::desc("batches: the tensor of next-token labels (default labels)"),
    cl::init("labels"), cl::sub(tokenizeSubcommand()),
    cl::cat(tgcOptionCategory()));
cl::opt<bool>
    argmax("argmax",
           cl::desc("decode: the .npy holds float scores [..., V] (a model's "
                    "logits); decode the argmax over the last axis"),
           cl::sub(tokenizeSubcommand()), cl::cat(tgcOptionCategory()));
cl::opt<bool> oneTokenPerLine(
    "tokens",
    cl::desc("decode: write each token on a line of its own, as a quoted C "
             "string (\\n, \\xHH), instead of the text"),
    cl::sub(tokenizeSubcommand()), cl::cat(tgcOptionCategory()));

/// Fails when any option of `options` was given: they mean nothing to
/// `tgc tokenize <action>`.
int rejectOptions(std::initializer_list<const cl::Option *> options) {
  for (const cl::Option *option : options)
    if (option->getNumOccurrences() > 0)
      return fail(absl::StrCat("--", option->ArgStr.str(),
                               " does not apply to `tgc tokenize ", action,
                               "`"));
  return 0;
}

/// Fails unless `option` (a string option) was given; `what` is how the
/// message spells it ("--bpe MERGES.txt").
int require(const cl::opt<std::string> &option, llvm::StringRef what) {
  if (!option.empty())
    return 0;
  return fail(absl::StrCat("`tgc tokenize ", action, "` needs ", what.str()));
}

absl::StatusOr<frontend::BpeTokenizer> loadTokenizer() {
  return frontend::BpeTokenizer::load(bpePath);
}

/// "62013 bytes -> 21034 tokens (2.95 bytes per token)".
std::string compression(size_t bytes, size_t tokens) {
  std::string ratio;
  llvm::raw_string_ostream(ratio)
      << llvm::format("%.2f", tokens ? double(bytes) / tokens : 0.0);
  return absl::StrCat(bytes, " bytes -> ", tokens, " tokens (", ratio,
                      " bytes per token)");
}

int learn() {
  if (int rc = rejectOptions({&bpePath, &batchSize, &seqLen, &numBatches, &seed,
                              &modelVocab, &inputName, &labelName, &argmax,
                              &oneTokenPerLine}))
    return rc;
  if (int rc = require(outputPath, "-o MERGES.txt"))
    return rc;
  if (numMerges.getNumOccurrences() == 0)
    return fail("`tgc tokenize learn` needs --merges N (the vocab is 256 + N)");
  if (numMerges < 0)
    return fail(
        absl::StrCat("--merges must be >= 0, got ", numMerges.getValue()));
  absl::StatusOr<std::string> corpus = readFileBytes(inputPath);
  if (!corpus.ok())
    return fail(corpus.status());
  frontend::BpeTokenizer tokenizer =
      frontend::BpeTokenizer::train(*corpus, numMerges);
  if (absl::Status s = tokenizer.save(outputPath); !s.ok())
    return fail(s);
  size_t learned = tokenizer.merges().size();
  llvm::outs() << "learned " << learned << " merges (vocab "
               << tokenizer.vocabSize() << ")"
               << (learned < static_cast<size_t>(numMerges)
                       ? "; the corpus has no pair left for more"
                       : "")
               << "\n"
               << inputPath << ": "
               << compression(corpus->size(), tokenizer.encode(*corpus).size())
               << "\nwrote " << outputPath << "\n";
  return 0;
}

int encode() {
  if (int rc =
          rejectOptions({&numMerges, &numBatches, &seed, &modelVocab,
                         &inputName, &labelName, &argmax, &oneTokenPerLine}))
    return rc;
  if (int rc = require(bpePath, "--bpe MERGES.txt"))
    return rc;
  if (seqLen.getNumOccurrences() == 0 && batchSize.getNumOccurrences() > 0)
    return fail("--batch needs --seq-len: encode writes [B, L] ids");
  if ((seqLen.getNumOccurrences() > 0) && outputPath.empty())
    return fail("--seq-len needs -o IDS.npy");
  absl::StatusOr<frontend::BpeTokenizer> tokenizer = loadTokenizer();
  if (!tokenizer.ok())
    return fail(tokenizer.status());
  absl::StatusOr<std::string> text = readFileBytes(inputPath);
  if (!text.ok())
    return fail(text.status());
  std::vector<int64_t> ids = tokenizer->encode(*text);
  if (outputPath.empty()) {
    for (size_t i = 0; i < ids.size(); ++i)
      llvm::outs() << (i ? " " : "") << ids[i];
    llvm::outs() << "\n";
    return 0;
  }
  std::vector<int64_t> shape = {static_cast<int64_t>(ids.size())};
  if (seqLen.getNumOccurrences() > 0) {
    int64_t rows = batchSize.getNumOccurrences() > 0 ? batchSize : 1;
    if (rows == 0 || seqLen == 0)
      return fail("--batch and --seq-len must be at least 1");
    int64_t wanted = rows * seqLen;
    if (static_cast<int64_t>(ids.size()) < wanted)
      return fail(absl::StrCat(inputPath, " encodes to ", ids.size(),
                               " tokens; [", rows, ", ", seqLen.getValue(),
                               "] needs ", wanted));
    ids.resize(wanted);
    shape = {rows, static_cast<int64_t>(seqLen)};
  }
  Tensor tensor = Tensor::allocate(DType::I64, shape);
  std::copy(ids.begin(), ids.end(), tensor.dataAs<int64_t>());
  if (absl::Status s = writeNpy(outputPath, tensor); !s.ok())
    return fail(s);
  llvm::outs() << "wrote " << outputPath << " (" << tensor.typeString()
               << ")\n";
  return 0;
}

/// The ids of `tensor` in row-major order: its integers, or with --argmax
/// the index of the largest score along its last axis (the first of equal
/// ones).
absl::StatusOr<std::vector<int64_t>> idsOf(const Tensor &tensor) {
  std::vector<int64_t> ids;
  if (!argmax) {
    if (tensor.dtype() != DType::I64 && tensor.dtype() != DType::I32)
      return absl::InvalidArgumentError(absl::StrCat(
          inputPath, ": ids must be i64 or i32, got ", tensor.typeString(),
          " (--argmax decodes float logits)"));
    for (int64_t i = 0; i < tensor.numElements(); ++i)
      ids.push_back(
          static_cast<int64_t>(loadAsDouble(tensor.dtype(), tensor.data(), i)));
    return ids;
  }
  if (!isFloat(tensor.dtype()) || tensor.rank() == 0 ||
      tensor.shape().back() == 0)
    return absl::InvalidArgumentError(
        absl::StrCat(inputPath, ": --argmax needs float scores [..., V], got ",
                     tensor.typeString()));
  int64_t classes = tensor.shape().back();
  for (int64_t row = 0; row < tensor.numElements() / classes; ++row) {
    int64_t best = 0;
    double bestScore =
        loadAsDouble(tensor.dtype(), tensor.data(), row * classes);
    for (int64_t c = 1; c < classes; ++c) {
      double score =
          loadAsDouble(tensor.dtype(), tensor.data(), row * classes + c);
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    ids.push_back(best);
  }
  return ids;
}

int decode() {
  if (int rc = rejectOptions({&numMerges, &batchSize, &seqLen, &numBatches,
                              &seed, &modelVocab, &inputName, &labelName}))
    return rc;
  if (int rc = require(bpePath, "--bpe MERGES.txt"))
    return rc;
  absl::StatusOr<frontend::BpeTokenizer> tokenizer = loadTokenizer();
  if (!tokenizer.ok())
    return fail(tokenizer.status());
  absl::StatusOr<Tensor> tensor = readNpy(inputPath);
  if (!tensor.ok())
    return fail(tensor.status());
  absl::StatusOr<std::vector<int64_t>> ids = idsOf(*tensor);
  if (!ids.ok())
    return fail(ids.status());
  absl::StatusOr<std::string> text = tokenizer->decode(*ids);
  if (!text.ok())
    return fail(absl::StrCat(inputPath, ": ", text.status().message(), " (",
                             bpePath.getValue(), ")"));
  if (oneTokenPerLine) {
    std::string lines;
    for (int64_t id : *ids)
      absl::StrAppend(&lines, "\"", absl::CHexEscape(*tokenizer->decode({id})),
                      "\"\n");
    *text = std::move(lines);
  }
  if (outputPath.empty()) {
    llvm::outs() << *text;
    return 0;
  }
  if (absl::Status s = writeFileAtomically(outputPath, *text); !s.ok())
    return fail(s);
  return 0;
}

/// Element i of a seeded shuffle of [0, n): Fisher-Yates driven by tgc's
/// Philox stream (runtime/Random.h), so it is the same on every machine.
std::vector<int64_t> shuffled(int64_t n, uint64_t shuffleSeed) {
  std::vector<int64_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  for (int64_t i = n - 1; i > 0; --i) {
    std::array<uint32_t, 4> block = philoxBlock(shuffleSeed, i);
    uint64_t draw = (static_cast<uint64_t>(block[0]) << 32) | block[1];
    std::swap(order[i], order[draw % static_cast<uint64_t>(i + 1)]);
  }
  return order;
}

/// The entropy, in nats, of the distribution of `ids`: the cross-entropy a
/// model that ignores context reaches at best on them.
double unigramEntropy(const int64_t *ids, int64_t count) {
  std::map<int64_t, int64_t> counts;
  for (int64_t i = 0; i < count; ++i)
    ++counts[ids[i]];
  double entropy = 0;
  for (const auto &[id, n] : counts) {
    double p = static_cast<double>(n) / count;
    entropy -= p * std::log(p);
  }
  return entropy;
}

int batches() {
  if (int rc = rejectOptions({&numMerges, &argmax, &oneTokenPerLine}))
    return rc;
  if (int rc = require(bpePath, "--bpe MERGES.txt"))
    return rc;
  if (int rc = require(outputPath, "-o DATA.safetensors"))
    return rc;
  if (batchSize == 0 || seqLen == 0)
    return fail("`tgc tokenize batches` needs --batch B and --seq-len L, "
                "each at least 1 (the model's batch and seq_len)");
  if (inputName == labelName)
    return fail(absl::StrCat("--input-name and --label-name are both '",
                             inputName.getValue(), "'"));
  absl::StatusOr<frontend::BpeTokenizer> tokenizer = loadTokenizer();
  if (!tokenizer.ok())
    return fail(tokenizer.status());
  if (modelVocab.getNumOccurrences() > 0 &&
      tokenizer->vocabSize() > static_cast<int64_t>(modelVocab))
    return fail(absl::StrCat(
        bpePath.getValue(), " has a vocab of ", tokenizer->vocabSize(),
        " (256 bytes + ", tokenizer->merges().size(),
        " merges) but --vocab is ", modelVocab.getValue(),
        ": build the model with vocab=", tokenizer->vocabSize(),
        " or learn at most ", static_cast<int64_t>(modelVocab) - 256,
        " merges"));
  absl::StatusOr<std::string> corpus = readFileBytes(inputPath);
  if (!corpus.ok())
    return fail(corpus.status());
  std::vector<int64_t> ids = tokenizer->encode(*corpus);

  // Window w holds ids [w L, w L + L], so consecutive windows share one id:
  // the last label of one is the first input of the next.
  int64_t rows = batchSize, length = seqLen;
  int64_t windows =
      ids.empty() ? 0 : (static_cast<int64_t>(ids.size()) - 1) / length;
  int64_t available = windows / rows;
  if (available == 0)
    return fail(absl::StrCat(inputPath, " encodes to ", ids.size(),
                             " tokens: ", windows, " windows of ", length,
                             " (and one more id for the last label), fewer "
                             "than one batch of ",
                             rows));
  int64_t count = numBatches.getNumOccurrences() > 0 ? numBatches : available;
  if (count == 0 || count > available)
    return fail(absl::StrCat("--num-batches must be in [1, ", available,
                             "]: ", inputPath, " encodes to ", ids.size(),
                             " tokens, ", windows, " windows of ", length, ", ",
                             available, " batches of ", rows));

  std::vector<int64_t> order = shuffled(windows, seed);
  std::vector<int64_t> shape = {count, rows, length};
  Tensor inputs = Tensor::allocate(DType::I64, shape);
  Tensor labels = Tensor::allocate(DType::I64, shape);
  for (int64_t r = 0; r < count * rows; ++r) {
    const int64_t *window = ids.data() + order[r] * length;
    std::copy(window, window + length, inputs.dataAs<int64_t>() + r * length);
    std::copy(window + 1, window + length + 1,
              labels.dataAs<int64_t>() + r * length);
  }
  if (absl::Status s = writeSafetensors(
          outputPath, {{inputName, inputs}, {labelName, labels}});
      !s.ok())
    return fail(s);
  llvm::outs() << inputPath << ": " << compression(corpus->size(), ids.size())
               << ", vocab " << tokenizer->vocabSize() << "\n"
               << "wrote " << outputPath << ": " << inputName << ", "
               << labelName << " " << inputs.typeString() << " ("
               << count * rows << " of the " << windows << " windows of "
               << length << " tokens, shuffled with seed " << seed << ")\n"
               << "unigram entropy of the labels: "
               << llvm::format("%.4f", unigramEntropy(labels.dataAs<int64_t>(),
                                                      labels.numElements()))
               << " nats per token\n";
  return 0;
}

} // namespace

bool tokenizeCommandChosen() { return static_cast<bool>(tokenizeSubcommand()); }

int runTokenize() {
  if (inputPath.empty())
    return fail(absl::StrCat("`tgc tokenize ", action,
                             "` needs an input file (tgc tokenize --help)"));
  if (action == "learn")
    return learn();
  if (action == "encode")
    return encode();
  if (action == "decode")
    return decode();
  if (action == "batches")
    return batches();
  return fail(absl::StrCat("unknown `tgc tokenize` action '", action,
                           "'; expected learn, encode, decode or batches"));
}

} // namespace tgc
