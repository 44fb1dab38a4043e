// The compound-splitting convention of the WMT'14 En-De papers (Vaswani et
// al. 2017 via tensor2tensor's get_ende_bleu.sh, fairseq's
// compound_split_bleu.sh): on tokenized text, perl -ple
// 's{(\S)-(\S)}{$1 ##AT##-##AT## $2}g', so "a-b" scores as three tokens.
// Like the Perl substitution, matches do not overlap: "a-b-c" becomes
// "a ##AT##-##AT## b-c".
#pragma once

#include <string>
#include <string_view>

namespace ventris::metrics {

void compound_split(std::string_view tokenized, std::string& out);

}  // namespace ventris::metrics
