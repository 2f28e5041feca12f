"""Scenario Outline placeholders in merged.md: shown as written ("<n>", "<Anzahl>"), not as
"&lt;n&gt;" (tester report 20, item 11), while HTML in a story stays text in merged.md and
report.html. Through the real CLI with the extractive merger (no model)."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from storytransformer.cli import main

FEATURE_EN = """Feature: Cards

  Scenario Outline: Card PIN attempts
    Given I entered a wrong PIN <n> times
    Then the card is <state>

    Examples: wrong PIN
      | n | state   |
      | 2 | active  |
      | 3 | blocked |
"""

FEATURE_DE = """# language: de
Funktionalität: Überweisungen

  Szenariogrundriss: Tageslimit
    Angenommen mein Tageslimit ist <Limit> EUR
    Wenn ich <Betrag> EUR überweise
    Dann wird die Überweisung <Ergebnis>

    Beispiele:
      | Limit | Betrag | Ergebnis   |
      | 1000  | 500    | ausgeführt |
      | 1000  | 1500   | abgelehnt  |
"""

BACKLOG_MD = """# Backlog

## Transfer limit
As a customer, I want a daily transfer limit, so that a stolen card costs me little.

Acceptance criteria:
- Given my limit is <limit> EUR, a transfer of <amount> EUR is <result>

## Evil widget
As a hacker, I want <script>alert(1)</script> and <img src=x onerror=alert(2)> in the page, so that it runs.
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    d = tmp_path_factory.mktemp("ph")
    stories = d / "stories"
    stories.mkdir()
    (stories / "cards.feature").write_text(FEATURE_EN, encoding="utf-8")
    (stories / "ueberweisung.feature").write_text(FEATURE_DE, encoding="utf-8")
    (stories / "backlog.md").write_text(BACKLOG_MD, encoding="utf-8")
    res = CliRunner().invoke(main, ["merge", str(stories), "--out", str(d / "out"),
                                    "--merger", "extractive"])
    assert res.exit_code == 0, res.output
    return d / "out"


def test_outline_placeholders_are_shown_as_written(out):
    md = (out / "merged.md").read_text(encoding="utf-8")
    assert "&lt;n&gt;" not in md and "&lt;Limit&gt;" not in md and "&lt;limit&gt;" not in md
    for line in ("Given I entered a wrong PIN <n> times", "Then the card is <state>",
                 "Angenommen mein Tageslimit ist <Limit> EUR", "Wenn ich <Betrag> EUR überweise"):
        assert line in md, line
    # in prose (a criterion), a placeholder is a code span: a Markdown viewer shows "<limit>"
    # instead of reading it as an HTML tag and hiding it
    assert "`<limit>`" in md and "`<amount>`" in md


def test_gherkin_keeps_its_layout_in_a_fenced_block(out):
    md = (out / "merged.md").read_text(encoding="utf-8")
    block = re.search(r"```+gherkin\n(.*?)\n```+", md, re.S)
    assert block and "      | 3 | blocked |" in block.group(1)


def test_html_in_a_story_stays_text(out):
    md = (out / "merged.md").read_text(encoding="utf-8")
    assert "<script" not in md and "<img" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "&lt;n&gt;" in page  # HTML escapes placeholders
