#!/usr/bin/env bash
# WMT'14 En->De as the papers ran it, in one command (recipes/lib/wmt14.sh):
# fairseq's data preparation, a joint vocabulary, training with the preset,
# checkpoint averaging (Transformer: last 5 / 20; Lite: best), beam 4 with
# length penalty 0.6, tokenized BLEU with compound splitting (the papers')
# and sacreBLEU. Re-running resumes. See README.md beside this file.
#
#   recipes/wmt14-en-de/run.sh --arch ARCH --corpus DIR [--gpus N] [--out DIR] [--threads N]
#                              [--bin PATH] [--smoke] [--dump-config]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
source "$ROOT/recipes/lib/stages.sh"
source "$ROOT/recipes/lib/paper_recipe.sh"

RECIPE=wmt14-en-de SRC=en TGT=de
# The 4.5M-pair corpus of Vaswani et al. (fairseq's prepare-wmt14en2de.sh --icml17).
TRAIN_CORPORA=(europarl-v7.de-en commoncrawl.de-en news-commentary-v9.de-en)
BLEU_FLAGS="--compound-split"
# Vaswani et al. 2017 (base, big) and the Lite Transformer README (D = 200 / 408 / 496).
PAPER_BLEU_BASE=27.3 PAPER_BLEU_BIG=28.4 PAPER_BLEU_LITE_200=22.5 PAPER_BLEU_LITE_408=25.6 PAPER_BLEU_LITE_496=26.5
source "$ROOT/recipes/lib/wmt14.sh"

paper_main "$@"
