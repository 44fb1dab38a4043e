// Checkpoints in the model folder. Each is two safetensors files written
// atomically (temp file, fsync, rename), each with a data checksum:
//   checkpoint_<U>.safetensors        a model file (translate -m can use it)
//   checkpoint_<U>.state.safetensors  Adam moments + step, and in its metadata
//                                     the trainer progress (updates, batch
//                                     position, early-stopping state, seed,
//                                     precision and fp16 loss scale)
//                                     and the model file's checksum, so a
//                                     model/state pair from different saves
//                                     is refused.
// checkpoint_last and checkpoint_best are hard links to numbered ones
// (replaced atomically by renaming a fresh link); only the newest `keep_last`
// numbered checkpoints are kept.
#pragma once

#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "data/batcher.h"
#include "io/safetensors.h"
#include "models/model_file.h"
#include "ops/autocast.h"
#include "optim/adam_optimizer.h"
#include "train/loss_scaler.h"

namespace ventris::train {

// Everything besides weights and moments that an exact resume needs.
struct TrainerProgress {
  int64_t updates = 0;
  data::BatchPosition position;  // the next batch of the train split
  double best_valid_loss = std::numeric_limits<double>::infinity();
  double best_valid_bleu = -std::numeric_limits<double>::infinity();  // when validation BLEU is on
  int64_t validations_without_improvement = 0;
  int bad_update_streak = 0;
  double elapsed_seconds = 0;  // wall clock of all runs so far (logs only)
  int64_t seed = 0;            // dropout masks and batch order derive from it
  ops::GemmPrecision precision = ops::GemmPrecision::F32;  // the run trained with (by name on disk: fp32, bf16, fp16)
  LossScaler loss_scaler;          // fp16: the dynamic loss scale and its growth count
};

struct LoadedCheckpoint {
  models::ModelFileInfo model_info;
  std::string model_path;
  TrainerProgress progress;
  io::TensorFile weights;  // checksum verified
  io::TensorFile optimizer_state;
};

class CheckpointStore {
 public:
  CheckpointStore(std::string dir, int keep_last) : dir_(std::move(dir)), keep_last_(keep_last) {}

  // Writes checkpoint_<updates>, points checkpoint_last (and checkpoint_best
  // when `best`) at it, and prunes old numbered checkpoints.
  void save(models::EncoderDecoder& model, const models::ModelVocabularies& vocabularies, const optim::Adam& adam,
            const TrainerProgress& progress, bool best);

  bool has_last() const;
  // Reads checkpoint_last: its model file (weights, checksum verified),
  // progress and optimizer state.
  LoadedCheckpoint load_last() const;
  // checkpoint_last, or — when it cannot be read (corrupt, truncated, a
  // model/state pair from different saves) — the newest numbered checkpoint
  // that can, with a warning naming both; the updates after it are trained
  // again (bit for bit as the first time). Throws checkpoint_last's error when
  // no checkpoint is intact.
  LoadedCheckpoint load_newest_intact() const;

  std::string path(const std::string& stem) const;  // <dir>/<stem>.safetensors
  static std::string state_path(const std::string& model_path);  // ... .state.safetensors

 private:
  LoadedCheckpoint load(const std::string& stem) const;
  void link(const std::string& from_stem, const std::string& to_stem) const;
  // Numbered checkpoints in the folder, oldest first: (updates, model file).
  std::vector<std::pair<int64_t, std::filesystem::path>> numbered() const;
  void prune() const;
  std::string dir_;
  int keep_last_;
};

}  // namespace ventris::train
