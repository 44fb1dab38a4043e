#include "distributed/rank_agreement.h"

#include <fmt/format.h>

#include <sstream>

#include "core/error.h"

namespace ventris::distributed {

namespace {

// One string per item: name, NUL, value, NUL (names and values hold no NUL).
std::string serialize(const NamedValues& values) {
  std::string out;
  for (const auto& [name, value] : values) out += name + '\0' + value + '\0';
  return out;
}

NamedValues parse(const std::string& text) {
  NamedValues values;
  size_t at = 0;
  while (at < text.size()) {
    const size_t name_end = text.find('\0', at);
    const size_t value_end = text.find('\0', name_end + 1);
    values.emplace_back(text.substr(at, name_end - at), text.substr(name_end + 1, value_end - name_end - 1));
    at = value_end + 1;
  }
  return values;
}

std::string first_differing_line(const std::string& a, const std::string& b, std::string* other) {
  std::istringstream sa(a), sb(b);
  std::string la, lb;
  while (true) {
    const bool more_a = static_cast<bool>(std::getline(sa, la));
    const bool more_b = static_cast<bool>(std::getline(sb, lb));
    if (!more_a) la = "(nothing)";
    if (!more_b) lb = "(nothing)";
    if (la != lb || (!more_a && !more_b)) break;
  }
  // Without indentation and the trailing "  # help" comment of a YAML dump.
  auto trim = [](std::string s) {
    if (const size_t comment = s.find("  #"); comment != std::string::npos) s.resize(comment);
    const size_t begin = s.find_first_not_of(' ');
    return begin == std::string::npos ? s : s.substr(begin);
  };
  *other = trim(lb);
  return trim(la);
}

}  // namespace

Disagreement find_disagreement(const std::vector<NamedValues>& by_rank) {
  const NamedValues& root = by_rank.at(0);
  for (size_t r = 1; r < by_rank.size(); ++r) {
    const NamedValues& theirs = by_rank[r];
    for (size_t i = 0; i < root.size(); ++i) {
      const std::string& name = root[i].first;
      const std::string* value = nullptr;
      for (const auto& [n, v] : theirs)
        if (n == name) value = &v;
      if (value && *value == root[i].second) continue;
      std::string root_line;
      const std::string line = value ? first_differing_line(*value, root[i].second, &root_line) : "(missing)";
      if (!value) root_line = root[i].second.substr(0, root[i].second.find('\n'));
      return {static_cast<int>(r), fmt::format("ranks disagree on the {}: rank {} has '{}' where rank 0 has '{}' "
                                               "(every rank must run the same command on the same files)",
                                               name, r, line, root_line)};
    }
  }
  return {};
}

void require_agreement(Communicator& comm, const NamedValues& mine) {
  if (comm.size() == 1) return;
  std::vector<NamedValues> by_rank;
  for (const std::string& text : comm.all_gather(serialize(mine))) by_rank.push_back(parse(text));
  const Disagreement d = find_disagreement(by_rank);
  if (d.rank < 0) return;
  if (comm.rank() == d.rank) VENTRIS_FAIL("{}", d.message);
  comm.barrier();  // never completes: the differing rank's abort ends the job
}

}  // namespace ventris::distributed
