#!/usr/bin/env bash
# Real data: Multi30k De->En (../shared/data/multi30k) with a small preset on the CPU.
# Preprocesses the raw files (joint 8000-piece SentencePiece; reused when RUN_DIR/data exists),
# trains for a fixed wall-clock budget (or a fixed number of updates), reports the best validation
# loss/NLL/perplexity, then translates test2016 with the best checkpoint (beam 5) and scores it
# with sacreBLEU-style BLEU and chrF. TOK=1 trains and tests on the upstream tok/ files instead
# (lower-cased, Moses-tokenized: the form behind published Multi30k numbers) and scores tokenized
# lower-case BLEU on them (no further tokenization). docs/results.md records the figures.
#   scripts/bench/multi30k.sh      (CONFIG=transformer-tiny MINUTES=30 UPDATES=0 TOK=0 THREADS=2 LR=1e-3 WARMUP=1000
#                                   RUN_DIR=runs/multi30k; EXTRA="--flag value ..." adds train flags;
#                                   VENTRIS_BIN=path uses that binary instead of building one;
#                                   TEST=0 stops after training, as scripts/bench/translate multi30k uses it)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
SHARED="${VENTRIS_SHARED_DIR:-$ROOT/../shared}"
DATA="$SHARED/data/multi30k"
CONFIG="${CONFIG:-transformer-tiny}"
MINUTES="${MINUTES:-30}"
UPDATES="${UPDATES:-0}"
EXTRA="${EXTRA:-}"
LR="${LR:-1e-3}"
WARMUP="${WARMUP:-1000}"
THREADS="${THREADS:-2}"
SRC=de TGT=en
TOK="${TOK:-0}"
# File stems: raw train/valid/test2016, or tok/{train,valid,test2016}.lc.norm.tok.
train_f="$DATA/train" valid_f="$DATA/valid" test_f="$DATA/test2016"
if [[ "$TOK" == 1 ]]; then
  train_f="$DATA/tok/train.lc.norm.tok" valid_f="$DATA/tok/valid.lc.norm.tok" test_f="$DATA/tok/test2016.lc.norm.tok"
fi
suffix=""
[[ "$TOK" == 1 ]] && suffix="-tok"
RUN_DIR="${RUN_DIR:-$ROOT/runs/multi30k$suffix}"

source "$ROOT/scripts/bench/multi30k_env.sh"
multi30k_require "$DATA/train.$SRC"
multi30k_ventris
mkdir -p "$RUN_DIR"

if [[ ! -f "$RUN_DIR/data/train.bin" ]]; then
echo "== preprocess ($SRC->$TGT)"
"$VENTRIS" --threads "$THREADS" preprocess --train-src "$train_f.$SRC" --train-tgt "$train_f.$TGT" \
  --valid-src "$valid_f.$SRC" --valid-tgt "$valid_f.$TGT" \
  --test-src "$test_f.$SRC" --test-tgt "$test_f.$TGT" \
  --out "$RUN_DIR/data" --vocab-size 8000 --force
fi
MODEL_DIR="$RUN_DIR/model-$CONFIG"

[[ "$UPDATES" != 0 ]] && MINUTES=0
echo "== train $CONFIG for $MINUTES minutes / $UPDATES updates (0 = no limit) $EXTRA"
"$VENTRIS" --threads "$THREADS" --config "$ROOT/configs/$CONFIG.yaml" train \
  --data "$RUN_DIR/data" --model-dir "$MODEL_DIR" --no-resume --force \
  --max-time-minutes "$MINUTES" --max-updates "$UPDATES" --max-tokens 4096 --lr "$LR" --warmup-updates "$WARMUP" \
  --dropout 0.3 --validate-interval-updates 250 --save-interval-updates 250 --log-interval-updates 50 $EXTRA
"$VENTRIS" info -m "$MODEL_DIR/checkpoint_last.safetensors" | grep -E "without embeddings|  total"

python3 - "$MODEL_DIR/metrics.jsonl" <<'PY'
import json, sys
valid = [json.loads(l) for l in open(sys.argv[1]) if '"valid"' in l]
train = [json.loads(l) for l in open(sys.argv[1]) if '"train"' in l]
best = min(valid, key=lambda r: r["loss"])
speed = [r[k] for r in train for k in r if k.endswith("tok_s")]
print(f"best validation: update {best['update']} | loss {best['loss']:.4f} | nll {best['nll']:.4f} | "
      f"ppl {best['ppl']:.2f} (base e) | {len(train) and train[-1]['update']} updates in total"
      + (f" | median {sorted(speed)[len(speed) // 2]:.0f} target tok/s" if speed else ""))
PY

[[ "${TEST:-1}" == 0 ]] && exit 0
echo "== translate test2016 (beam 5) and score"
HYP="$RUN_DIR/test2016.hyp.$CONFIG.$TGT"
/usr/bin/time -f "translate: %e s wall, %M KiB peak" "$VENTRIS" --threads "$THREADS" translate \
  -m "$MODEL_DIR/checkpoint_best.safetensors" -i "$test_f.$SRC" -o "$HYP" --beam 5
if [[ "$TOK" == 1 ]]; then
  "$VENTRIS" score "$test_f.$TGT" -i "$HYP" -m bleu --tokenize none --lowercase --force
else
  "$VENTRIS" score "$test_f.$TGT" -i "$HYP" -m bleu chrf
fi
