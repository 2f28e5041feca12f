"""Comment, note and decoration lines in plain-text backlogs are reported as not read
("comment ..."), never stories, epics or glued into a story; a "#" line that reads like a
heading may still name an epic. Backlogs written here in German, Spanish and English, in
three encodings, on other domains than the tester's school file."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storytransformer.ingest import ingest_paths, read_text
from storytransformer.ingest.conservation import NOT_READ_BY_READER, totals
from storytransformer.ingest.text_comments import COMMENT, COMMENTED_STORY, DECORATION, NOTE, comment_reason

REPO = Path(__file__).resolve().parent.parent

KLINIK = """\
#!/usr/bin/env backlog
# Verantwortlich: Station 3; Kommentare beginnen mit #
; exportiert am 12.03. aus dem alten Wiki
// Abschnitt 1
Als Pflegekraft möchte ich den Dienstplan sehen, damit ich meine Woche plane.
Als Stationsleitung möchte ich Schichten tauschen, damit Ausfälle gedeckt sind.
TODO: mit Dr. Weber klären
-- alte Einträge unten
=====================
Als Arzt möchte ich Befunde digital signieren, damit Papier entfällt.
FIXME (Ana): Duplikat von Zeile 5?
*-*-*-*-*-*
==== Notaufnahme ====
Als Triage-Pflegekraft möchte ich die Dringlichkeit farbig sehen, damit Notfälle zuerst drankommen.
# ---- von Hand ergänzt ----
NOTE: Zahlen aus 2025
Als Patient möchte ich Termine online buchen, damit ich nicht anrufen muss.

# EOF
Als Pförtner möchte ich Besucher registrieren, damit die Station weiß, wer da ist.
"""
KLINIK_STORIES = 6
KLINIK_COMMENT_LINES = {1: COMMENT, 2: COMMENT, 3: COMMENT, 4: COMMENT, 7: NOTE, 8: COMMENT,
                        9: DECORATION, 11: NOTE, 12: DECORATION, 13: DECORATION, 15: COMMENT,
                        16: NOTE, 19: COMMENT}


def _ledger_ok(corpus):
    t = totals(corpus.ledgers)
    assert t["lines"] == t["lines_in_stories"] + t["lines_reported"]
    assert t["lines_not_read_unexplained"] == 0 and t["lines_in_two_stories"] == 0
    return t


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "utf-16"])
def test_comment_note_and_decoration_lines_are_reported_not_read(tmp_path, encoding):
    (tmp_path / "klinik.txt").write_bytes(KLINIK.encode(encoding))
    corpus = ingest_paths([tmp_path])
    assert len(corpus.stories) == KLINIK_STORIES and all(s.parsed for s in corpus.stories)
    assert all(s.epic is None for s in corpus.stories)  # no comment names an epic
    for s in corpus.stories:  # nothing glued: every story is its own one line
        assert s.line == s.end_line and s.text.startswith("Als "), s.text
    (ledger,) = corpus.ledgers
    assert dict(ledger.not_read) == KLINIK_COMMENT_LINES
    _ledger_ok(corpus)


def test_heading_like_hash_lines_still_name_the_epic():
    text = ("# Payments\n"
            "As a shopper, I want to pay by card, so that checkout is quick.\n"
            "As a shopper, I want to pay by invoice, so that I pay later.\n\n"
            "## Sprint 14 ##\n"
            "As a clerk, I want to export refunds, so that accounting balances.\n"
            "As a clerk, I want to search refunds, so that I answer calls fast.\n\n"
            "# owner: finance team\n"
            "As an auditor, I want to see who refunded what, so that fraud shows.\n"
            "As an auditor, I want to filter by amount, so that big refunds show.\n")
    corpus = read_text(text, format="text")
    assert [s.epic for s in corpus.stories] == ["Payments", "Payments", "Sprint 14", "Sprint 14",
                                                "Sprint 14", "Sprint 14"]  # "owner: ..." is none
    assert dict(corpus.ledgers[0].not_read)[9] == COMMENT
    _ledger_ok(corpus)


def test_a_story_commented_out_is_not_read_and_said_so():
    text = ("Como enfermera, quiero ver mi turno, para planificar la semana.\n"
            "# Como médico, quiero firmar recetas en línea, para ahorrar tiempo.\n"
            "// As a porter, I want to log visitors, so that the ward knows who is in.\n"
            "Como paciente, quiero pedir cita en línea, para no llamar.\n")
    corpus = read_text(text, format="text", strict=True)  # a note: --strict does not stop
    assert [s.line for s in corpus.stories] == [1, 4]
    notes = [(w.line, w.message) for w in corpus.warnings]
    assert notes == [(2, COMMENTED_STORY), (3, COMMENTED_STORY)]
    _ledger_ok(corpus)


def test_a_comment_inside_a_paragraph_story_is_cut_out_not_glued():
    text = ("As a warehouse picker, I want the next pick location shown first,\n"
            "so that I walk less.\n"
            "# TODO: confirm with the night shift\n"
            "Acceptance criteria:\n"
            "- the location is shown in large type\n"
            "// - old criterion about paper lists\n"
            "- the list is sorted by aisle\n")
    corpus = read_text(text, format="text")
    (story,) = corpus.stories
    assert story.acceptance_criteria == ("the location is shown in large type", "the list is sorted by aisle")
    assert "TODO" not in story.text and "paper" not in story.text
    assert dict(corpus.ledgers[0].not_read) == {3: NOTE, 6: COMMENT}  # even inside its span
    _ledger_ok(corpus)


@pytest.mark.parametrize("line, above", [
    ("Todo el personal debe poder ver su turno.", ""),  # Spanish "todo" = "all"
    ("Note: the export includes VAT", "As a clerk, I want exports, so that I file taxes."),
    ("#12 As a driver, I want my route, so that I deliver on time.", ""),
    ("#US-7 As a driver, I want breaks logged", ""),
    ("-- the total is shown in EUR", "- the list shows every refund"),  # a nested bullet
    ("-- As a driver, I want my route", ""),
    ("- [x] As a driver, I want my route", ""),
    ("---", "As a driver, I want my route"),  # a Markdown rule: the reader's
    ("========", "Payments"),  # a setext heading under a title
    ("~~~", ""),  # a fence
    ("# language: de", ""),
    ("# Zahlungsverkehr", ""),
    ("## Épica: Pagos", ""),
    ("Tout le monde doit voir le planning; TODO plus tard", ""),
    ("### Acceptance criteria:", ""),
    ("|---|:---:|", "| Story | Owner |"),  # a pipe table's separator
    ("***Wichtig*** Als Kunde möchte ich zahlen", ""),
])
def test_lines_that_are_not_comments(line, above):
    assert comment_reason(line, above) is None


@pytest.mark.parametrize("line, why", [
    ("// section 3", COMMENT), ("/* legacy */", COMMENT), ("; owner: PMO", COMMENT),
    ("-- old items below", COMMENT), ("# owner: IT office; comments start with #", COMMENT),
    ("# end", COMMENT), ("# this file is generated.", COMMENT), ("#comment", COMMENT),
    ("# ---- hand-written stories ----", COMMENT), ("TODO: ask Maria", NOTE), ("todo: later", NOTE),
    ("FIXME", NOTE), ("# TODO: split this story", NOTE), ("- TODO check pricing", NOTE), ("TBD - owner", NOTE), ("#####", DECORATION),
    ("=====", DECORATION), ("+-----+-----+", DECORATION), ("==== Payments ====", DECORATION),
    ("<<<< legacy >>>>", DECORATION), ("━━━━━━━━", DECORATION),
])
def test_lines_that_are_comments(line, why):
    assert comment_reason(line) == why


def test_markdown_keeps_its_headings(tmp_path):
    (tmp_path / "b.md").write_text("# owner: IT office\n"
                                   "As a clerk, I want to file, so that it is kept.\n"
                                   "As a clerk, I want to print, so that I have paper.\n")
    corpus = ingest_paths([tmp_path])
    assert [s.epic for s in corpus.stories] == ["owner: IT office"] * 2


def test_cli_merge_writes_no_comment_as_a_story_or_an_epic(tmp_path):
    backlog = tmp_path / "backlog"
    backlog.mkdir()
    (backlog / "klinik.txt").write_text(KLINIK, encoding="utf-8")
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(REPO), OMP_NUM_THREADS="1")
    run = subprocess.run([sys.executable, "-m", "storytransformer", "merge", str(backlog), "--merger",
                          "extractive", "--group-method", "lexical", "--out", str(out)],
                         capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    with open(out / "merged.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert not [r for r in rows if r.get("Issue Type") == "Epic"]
    merged = (out / "merged.md").read_text(encoding="utf-8") + json.dumps(
        json.loads((out / "merged.json").read_text(encoding="utf-8")), ensure_ascii=False)
    for comment in ("Abschnitt", "Dr. Weber", "Verantwortlich", "EOF", "von Hand", "Duplikat"):
        assert comment not in merged, comment
    assert NOT_READ_BY_READER not in run.stderr


def test_html_comments_in_markdown_are_reported_not_read():
    text = ("# Lager\n<!-- Vorlage: eine Story pro Listenpunkt -->\n\n"
            "- Als Kommissionierer möchte ich den nächsten Lagerplatz sehen, damit ich weniger laufe.\n"
            "<!--\n- Als Fahrer möchte ich Touren tauschen, damit ich früher fertig bin.\n-->\n"
            "- Als Leiterin möchte ich Schichten planen, damit alle Tore besetzt sind.\n\n"
            "```html\n<!-- in code: kept -->\n```\n")
    corpus = read_text(text, format="markdown")
    assert [s.line for s in corpus.stories][:2] == [4, 8]
    assert any("in code: kept" in s.text for s in corpus.stories)  # a fence is not a comment
    assert all("Touren" not in s.text for s in corpus.stories)
    not_read = dict(corpus.ledgers[0].not_read)
    assert {n for n, why in not_read.items() if why == "comment (<!-- -->)"} == {2, 5, 6, 7}
    assert [w.line for w in corpus.warnings if w.message == COMMENTED_STORY] == [6]
    _ledger_ok(corpus)


@pytest.mark.parametrize("text", [
    "As a nurse, I want my rota, so that I plan.\n<!-- open but never closed\nAs a doctor, I want to sign.\n",
    "As a nurse, I want my rota, so that I plan.\n<!-- note --> As a doctor, I want to sign.\n",
])
def test_an_html_comment_that_does_not_fill_its_lines_is_text(text):
    corpus = read_text(text, format="text")
    assert not any(why == "comment (<!-- -->)" for _, why in corpus.ledgers[0].not_read)
    assert any("doctor" in s.text for s in corpus.stories)
    _ledger_ok(corpus)
