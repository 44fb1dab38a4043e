#!/usr/bin/env bash
# Installs dependencies, builds, and runs the whole test suite with ctest.
# Exits non-zero on any failure. Tests that need ../shared or a GPU say
# clearly that they were skipped when those are absent.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"

"$ROOT/scripts/setup.sh"
cd "$BUILD_DIR"
ctest --output-on-failure -j "$(nproc)" "$@"
