"""The one-line error ``--strict`` stops with. A warning says what the run did about a
problem ("...; kept as an unparsed story", "...; read by position", "...; not read"); under
--strict the run did none of that, it stopped, so that clause is replaced by "stopped
(--strict)" (the tester saw `ingest --strict` stop with "...line kept as an unparsed story")."""

from __future__ import annotations

import re

from storytransformer.errors import InputError

# A clause (after the first) that says what a non-strict run does next: kept, read, skipped,
# dropped, split, resumed... A hint naming an option ("--follow-symlinks to read it") stays.
_ACTION = re.compile(r"\b(?:kept|keeps|read|reads|reading|skipped|dropped|split|resumes?|"
                     r"ignored|the rest)\b", re.I)
STOPPED = "stopped (--strict)"


def stopped_message(message: str) -> str:
    """``message`` with its what-we-did clauses cut and "; stopped (--strict)" added."""
    clauses = message.split("; ")
    keep = clauses[:1]
    for clause in clauses[1:]:
        if not clause.lstrip().startswith("--") and _ACTION.search(clause):
            break
        keep.append(clause)
    return "; ".join(keep).rstrip(" ;") + "; " + STOPPED


def strict_error(path: str, message: str, line: int | None = None) -> InputError:
    """The InputError --strict raises for a problem that would otherwise be a warning."""
    return InputError(path, stopped_message(message), line)
