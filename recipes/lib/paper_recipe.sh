# Shared by the paper recipes (iwslt14-de-en, wmt14-en-de, wmt14-en-fr; sourced
# after stages.sh): the command line, the preset plus the recipe's overrides,
# the effective batch on N GPUs, and the stages after data preparation
# (vocabulary, training, checkpoint averaging, translation, both BLEU kinds,
# the report table).
#
# A recipe script sets, before calling paper_main:
#   RECIPE SRC TGT    names
#   VOCAB             joint SentencePiece vocabulary size
#   ARCHS             the accepted --arch names, for the usage line
#   recipe_arch NAME  sets PRESET, PAPER_BLEU, BEAM, LENPEN and AVERAGE (N = the last N
#                     numbered checkpoints, "best" = checkpoint_best), and its
#                     training settings with recipe_set; fails on other names
#   recipe_prepare    writes $PREP/{train,valid,test}.{SRC,TGT} (tokenized, the
#                     model's input form) and $PREP/test.raw.TGT (the raw reference)
#   recipe_smoke_model  recipe_set model ... calls shrinking the preset for --smoke
#   BLEU_FLAGS        extra `ventris score` flags of the paper's BLEU (e.g. --compound-split)
#   SACRE_FLAGS       extra flags of the sacreBLEU score (e.g. -lc for a lower-cased recipe)
#   CORPUS_HELP       what --corpus names, for the error when it is missing

paper_usage() {
  cat >&2 <<EOF
usage: recipes/$RECIPE/run.sh --arch ARCH --corpus PATH [--gpus N] [--out DIR] [--threads N] [--bin PATH]
                              [--stop-after STAGE] [--smoke] [--dump-config]
  ARCH: $ARCHS
EOF
  exit 2
}

paper_parse_args() {
  ARCH="" CORPUS="" OUT="" GPUS="" THREADS=0 BIN="" SMOKE=0 DUMP=0 STOP_AFTER=""
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --arch) ARCH="${2:-}"; shift 2 ;;
      --corpus) CORPUS="${2:-}"; shift 2 ;;
      --out) OUT="${2:-}"; shift 2 ;;
      --gpus) GPUS="${2:-}"; shift 2 ;;
      --threads) THREADS="${2:-}"; shift 2 ;;
      --bin) BIN="${2:-}"; shift 2 ;;
      --stop-after) STOP_AFTER="${2:-}"; shift 2 ;;
      --smoke) SMOKE=1; shift ;;
      --dump-config) DUMP=1; shift ;;
      -h|--help) paper_usage ;;
      *) echo "error: unknown argument '$1'" >&2; paper_usage ;;
    esac
  done
  [[ -n "$ARCH" ]] || { echo "error: --arch is required ($ARCHS)" >&2; paper_usage; }
  recipe_find_ventris "$ROOT" "$BIN"
  recipe_arch "$ARCH"
  if [[ -z "$GPUS" ]]; then
    GPUS=0
    if command -v nvidia-smi > /dev/null && nvidia-smi -L 2> /dev/null | grep -q '^GPU'; then GPUS=1; fi
  fi
  [[ "$GPUS" =~ ^[0-9]+$ && "$GPUS" -le 4096 ]] || recipe_fail "--gpus must be a whole number in [0, 4096], got '$GPUS'"
  [[ "$THREADS" =~ ^[0-9]+$ ]] || recipe_fail "--threads must be a whole number, got '$THREADS'"
  case "$STOP_AFTER" in
    ""|prepare|preprocess|train|average|translate|score) ;;
    *) recipe_fail "--stop-after must be prepare, preprocess, train, average, translate or score, got '$STOP_AFTER'" ;;
  esac
  RECIPE_OUT="${OUT:-$ROOT/runs/$RECIPE-$ARCH}"
}

# The paper's tokens per update (the preset's max_tokens × update_freq, written
# for one device) split over N devices: each takes at most the preset's
# max_tokens per batch, update_freq makes up the rest.
paper_batch() {
  local preset_yaml
  preset_yaml="$("$VENTRIS" --config "$ROOT/configs/$PRESET.yaml" --dump-config)"
  local mt uf
  mt=$(awk '/^train:/{t=1;next} /^[^ ]/{t=0} t && $1=="max_tokens:"{print $2}' <<< "$preset_yaml")
  uf=$(awk '/^train:/{t=1;next} /^[^ ]/{t=0} t && $1=="update_freq:"{print $2}' <<< "$preset_yaml")
  EFFECTIVE_TOKENS=$((mt * uf))
  local devices=$((GPUS > 0 ? GPUS : 1))
  UPDATE_FREQ=$(((EFFECTIVE_TOKENS + devices * mt - 1) / (devices * mt)))
  MAX_TOKENS=$((EFFECTIVE_TOKENS / (devices * UPDATE_FREQ)))
}

# recipe_set SECTION KEY VALUE: one override of the preset (the last value for a key wins),
# written to the YAML file every ventris call of the recipe reads.
declare -ga OVERRIDE_KEYS=()
declare -gA OVERRIDE_VALUES=()
recipe_set() {
  local key="$1.$2"
  [[ -v "OVERRIDE_VALUES[$key]" ]] || OVERRIDE_KEYS+=("$key")
  OVERRIDE_VALUES[$key]="$3"
}

paper_write_overrides() {
  local file="$1" section key
  {
    local mode=""
    if [[ "$SMOKE" == 1 ]]; then mode=", smoke mode"; fi
    echo "# $RECIPE --arch $ARCH on $GPUS GPU(s)$mode: overrides of configs/$PRESET.yaml"
    for section in model train translate; do
      echo "$section:"
      for key in "${OVERRIDE_KEYS[@]}"; do
        if [[ "${key%%.*}" == "$section" ]]; then echo "  ${key#*.}: ${OVERRIDE_VALUES[$key]}"; fi
      done
    done
  } > "$file"
}

# The settings every paper recipe shares, then the smoke mode's (a model small
# enough for CI: every stage runs on a fake corpus, nothing is meant to learn).
paper_settings() {
  recipe_set train max_tokens "$MAX_TOKENS"
  recipe_set train update_freq "$UPDATE_FREQ"
  recipe_set translate beam "$BEAM"
  recipe_set translate lenpen "$LENPEN"
  if [[ "$SMOKE" == 1 ]]; then
    recipe_smoke_model
    recipe_set train max_tokens 300
    recipe_set train update_freq 1
    recipe_set train max_updates 0
    recipe_set train max_epochs 3
    recipe_set train warmup_updates 4
    recipe_set train patience 0
    recipe_set train log_interval_updates 4
    recipe_set train save_interval_updates 0
    recipe_set train save_interval_epochs 1
    recipe_set train keep_last 0
  fi
}

# --dump-config: the effective ventris configuration, then the recipe's own settings.
paper_dump_config() {
  local tmp
  tmp="$(mktemp)"
  paper_write_overrides "$tmp"
  "$VENTRIS" --config "$ROOT/configs/$PRESET.yaml" --config "$tmp" --dump-config
  rm -f "$tmp"
  cat <<EOF
recipe:
  name: $RECIPE
  arch: $ARCH
  preset: $PRESET
  gpus: $GPUS
  effective_tokens_per_update: $EFFECTIVE_TOKENS
  average: $AVERAGE
  beam: $BEAM
  lenpen: $LENPEN
  bleu: tokenized${BLEU_FLAGS:+ $BLEU_FLAGS}
  paper_bleu: $PAPER_BLEU
EOF
}

# The text of the <seg> lines of an IWSLT XML or WMT SGML file (fairseq's sed rules).
recipe_segments() {
  grep '<seg id' "$1" | sed -e 's/<seg id="[0-9]*">\s*//g' -e 's/\s*<\/seg>\s*//g'
}

# fairseq's preparation turns the right single quote into an apostrophe before tokenizing.
recipe_apostrophes() {
  sed -e "s/’/'/g" "$@"
}

# XML entities resolved: a raw reference for sacreBLEU.
recipe_unescape() {
  python3 -c 'import html, sys; sys.stdout.writelines(html.unescape(l) for l in sys.stdin)'
}

paper_vocabulary() {
  local vocab=$VOCAB
  if [[ "$SMOKE" == 1 ]]; then vocab=150; fi
  # clean_corpus already dropped pairs by word count and ratio, as the papers' pipeline
  # does; ventris preprocess then keeps every pair a model can hold.
  "$VENTRIS" --threads "$THREADS" preprocess --train-src "$PREP/train.$SRC" --train-tgt "$PREP/train.$TGT" \
    --valid-src "$PREP/valid.$SRC" --valid-tgt "$PREP/valid.$TGT" --out "$DATA" --vocab-size "$vocab" \
    --spm-type bpe --max-len 1024 --max-len-ratio 1000000 --force
}

paper_device() {
  if [[ "$GPUS" -eq 0 ]]; then echo cpu; else echo cuda; fi
}

paper_train() {
  local start=$SECONDS
  "$VENTRIS" --threads "$THREADS" --device "$(paper_device)" --config "$ROOT/configs/$PRESET.yaml" \
    --config "$RECIPE_OUT/recipe.yaml" train --data "$DATA" --model-dir "$MODEL"
  # Device-hours over every (resumed) run of this stage, for the report.
  echo $((SECONDS - start)) >> "$RECIPE_OUT/train-seconds"
}

paper_average() {
  if [[ "$AVERAGE" == best ]]; then
    cp "$MODEL/checkpoint_best.safetensors" "$MODEL/eval.safetensors.tmp"
    mv "$MODEL/eval.safetensors.tmp" "$MODEL/eval.safetensors"
    echo "checkpoint_best.safetensors" > "$RECIPE_OUT/averaged-checkpoints.txt"
    return
  fi
  local last=()
  mapfile -t last < <(ls "$MODEL" | grep -E '^checkpoint_[0-9]+\.safetensors$' | sort -t_ -k2 -n | tail -n "$AVERAGE")
  [[ ${#last[@]} -gt 0 ]] || recipe_fail "no numbered checkpoints in $MODEL to average"
  echo "averaging ${last[*]}"
  printf '%s\n' "${last[@]}" > "$RECIPE_OUT/averaged-checkpoints.txt"
  "$VENTRIS" average -o "$MODEL/eval.safetensors" "${last[@]/#/$MODEL/}"
}

paper_translate() {
  "$VENTRIS" --threads "$THREADS" --device "$(paper_device)" --config "$ROOT/configs/$PRESET.yaml" \
    --config "$RECIPE_OUT/recipe.yaml" translate -m "$MODEL/eval.safetensors" -i "$PREP/test.$SRC" \
    -o "$RECIPE_OUT/test.hyp.$TGT"
  recipe_same_lines "$PREP/test.$SRC" "$RECIPE_OUT/test.hyp.$TGT"
}

# Tokenized BLEU on the model's own (tokenized) output against the tokenized
# reference, the papers' kind; sacreBLEU on the detokenized output against the
# raw reference.
paper_score() {
  local hyp="$RECIPE_OUT/test.hyp.$TGT"
  # shellcheck disable=SC2086
  "$VENTRIS" score "$PREP/test.$TGT" -i "$hyp" -m bleu --tokenize none --force $BLEU_FLAGS -f json \
    > "$RECIPE_OUT/tokenized-bleu.json"
  "$VENTRIS" detokenize -l "$TGT" -i "$hyp" -o "$RECIPE_OUT/test.hyp.detok.$TGT"
  "$VENTRIS" score "$PREP/test.raw.$TGT" -i "$RECIPE_OUT/test.hyp.detok.$TGT" -m bleu chrf $SACRE_FLAGS -f json \
    > "$RECIPE_OUT/sacrebleu.json"
  python3 - "$RECIPE_OUT" "$RECIPE" "$ARCH" "$PRESET" "$PAPER_BLEU" "$GPUS" "$MODEL/metrics.jsonl" <<'PY'
import json, sys
out, recipe, arch, preset, paper, gpus, metrics = sys.argv[1:]
paper, gpus = float(paper), int(gpus)
sacre = {m["name"]: m for m in json.load(open(f"{out}/sacrebleu.json"))}
tok = json.load(open(f"{out}/tokenized-bleu.json"))[0]
train = [json.loads(l) for l in open(metrics) if '"train"' in l]
seconds = sum(int(s) for s in open(f"{out}/train-seconds").read().split())
hours = seconds * max(gpus, 1) / 3600
unit = "GPU-h" if gpus else "CPU-h"
report = {"recipe": recipe, "arch": arch, "preset": preset, "gpus": gpus,
          "updates": train[-1]["update"] if train else 0, "epochs": train[-1]["epoch"] if train else 0,
          "tokenized_bleu": tok["score"], "paper_bleu": paper, "difference": tok["score"] - paper,
          "sacrebleu": sacre["BLEU"]["score"], "chrf": sacre["chrF2"]["score"],
          "sacrebleu_signature": sacre["BLEU"]["signature"], "training_seconds": seconds, unit: hours}
json.dump(report, open(f"{out}/report.json", "w"), indent=1)
with open(f"{out}/report.txt", "w") as f:
    f.write(f"{'recipe':15s} {'arch':12s} {'updates':>7s} {'BLEU':>6s} {'paper':>6s} {'diff':>6s} "
            f"{'sacreBLEU':>9s} {unit:>7s}\n")
    f.write(f"{recipe:15s} {arch:12s} {report['updates']:7d} {tok['score']:6.2f} {paper:6.1f} "
            f"{tok['score'] - paper:+6.2f} {sacre['BLEU']['score']:9.2f} {hours:7.2f}\n")
PY
}

paper_main() {
  paper_parse_args "$@"
  paper_batch
  paper_settings
  if [[ "$DUMP" == 1 ]]; then
    paper_dump_config
    return 0
  fi
  [[ "$GPUS" -le 1 ]] || recipe_fail "--gpus $GPUS: training on several GPUs needs NCCL data parallelism, which \
this build does not have yet (docs/distributed.md); --gpus 1 trains the same effective batch \
($EFFECTIVE_TOKENS tokens per update) with a larger update_freq"
  [[ -n "$CORPUS" ]] || recipe_fail "--corpus is required: $CORPUS_HELP"
  [[ -e "$CORPUS" ]] || recipe_fail "corpus not found: $CORPUS"
  mkdir -p "$RECIPE_OUT"
  PREP="$RECIPE_OUT/prep" DATA="$RECIPE_OUT/data" MODEL="$RECIPE_OUT/model"
  paper_write_overrides "$RECIPE_OUT/recipe.yaml.tmp"
  mv "$RECIPE_OUT/recipe.yaml.tmp" "$RECIPE_OUT/recipe.yaml"
  local stage
  for stage in "prepare recipe_prepare" "preprocess paper_vocabulary" "train paper_train" "average paper_average" \
               "translate paper_translate" "score paper_score"; do
    # shellcheck disable=SC2086
    recipe_stage $stage
    if [[ "${stage%% *}" == "$STOP_AFTER" ]]; then
      echo "stopped after $STOP_AFTER (--stop-after); run again without it to go on"
      return 0
    fi
  done
  echo "sacreBLEU: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sacrebleu_signature"])' \
    "$RECIPE_OUT/report.json")"
  cat "$RECIPE_OUT/report.txt"
}
