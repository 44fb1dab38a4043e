#include "distributed/mpi_communicator.h"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <thread>
#include <vector>

#include "core/error.h"

namespace ventris::distributed {

namespace {

// Gradients are reduced through rank 0 in slices of this many elements, so
// rank 0 holds size × slice values at a time, not size × model.
constexpr int64_t kSliceElements = int64_t{1} << 22;

template <class T>
MPI_Datatype mpi_type();
template <>
MPI_Datatype mpi_type<float>() { return MPI_FLOAT; }
template <>
MPI_Datatype mpi_type<double>() { return MPI_DOUBLE; }

void check(int code, const char* what) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  VENTRIS_FAIL("MPI {} failed: {}", what, std::string(text, static_cast<size_t>(length)));
}

class MpiCommunicator final : public Communicator {
 public:
  MpiCommunicator() {
    int provided = 0;
    check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "init");
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    // Errors come back as codes (check() turns them into exceptions, which end the job through abort()).
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  }
  ~MpiCommunicator() override { MPI_Finalize(); }

  int rank() const override { return rank_; }
  int size() const override { return size_; }

  void sum_in_rank_order(std::span<float> data, bool contributes) override { ordered_sum(data, contributes); }
  void sum_in_rank_order(std::span<double> data, bool contributes) override { ordered_sum(data, contributes); }

  std::vector<std::string> all_gather(const std::string& text) override {
    const int length = static_cast<int>(text.size());
    std::vector<int> lengths(static_cast<size_t>(size_));
    check(MPI_Allgather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, MPI_COMM_WORLD), "allgather");
    std::vector<int> offsets(lengths.size(), 0);
    for (size_t r = 1; r < lengths.size(); ++r) offsets[r] = offsets[r - 1] + lengths[r - 1];
    std::string joined(static_cast<size_t>(offsets.back() + lengths.back()), '\0');
    check(MPI_Allgatherv(text.data(), length, MPI_CHAR, joined.data(), lengths.data(), offsets.data(), MPI_CHAR,
                         MPI_COMM_WORLD),
          "allgatherv");
    std::vector<std::string> texts;
    for (size_t r = 0; r < lengths.size(); ++r)
      texts.push_back(joined.substr(static_cast<size_t>(offsets[r]), static_cast<size_t>(lengths[r])));
    return texts;
  }

  std::string broadcast_from_root(const std::string& text) override {
    int length = static_cast<int>(text.size());
    check(MPI_Bcast(&length, 1, MPI_INT, 0, MPI_COMM_WORLD), "broadcast");
    std::string out = rank_ == 0 ? text : std::string(static_cast<size_t>(length), '\0');
    check(MPI_Bcast(out.data(), length, MPI_CHAR, 0, MPI_COMM_WORLD), "broadcast");
    return out;
  }

  void barrier() override { check(MPI_Barrier(MPI_COMM_WORLD), "barrier"); }

  [[noreturn]] void abort(int exit_code) override {
    // The caller has just written its one-line error; Open MPI forwards a
    // rank's stderr through its daemon, and an abort that tears the job down
    // at once can lose that line on a loaded machine (seen once in ctest -j2
    // here). A moment's pause lets it through.
    std::fflush(stderr);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    MPI_Abort(MPI_COMM_WORLD, exit_code);
    std::_Exit(exit_code);  // MPI_Abort does not return; this satisfies [[noreturn]]
  }

 private:
  // Gathers each slice on rank 0, adds the contributors' slices in rank
  // order, and broadcasts the sum back: a fixed order, unlike MPI_Allreduce,
  // whose algorithm (and so rounding) may change with the rank count and size.
  template <class T>
  void ordered_sum(std::span<T> data, bool contributes) {
    const int mine = contributes ? 1 : 0;
    std::vector<int> who(static_cast<size_t>(size_));
    check(MPI_Allgather(&mine, 1, MPI_INT, who.data(), 1, MPI_INT, MPI_COMM_WORLD), "allgather");
    std::vector<int> contributors;
    for (int r = 0; r < size_; ++r)
      if (who[static_cast<size_t>(r)]) contributors.push_back(r);
    if (contributors.empty()) return;
    const int64_t n = static_cast<int64_t>(data.size());
    std::vector<T> gathered;
    if (rank_ == 0) gathered.resize(static_cast<size_t>(std::min(n, kSliceElements) * size_));
    for (int64_t begin = 0; begin < n; begin += kSliceElements) {
      const int count = static_cast<int>(std::min(kSliceElements, n - begin));
      T* slice = data.data() + begin;
      check(MPI_Gather(slice, count, mpi_type<T>(), gathered.data(), count, mpi_type<T>(), 0, MPI_COMM_WORLD),
            "gather");
      if (rank_ == 0) {
        const T* first = gathered.data() + static_cast<int64_t>(contributors[0]) * count;
        std::copy(first, first + count, slice);
        for (size_t c = 1; c < contributors.size(); ++c) {
          const T* next = gathered.data() + static_cast<int64_t>(contributors[c]) * count;
          for (int i = 0; i < count; ++i) slice[i] += next[i];
        }
      }
      check(MPI_Bcast(slice, count, mpi_type<T>(), 0, MPI_COMM_WORLD), "broadcast");
    }
  }

  int rank_ = 0, size_ = 1;
};

}  // namespace

std::unique_ptr<Communicator> make_mpi_communicator() { return std::make_unique<MpiCommunicator>(); }

}  // namespace ventris::distributed
