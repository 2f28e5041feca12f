"""Relation reasons a product owner can read: quoted phrases are the stories' own words (not
lemmas, sorted role words or bound markers), numbers come with what they count, a negated
phrase with its negation, an empty side reads "none"; checked on real Story objects and on
`merge --dry-run --json` through the real CLI over a small en/de/fr backlog of siblings,
conflicts and reworded duplicates."""

import json
import re
import subprocess
import sys
from pathlib import Path

from storytransformer.relate.contradict import negation_conflict, quantities_shown
from storytransformer.relate.decide import decide
from storytransformer.relate.reason_words import in_their_words
from storytransformer.relate.slots import story_slots
from storytransformer.stories import Story

QUOTE = re.compile(r"(?<!\w)'((?:[^'\n]|'(?=\w))*)'(?!\w)")


def story(sid: str, text: str, **parsed) -> Story:
    return Story(id=sid, text=text, source="t.md", line=1, format="markdown", **parsed)


def test_quotes_become_the_stories_words():
    a = story("A", "As a practice manager, I want to see the weekly no-show report.")
    b = story("B", "As a patient, I want to see the weekly no-show report.")
    assert in_their_words("same need, different roles: 'manager practice' vs 'patient'", a, b) == \
        "same need, different roles: 'practice manager' vs 'patient'"
    # a quote after " vs " is the second story's, even when the first says the word too
    c = story("C", "As a customer I want a reminder 24 hours before, not 48 hours.")
    d = story("D", "As a customer I want a reminder 48 hours before.")
    assert in_their_words("same need, different numbers: '24' vs '48'", c, d) == \
        "same need, different numbers: '24 hours' vs '48 hours'"
    half = story("H", "Remind me half an hour before.")
    assert in_their_words("same need, different numbers: '24' vs '0.5'", c, half).endswith("vs 'half an hour'")


def test_negations_bounds_and_empty_sides_read_as_written():
    guest = story("G", "As a shopper, I want to check out as a guest without creating an account.", role="shopper",
                  goal="to check out as a guest without creating an account")
    account = story("R", "As a shopper, I want checkout to require an account.", role="shopper",
                    goal="checkout to require an account")
    raw = negation_conflict(story_slots(guest), story_slots(account))  # the reason as decided, in slot tokens
    assert raw and "without" not in raw
    assert in_their_words(raw, guest, account) == ("one story rules out what the other asks for: "
                                                   "'without creating an account' vs 'checkout to require an account'")
    no = story("N", "As a customer, I do not want to receive the newsletter.", role="customer",
               goal="do not want to receive the newsletter")
    yes = story("Y", "As a customer, I want to receive the newsletter.", role="customer",
                goal="to receive the newsletter")
    d = decide(story_slots(no), story_slots(yes), 0.9)
    assert d.relation == "conflict"
    assert in_their_words(d.reason, no, yes).startswith(
        "the first story rules out what the other asks for: 'not want to receive the newsletter'")
    cap = story("L", "Als Mitarbeiter möchte ich bis zu 5 Tage Urlaub übertragen.")
    tokens = quantities_shown(story_slots(cap).need)  # words around the number, sorted, synonyms mapped
    assert "employee" in tokens and "day" in tokens  # (units written canonically: relate/units.py)
    shown = in_their_words(f"numbers: '{tokens}'", cap, cap)
    assert shown.startswith("numbers: 'Mitarbeiter") and "5 Tage" in shown and shown[10:-1] in cap.text
    assert in_their_words("same feature, different inputs: '' vs 'x'", cap, cap).startswith(
        "same feature, different inputs: none vs")


def test_what_is_not_a_quote_or_not_in_the_stories_is_left_alone():
    a = story("A", "As a user I want to log in.")
    reason = "the other's need: 'zzz unknown' vs 'qqq'"
    assert in_their_words(reason, a, a) == reason
    assert in_their_words("no quotes at all", a, a) == "no quotes at all"
    assert in_their_words("x: 'log'", a, story("B", "I sign in daily")) == "x: 'log'"


BACKLOG = {
    "shop.md": """# Shop

## Guest checkout
As a shopper, I want to check out as a guest without creating an account, so that I can buy quickly.

## Account required
As a shopper, I want checkout to require an account, so that my orders are saved.

## Download invoice
As a customer, I want to download my invoice as a PDF, so that I can file it.

## Download receipt
As a customer, I want to download my receipt as a PDF, so that I can file it.

## Manager report
As a practice manager, I want to see the weekly no-show report, so that I can plan staff.

## Patient report
As a patient, I want to see the weekly no-show report, so that I can plan my visits.

## Return within 30 days
As a customer, I want to return an item within 30 days, so that I can change my mind.

## Return within 14 days
As a customer, I want to return an item within 14 days, so that I can change my mind.

## No newsletter
As a customer, I do not want to receive the newsletter, so that my inbox stays clean.

## Newsletter
As a customer, I want to receive the newsletter, so that I hear about offers.
""",
    "de.txt": """Als Kunde möchte ich ohne Konto bestellen können, damit es schnell geht.

Als Kunde möchte ich, dass für die Bestellung ein Konto erforderlich ist, damit meine Bestellungen gespeichert werden.

Als Mitarbeiter möchte ich bis zu 5 Tage Urlaub ins nächste Jahr übertragen, damit ich keine Tage verliere.

Als Mitarbeiter möchte ich bis zu 10 Tage Urlaub ins nächste Jahr übertragen, damit ich keine Tage verliere.
""",
    "fr.txt": """En tant que client, je veux être remboursé sous 14 jours, afin de récupérer mon argent.

En tant que client, je veux être remboursé sous 30 jours, afin de récupérer mon argent.

En tant que client, je veux commander sans créer de compte, afin d'aller vite.

En tant que client, je veux que la commande exige un compte, afin de retrouver mes commandes.
""",
}


def test_dry_run_reasons_quote_only_the_stories_words(tmp_path):
    folder = tmp_path / "backlog"
    folder.mkdir()
    for name, text in BACKLOG.items():
        (folder / name).write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "storytransformer", "merge", str(folder), "--dry-run", "--json"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    plan = json.loads(done.stdout)
    from storytransformer.ingest import ingest_paths

    texts = {s.id: " ".join(s.text.split()) for s in ingest_paths([str(folder)]).stories}
    reasons = {}
    for link in plan["links"]:
        reason = link["reason"]
        reasons[(Path(link["source"]).name, Path(link["target"]).name)] = reason
        assert not re.search(r"\b(atmost|atleast|cancell)\b|': not\b|\(cosine", reason), reason
        for quoted in QUOTE.findall(reason):
            for part in quoted.rstrip(" …").split("; "):
                assert part in texts[link["source"]] or part in texts[link["target"]], (part, reason)
    assert reasons[("shop.md#1", "shop.md#2")].endswith("'without creating an account' vs 'Account required'") \
        or "'without creating an account'" in reasons[("shop.md#1", "shop.md#2")]
    assert reasons[("shop.md#3", "shop.md#4")].endswith("'invoice' vs 'receipt'")
    assert "'practice manager' vs 'patient'" in reasons[("shop.md#5", "shop.md#6")].lower()
    assert reasons[("shop.md#7", "shop.md#8")] == "same need, different numbers: '30 days' vs '14 days'"
    newsletter = reasons[("shop.md#9", "shop.md#10")] if ("shop.md#9", "shop.md#10") in reasons else \
        reasons[("shop.md#10", "shop.md#9")]
    assert "'No newsletter'" in newsletter or "'not want to receive the newsletter'" in newsletter, newsletter
    assert "'ohne Konto bestellen'" in reasons[("de.txt#1", "de.txt#2")]
    assert reasons[("de.txt#3", "de.txt#4")] == "same need, different numbers: '5 Tage' vs '10 Tage'"
    assert reasons[("fr.txt#1", "fr.txt#2")] == "same need, different numbers: '14 jours' vs '30 jours'"
    assert re.search(r"'(commander )?sans créer de compte'", reasons[("fr.txt#3", "fr.txt#4")])


def test_a_word_kept_as_written_in_context_is_found():
    """slots.py keeps 'reserved' in "a reserved slot" but maps "reserved" alone to an action:
    the quote of a criterion's words is still the criterion as written."""
    from storytransformer.relate.slots import phrase

    criterion = "A reserved slot is held for 30 minutes"
    s = story("F", f"As a shopper, I want to reserve a slot.\nAcceptance criteria:\n- {criterion}")
    words = " ".join(t for t in phrase(criterion).tokens if t[0] != "#" and t != "minute")
    assert words == "reserved slot hold"
    assert in_their_words(f"same criterion (in '{words}')", s, s) == "same criterion (in 'reserved slot is held')"
