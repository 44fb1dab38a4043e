// Typed configuration without string lookups in layer code. A config struct
// describes its fields once (name, pointer, one-line help); from that
// description this module loads YAML (unknown keys and wrong types are errors
// naming the key and file), applies command-line flags and dumps the
// effective configuration. Layer code reads the struct fields directly.
// Enum class fields use the names of their table (config/enum_names.h).
#pragma once

#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "config/enum_names.h"

namespace YAML {
class Node;
class Emitter;
}  // namespace YAML

namespace ventris::config {

// An enum class field (or a list of one enum) without its type: the names of
// its table, and the value(s) as indices into them. Schema::field makes it.
struct EnumRef {
  std::vector<std::string> names;                    // table order
  bool list = false;                                 // std::vector<E> rather than E
  std::function<std::vector<size_t>()> get;          // names.size() for a value outside the table
  std::function<void(const std::vector<size_t>&)> set;
};

// The valid values of a numeric field (or of each item of a list of integers),
// declared once in describe(): every YAML file, flag and model file that sets
// the field is checked against it, and --help and --dump-config state it.
struct NumericRange {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool max_open = false;  // [min, max) rather than [min, max]

  bool contains(double value) const { return value >= min && (max_open ? value < max : value <= max); }
  std::string text() const;  // "[1, 10000]", "[0, 1)", ">= 0"
};
inline NumericRange between(double min, double max) { return {min, max, false}; }
inline NumericRange at_least(double min) { return {min, std::numeric_limits<double>::infinity(), false}; }
// [0, 1): dropout rates, label smoothing, Adam's betas.
inline NumericRange probability() { return {0, 1, true}; }

using FieldPtr = std::variant<bool*, int*, int64_t*, double*, std::string*, std::vector<int>*,
                              std::vector<std::string>*, EnumRef>;

struct Field {
  std::string key;                   // YAML key, snake_case; the flag is --key-with-dashes
  FieldPtr ptr;                      // where the value lives
  std::string help;                  // one line
  std::vector<std::string> choices;  // allowed values for strings (empty = any)
  bool flag = true;                  // also exposed as a command-line flag
  std::vector<std::string> aliases;  // further flag spellings ("-m"), for flags kept from other tools
  // Flags without a value that each stand for one value of this field
  // ({"--early-stop", "beam"}): earlier spellings kept working. Contradicting
  // spellings on one command line are a usage error.
  std::vector<std::pair<std::string, std::string>> value_flags;
  // Further values set together with `ptr`: a key described again (by another
  // subcommand reading the same section) adds its pointer here.
  std::vector<FieldPtr> mirrors;
  // Numeric fields: the valid values (a number outside is an error naming the
  // key, its origin and the range). Every double must be finite in any case.
  std::optional<NumericRange> range;

  // The allowed values: an enum's names or the string choices (empty = any).
  const std::vector<std::string>& allowed() const;
};

class Schema {
 public:
  explicit Schema(std::string name = "") : name_(std::move(name)) {}

  // Registers a field; returns it so callers can add choices.
  Field& field(std::string key, FieldPtr ptr, std::string help);
  // An enum class field (or a list of one), named by its enum_names table.
  template <NamedEnum E>
  Field& field(std::string key, E* ptr, std::string help) {
    EnumRef ref{enum_name_list<E>(), false,
                [ptr] { return std::vector<size_t>{enum_index(*ptr)}; },
                [ptr](const std::vector<size_t>& i) { *ptr = enum_entries<E>()[i.at(0)].value; }};
    return field(std::move(key), std::move(ref), std::move(help));
  }
  template <NamedEnum E>
  Field& field(std::string key, std::vector<E>* ptr, std::string help) {
    EnumRef ref{enum_name_list<E>(), true,
                [ptr] {
                  std::vector<size_t> indices;
                  for (E value : *ptr) indices.push_back(enum_index(value));
                  return indices;
                },
                [ptr](const std::vector<size_t>& indices) {
                  ptr->clear();
                  for (size_t i : indices) ptr->push_back(enum_entries<E>()[i].value);
                }};
    return field(std::move(key), std::move(ref), std::move(help));
  }
  // Registers a nested section (e.g. "model") and returns its schema.
  Schema& section(const std::string& key);

  const std::string& name() const { return name_; }
  const std::vector<Field>& fields() const { return fields_; }
  std::vector<Field>& fields() { return fields_; }
  const std::vector<std::unique_ptr<Schema>>& sections() const { return sections_; }
  Schema* find_section(const std::string& key) const;
  Field* find_field(const std::string& key);

  // Applies a YAML mapping; `origin` (a file name) appears in error messages.
  void apply_yaml(const YAML::Node& node, const std::string& origin, const std::string& prefix = "");
  // Loads and applies a YAML file (missing file or parse error -> Error).
  void apply_yaml_file(const std::string& path);
  // Sets one field from its textual value (used for flags); `origin` names the source.
  static void set_from_text(Field& field, const std::string& text, const std::string& origin,
                            const std::string& qualified_key);
  // The effective configuration as YAML, with each field's help as a comment.
  std::string dump() const;

 private:
  void emit(YAML::Emitter& out) const;
  std::string name_;
  std::vector<Field> fields_;
  std::vector<std::unique_ptr<Schema>> sections_;
};

// Text form of a value, as written in YAML and shown by --dump-config.
std::string field_value_text(const FieldPtr& ptr);
// Type name for error messages ("integer", "list of strings", ...).
std::string field_type_name(const FieldPtr& ptr);
// The help line with the allowed values (choices or range) appended, as --help and --dump-config show it.
std::string help_with_choices(const Field& field);

}  // namespace ventris::config
