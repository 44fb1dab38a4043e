// `ventris translate` (in-process, tests/cli/in_process_cli.h) on six
// sources in the toy corpus's alphabet, beam 3, ids out, against
// decode::Translator on the same model file loaded through the factory: the
// CLI must print exactly the translator's ids, and not only empty lines.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "cli/in_process_cli.h"
#include "cli/run_binary.h"
#include "data/spm_vocab.h"
#include "decode/translator.h"
#include "models/model_file.h"

namespace ventris::test {

// Returns the loaded model (for the caller's checks on its family).
inline std::unique_ptr<models::EncoderDecoder> expect_cli_translation_matches_translator(
    const std::string& model_path, const ScopedTempDir& tmp) {
  const std::vector<std::string> sources{"a b c", "d e", "f g h i", "b", "c c a", "e d c b"};
  std::string input;
  for (const auto& s : sources) input += s + "\n";
  write_file(tmp / "in.txt", input);
  EXPECT_EQ(run_cli({"ventris", "translate", "-m", model_path, "-i", tmp / "in.txt", "-o", tmp / "out.txt", "--beam",
                     "3", "--output-format", "ids", "--max-len-b", "12", "--batch-size", "4"}),
            0);
  const std::vector<std::string> cli_lines = lines_of(read_file(tmp / "out.txt"));
  EXPECT_EQ(cli_lines.size(), sources.size());
  EXPECT_TRUE(std::any_of(cli_lines.begin(), cli_lines.end(), [](const std::string& l) { return !l.empty(); }))
      << "six empty translations would prove little";

  std::unique_ptr<models::EncoderDecoder> loaded = models::load_model(model_path);
  const data::SpmVocab vocab(models::read_model_info(model_path).src_spm, model_path);
  std::vector<std::vector<int32_t>> ids;
  for (const auto& s : sources) ids.push_back(vocab.encode(s));
  decode::TranslateOptions options;
  options.search.beam = 3;
  options.search.max_len_b = 12;
  const auto hyps = decode::Translator(*loaded).translate(ids, options);
  for (size_t i = 0; i < sources.size() && i < cli_lines.size(); ++i) {
    std::string expected;
    for (int32_t id : hyps[i].tokens) {
      if (!expected.empty()) expected += ' ';
      expected += std::to_string(id);
    }
    EXPECT_EQ(cli_lines[i], expected) << "sentence " << i;
  }
  return loaded;
}

}  // namespace ventris::test
