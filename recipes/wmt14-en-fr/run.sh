#!/usr/bin/env bash
# WMT'14 En->Fr as the papers ran it, in one command (recipes/lib/wmt14.sh):
# fairseq's data preparation, a joint vocabulary, training with the preset,
# checkpoint averaging (Transformer: last 5 / 20; Lite: best), beam 4 with
# length penalty 0.6, tokenized BLEU (the papers') and sacreBLEU. Re-running
# resumes. See README.md beside this file.
#
#   recipes/wmt14-en-fr/run.sh --arch ARCH --corpus DIR [--gpus N] [--out DIR] [--threads N]
#                              [--bin PATH] [--smoke] [--dump-config]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
source "$ROOT/recipes/lib/stages.sh"
source "$ROOT/recipes/lib/paper_recipe.sh"

RECIPE=wmt14-en-fr SRC=en TGT=fr
# The 36M-pair corpus (fairseq's prepare-wmt14en2fr.sh).
TRAIN_CORPORA=(europarl-v7.fr-en commoncrawl.fr-en undoc.2000.fr-en news-commentary-v9.fr-en giga-fren.release2.fixed)
BLEU_FLAGS=""
# Vaswani et al. 2017 (base, big) and the Lite Transformer README (D = 200 / 408 / 496).
PAPER_BLEU_BASE=38.1 PAPER_BLEU_BIG=41.0 PAPER_BLEU_LITE_200=35.3 PAPER_BLEU_LITE_408=39.1 PAPER_BLEU_LITE_496=39.6
source "$ROOT/recipes/lib/wmt14.sh"

paper_main "$@"
