"""The title and every criterion's citation are verified (verify/fields.py, verify/citations.py;
t23 findings 1 and 2). Model answers are written as JSON text, as a model returns them, and go
through the real merge path (lenient parse -> validate -> verify -> extractive fallback); one
test runs the real CLI against the scripted OpenAI-compatible server."""

from __future__ import annotations

import json

import pytest

from storytransformer.ingest import read_text
from storytransformer.verify import verify
from group_outcome import group_outcome

PHARMACY = """## Show dose next to weight
As a hospital pharmacist, I want to see the dose next to the patient's weight, so that I can check it quickly.

Acceptance criteria:
- Dose, route and frequency are shown side by side with the patient's weight
- The weight date is shown

## Dose beside weight
As a hospital pharmacist, I want the prescribed dose displayed beside the patient weight, so that I can check it quickly.

Acceptance criteria:
- A weight older than 7 days is highlighted
"""

SHOP = """## Save a delivery address
As a shopper, I want to save my delivery address, so that checkout is faster.

Acceptance criteria:
- The saved address is prefilled at checkout
- Only the shopper can edit the saved address

## Remember my address
As a shopper, I want the shop to remember my delivery address, so that checkout is faster.

Acceptance criteria:
- The address can be deleted in the account page
"""

GERMAN = """## Rechnung herunterladen
Als Kunde möchte ich meine Rechnung als PDF herunterladen, damit ich sie ablegen kann.

Akzeptanzkriterien:
- Die Rechnung enthält die Umsatzsteuer
- Der Download ist 12 Monate lang möglich

## Rechnung als PDF
Als Kunde möchte ich die Rechnung als PDF herunterladen, damit ich sie ablegen kann.

Akzeptanzkriterien:
- Die Rechnung zeigt die Kundennummer
"""

SPANISH = """## Reservar una mesa
Como cliente, quiero reservar una mesa en línea, para ahorrar tiempo.

Criterios de aceptación:
- La reserva se confirma por correo
- Se puede cancelar hasta 2 horas antes

## Reserva online
Como cliente, quiero reservar mesa por internet, para ahorrar tiempo.

Criterios de aceptación:
- El restaurante ve las reservas del día
"""


_outcome = group_outcome


def _answer(stories_md: str, title: str, role: str, goal: str, benefit: str, criteria: list[tuple[str, list[str]]]) -> dict:
    return {"title": title, "role": role, "goal": goal, "benefit": benefit,
            "acceptance_criteria": [{"text": t, "sources": s} for t, s in criteria], "sources": ["S1", "S2"]}


def _pharmacy(title: str, cites=(["S1"], ["S1"], ["S2"])) -> dict:
    return _answer(PHARMACY, title, "hospital pharmacist", "to see the dose next to the patient's weight",
                   "I can check it quickly",
                   [("Dose, route and frequency are shown side by side with the patient's weight", cites[0]),
                    ("The weight date is shown", cites[1]), ("A weight older than 7 days is highlighted", cites[2])])


def _shop(title: str, cites=(["S1"], ["S1"], ["S2"])) -> dict:
    return _answer(SHOP, title, "shopper", "to save my delivery address", "checkout is faster",
                   [("The saved address is prefilled at checkout", cites[0]),
                    ("Only the shopper can edit the saved address", cites[1]),
                    ("The address can be deleted in the account page", cites[2])])


def _german(title: str, cites=(["S1"], ["S1"], ["S2"])) -> dict:
    return _answer(GERMAN, title, "Kunde", "meine Rechnung als PDF herunterladen", "ich sie ablegen kann",
                   [("Die Rechnung enthält die Umsatzsteuer", cites[0]),
                    ("Der Download ist 12 Monate lang möglich", cites[1]),
                    ("Die Rechnung zeigt die Kundennummer", cites[2])])


def _spanish(title: str, cites=(["S1"], ["S1"], ["S2"])) -> dict:
    return _answer(SPANISH, title, "cliente", "reservar una mesa en línea", "ahorrar tiempo",
                   [("La reserva se confirma por correo", cites[0]), ("Se puede cancelar hasta 2 horas antes", cites[1]),
                    ("El restaurante ve las reservas del día", cites[2])])


CASES = [(PHARMACY, _pharmacy, "Dose shown beside the patient's weight", "Delete all patient records nightly"),
         (SHOP, _shop, "Save the delivery address", "Export the address book to marketing"),
         (GERMAN, _german, "Rechnung als PDF herunterladen", "Alle Kundenkonten nachts löschen"),
         (SPANISH, _spanish, "Reservar una mesa en línea", "Enviar publicidad a los clientes")]


@pytest.mark.parametrize("corpus, answer, faithful, invented", CASES)
def test_a_faithful_answer_with_a_source_title_is_accepted_clean(corpus, answer, faithful, invented):
    out, _ = _outcome(corpus, answer(faithful))
    assert out.decision == "merged" and not out.rejected and out.flags == [], out.flags
    assert out.unsupported == []  # nothing recorded as unsupported in an output called clean


@pytest.mark.parametrize("corpus, answer, faithful, invented", CASES)
def test_an_invented_title_rejects_the_answer_and_no_output_carries_it(corpus, answer, faithful, invented):
    out, stories = _outcome(corpus, answer(invented))
    assert out.decision == "flagged" and out.rejected
    reasons = " ".join(out.rejected["reasons"])
    assert "title" in reasons and ("words in no source" in reasons or "title: invented" in reasons), reasons
    assert out.title in {s.title for s in stories}  # the extractive merge's title is a source's own
    assert invented not in json.dumps(out.to_dict() if hasattr(out, "to_dict") else out.__dict__, default=str).replace(
        json.dumps(out.rejected, default=str), "")


def test_a_title_that_flips_the_sources_polarity_is_rejected():
    out, _ = _outcome(SHOP, _shop("Delivery address is never saved"))
    assert out.rejected and "title: negation flipped" in " ".join(out.rejected["reasons"])


def test_a_description_field_is_checked_sentence_by_sentence():
    stories = read_text(SHOP, format="markdown", name="backlog.md").stories
    fields = {k: v for k, v in _shop("Save the delivery address").items() if k != "sources"}
    fields["description"] = "The address is prefilled at checkout."
    clean = verify({**fields, "acceptance_criteria": [c["text"] for c in fields["acceptance_criteria"]]}, stories)
    assert clean.passed, clean.reasons
    bad = verify({**fields, "acceptance_criteria": [c["text"] for c in fields["acceptance_criteria"]],
                  "notes": "Addresses are sold to partners every month."}, stories)
    assert not bad.passed and any(p.field == "notes" for p in bad.problems)


def test_every_unsupported_span_fails_the_story():
    """No path where the verifier records unsupported words and the story passes."""
    stories = read_text(PHARMACY, format="markdown", name="backlog.md").stories
    for title in ("Dose shown beside the patient's weight", "Dose display for nightly audits", "Weight and dose screen"):
        for goal in ("to see the dose next to the patient's weight", "to see the dose next to the patient's weight nightly"):
            fields = {k: v for k, v in _pharmacy(title).items() if k != "sources"}
            v = verify({**fields, "goal": goal}, stories)
            assert v.passed == (not v.unsupported), (title, goal, v.reasons, v.unsupported)


@pytest.mark.parametrize("corpus, answer", [(PHARMACY, _pharmacy), (SHOP, _shop), (GERMAN, _german), (SPANISH, _spanish)])
def test_a_criterion_cited_to_the_wrong_story_is_rejected(corpus, answer):
    good = {c[0]: c[2] for c in CASES}[corpus]
    out, _ = _outcome(corpus, answer(good, cites=(["S2"], ["S1"], ["S2"])))
    assert out.decision == "flagged" and out.rejected
    assert "acceptance_criteria[0]: citation: cited to" in " ".join(out.rejected["reasons"])
    # The fallback cites each criterion to the story it comes from.
    assert all(srcs for srcs in out.criterion_sources)


def test_a_criterion_both_stories_state_may_cite_either():
    md = SHOP.replace("- The address can be deleted in the account page",
                      "- The saved address is prefilled at checkout\n- The address can be deleted in the account page")
    out, _ = _outcome(md, _shop("Save the delivery address", cites=(["S2"], ["S1"], ["S2"])))
    assert out.decision == "merged" and not out.rejected, out.flags


def test_a_criterion_citing_an_unknown_story_is_rejected_never_printed_with_an_empty_citation():
    out, _ = _outcome(SHOP, _shop("Save the delivery address", cites=(["S99"], ["S1"], ["S2"])))
    assert out.rejected and "cites 'S99', not a source of this story" in " ".join(out.rejected["reasons"])
    assert [] not in out.criterion_sources


def test_in_a_cited_answer_a_criterion_with_no_citation_is_rejected():
    out, _ = _outcome(SHOP, _shop("Save the delivery address", cites=([], ["S1"], ["S2"])))
    assert out.rejected and "citation: cites no source story" in " ".join(out.rejected["reasons"])


def test_plain_string_criteria_are_still_aligned_among_all_sources():
    answer = _shop("Save the delivery address")
    answer["acceptance_criteria"] = [c["text"] for c in answer["acceptance_criteria"]]
    out, _ = _outcome(SHOP, answer)
    assert out.decision == "merged" and not out.rejected


# --- end to end: the real CLI, the real openai engine, the scripted server --------------------

DUPLICATES = """# Shop

## Save a delivery address
As a shopper, I want to save my delivery address, so that checkout is faster.

Acceptance criteria:
- The saved address is prefilled at checkout

## Save my delivery address
As a shopper, I want to save my delivery address, so that checkout is quicker.

Acceptance criteria:
- The saved address can be deleted in the account page
"""


@pytest.mark.parametrize("mode, reason", [("title", "words in no source (title: "),
                                          ("miscite", "citation: cited to")])
def test_the_cli_rejects_an_invented_title_and_a_miscited_criterion(tmp_path, monkeypatch, mode, reason):
    import sys
    from pathlib import Path

    from click.testing import CliRunner

    sys.path.insert(0, str(Path(__file__).parent))
    from scripted_server import ScriptedServer
    from storytransformer.cli import main

    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "backlog.md").write_text(DUPLICATES, encoding="utf-8")
    for modes, expect in ((["cited"], "merged"), ([mode], "flagged")):
        out = tmp_path / f"out_{modes[0]}"
        with ScriptedServer(modes) as server:
            monkeypatch.setenv("STORYTRANSFORMER_BASE_URL", server.url)
            res = CliRunner().invoke(main, ["merge", str(tmp_path / "stories"), "--out", str(out), "--group-method",
                                            "lexical"], catch_exceptions=False)
            assert res.exit_code == 0, res.output
            assert server.requests, "the group went to the model"
        doc = json.loads((out / "merged.json").read_text(encoding="utf-8"))
        (story,) = [s for s in doc["stories"] if len(s["sources"]) == 2]
        assert story["decision"] == expect, story["flags"]
        if expect == "flagged":
            assert reason in " ".join(story["rejected"]["reasons"])
            assert "Delete all patient records nightly" not in (out / "merged.csv").read_text(encoding="utf-8")
            assert "*()*" not in (out / "merged.md").read_text(encoding="utf-8")
