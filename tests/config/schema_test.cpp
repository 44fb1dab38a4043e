#include "config/schema.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "config/flags.h"
#include "core/error.h"

namespace ventris::config {
namespace {

struct ModelSection {
  int layers = 6;
  double dropout = 0.1;
  std::string norm = "post";
  bool share = false;
  std::vector<int> blocks{1, 1};
  void describe(Schema& s) {
    s.field("layers", &layers, "number of layers");
    s.field("dropout", &dropout, "dropout probability");
    s.field("norm", &norm, "post or pre").choices = {"post", "pre"};
    s.field("share", &share, "share embeddings");
    s.field("blocks", &blocks, "lazy block sizes");
  }
};

std::string error_of(Schema& s, const std::string& yaml) {
  try {
    s.apply_yaml(YAML::Load(yaml), "test.yaml");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(ConfigSchema, FillsTypedFieldsAndSections) {
  Schema root;
  int threads = 0;
  root.field("threads", &threads, "threads");
  ModelSection model;
  model.describe(root.section("model"));
  root.apply_yaml(YAML::Load("threads: 4\nmodel:\n  layers: 3\n  dropout: 0.3\n  norm: pre\n  share: true\n  blocks: [2, 2, 2]\n"),
                  "test.yaml");
  EXPECT_EQ(threads, 4);
  EXPECT_EQ(model.layers, 3);
  EXPECT_DOUBLE_EQ(model.dropout, 0.3);
  EXPECT_EQ(model.norm, "pre");
  EXPECT_TRUE(model.share);
  EXPECT_EQ(model.blocks, (std::vector<int>{2, 2, 2}));
}

TEST(ConfigSchema, ErrorsNameKeyFileTypeAndValue) {
  Schema root;
  ModelSection model;
  model.describe(root.section("model"));
  EXPECT_EQ(error_of(root, "model:\n  layerz: 3\n"), "test.yaml: unknown config key 'model.layerz'");
  EXPECT_EQ(error_of(root, "modle: {}\n"), "test.yaml: unknown config key 'modle'");
  EXPECT_EQ(error_of(root, "model:\n  layers: three\n"), "test.yaml: key 'model.layers' expects integer, got 'three'");
  EXPECT_EQ(error_of(root, "model:\n  layers: 2.5\n"), "test.yaml: key 'model.layers' expects integer, got '2.5'");
  EXPECT_EQ(error_of(root, "model:\n  share: maybe\n"), "test.yaml: key 'model.share' expects boolean, got 'maybe'");
  EXPECT_EQ(error_of(root, "model:\n  norm: mid\n"), "test.yaml: key 'model.norm' must be one of post, pre, got 'mid'");
  EXPECT_NE(error_of(root, "model:\n  blocks: [1, x]\n").find("list of integers"), std::string::npos);
}

TEST(ConfigSchema, FlagTextUsesTheSameRules) {
  Schema root;
  ModelSection model;
  model.describe(root);
  Schema::set_from_text(*root.find_field("blocks"), "3,3", "flag --blocks", "blocks");
  EXPECT_EQ(model.blocks, (std::vector<int>{3, 3}));
  Schema::set_from_text(*root.find_field("dropout"), "1e-2", "flag --dropout", "dropout");
  EXPECT_DOUBLE_EQ(model.dropout, 0.01);
  EXPECT_THROW(Schema::set_from_text(*root.find_field("layers"), "x", "flag --layers", "layers"), Error);
}

TEST(ConfigSchema, DumpRoundTrips) {
  Schema a;
  ModelSection m1;
  m1.layers = 9;
  m1.blocks = {3, 3};
  m1.describe(a.section("model"));
  Schema b;
  ModelSection m2;
  m2.describe(b.section("model"));
  b.apply_yaml(YAML::Load(a.dump()), "dump");
  EXPECT_EQ(m2.layers, 9);
  EXPECT_EQ(m2.blocks, (std::vector<int>{3, 3}));
  EXPECT_NE(a.dump().find("# number of layers"), std::string::npos);
}

// Enum fields: a scheduler-like enum and a list of metrics.
enum class Schedule { kInverseSqrt, kCosine, kConstant };
constexpr auto enum_names(Schedule) {
  using enum Schedule;
  return enum_table<Schedule>({{kInverseSqrt, "inverse_sqrt"}, {kCosine, "cosine"}, {kConstant, "constant"}});
}
enum class Metric { kBleu, kChrf };
constexpr auto enum_names(Metric) { return enum_table<Metric>({{Metric::kBleu, "bleu"}, {Metric::kChrf, "chrf"}}); }

struct TrainSection {
  Schedule lr_scheduler = Schedule::kInverseSqrt;
  std::vector<Metric> metrics{Metric::kBleu};
  void describe(Schema& s) {
    s.field("lr_scheduler", &lr_scheduler, "learning-rate schedule");
    s.field("metrics", &metrics, "metrics").aliases = {"-m"};
  }
};

TEST(ConfigEnum, NamesAndHelpers) {
  static_assert(enum_name(Schedule::kCosine) == "cosine");
  static_assert(enum_from_name<Schedule>("constant") == Schedule::kConstant);
  static_assert(!enum_from_name<Schedule>("linear").has_value());
  EXPECT_EQ(enum_name(static_cast<Schedule>(9)), "?");
  EXPECT_EQ(enum_name_list<Schedule>(), (std::vector<std::string>{"inverse_sqrt", "cosine", "constant"}));
  EXPECT_EQ(parse_enum<Schedule>("cosine", "lr schedule"), Schedule::kCosine);
  try {
    parse_enum<Schedule>("linear", "lr schedule");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "unknown lr schedule 'linear' (choose inverse_sqrt, cosine, constant)");
  }
}

TEST(ConfigEnum, YamlTakesNamesAndErrorsNameKeyAndChoices) {
  Schema root;
  TrainSection train;
  train.describe(root.section("train"));
  root.apply_yaml(YAML::Load("train:\n  lr_scheduler: cosine\n  metrics: [chrf, bleu]\n"), "test.yaml");
  EXPECT_EQ(train.lr_scheduler, Schedule::kCosine);
  EXPECT_EQ(train.metrics, (std::vector<Metric>{Metric::kChrf, Metric::kBleu}));
  EXPECT_EQ(error_of(root, "train:\n  lr_scheduler: foo\n"),
            "test.yaml: key 'train.lr_scheduler' must be one of inverse_sqrt, cosine, constant, got 'foo'");
  EXPECT_EQ(error_of(root, "train:\n  metrics: [bleu, ter]\n"),
            "test.yaml: key 'train.metrics' must be one of bleu, chrf, got 'ter'");
  EXPECT_EQ(error_of(root, "train:\n  lr_scheduler: [cosine]\n"),
            "test.yaml: key 'train.lr_scheduler' expects one of inverse_sqrt, cosine, constant, got '[cosine]'");
  EXPECT_EQ(train.lr_scheduler, Schedule::kCosine);  // a failed value leaves the field as it was
}

TEST(ConfigEnum, FlagsTakeNamesAndAliasesAndReportErrorsAsConfiguredKinds) {
  auto parse = [](TrainSection& train, std::vector<std::string> args, FlagErrors errors) {
    Schema s;
    train.describe(s);
    CLI::App app;
    FlagBinder flags;
    flags.bind(app, s, "train", errors);
    std::vector<char*> argv{const_cast<char*>("test")};
    for (auto& a : args) argv.push_back(a.data());
    app.parse(static_cast<int>(argv.size()), argv.data());
    flags.apply();
  };
  TrainSection train;
  parse(train, {"--lr-scheduler", "constant", "-m", "chrf", "bleu"}, FlagErrors::kConfig);
  EXPECT_EQ(train.lr_scheduler, Schedule::kConstant);
  EXPECT_EQ(train.metrics, (std::vector<Metric>{Metric::kChrf, Metric::kBleu}));
  try {
    parse(train, {"--lr-scheduler=foo"}, FlagErrors::kConfig);
    FAIL() << "no error";
  } catch (const UsageError&) {
    FAIL() << "a config error, not a usage error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "flag --lr-scheduler: key 'train.lr_scheduler' must be one of inverse_sqrt, cosine, "
                           "constant, got 'foo'");
  }
  EXPECT_THROW(parse(train, {"--metrics", "ter"}, FlagErrors::kUsage), UsageError);
}

// Value flags: flags without a value that stand for one value of a field
// (earlier spellings, e.g. translate's --early-stop = --stopping beam).
TEST(ConfigEnum, ValueFlagsSetTheirValueAndContradictionsAreUsageErrors) {
  auto parse = [](std::vector<std::string> args) {
    TrainSection train;
    Schema s;
    train.describe(s);
    s.find_field("lr_scheduler")->value_flags = {{"--constant-lr", "constant"}, {"--cosine-lr", "cosine"}};
    CLI::App app;
    FlagBinder flags;
    flags.bind(app, s, "train");
    std::vector<char*> argv{const_cast<char*>("test")};
    for (auto& a : args) argv.push_back(a.data());
    app.parse(static_cast<int>(argv.size()), argv.data());
    flags.apply();
    return train.lr_scheduler;
  };
  EXPECT_EQ(parse({}), Schedule::kInverseSqrt);
  EXPECT_EQ(parse({"--cosine-lr"}), Schedule::kCosine);
  EXPECT_EQ(parse({"--lr-scheduler", "constant", "--constant-lr"}), Schedule::kConstant) << "agreeing spellings";
  for (std::vector<std::string> args : {std::vector<std::string>{"--lr-scheduler", "cosine", "--constant-lr"},
                                        std::vector<std::string>{"--constant-lr", "--lr-scheduler", "cosine"}}) {
    try {
      parse(args);
      FAIL() << "no error";
    } catch (const UsageError& e) {
      EXPECT_STREQ(e.what(), "--constant-lr contradicts --lr-scheduler cosine");
    }
  }
  EXPECT_THROW(parse({"--constant-lr", "--cosine-lr"}), UsageError);
}

TEST(ConfigEnum, DumpWritesNamesListsChoicesAndRoundTrips) {
  Schema a;
  TrainSection t1;
  t1.lr_scheduler = Schedule::kConstant;
  t1.metrics = {Metric::kChrf};
  t1.describe(a.section("train"));
  const std::string dump = a.dump();
  EXPECT_NE(dump.find("lr_scheduler: constant"), std::string::npos) << dump;
  EXPECT_NE(dump.find("metrics: [chrf]"), std::string::npos) << dump;
  EXPECT_NE(dump.find("# learning-rate schedule (one of: inverse_sqrt, cosine, constant)"), std::string::npos) << dump;
  Schema b;
  TrainSection t2;
  t2.describe(b.section("train"));
  b.apply_yaml(YAML::Load(dump), "dump");
  EXPECT_EQ(t2.lr_scheduler, Schedule::kConstant);
  EXPECT_EQ(t2.metrics, (std::vector<Metric>{Metric::kChrf}));
}

TEST(ConfigSchema, MissingOrInvalidYamlFile) {
  Schema root;
  EXPECT_THROW(root.apply_yaml_file("/nonexistent.yaml"), Error);
}

}  // namespace
}  // namespace ventris::config
