"""Per-sequence stop rules the engine applies while generating: the end of a JSON answer and
degenerate repetition. Pure Python over token ids and their text, no torch: the engine feeds
them live (a transformers StoppingCriteria) and replays them on the finished tokens, so the
cut point is exact and identical however often the live check ran.

Repetition rule (``RepetitionWatch``): small models at their output limit loop, e.g. nested
copies of one JSON object whose only change is the indentation, or ``"story_id_1": "123"``,
``"story_id_2": "123"``, ... counting up until max_new_tokens. Each generated token becomes a
key (its text with surrounding whitespace stripped, so changing indentation compares equal).
A sequence stops when the tail of its keys repeats with some period p <= 50 keys:

- exactly (digits as written): at least 4 repeats and at least 32 keys covered
  (p=1: 32 identical tokens; p=8: 4 repeats; p=50: 200 keys);
- with every run of digit tokens collapsed to one placeholder (only numbers change): a
  repeated unit of 8..50 keys (not a multiple of a shorter unit) seen at least 4 times over
  at least 64 keys, e.g. ``"story_id_7": "1234567890",`` lines; or a unit under 8 keys seen at
  least 32 times, e.g. ``"S1", "S2", ... "S160"`` counting on past any real group.

Why these thresholds: a JSON list of distinct criteria differs in words, so it is never
periodic; a list of labels ``"S1", "S2", ...`` differs only in digits with a unit of ~4 keys,
so it fires only past 32 labels. A group that large answered in one list would be cut
(finish reason "repetition"; callers should treat that as a failed answer, originals kept).
Both loops that escaped the first version of this rule were seen on the bundled model:
``"S149","S150",...`` and ``"source":"S112","source":"S113",...`` up to max_new_tokens.
"""

from __future__ import annotations

from collections import deque

from storytransformer.jsonscan import JsonEndScanner, json_end  # noqa: F401  (the shared scanner; json_end re-exported)

MAX_PERIOD = 50
MIN_REPEATS = 4
MIN_COVER = 32  # exact rule
DIGIT_MIN_PERIOD = 8
DIGIT_MIN_COVER = 64  # digit-collapsed rule
SHORT_UNIT_REPEATS = 32  # digit-collapsed rule, units under DIGIT_MIN_PERIOD keys

_DIGIT = "\x00#"  # placeholder key for a run of digit tokens


class _PeriodRuns:
    """Incremental periodicity of a key sequence: run[p] = how many trailing keys equal the
    key p positions before them. Covered length of a period-p repetition = run[p] + p."""

    def __init__(self, needed) -> None:
        self.needed = needed  # period -> keys the repetition must cover to fire
        self.history: deque = deque(maxlen=MAX_PERIOD + 1)
        self.run = [0] * (MAX_PERIOD + 1)

    def push(self, key) -> bool:
        h, run = self.history, self.run
        h.append(key)
        n = len(h)
        top = min(MAX_PERIOD, n - 1)
        for p in range(1, top + 1):
            run[p] = run[p] + 1 if h[n - 1 - p] == key else 0
        for p in range(1, top + 1):
            cover = run[p] + p
            if run[p] and cover >= self.needed(p) and not self._multiple(p, cover):
                return True
        return False

    def _multiple(self, p: int, cover: int) -> bool:
        """Whether the stretch is a shorter unit repeated (p a multiple of it): the shorter
        unit's own threshold decides, not p's."""
        return any(p % q == 0 and self.run[q] + q >= cover for q in range(1, p // 2 + 1))


def _exact_needed(p: int) -> int:
    return max(MIN_REPEATS * p, MIN_COVER)


def _digit_needed(p: int) -> int:
    if p < DIGIT_MIN_PERIOD:
        return SHORT_UNIT_REPEATS * p
    return max(MIN_REPEATS * p, DIGIT_MIN_COVER)


class RepetitionWatch:
    """Feed one generated token at a time (its decoded text); True when looping."""

    def __init__(self) -> None:
        self.exact = _PeriodRuns(_exact_needed)
        self.collapsed = _PeriodRuns(_digit_needed)
        self._last_was_digit = False

    def push(self, piece: str) -> bool:
        key = piece.strip()
        fired = self.exact.push(key)
        is_digit = key.isdigit()
        if is_digit and self._last_was_digit:
            return fired  # the run of digits is one placeholder already
        self._last_was_digit = is_digit
        return self.collapsed.push(_DIGIT if is_digit else key) or fired


def is_repetitive(pieces) -> int | None:
    """Index of the piece at which ``RepetitionWatch`` fires over ``pieces``, or None."""
    w = RepetitionWatch()
    for i, piece in enumerate(pieces):
        if w.push(piece):
            return i
    return None


class RowWatch:
    """The stop rules of one generated sequence: feed tokens; ``reason`` once one fires."""

    __slots__ = ("json", "repetition", "reason", "fed", "finished")

    def __init__(self, *, prefill: str = "", stop_at_json_end: bool = False, stop_on_repetition: bool = True):
        self.json: JsonEndScanner | None = None
        if stop_at_json_end:
            self.json = JsonEndScanner()
            self.json.feed(prefill)
        self.repetition = RepetitionWatch() if stop_on_repetition else None
        self.reason: str | None = None  # "stop" (json closed) | "repetition"
        self.fed = 0  # tokens fed, the one that fired included
        self.finished = False  # fired, or the sequence ended on its own (eos / pad)

    @property
    def active(self) -> bool:
        return self.json is not None or self.repetition is not None

    def push(self, piece: str) -> str | None:
        if self.finished:
            return self.reason
        self.fed += 1
        if self.json is not None and self.json.feed(piece):
            self.reason = "stop"
        elif self.repetition is not None and self.repetition.push(piece):
            self.reason = "repetition"
        if self.reason:
            self.finished = True
        return self.reason
