#include "models/lite/lite_config.h"

#include <charconv>

#include "core/error.h"

namespace ventris::models {

namespace {

constexpr const char* kBranchesKey = "model.lite_branches";

std::vector<std::string> split_fields(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t colon; (colon = text.find(':', start)) != std::string::npos; start = colon + 1)
    parts.push_back(text.substr(start, colon - start));
  parts.push_back(text.substr(start));
  return parts;
}

// A positive integer, or -1 when `text` is not one.
int64_t positive_integer(const std::string& text) {
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  return ec == std::errc() && end == text.data() + text.size() && v > 0 ? v : -1;
}

std::vector<std::string> default_branches() { return {"attn:1:D/2:4", "lightweight:default:D/2:4"}; }

}  // namespace

BranchSpec parse_branch(const std::string& text, int64_t d_model) {
  const std::vector<std::string> f = split_fields(text);
  VENTRIS_CHECK(f.size() == 4, "{}: '{}' is not type:kernel:dim:heads", kBranchesKey, text);
  BranchSpec b;
  if (f[0] == "attn")
    b.kind = BranchKind::kAttention;
  else if (f[0] == "lightweight")
    b.kind = BranchKind::kLightweight;
  else if (f[0] == "dynamic")
    b.kind = BranchKind::kDynamic;
  else
    VENTRIS_FAIL("{}: '{}' has type '{}'; choose attn, lightweight or dynamic", kBranchesKey, text, f[0]);
  if (f[1] != "default") {
    const int64_t k = positive_integer(f[1]);
    VENTRIS_CHECK(k > 0 && k < 4096, "{}: '{}' has kernel '{}'; use a size or 'default'", kBranchesKey, text, f[1]);
    b.kernel = static_cast<int>(k);
  }
  if (b.kind == BranchKind::kAttention)
    VENTRIS_CHECK(b.kernel <= 1, "{}: '{}': an attn branch has kernel 1 (or default)", kBranchesKey, text);
  else
    VENTRIS_CHECK(b.kernel == 0 || b.kernel % 2 == 1, "{}: '{}': kernel {} is even; convolution kernels are odd",
                  kBranchesKey, text, b.kernel);
  if (f[2].rfind("D/", 0) == 0) {
    const int64_t n = positive_integer(f[2].substr(2));
    VENTRIS_CHECK(n > 0 && d_model % n == 0, "{}: '{}': D/{} is not a whole number of channels (D = {})", kBranchesKey,
                  text, f[2].substr(2), d_model);
    b.dim = d_model / n;
  } else {
    b.dim = positive_integer(f[2]);
    VENTRIS_CHECK(b.dim > 0, "{}: '{}' has width '{}'; use an integer or D/n", kBranchesKey, text, f[2]);
  }
  b.heads = positive_integer(f[3]);
  VENTRIS_CHECK(b.heads > 0, "{}: '{}' has heads '{}'; use a positive integer", kBranchesKey, text, f[3]);
  VENTRIS_CHECK(b.dim % b.heads == 0, "{}: '{}': {} heads do not divide the branch width {}", kBranchesKey, text,
                b.heads, b.dim);
  return b;
}

void LiteConfig::describe(config::Schema& s) {
  s.field("lite_branches", &branches,
          "lite: self-attention branches type:kernel:dim:heads (attn|lightweight|dynamic, kernel a size or default, "
          "dim an integer or D/n); empty = attn:1:D/2:4 + lightweight:default:D/2:4");
  s.field("lite_encoder_kernel_sizes", &encoder_kernel_sizes,
          "lite: convolution kernel size of each encoder layer (odd)")
      .range = config::between(1, 4095);
  s.field("lite_decoder_kernel_sizes", &decoder_kernel_sizes,
          "lite: convolution kernel size of each decoder layer (odd)")
      .range = config::between(1, 4095);
  s.field("lite_glu", &glu, "lite: GLU after the convolution branch's input projection");
  s.field("lite_weight_dropout", &weight_dropout,
          "lite: DropConnect on the normalised convolution kernels, per sentence, position and head")
      .range = config::probability();
  s.field("lite_mask_before_linear", &mask_before_linear,
          "lite: zero padded positions before the input projection (the reference code's placement; outputs then "
          "depend on batch padding) instead of after it");
}

bool LiteConfig::is_default() const {
  const LiteConfig d;
  return branches == d.branches && encoder_kernel_sizes == d.encoder_kernel_sizes &&
         decoder_kernel_sizes == d.decoder_kernel_sizes && glu == d.glu && weight_dropout == d.weight_dropout &&
         mask_before_linear == d.mask_before_linear;
}

std::vector<BranchSpec> LiteConfig::branch_specs(int64_t d_model) const {
  std::vector<BranchSpec> specs;
  for (const std::string& text : branches.empty() ? default_branches() : branches)
    specs.push_back(parse_branch(text, d_model));
  return specs;
}

void LiteConfig::validate(bool active, int64_t d_model, int encoder_layers, int decoder_layers) const {
  if (!active) {
    VENTRIS_CHECK(is_default(), "model.lite_* keys are set but model.arch is not lite");
    return;
  }
  int64_t width = 0;
  for (const BranchSpec& b : branch_specs(d_model)) width += b.dim;
  VENTRIS_CHECK(width == d_model, "{}: branch widths sum to {}, not model.d_model = {}", kBranchesKey, width, d_model);
  const auto check_sizes = [](const char* key, const std::vector<int>& sizes, int layers) {
    VENTRIS_CHECK(static_cast<int>(sizes.size()) == layers, "model.{}: {} sizes for {} layers", key, sizes.size(),
                  layers);
    for (int k : sizes) VENTRIS_CHECK(k >= 1 && k % 2 == 1 && k < 4096, "model.{}: {} is not an odd size", key, k);
  };
  check_sizes("lite_encoder_kernel_sizes", encoder_kernel_sizes, encoder_layers);
  check_sizes("lite_decoder_kernel_sizes", decoder_kernel_sizes, decoder_layers);
  VENTRIS_CHECK(weight_dropout >= 0 && weight_dropout < 1, "model.lite_weight_dropout must be in [0, 1), got {}",
                weight_dropout);
}

}  // namespace ventris::models
