#include "io/base64.h"

#include <gtest/gtest.h>

#include "error_message.h"

namespace ventris::io {
namespace {

TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"}};
  for (auto [plain, coded] : vectors) {
    EXPECT_EQ(base64_encode(plain), coded);
    EXPECT_EQ(base64_decode(coded, "t"), plain);
  }
}

TEST(Base64, EveryByteValueRoundTrips) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (size_t n = 0; n < all.size(); n += 37) EXPECT_EQ(base64_decode(base64_encode(all.substr(n)), "t"), all.substr(n));
}

TEST(Base64, BadInputNamesTheBlob) {
  EXPECT_NE(test::error_of([] { base64_decode("Zm9", "model.safetensors (src_spm_model)"); }).find("src_spm_model"),
            std::string::npos);
  EXPECT_NE(test::error_of([] { base64_decode("Zm!v", "x"); }).find("offset 2"), std::string::npos);
  EXPECT_NE(test::error_of([] { base64_decode("Z=9v", "x"); }).find("invalid"), std::string::npos);
}

}  // namespace
}  // namespace ventris::io
