"""One need that covers another: a parent feature and one of its parts.

    covers(a, b)   # "the first story's need ('manage') covers the other's ('cancel')", or None

"Manage my bookings" (or "manage members: add, edit and remove them") contains "cancel one of
my bookings": the same object under an umbrella action (lexicon: manage, verwalten, gérer,
...) or under a list of actions that includes the other's. Similarity reads such pairs as
duplicates or as siblings (one word swapped); they are an **overlap**: merged only with
``--merge-overlaps``, linked otherwise.
"""

from __future__ import annotations

from functools import lru_cache

from storytransformer.relate.reworded import objects
from storytransformer.relate.slots import Slots

UMBRELLA = "!manage"
# Looking at things is no part of managing them: "maintain the calendars" / "see the calendar".
READING = frozenset({"!view", "!find", "!download", "!print", "!track", "!compare"})


def _actions(s: Slots) -> tuple[str, ...]:
    return _actions_of(s.need.tokens)


@lru_cache(maxsize=1 << 15)  # (read for every pair: 700,000 times for 10,000 needs on the 10k plan)
def _actions_of(tokens: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(t for t in tokens if t.startswith("!"))


def _listed(s: Slots, action: str) -> bool:
    """``action`` is one of a list of actions named one after another ("add, edit and remove
    them"), not one of the verbs a longer sentence happens to use."""
    tokens = s.need.tokens
    for i in range(len(tokens) - 1):
        if tokens[i].startswith("!") and tokens[i + 1].startswith("!") and tokens[i] != tokens[i + 1] \
                and action in tokens[max(0, i - 3):i + 5]:
            run = [t for t in tokens[i:i + 5] if t.startswith("!")]
            if action in run:
                return True
    return False


def covers(a: Slots, b: Slots) -> str | None:
    """A reason when one need is the other's parent feature (see the module docstring)."""
    return _umbrella(a, b)


def _umbrella(a: Slots, b: Slots) -> str | None:
    for wide, narrow, which in ((a, b, "first"), (b, a, "second")):
        wide_actions, narrow_actions = _actions(wide), _actions(narrow)
        if not narrow_actions or UMBRELLA in narrow_actions or narrow_actions[0] in READING:
            continue  # (an admin maintains the holiday calendar, an employee sees it: two needs)
        umbrella = UMBRELLA in wide_actions
        listed = _listed(wide, narrow_actions[0]) and wide.need.joins > narrow.need.joins \
            and set(wide_actions) > set(narrow_actions)  # more actions named, the other's among them
        if not (umbrella or listed):
            continue
        if not objects(wide, narrow) & objects(narrow, wide):
            continue  # "manage my bookings" / "cancel my subscription": two things
        said = "'manage'" if umbrella and not listed else f"'{' '.join(t[1:] for t in dict.fromkeys(wide_actions))}'"
        return f"the {which} story's need ({said}) covers the other's ('{narrow_actions[0][1:]}')"
    return None
