#include "data/preprocess.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/logging.h"
#include "data/batcher.h"
#include "data/dataset_format.h"
#include "data/spm_vocab.h"
#include "data/text_lines.h"
#include "io/atomic_file.h"
#include "io/folder_replacement.h"

namespace fs = std::filesystem;

namespace ventris::data {

void PreprocessConfig::describe(config::Schema& s) {
  s.field("train_src", &train_src, "training source file (one sentence per line)");
  s.field("train_tgt", &train_tgt, "training target file, line-aligned with train_src");
  s.field("valid_src", &valid_src, "validation source file (optional)");
  s.field("valid_tgt", &valid_tgt, "validation target file");
  s.field("test_src", &test_src, "test source file (optional)");
  s.field("test_tgt", &test_tgt, "test target file");
  s.field("out", &out, "output folder for the vocabularies and binary datasets");
  s.field("vocab_size", &vocab_size, "SentencePiece vocabulary size (per side when separate)").range =
      config::between(8, 1048576);
  s.field("joint", &joint, "one vocabulary for both sides (needed for shared embeddings); --separate for two");
  s.field("spm_type", &spm_type, "SentencePiece model type").choices = {"unigram", "bpe"};
  s.field("character_coverage", &character_coverage, "SentencePiece character coverage").range =
      config::between(0.98, 1);
  s.field("spm_sample", &spm_sample, "at most this many sentences train the vocabulary (memory bound)").range =
      config::between(1, 1e10);
  s.field("spm_model", &spm_model, "reuse SentencePiece model file(s): one (joint) or two (source, target)");
  s.field("max_len", &max_len, "drop training pairs with a side longer than this many subwords").range =
      config::between(1, 1000000);
  s.field("max_len_ratio", &max_len_ratio, "drop training pairs whose subword length ratio exceeds this").range =
      config::between(1, 1e6);
  s.field("force", &force, "replace an existing output folder");
  s.field("skip_invalid", &skip_invalid, "skip and count pairs with invalid UTF-8 instead of failing");
}

namespace {

struct SplitStats {
  int64_t read = 0, kept = 0, dropped_empty = 0, dropped_too_long = 0, dropped_ratio = 0, kept_too_long = 0;
  int64_t skipped_invalid = 0;
  int64_t src_tokens = 0, tgt_tokens = 0, src_max = 0, tgt_max = 0, src_unk = 0, tgt_unk = 0;
  nlohmann::json json() const {
    auto mean = [&](int64_t t) { return kept ? static_cast<double>(t) / kept : 0.0; };
    auto rate = [](int64_t u, int64_t t) { return t ? static_cast<double>(u) / t : 0.0; };
    return {{"pairs_read", read},
            {"pairs_kept", kept},
            {"dropped",
             {{"empty_side", dropped_empty}, {"too_long", dropped_too_long}, {"length_ratio", dropped_ratio},
              {"invalid_utf8", skipped_invalid}}},
            {"kept_over_max_len", kept_too_long},
            {"tokens", {{"src", src_tokens}, {"tgt", tgt_tokens}}},
            {"mean_length", {{"src", mean(src_tokens)}, {"tgt", mean(tgt_tokens)}}},
            {"max_length", {{"src", src_max}, {"tgt", tgt_max}}},
            {"unk_rate", {{"src", rate(src_unk, src_tokens)}, {"tgt", rate(tgt_unk, tgt_tokens)}}}};
  }
};

// Reservoir sample of at most `limit` lines from the training files (bounded memory).
void sample_sentences(const PreprocessConfig& c, std::vector<std::string>& src_sample,
                      std::vector<std::string>& tgt_sample) {
  SplitMix64 rng(0x5eed);
  const auto limit = static_cast<uint64_t>(c.spm_sample);
  uint64_t seen_src = 0, seen_tgt = 0;
  auto offer = [&](std::vector<std::string>& sample, uint64_t& seen, const std::string& line) {
    if (line.empty()) return;
    ++seen;
    if (sample.size() < limit) sample.push_back(line);
    else if (uint64_t j = rng.below(seen); j < limit) sample[j] = line;
  };
  ParallelReader reader(c.train_src, c.train_tgt, c.skip_invalid);
  std::string s, t;
  while (reader.next(s, t)) {
    if (reader.invalid()) continue;
    offer(src_sample, seen_src, s);
    offer(c.joint ? src_sample : tgt_sample, c.joint ? seen_src : seen_tgt, t);
  }
}

// SentencePiece trains a smaller vocabulary than asked when the text has too
// few distinct pieces (hard_vocab_limit off, spm_vocab.cpp): said, not silent.
void warn_if_shrunk(const SpmVocab& vocab, int64_t requested, const char* side) {
  if (vocab.size() < requested)
    log::warn("data",
              "the {} vocabulary has {} pieces, not --vocab-size {}: the training text has too few distinct pieces "
              "for more",
              side, vocab.size(), requested);
}

void write_text(const std::string& path, const std::string& bytes) { io::write_file_atomically(path, bytes); }

SplitStats encode_split(const std::string& src_path, const std::string& tgt_path, const std::string& out_path,
                        const SpmVocab& src_vocab, const SpmVocab& tgt_vocab, const PreprocessConfig& c, bool clean,
                        int threads, const char* name) {
  SplitStats st;
  ParallelReader reader(src_path, tgt_path, c.skip_invalid);
  DatasetWriter writer(out_path, src_vocab.checksum(), tgt_vocab.checksum());
  constexpr size_t kChunk = 4096;
  std::vector<std::string> src_lines(kChunk), tgt_lines(kChunk);
  std::vector<char> invalid(kChunk);
  std::vector<std::vector<int32_t>> src_ids(kChunk), tgt_ids(kChunk);
  const auto start = std::chrono::steady_clock::now();
  auto last_report = start;
  for (;;) {
    size_t n = 0;
    while (n < kChunk && reader.next(src_lines[n], tgt_lines[n])) invalid[n++] = reader.invalid();
    if (n == 0) break;
    // Encoding is the expensive part: parallel over the chunk, written in order.
#pragma omp parallel for schedule(dynamic, 64) num_threads(threads)
    for (size_t i = 0; i < n; ++i) {
      if (invalid[i]) continue;
      // EOS is appended here, on the thread that allocated the vector: growing it
      // on the main thread later cost a reallocation and a cross-arena free.
      src_ids[i] = src_vocab.encode(src_lines[i]);
      src_ids[i].push_back(kEosId);
      tgt_ids[i] = tgt_vocab.encode(tgt_lines[i]);
      tgt_ids[i].push_back(kEosId);
    }
    for (size_t i = 0; i < n; ++i) {
      ++st.read;
      if (invalid[i]) {
        ++st.skipped_invalid;  // --skip-invalid: counted in every split
        continue;
      }
      auto& s = src_ids[i];
      auto& t = tgt_ids[i];
      const auto ls = static_cast<int64_t>(s.size()) - 1, lt = static_cast<int64_t>(t.size()) - 1;  // without EOS
      const bool too_long = ls > c.max_len || lt > c.max_len;
      if (clean) {
        if (ls == 0 || lt == 0) {
          ++st.dropped_empty;
          continue;
        }
        if (too_long) {
          ++st.dropped_too_long;
          continue;
        }
        if (static_cast<double>(std::max(ls, lt)) > c.max_len_ratio * static_cast<double>(std::min(ls, lt))) {
          ++st.dropped_ratio;
          continue;
        }
      } else if (too_long) {
        ++st.kept_too_long;  // valid/test are never dropped from
      }
      for (int32_t id : s) st.src_unk += id == kUnkId;
      for (int32_t id : t) st.tgt_unk += id == kUnkId;
      writer.add(s, t);
      ++st.kept;
      st.src_tokens += ls + 1;
      st.tgt_tokens += lt + 1;
      st.src_max = std::max(st.src_max, ls + 1);
      st.tgt_max = std::max(st.tgt_max, lt + 1);
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - last_report > std::chrono::seconds(5)) {
      last_report = now;
      const double secs = std::chrono::duration<double>(now - start).count();
      const double rate = reader.bytes_read() / secs;
      log::info("data", "{}: {} lines, {:.0f} lines/s, ETA {:.0f}s", name, st.read, st.read / secs,
                (reader.total_bytes() - reader.bytes_read()) / std::max(rate, 1.0));
    }
  }
  writer.finish();
  log::info("data", "{}: {} pairs read, {} kept", name, st.read, st.kept);
  // The reader names the first few bad lines; the count of all of them is here (and in stats.json).
  if (st.skipped_invalid > 0)
    log::warn("data", "{}: {} pair(s) with invalid UTF-8 skipped (--skip-invalid)", name, st.skipped_invalid);
  return st;
}

}  // namespace

void preprocess(const PreprocessConfig& c, int threads) {
  VENTRIS_CHECK(!c.train_src.empty() && !c.train_tgt.empty(), "preprocess needs --train-src and --train-tgt");
  VENTRIS_CHECK(!c.out.empty(), "preprocess needs --out");
  VENTRIS_CHECK(c.valid_src.empty() == c.valid_tgt.empty(), "--valid-src and --valid-tgt go together");
  VENTRIS_CHECK(c.test_src.empty() == c.test_tgt.empty(), "--test-src and --test-tgt go together");
  VENTRIS_CHECK(c.spm_model.size() <= 2, "--spm-model takes one (joint) or two (source, target) files");
  VENTRIS_CHECK(c.max_len >= 1 && c.max_len_ratio >= 1.0, "max_len must be >= 1 and max_len_ratio >= 1");
  for (const std::string* f : {&c.train_src, &c.train_tgt, &c.valid_src, &c.valid_tgt, &c.test_src, &c.test_tgt})
    if (!f->empty()) {
      VENTRIS_CHECK(fs::is_regular_file(*f), "input file '{}' does not exist", *f);
      VENTRIS_CHECK(fs::file_size(*f) > 0, "input file '{}' is empty", *f);
    }

  // Everything is built in a temp folder beside the output and renamed at the
  // end: a failed or interrupted run leaves nothing, an existing dataset is
  // untouched until then, and a second writer of the same output is refused.
  io::FolderReplacement replacement(c.out, c.force, "ventris preprocess");
  const fs::path& tmp = replacement.temp();
  {
    // Vocabularies. A joint vocabulary is one object for both sides (loading a
    // SentencePiece model builds its trie: worth doing once).
    std::shared_ptr<SpmVocab> src_vocab, tgt_vocab;
    if (!c.spm_model.empty()) {
      src_vocab = std::make_shared<SpmVocab>(SpmVocab::from_file(c.spm_model[0]));
      tgt_vocab = c.spm_model.size() == 1 || c.spm_model[1] == c.spm_model[0]
                      ? src_vocab
                      : std::make_shared<SpmVocab>(SpmVocab::from_file(c.spm_model[1]));
    } else {
      std::vector<std::string> src_sample, tgt_sample;
      sample_sentences(c, src_sample, tgt_sample);
      // One trainer thread: the vocabulary is then identical for any --threads.
      SpmTrainOptions o{c.vocab_size, c.spm_type, c.character_coverage, 1, 1};
      log::info("data", "training {} vocabulary on {} sentences", c.joint ? "a joint" : "the source",
                src_sample.size());
      src_vocab = std::make_shared<SpmVocab>(SpmVocab::train(src_sample, o));
      tgt_vocab = src_vocab;
      if (!c.joint) {
        log::info("data", "training the target vocabulary on {} sentences", tgt_sample.size());
        tgt_vocab = std::make_shared<SpmVocab>(SpmVocab::train(tgt_sample, o));
      }
      warn_if_shrunk(*src_vocab, c.vocab_size, c.joint ? "joint" : "source");
      if (!c.joint) warn_if_shrunk(*tgt_vocab, c.vocab_size, "target");
    }
    const bool joint = src_vocab == tgt_vocab || src_vocab->serialized() == tgt_vocab->serialized();
    if (joint) {
      write_text((tmp / "spm.model").string(), src_vocab->serialized());
    } else {
      write_text((tmp / "spm.src.model").string(), src_vocab->serialized());
      write_text((tmp / "spm.tgt.model").string(), tgt_vocab->serialized());
    }

    nlohmann::json stats;
    stats["vocabulary"] = {{"joint", joint},
                           {"src_size", src_vocab->size()},
                           {"tgt_size", tgt_vocab->size()},
                           {"src_checksum", src_vocab->checksum()},
                           {"tgt_checksum", tgt_vocab->checksum()},
                           {"special_ids", {{"bos", kBosId}, {"pad", kPadId}, {"eos", kEosId}, {"unk", kUnkId}}}};
    stats["train"] = encode_split(c.train_src, c.train_tgt, (tmp / "train.bin").string(), *src_vocab, *tgt_vocab, c,
                                  true, threads, "train")
                         .json();
    if (!c.valid_src.empty())
      stats["valid"] = encode_split(c.valid_src, c.valid_tgt, (tmp / "valid.bin").string(), *src_vocab, *tgt_vocab, c,
                                    false, threads, "valid")
                           .json();
    if (!c.test_src.empty())
      stats["test"] = encode_split(c.test_src, c.test_tgt, (tmp / "test.bin").string(), *src_vocab, *tgt_vocab, c,
                                   false, threads, "test")
                          .json();
    VENTRIS_CHECK(stats["train"]["pairs_kept"].get<int64_t>() > 0, "no training pairs left after cleaning ({})",
                  stats["train"]["dropped"].dump());
    write_text((tmp / "stats.json").string(), stats.dump(2) + "\n");
    PreprocessConfig copy = c;
    config::Schema schema;
    copy.describe(schema.section("preprocess"));
    write_text((tmp / "config.yaml").string(), schema.dump());

    replacement.commit();
  }
  log::info("data", "dataset ready in {}", c.out);
}

}  // namespace ventris::data
