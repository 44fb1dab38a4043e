// How the ranks of a data-parallel run talk to each other: the one interface
// the trainer sees. Two implementations: SingleProcess (one rank, every
// collective is the identity) and MPI (mpi_communicator.cpp, built when CMake
// finds MPI). make_communicator() picks by what launched the process.
//
// Every collective is called by every rank in the same order (as MPI
// requires); the trainer's loop is the same on every rank, so it is.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

namespace ventris::distributed {

class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  bool is_root() const { return rank() == 0; }

  // Element-wise sum over the ranks whose `contributes` is true, computed in
  // rank order (first contributor, then + the next, ...) and written back on
  // every rank: the same bits as one process adding the same buffers in that
  // order. When no rank contributes, `data` is left as it is.
  virtual void sum_in_rank_order(std::span<float> data, bool contributes) = 0;
  virtual void sum_in_rank_order(std::span<double> data, bool contributes) = 0;
  // Every rank's `text`, indexed by rank.
  virtual std::vector<std::string> all_gather(const std::string& text) = 0;
  // Rank 0's `text` on every rank.
  virtual std::string broadcast_from_root(const std::string& text) = 0;
  virtual void barrier() = 0;
  // Ends every rank of the job with `exit_code` (MPI_Abort): a failing rank
  // must not leave the others blocked in a collective.
  [[noreturn]] virtual void abort(int exit_code) = 0;
};

// The ranks this process was launched among, from the launcher's environment
// (Open MPI's OMPI_COMM_WORLD_SIZE, PMI_SIZE of MPICH/Slurm, PMIX_SIZE); 1 when
// started without a launcher.
int launched_world_size();

// MPI when launched with more than one rank, else a single process. Throws a
// one-line Error when launched with several ranks by a build without MPI.
std::unique_ptr<Communicator> make_communicator();

// Whether this build has the MPI implementation.
bool built_with_mpi();

}  // namespace ventris::distributed
