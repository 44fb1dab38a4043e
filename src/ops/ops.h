// Umbrella header for the tensor ops (Tensor in/out, checks, device switch).
#pragma once

#include "ops/activations.h"
#include "ops/autocast.h"
#include "ops/bias_activation.h"
#include "ops/cross_entropy.h"
#include "ops/decoder_attention.h"
#include "ops/decoder_cache.h"
#include "ops/decoding_rules.h"
#include "ops/dropout.h"
#include "ops/elementwise.h"
#include "ops/embedding.h"
#include "ops/layer_norm.h"
#include "ops/layout.h"
#include "ops/matmul.h"
#include "ops/reduce.h"
#include "ops/softmax.h"
#include "ops/topk.h"
