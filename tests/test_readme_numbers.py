"""The README's example numbers match a fresh `merge examples/stories --dry-run` (a tester found
them out of date: 224 groups and 179 singletons in the README, 229 and 187 in a dry run). When
grouping changes, rerun the README's main job and update its paragraph "What to expect from
the first command". Real CLI, no model (about 10-30 s: the stories are embedded for grouping)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# README phrase -> the dry run's --json key it states
CLAIMS = {
    r"(\d[\d,]*) stories are read": "stories",
    r"\((\d[\d,]*) groups at \w+": "groups",
    r"(\d[\d,]*) singletons": "singletons",
    r"(\d[\d,]*) groups of identical copies": "copy_groups",
    r"(\d[\d,]*) groups of conflicting stories are kept unmerged": "kept_groups",
    r"the other (\d[\d,]*) duplicate groups go to the bundled": "model_groups",
}


def _paragraph() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("What to expect from the first command")
    return " ".join(text[start:text.index("\n\n", start)].split())


def test_readme_example_counts_match_a_fresh_dry_run(tmp_path):
    res = subprocess.run([sys.executable, "-m", "storytransformer", "merge", str(REPO / "examples" / "stories"),
                          "--dry-run", "--json", "--out", str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=600, cwd=REPO)
    assert res.returncode == 0, res.stderr[-2000:]
    plan = json.loads(res.stdout)
    said = _paragraph()
    wrong = []
    for pattern, key in CLAIMS.items():
        m = re.search(pattern, said)
        assert m, f"README no longer says {pattern!r}: update CLAIMS with the paragraph"
        if int(m.group(1).replace(",", "")) != plan[key]:
            wrong.append(f"README says {m.group(0)!r}, the dry run plans {key} = {plan[key]}")
    kinds = {g["relation"] for g in plan["planned_groups"] if g["handling"] == "kept"}
    assert kinds <= {"conflict"}, f"kept groups are no longer all conflicts ({kinds}): reword the README"
    assert not wrong, "\n".join(wrong)
