#!/usr/bin/env python3
"""Compares `ventris tokenize` / `ventris detokenize` with Moses' own Perl
scripts, line by line, on random lines made of what the rules react to and on
the shared corpora. Needs perl and a mosesdecoder checkout (not part of the
build; docs/tokenize.md says what it found):

    scripts/check_moses_compat.py --moses ~/mosesdecoder/scripts/tokenizer \\
        [--moses-2017 ~/mosesdecoder-3a0631a/scripts/tokenizer] [--lines 30000]

Prints one line per configuration with the number of differing lines (and
the first few of them); exits 1 when any differ.
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Pieces the rules look at: Unicode spaces, digits and numbers, letters of
# several scripts, combining marks, apostrophes and quotes, punctuation runs,
# entities, control and format characters, nonbreaking prefixes.
PIECES = (
    "a b Z é É ß ñ ç Ω ω σ Σ 中 文 한 ア ـ ١ ٣ 5 0 9 ² Ⅻ ª º ʰ \u0301 \u0903 Â · Â·".split()
    + [" ", " ", "  ", "\t", "\u00a0", "\u2009", "\u3000", "\u2028", "\u200b", "\x01", "\x1f", "\x7f", "\x85",
       "\ue000", "\u00ad", "\ufeff"]
    + list("'',,..-:;()\"&|<>[]{}?!%$/\\@#*+=_~^`") + ["..", "...", "--"]
    + "€ £ ¥ ¿ ¡ „ “ ” ‘ ’ ‚ « » – — ´ … nº ºC cm".split()
    + "Mr Mrs Dr No Nos Art pp z.B U.S e.g etc St Nr M J vs i.e Rs Fil gr USA EU n ssa li mail s t it l qu".split()
    + "word Word WORD hello Hello der Die the The 1990 2,000 3.14 http://x.y/z?a=b EU:n S:t l' 's n't".split()
    + ["@-@", " @-@ ", "&amp;", "&apos;", "&quot;", "&lt;", "&#124;", "&#91;", "&bar;"]
)


def random_lines(count, seed):
    rng = random.Random(seed)
    lines = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(0, 25)):
            parts.append(rng.choice(PIECES))
            if rng.random() < 0.5:
                parts.append(" ")
        lines.append("".join(parts))
    return "\n".join(lines) + "\n"


def run(cmd, stdin_text):
    return subprocess.run(cmd, input=stdin_text.encode(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          check=True).stdout


def perl_pipeline(moses, steps, text):
    for script, args in steps:
        text = run(["perl", os.path.join(moses, script)] + args, text).decode()
    return text


def compare(name, expected, got, show):
    a, b = expected.split("\n"), got.split("\n")
    bad = [i for i in range(max(len(a), len(b))) if i >= len(a) or i >= len(b) or a[i] != b[i]]
    print(f"{name}: {len(bad)} of {len(a) - 1} lines differ", flush=True)
    for i in bad[:show]:
        print(f"  line {i + 1}\n    perl:    {a[i] if i < len(a) else None!r}\n    ventris: {b[i] if i < len(b) else None!r}")
    return not bad


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--moses", required=True, help="mosesdecoder/scripts/tokenizer (current)")
    parser.add_argument("--moses-2017", help="the same folder at commit 3a0631a, for --moses-version 2017")
    parser.add_argument("--ventris", default=os.path.join(ROOT, "build", "ventris"))
    parser.add_argument("--lines", type=int, default=30000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=3, help="differing lines to print per configuration")
    args = parser.parse_args()

    inputs = [("random", random_lines(args.lines, args.seed))]
    data = os.path.join(ROOT, "..", "shared", "data")
    for rel in ["wmt14/newstest2014.en-de.en", "wmt14/newstest2014.en-de.de", "wmt14/newstest2014.en-fr.fr",
                "flores200/devtest.fra_Latn", "ntrex128/newstest2019-ref.fra.txt"]:
        if os.path.exists(os.path.join(data, rel)):
            with open(os.path.join(data, rel), encoding="utf-8") as f:
                inputs.append((rel, f.read()))

    v = args.ventris
    ok = True
    for name, text in inputs:
        langs = ["en", "de", "fr", "fi", "sv", "ca", "it", "so", "tdt", "cs", "es", "xx"] if name == "random" else \
            [{"en": "en", "de": "de"}.get(name.rsplit(".", 1)[-1], "fr")]
        for l in langs:
            tok = [("tokenizer.perl", ["-q", "-l", l])]
            ok &= compare(f"{name} tokenize -l {l}", perl_pipeline(args.moses, tok, text),
                          run([v, "tokenize", "-l", l], text).decode(), args.show)
        l = langs[0] if name != "random" else "en"
        for flags, perl_flags in [(["-a", "--no-escape"], ["-a", "-no-escape"])]:
            ok &= compare(f"{name} tokenize -l {l} {' '.join(flags)}",
                          perl_pipeline(args.moses, [("tokenizer.perl", ["-q", "-l", l] + perl_flags)], text),
                          run([v, "tokenize", "-l", l] + flags, text).decode(), args.show)
        for l2 in (["en", "de", "fr", "cs"] if name == "random" else [l]):
            steps = [("normalize-punctuation.perl", ["-l", l2]), ("remove-non-printing-char.perl", []),
                     ("tokenizer.perl", ["-q", "-a", "-l", l2]), ("lowercase.perl", [])]
            ok &= compare(f"{name} normalize | remove-non-printing | tokenize -a | lowercase ({l2})",
                          perl_pipeline(args.moses, steps, text),
                          run([v, "tokenize", "-l", l2, "--normalize", "--remove-non-printing", "-a", "--lowercase"],
                              text).decode(), args.show)
            tokenized = run([v, "tokenize", "-l", l2], text).decode()
            detok_in = tokenized + text
            ok &= compare(f"{name} detokenize -l {l2}",
                          perl_pipeline(args.moses, [("detokenizer.perl", ["-q", "-l", l2])], detok_in),
                          run([v, "detokenize", "-l", l2], detok_in).decode(), args.show)
        if args.moses_2017:
            steps = [("lowercase.perl", []), ("normalize-punctuation.perl", ["-l", l]), ("tokenizer.perl", ["-q", "-l", l])]
            ok &= compare(f"{name} 2017: lowercase | normalize | tokenize ({l})",
                          perl_pipeline(args.moses_2017, steps, text),
                          run([v, "tokenize", "-l", l, "--lowercase-first", "--normalize", "--moses-version", "2017"],
                              text).decode(), args.show)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
