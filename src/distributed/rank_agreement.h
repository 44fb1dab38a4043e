// The start-of-run check of a data-parallel job: every rank must train the
// same model on the same data with the same settings, or the summed gradients
// mean nothing. Each rank names what it has (config text, checksums); a
// mismatch is one line naming the item, the rank and both values.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "distributed/communicator.h"

namespace ventris::distributed {

// (name, value) pairs, compared by name across ranks. Values may span lines
// (a YAML dump): the message quotes the first line that differs.
using NamedValues = std::vector<std::pair<std::string, std::string>>;

// The first difference between rank 0 and another rank, as one line, and the
// rank that differs; rank -1 when all agree. Pure (tests call it directly).
struct Disagreement {
  int rank = -1;
  std::string message;
};
Disagreement find_disagreement(const std::vector<NamedValues>& by_rank);

// Collective. On a mismatch the differing rank throws the one-line Error
// (its handler ends the job); the others wait at a barrier that abort ends.
void require_agreement(Communicator& comm, const NamedValues& mine);

}  // namespace ventris::distributed
