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


# -- sets declared by text: a pair of story texts, each text one story with an id of its kind ----

_ids = {}  # story text -> its id (a text used in several pairs is one story)


def text_format(text, narrative_starts):
    """"feature" for a Gherkin feature, "md" for a narrative or a multi-line text, else "txt"."""
    if text.startswith("Feature:"):
        return "feature"
    return "md" if text.startswith(narrative_starts) or "\n" in text else "txt"


def two_texts(a, b, rel, kind, lang="en", *, narrative_starts):
    """Declare the pair (a, b) by the stories' texts; ids are "<rel[:3]>-<n>" in order of first use."""
    ids = []
    for text in (a, b):
        if text not in _ids:
            _ids[text] = f"{rel[:3]}-{len(_ids)}"
            st(_ids[text], text, text_format(text, narrative_starts))
        ids.append(_ids[text])
    pair(ids[0], ids[1], rel, kind, lang)
