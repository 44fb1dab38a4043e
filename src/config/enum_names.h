// Names of enum classes, for config fields and logs. An enum gets its names
// once, by a constexpr function `enum_names` next to it (found by
// argument-dependent lookup), listing every value with its spelling:
//
//   enum class LrSchedule { kInverseSqrt, kCosine, kConstant };
//   constexpr auto enum_names(LrSchedule) {
//     using enum LrSchedule;
//     return config::enum_table<LrSchedule>({{kInverseSqrt, "inverse_sqrt"}, {kCosine, "cosine"},
//                                            {kConstant, "constant"}});
//   }
//
// Then Schema::field("lr_scheduler", &schedule, help) takes the enum (YAML,
// flags and --dump-config use the names; a wrong name is an error listing
// them), and enum_name(value) gives the name for a log line.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/error.h"

namespace ventris::config {

template <class E>
struct EnumName {
  E value;
  std::string_view name;
};

// The table an `enum_names` function returns: enum_table<E>({{E::kA, "a"}, ...}).
template <class E, size_t N>
constexpr std::array<EnumName<E>, N> enum_table(EnumName<E> (&&entries)[N]) {
  return std::to_array(std::move(entries));
}

// An enum class with an `enum_names` table.
template <class E>
concept NamedEnum = std::is_enum_v<E> && requires(E e) {
  { enum_names(e) };
};

template <NamedEnum E>
constexpr auto enum_entries() {
  return enum_names(E{});
}

// Position of `value` in its table (the table's size for a value outside it).
template <NamedEnum E>
constexpr size_t enum_index(E value) {
  const auto entries = enum_entries<E>();
  for (size_t i = 0; i < entries.size(); ++i)
    if (entries[i].value == value) return i;
  return entries.size();
}

// The name of `value`; "?" for a value outside the table.
template <NamedEnum E>
constexpr std::string_view enum_name(E value) {
  for (const auto& entry : enum_entries<E>())
    if (entry.value == value) return entry.name;
  return "?";
}

template <NamedEnum E>
constexpr std::optional<E> enum_from_name(std::string_view name) {
  for (const auto& entry : enum_entries<E>())
    if (entry.name == name) return entry.value;
  return std::nullopt;
}

// Every name, in table order.
template <NamedEnum E>
std::vector<std::string> enum_name_list() {
  std::vector<std::string> names;
  for (const auto& entry : enum_entries<E>()) names.emplace_back(entry.name);
  return names;
}

// "a, b, c", as config errors list the choices.
std::string join_choices(const std::vector<std::string>& names);

// The value named `name`; otherwise throws Error "unknown <what> '<name>' (choose a, b, c)".
template <NamedEnum E>
E parse_enum(std::string_view name, std::string_view what) {
  if (const std::optional<E> value = enum_from_name<E>(name)) return *value;
  throw Error(fmt::format("unknown {} '{}' (choose {})", what, name, join_choices(enum_name_list<E>())));
}

}  // namespace ventris::config
