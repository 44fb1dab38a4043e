#!/usr/bin/env bash
# Real data: Multi30k De->En (../shared/data/multi30k) with transformer-tiny on the CPU.
# Preprocesses the raw files (joint 8000-piece SentencePiece), trains for a fixed wall-clock
# budget, reports the best validation loss/NLL/perplexity, then translates test2016 with the best
# checkpoint (beam 5) and scores it with sacreBLEU-style BLEU and chrF. docs/results.md records
# the figures.
#   scripts/bench/multi30k.sh                  (MINUTES=30 THREADS=2 RUN_DIR=runs/multi30k)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
SHARED="${VENTRIS_SHARED_DIR:-$ROOT/../shared}"
DATA="$SHARED/data/multi30k"
MINUTES="${MINUTES:-30}"
THREADS="${THREADS:-2}"
RUN_DIR="${RUN_DIR:-$ROOT/runs/multi30k}"
SRC=de TGT=en

if [[ ! -f "$DATA/train.$SRC" ]]; then
  echo "skipped: $DATA not found (the shared data folder ../shared sits beside the repository)"
  exit 0
fi
cmake --build "$BUILD_DIR" --target ventris > /dev/null
VENTRIS="$BUILD_DIR/ventris"
mkdir -p "$RUN_DIR"

echo "== preprocess ($SRC->$TGT)"
"$VENTRIS" --threads "$THREADS" preprocess --train-src "$DATA/train.$SRC" --train-tgt "$DATA/train.$TGT" \
  --valid-src "$DATA/valid.$SRC" --valid-tgt "$DATA/valid.$TGT" \
  --test-src "$DATA/test2016.$SRC" --test-tgt "$DATA/test2016.$TGT" \
  --out "$RUN_DIR/data" --vocab-size 8000 --force

echo "== train transformer-tiny for $MINUTES minutes"
"$VENTRIS" --threads "$THREADS" --config "$ROOT/configs/transformer-tiny.yaml" train \
  --data "$RUN_DIR/data" --model-dir "$RUN_DIR/model" --no-resume --force \
  --max-time-minutes "$MINUTES" --max-updates 0 --max-tokens 4096 --lr 1e-3 --warmup-updates 1000 \
  --dropout 0.3 --validate-interval-updates 250 --save-interval-updates 250 --log-interval-updates 50

python3 - "$RUN_DIR/model/metrics.jsonl" <<'PY'
import json, sys
valid = [json.loads(l) for l in open(sys.argv[1]) if '"valid"' in l]
train = [json.loads(l) for l in open(sys.argv[1]) if '"train"' in l]
best = min(valid, key=lambda r: r["loss"])
print(f"best validation: update {best['update']} | loss {best['loss']:.4f} | nll {best['nll']:.4f} | "
      f"ppl {best['ppl']:.2f} (base e) | {len(train) and train[-1]['update']} updates in total")
PY

if "$VENTRIS" translate --help > /dev/null 2>&1; then
  echo "== translate test2016 (beam 5) and score"
  "$VENTRIS" --threads "$THREADS" translate -m "$RUN_DIR/model/checkpoint_best.safetensors" \
    -i "$DATA/test2016.$SRC" -o "$RUN_DIR/test2016.hyp.$TGT" --beam 5
  "$VENTRIS" score "$DATA/test2016.$TGT" -i "$RUN_DIR/test2016.hyp.$TGT" -m bleu chrf
fi
