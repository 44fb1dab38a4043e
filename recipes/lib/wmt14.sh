# WMT'14 En-De and En-Fr (sourced by recipes/wmt14-en-{de,fr}/run.sh after
# paper_recipe.sh, with SRC=en, TGT and TRAIN_CORPORA set): fairseq's data
# preparation (prepare-wmt14en2de.sh --icml17 / prepare-wmt14en2fr.sh:
# normalize-punctuation | remove-non-printing-char | tokenizer.perl -a,
# clean-corpus-n 1-250 words ratio 1.5) with the issue's split (newstest2013
# valid, the full newstest2014 as test), the architectures.md §5 presets and
# their evaluation (tokenized BLEU, beam 4, length penalty 0.6).

VOCAB=40000
CORPUS_HELP="a folder holding the WMT'14 training files (README.md lists them), newstest2013.{$SRC,$TGT} and newstest2014 (plain newstest2014.$SRC-$TGT.{$SRC,$TGT} or the test-full SGML files)"
SACRE_FLAGS=""
ARCHS="transformer-base, transformer-big, lite-200, lite-408, lite-496, lazy-base-3x2, lazy-big-3x2"

# PAPER_BLEU_{BASE,BIG,LITE_200,LITE_408,LITE_496} come from the recipe script.
recipe_arch() {
  BEAM=4 LENPEN=0.6 AVERAGE=5
  case "$1" in
    transformer-base) PRESET=transformer-base PAPER_BLEU=$PAPER_BLEU_BASE ;;
    transformer-big) PRESET=transformer-big PAPER_BLEU=$PAPER_BLEU_BIG AVERAGE=20 ;;
    lite-200|lite-408|lite-496)
      PRESET=lite-wmt-$SRC$TGT-${1#lite-} AVERAGE=best
      local var="PAPER_BLEU_LITE_${1#lite-}"
      PAPER_BLEU=${!var} ;;
    lazy-base-3x2) PRESET=lazy-base-3x2 PAPER_BLEU=$PAPER_BLEU_BASE ;;
    lazy-big-3x2) PRESET=lazy-big-3x2 PAPER_BLEU=$PAPER_BLEU_BIG AVERAGE=20 ;;
    *) recipe_fail "--arch must be one of $ARCHS, got '$1'" ;;
  esac
  # Vaswani et al. averaged checkpoints written every 10 minutes (about 1500 of their
  # updates): a checkpoint every 1000 updates, the last 5 (base) or 20 (big) averaged.
  if [[ "$AVERAGE" != best ]]; then recipe_set train save_interval_updates 1000; fi
  # The big model's En-Fr dropout is 0.1 (Vaswani et al., Ott et al.).
  if [[ "$TGT" == fr && "$1" == *big* ]]; then recipe_set model dropout 0.1; fi
}

recipe_smoke_model() {
  recipe_set model encoder_layers 2
  recipe_set model decoder_layers 2
  recipe_set model d_model 32
  recipe_set model ffn_dim 64
  recipe_set model heads 4
  case "$ARCH" in
    lite-*)
      recipe_set model lite_encoder_kernel_sizes "[3, 7]"
      recipe_set model lite_decoder_kernel_sizes "[3, 5]" ;;
    lazy-*) recipe_set model lazy_blocks_enc "[2]" ;;
  esac
  recipe_set train save_interval_updates 0
}

# One file by name anywhere below CORPUS (the official archives unpack into
# training/, dev/, test-full/ folders), or nothing.
wmt_find() {
  find "$CORPUS" -name "$1" -print -quit 2> /dev/null
}

wmt_tokenize() {
  "$VENTRIS" --threads "$THREADS" tokenize -l "$1" --aggressive "${@:2}"
}

# The test or valid text from a plain file, else from the SGML one, with the
# right single quote as apostrophe (fairseq); and the raw reference.
wmt_segments() {
  local plain="$1" sgm="$2"
  if [[ -n "$plain" ]]; then recipe_apostrophes "$plain"; else recipe_segments "$sgm" | recipe_apostrophes; fi
}

wmt_raw_segments() {
  local plain="$1" sgm="$2"
  if [[ -n "$plain" ]]; then cat "$plain"; else recipe_segments "$sgm" | recipe_unescape; fi
}

recipe_prepare() {
  [[ -d "$CORPUS" ]] || recipe_fail "--corpus must be a folder ($CORPUS_HELP), got $CORPUS"
  local tmp="$PREP/tmp" l c f
  rm -rf "$PREP" && mkdir -p "$tmp"
  local -A train_files=()
  for c in "${TRAIN_CORPORA[@]}"; do
    for l in $SRC $TGT; do
      f="$(wmt_find "$c.$l")"
      [[ -n "$f" ]] || recipe_fail "WMT'14 training file $c.$l not found under $CORPUS (README.md lists the files)"
      train_files[$c.$l]="$f"
    done
    recipe_same_lines "${train_files[$c.$SRC]}" "${train_files[$c.$TGT]}"
  done
  local -A valid=() test=() test_sgm=()
  for l in $SRC $TGT; do
    valid[$l]="$(wmt_find "newstest2013.$l")"
    [[ -n "${valid[$l]}" ]] || recipe_fail "newstest2013.$l (validation) not found under $CORPUS"
    test[$l]="$(wmt_find "newstest2014.$SRC-$TGT.$l")"
    local kind=ref
    if [[ "$l" == "$SRC" ]]; then kind=src; fi
    test_sgm[$l]="$(wmt_find "newstest2014-${TGT}${SRC}-$kind.$l.sgm")"
    [[ -n "${test[$l]}" || -n "${test_sgm[$l]}" ]] \
      || recipe_fail "newstest2014 ($l) not found under $CORPUS: newstest2014.$SRC-$TGT.$l or newstest2014-${TGT}${SRC}-$kind.$l.sgm"
  done
  for l in $SRC $TGT; do
    : > "$tmp/train.tok.$l"
    for c in "${TRAIN_CORPORA[@]}"; do
      echo "tokenizing $c.$l"
      wmt_tokenize "$l" --normalize --remove-non-printing -i "${train_files[$c.$l]}" -o - >> "$tmp/train.tok.$l"
    done
    wmt_segments "${valid[$l]}" "" | wmt_tokenize "$l" > "$tmp/valid.tok.$l"
    wmt_segments "${test[$l]}" "${test_sgm[$l]}" | wmt_tokenize "$l" > "$PREP/test.$l"
    wmt_raw_segments "${test[$l]}" "${test_sgm[$l]}" > "$PREP/test.raw.$l"
  done
  python3 "$ROOT/recipes/lib/clean_corpus.py" --ratio 1.5 "$tmp/train.tok" $SRC $TGT "$PREP/train" 1 250
  python3 "$ROOT/recipes/lib/clean_corpus.py" --ratio 1.5 "$tmp/valid.tok" $SRC $TGT "$PREP/valid" 1 250
  local split
  for split in train valid test test.raw; do recipe_same_lines "$PREP/$split.$SRC" "$PREP/$split.$TGT"; done
  echo "prepared: $(wc -l < "$PREP/train.$SRC") train, $(wc -l < "$PREP/valid.$SRC") valid, $(wc -l < "$PREP/test.$SRC") test pairs"
}
