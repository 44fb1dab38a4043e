#include "config/schema.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "core/error.h"

namespace ventris::config {

std::string join_choices(const std::vector<std::string>& names) {
  std::string joined;
  for (const auto& n : names) joined += (joined.empty() ? "" : ", ") + n;
  return joined;
}

std::string NumericRange::text() const {
  // %g-style shortest spelling: 10000 not 10000.000000, 1e+06 stays readable.
  const auto num = [](double v) { return fmt::format("{}", v); };
  if (std::isinf(max)) return ">= " + num(min);
  if (std::isinf(min)) return (max_open ? "< " : "<= ") + num(max);
  return fmt::format("[{}, {}{}", num(min), num(max), max_open ? ")" : "]");
}

const std::vector<std::string>& Field::allowed() const {
  if (const auto* e = std::get_if<EnumRef>(&ptr)) return e->names;
  return choices;
}

Field& Schema::field(std::string key, FieldPtr ptr, std::string help) {
  if (Field* existing = find_field(key)) {
    // A second reader of the same key (e.g. `train` and `info` both read `model:`).
    VENTRIS_CHECK(existing->ptr.index() == ptr.index(), "config key '{}' described twice with different types", key);
    existing->mirrors.push_back(std::move(ptr));
    return *existing;
  }
  fields_.push_back(Field{std::move(key), std::move(ptr), std::move(help), {}, true, {}, {}, {}, std::nullopt});
  return fields_.back();
}

Schema& Schema::section(const std::string& key) {
  if (Schema* existing = find_section(key)) return *existing;
  sections_.push_back(std::make_unique<Schema>(key));
  return *sections_.back();
}

Schema* Schema::find_section(const std::string& key) const {
  for (auto& s : sections_)
    if (s->name() == key) return s.get();
  return nullptr;
}

Field* Schema::find_field(const std::string& key) {
  for (auto& f : fields_)
    if (f.key == key) return &f;
  return nullptr;
}

std::string field_type_name(const FieldPtr& ptr) {
  struct {
    std::string operator()(const EnumRef& e) {
      return (e.list ? "a list of " : "one of ") + join_choices(e.names);
    }
    std::string operator()(bool*) { return "boolean"; }
    std::string operator()(int*) { return "integer"; }
    std::string operator()(int64_t*) { return "integer"; }
    std::string operator()(double*) { return "number"; }
    std::string operator()(std::string*) { return "string"; }
    std::string operator()(std::vector<int>*) { return "list of integers"; }
    std::string operator()(std::vector<std::string>*) { return "list of strings"; }
  } name;
  return std::visit(name, ptr);
}

namespace {

std::string scalar_text(const YAML::Node& node) {
  if (node.IsScalar()) return node.Scalar();
  std::ostringstream s;
  s << node;
  return s.str();
}

[[noreturn]] void wrong_type(const std::string& key, const FieldPtr& ptr, const YAML::Node& node,
                             const std::string& origin) {
  throw Error(fmt::format("{}: key '{}' expects {}, got '{}'", origin, key, field_type_name(ptr),
                          scalar_text(node)));
}

template <class T>
T convert_scalar(const YAML::Node& node, const std::string& key, const FieldPtr& ptr, const std::string& origin) {
  if (!node.IsScalar()) wrong_type(key, ptr, node, origin);
  T value{};
  if (!YAML::convert<T>::decode(node, value)) wrong_type(key, ptr, node, origin);
  return value;
}

// A number must be finite and inside the field's declared range.
template <class T>
void check_number(const Field& f, T value, const YAML::Node& node, const std::string& origin, const std::string& key) {
  if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
    const auto v = static_cast<double>(value);
    if (!std::isfinite(v))
      throw Error(fmt::format("{}: key '{}' must be a finite number, got '{}'", origin, key, scalar_text(node)));
    if (f.range && !f.range->contains(v))
      throw Error(fmt::format("{}: key '{}' must be {}{}, got {}", origin, key,
                              std::isinf(f.range->min) || std::isinf(f.range->max) ? "" : "in ", f.range->text(),
                              scalar_text(node)));
  }
}

// A list's items: a YAML sequence, or a scalar "a,b,c" (as a flag gives it); none for null or "".
template <class E>
std::vector<E> list_items(const Field& f, const YAML::Node& node, const std::string& origin, const std::string& key) {
  std::vector<E> values;
  if (node.IsSequence()) {
    for (const auto& item : node) values.push_back(convert_scalar<E>(item, key, f.ptr, origin));
  } else if (node.IsScalar() && !node.Scalar().empty()) {
    std::stringstream ss(node.Scalar());
    std::string part;
    while (std::getline(ss, part, ',')) values.push_back(convert_scalar<E>(YAML::Node(part), key, f.ptr, origin));
  } else if (!node.IsNull() && !(node.IsScalar() && node.Scalar().empty())) {
    wrong_type(key, f.ptr, node, origin);
  }
  return values;
}

// Position of `value` among the field's allowed values; an error naming key and choices otherwise.
size_t choice_index(const Field& f, const std::string& value, const std::string& origin, const std::string& key) {
  const std::vector<std::string>& allowed = f.allowed();
  const auto it = std::find(allowed.begin(), allowed.end(), value);
  if (it == allowed.end())
    throw Error(fmt::format("{}: key '{}' must be one of {}, got '{}'", origin, key, join_choices(allowed), value));
  return static_cast<size_t>(it - allowed.begin());
}

// Sets the value behind `target` (the field's own pointer or one of its mirrors).
void set_target(const Field& f, FieldPtr& target, const YAML::Node& node, const std::string& origin,
                const std::string& key) {
  std::visit(
      [&](auto& p) {
        using P = std::remove_reference_t<decltype(p)>;
        if constexpr (std::is_same_v<P, EnumRef>) {
          std::vector<std::string> names;
          if (p.list) {
            names = list_items<std::string>(f, node, origin, key);
          } else {
            if (!node.IsScalar()) wrong_type(key, f.ptr, node, origin);
            names.push_back(node.Scalar());
          }
          std::vector<size_t> indices;
          for (const auto& name : names) indices.push_back(choice_index(f, name, origin, key));
          p.set(indices);
        } else {
          using T = std::remove_pointer_t<P>;
          if constexpr (std::is_same_v<T, std::vector<int>> || std::is_same_v<T, std::vector<std::string>>) {
            T items = list_items<typename T::value_type>(f, node, origin, key);
            for (const auto& item : items) check_number(f, item, YAML::Node(fmt::format("{}", item)), origin, key);
            *p = std::move(items);
          } else if constexpr (std::is_same_v<T, std::string>) {
            if (!node.IsScalar()) wrong_type(key, f.ptr, node, origin);
            if (!f.choices.empty()) choice_index(f, node.Scalar(), origin, key);
            *p = node.Scalar();
          } else {
            const T value = convert_scalar<T>(node, key, f.ptr, origin);
            check_number(f, value, node, origin, key);
            *p = value;
          }
        }
      },
      target);
}

void set_from_node(Field& f, const YAML::Node& node, const std::string& origin, const std::string& key) {
  set_target(f, f.ptr, node, origin, key);
  for (FieldPtr& mirror : f.mirrors) set_target(f, mirror, node, origin, key);
}

}  // namespace

void Schema::apply_yaml(const YAML::Node& node, const std::string& origin, const std::string& prefix) {
  if (node.IsNull()) return;
  VENTRIS_CHECK(node.IsMap(), "{}: expected a mapping{}", origin, prefix.empty() ? "" : " under '" + prefix + "'");
  for (const auto& item : node) {
    std::string key = item.first.as<std::string>();
    std::string qualified = prefix.empty() ? key : prefix + "." + key;
    if (Schema* sub = find_section(key)) {
      sub->apply_yaml(item.second, origin, qualified);
    } else if (Field* f = find_field(key)) {
      set_from_node(*f, item.second, origin, qualified);
    } else {
      throw Error(fmt::format("{}: unknown config key '{}'", origin, qualified));
    }
  }
}

void Schema::apply_yaml_file(const std::string& path) {
  VENTRIS_CHECK(std::filesystem::is_regular_file(path), "config file '{}' does not exist", path);
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throw Error(fmt::format("{}:{}: invalid YAML: {}", path, e.mark.line + 1, e.msg));
  }
  apply_yaml(root, path);
}

void Schema::set_from_text(Field& field, const std::string& text, const std::string& origin,
                           const std::string& qualified_key) {
  // Strings and enum names are taken verbatim; everything else goes through
  // YAML's scalar rules so flags and files accept the same spellings (true/false, 1e-4, ...).
  if (std::holds_alternative<std::string*>(field.ptr) || std::holds_alternative<EnumRef>(field.ptr)) {
    YAML::Node node(YAML::NodeType::Scalar);
    node = text;
    set_from_node(field, node, origin, qualified_key);
  } else {
    set_from_node(field, YAML::Node(text), origin, qualified_key);
  }
}

namespace {

// Writes a field's value: scalars plain, lists in flow style, enums by name.
void emit_value(YAML::Emitter& out, const FieldPtr& ptr) {
  std::visit(
      [&](const auto& p) {
        using P = std::remove_cvref_t<decltype(p)>;
        if constexpr (std::is_same_v<P, EnumRef>) {
          std::vector<std::string> names;
          for (size_t i : p.get()) names.push_back(i < p.names.size() ? p.names[i] : "?");
          if (p.list)
            out << YAML::Flow << names;
          else
            out << names.at(0);
        } else if constexpr (std::is_same_v<P, std::vector<int>*> || std::is_same_v<P, std::vector<std::string>*>) {
          out << YAML::Flow << *p;
        } else {
          out << *p;
        }
      },
      ptr);
}

}  // namespace

std::string field_value_text(const FieldPtr& ptr) {
  YAML::Emitter out;
  out.SetBoolFormat(YAML::TrueFalseBool);
  out << YAML::Flow;
  emit_value(out, ptr);
  return out.c_str();
}

std::string help_with_choices(const Field& field) {
  if (field.range) return field.help + " (" + field.range->text() + ")";
  if (field.allowed().empty()) return field.help;
  return field.help + " (one of: " + join_choices(field.allowed()) + ")";
}

void Schema::emit(YAML::Emitter& out) const {
  out << YAML::BeginMap;
  for (const auto& f : fields_) {
    out << YAML::Key << f.key << YAML::Value;
    emit_value(out, f.ptr);
    out << YAML::Comment(help_with_choices(f));
  }
  for (const auto& s : sections_) {
    out << YAML::Key << s->name() << YAML::Value;
    s->emit(out);
  }
  out << YAML::EndMap;
}

std::string Schema::dump() const {
  YAML::Emitter out;
  out.SetBoolFormat(YAML::TrueFalseBool);
  emit(out);
  return std::string(out.c_str()) + "\n";
}

}  // namespace ventris::config
