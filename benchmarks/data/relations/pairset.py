"""What every hand-written relation set (<split>_source.py in this folder) shares: the stories
and labelled pairs it declares, and how they are written to <split>_stories.jsonl and
<split>_pairs.jsonl (read by benchmarks/relations.py). One source script per process, so the
module-level tables belong to the script that imports them."""

import json
from collections import Counter

S = {}   # id -> (fmt, text)
P = []   # (a, b, relation, kind, lang)


def st(i, text, fmt="md"):
    S[i] = (fmt, text.strip() + "\n")


def pair(a, b, rel, kind, lang="en"):
    P.append((a, b, rel, kind, lang))


def write(split):
    """Write the declared stories and pairs as JSON Lines (every pair's stories must exist)."""
    with open(f"{split}_stories.jsonl", "w", encoding="utf-8") as f:
        for i, (fmt, text) in S.items():
            f.write(json.dumps({"id": i, "fmt": fmt, "text": text}, ensure_ascii=False) + "\n")
    with open(f"{split}_pairs.jsonl", "w", encoding="utf-8") as f:
        for a, b, rel, kind, lang in P:
            assert a in S and b in S, (a, b)
            f.write(json.dumps({"a": a, "b": b, "relation": rel, "kind": kind, "lang": lang,
                                "split": split}, ensure_ascii=False) + "\n")
    print(len(S), len(P), Counter(p[2] for p in P))
