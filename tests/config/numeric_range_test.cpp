// Numeric ranges in the config schema (config/schema.h): stated once per
// field, checked for YAML, flags and model files alike, and declared by every
// numeric field of every subcommand.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <memory>

#include "cli/subcommand.h"
#include "config/global_options.h"
#include "config/schema.h"
#include "error_message.h"

namespace ventris::config {
namespace {

using ventris::test::error_of;

TEST(NumericRange, ContainsAndText) {
  EXPECT_TRUE(between(1, 10).contains(1));
  EXPECT_TRUE(between(1, 10).contains(10));
  EXPECT_FALSE(between(1, 10).contains(10.5));
  EXPECT_FALSE(probability().contains(1));
  EXPECT_TRUE(probability().contains(0));
  EXPECT_TRUE(at_least(0).contains(1e300));
  EXPECT_EQ(between(1, 10000).text(), "[1, 10000]");
  EXPECT_EQ(between(0.98, 1).text(), "[0.98, 1]");
  EXPECT_EQ(probability().text(), "[0, 1)");
  EXPECT_EQ(at_least(-1).text(), ">= -1");
}

TEST(NumericRange, EveryWayOfSettingAFieldIsChecked) {
  Schema s;
  int beam = 5;
  double rate = 0.1;
  std::vector<int> sizes{3};
  s.field("beam", &beam, "beam").range = between(1, 100);
  s.field("rate", &rate, "rate").range = probability();
  s.field("sizes", &sizes, "sizes").range = between(1, 9);
  EXPECT_EQ(error_of([&] { s.apply_yaml(YAML::Load("beam: 0"), "a.yaml"); }),
            "a.yaml: key 'beam' must be in [1, 100], got 0");
  EXPECT_EQ(error_of([&] { Schema::set_from_text(*s.find_field("rate"), "1", "flag --rate", "x.rate"); }),
            "flag --rate: key 'x.rate' must be in [0, 1), got 1");
  EXPECT_EQ(error_of([&] { s.apply_yaml(YAML::Load("sizes: [3, 10]"), "a.yaml"); }),
            "a.yaml: key 'sizes' must be in [1, 9], got 10");
  EXPECT_EQ(error_of([&] { s.apply_yaml(YAML::Load("rate: .nan"), "a.yaml"); }),
            "a.yaml: key 'rate' must be a finite number, got '.nan'");
  // A refused value leaves the field as it was.
  EXPECT_EQ(beam, 5);
  EXPECT_EQ(sizes, std::vector<int>{3});
  s.apply_yaml(YAML::Load("beam: 100\nrate: 0\nsizes: [1, 9]"), "a.yaml");
  EXPECT_EQ(beam, 100);
  EXPECT_EQ(sizes, (std::vector<int>{1, 9}));
  EXPECT_EQ(help_with_choices(*s.find_field("beam")), "beam ([1, 100])");
}

// Walks a schema: every integer, number or list of integers has a range, and
// its current (default) value lies in it.
void expect_ranges(const Schema& schema, const std::string& prefix) {
  for (const Field& f : schema.fields()) {
    const std::string key = prefix + f.key;
    const bool numeric = std::holds_alternative<int*>(f.ptr) || std::holds_alternative<int64_t*>(f.ptr) ||
                         std::holds_alternative<double*>(f.ptr) || std::holds_alternative<std::vector<int>*>(f.ptr);
    if (!numeric) continue;
    ASSERT_TRUE(f.range.has_value()) << key << " is numeric but declares no range";
    if (const auto* p = std::get_if<int*>(&f.ptr)) {
      EXPECT_TRUE(f.range->contains(**p)) << key;
    }
    if (const auto* p = std::get_if<int64_t*>(&f.ptr)) {
      EXPECT_TRUE(f.range->contains(static_cast<double>(**p))) << key;
    }
    if (const auto* p = std::get_if<double*>(&f.ptr)) {
      EXPECT_TRUE(f.range->contains(**p)) << key;
    }
  }
  for (const auto& section : schema.sections()) expect_ranges(*section, prefix + section->name() + ".");
}

TEST(NumericRange, EveryNumericOptionOfEverySubcommandDeclaresOne) {
  Schema root;
  GlobalOptions global;
  global.describe(root);
  std::vector<std::unique_ptr<cli::Subcommand>> commands;
  for (cli::SubcommandMaker make : cli::subcommand_registry()) {
    commands.push_back(make());
    commands.back()->describe_config(root);
  }
  ASSERT_GE(commands.size(), 6u);
  expect_ranges(root, "");
}

}  // namespace
}  // namespace ventris::config
