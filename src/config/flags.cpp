#include "config/flags.h"

#include <algorithm>

#include "core/error.h"

namespace ventris::config {

std::string flag_name(const std::string& key) {
  std::string name = "--" + key;
  std::replace(name.begin(), name.end(), '_', '-');
  return name;
}

void FlagBinder::bind(CLI::App& app, Schema& schema, const std::string& qualifier, FlagErrors errors) {
  for (Field& f : schema.fields()) {
    if (!f.flag) continue;
    auto p = std::make_unique<Pending>();
    p->field = &f;
    p->qualified_key = qualifier.empty() ? f.key : qualifier + "." + f.key;
    p->flag = flag_name(f.key);
    p->errors = errors;
    Pending* raw = p.get();
    std::string names = p->flag;
    for (const auto& alias : f.aliases) names = alias + "," + names;
    std::string help = help_with_choices(f) + " [" + field_value_text(f.ptr) + "]";
    if (std::holds_alternative<bool*>(f.ptr)) {
      // --x sets true, --no-x sets false.
      std::string negated = "--no-" + p->flag.substr(2);
      app.add_flag_callback(names, [raw] { raw->values = {"true"}; raw->given = true; }, help);
      app.add_flag_callback(negated, [raw] { raw->values = {"false"}; raw->given = true; },
                            "disable " + p->flag);
    } else {
      const auto* e = std::get_if<EnumRef>(&f.ptr);
      bool is_list = std::holds_alternative<std::vector<int>*>(f.ptr) ||
                     std::holds_alternative<std::vector<std::string>*>(f.ptr) || (e && e->list);
      auto* opt = app.add_option_function<std::vector<std::string>>(
          names, [raw](const std::vector<std::string>& v) { raw->record(v, raw->flag); }, help);
      if (is_list) {
        opt->expected(0, CLI::detail::expected_max_vector_size);
      } else {
        // One value: a word after it is the next argument (a positional), and a
        // repeated flag is an error (cli/app.cpp words the message).
        opt->expected(1);
        opt->allow_extra_args(false);
      }
      if (!f.allowed().empty()) {
        std::string choices;
        for (const auto& c : f.allowed()) choices += (choices.empty() ? "" : "|") + c;
        opt->type_name(choices);
      } else {
        const bool text = std::holds_alternative<std::string*>(f.ptr) ||
                          std::holds_alternative<std::vector<std::string>*>(f.ptr);
        opt->type_name(text ? "TEXT" : "VALUE");
      }
    }
    for (const auto& [value_flag, value] : f.value_flags)
      app.add_flag_callback(value_flag, [raw, value_flag, value] { raw->record({value}, value_flag); },
                            "same as " + raw->flag + " " + value);
    pending_.push_back(std::move(p));
  }
}

void FlagBinder::Pending::record(std::vector<std::string> v, const std::string& spelling) {
  // A value flag names its value; the field's own flag is followed by it.
  auto described = [this](const std::string& by, const std::vector<std::string>& vs) {
    std::string text = by;
    if (by == flag)
      for (const auto& x : vs) text += " " + x;
    return text;
  };
  if (given && v != values)
    conflict = fmt::format("{} contradicts {}", described(spelling, v), described(given_as, values));
  values = std::move(v);
  given = true;
  given_as = spelling;
}

void FlagBinder::apply() const {
  for (const auto& p : pending_) {
    if (!p->given) continue;
    if (!p->conflict.empty()) throw UsageError(p->conflict);
    std::string text;
    for (const auto& v : p->values) text += (text.empty() ? "" : ",") + v;
    try {
      Schema::set_from_text(*p->field, text, "flag " + p->flag, p->qualified_key);
    } catch (const Error& e) {
      if (p->errors == FlagErrors::kUsage) throw UsageError(e.what());
      throw;
    }
  }
}

}  // namespace ventris::config
