# Shared by every recipe (sourced, not run): stages that skip when their
# outputs are complete, one-line errors, and the `ventris` binary to use.
#
# A stage is complete when its marker OUT/.done/NAME exists; the marker is
# written only after the stage's command succeeded and its outputs were
# checked, so an interrupted stage runs again from its start (train resumes
# from its own last checkpoint).

recipe_fail() {
  echo "error: $*" >&2
  exit 1
}

# recipe_find_ventris ROOT [BIN]: sets VENTRIS to BIN, or ROOT/build/ventris, or ventris on PATH.
recipe_find_ventris() {
  local root="$1" bin="${2:-}"
  if [[ -n "$bin" ]]; then
    VENTRIS="$bin"
  elif [[ -x "$root/build/ventris" ]]; then
    VENTRIS="$root/build/ventris"
  else
    VENTRIS="$(command -v ventris || true)"
  fi
  [[ -n "$VENTRIS" && -x "$VENTRIS" ]] \
    || recipe_fail "no ventris binary: build it (cmake --build build) or pass --bin PATH"
}

# recipe_need_file PATH WHAT: a one-line error naming the missing input.
recipe_need_file() {
  [[ -f "$1" ]] || recipe_fail "$2 not found: $1"
  [[ -s "$1" ]] || recipe_fail "$2 is empty: $1"
}

# recipe_same_lines A B: the two files have the same number of lines.
recipe_same_lines() {
  local a b
  a=$(wc -l < "$1") b=$(wc -l < "$2")
  [[ "$a" == "$b" ]] || recipe_fail "$1 has $a lines but $2 has $b: the sides must be line-aligned"
}

# recipe_stage NAME COMMAND...: runs COMMAND unless NAME is complete.
recipe_stage() {
  local name="$1"
  shift
  local marker="$RECIPE_OUT/.done/$name"
  if [[ -f "$marker" ]]; then
    echo "== $name: complete, skipped ($(cat "$marker"))"
    return 0
  fi
  echo "== $name"
  local start=$SECONDS
  "$@"
  mkdir -p "$RECIPE_OUT/.done"
  echo "done in $((SECONDS - start)) s on $(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$marker"
}
