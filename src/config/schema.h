// Typed configuration without string lookups in layer code. A config struct
// describes its fields once (name, pointer, one-line help); from that
// description this module loads YAML (unknown keys and wrong types are errors
// naming the key and file), applies command-line flags and dumps the
// effective configuration. Layer code reads the struct fields directly.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace YAML {
class Node;
class Emitter;
}  // namespace YAML

namespace ventris::config {

using FieldPtr = std::variant<bool*, int*, int64_t*, double*, std::string*, std::vector<int>*,
                              std::vector<std::string>*>;

struct Field {
  std::string key;                   // YAML key, snake_case; the flag is --key-with-dashes
  FieldPtr ptr;                      // where the value lives
  std::string help;                  // one line
  std::vector<std::string> choices;  // allowed values for strings (empty = any)
  bool flag = true;                  // also exposed as a command-line flag
};

class Schema {
 public:
  explicit Schema(std::string name = "") : name_(std::move(name)) {}

  // Registers a field; returns it so callers can add choices.
  Field& field(std::string key, FieldPtr ptr, std::string help);
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

}  // namespace ventris::config
