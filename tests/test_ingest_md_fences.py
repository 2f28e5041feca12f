"""Markdown code fences are one unit (tester report 25, finding 7): part of the story they sit
in, or reported as not read before any story; a marker line ("```", "~~~") is never a story
and an "As a … I want" line inside a fence never starts one."""

from __future__ import annotations

import json
import subprocess
import sys

from storytransformer.ingest import ingest_paths


def _read(tmp_path, name, text, encoding="utf-8"):
    (tmp_path / name).write_bytes(text.encode(encoding))
    corpus = ingest_paths([tmp_path / name])
    said = [w.message for w in corpus.warnings]
    assert not any("two stories" in m or "two 'As a" in m or "not read into any" in m
                   for m in said), said
    return corpus


def _no_marker_story(corpus):
    for s in corpus.stories:
        assert s.text.strip().strip("`~").strip() not in ("", "json", "yaml", "gherkin"), s.text
        assert not s.text.lstrip().startswith(("```", "~~~")), s.text


def test_a_backtick_fence_with_an_info_string_stays_in_its_story(tmp_path):
    corpus = _read(tmp_path, "api.md", (
        "# Export API\n\n"
        "As a developer I want a JSON export endpoint so that I can sync data.\n\n"
        "```json title=\"example\"\n"
        "{\"story\": \"As a user I want this JSON example to stay code\"}\n\n"
        "As a tester I want this line to be code too\n"
        "- Given a bullet inside the fence\n"
        "# not a heading\n"
        "```\n\n"
        "# Import API\n\n"
        "As an integrator I want to import customers so that I migrate faster.\n"))
    assert [s.title for s in corpus.stories] == ["Export API", "Import API"]
    first = corpus.stories[0]
    assert "As a tester I want this line to be code too" in first.text
    assert first.goal.startswith("a JSON export endpoint")
    assert first.acceptance_criteria == ()  # the fence's bullet is code, not a criterion
    _no_marker_story(corpus)


def test_an_indented_tilde_fence_in_a_german_list_item_is_part_of_that_item(tmp_path):
    corpus = _read(tmp_path, "liste.md", (
        "# Konto\n\n"
        "- Als Kundin möchte ich mein Passwort ändern, damit mein Konto sicher bleibt.\n"
        "  ~~~~ yaml\n"
        "  beispiel: Als Admin möchte ich alle Passwörter sehen\n"
        "\n"
        "  ~~~~\n"
        "- Als Admin möchte ich Konten sperren, damit Missbrauch endet.\n"))
    assert len(corpus.stories) == 2
    assert "Als Admin möchte ich alle Passwörter sehen" in corpus.stories[0].text
    assert corpus.stories[1].role.lower().startswith("admin")
    _no_marker_story(corpus)


def test_an_unclosed_fence_at_the_end_of_a_french_cp1252_file_stays_in_the_last_story(tmp_path):
    corpus = _read(tmp_path, "besoins.md", (
        "# Factures\n\n"
        "En tant que comptable, je veux exporter les factures afin de les archiver.\n\n"
        "# Relances\n\n"
        "En tant que comptable, je veux relancer les clients afin d'être payé.\n\n"
        "```\n"
        "En tant que client, je veux un exemple non fermé\n"), encoding="cp1252")
    assert len(corpus.stories) == 2
    assert corpus.stories[1].text.endswith("je veux un exemple non fermé")
    assert corpus.stories[1].end_line == 10
    _no_marker_story(corpus)


def test_a_fence_before_any_story_is_reported_not_read(tmp_path):
    corpus = _read(tmp_path, "ejemplo.md", (
        "```\n"
        "Como usuario quiero ver un ejemplo para entender el formato\n"
        "```\n\n"
        "- Como cliente quiero pagar con tarjeta para comprar rápido.\n"
        "- Como cliente quiero pagar con PayPal para no dar mi tarjeta.\n"))
    assert len(corpus.stories) == 2 and all(s.line >= 5 for s in corpus.stories)
    not_read = dict(corpus.ledgers[0].not_read)
    assert [not_read.get(n) for n in (1, 2, 3)] == ["code block outside a story"] * 3, not_read
    _no_marker_story(corpus)


def test_the_cli_never_writes_a_fence_marker_as_a_story(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "plain.md").write_text("# S\n\nAs a user I want x so that y.\n\n```\n"
                                  "As a user I want code so that z\n```\n", encoding="utf-8")
    (src / "notes.txt").write_text("As a nurse I want to see my shifts so that I can plan.\n"
                                   "~~~\nAs a doctor I want an example\n~~~\n"
                                   "As a doctor I want to sign prescriptions so that I save time.\n",
                                   encoding="utf-16")
    out = tmp_path / "out.jsonl"
    run = subprocess.run([sys.executable, "-m", "storytransformer", "ingest", str(src), "--out", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    stories = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(stories) == 3, [s["text"] for s in stories]
    assert not any(s["text"].strip() in ("```", "~~~") for s in stories)
    assert not any(s["text"].startswith(("As a user I want code", "As a doctor I want an example"))
                   for s in stories)
