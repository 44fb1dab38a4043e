#!/usr/bin/env python3
"""Filters a tokenized parallel corpus as Moses' clean-corpus-n.perl does
(rules restated from mosesdecoder scripts/training/clean-corpus-n.perl, the
script fairseq's prepare-iwslt14.sh and prepare-wmt14en2de.sh call; no code
taken from it):

- each side: '|' removed (the corpus is not factored: tokenizer.perl escapes
  it), runs of whitespace collapsed to one space, leading/trailing space cut;
- a pair is dropped when a side is empty, has fewer than MIN or more than MAX
  words, when one side has more than RATIO times the other's words, or when a
  word is longer than 1000 characters;
- the kept pairs are written in order.

  clean_corpus.py --ratio 1.5 IN_PREFIX L1 L2 OUT_PREFIX MIN MAX

reads IN_PREFIX.L1 / IN_PREFIX.L2 and writes OUT_PREFIX.L1 / OUT_PREFIX.L2
(each through a temporary file renamed at the end, so an interrupted run
leaves no half-written output). Input with a different number of lines on
the two sides is an error naming both files.
"""
import argparse
import os
import re
import sys

MAX_WORD_LENGTH = 1000
# Perl's \s on character strings: ASCII whitespace, vertical tab and the Unicode
# White_Space characters.
SPACE = re.compile(r"[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")


def normalize(line):
    line = SPACE.sub(" ", line.replace("|", ""))
    return line.strip(" ")


def keep(a, b, lo, hi, ratio):
    if not a or not b:
        return False
    wa, wb = a.split(" "), b.split(" ")
    na, nb = len(wa), len(wb)
    if na > hi or nb > hi or na < lo or nb < lo:
        return False
    if na / nb > ratio or nb / na > ratio:
        return False
    return all(len(w) <= MAX_WORD_LENGTH for w in wa + wb)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--ratio", type=float, default=9.0)
    p.add_argument("corpus")
    p.add_argument("l1")
    p.add_argument("l2")
    p.add_argument("out")
    p.add_argument("min", type=int)
    p.add_argument("max", type=int)
    args = p.parse_args()
    names = [f"{args.corpus}.{args.l1}", f"{args.corpus}.{args.l2}"]
    for name in names:
        if not os.path.isfile(name):
            sys.exit(f"error: clean_corpus: {name} not found")
    outs = [f"{args.out}.{args.l1}", f"{args.out}.{args.l2}"]
    temps = [f"{o}.tmp.{os.getpid()}" for o in outs]
    read = kept = 0
    try:
        with open(names[0], encoding="utf-8", newline="\n") as f1, \
             open(names[1], encoding="utf-8", newline="\n") as f2, \
             open(temps[0], "w", encoding="utf-8", newline="\n") as o1, \
             open(temps[1], "w", encoding="utf-8", newline="\n") as o2:
            for a in f1:
                b = f2.readline()
                read += 1
                if not b:
                    sys.exit(f"error: clean_corpus: {names[1]} has fewer lines than {names[0]} (line {read})")
                a, b = normalize(a.rstrip("\n")), normalize(b.rstrip("\n"))
                if keep(a, b, args.min, args.max, args.ratio):
                    o1.write(a + "\n")
                    o2.write(b + "\n")
                    kept += 1
            if f2.readline():
                sys.exit(f"error: clean_corpus: {names[1]} has more lines than {names[0]} ({read})")
        for t, o in zip(temps, outs):
            os.replace(t, o)
    finally:
        for t in temps:
            if os.path.exists(t):
                os.remove(t)
    print(f"clean_corpus: {read} pairs read, {kept} kept (words {args.min}-{args.max}, ratio {args.ratio})",
          file=sys.stderr)


if __name__ == "__main__":
    main()
