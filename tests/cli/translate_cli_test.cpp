// `ventris translate`, `ventris average` and forced-decoding `ventris score`
// end to end through the binary, with a tiny trained model file: formats,
// stdin streaming, n-best, checkpoint averaging, and every error path (exit
// code 1, one `error:` line, no output file left behind at -o).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/run_binary.h"
#include "decode/tiny_translation_model.h"
#include "decode/translator.h"
#include "io/safetensors.h"
#include "models/model_file.h"

namespace ventris::test {
namespace {

namespace fs = std::filesystem;
using decode::test::tiny_translation_setup;

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

// One `error: ...` line on stderr naming `needle`, exit code 1.
void expect_one_line_error(const CommandResult& r, const std::string& needle) {
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const auto lines = split_lines(r.err);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back().rfind("error: ", 0), 0u) << r.err;
  EXPECT_NE(lines.back().find(needle), std::string::npos) << r.err;
}

class TranslateCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScopedTempDir("ventris-translate-cli");
    decode::test::save_tiny_model(model());
    const auto& s = tiny_translation_setup();
    std::vector<std::string> in = s.sources, expected = s.targets;
    in.insert(in.begin() + 3, "");  // an empty line stays an empty line
    expected.insert(expected.begin() + 3, "");
    write_file(*dir_ / "in.txt", join_lines(in));
    expected_ = new std::string(join_lines(expected));
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete expected_;
  }
  static std::string model() { return *dir_ / "model.vt"; }
  static std::string path(const std::string& name) { return *dir_ / name; }
  static ScopedTempDir* dir_;
  static std::string* expected_;
};
ScopedTempDir* TranslateCli::dir_ = nullptr;
std::string* TranslateCli::expected_ = nullptr;

TEST_F(TranslateCli, TranslatesAFileInInputOrderWithEmptyLinesKept) {
  const std::string out = path("out-file.txt");
  auto r = run_ventris("translate -m " + model() + " -i " + path("in.txt") + " -o " + out + " --log-level warn");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(out), *expected_);
  EXPECT_TRUE(r.out.empty());
  EXPECT_EQ(r.err.find("ETA"), std::string::npos) << "no progress line within 10 s";
  // Progress lines on stderr (here after every batch), never in the output.
  r = run_ventris("translate -m " + model() + " -i " + path("in.txt") + " --batch-size 2 --progress-seconds 1e-9");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, *expected_);
  EXPECT_NE(r.err.find("sentences/s"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("% of the input, ETA"), std::string::npos) << r.err;
  // Greedy and the tiny batch give the same lines.
  r = run_ventris("translate -m " + model() + " -i " + path("in.txt") + " --beam 1 --batch-size 2 --log-level warn");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, *expected_);
}

TEST_F(TranslateCli, StreamsFromStandardInput) {
  const std::string in = read_file(path("in.txt"));
  auto r = run_ventris("translate -m " + model() + " --log-level warn", in);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, *expected_);
  r = run_ventris("translate -m " + model() + " --interactive --log-level warn", in);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, *expected_);
  // A last line without a newline is still a line.
  r = run_ventris("translate -m " + model() + " --log-level warn", "two five");
  EXPECT_EQ(r.out, "zwei fünf\n");
}

// In a pipe, a line is translated when the input pauses, not at its end: the
// first translation must come out while the producer still sleeps.
TEST_F(TranslateCli, TranslatesEachLineAsItArrivesInAPipe) {
  const std::string stamps = path("stamps.txt");
  const std::string cmd = "(echo one; sleep 2; echo six) | " + std::string(VENTRIS_BINARY) + " translate -m " +
                          model() + " --log-level warn | while IFS= read -r l; do echo \"$l $(date +%s.%N)\"; done > " +
                          stamps;
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const auto lines = split_lines(read_file(stamps));
  ASSERT_EQ(lines.size(), 2u) << read_file(stamps);
  EXPECT_EQ(lines[0].substr(0, 5), "eins ");
  EXPECT_EQ(lines[1].substr(0, 6), "sechs ");
  const double first = std::stod(lines[0].substr(5)), second = std::stod(lines[1].substr(6));
  EXPECT_GT(second - first, 1.0) << "the first line waited for the second";
}

TEST_F(TranslateCli, WritesNbestListsAndScores) {
  auto r = run_ventris("translate -m " + model() + " --beam 3 --nbest 2 --log-level warn", "two five\n\nsix\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = split_lines(r.out);
  ASSERT_EQ(lines.size(), 5u) << r.out;  // 2 + 1 (empty input) + 2
  EXPECT_EQ(lines[0].rfind("0 ||| zwei fünf ||| -", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1].rfind("0 ||| ", 0), 0u);
  EXPECT_EQ(lines[2], "1 |||  ||| 0.000000");
  EXPECT_EQ(lines[3].rfind("2 ||| sechs ||| ", 0), 0u) << lines[3];
  auto score_of = [](const std::string& l) { return std::stod(l.substr(l.rfind("||| ") + 4)); };
  EXPECT_GE(score_of(lines[0]), score_of(lines[1])) << "best first";
  EXPECT_GE(score_of(lines[3]), score_of(lines[4]));

  r = run_ventris("translate -m " + model() + " --print-scores --log-level warn", "six\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const size_t tab = r.out.find('\t');
  ASSERT_NE(tab, std::string::npos) << r.out;
  EXPECT_LT(std::stod(r.out.substr(0, tab)), 0.0);
  EXPECT_EQ(r.out.substr(tab + 1), "sechs\n");
}

TEST_F(TranslateCli, PreEncodedInputAndUndetokenizedOutput) {
  const auto& s = tiny_translation_setup();
  std::string ids_line;
  for (int32_t id : s.vocab->encode("two five")) ids_line += std::to_string(id) + " ";
  std::string expected_ids;
  for (int32_t id : s.vocab->encode("zwei fünf")) {
    if (!expected_ids.empty()) expected_ids += ' ';
    expected_ids += std::to_string(id);
  }
  auto r = run_ventris("translate -m " + model() + " --input-format ids --output-format ids --log-level warn",
                       ids_line + "\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, expected_ids + "\n");

  r = run_ventris("translate -m " + model() + " --no-detok --log-level warn", "two five\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\xe2\x96\x81"), std::string::npos) << "SentencePiece's word marker: " << r.out;
  const std::string pieces = r.out;
  r = run_ventris("translate -m " + model() + " --input-format pieces --no-detok --log-level warn", pieces);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(r.out.empty());

  r = run_ventris("translate -m " + model() + " --input-format ids --log-level warn", "5 x 7\n");
  expect_one_line_error(r, "input line 1: 'x' is not a token id");
}

TEST_F(TranslateCli, AveragesCheckpointsOnTheFlyAndIntoAFile) {
  auto r = run_ventris("translate --checkpoints " + model() + " " + model() + " -i " + path("in.txt") +
                       " --log-level warn");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, *expected_);
  const std::string averaged = path("averaged.vt");
  r = run_ventris("average -o " + averaged + " " + model() + " " + model());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The mean of two equal models is the model itself, bit for bit.
  const auto a = models::load_model(model()), b = models::load_model(averaged);
  for (const auto& [name, p] : a->parameters().items())
    EXPECT_EQ(p.value().to_vector<float>(), b->parameters().at(name).value().to_vector<float>()) << name;
  r = run_ventris("translate -m " + averaged + " -i " + path("in.txt") + " --log-level warn");
  EXPECT_EQ(r.out, *expected_);
  r = run_ventris("average -o " + path("never.vt") + " " + model() + " " + path("missing.vt"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_FALSE(fs::exists(path("never.vt")));
}

TEST_F(TranslateCli, RejectsATruncatedModelFile) {
  const std::string bytes = read_file(model());
  write_file(path("truncated.vt"), bytes.substr(0, bytes.size() / 2));
  const std::string out = path("out-truncated.txt");
  auto r = run_ventris("translate -m " + path("truncated.vt") + " -i " + path("in.txt") + " -o " + out);
  expect_one_line_error(r, "truncated.vt");
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(TranslateCli, RejectsAModelOfAnotherFormatVersion) {
  io::TensorFile file = io::read_safetensors(model());
  file.metadata["format_version"] = "999";
  io::write_safetensors(path("future.vt"), file.tensors, file.metadata);
  auto r = run_ventris("translate -m " + path("future.vt") + " -i " + path("in.txt"));
  expect_one_line_error(r, "format version");
  EXPECT_TRUE(r.out.empty());
}

TEST_F(TranslateCli, AModelWithoutVocabularyNeedsPreEncodedInput) {
  models::save_model(path("novocab.vt"), *tiny_translation_setup().model);
  const std::string out = path("out-novocab.txt");
  auto r = run_ventris("translate -m " + path("novocab.vt") + " -i " + path("in.txt") + " -o " + out);
  expect_one_line_error(r, "no embedded source SentencePiece vocabulary");
  EXPECT_FALSE(fs::exists(out));
  r = run_ventris("translate -m " + path("novocab.vt") + " --input-format ids --output-format ids --log-level warn",
                  "5 6\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(split_lines(r.out).size(), 1u);
}

TEST_F(TranslateCli, InvalidUtf8NamesTheLineOrIsSkipped) {
  write_file(path("bad.txt"), "one\nsix\nsix \xff\xfe two\nthree\n");
  const std::string out = path("out-bad.txt");
  auto r = run_ventris("translate -m " + model() + " -i " + path("bad.txt") + " -o " + out);
  expect_one_line_error(r, "input line 3 is not valid UTF-8");
  EXPECT_FALSE(fs::exists(out)) << "no partial output file";
  for (const auto& e : fs::directory_iterator(dir_->path()))
    EXPECT_EQ(e.path().filename().string().find("out-bad.txt.tmp"), std::string::npos) << "temp file left behind";

  r = run_ventris("translate -m " + model() + " -i " + path("bad.txt") + " -o " + out + " --skip-invalid");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(out), "eins\nsechs\n\ndrei\n");
  EXPECT_NE(r.err.find("input line 3 is not valid UTF-8"), std::string::npos) << r.err;
}

TEST_F(TranslateCli, BadArgumentsAreUsageErrors) {
  auto r = run_ventris("translate -m " + model() + " --beam 2 --nbest 3", "one\n");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("nbest"), std::string::npos) << r.err;
  r = run_ventris("translate -i " + path("in.txt"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("needs a model"), std::string::npos) << r.err;
  r = run_ventris("translate -m " + model() + " --length-normalization marian", "one\n");
  expect_one_line_error(r, "must be one of fairseq, gnmt");
  r = run_ventris("translate -m " + path("missing.vt") + " -i " + path("in.txt"));
  expect_one_line_error(r, "missing.vt");
  r = run_ventris("translate -m " + model() + " -i " + path("missing.txt"));
  expect_one_line_error(r, "missing.txt");
}

// `stopping: beam|exhaustive` (default beam) in files and flags, the earlier
// boolean `early_stop` (a YAML key; --early-stop / --no-early-stop), and their
// errors: a wrong name lists the choices, contradicting flags are usage errors.
TEST_F(TranslateCli, StoppingRuleKeyFlagsAndTheirEarlierSpelling) {
  auto dump = run_ventris("--dump-config");
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  for (const char* line : {"stopping: beam", "(one of: beam, exhaustive)", "early_stop: true"})
    EXPECT_NE(dump.out.find(line), std::string::npos) << line << " missing in:\n" << dump.out;

  write_file(path("old.yaml"), "translate:\n  early_stop: false\n");
  dump = run_ventris("--config " + path("old.yaml") + " --dump-config");
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  EXPECT_NE(dump.out.find("stopping: exhaustive"), std::string::npos) << dump.out;
  EXPECT_NE(dump.out.find("early_stop: false"), std::string::npos) << dump.out;
  dump = run_ventris("--config " + path("old.yaml") + " translate --early-stop --dump-config");
  EXPECT_NE(dump.out.find("stopping: beam"), std::string::npos) << "the flag wins over the file:\n" << dump.out;

  // The tiny model's translations under either rule, every spelling.
  for (const char* flags : {"--stopping exhaustive", "--no-early-stop", "--stopping beam", "--early-stop", ""}) {
    auto r = run_ventris("translate -m " + model() + " -i " + path("in.txt") + " --log-level warn " + flags);
    ASSERT_EQ(r.exit_code, 0) << flags << ": " << r.err;
    EXPECT_EQ(r.out, *expected_) << flags;
  }

  for (const char* flags : {"--stopping exhaustive --early-stop", "--early-stop --stopping exhaustive"}) {
    auto r = run_ventris("translate -m " + model() + " " + flags, "one\n");
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(r.err, "error: --early-stop contradicts --stopping exhaustive\n") << flags;
  }
  auto r = run_ventris("translate -m " + model() + " --early-stop --no-early-stop", "one\n");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("contradicts"), std::string::npos) << r.err;
  r = run_ventris("translate -m " + model() + " --stopping beam --early-stop --log-level warn", "one\n");
  EXPECT_EQ(r.exit_code, 0) << "agreeing spellings: " << r.err;
  r = run_ventris("translate -m " + model() + " --stopping fast", "one\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "error: flag --stopping: key 'translate.stopping' must be one of beam, exhaustive, got 'fast'\n");
  write_file(path("bad-stop.yaml"), "translate:\n  early_stop: maybe\n");
  r = run_ventris("--config " + path("bad-stop.yaml") + " translate -m " + model(), "one\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "error: " + path("bad-stop.yaml") +
                       ": key 'translate.early_stop' must be one of false, true, got 'maybe'\n");
}

TEST_F(TranslateCli, ScoresSentencePairsByForcedDecoding) {
  const auto& s = tiny_translation_setup();
  write_file(path("src.txt"), join_lines(s.sources));
  write_file(path("tgt.txt"), join_lines(s.targets));
  auto r = run_ventris("score --model " + model() + " --src " + path("src.txt") + " --tgt " + path("tgt.txt") +
                       " --log-level warn");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = split_lines(r.out);
  ASSERT_EQ(lines.size(), s.sources.size());
  // The targets are the model's own greedy translations: the forced score
  // equals the search's score (other GEMM shapes: up to rounding).
  decode::TranslateOptions o;
  o.search.beam = 1;
  const auto hyps = decode::Translator(*s.model).translate(s.source_ids(), o);
  for (size_t i = 0; i < lines.size(); ++i) {
    const size_t tab = lines[i].find('\t');
    ASSERT_NE(tab, std::string::npos) << lines[i];
    const double sum = std::stod(lines[i].substr(0, tab)), normalized = std::stod(lines[i].substr(tab + 1));
    EXPECT_NEAR(sum, hyps[i].score, 1e-4) << s.sources[i];
    EXPECT_NEAR(normalized, hyps[i].normalized, 1e-4);
  }
  write_file(path("tgt-short.txt"), join_lines({s.targets[0]}));
  r = run_ventris("score --model " + model() + " --src " + path("src.txt") + " --tgt " + path("tgt-short.txt"));
  EXPECT_EQ(r.exit_code, 1);
  r = run_ventris("score --model " + model() + " --src " + path("src.txt"));
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace ventris::test
