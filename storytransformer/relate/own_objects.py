"""One template filled with another object all through the story: siblings, not a duplicate.

    own_objects(a, b)   # "'delivery note' vs 'proof delivery photo', in each story's need and criteria"

"Archive old delivery notes" (criteria: "Delivery notes older than 2 years are moved to the
archive") and "archive old proof-of-delivery photos" (criteria: "Proof-of-delivery photos
older than ...") share most words and score as high as a duplicate; a one-slot swap
(decide._one_swap) misses them when the objects are of other lengths and share a word. What
tells them apart: each need names an object the other story never mentions anywhere, and
each story repeats its own object in its own acceptance criteria, so the object is what the
story is about, not a passing word. A rewording (another team's words for one need) rarely
does both: its words turn up on the other side ("reschedule my delivery date" / "pick a new
delivery day", criteria "next 5 working days offered") or not in its own criteria.
"""

from __future__ import annotations

from storytransformer.relate.slots import Slots


def _objects(s: Slots, other: Slots) -> list[str]:
    """The need's object words (no actions, numbers, specifics) that ``other`` never uses."""
    seen = other.all_words | other.role
    return [t for t in dict.fromkeys(s.need.tokens) if t[0] not in "!#@" and t not in seen and t not in s.role]


def _criteria_words(s: Slots) -> frozenset[str]:
    return frozenset(t for step in s.criteria for t in step.phrase.tokens)


def own_objects(a: Slots, b: Slots) -> str | None:
    """A reason when each story's need names its own object and repeats it in its own
    criteria (see the module docstring); None otherwise."""
    if not a.criteria or not b.criteria or a.scenario or b.scenario:
        return None
    first_a = next((t for t in a.need.tokens if t[0] == "!"), "")
    if not first_a or first_a != next((t for t in b.need.tokens if t[0] == "!"), ""):
        return None  # one template starts from one action
    own_a, own_b = _objects(a, b), _objects(b, a)
    if not own_a or not own_b:
        return None
    if not set(own_a) & _criteria_words(a) or not set(own_b) & _criteria_words(b):
        return None
    return (f"same template, different objects: '{' '.join(own_a)}' vs '{' '.join(own_b)}', "
            f"each named in its own acceptance criteria")
