"""What is hidden in the haystack, what is asked, and what counts as the right answer.

Default facts are passphrases made of random words and digits (seeded, so a run is
reproducible and resumable): nothing a model could guess from world knowledge or the filler.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from storytransformer.errors import OptionError

MODES = ("single", "multi", "distractor", "story")

_PLACES = [
    "Kestrel Island lighthouse archive", "Marrowgate observatory vault", "Copperfield rail depot",
    "Thistlewood seed bank", "Oysterbay signal tower", "Halloway canal museum",
    "Brackenridge weather station", "Greywater ferry office", "Lindenmoor clock tower",
    "Saltmarsh bell foundry", "Ravensholt map room", "Fernhollow glasshouse",
]
# Near misses for the distractor mode: one word of the real place changed.
_NEAR_MISSES = {
    "Kestrel Island lighthouse archive": ["Kestrel Point lighthouse archive", "Kestrel Island ferry archive",
                                          "Kestrel Island lighthouse museum", "Kestrel Bay lighthouse archive",
                                          "Kestrel Island signal archive", "Kestrel Island lighthouse library"],
}
_WORDS_A = ["amber", "cobalt", "velvet", "granite", "saffron", "willow", "ember", "silver", "tidal", "juniper",
            "crimson", "mossy", "polar", "russet", "lunar", "quartz"]
_WORDS_B = ["falcon", "otter", "lantern", "harbour", "thistle", "anchor", "badger", "compass", "heron",
            "marble", "orchid", "pepper", "quill", "raven", "sparrow", "walrus"]


@dataclass(frozen=True)
class Fact:
    key: str  # what the question names, e.g. "the Kestrel Island lighthouse archive"
    value: str  # the answer, e.g. "amber-falcon-7391"
    sentence: str  # the needle as inserted into the haystack


@dataclass(frozen=True)
class NeedleSpec:
    """Everything one cell hides and asks (the same for every depth at one length, except the
    story id in story mode, filled in when the needle's story is known)."""

    mode: str
    facts: tuple[Fact, ...]  # placed from the cell's depth onwards
    question: str
    answers: tuple[str, ...]  # each must appear in the model's answer
    distractors: tuple[Fact, ...] = ()  # near misses placed elsewhere
    forbidden: tuple[str, ...] = ()  # distractor values: strict scoring fails if one appears
    max_new_tokens: int = 32

    def for_story(self, story_id: str) -> "NeedleSpec":
        """Story mode: the expected answer names the story the criterion was planted in."""
        return replace(self, answers=(story_id,) + tuple(self.answers[1:]))

    def to_dict(self) -> dict:
        return {
            "mode": self.mode,
            "needles": [f.sentence for f in self.facts],
            "distractors": [f.sentence for f in self.distractors],
            "question": self.question,
            "answers": list(self.answers),
            "forbidden": list(self.forbidden),
        }


def _passphrase(rng: random.Random) -> str:
    return f"{rng.choice(_WORDS_A)}-{rng.choice(_WORDS_B)}-{rng.randint(1000, 9999)}"


def _fact(place: str, value: str) -> Fact:
    return Fact(place, value, f"The secret passphrase for the {place} is {value}.")


def build_spec(mode: str = "single", *, needles: int = 3, needle: str | None = None,
               question: str | None = None, answer: str | None = None, seed: int = 7) -> NeedleSpec:
    """The needle(s), question and expected answers for a mode.

    Custom --needle/--question/--answer replace the default fact (single mode only)."""
    if mode not in MODES:
        raise OptionError("--mode", f"unknown mode {mode!r}; choose from {', '.join(MODES)}")
    custom = [needle, question, answer]
    if any(custom) and not all(custom):
        raise OptionError("--needle", "give --needle, --question and --answer together")
    if any(custom) and mode != "single":
        raise OptionError("--needle", f"a custom needle works with --mode single, not {mode}")
    if needles < 1 or needles > len(_PLACES):
        raise OptionError("--needles", f"must be between 1 and {len(_PLACES)}")
    rng = random.Random(seed)
    if mode == "single":
        if needle:
            if answer.lower() not in needle.lower():
                raise OptionError("--answer", "the answer must appear in the --needle text")
            fact = Fact("custom", answer, needle.strip())
            return NeedleSpec(mode, (fact,), question.strip(), (answer,))
        fact = _fact(_PLACES[0], _passphrase(rng))
        return NeedleSpec(mode, (fact,), _single_question(fact), (fact.value,))
    if mode == "multi":
        facts = tuple(_fact(p, _passphrase(rng)) for p in _PLACES[:needles])
        listing = "; ".join(f"the {f.key}" for f in facts)
        q = (f"What are the secret passphrases for {listing}? "
             "Answer with one line per place: the place, then its passphrase.")
        return NeedleSpec(mode, facts, q, tuple(f.value for f in facts), max_new_tokens=24 * len(facts) + 16)
    if mode == "distractor":
        real = _fact(_PLACES[0], _passphrase(rng))
        near_misses = _NEAR_MISSES[_PLACES[0]]
        if needles > len(near_misses):
            raise OptionError("--needles", f"distractor mode has at most {len(near_misses)} near misses")
        near = near_misses[:needles]
        fakes = []
        used = {real.value}
        for place in near:
            value = _passphrase(rng)
            while value in used:
                value = _passphrase(rng)
            used.add(value)
            fakes.append(_fact(place, value))
        return NeedleSpec(mode, (real,), _single_question(real), (real.value,), tuple(fakes),
                          tuple(f.value for f in fakes))
    # story: an acceptance criterion only one story has; the answer names that story
    code = _passphrase(rng)
    criterion = (f"Acceptance criterion: when an auditor exports the lighthouse archive report, "
                 f"the system must show the confirmation code {code}.")
    fact = Fact("lighthouse archive export", code, criterion)
    q = ("One story in this backlog has an acceptance criterion about an auditor exporting the "
         "lighthouse archive report. Which story is it (give its id), and what confirmation code "
         "does the criterion require?")
    return NeedleSpec(mode, (fact,), q, ("?", code), max_new_tokens=48)


def _single_question(fact: Fact) -> str:
    return f"What is the secret passphrase for the {fact.key}? Answer with the passphrase only."


def fact_depths(spec: NeedleSpec, depth: float) -> list[tuple[float, Fact]]:
    """Where each fact goes for a cell at ``depth`` percent.

    multi: the first fact at the depth, the rest evenly spaced from there to the end (the
    usual multi-needle layout); distractor: the real fact at the depth, near misses at fixed
    depths (25/50/75 % for three), the same for every cell so that cells still share the
    haystack before the real needle."""
    placed: list[tuple[float, Fact]] = []
    k = len(spec.facts)
    for i, fact in enumerate(spec.facts):
        placed.append((depth + i * (100.0 - depth) / k, fact))
    m = len(spec.distractors)
    for j, fake in enumerate(spec.distractors):
        placed.append(((j + 1) * 100.0 / (m + 1), fake))
    return placed
