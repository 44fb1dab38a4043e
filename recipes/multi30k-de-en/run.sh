#!/usr/bin/env bash
# Multi30k De->En on a CPU, for each model family, in one command: prepare the
# corpus, build a joint SentencePiece vocabulary, train within a wall-clock
# budget, average the last checkpoints, translate test2016 (beam 5) and score
# it with both BLEU kinds (sacreBLEU on the raw reference; tokenized
# lower-case BLEU against tok/test2016.lc.norm.tok.en, the form behind
# published Multi30k numbers). Re-running resumes: finished stages are skipped,
# training continues from its last checkpoint. See README.md beside this file.
#
#   recipes/multi30k-de-en/run.sh --arch transformer|lite|lazy [--corpus DIR] [--out DIR]
#                                 [--minutes N] [--threads N] [--bin PATH] [--smoke]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
source "$ROOT/recipes/lib/stages.sh"

ARCH="" CORPUS="$ROOT/../shared/data/multi30k" OUT="" MINUTES=30 THREADS=2 BIN="" SMOKE=0
usage() { sed -n '12,13p' "${BASH_SOURCE[0]}" | sed 's/^# *//' >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --arch) ARCH="${2:-}"; shift 2 ;;
    --corpus) CORPUS="${2:-}"; shift 2 ;;
    --out) OUT="${2:-}"; shift 2 ;;
    --minutes) MINUTES="${2:-}"; shift 2 ;;
    --threads) THREADS="${2:-}"; shift 2 ;;
    --bin) BIN="${2:-}"; shift 2 ;;
    --smoke) SMOKE=1; shift ;;
    -h|--help) usage ;;
    *) echo "error: unknown argument '$1'" >&2; usage ;;
  esac
done
case "$ARCH" in
  transformer) PRESET=transformer-tiny ;;
  lite) PRESET=lite-tiny ;;
  lazy) PRESET=lazy-tiny ;;
  "") echo "error: --arch is required (transformer, lite or lazy)" >&2; usage ;;
  *) recipe_fail "--arch must be transformer, lite or lazy, got '$ARCH'" ;;
esac
[[ "$MINUTES" =~ ^[0-9]+$ && "$MINUTES" -ge 1 ]] || recipe_fail "--minutes must be a whole number >= 1, got '$MINUTES'"
RECIPE_OUT="${OUT:-$ROOT/runs/multi30k-de-en-$ARCH}"
recipe_find_ventris "$ROOT" "$BIN"
SRC=de TGT=en

# Inputs, checked before anything is written: the raw splits, line-aligned.
for split in train valid test2016; do
  for lang in $SRC $TGT; do recipe_need_file "$CORPUS/$split.$lang" "Multi30k $split.$lang"; done
  recipe_same_lines "$CORPUS/$split.$SRC" "$CORPUS/$split.$TGT"
done
mkdir -p "$RECIPE_OUT"
C="$RECIPE_OUT/corpus" DATA="$RECIPE_OUT/data" MODEL="$RECIPE_OUT/model"

# The tokenized lower-cased reference: the corpus's own tok/ file when it has
# one, else made the way Multi30k made it (lowercase.perl | normalize-punctuation
# | tokenizer.perl, Moses of 2017-12; identical on every line, docs/tokenize.md).
tokenize_like_multi30k() { "$VENTRIS" tokenize -l "$TGT" --lowercase-first --normalize --moses-version 2017 "$@"; }

prepare() {
  rm -rf "$C" && mkdir -p "$C"
  for split in train valid test2016; do
    for lang in $SRC $TGT; do cp "$CORPUS/$split.$lang" "$C/$split.$lang"; done
  done
  if [[ -f "$CORPUS/tok/test2016.lc.norm.tok.$TGT" ]]; then
    cp "$CORPUS/tok/test2016.lc.norm.tok.$TGT" "$C/test2016.tok.$TGT"
  else
    tokenize_like_multi30k -i "$C/test2016.$TGT" -o "$C/test2016.tok.$TGT"
  fi
  recipe_same_lines "$C/test2016.$TGT" "$C/test2016.tok.$TGT"
}

VOCAB=8000
[[ "$SMOKE" == 1 ]] && VOCAB=120
preprocess() {
  "$VENTRIS" --threads "$THREADS" preprocess --train-src "$C/train.$SRC" --train-tgt "$C/train.$TGT" \
    --valid-src "$C/valid.$SRC" --valid-tgt "$C/valid.$TGT" --out "$DATA" --vocab-size "$VOCAB" --force
}

# The CPU settings (docs/results.md): 30 minutes on 2 cores is about 1400 updates of 4096 tokens
# (12 epochs of the 29k pairs), so a short schedule: lr 1e-3 after 500 warm-up updates (inverse
# square root), dropout 0.1, no update limit so the wall-clock budget decides; validation and a
# checkpoint every 100 updates, all kept, and the average stage takes the 5 ending at the lowest
# validation loss (selection on valid only; while the loss still falls those are the last 5).
TRAIN_FLAGS=(--max-time-minutes "$MINUTES" --max-updates 0 --max-tokens 4096 --lr 1e-3 --warmup-updates 500
             --dropout 0.1 --validate-interval-updates 100 --save-interval-updates 100 --keep-last 0
             --log-interval-updates 50)
if [[ "$SMOKE" == 1 ]]; then
  # A model small enough for CI: every stage runs, nothing is meant to learn.
  TRAIN_FLAGS=(--max-updates 12 --max-tokens 400 --warmup-updates 4 --validate-interval-updates 4
               --save-interval-updates 4 --keep-last 5 --log-interval-updates 4 --encoder-layers 2
               --decoder-layers 2 --d-model 32 --ffn-dim 64)
  [[ "$ARCH" == lite ]] && TRAIN_FLAGS+=(--lite-encoder-kernel-sizes 3,7 --lite-decoder-kernel-sizes 3,5)
  # One block of two layers everywhere: the second layer reuses the first's distributions.
  [[ "$ARCH" == lazy ]] && TRAIN_FLAGS+=(--lazy-blocks-enc 2 --lazy-blocks-dec-self 2 --lazy-blocks-dec-cross 2)
fi
train() {
  "$VENTRIS" --threads "$THREADS" --config "$ROOT/configs/$PRESET.yaml" train --data "$DATA" --model-dir "$MODEL" \
    "${TRAIN_FLAGS[@]}"
}

# The 5 checkpoints ending at the lowest validation loss (metrics.jsonl), or the last 5 when
# validation never ran at a checkpoint.
average() {
  local picked=()
  mapfile -t picked < <(python3 - "$MODEL" <<'PY'
import json, os, re, sys
model = sys.argv[1]
saved = sorted(int(m.group(1)) for f in os.listdir(model) if (m := re.fullmatch(r"checkpoint_(\d+)\.safetensors", f)))
loss = {}
for line in open(os.path.join(model, "metrics.jsonl")):
    r = json.loads(line)
    if r.get("split") == "valid": loss[r["update"]] = r["loss"]
scored = [u for u in saved if u in loss]
end = saved.index(min(scored, key=lambda u: (loss[u], u))) if scored else len(saved) - 1
for u in saved[max(0, end - 4):end + 1]: print(f"{model}/checkpoint_{u}.safetensors")
PY
)
  [[ ${#picked[@]} -gt 0 ]] || recipe_fail "no numbered checkpoints in $MODEL to average"
  echo "averaging ${picked[*]##*/}"
  printf '%s\n' "${picked[@]##*/}" > "$RECIPE_OUT/averaged-checkpoints.txt"
  "$VENTRIS" average -o "$MODEL/average.safetensors" "${picked[@]}"
}

BEAM=5
[[ "$SMOKE" == 1 ]] && BEAM=2
translate() {
  "$VENTRIS" --threads "$THREADS" translate -m "$MODEL/average.safetensors" -i "$C/test2016.$SRC" \
    -o "$RECIPE_OUT/test2016.hyp.$TGT" --beam "$BEAM"
  recipe_same_lines "$C/test2016.$SRC" "$RECIPE_OUT/test2016.hyp.$TGT"
}

score() {
  local hyp="$RECIPE_OUT/test2016.hyp.$TGT"
  tokenize_like_multi30k -i "$hyp" -o "$RECIPE_OUT/test2016.hyp.tok.$TGT"
  "$VENTRIS" score "$C/test2016.$TGT" -i "$hyp" -m bleu chrf -f json > "$RECIPE_OUT/sacrebleu.json"
  "$VENTRIS" score "$C/test2016.tok.$TGT" -i "$RECIPE_OUT/test2016.hyp.tok.$TGT" -m bleu --tokenize none \
    --lowercase --force -f json > "$RECIPE_OUT/tokenized-bleu.json"
  python3 - "$RECIPE_OUT" "$ARCH" "$PRESET" "$MODEL/metrics.jsonl" <<'PY'
import json, sys
out, arch, preset, metrics = sys.argv[1:]
sacre = {m["name"]: m for m in json.load(open(f"{out}/sacrebleu.json"))}
tok = json.load(open(f"{out}/tokenized-bleu.json"))[0]
train = [json.loads(l) for l in open(metrics) if '"train"' in l]
report = {"recipe": "multi30k-de-en", "arch": arch, "preset": preset,
          "updates": train[-1]["update"] if train else 0,
          "tokenized_lc_bleu": tok["score"], "sacrebleu": sacre["BLEU"]["score"], "chrf": sacre["chrF2"]["score"],
          "sacrebleu_signature": sacre["BLEU"]["signature"], "target_tokenized_lc_bleu": 38.0}
json.dump(report, open(f"{out}/report.json", "w"), indent=1)
with open(f"{out}/report.txt", "w") as f:
    f.write(f"{'recipe':16s} {'arch':12s} {'updates':>7s} {'tok-lc BLEU':>11s} {'target':>6s} {'diff':>6s} "
            f"{'sacreBLEU':>9s} {'chrF2':>6s}\n")
    f.write(f"{'multi30k-de-en':16s} {arch:12s} {report['updates']:7d} {tok['score']:11.2f} {38.0:6.1f} "
            f"{tok['score'] - 38.0:+6.2f} {sacre['BLEU']['score']:9.2f} {sacre['chrF2']['score']:6.2f}\n")
PY
}

recipe_stage prepare prepare
recipe_stage preprocess preprocess
recipe_stage train train
recipe_stage average average
recipe_stage translate translate
recipe_stage score score
echo "sacreBLEU: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sacrebleu_signature"])' \
  "$RECIPE_OUT/report.json")"
cat "$RECIPE_OUT/report.txt"
