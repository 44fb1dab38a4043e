#include "text/moses/char_classes.h"

#include <unicode/uchar.h>

#include <array>
#include <atomic>
#include <memory>

#include "text/utf8.h"

namespace ventris::text::moses {

namespace {

uint8_t classes_from_icu(char32_t c) {
  const auto cp = static_cast<UChar32>(c);
  uint8_t bits = 0;
  if (u_hasBinaryProperty(cp, UCHAR_ALPHABETIC)) bits |= kAlpha;
  if (u_hasBinaryProperty(cp, UCHAR_LOWERCASE)) bits |= kLower;
  if (u_hasBinaryProperty(cp, UCHAR_WHITE_SPACE)) bits |= kSpace;
  switch (u_charType(cp)) {
    case U_DECIMAL_DIGIT_NUMBER: bits |= kDigit | kNumber; break;
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER: bits |= kNumber; break;
    case U_LOWERCASE_LETTER: bits |= kLl; break;
    case U_CURRENCY_SYMBOL: bits |= kCurrency; break;
    case U_CONTROL_CHAR:
    case U_FORMAT_CHAR:
    case U_SURROGATE:
    case U_PRIVATE_USE_CHAR:
    case U_UNASSIGNED: bits |= kOther; break;
    default: break;
  }
  return bits;
}

constexpr uint32_t kBlockBits = 8;
constexpr uint32_t kBlockSize = 1u << kBlockBits;
constexpr uint32_t kBlocks = 0x110000 >> kBlockBits;

using Block = std::array<uint8_t, kBlockSize>;

// Blocks are filled when first touched: the text of one language touches a
// handful, and filling all of Unicode from ICU would cost about 60 ms at start.
// Two threads may fill the same block; the loser frees its copy.
std::array<std::atomic<const Block*>, kBlocks>& block_table() {
  static std::array<std::atomic<const Block*>, kBlocks> table{};
  return table;
}

const Block& fill_block(uint32_t index) {
  auto block = std::make_unique<Block>();
  for (uint32_t i = 0; i < kBlockSize; ++i) (*block)[i] = classes_from_icu((index << kBlockBits) | i);
  const Block* expected = nullptr;
  if (block_table()[index].compare_exchange_strong(expected, block.get(), std::memory_order_acq_rel))
    return *block.release();  // owned by the table for the life of the process
  return *expected;
}

}  // namespace

uint8_t detail::non_ascii_classes(char32_t c) {
  if (c >= 0x110000) return 0;
  const uint32_t index = c >> kBlockBits;
  const Block* block = block_table()[index].load(std::memory_order_acquire);
  if (!block) block = &fill_block(index);
  return (*block)[c & (kBlockSize - 1)];
}

bool is_blank_line(std::string_view line) {
  for (size_t pos = 0; pos < line.size();)
    if (!is_space(decode_utf8(line, pos))) return false;
  return true;
}

}  // namespace ventris::text::moses
