#!/usr/bin/env bash
# The main job: a translation model from nothing, on the CPU, in a few minutes.
#   1. scripts/setup.sh (Debian packages + Release build)   2. a synthetic toy corpus
#   3. ventris preprocess   4. ventris train (transformer-tiny, a wall-clock budget)
#   5. ventris translate the toy test set   6. ventris score it (BLEU, chrF)
# and prints where every artifact is.
#
#   scripts/quickstart.sh                         # defaults below
#   MINUTES=10 RUN_DIR=/tmp/qs scripts/quickstart.sh
#
# Environment: RUN_DIR (runs/quickstart), MINUTES (5: training budget), TRAIN_SIZE (40000 pairs),
# TEST_SIZE (1000), VOCAB_SIZE (1000), BEAM (5), THREADS (0 = all cores), SKIP_SETUP=1 (use an
# existing build), VENTRIS (the binary; default build/ventris), TRAIN_ARGS (extra `ventris train`
# flags, e.g. a smaller model for tests).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="${RUN_DIR:-$ROOT/runs/quickstart}"
MINUTES="${MINUTES:-5}"
TRAIN_SIZE="${TRAIN_SIZE:-40000}"
TEST_SIZE="${TEST_SIZE:-1000}"
VOCAB_SIZE="${VOCAB_SIZE:-1000}"
BEAM="${BEAM:-5}"
THREADS="${THREADS:-0}"
TRAIN_ARGS="${TRAIN_ARGS:-}"

step() { printf '\n== %s\n' "$*"; }

if [[ "${SKIP_SETUP:-0}" != "1" ]]; then
  step "setup: Debian packages and a Release build (scripts/setup.sh)"
  "$ROOT/scripts/setup.sh"
fi
VENTRIS="${VENTRIS:-$ROOT/build/ventris}"
[[ -x "$VENTRIS" ]] || { echo "error: $VENTRIS not found (run scripts/setup.sh or unset SKIP_SETUP)" >&2; exit 1; }
V=("$VENTRIS" --threads "$THREADS")
mkdir -p "$RUN_DIR"
CORPUS="$RUN_DIR/corpus" DATA="$RUN_DIR/data" MODEL="$RUN_DIR/model"

step "toy corpus: $TRAIN_SIZE training pairs (scripts/make_toy_corpus.py)"
python3 "$ROOT/scripts/make_toy_corpus.py" --out "$CORPUS" --train-size "$TRAIN_SIZE" --valid-size 500 \
  --test-size "$TEST_SIZE"

step "preprocess: SentencePiece vocabulary ($VOCAB_SIZE) and binary datasets"
"${V[@]}" preprocess --train-src "$CORPUS/train.src" --train-tgt "$CORPUS/train.tgt" \
  --valid-src "$CORPUS/valid.src" --valid-tgt "$CORPUS/valid.tgt" \
  --out "$DATA" --vocab-size "$VOCAB_SIZE" --max-len-ratio 3 --force

step "train: transformer-tiny for at most $MINUTES minutes (Ctrl-C saves a checkpoint and stops)"
# shellcheck disable=SC2086
"${V[@]}" --config "$ROOT/configs/transformer-tiny.yaml" train --data "$DATA" --model-dir "$MODEL" \
  --no-resume --force --max-time-minutes "$MINUTES" $TRAIN_ARGS

step "translate: the toy test set, beam $BEAM"
"${V[@]}" translate -m "$MODEL/checkpoint_best.safetensors" -i "$CORPUS/test.src" -o "$RUN_DIR/test.hyp" \
  --beam "$BEAM"

step "score: BLEU and chrF against the references (sacreBLEU-compatible)"
# --force: the toy language writes its final period as a separate token, which sacreBLEU's
# "tokenized input?" warning would otherwise flag.
"${V[@]}" score "$CORPUS/test.tgt" -i "$RUN_DIR/test.hyp" -m bleu chrf --force | tee "$RUN_DIR/score.txt"

BLEU="$(grep -o 'BLEU|[^=]*= *[0-9.]*' "$RUN_DIR/score.txt" | grep -o '[0-9.]*$' || true)"
cat <<SUMMARY

== done
  corpus          $CORPUS/{train,valid,test}.{src,tgt}
  vocabulary      $DATA/spm.model   (datasets $DATA/{train,valid}.bin, statistics $DATA/stats.json)
  model           $MODEL/checkpoint_best.safetensors   (all checkpoints and metrics.jsonl in $MODEL)
  translations    $RUN_DIR/test.hyp
  scores          $RUN_DIR/score.txt
  curves          python3 scripts/plot_metrics.py $MODEL -o $RUN_DIR/curves.png
  test BLEU       ${BLEU:-?}
  try it          echo "the old king sees the red bird ." | $VENTRIS translate -m $MODEL/checkpoint_best.safetensors
SUMMARY
