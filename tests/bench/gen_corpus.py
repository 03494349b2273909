#!/usr/bin/env python3
"""Deterministic benchmark corpus: thousands of plain-text articles mixing the seeds' lines.

Usage: python3 tests/bench/gen_corpus.py OUT_DIR [--files 4000] [--seed 7]

Every article has a title line, a lead paragraph and several sections; each section has a
heading taken from the seeds, paragraphs and sometimes a `- Label: text` list introduced by a
line ending in ':'. A share of the lines get some words swapped for other seed words, so units
are not all verbatim duplicates (a search index must not profit from exact repetition).
The same arguments always give byte-identical files. 4,000 files come to about 25 MB.
"""

import argparse
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "..", "..", "seeds")

FURNITURE = re.compile(
    r"^(©|This article is in the category|Join the Conversation|Real Time Analytics|By .*\|)"
)


def classify(seed_dir):
    headings, paragraphs, bullets = [], [], []
    for name in sorted(os.listdir(seed_dir)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(seed_dir, name), encoding="utf-8") as f:
            for raw in f.read().splitlines():
                line = raw.strip()
                if not line or FURNITURE.match(line) or "/" in line and len(line) < 30:
                    continue
                if line.startswith("- "):
                    bullets.append(line[2:])
                elif len(line) < 110 and not line.endswith((".", ":", "!")):
                    headings.append(line)
                elif line.endswith(":") and len(line) < 200:
                    continue  # list intros are written fresh below
                else:
                    paragraphs.append(line)
    return headings, paragraphs, bullets


def mutate(rng, line, vocabulary):
    if rng.random() < 0.4:
        return line
    words = line.split(" ")
    for _ in range(max(1, len(words) // 10)):
        i = rng.randrange(len(words))
        if words[i].isalpha():
            words[i] = rng.choice(vocabulary)
    return " ".join(words)


def article(rng, headings, paragraphs, bullets, vocabulary):
    out = [rng.choice(headings), mutate(rng, rng.choice(paragraphs), vocabulary)]
    for _ in range(rng.randint(5, 8)):
        out.append(rng.choice(headings))
        for _ in range(rng.randint(1, 2)):
            out.append(mutate(rng, rng.choice(paragraphs), vocabulary))
        if rng.random() < 0.45:
            out.append("Key points to consider:")
            for _ in range(rng.randint(2, 4)):
                out.append("- " + mutate(rng, rng.choice(bullets), vocabulary))
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--files", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    headings, paragraphs, bullets = classify(SEEDS)
    if not (headings and paragraphs and bullets):
        sys.exit(f"gen_corpus: no seed lines found in {SEEDS}")
    vocabulary = sorted({w for p in paragraphs for w in p.split() if w.isalpha() and len(w) > 3})
    rng = random.Random(args.seed)
    os.makedirs(args.out_dir, exist_ok=True)
    total = 0
    for n in range(args.files):
        text = article(rng, headings, paragraphs, bullets, vocabulary)
        path = os.path.join(args.out_dir, f"article_{n:05}.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        total += len(text.encode("utf-8"))
    print(f"{args.files} files, {total / 1e6:.1f} MB in {args.out_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
