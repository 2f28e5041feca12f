"""Which project a story belongs to, for runs over a portfolio: `merge --separate-projects`.

    keys = project_keys(stories)          # one key per story: "insurance", "saas", "CLM", ...
    decided = keep_within(keys, units, decided)

A folder holding the backlogs of several products (tester t24: insurance/, waste/, rostering/,
saas/) is one run; without this option a story of one product may be merged with or linked to
a story of another ("pay my subscription by card" / "pay my waste fees by card"). With it, a
story's project is the first folder under the input root (the deepest folder all input files
share) and, for a Jira export, the project key of its issue key ("CLM-108" -> "CLM"); pairs of
stories of two projects are decided "unrelated": never merged, never linked. (A story pasted
word for word into two projects is still one text: copies, relate/candidates.py.)

Not the default: consolidating the backlogs of several teams of *one* product, kept in a folder
each (team-a/, team-b/, or one export per sprint), is what the tool is for, and there the
duplicates across folders are the ones worth finding. Since the lexical weights no longer
depend on the run's size (group/stable_idf.py), adding other folders does not change how a
pair within one folder is decided; the option only keeps pairs across folders apart.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

# A Jira issue key: project key, a dash, a number ("CLM-108", "WASTE2-7").
_ISSUE_KEY = re.compile(r"^([A-Z][A-Z0-9_]{1,9})-\d+$")


def project_keys(stories: Sequence) -> list[str]:
    """One key per story (same order): its first folder under the input root, plus the Jira
    project key of its id when the id is an issue key. Stories read from files directly in the
    root share the key "" (one project)."""
    folders = [os.path.dirname(os.path.normpath(s.source or "")) for s in stories]
    try:
        root = os.path.commonpath(folders) if folders else ""
    except ValueError:  # absolute and relative paths mixed, or two drives: compare as given
        root = ""
    keys = []
    for story, folder in zip(stories, folders, strict=True):
        rel = os.path.relpath(folder, root) if root or folder else ""
        top = "" if rel in ("", ".") else rel.split(os.sep)[0]
        jira = _ISSUE_KEY.match(story.id or "")
        keys.append(f"{top}|{jira.group(1)}" if jira else top)
    return keys


def keep_within(keys: Sequence[str], units: Sequence[Sequence[int]], decided: list) -> list:
    """``decided`` ((unit a, unit b, similarity, Decision) per pair) with each pair whose stories
    belong to two projects made "unrelated" (kept in place: later stages index the pairs as the
    candidates; a unit's stories are verbatim copies: its first one's key stands for it)."""
    from storytransformer.relate.decide import Decision

    return [t if keys[units[t[0]][0]] == keys[units[t[1]][0]] else
            (t[0], t[1], t[2], Decision("unrelated", "stories of two projects (--separate-projects)", evidence=False))
            for t in decided]
