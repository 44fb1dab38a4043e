// Standard base64 (RFC 4648, with padding): binary blobs such as SentencePiece
// models inside the string-only safetensors metadata.
#pragma once

#include <string>
#include <string_view>

namespace ventris::io {

std::string base64_encode(std::string_view bytes);
// Throws Error naming `what` on a character outside the alphabet or a bad length.
std::string base64_decode(std::string_view text, const std::string& what);

}  // namespace ventris::io
