#!/usr/bin/env python3
"""Writes a deterministic synthetic parallel corpus for the quickstart and tests.

The source language is English-like (SVO, adjective before noun). The target
language is made up so that a model has to learn real structure:
  * word order: subject-object-verb, adjectives after the noun, adverbs before the verb;
  * agreement: every noun has a gender; articles and adjectives agree with the
    noun's gender and number, the verb with the subject's number;
  * a lexicon of a few hundred words with made-up target spellings.
Small enough that a tiny Transformer reaches high BLEU within minutes on 2 CPU cores.

Usage: make_toy_corpus.py --out DIR [--seed N] [--train-size N] [--valid-size N] [--test-size N]
Writes DIR/{train,valid,test}.{src,tgt}; no valid/test sentence occurs in train. Standard library only.
"""
import argparse
import os
import random
import sys

SYLLABLES = ["ka", "lo", "mi", "tu", "re", "sa", "no", "vi", "da", "pe", "zu", "ri", "mo", "ta", "le", "fu",
             "go", "ne", "bi", "sha", "ko", "ru", "ye", "po", "di", "wa", "xe", "lu", "ga", "fe"]

NOUNS = ("cat dog bird horse fish tree house river city child farmer teacher doctor king queen girl boy "
         "friend mother father brother sister student painter baker sailor soldier singer writer driver "
         "garden table window door book letter song story apple bread cake flower stone road bridge ship "
         "car train hill forest lake mountain village market castle tower school church lamp chair bed "
         "cup plate knife box key coin ring hat coat shoe shirt bag basket rope wheel clock bell mirror "
         "candle picture map sword shield horn drum flute harp").split()
ADJECTIVES = ("big small old young red blue green black white happy sad quick slow tall short bright dark "
              "warm cold new heavy light rich poor brave quiet loud clever kind strange beautiful "
              "ugly clean dirty strong weak sweet bitter round square empty full").split()
VERBS = ("sees likes finds takes gives holds paints builds carries follows watches helps calls "
         "reads writes buys sells opens closes breaks cleans draws loves hates visits remembers").split()
ADVERBS = "today yesterday often rarely quickly slowly again never always sometimes".split()
PREPOSITIONS = "near behind under above inside beside".split()
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5}


def make_lexicon(rng):
    """Deterministic made-up target spellings, unique per source word."""
    used, lexicon = set(), {}
    for word in NOUNS + ADJECTIVES + VERBS + ADVERBS + PREPOSITIONS + list(NUMBERS):
        while True:
            spelling = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice([2, 2, 3])))
            if spelling not in used:
                used.add(spelling)
                lexicon[word] = spelling
                break
    genders = {noun: rng.choice(["m", "f"]) for noun in NOUNS}
    return lexicon, genders


ARTICLES = {("m", "sg"): "el", ("f", "sg"): "la", ("m", "pl"): "los", ("f", "pl"): "las"}
ADJ_SUFFIX = {("m", "sg"): "o", ("f", "sg"): "a", ("m", "pl"): "os", ("f", "pl"): "as"}


def noun_phrase(rng, lexicon, genders):
    noun = rng.choice(NOUNS)
    number = "pl" if rng.random() < 0.35 else "sg"
    adjectives = rng.sample(ADJECTIVES, rng.choice([0, 0, 1, 1, 2]))
    count = rng.choice(list(NUMBERS)) if number == "pl" and rng.random() < 0.4 else None
    src = (["the"] if count is None else [count]) + adjectives + [noun + ("s" if number == "pl" else "")]
    gender = genders[noun]
    tgt = [ARTICLES[(gender, number)]] + ([lexicon[count]] if count else [])
    tgt += [lexicon[noun] + ("n" if number == "pl" else "")]
    tgt += [lexicon[a] + ADJ_SUFFIX[(gender, number)] for a in adjectives]
    return src, tgt, number


def sentence(rng, lexicon, genders):
    subj_src, subj_tgt, subj_number = noun_phrase(rng, lexicon, genders)
    verb = rng.choice(VERBS)
    obj_src, obj_tgt, _ = noun_phrase(rng, lexicon, genders)
    src = subj_src + [verb if subj_number == "sg" else verb[:-1]] + obj_src
    tgt = subj_tgt + obj_tgt
    if rng.random() < 0.4:
        prep = rng.choice(PREPOSITIONS)
        pp_src, pp_tgt, _ = noun_phrase(rng, lexicon, genders)
        src += [prep] + pp_src
        tgt += [lexicon[prep]] + pp_tgt
    adverb = rng.choice(ADVERBS) if rng.random() < 0.3 else None
    if adverb:
        src.append(adverb)
        tgt.append(lexicon[adverb])
    tgt.append(lexicon[verb] + ("t" if subj_number == "sg" else "nt"))
    return " ".join(src) + " .", " ".join(tgt) + " ."


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="output folder (created)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--train-size", type=int, default=40000)
    parser.add_argument("--valid-size", type=int, default=1000)
    parser.add_argument("--test-size", type=int, default=1000)
    args = parser.parse_args(argv)
    for name in ("train_size", "valid_size", "test_size"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")

    lexicon, genders = make_lexicon(random.Random(1234))  # the language itself never changes
    rng = random.Random(args.seed)
    seen, splits = set(), {}
    for split, size in (("test", args.test_size), ("valid", args.valid_size), ("train", args.train_size)):
        pairs, attempts = [], 0
        while len(pairs) < size:
            attempts += 1
            if attempts > 50 * size + 1000:
                sys.exit(f"error: could not draw {size} distinct {split} sentences")
            src, tgt = sentence(rng, lexicon, genders)
            if src in seen:
                continue
            seen.add(src)
            pairs.append((src, tgt))
        splits[split] = pairs

    os.makedirs(args.out, exist_ok=True)
    for split, pairs in splits.items():
        for side, index in (("src", 0), ("tgt", 1)):
            path = os.path.join(args.out, f"{split}.{side}")
            tmp = path + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                f.writelines(p[index] + "\n" for p in pairs)
            os.replace(tmp, path)  # never leave a half-written file behind
    print(f"toy corpus in {args.out}: {len(splits['train'])} train, {len(splits['valid'])} valid, "
          f"{len(splits['test'])} test pairs (seed {args.seed})")


if __name__ == "__main__":
    main(sys.argv[1:])
