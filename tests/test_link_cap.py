"""The relation step leaves out, before quoting their reasons, the "related" links the outputs
would not write anyway (past linking.MAX_RELATED per story): the links it keeps are the same
links with the same reasons, and merged.json's links and counts do not change. Real corpus
(examples/stories) and stories recombined from it (benchmarks/grouping.py's synthetic backlog,
sibling families that share roles, goals and criteria), the lexical method (no model)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storytransformer.ingest import ingest_paths
from storytransformer.linking import MAX_RELATED, strongest_related
from storytransformer.merge import MergeSettings, merge_corpus
from storytransformer.relate import relate
from storytransformer.stories import Corpus

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def examples():
    return ingest_paths([str(ROOT / "examples" / "stories")]).stories


@pytest.fixture(scope="module")
def siblings(examples):
    sys.path.insert(0, str(ROOT))
    from benchmarks.grouping import synthetic

    return synthetic(examples, 600, seed=3)


def test_kept_links_are_the_same_links_with_the_same_reasons(examples):
    full = relate(examples, method="lexical")
    assert full.related_left_out == 0
    quoted = [l for l in full.links if "'" in l.reason]
    assert len(quoted) > 10  # reasons that quote the stories: what the cap must not change
    left = 0
    for limit in (1, 2, MAX_RELATED):
        capped = relate(examples, method="lexical", max_related=limit)
        assert capped.groups == full.groups
        assert capped.links == [full.links[n] for n in strongest_related(full.links, str, limit)]
        assert capped.related_left_out == len(full.links) - len(capped.links)
        left += capped.related_left_out
    assert left > 0  # the examples' larger families do pass one or two related links


def test_merged_links_and_counts_unchanged(siblings):
    full = relate(siblings, method="lexical")
    capped = relate(siblings, method="lexical", max_related=MAX_RELATED)
    assert capped.related_left_out > 0  # this backlog has stories with more than ten related links
    assert capped.groups == full.groups
    corpus = Corpus(list(siblings), [], ["synthetic.txt"])
    settings = MergeSettings(merger="extractive")  # no model: a real merge of the duplicate groups
    one = merge_corpus(corpus, full.groups, settings, links=full.links)
    two = merge_corpus(corpus, capped.groups, settings, links=capped.links,
                       related_left_out=capped.related_left_out)
    assert one.links == two.links and len(one.links) > 100
    assert [(o.id, o.relates_to, o.flags) for o in one.stories] == [(o.id, o.relates_to, o.flags) for o in two.stories]
    assert one.metadata["counts"] == two.metadata["counts"]
    assert one.metadata["counts"]["related_links_left_out"] > capped.related_left_out


def test_dry_run_lists_the_kept_links_and_counts_the_rest(siblings, tmp_path):
    """The real CLI: the plan's links are the ones the outputs would write, the rest counted
    (JSON and the printed plan)."""
    backlog = tmp_path / "backlog.txt"
    backlog.write_text("\n\n".join(s.text for s in siblings) + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "STORYTRANSFORMER_CACHE": str(tmp_path / "cache")}

    def cli(*args):
        res = subprocess.run([sys.executable, "-m", "storytransformer", "merge", str(backlog), "--dry-run",
                              "--group-method", "lexical", *args], capture_output=True, text=True, env=env, timeout=600)
        assert res.returncode == 0, res.stderr[-2000:]
        return res.stdout

    plan = json.loads(cli("--json"))
    left = plan["relations"]["related_links_left_out"]
    assert left > 0 and sum(plan["relations"]["links"].values()) == len(plan["links"])
    assert f"; {left} weaker related links left out" in cli()
