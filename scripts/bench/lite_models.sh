# Sourced by scripts/bench/train and scripts/bench/translate: replaces `lite`
# in MODELS by the Lite Transformer benchmark rows of issue #14 (the IWSLT and
# the largest WMT preset) and the Transformer with the same Mult-Adds as the
# latter, so that the equal-Mult-Adds comparison can be printed.
expand_lite_models() {
  local expanded=() m
  for m in "${MODELS[@]}"; do
    if [[ $m == lite ]]; then
      expanded+=(lite-iwslt-160 lite-wmt-ende-496 transformer-lite-budget-320)
    else
      expanded+=("$m")
    fi
  done
  MODELS=("${expanded[@]}")
}
