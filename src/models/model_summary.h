// What a model costs, as the Lite Transformer paper reports it: parameters
// with and without embeddings (token and learned position tables, the output
// projection), per layer and in total, and the multiply-adds to translate one
// sentence of N source and N target tokens (teacher-forced, one pass), counted
// from the GEMMs and convolutions the model actually dispatches
// (ops::MultAddCounter), so every family is measured the same way.
//
// The paper's Mult-Adds leave out the output projection (N·D·V_t, which
// depends on the vocabulary); `decoder_mult_adds` does too, and
// `output_mult_adds` reports it apart.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/encoder_decoder.h"

namespace ventris::models {

struct ParameterGroup {
  std::string name;  // "embeddings", "encoder.layers.0", ..., "encoder.layer_norm"
  int64_t count = 0;
};

struct ModelSummary {
  std::vector<ParameterGroup> groups;  // in registration order of each group's first parameter
  int64_t parameters = 0;
  int64_t embedding_parameters = 0;
  int64_t length = 0;  // N
  int64_t encoder_mult_adds = 0, decoder_mult_adds = 0, output_mult_adds = 0;

  int64_t parameters_without_embeddings() const { return parameters - embedding_parameters; }
  int64_t mult_adds() const { return encoder_mult_adds + decoder_mult_adds; }
};

// True for the token/position tables and the output projection.
bool is_embedding_parameter(const std::string& name);

// Counts parameters and runs one evaluation-mode pass over a sentence of
// `length` source and `length` target tokens (no gradients).
ModelSummary summarize(const EncoderDecoder& model, int64_t length);

}  // namespace ventris::models
