"""The report's headline and merged.md through the real CLI: copies, model merges, extractive
merges, review and unchanged are told apart, the numbers add up everywhere they appear, merged
stories come first with navigation, and raw HTML in a story never reaches merged.md as markup."""

import json
import re

import pytest
from click.testing import CliRunner

from scripted_server import ScriptedServer
from storytransformer.cli import main

BACKLOG = """# Backlog

## Export users
As an admin, I want to export the user list to CSV, so that I can audit accounts.

## Export users (same)
As an admin, I want to export the user list to CSV, so that I can audit accounts.

## Reset password
As a shopper, I want to reset my password, so that I can log in again.

## Reset password again
As a shopper I want to reset my password so that I can log in again every time.

## Evil widget
As a hacker, I want <script>alert(1)</script> and <img src=x onerror=alert(2)> in the page, so that &lt;b&gt;it runs&lt;/b&gt;.

## Lonely
As an astronaut, I want freeze-dried ice cream, so that space feels like home.
"""


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("hl")
    (d / "stories").mkdir()
    (d / "stories" / "backlog.md").write_text(BACKLOG, encoding="utf-8")
    with ScriptedServer(["good"]) as server:
        res = CliRunner().invoke(main, ["merge", str(d / "stories"), "--out", str(d / "out"), "--group-method",
                                        "lexical", "--model", "scripted", "--base-url", server.url])
    assert res.exit_code == 0, res.output
    return d / "out", res.stdout


def _numbers(text: str) -> dict[str, int]:
    pats = {"model": r"(\d+) merged by the model", "copies": r"(\d+) merges? of identical copies",
            "extractive": r"(\d+) extractive merges?", "review": r"(\d+) to review", "unchanged": r"(\d+) unchanged",
            "out": r"(\d+) out:"}
    found = {k: re.search(p, text) for k, p in pats.items()}
    assert found["out"], text[:300]
    return {k: int(m.group(1)) if m else 0 for k, m in found.items()}  # a bucket of 0 is left out


def test_headline_separates_copies_from_model_merges_and_adds_up(outputs):
    out, stdout = outputs
    doc = json.loads((out / "merged.json").read_text(encoding="utf-8"))
    for text in (stdout, (out / "merged.md").read_text(encoding="utf-8"), (out / "report.html").read_text()):
        n = _numbers(text)
        assert n["copies"] == 1 and n["model"] == 1, text[:400]
        assert n["model"] + n["copies"] + n["extractive"] + n["review"] + n["unchanged"] == n["out"]
        assert n["out"] == doc["metadata"]["counts"]["stories_out"]


def test_report_puts_merged_first_with_navigation_and_matching_counts(outputs):
    out, _ = outputs
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.index('<h2 id="merged">') < page.index('<h2 id="review">')
    for anchor in ("merged", "copies", "review", "unchanged"):
        nav = re.search(rf'<a href="#{anchor}">[^<(]*\((\d+)\)</a>', page)
        head = re.search(rf'<h2 id="{anchor}">[^<(]*\((\d+)\)</h2>', page)
        assert nav and head and nav.group(1) == head.group(1), anchor
    merged_section = page[page.index('<h2 id="merged">'):page.index('<h2 id="copies">')]
    assert merged_section.count('<div class="card') == int(
        re.search(r'<h2 id="merged">[^<(]*\((\d+)\)', page).group(1))


def test_merged_md_shows_html_as_text(outputs):
    out, _ = outputs
    md = (out / "merged.md").read_text(encoding="utf-8")
    assert "<script" not in md and "<img" not in md and "<b>" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md and "&lt;img src=x onerror=alert(2)&gt;" in md


def test_report_tiles_and_merged_json_use_the_headline_numbers(outputs):
    """The tiles under the headline once counted decisions (copies inside 'merged', kept
    conflicts inside 'unchanged'), so one page said '1 unchanged' and '3 unchanged'."""
    out, stdout = outputs
    n = _numbers(stdout)
    page = (out / "report.html").read_text(encoding="utf-8")
    tiles = {k: int(v) for v, k in re.findall(r'<div class="stat"><b>([\d,]+)</b><span>([^<]+)</span>', page)}
    assert (tiles["merged by the model"], tiles["identical copies"], tiles["extractive merges"],
            tiles["to review"], tiles["unchanged"]) == (n["model"], n["copies"], n["extractive"], n["review"],
                                                       n["unchanged"])
    outcome = json.loads((out / "merged.json").read_text(encoding="utf-8"))["metadata"]["counts"]["outcome"]
    assert {k: outcome[k] for k in ("model", "copies", "extractive", "review", "unchanged")} == {
        k: n[k] for k in ("model", "copies", "extractive", "review", "unchanged")}


def test_merge_json_stdout_carries_the_headline_numbers(tmp_path):
    """merge --json printed only the decision counts (copies inside 'merged'); 'outcome' gives
    the numbers the text headline and report.html show."""
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "backlog.md").write_text(BACKLOG, encoding="utf-8")
    res = CliRunner().invoke(main, ["merge", str(tmp_path / "stories"), "--out", str(tmp_path / "out"),
                                    "--group-method", "lexical", "--merger", "extractive", "--json"])
    assert res.exit_code == 0, res.output
    outcome = json.loads(res.stdout)["counts"]["outcome"]
    n = _numbers((tmp_path / "out" / "merged.md").read_text(encoding="utf-8"))
    assert {k: outcome[k] for k in ("model", "copies", "extractive", "review", "unchanged")} == {
        k: n[k] for k in ("model", "copies", "extractive", "review", "unchanged")}
    assert sum(outcome[k] for k in ("model", "copies", "extractive", "review", "unchanged")) == n["out"]
