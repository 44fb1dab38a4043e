# Sourced by scripts/bench/train and scripts/bench/translate: expands the
# group and alias names in MODELS into preset names (configs/<name>.yaml).
# - `lite`: the Lite Transformer benchmark rows of issue #14 (the IWSLT and
#   the largest WMT preset) and the Transformer with the same Mult-Adds as the
#   latter, so that the equal-Mult-Adds comparison can be printed.
# - `lazy`: LazyFormer 3x2 (encoder; encoder + decoder) next to the
#   same-shape Transformer, so that the FLOP-share comparison can be printed.
# - `iwslt`: transformer-iwslt (the name helper/lazy's scripts took; kept so
#   `scripts/bench/train iwslt lazy-iwslt-3x2 lazy-iwslt-3x2-dec` still works).
expand_lite_models() {
  local expanded=() m
  for m in "${MODELS[@]}"; do
    case $m in
      lite) expanded+=(lite-iwslt-160 lite-wmt-ende-496 transformer-lite-budget-320) ;;
      lazy) expanded+=(transformer-iwslt lazy-iwslt-3x2 lazy-iwslt-3x2-dec) ;;
      iwslt) expanded+=(transformer-iwslt) ;;
      *) expanded+=("$m") ;;
    esac
  done
  MODELS=("${expanded[@]}")
}
