"""A line in lower case is a story of its own in a backlog kept one story per line, and the
wrap of the story above in hard-wrapped text (tester report 21, item 2: "find nearby
chargers on map", "login with Google" were glued onto the story above: 48 lines gave 41
stories). Both directions, in English, German and French, with and without blank lines,
through the real files and the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from storytransformer.ingest import ingest_paths, read_text

DATA = Path(__file__).resolve().parent / "data" / "ingest_line_shape"


def spans(path: Path) -> list[tuple[int, int]]:
    corpus = ingest_paths([path])
    ledger = corpus.ledgers[0]
    assert ledger.lines == ledger.in_stories and ledger.in_two_stories == []  # every line read once
    return [(s.line, s.end_line) for s in corpus.stories]


def singles(*numbers: int) -> list[tuple[int, int]]:
    return [(n, n) for n in numbers]


@pytest.mark.parametrize("name, expected", [
    # the tester's file: "As a", "The system shall", "must", terse titles, "i wnat", ALL
    # CAPS, emoji, a 900-character line; one story a line
    ("ev_backlog.txt", singles(*range(1, 49))),
    # German: "auf einer Karte sehen, damit ..." carries the narrative above on; the rest,
    # "bestellung verfolgen", "passwort vergessen 🔑", "Dunkelmodus", are stories
    ("de_einzeilig.txt", singles(1, 2, 3, 4) + [(5, 6)] + singles(*range(7, 15))),
    # French with blank lines between groups, each group a narrative and terse lines;
    # "pour préparer la clôture mensuelle" is the wrap of the narrative above
    ("fr_lignes.txt", singles(1, 2, 3) + [(5, 6)] + singles(7, 8, 9, 11, 12, 13, 14)),
    # criteria, Given/When/Then and an indented wrap stay with their story; "find nearby
    # chargers on map", "export receipts as pdf", "login with Google" do not; nor does a
    # title under "... a reminder 24 hours before"
    ("en_with_criteria.txt", singles(1, 2) + [(3, 9)] + singles(11, 12, 13, 14, 15)
     + [(16, 17), (18, 18)]),
    # hard-wrapped narratives: every second line is the rest of the one above
    ("en_wrapped.txt", [(1, 2), (3, 4), (5, 6), (7, 8)]),
])
def test_each_line_is_a_story_or_the_wrap_of_one(name, expected):
    assert spans(DATA / name) == expected


def test_the_tester_backlog_keeps_dark_mode_and_google_sign_in_apart():
    corpus = ingest_paths([DATA / "ev_backlog.txt"])
    texts = [s.text for s in corpus.stories]
    assert "Dark mode" in texts and "login with Google" in texts
    assert "find nearby chargers on map" in texts and "Stop charging from app" in texts
    assert "As a driver I want to sign in with my Google account" in texts


@pytest.mark.parametrize("blank_every", [1, 3, 5])
def test_blank_lines_between_lines_do_not_change_the_stories(tmp_path, blank_every):
    lines = (DATA / "ev_backlog.txt").read_text(encoding="utf-8").splitlines()
    out = []
    for k, line in enumerate(lines, 1):
        out.append(line)
        if k % blank_every == 0:
            out.append("")
    path = tmp_path / "spaced.txt"
    path.write_text("\r\n".join(out) + "\r\n", encoding="utf-8")
    corpus = ingest_paths([path])
    assert [s.text for s in corpus.stories] == lines


# (In a file of a handful of lines, half of them wraps, a terse line could be either: the
# examples are backlogs mostly of one story a line, with the odd wrap, as such files come.)
@pytest.mark.parametrize("text, expected", [
    # a wrap that starts with a word that only carries a sentence on, in three languages
    ("As a clerk I want to print the list\nand sort it by aisle\nAs a clerk I want labels\n"
     "The system shall print labels\nreprint a label\n", [(1, 2), (3, 3), (4, 4), (5, 5)]),
    ("Als Kunde möchte ich Rechnungen sehen\nund als PDF laden\nAls Kunde möchte ich zahlen\n"
     "Als Kundin möchte ich mein Konto löschen\nDas System muss Rechnungen archivieren\n"
     "rechnung stornieren\n", [(1, 2), (3, 3), (4, 4), (5, 5), (6, 6)]),
    ("En tant que client, je veux payer\navec ma carte\nEn tant que client, je veux un reçu\n"
     "En tant que gérant, je veux exporter les ventes\nLe système doit archiver les reçus\n"
     "annuler une commande\n", [(1, 2), (3, 3), (4, 4), (5, 5), (6, 6)]),
    # a benefit marker cut by the break, and a narrative cut before its goal
    ("As a user I want to print labels in\norder to ship faster\nAs a user, I only\n"
     "want to see my orders\nAs a user I want an export\nexport as pdf\n",
     [(1, 2), (3, 4), (5, 5), (6, 6)]),
])
def test_wraps_stay_and_terse_lines_stand_alone(text, expected):
    corpus = read_text(text, format="text")
    assert [(s.line, s.end_line) for s in corpus.stories] == expected


def test_real_cli_reads_48_stories_from_the_tester_backlog():
    run = subprocess.run([sys.executable, "-m", "storytransformer", "ingest",
                          str(DATA / "ev_backlog.txt"), "--json"],
                         capture_output=True, text=True, check=True)
    summary = json.loads(run.stdout)
    assert summary["stories"] == 48
    assert summary["conservation"]["lines_in_stories"] == 48
    assert summary["conservation"]["lines_in_two_stories"] == 0


@pytest.mark.parametrize("text, stories, introduction", [
    # terse lines before the first narrative of a one-story-per-line file are stories; a
    # capitalised first line may be the document's title and stays its introduction
    ("Dark mode\nlogin with Google\nAs a driver I want to sign in with my Google account\n"
     "The system shall support Apple Pay\nAs a driver I want to rate a station\n",
     [2, 3, 4, 5], [1]),
    ("find nearby chargers on map\nAs a driver I want to sign in\nAs a driver I want to rate a station\n",
     [1, 2, 3], []),
    ("EV app backlog\nAs a driver I want to sign in\nAs a driver I want to rate a station\n", [2, 3], [1]),
    ("Workshop notes, 12 June\nwe collected these stories\nAs a driver I want to sign in\n"
     "As a driver I want to rate a station\n", [3, 4], [1, 2]),
])
def test_terse_lines_before_the_first_narrative(text, stories, introduction):
    corpus = read_text(text, format="text")
    assert [s.line for s in corpus.stories] == stories
    assert [n for n, _why in corpus.ledgers[0].not_read] == introduction
