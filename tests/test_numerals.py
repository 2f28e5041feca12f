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
