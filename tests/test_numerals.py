"""Thousands grouping and decimal marks per language (tester t26 finding 5): one number written
the way each language writes it is one number for the conflict check; near-twins stay apart."""
import json

import pytest
from click.testing import CliRunner

from storytransformer.cli import main
from storytransformer.relate.numerals import plain_numbers


@pytest.mark.parametrize("text, lang, plain", [
    ("Maximum 50 000 miles", "fr", "Maximum 50000 miles"),
    ("Maximum 50\u202f000 miles", "fr", "Maximum 50000 miles"),  # narrow no-break space
    ("Maximum 50\u00a0000 miles", "fr", "Maximum 50000 miles"),
    ("höchstens 50.000 Meilen", "de", "höchstens 50000 Meilen"),
    ("höchstens 50'000 Meilen", "de", "höchstens 50000 Meilen"),  # de-CH
    ("máximo 50.000 millas", "es", "máximo 50000 millas"),
    ("at most 50,000 miles", "en", "at most 50000 miles"),
    ("2 000 000 points", "fr", "2000000 points"),
    ("1.000.000 Punkte", "de", "1000000 Punkte"),
    ("1,5 kg", "fr", "1.5 kg"), ("1,5 kg", "de", "1.5 kg"), ("1.5 kg", "en", "1.5 kg"),
    ("1,500 kg", "de", "1.5 kg"),  # a German comma is a decimal mark even before three digits
    ("1,500 kg", "en", "1500 kg"),
    ("1.234,5 EUR", "it", "1234.5 EUR"), ("1,234.5 EUR", "en", "1234.5 EUR"),
    ("0.125 s", "en", "0.125 s"),
    ("at 10:30", "en", "at 10:30"), ("version 1.2.3", "en", "version 1.2.3"),
])
def test_plain_numbers(text, lang, plain):
    assert plain_numbers(text, lang) == plain


_EN = """## LOY-04: Transfer miles to another member

As a member, I want to transfer miles to another member's account so that I can help my family reach a reward.

**Acceptance criteria**
- Maximum 50,000 miles per year
- Fee of 10 EUR per 1,000 miles
"""
_FR = """F-1 Transfert de miles
En tant que membre, je veux transférer des miles vers le compte d'un autre membre afin d'aider ma famille à obtenir une récompense.
Critères d'acceptation :
- Maximum {n} miles par an
- Frais de 10 € par tranche de 1\u202f000 miles
"""
_DE = """## Z-4: Meilen übertragen

Als Mitglied möchte ich Meilen auf das Konto eines anderen Mitglieds übertragen, damit meine Familie eine Prämie erreicht.

**Akzeptanzkriterien**
- Höchstens {n} Meilen pro Jahr
- Gebühr von 10 EUR pro 1.000 Meilen
"""


def _plan(tmp_path, other_name, other_text, first=_EN):
    (tmp_path / "a.md").write_text(first, encoding="utf-8")
    (tmp_path / other_name).write_text(other_text, encoding="utf-8")
    res = CliRunner().invoke(main, ["merge", str(tmp_path), "--dry-run", "--json", "--out", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    plan = json.loads(res.output[res.output.index("{"):])
    conflicts = [g for g in plan["planned_groups"] if g["relation"] == "conflict"]
    conflicts += [k for k in plan["links"] if k.get("relation") == "conflict"]
    assert plan["planned_groups"] or plan["links"], plan  # the two stories were compared and linked
    return plan, conflicts


# (English and French are compared across languages; the German pair is two German stories, a
# German and a Swiss writer: 50.000 / 50'000 / 50 000)
_DE_A = _DE.format(n="50.000").replace("Z-4", "Z-3")


@pytest.mark.parametrize("name, text, n, first", [
    ("fr.txt", _FR, "50\u202f000", _EN), ("fr.txt", _FR, "50 000", _EN),
    ("de.md", _DE, "50'000", _DE_A), ("de.md", _DE, "50 000", _DE_A)])
def test_one_number_written_two_ways_is_no_conflict(tmp_path, name, text, n, first):
    plan, conflicts = _plan(tmp_path, name, text.format(n=n), first)
    assert not conflicts, plan


@pytest.mark.parametrize("name, text, n, first", [("fr.txt", _FR, "60 000", _EN), ("de.md", _DE, "60'000", _DE_A),
                                                  ("de.md", _DE, "5.000", _DE_A)])
def test_a_different_number_stays_a_conflict(tmp_path, name, text, n, first):
    plan, conflicts = _plan(tmp_path, name, text.format(n=n), first)
    assert conflicts, plan


def test_the_extractive_merge_flags_no_grouping_difference(tmp_path):
    """The merged story of the English and the French one: no "sources disagree on the number"
    from "50,000" / "50 000" (verify/cues.py read "50 000" as 50 and 000)."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "en.md").write_text(_EN, encoding="utf-8")
    (tmp_path / "in" / "fr.txt").write_text(_FR.format(n="50 000"), encoding="utf-8")
    res = CliRunner().invoke(main, ["merge", str(tmp_path / "in"), "--merger", "extractive", "--out", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    merged = [s for s in json.loads((tmp_path / "o" / "merged.json").read_text())["stories"] if len(s["sources"]) == 2]
    assert merged and merged[0]["conflicts"] == [], merged


def _story(sid: str, criterion: str):
    from storytransformer.stories import Story

    return Story(id=sid, text=f"As a member, I want to transfer miles.\n- {criterion}", source="s.md", line=1,
                 format="markdown", role="member", goal="transfer miles", acceptance_criteria=(criterion,))


@pytest.mark.parametrize("a, b, clash", [
    ("Maximum 50,000 miles per year", "Maximum 50.000 miles per year", False),
    ("Maximum 50,000 miles per year", "Maximum 50\u202f000 miles per year", False),
    ("Maximum 50,000 miles per year", "Maximum 50'000 miles per year", False),
    ("Maximum 2 000 000 miles in total", "Maximum 2,000,000 miles in total", False),
    ("Parcels up to 1,5 kg are free", "Parcels up to 1.5 kg are free", False),  # was 15 vs 1.5
    ("Maximum 50,000 miles per year", "Maximum 60 000 miles per year", True),
    ("Parcels up to 1,5 kg are free", "Parcels up to 2.5 kg are free", True),
])
def test_verify_reads_grouped_numbers(a, b, clash):
    from storytransformer.verify.conflicts import find_conflicts

    assert bool(find_conflicts([_story("A", a), _story("B", b)])) is clash
