#!/usr/bin/env bash
# Real-data decoding (scripts/bench/translate multi30k): a transformer-tiny trained on Multi30k
# De->En translates test2016 with beam 5 under each stopping rule, timed and scored (sacreBLEU's
# default BLEU against the raw references), next to the PyTorch peer (translate_real_torch.py: the
# same model file loaded into PyTorch, the same search rules) under the same rule, in the same run.
# Ventris runs under each OpenMP waiting policy (passive, libgomp's default spin) and its best is
# reported, as scripts/bench/translate does; PyTorch likewise, with 2 OpenBLAS threads.
#   MODEL=path.safetensors   translate with this model file (any Transformer with the Multi30k
#                            vocabulary); otherwise train one with scripts/bench/multi30k.sh:
#   UPDATES=300 WARMUP=200   its training budget (a short run: the model is weak, which makes the
#                            stopping rules' difference larger than on a converged one), reused
#                            from RUN_DIR=runs/bench-multi30k when its checkpoint exists
#   SENTENCES=1000 BEAM=5 THREADS=2 WAITS="passive spin"
#   RULES="beam exhaustive exhaustive-1.2S+10 beam-1.2S+10"   (Ventris rows; the suffix caps the length)
#   TORCH_RULES="beam"       (PyTorch rows; "" skips PyTorch)
# Skips with a message when ../shared/data/multi30k is absent.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
SHARED="${VENTRIS_SHARED_DIR:-$ROOT/../shared}"
DATA="$SHARED/data/multi30k"
SENTENCES="${SENTENCES:-1000}"
BEAM="${BEAM:-5}"
THREADS="${THREADS:-2}"
read -r -a WAIT_LIST <<< "${WAITS:-passive spin}"
read -r -a RULE_LIST <<< "${RULES:-beam exhaustive exhaustive-1.2S+10 beam-1.2S+10}"
read -r -a TORCH_RULE_LIST <<< "${TORCH_RULES-beam}"

source "$ROOT/scripts/bench/multi30k_env.sh"
multi30k_require "$DATA/test2016.de"
multi30k_ventris
export VENTRIS_BIN="$VENTRIS"

MODEL="${MODEL:-}"
if [[ -z "$MODEL" ]]; then
  RUN_DIR="${RUN_DIR:-$ROOT/runs/bench-multi30k}"
  MODEL="$RUN_DIR/model-transformer-tiny/checkpoint_best.safetensors"
  if [[ -f "$MODEL" ]]; then
    echo "[bench] reusing $MODEL"
  else
    echo "[bench] training transformer-tiny on Multi30k for ${UPDATES:-300} updates (scripts/bench/multi30k.sh)" >&2
    CONFIG=transformer-tiny UPDATES="${UPDATES:-300}" WARMUP="${WARMUP:-200}" THREADS="$THREADS" RUN_DIR="$RUN_DIR" \
      TEST=0 bash "$ROOT/scripts/bench/multi30k.sh" >&2
  fi
fi
[[ -f "$MODEL" ]] || { echo "error: model file $MODEL not found" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
head -n "$SENTENCES" "$DATA/test2016.de" > "$tmp/src.de"
head -n "$SENTENCES" "$DATA/test2016.en" > "$tmp/ref.en"
# The target vocabulary embedded in the model file, for the PyTorch side's ids (spm_encode/spm_decode).
python3 - "$MODEL" "$tmp" <<'PY'
import base64, json, struct, sys
with open(sys.argv[1], "rb") as f:
    meta = json.loads(f.read(struct.unpack("<Q", f.read(8))[0])).get("__metadata__", {})
src = meta.get("src_spm_model", "")
tgt = meta.get("tgt_spm_model", "")
for name, text in (("src", src), ("tgt", src if tgt == "=src" else tgt)):
    if text:
        open(f"{sys.argv[2]}/{name}.spm", "wb").write(base64.b64decode(text))
PY

bleu() { "$VENTRIS" score "$tmp/ref.en" -i "$1" -m bleu --score-only 2> /dev/null || echo nan; }
results="$tmp/results.txt"
for rule in "${RULE_LIST[@]}"; do
  flags=(--stopping "${rule%%-*}")
  [[ "$rule" == *-1.2S+10 ]] && flags+=(--max-len-a 1.2 --max-len-b 10)
  for wait in "${WAIT_LIST[@]}"; do
    if [[ $wait == passive ]]; then policy=(OMP_WAIT_POLICY=PASSIVE); else policy=(-u OMP_WAIT_POLICY); fi
    echo "[bench] Ventris $rule (wait $wait) ..." >&2
    hyp="$tmp/ventris.$rule.en"
    env "${policy[@]}" /usr/bin/time -f "rss_kib=%M" -o "$tmp/time.txt" "$VENTRIS" --threads "$THREADS" translate \
      -m "$MODEL" -i "$tmp/src.de" -o "$hyp" --beam "$BEAM" "${flags[@]}" --progress-seconds 0 2> "$tmp/log.txt"
    seconds="$(sed -n 's/.*translated [0-9]* sentences in \([0-9.]*\) s.*/\1/p' "$tmp/log.txt")"
    echo "ventris $rule $wait $seconds $(($(sed -n 's/rss_kib=//p' "$tmp/time.txt") / 1024)) $(bleu "$hyp") $hyp" \
      >> "$results"
  done
done
if [[ ${#TORCH_RULE_LIST[@]} -gt 0 ]] && ! /usr/bin/python3 -c 'import torch' 2> /dev/null; then
  echo "[bench] python3-torch not installed: PyTorch rows skipped" >&2
  TORCH_RULE_LIST=()
fi
if [[ ${#TORCH_RULE_LIST[@]} -gt 0 ]]; then
  spm_encode --model="$tmp/src.spm" --output_format=id < "$tmp/src.de" > "$tmp/src.ids"
  for rule in "${TORCH_RULE_LIST[@]}"; do
    len=()
    [[ "$rule" == *-1.2S+10 ]] && len=(1.2 10)
    for wait in "${WAIT_LIST[@]}"; do
      if [[ $wait == passive ]]; then policy=(OMP_WAIT_POLICY=PASSIVE); else policy=(-u OMP_WAIT_POLICY); fi
      echo "[bench] PyTorch $rule (wait $wait) ..." >&2
      env "${policy[@]}" OPENBLAS_NUM_THREADS=2 TORCH_THREADS="$THREADS" /usr/bin/python3 \
        "$ROOT/scripts/bench/translate_real_torch.py" "$MODEL" "$tmp/src.ids" "$tmp/torch.ids" "$BEAM" "${rule%%-*}" \
        "${len[@]}" > "$tmp/torch.txt"
      hyp="$tmp/torch.$rule.en"
      spm_decode --model="$tmp/tgt.spm" --input_format=id < "$tmp/torch.ids" > "$hyp"
      read -r seconds rss < <(sed -n 's/.* seconds=\([0-9.]*\) .* rss_mib=\([0-9]*\).*/\1 \2/p' "$tmp/torch.txt")
      echo "pytorch $rule $wait $seconds $rss $(bleu "$hyp") $hyp" >> "$results"
    done
  done
fi

python3 - "$results" "$SENTENCES" "$BEAM" "$THREADS" <<'PY'
import sys
sentences, beam, threads = int(sys.argv[2]), sys.argv[3], sys.argv[4]
best = {}
for line in open(sys.argv[1]):
    system, rule, wait, seconds, rss, bleu, hyp = line.split()
    if not seconds:
        continue
    row = dict(wait=wait, seconds=float(seconds), rss=rss, bleu=float(bleu), hyp=hyp)
    key = (system, rule)
    if key not in best or row["seconds"] < best[key]["seconds"]:
        best[key] = row
print(f"test2016, {sentences} sentences, beam {beam}, {threads} threads, lenpen 1, BLEU = sacreBLEU default (13a)")
print(f"{'stopping rule':22s} {'system':8s} {'sent/s':>8s} {'seconds':>8s} {'BLEU':>6s} {'peak RSS':>9s}  "
      f"{'same output as Ventris':>22s}  best set-up")
lines = lambda path: open(path, encoding="utf-8").read().splitlines()
for (system, rule), r in sorted(best.items(), key=lambda kv: (kv[0][1], kv[0][0] != "ventris")):
    ours = best.get(("ventris", rule))
    same = ""
    if system != "ventris" and ours:
        a, b = lines(ours["hyp"]), lines(r["hyp"])
        same = f"{sum(x == y for x, y in zip(a, b))}/{len(a)}"
    name = "beam (default)" if rule == "beam" else rule
    print(f"{name:22s} {system:8s} {sentences / r['seconds']:8.1f} {r['seconds']:8.2f} {r['bleu']:6.2f} "
          f"{r['rss']:>5s} MiB  {same:>22s}  {r['wait']}")
default, exhaustive = best.get(("ventris", "beam")), best.get(("ventris", "exhaustive"))
torch = best.get(("pytorch", "beam"))
if default and torch:
    print(f"Ventris / PyTorch, default rule: {torch['seconds'] / default['seconds']:.2f}x sentences/s")
if default and exhaustive:
    speed, gap = sentences / default["seconds"], exhaustive["bleu"] - default["bleu"]
    print(f"target: default beam-{beam} >= 180 sentences/s on 2 threads: {speed:.1f} "
          f"({'met' if speed >= 180 else 'missed'}); BLEU within 0.1 of the exhaustive search: "
          f"{default['bleu']:.2f} vs {exhaustive['bleu']:.2f} ({'met' if abs(gap) <= 0.1 else 'missed'}); "
          f"exhaustive costs {exhaustive['seconds'] / default['seconds']:.2f}x the default's time")
PY
