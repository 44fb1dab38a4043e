#!/usr/bin/env python3
"""Applies subword-nmt BPE codes to tokenized text: what fairseq's released
models (and its prepare-iwslt14.sh / prepare-wmt14*.sh data) expect as input.

  scripts/apply_bpe.py --codes CODES [-i IN] [-o OUT] [--separator @@]

The algorithm, restated from Sennrich et al. 2016 and the behaviour of
subword-nmt's apply_bpe.py (our implementation, no code taken from it):
each space-separated word becomes its characters, the last one marked as
word-final ("</w>" appended, codes format 0.2; format 0.1 codes add a separate
"</w>" symbol); then, repeatedly, the adjacent pair with the best (lowest)
rank in the codes file is merged everywhere it occurs, left to right, until no
pair of the word is in the codes. Every subword but a word's last carries the
separator ("@@"). Undo with `sed 's/@@ //g'`.

Verified line by line against fairseq's IWSLT'14 files in ../shared/data/iwslt14
(tok/ -> fairseq-bpe/ with its bpe.codes): tests/scripts/apply_bpe_test.cpp.
"""
import argparse
import os
import sys


def read_codes(path):
    """Merge pairs -> rank (line order), and whether the codes are format 0.1."""
    ranks = {}
    version_01 = True
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if number == 1 and line.startswith("#version:"):
                version_01 = line.split()[-1].strip() == "0.1"
                continue
            parts = line.rstrip("\r\n").split(" ")
            if len(parts) != 2:
                sys.exit(f"error: {path}:{number}: a BPE code is two symbols separated by one space, got {line!r}")
            ranks.setdefault((parts[0], parts[1]), len(ranks))
    return ranks, version_01


class Bpe:
    def __init__(self, ranks, version_01, separator="@@"):
        self.ranks, self.version_01, self.separator = ranks, version_01, separator
        self.cache = {}

    def word(self, word):
        """The subwords of one word, without separators."""
        if word in self.cache:
            return self.cache[word]
        if self.version_01:
            symbols = list(word) + ["</w>"]
        else:
            symbols = list(word[:-1]) + [word[-1] + "</w>"]
        while len(symbols) > 1:
            ranked = [(self.ranks[pair], i) for i, pair in enumerate(zip(symbols, symbols[1:])) if pair in self.ranks]
            if not ranked:
                break
            i = min(ranked)[1]
            best = (symbols[i], symbols[i + 1])
            merged, i = [], 0
            while i < len(symbols):
                if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == best:
                    merged.append(symbols[i] + symbols[i + 1])
                    i += 2
                else:
                    merged.append(symbols[i])
                    i += 1
            symbols = merged
        # Drop the word-final mark.
        if symbols[-1] == "</w>":
            symbols = symbols[:-1]
        elif symbols[-1].endswith("</w>"):
            symbols[-1] = symbols[-1][: -len("</w>")]
        self.cache[word] = symbols
        return symbols

    def line(self, line):
        body = line.rstrip("\r\n")
        core = body.strip(" ")
        lead = body[: len(body) - len(body.lstrip(" "))]
        trail = body[len(body.rstrip(" ")):] if core else ""
        out = []
        for word in core.split(" "):
            if not word:
                continue
            pieces = self.word(word)
            out.extend(p + self.separator for p in pieces[:-1])
            out.append(pieces[-1])
        return lead + " ".join(out) + trail


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("-c", "--codes", required=True, help="subword-nmt codes file (fairseq's 'code' / bpe.codes)")
    p.add_argument("-i", "--input", default="-", help="tokenized text, one sentence per line ('-' = stdin)")
    p.add_argument("-o", "--output", default="-", help="where to write ('-' = stdout)")
    p.add_argument("-s", "--separator", default="@@")
    args = p.parse_args()
    try:
        ranks, version_01 = read_codes(args.codes)
    except OSError as e:
        sys.exit(f"error: cannot read BPE codes {args.codes}: {e.strerror}")
    bpe = Bpe(ranks, version_01, args.separator)
    try:
        src = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8", newline="\n")
    except OSError as e:
        sys.exit(f"error: cannot read {args.input}: {e.strerror}")
    temp = f"{args.output}.tmp.{os.getpid()}"
    dst = sys.stdout if args.output == "-" else open(temp, "w", encoding="utf-8", newline="\n")
    number = 0
    try:
        for line in src:
            number += 1
            dst.write(bpe.line(line) + "\n")
    except UnicodeDecodeError as e:
        if dst is not sys.stdout:
            dst.close()
            os.remove(temp)
        sys.exit(f"error: {args.input}:{number + 1}: invalid UTF-8 ({e.reason})")
    if dst is not sys.stdout:
        dst.close()
        os.replace(temp, args.output)

if __name__ == "__main__":
    main()
