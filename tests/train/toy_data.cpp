#include "train/toy_data.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <memory>

#include "cli/run_binary.h"
#include "data/preprocess.h"

namespace ventris::test {

const std::string& toy_data_dir(int vocab_size) {
  static std::unique_ptr<ScopedTempDir> root;
  static std::map<int, std::string> dirs;
  if (auto it = dirs.find(vocab_size); it != dirs.end()) return it->second;
  if (!root) {
    root = std::make_unique<ScopedTempDir>("ventris-train-toy");
    const std::string cmd = "python3 " + std::string(VENTRIS_SOURCE_DIR) + "/scripts/make_toy_corpus.py --out " +
                            (*root / "toy") + " --train-size 400 --valid-size 30 --test-size 30 > /dev/null";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("make_toy_corpus.py failed");
  }
  data::PreprocessConfig c;
  const std::string toy = *root / "toy";
  c.train_src = toy + "/train.src";
  c.train_tgt = toy + "/train.tgt";
  c.valid_src = toy + "/valid.src";
  c.valid_tgt = toy + "/valid.tgt";
  c.out = *root / ("data-" + std::to_string(vocab_size));
  c.vocab_size = vocab_size;
  data::preprocess(c, 1);
  return dirs[vocab_size] = c.out;
}

models::ModelConfig tiny_model_config() {
  models::ModelConfig m;
  m.encoder_layers = m.decoder_layers = 1;
  m.d_model = 16;
  m.ffn_dim = 32;
  m.heads = 2;
  m.dropout = 0.1;
  m.share_embeddings = models::ShareEmbeddings::kAll;
  return m;
}

train::TrainConfig tiny_train_config(const std::string& model_dir, int64_t max_updates) {
  train::TrainConfig t;
  t.data = toy_data_dir();
  t.model_dir = model_dir;
  t.max_tokens = 400;
  t.max_updates = max_updates;
  t.lr = 1e-3;
  t.warmup_updates = 2;
  t.save_interval_updates = 3;
  t.validate_interval_updates = 3;
  t.log_interval_updates = 1;
  return t;
}

}  // namespace ventris::test
