#!/usr/bin/env bash
# IWSLT'14 De->En as the papers ran it, in one command: fairseq's data
# preparation (prepare-iwslt14.sh: TED talk tags dropped, Moses tokenization,
# clean-corpus-n 1-175 words ratio 1.5, lower-casing, every 23rd training pair
# as valid, the five dev/test sets concatenated as test), a joint vocabulary,
# training with the preset on this machine's device(s), the paper's checkpoint
# averaging, beam and length penalty, tokenized lower-case BLEU (the papers')
# and sacreBLEU. Re-running resumes. See README.md beside this file.
#
#   recipes/iwslt14-de-en/run.sh --arch ARCH --corpus PATH [--gpus N] [--out DIR] [--threads N]
#                                [--bin PATH] [--smoke] [--dump-config]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
source "$ROOT/recipes/lib/stages.sh"
source "$ROOT/recipes/lib/paper_recipe.sh"

RECIPE=iwslt14-de-en SRC=de TGT=en VOCAB=10000
ARCHS="transformer, lite-160, lite-240, lite-320, lazy-3x2, lazy-3x2-dec"
CORPUS_HELP="the IWSLT'14 de-en archive (de-en.tgz) or its unpacked folder"
BLEU_FLAGS="--lowercase"
SACRE_FLAGS="-lc"

# architectures.md §5: presets, the papers' BLEU on this test set (tokenized,
# lower-cased), evaluation. Training stops as the preset says (Transformer and
# LazyFormer: 60 epochs at most, patience 10 on validation BLEU; Lite: 50k
# updates); checkpoints at every epoch's end, as fairseq's, for the averaging.
recipe_arch() {
  AVERAGE=10 LENPEN=1.0
  case "$1" in
    transformer) PRESET=transformer-iwslt PAPER_BLEU=34.5 BEAM=5 ;;
    lite-160) PRESET=lite-iwslt-160 PAPER_BLEU=33.6 BEAM=4 ;;
    lite-240) PRESET=lite-iwslt-240 PAPER_BLEU=34.9 BEAM=4 ;;
    lite-320) PRESET=lite-iwslt-320 PAPER_BLEU=35.3 BEAM=4 ;;
    lazy-3x2) PRESET=lazy-iwslt-3x2 PAPER_BLEU=34.5 BEAM=5 ;;
    lazy-3x2-dec) PRESET=lazy-iwslt-3x2-dec PAPER_BLEU=34.5 BEAM=5 ;;
    *) recipe_fail "--arch must be one of $ARCHS, got '$1'" ;;
  esac
  recipe_set train save_interval_updates 0
  recipe_set train save_interval_epochs 1
  recipe_set train validate_interval_updates 0
  recipe_set train keep_last 0
  if [[ "$1" != lite-* ]]; then
    # Early stopping on validation BLEU (greedy, output length 1.2 S + 10: fairseq's IWSLT recipe).
    recipe_set train valid_bleu true
    recipe_set train best_checkpoint_metric bleu
  fi
}

recipe_smoke_model() {
  recipe_set model encoder_layers 2
  recipe_set model decoder_layers 2
  recipe_set model d_model 32
  recipe_set model ffn_dim 64
  case "$ARCH" in
    lite-*)
      recipe_set model lite_encoder_kernel_sizes "[3, 7]"
      recipe_set model lite_decoder_kernel_sizes "[3, 5]" ;;
    lazy-3x2) recipe_set model lazy_blocks_enc "[2]" ;;
    lazy-3x2-dec)
      recipe_set model lazy_blocks_enc "[2]"
      recipe_set model lazy_blocks_dec_self "[2]"
      recipe_set model lazy_blocks_dec_cross "[2]" ;;
  esac
}

# The folder holding train.tags.de-en.de: CORPUS itself, a folder below it, or
# the one unpacked from the archive.
iwslt_source_folder() {
  local root="$CORPUS"
  if [[ -f "$CORPUS" ]]; then
    root="$RECIPE_OUT/orig"
    rm -rf "$root" && mkdir -p "$root"
    tar -xzf "$CORPUS" -C "$root" || recipe_fail "cannot unpack $CORPUS (expected the de-en.tgz archive)"
  fi
  local found
  found="$(find "$root" -maxdepth 3 -name train.tags.de-en.de -print -quit)"
  [[ -n "$found" ]] || recipe_fail "train.tags.de-en.de not found in $CORPUS ($CORPUS_HELP)"
  dirname "$found"
}

TEST_SETS=(IWSLT14.TED.dev2010 IWSLT14.TEDX.dev2012 IWSLT14.TED.tst2010 IWSLT14.TED.tst2011 IWSLT14.TED.tst2012)

# The <seg> text of an IWSLT XML file as fairseq tokenizes it (apostrophes straightened).
iwslt_segments() {
  recipe_segments "$1" | recipe_apostrophes
}

recipe_prepare() {
  local orig tmp
  orig="$(iwslt_source_folder)"
  tmp="$PREP/tmp"
  rm -rf "$PREP" && mkdir -p "$tmp"
  local l name
  for l in $SRC $TGT; do
    recipe_need_file "$orig/train.tags.de-en.$l" "IWSLT'14 training file train.tags.de-en.$l"
    for name in "${TEST_SETS[@]}"; do recipe_need_file "$orig/$name.de-en.$l.xml" "IWSLT'14 $name ($l)"; done
  done
  recipe_same_lines "$orig/train.tags.de-en.$SRC" "$orig/train.tags.de-en.$TGT"
  for l in $SRC $TGT; do
    echo "tokenizing train.tags.de-en.$l"
    # Talk metadata lines out, title and description tags off (fairseq), then
    # tokenizer.perl | lowercase.perl (lower-casing before clean-corpus-n, which
    # counts words, changes nothing it decides).
    grep -v -e '<url>' -e '<talkid>' -e '<keywords>' "$orig/train.tags.de-en.$l" \
      | sed -e 's/<title>//g' -e 's/<\/title>//g' -e 's/<description>//g' -e 's/<\/description>//g' \
      | "$VENTRIS" --threads "$THREADS" tokenize -l "$l" --lowercase > "$tmp/train.tags.de-en.tok.$l"
  done
  python3 "$ROOT/recipes/lib/clean_corpus.py" --ratio 1.5 "$tmp/train.tags.de-en.tok" $SRC $TGT \
    "$tmp/train.tags.de-en.clean" 1 175
  for l in $SRC $TGT; do
    awk 'NR % 23 == 0' "$tmp/train.tags.de-en.clean.$l" > "$PREP/valid.$l"
    awk 'NR % 23 != 0' "$tmp/train.tags.de-en.clean.$l" > "$PREP/train.$l"
    : > "$PREP/test.$l"
    : > "$PREP/test.raw.$l"
    for name in "${TEST_SETS[@]}"; do
      iwslt_segments "$orig/$name.de-en.$l.xml" | "$VENTRIS" tokenize -l "$l" --lowercase >> "$PREP/test.$l"
      # The raw reference for sacreBLEU: the segment text with XML entities resolved.
      iwslt_segments "$orig/$name.de-en.$l.xml" | recipe_unescape >> "$PREP/test.raw.$l"
    done
  done
  local split
  for split in train valid test test.raw; do recipe_same_lines "$PREP/$split.$SRC" "$PREP/$split.$TGT"; done
  echo "prepared: $(wc -l < "$PREP/train.$SRC") train, $(wc -l < "$PREP/valid.$SRC") valid, $(wc -l < "$PREP/test.$SRC") test pairs"
}

paper_main "$@"
