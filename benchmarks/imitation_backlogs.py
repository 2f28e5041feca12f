"""An imitation of a public one-story-per-line backlog collection, messier than our own
fixtures, with a known true count: does ingest read what a careful person would count?

    python benchmarks/imitation_backlogs.py [--seed 7] [--keep DIR]

Writes 23 backlog files (about 1,700 stories; the real collection has 22 files and 1,677
stories) the way such files come: one story per line, some files Windows-1252, Latin-1,
UTF-8 with a BOM, UTF-16 (with and without a BOM, both byte orders); CRLF, LF and CR-only
line ends; numbered, bulleted, quoted and tab-ended lines; trailing spaces; curly quotes,
euro signs and emoji; "As a/an/the X", "As X", no commas, I want / I'd like / I would like /
I only want / I'm able to / I need / I don't want / I wish, so that / in order to; typos
("I wnat", "so taht", "As an<role>"), lines without a narrative, stories in French, German,
Spanish, Dutch, Italian, Portuguese, Russian, Chinese and Japanese, hard-wrapped stories
whose second line starts in lower case, and 4,000-character lines. Then it runs
`storytransformer ingest DIR --json --out` (the real CLI) and compares with the truth:

- stories read vs stories written (the bar: within 1%),
- stories that hold the start of two true stories (glued; the bar: 0),
- true stories split in two, true stories not in any story (reported as not read),
- conservation lines not explained, mojibake (U+FFFD, "Ã", "â€").

tests/test_ingest_imitation.py runs it on one seed and holds the bars.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROLES = ["user", "admin", "data user", "Broker user", "UI designer", "researcher", "archivist",
         "manager", "Olympic athlete", "product owner", "repository manager", "developer",
         "visitor", "site editor", "DevOps engineer", "student", "teacher", "owner", "customer",
         "Agency user", "camp administrator", "parent", "library member", "HR officer",
         "nurse", "patient", "accountant", "anonymous visitor"]
GOALS = ["see the deletions processed", "upload a CSV file", "export the report to PDF",
         "search by keyword", "reset my password", "receive an e-mail notification",
         "filter results by date", "download the raw data", "edit my profile",
         "archive old records", "view the audit log", "assign a reviewer", "book a room",
         "cancel my booking", "approve expense claims", "see €120 limits",
         "sort the table by “status”", "link a dataset to a DOI", "merge two accounts",
         "get a reminder 24 hours before", "change the language to français",
         "tag photos 📷 quickly", "track the delivery", "print labels"]
BENEFITS = ["I can save time", "my data stays consistent", "the team knows what changed",
            "I don't lose my work", "auditors can verify it", "I can plan ahead",
            "we comply with the GDPR", "nobody gets double-booked"]
WANTS = ["I want to", "I want", "I'd like to", "I would like to", "I only want to",
         "I'm able to", "I need to", "I don't want to", "I’d like to", "i want to",
         "I wish to", "I want to be able to"]
FOREIGN = ["En tant que gestionnaire, je souhaite exporter les données afin de les archiver.",
           "Als Administrator möchte ich Benutzer sperren, damit kein Missbrauch passiert.",
           "Como usuario, quiero restablecer mi contraseña para poder entrar de nuevo.",
           "Als gebruiker wil ik mijn profiel bewerken zodat mijn gegevens kloppen.",
           "Come utente, voglio filtrare i risultati per data così posso trovare tutto.",
           "Como cliente, eu quero pagar com cartão para que a compra seja rápida.",
           "Как пользователь, я хочу экспортировать отчёт, чтобы отправить его начальнику.",
           "作为用户，我想要重置密码，以便重新登录。",
           "ユーザーとして、パスワードをリセットしたい。"]
RAW = ["Fix the footer links on mobile", "Performance: page loads < 2s",
       "Bug - login button misaligned on Safari", "Refactor the payment module",
       "See also FEDSPEND-12", "Spike: evaluate Elasticsearch", "Update dependencies"]
TYPOS = ["As a {r}, I wnat to {g}, so that {b}.", "As an{r} I want {g}",
         "As a {r} , I want to  {g} so taht {b}", "As a {r}, i want to {g},so that {b}"]
# name, stories, encoding, line end, decoration of each story's first line
FILES = [("g01-federalspending.txt", 98, "utf-8", "\n", ""),
         ("g02-loudoun.txt", 58, "cp1252", "\r\n", ""),
         ("g03-recycling.txt", 51, "utf-8-sig", "\r\n", ""),
         ("g04-openspending.txt", 53, "utf-8", "\n", "trail"),
         ("g05-datahub.txt", 67, "utf-8", "\r\n", ""),
         ("g08-frictionless.txt", 66, "utf-16", "\r\n", ""),
         ("g10-scrumalliance.txt", 97, "utf-8", "\n", "number"),
         ("g11-nsf.txt", 73, "latin-1", "\n", ""),
         ("g12-camperplus.txt", 55, "utf-8", "\n", "dash"),
         ("g13-planningpoker.txt", 53, "cp1252", "\r\n", "tab"),
         ("g14-datahub.txt", 67, "utf-8-sig", "\n", ""),
         ("g16-mis.txt", 66, "utf-8", "\n", "paren"),
         ("g17-cask.txt", 64, "utf-8", "\r", ""),
         ("g18-neurohub.txt", 102, "utf-8", "\n", ""),
         ("g19-alfred.txt", 138, "utf-8", "\n", "star"),
         ("g21-badcamp.txt", 69, "utf-8", "\n", "quote"),
         ("g22-rdadmp.txt", 83, "utf-16-le", "\n", ""),
         ("g23-archivesspace.txt", 57, "cp1252", "\n", ""),
         ("g24-unibath.txt", 53, "utf-8", "\n", ""),
         ("g25-duraspace.txt", 100, "utf-8", "\n", "blank"),
         ("g26-racdam.txt", 100, "utf-8", "\r\n", ""),
         ("g27-culrepo.txt", 115, "utf-8", "\n", ""),
         ("g28-zooniverse.txt", 60, "utf-16-be", "\n", "")]
_DECO = {"number": "{i}. {s}", "paren": "{i}) {s}", "dash": "- {s}", "star": "* {s}",
         "tab": "{s}\t", "trail": "{s}   "}


def _art(role: str) -> str:
    return "an" if role[0].lower() in "aeiou" else "a"


def _narrative(rng: random.Random) -> str:
    role, goal, ben, want = rng.choice(ROLES), rng.choice(GOALS), rng.choice(BENEFITS), rng.choice(WANTS)
    forms = [f"As {_art(role)} {role}, {want} {goal}, so that {ben}.",
             f"As {_art(role)} {role} {want} {goal} so that {ben}",
             f"As the {role}, {want} {goal}.",
             f"As {role}, {want} {goal} so that {ben}.",
             f"As {_art(role)} {role}, {want} {goal} in order to avoid errors.",
             f"as {_art(role)} {role} {want} {goal}"]
    return rng.choices(forms, weights=[50, 10, 10, 10, 10, 10])[0]


def story_lines(rng: random.Random) -> tuple[list[str], str]:
    """The physical lines of one story and its kind (ok, raw, typo, foreign, wrapped, long)."""
    k = rng.random()
    if k < 0.04:
        return [rng.choice(RAW)], "raw"
    if k < 0.07:
        return [rng.choice(TYPOS).format(r=rng.choice(ROLES), g=rng.choice(GOALS),
                                         b=rng.choice(BENEFITS))], "typo"
    if k < 0.10:
        return [rng.choice(FOREIGN)], "foreign"
    text = _narrative(rng)
    if k < 0.12:
        return [text.rstrip(".") + ", " + " and ".join(rng.choice(BENEFITS) for _ in range(150)) + "."], "long"
    if k < 0.17:
        words = text.split(" ")
        cut = max(4, len(words) * 2 // 3)
        while cut < len(words) - 1 and not words[cut][:1].isalpha():
            cut += 1  # a wrap goes on with a word, as hard-wrapped text does
        words[cut] = words[cut][:1].lower() + words[cut][1:]
        return [" ".join(words[:cut]), " ".join(words[cut:])], "wrapped"
    return [text], "ok"


_ASCII_FORMS = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "€": "EUR", "📷": ""})


def _encodable(line: str, encoding: str) -> str:
    """What a legacy file holds: Latin-1 has no curly quotes or euro sign (people typed
    straight ones); anything else a code page lacks became '?' when the file was saved."""
    if encoding == "latin-1":
        line = line.translate(_ASCII_FORMS)
    if encoding in ("cp1252", "latin-1"):
        return line.encode(encoding, errors="replace").decode(encoding)
    return line


def write_backlogs(folder: Path, seed: int = 7) -> dict:
    """Write the files; returns {file name: {"starts": [1-based first line of each story],
    "kinds": [...], "lines": n}}."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    truth = {}
    for name, count, encoding, newline, deco in FILES:
        lines: list[str] = []
        starts, kinds = [], []
        for i in range(1, count + 1):
            phys, kind = story_lines(rng)
            phys = [_encodable(p, encoding) for p in phys]
            if deco == "blank" and i % 3 == 0:
                lines.append("")
            if deco == "quote":  # the whole story in quotes, as a spreadsheet column saves it
                phys[0], phys[-1] = '"' + phys[0], phys[-1] + '"'
            elif deco in _DECO:
                phys[0] = _DECO[deco].format(i=i, s=phys[0])
            starts.append(len(lines) + 1)
            kinds.append(kind)
            lines.extend(phys)
        text = newline.join(lines) + (newline if rng.random() < 0.7 else "")
        (folder / name).write_bytes(text.encode(encoding))
        truth[name] = {"starts": starts, "kinds": kinds, "lines": len(lines)}
    return truth


def read_with_cli(folder: Path, out: Path) -> tuple[dict, list[dict], float]:
    """`storytransformer ingest folder --json --out out`: (summary, stories, wall seconds)."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "storytransformer", "ingest", str(folder),
                           "--json", "--out", str(out)], capture_output=True, text=True,
                          env=dict(os.environ), check=False)
    wall = time.perf_counter() - t0
    if proc.returncode:
        raise SystemExit(f"ingest failed ({proc.returncode}): {proc.stderr[-2000:]}")
    stories = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return json.loads(proc.stdout), stories, wall


def compare(truth: dict, stories: list[dict], folder: Path) -> dict:
    """Glued, split and missing true stories, file by file."""
    by_file: dict[str, list[tuple[int, int]]] = {}
    for s in stories:
        rel = os.path.relpath(s["source"], folder) if os.path.isabs(s["source"]) else Path(s["source"]).name
        by_file.setdefault(rel, []).append((s["line"], s["end_line"] or s["line"]))
    result = {"true": 0, "read": len(stories), "glued": [], "split": [], "missing": []}
    for name, t in truth.items():
        spans = sorted(by_file.get(name, []))
        starts = t["starts"]
        result["true"] += len(starts)
        for lo, hi in spans:
            inside = [n for n in starts if lo <= n <= hi]
            if len(inside) > 1:
                result["glued"].append(f"{name}:{lo}-{hi}")
        for k, start in enumerate(starts):
            end = starts[k + 1] - 1 if k + 1 < len(starts) else t["lines"]
            if not any(lo <= start <= hi for lo, hi in spans):
                result["missing"].append(f"{name}:{start} ({t['kinds'][k]})")
            if any(start < lo <= end for lo, _ in spans):
                result["split"].append(f"{name}:{start} ({t['kinds'][k]})")
    return result


def mojibake(stories: list[dict]) -> list[str]:
    marks = ("\ufffd", "Ã", "â€", "Â ", "ï»¿")
    return [s["id"] for s in stories if any(m in s["text"] for m in marks)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", type=Path, help="write the backlogs here and keep them")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp) / "backlogs"
        truth = write_backlogs(folder, args.seed)
        summary, stories, wall = read_with_cli(folder, Path(tmp) / "corpus.jsonl")
        res = compare(truth, stories, folder)
        cons = summary["conservation"]
        print(f"{res['read']:,} stories read / {res['true']:,} written "
              f"({100 * (res['read'] - res['true']) / res['true']:+.2f}%), {len(res['glued'])} glued, "
              f"{len(res['split'])} split, {len(res['missing'])} not in a story (reported: "
              f"{cons['lines_reported']}), {cons['lines_not_read_unexplained']} lines unexplained, "
              f"{cons['stories_with_two_narratives']} with two narratives, "
              f"{len(mojibake(stories))} with mojibake; {len(summary['files_not_utf8'])} files not UTF-8; "
              f"{wall:.2f} s wall for the CLI")
        for kind in ("glued", "split", "missing"):
            for where in res[kind][:10]:
                print(f"  {kind}: {where}")


if __name__ == "__main__":
    main()
