# Sourced by the Multi30k benchmarks (multi30k.sh, translate_real.sh): skip
# cleanly without the shared corpus, and the ventris binary to run.
#   multi30k_require FILE   exits 0 with a "skipped" line when FILE (a Multi30k split) is missing
#   multi30k_ventris        sets VENTRIS: $VENTRIS_BIN as is (e.g. a copy, while build/ is being
#                           rebuilt), else build/ventris, built if needed

multi30k_require() {
  if [[ ! -f "$1" ]]; then
    echo "skipped: $(dirname "$1") not found (the shared data folder ../shared sits beside the repository)"
    exit 0
  fi
}

multi30k_ventris() {
  VENTRIS="${VENTRIS_BIN:-}"
  if [[ -z "$VENTRIS" ]]; then
    cmake --build "$BUILD_DIR" --target ventris > /dev/null
    VENTRIS="$BUILD_DIR/ventris"
  fi
}
