"""A synthetic backlog of a chosen token size, for scale tests and benchmarks.

Deterministic for a seed. Stories are spread over Markdown, JSON Lines and Jira-style CSV
files, so a scale run also exercises ingest the way a real mixed backlog would.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

_ROLES = ["customer", "store manager", "accountant", "support agent", "administrator", "warehouse clerk",
          "mobile user", "auditor", "product owner", "new visitor", "returning shopper", "courier"]
_VERBS = ["export", "filter", "approve", "archive", "search", "schedule", "print", "share", "reconcile",
          "import", "tag", "compare", "refund", "subscribe to", "reorder", "annotate"]
_OBJECTS = ["invoices", "orders", "delivery slots", "support tickets", "user accounts", "price lists",
            "monthly reports", "stock levels", "loyalty points", "shipping labels", "audit logs",
            "payment disputes", "product reviews", "discount codes", "return requests"]
_BENEFITS = ["I save time at the end of the month", "mistakes are caught before customers see them",
             "the team works from the same numbers", "I can answer questions without calling IT",
             "nothing is lost when a colleague is away", "we meet the compliance deadline",
             "customers get answers on the first contact", "I can plan the next week with confidence"]
_CRITERIA = ["the list shows at most {n} items per page", "a confirmation appears within {n} seconds",
             "the export contains every visible column", "an audit entry records who changed what",
             "the action can be undone for {n} minutes", "errors name the field that is wrong",
             "it works on screens {n}0 pixels wide", "only users with the {role} role can do it"]


def _story(rng: random.Random, i: int) -> dict:
    role, verb, obj = rng.choice(_ROLES), rng.choice(_VERBS), rng.choice(_OBJECTS)
    ac = [rng.choice(_CRITERIA).format(n=rng.randint(2, 90), role=rng.choice(_ROLES))
          for _ in range(rng.randint(1, 4))]
    return {
        "key": f"SYN-{i}",
        "summary": f"{verb.capitalize()} {obj} ({i})",
        "description": f"As a {role}, I want to {verb} {obj} by {rng.choice(_OBJECTS)} "
                       f"so that {rng.choice(_BENEFITS)}.",
        "acceptance_criteria": ac,
    }


def make_backlog(folder: str | Path, target_tokens: int, *, seed: int = 0,
                 stories_per_file: int = 500) -> int:
    """Write stories into ``folder`` until their text holds about ``target_tokens`` o200k
    tokens; returns how many stories were written."""
    import toktok

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    total, i, file_no = 0, 0, 0
    while total < target_tokens:
        batch = [_story(rng, i + k) for k in range(stories_per_file)]
        i += len(batch)
        kind = ("md", "jsonl", "csv")[file_no % 3]
        path = folder / f"backlog_{file_no:04d}.{kind}"
        texts: list[str] = []
        if kind == "md":
            lines = [f"# Synthetic backlog part {file_no}", ""]
            for s in batch:
                block = f"## {s['key']}: {s['summary']}\n\n{s['description']}\n\nAcceptance criteria:\n" + \
                        "".join(f"- {c}\n" for c in s["acceptance_criteria"])
                lines.append(block)
                texts.append(block)
            path.write_text("\n".join(lines), encoding="utf-8")
        elif kind == "jsonl":
            with path.open("w", encoding="utf-8") as fh:
                for s in batch:
                    fh.write(json.dumps(s) + "\n")
                    texts.append(s["description"] + " " + " ".join(s["acceptance_criteria"]))
        else:
            with path.open("w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(["Issue key", "Summary", "Description", "Acceptance Criteria"])
                for s in batch:
                    w.writerow([s["key"], s["summary"], s["description"], "\n".join(s["acceptance_criteria"])])
                    texts.append(s["summary"] + "\n" + s["description"] + "\n" + "\n".join(s["acceptance_criteria"]))
        total += sum(toktok.batch_count(texts, "o200k_base"))
        file_no += 1
    return i
