"""Three kinds of sibling read as one need (tester t26, findings 1, 2, 4), through the real
CLI (`merge --dry-run --json`) over a small en/de/fr/es backlog of podcasts, a clinic, a bank, a
loyalty card and gift vouchers (not the tester's stories):

- two qualifiers on one role ("premium subscriber" / "free subscriber") are two roles: related,
  while "registered" / "logged-in subscriber" stay one (a state of the account, not a kind);
- a transfer or conversion the other way round ("from the savings account to the current
  account" / the reverse; "von ... auf", "en", "de ... a") is related, the same direction with
  another verb is not the opposite;
- one period under two verbs ("expire after 12 months" / "lapse after 36 months", "verfallen")
  is a conflict.
"""

import json
import subprocess
import sys

import pytest

from storytransformer.relate.directions import ends
from storytransformer.relate.role_qualifiers import qualifier_difference

BACKLOG = """## POD-1: Offline episodes premium
As a premium subscriber, I want to download episodes for offline listening so that I can listen on the train.

## POD-2: Offline episodes free
As a free subscriber, I want to download episodes for offline listening so that I can listen on the train.

## POD-3: Offline episodes
As a registered subscriber, I want to download episodes for offline listening so that I can listen on the train.

## POD-4: Offline episodes again
As a logged-in subscriber, I want to download episodes for offline listening so that I can listen on the train.

## CLN-1: Waiting list to appointment
As a receptionist, I want to move a patient from the waiting list to the appointment list so that free slots are used.

## CLN-2: Appointment back to waiting list
As a receptionist, I want to move a patient from the appointment list to the waiting list so that cancelled slots are tracked.

## BNK-1: Savings to current
As an account holder, I want to transfer money from my savings account to my current account so that I can pay bills.

## BNK-2: Current to savings
As an account holder, I want to transfer money from my current account to my savings account so that I can save.

## BNK-3: Savings to current again
As an account holder, I want to move money from my savings account into my current account so that I can pay bills.

## KRT-1: Punkte auf Konto
Als Kundin möchte ich Punkte von meiner Kundenkarte auf mein Online-Konto übertragen, damit ich sie online nutzen kann.

## KRT-2: Punkte auf Karte
Als Kundin möchte ich Punkte von meinem Online-Konto auf meine Kundenkarte übertragen, damit ich sie im Laden nutzen kann.

## FID-1: Points en bons
En tant que client, je veux convertir mes points fidélité en bons d'achat afin de payer moins.

## FID-2: Bons en points
En tant que client, je veux convertir mes bons d'achat en points fidélité afin de garder mes avantages.

## REG-1: Saldo a la cuenta
Como cliente, quiero transferir saldo de la tarjeta regalo a la cuenta para pagar en línea.

## REG-2: Saldo a la tarjeta
Como cliente, quiero transferir saldo de la cuenta a la tarjeta regalo para regalarlo.

## GFT-1: Voucher expiry
As a shop owner, I want gift vouchers to expire after 12 months so that old balances are closed.

## GFT-2: Voucher lapse
As a shop owner, I want unused gift vouchers to lapse after 36 months so that old balances are closed.

## LIB-1: Dormant library accounts
As a librarian, I want library accounts to be closed after 24 months without activity so that member data is not kept forever.

## LIB-2: Inactive library accounts
As a librarian, I want library accounts to be closed after 36 months of inactivity so that member data is not kept forever.

## GUT-1: Gutscheine verfallen
Als Ladeninhaber möchte ich, dass Gutscheine nach 12 Monaten verfallen, damit alte Guthaben geschlossen werden.

## GUT-2: Gutscheine verfallen später
Als Ladeninhaber möchte ich, dass nicht eingelöste Gutscheine nach 36 Monaten verfallen, damit alte Guthaben geschlossen werden.
"""


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    folder = tmp_path_factory.mktemp("t26kinds")
    (folder / "backlog.md").write_text(BACKLOG, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "storytransformer", "merge", str(folder / "backlog.md"),
                           "--dry-run", "--json", "--out", str(folder / "out")],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout)
    from storytransformer.ingest import ingest_paths

    found["names"] = {s.id: s.id for s in ingest_paths([str(folder / "backlog.md")]).stories}  # "POD-1"
    return found


def _ids(plan) -> dict[str, str]:
    return plan["names"]


def _relation(plan, x: str, y: str) -> tuple[str, str] | None:
    names = _ids(plan)
    for link in plan["links"]:
        if {names[link["source"]], names[link["target"]]} == {x, y}:
            return link["relation"], link["reason"]
    return None


def _grouped(plan, x: str, y: str) -> bool:
    names = _ids(plan)
    return any({x, y} <= {names[s] for s in g["story_ids"]} for g in plan["planned_groups"]
               if g["relation"] in ("duplicate", "overlap"))


def test_two_qualifiers_on_one_role_are_two_roles(plan):
    assert _relation(plan, "POD-1", "POD-2")[0] == "related"
    assert "different roles" in _relation(plan, "POD-1", "POD-2")[1]
    assert not _grouped(plan, "POD-1", "POD-2")
    # a signed-in or registered subscriber is the same person: still one merge group
    assert _grouped(plan, "POD-3", "POD-4")


def test_the_opposite_direction_is_another_story(plan):
    for x, y in [("CLN-1", "CLN-2"), ("BNK-1", "BNK-2"), ("KRT-1", "KRT-2"), ("FID-1", "FID-2"),
                 ("REG-1", "REG-2")]:
        found = _relation(plan, x, y)
        assert found and found[0] == "related" and "opposite direction" in found[1], (x, y, found)
        assert not _grouped(plan, x, y)
    same_way = _relation(plan, "BNK-1", "BNK-3")
    assert same_way is None or "opposite direction" not in same_way[1]


def test_one_period_under_two_verbs_is_a_conflict(plan):
    # ... and "without activity" / "of inactivity" is one condition of that period
    for x, y in [("GFT-1", "GFT-2"), ("GUT-1", "GUT-2"), ("LIB-1", "LIB-2")]:
        found = _relation(plan, x, y)
        assert found and found[0] == "conflict", (x, y, found)
    # the same period in two languages stays one need
    assert _grouped(plan, "GFT-1", "GUT-1")


def test_ends_and_qualifiers_directly():
    assert ends("convert my airline miles into partner hotel points", "en") == \
        (frozenset({"airline", "mile"}), frozenset({"partner", "hotel", "point"}))
    assert ends("download the attendance report", "en") is None
    assert ends("un informe de ventas por mes", "es") is None
    assert qualifier_difference({"gold", "user"}, {"platinum", "user"}) == "'gold' vs 'platinum'"
    assert qualifier_difference({"gold", "user"}, {"user"}) is None
    assert qualifier_difference({"school", "secretary"}, {"school", "office"}) is None
