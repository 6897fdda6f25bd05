#!/usr/bin/env python3
"""A sentence-composed variant of a queue, for measuring clusters where texts share sentences.

    objection-desk-bench generate --count 1000000 --seed 1 --queue mixed.jsonl
    python3 scripts/composed-queue.py mixed.jsonl composed.jsonl
    objection-desk-bench clusters --only-mixed --mixed-counts 1000000 --mixed-seed 10 \
        --directory DIR --anchor ../shared/anchors   # with composed.jsonl as DIR/mixed-1000000-10.jsonl

Every justification except the 40 most common ones (the viral pastes, kept as they are) and the
empty ones is replaced by 2 to 5 sentences drawn from the pool of all sentences of the input's
distinct texts (links and handles left out), joined by spaces. Many people then share sentences
without sharing a text: the case where a near-duplicate rule must not group texts that only
overlap, and where the C anchor's candidate pairs multiply (its whole-process time goes from
about 1.6 s on the generator's own mix to about 3.2 s, close to the issue's 2.9-3.1 s). The
output depends only on the input (fixed seed).
"""
import collections
import json
import random
import re
import sys


def main(source, destination):
    random.seed(7)
    rows = [json.loads(line) for line in open(source, encoding="utf-8")]
    counts = collections.Counter(row.get("justification") or "" for row in rows)
    viral = {text for text, _ in counts.most_common(40)}
    pool = set()
    for text in counts:
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if len(sentence) > 15 and "http" not in sentence and "@" not in sentence:
                pool.add(sentence)
    pool = sorted(pool)
    print(f"{len(pool)} sentences", file=sys.stderr)
    with open(destination, "w", encoding="utf-8") as out:
        for row in rows:
            text = row.get("justification") or ""
            if text and text not in viral:
                row["justification"] = " ".join(random.sample(pool, random.randint(2, 5)))
            out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: composed-queue.py QUEUE.jsonl OUT.jsonl")
    main(sys.argv[1], sys.argv[2])
