"""ingest_paths as a whole: file discovery, stable ids, duplicate keys, strict mode, and the
bundled example corpus with its ground truth."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from storytransformer.errors import InputError
from storytransformer.ingest import ingest_paths

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "ingest"
EXAMPLES = ROOT / "examples" / "stories"


def _write_tree(root: Path, order: list[str]) -> None:
    files = {
        "shop/cart.md": "- As a shopper, I want a cart, so that I can buy.\n"
                        "- As a shopper, I want to empty it, so that I start over.\n",
        "shop/pay.csv": "Issue key,Summary\nPAY-1,Pay by card\nPAY-2,Pay by bank\n",
        "hr/leave.txt": "As an employee, I want leave, so that I rest.\n",
        ".hidden/secret.md": "- As a spy, I want to be read, so that I leak.\n",
        "shop/.draft.md": "- As a draft, I want to be read, so that I leak.\n",
    }
    for rel in order:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[rel])


def test_ids_are_stable_across_runs_and_file_creation_order(tmp_path):
    names = ["shop/cart.md", "shop/pay.csv", "hr/leave.txt", ".hidden/secret.md", "shop/.draft.md"]
    _write_tree(tmp_path / "a", names)
    _write_tree(tmp_path / "b", list(reversed(names)))
    ids_a = [s.id for s in ingest_paths([tmp_path / "a"]).stories]
    ids_b = [s.id for s in ingest_paths([tmp_path / "b"]).stories]
    assert ids_a == ids_b == ["hr/leave.txt#1", "shop/cart.md#1", "shop/cart.md#2", "PAY-1", "PAY-2"]
    assert ids_a == [s.id for s in ingest_paths([tmp_path / "a"]).stories]


def test_argument_order_does_not_change_ids_and_files_are_read_once(tmp_path):
    _write_tree(tmp_path, ["shop/cart.md", "shop/pay.csv", "hr/leave.txt"])
    one = ingest_paths([tmp_path / "shop", tmp_path / "hr"])
    two = ingest_paths([tmp_path / "hr", tmp_path / "shop", tmp_path / "shop" / "cart.md"])
    assert [s.id for s in one.stories] == [s.id for s in two.stories]
    assert {s.id for s in one.stories} == {"cart.md#1", "cart.md#2", "PAY-1", "PAY-2", "leave.txt#1"}
    assert len(two.files) == 3


def test_duplicate_keys_are_kept_suffixed_and_reported(tmp_path):
    (tmp_path / "a.csv").write_text("Issue key,Summary\nPAY-1,Pay by card\nPAY-1,Pay again\n")
    (tmp_path / "b.jsonl").write_text('{"key": "PAY-1", "summary": "Pay from JSON"}\n'
                                      '{"key": "PAY-1~2", "summary": "Already suffixed"}\n')
    corpus = ingest_paths([tmp_path])
    assert [(s.id, s.title) for s in corpus.stories] == [
        ("PAY-1", "Pay by card"), ("PAY-1~3", "Pay again"),
        ("PAY-1~4", "Pay from JSON"), ("PAY-1~2", "Already suffixed")]
    dup = [w for w in corpus.warnings if "duplicate id" in w.message]
    assert [(Path(w.path).name, w.line) for w in dup] == [("a.csv", 3), ("b.jsonl", 1)]
    assert "first at" in dup[0].message and "a.csv:2" in dup[0].message
    assert len({s.id for s in corpus.stories}) == len(corpus.stories)


def test_strict_mode_stops_at_the_first_problem_with_file_and_line():
    with pytest.raises(InputError) as err:
        ingest_paths([DATA / "bad_quoting.csv"], strict=True)
    assert err.value.line == 3 and str(err.value).startswith(str(DATA / "bad_quoting.csv") + ":3: ")
    with pytest.raises(InputError, match=r"logo\.png: binary file"):
        ingest_paths([DATA / "logo.png"], strict=True)
    # A legacy (cp1252) file is no longer refused: its encoding is detected (issue 10.3).
    assert ingest_paths([DATA / "latin1.txt"], strict=True).stories[0].role == "café owner"
    # A clean file passes strict mode untouched.
    assert len(ingest_paths([DATA / "jira_export.csv"], strict=True).stories) == 3


def test_strict_mode_refuses_duplicate_ids(tmp_path):
    (tmp_path / "a.csv").write_text("Issue key,Summary\nPAY-1,One\nPAY-1,Two\n")
    with pytest.raises(InputError, match=r"a\.csv:3: duplicate id PAY-1"):
        ingest_paths([tmp_path], strict=True)


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file or directory"):
        ingest_paths([tmp_path / "nope"])


def test_one_broken_file_does_not_sink_the_folder(tmp_path):
    shutil.copytree(DATA, tmp_path / "data")
    corpus = ingest_paths([tmp_path / "data"])
    skipped = sorted(Path(w.path).name for w in corpus.warnings if w.skipped)
    # Before issue 10: latin1.txt was skipped (now detected as cp1252) and 29 stories
    # (paragraphs.txt's note paragraph is now its own story).
    assert skipped == ["empty.md", "logo.png"]
    assert len(corpus.files) == 10 and len(corpus.stories) == 31
    assert all(w.line for w in corpus.warnings if not w.skipped or "UTF-8" in w.message)


# --- the example corpus ------------------------------------------------------------------

@pytest.fixture(scope="module")
def examples():
    return ingest_paths([EXAMPLES])


def test_example_corpus_size_formats_and_cleanliness(examples):
    assert len(examples.stories) >= 220
    formats = {s.format for s in examples.stories}
    assert formats == {"markdown", "text", "csv", "json", "jsonl", "gherkin"}
    assert all(s.parsed for s in examples.stories)
    # The only warning is the planted duplicate key (two exports of the same Jira issue).
    assert [w.message.split(" (")[0] for w in examples.warnings] == ["duplicate id HR-226"]
    products = {Path(s.source).relative_to(EXAMPLES).parts[0] for s in examples.stories}
    assert products == {"freshcart", "careslot", "peoplehub"}
    size = sum(p.stat().st_size for p in EXAMPLES.rglob("*") if p.is_file())
    assert size < 1_000_000


def test_ground_truth_names_only_real_ids_and_covers_every_kind(examples):
    truth = json.loads((ROOT / "examples" / "ground_truth.json").read_text())
    ids = examples.by_id()
    clustered = [i for c in truth["clusters"] for i in c["ids"]]
    assert [i for i in clustered if i not in ids] == []
    assert len(clustered) == len(set(clustered))  # a story belongs to at most one cluster
    assert 35 <= len(truth["clusters"]) <= 50
    assert {c["kind"] for c in truth["clusters"]} == {"verbatim", "paraphrase", "split",
                                                      "conflict", "overlap"}
    for c in truth["clusters"]:
        assert len(c["ids"]) >= 2 and c["note"]
        if c["kind"] == "verbatim":  # planted verbatim copies really share their narrative
            goals = {ids[i].goal for i in c["ids"]}
            assert len(goals) == 1, c
    assert len(ids) - len(clustered) >= 100  # plenty of plain unique stories
