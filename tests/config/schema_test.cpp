#include "config/schema.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

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

TEST(ConfigSchema, MissingOrInvalidYamlFile) {
  Schema root;
  EXPECT_THROW(root.apply_yaml_file("/nonexistent.yaml"), Error);
}

}  // namespace
}  // namespace ventris::config
