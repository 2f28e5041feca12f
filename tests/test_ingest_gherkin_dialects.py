"""Gherkin written in any language gherkin-official knows, inside Markdown and text files:
"Scénario :", "Szenario:", "Escenario:", "Сценарий:", "场景：" blocks are stories of their
own (steps as criteria) where no narrative owns them, and steps under a narrative story
("Angenommen / Wenn / Dann", "Gegeven / Als / Dan") are its acceptance criteria (tester
report 20, item 3: backlog_fr.md:30-42 two scenarios became one unparsed story; backlog_de.md
#14's German steps were not read as criteria). Prose that merely starts with a keyword word
("Soit ..., soit ...", "Donc ...") stays prose. Files: tests/data/ingest_dialects/."""

from __future__ import annotations

from pathlib import Path

import pytest

from storytransformer.ingest import ingest_paths

DATA = Path(__file__).parent / "data" / "ingest_dialects"


def read(name: str):
    corpus = ingest_paths([DATA / name])
    assert not [w for w in corpus.warnings if "conservation check" in w.message
                or "inside two stories" in w.message or "holds two" in w.message]
    return corpus.stories, corpus


def test_two_french_scenarios_in_markdown_are_two_stories():
    stories, _ = read("sante_fr.md")
    scen = [s for s in stories if s.title.startswith("Connexion")]
    assert [(s.title, s.line, s.end_line) for s in scen] == [
        ("Connexion avec double authentification", 10, 14), ("Connexion à deux facteurs", 16, 20)]
    first = scen[0]
    assert first.parsed and first.epic == "Scénarios"
    assert first.acceptance_criteria == (
        "Étant donné un patient inscrit", "Quand il saisit son mot de passe",
        "Alors un code à usage unique est envoyé par SMS", "Et l'accès est accordé après saisie du code")
    assert "Scénario : Connexion avec double authentification" in first.text
    assert len(stories) == 5  # the narrative stories around them are unchanged


def test_german_steps_under_a_narrative_are_its_criteria():
    stories, _ = read("praxis_de.md")
    msg, reply, limit = stories
    assert msg.goal == "der Praxis eine verschlüsselte Nachricht schicken"
    assert len(msg.acceptance_criteria) == 1
    crit = msg.acceptance_criteria[0]
    assert crit.startswith("Szenario: Nachricht senden Angenommen ich bin angemeldet")
    assert "Dann wird die Nachricht Ende-zu-Ende verschlüsselt übertragen" in crit
    assert crit.endswith("Und die Praxis antwortet innerhalb von 2 Werktagen")
    assert reply.acceptance_criteria == ("Gegeben sei eine offene Nachricht Wenn 5 Werktage "
                                         "vergangen sind Dann wird die Praxisleitung erinnert",)


def test_german_outline_under_a_heading_keeps_its_examples():
    stories, _ = read("praxis_de.md")
    limit = stories[2]
    assert limit.parsed and limit.title == "Überweisungslimit"
    joined = " ".join(limit.acceptance_criteria)
    assert "Angenommen mein Tageslimit ist <Limit> EUR" in joined and "Dann wird die Überweisung <Ergebnis>" in joined
    assert "| 1000  | 1500   | abgelehnt  |" in limit.text


def test_spanish_scenarios_in_a_text_file():
    stories, _ = read("tienda_es.txt")
    scen = [s for s in stories if s.parsed]
    assert [s.title for s in scen] == ["Pago con tarjeta", "Tarjeta rechazada"]
    assert scen[1].acceptance_criteria == (
        "Dado un carrito con 3 productos", "Cuando pago con una tarjeta caducada",
        'Entonces veo el mensaje "Tarjeta rechazada"', "Pero el carrito se conserva")


def test_dutch_steps_and_dutch_narratives_do_not_mix_up():
    # Dutch "Als" is both the narrative's "As a" and the step keyword "When"
    stories, _ = read("winkel_nl.md")
    assert [s.goal for s in stories[:3]] == ["mijn bestelling volgen", "een bestelling annuleren",
                                             "bestellingen exporteren"]
    ideal = stories[3]
    assert ideal.goal == "met iDEAL betalen" and len(stories) == 4
    assert ideal.acceptance_criteria == ("Gegeven een winkelwagen met 2 artikelen Als ik met iDEAL "
                                         "betaal Dan is de bestelling bevestigd En ontvang ik een e-mail",)


@pytest.mark.parametrize("name,titles,first_step", [
    ("bank_ru.md", ["Вход по паролю", "Неверный пароль"], "Дано зарегистрированный клиент"),
    ("shop_zh.md", ["银行卡支付", "银行卡被拒"], "假如购物车里有3件商品"),
])
def test_russian_and_chinese_scenarios(name, titles, first_step):
    stories, _ = read(name)
    assert [s.title for s in stories] == titles
    assert all(s.parsed and s.acceptance_criteria[0] == first_step for s in stories)
    assert all(len(s.acceptance_criteria) == 3 for s in stories)


def test_french_prose_starting_with_keyword_words_stays_prose():
    stories, _ = read("prosa_fr.md")
    export, date = stories
    assert export.acceptance_criteria == () and "Soit le fichier CSV" in export.text
    assert date.goal == "filtrer les ventes par date"


def test_a_french_feature_saved_as_txt_is_read_as_gherkin():
    stories, corpus = read("paiement_fr.txt")
    (s,) = stories
    assert s.format == "gherkin" and s.title == "Paiement accepté"
    assert s.goal == "payer par carte" and len(s.acceptance_criteria) == 3


def test_every_line_is_in_one_story_or_declared():
    corpus = ingest_paths([DATA])
    for ledger in corpus.ledgers:
        assert not ledger.in_two_stories and not ledger.two_narratives, ledger
        assert ledger.in_stories + len(ledger.not_read) == ledger.lines, ledger
    assert not [w for w in corpus.warnings if "conservation check" in w.message]


def test_unindented_and_fenced_scenarios_are_one_story_each():
    stories, _ = read("tienda_layouts_es.md")
    assert [s.title for s in stories] == ["Pago con tarjeta", "Tarjeta rechazada", "",
                                          "", "Envío gratis", "Envío con coste"]
    assert [s.goal for s in stories[2:4]] == ["guardar el carrito", "ver el historial"]
    assert stories[1].acceptance_criteria == ("Dado un carrito con 3 productos",
                                              "Cuando pago con una tarjeta caducada",
                                              "Entonces veo un error")
    assert stories[5].acceptance_criteria[-1] == "Entonces el envío cuesta 4 EUR"  # no fence


def test_english_scenarios_in_markdown_are_split_too(tmp_path):
    (tmp_path / "login.md").write_text(
        "# Login\n\n## Scenarios\n\nScenario: Two factors\n  Given a registered patient\n"
        "  When he types his password\n  Then a code is sent by SMS\n\n"
        "Scenario: Wrong password\n  Given a registered patient\n  When he types a wrong password\n"
        "  Then he sees an error\n", encoding="utf-8")
    corpus = ingest_paths([tmp_path])
    assert [(s.title, s.line, s.end_line) for s in corpus.stories] == [
        ("Two factors", 5, 8), ("Wrong password", 10, 13)]


def _dialects():
    from gherkin.dialect import DIALECTS

    return sorted(DIALECTS)


@pytest.mark.parametrize("name", _dialects())
def test_every_dialect_gherkin_official_ships(name):
    """Two scenarios in Markdown are two stories of four steps, and a feature file without
    its '# language:' line finds its scenarios, in each of gherkin-official's dialects (where
    several share a Feature keyword, "Característica" is Spanish, Galician and Catalan, the
    one whose parse finds the steps is chosen)."""
    from gherkin.dialect import DIALECTS

    from storytransformer.ingest import read_text

    spec = DIALECTS[name]

    def kw(kind):
        return next(x for x in spec[kind] if x.strip() != "*")

    def scenario(title):
        return (f"{kw('scenario')}: {title}\n  {kw('given')}the first {title}\n  {kw('when')}"
                f"the second\n  {kw('then')}the third\n  {kw('and')}the fourth\n")

    md = read_text(f"# Backlog\n\n## Section\n\n{scenario('Alpha')}\n{scenario('Beta')}",
                   format="markdown")
    assert [(s.title, len(s.acceptance_criteria), s.parsed) for s in md.stories] == [
        ("Alpha", 4, True), ("Beta", 4, True)]
    feature = f"{kw('feature')}: F\n\n  " + scenario("Alpha").replace("\n", "\n  ")
    feat = read_text(feature, format="gherkin")
    assert [(s.title, len(s.acceptance_criteria)) for s in feat.stories] == [("Alpha", 4)]


def test_a_language_line_in_markdown_is_no_heading():
    stories, corpus = read("connexion_fr.md")
    assert [(s.title, s.epic) for s in stories] == [("Mot de passe correct", "Connexion"),
                                                   ("Mot de passe oublié", "Connexion")]
    assert stories[0].acceptance_criteria[1] == "Lorsqu'il saisit son mot de passe"
    (ledger,) = corpus.ledgers
    assert dict(ledger.not_read)[1].startswith("Gherkin language line")


def test_one_scenario_under_a_language_line_is_its_own_story():
    stories, _ = read("senden_de.md")
    (s,) = stories
    assert (s.title, s.epic, s.line) == ("Senden", None, 3)
    assert s.acceptance_criteria == ("Angenommen ich bin angemeldet", "Wenn ich sende", "Dann ist sie weg")


@pytest.mark.parametrize("bullets", [
    # French "Le" is Haitian Creole's "When": three "- Le ..." criteria were read as one scenario
    # and glued into one criterion (vpar23's finding); a list of one keyword is a list
    ["Le client peut annuler avant l'expédition.", "Le remboursement est fait sous 5 jours.",
     "Le statut passe à annulée."],
    # Dutch "En" (And) three times over: Dutch bullets, not a scenario
    ["En de klant krijgt een bevestiging per e-mail.", "En de bestelling blijft 30 dagen zichtbaar.",
     "En de factuur staat in het account."],
])
def test_bullets_that_repeat_one_step_word_stay_separate_criteria(tmp_path, bullets):
    text = ("# Commandes\n\nEn tant que client, je veux annuler ma commande, afin de ne pas payer.\n\n"
            "Critères d'acceptation :\n" + "".join(f"- {b}\n" for b in bullets))
    (tmp_path / "backlog.md").write_text(text, encoding="utf-8")
    [story] = ingest_paths([tmp_path]).stories
    assert list(story.acceptance_criteria) == bullets


def test_a_headerless_scenario_of_several_step_words_is_still_read(tmp_path):
    text = ("En tant que client, je veux annuler ma commande.\n\n"
            "Étant donné une commande non expédiée\nQuand le client l'annule\nAlors il est remboursé\n")
    (tmp_path / "backlog.md").write_text(text, encoding="utf-8")
    [story] = ingest_paths([tmp_path]).stories
    assert len(story.acceptance_criteria) == 1 and "Quand le client" in story.acceptance_criteria[0]
