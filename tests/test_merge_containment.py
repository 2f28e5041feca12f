"""A model answer only ever affects its own group: half an emoji or an answer nested 1,200
deep is contained there (flagged or cleaned, originals kept), never the batch or the run,
and a journaled run resumes to the same backlog."""

from __future__ import annotations

import json

from scripted_engine import ScriptedEngine, stories_in
from storytransformer.generate import parse_answer
from storytransformer.merge import MergeSettings, merge_corpus
from storytransformer.stories import Corpus, Group, Story
from storytransformer.write import write_all


def _corpus():
    stories, groups = [], []
    for n, (thing, a, b) in enumerate([("export my data", "- CSV file", "- JSON file"),
                                       ("reset my password", "- link by email", "- link expires"),
                                       ("save my cart", "- kept 30 days", "- shared across devices")]):
        ids = []
        for k, crit in enumerate((a, b)):
            sid = f"T-{n}{k}"
            text = f"As a user, I want to {thing}, so that I stay in control.\n{crit}"
            stories.append(Story(sid, text, "f.md", 3 * n + k + 1, "markdown", title=thing,
                                 role="user", goal=f"to {thing}", benefit="I stay in control",
                                 acceptance_criteria=(crit[2:],)))
            ids.append(sid)
        groups.append(Group(tuple(ids)))
    return Corpus(stories, [], ["f.md"]), groups


def _mode_by_topic(modes: dict[str, str]):
    def pick(request):
        text = " ".join(t for _, t in stories_in(request))
        return next((m for topic, m in modes.items() if topic in text), "good")
    return pick


def _check(run, corpus):
    sources = sorted(s for o in run.stories for s in o.sources)
    assert sources == sorted(s.id for s in corpus.stories)
    for o in run.stories:
        json.dumps(o.to_dict(), ensure_ascii=False).encode("utf-8")  # always writable


def test_half_an_emoji_in_an_answer_is_journaled_and_written(tmp_path):
    corpus, groups = _corpus()
    engine = ScriptedEngine(_mode_by_topic({"export": "surrogate"}))
    run = merge_corpus(corpus, groups, MergeSettings(), engine=engine, out_dir=tmp_path)
    _check(run, corpus)
    merged = [o for o in run.stories if o.decision != "unchanged"]
    assert len(merged) == 3  # every group merged: the emoji did not cost the others anything
    assert sum(o.decision == "merged" for o in merged) == 2
    # The emoji group's merge states "cut \ufffd", which no source does: the verifier rejects
    # it and an extractive merge replaces it; the rejected merge, cleaned, is kept beside it.
    export = next(o for o in merged if "T-00" in o.sources)
    assert export.decision == "flagged" and export.rejected["title"].endswith("\ufffd")
    assert "cut \ufffd" in export.rejected["acceptance_criteria"]
    write_all(run, tmp_path)
    assert "\ufffd" in (tmp_path / "merged.json").read_text(encoding="utf-8")

    def no_engine():
        raise AssertionError("a finished run must resume from its journal")

    again = merge_corpus(corpus, groups, MergeSettings(), load_engine=no_engine, out_dir=tmp_path, resume=True)
    assert [o.to_dict() for o in again.stories] == [o.to_dict() for o in run.stories]


def test_an_answer_nested_1200_deep_affects_only_its_group(tmp_path):
    corpus, groups = _corpus()
    engine = ScriptedEngine(_mode_by_topic({"export": "abyss", "password": "deep"}), repair_mode="abyss")
    run = merge_corpus(corpus, groups, MergeSettings(batch_size=8), engine=engine, out_dir=tmp_path)
    _check(run, corpus)
    by_source = {s: o for o in run.stories for s in o.sources}
    # The abyss group: its answer is rejected; an extractive merge of both originals, flagged.
    abyss = by_source["T-00"]
    assert abyss is by_source["T-01"] and abyss.decision == "flagged"
    assert abyss.flags[0].startswith("extractive merge: the model's answer was rejected")
    # The group whose answer ends in a deep value: its complete story is rescued.
    assert by_source["T-10"] is by_source["T-11"] and len(by_source["T-10"].sources) == 2
    # The good group in the same batch is merged as usual, not discarded as "engine error".
    assert by_source["T-20"].decision == "merged" and by_source["T-20"] is by_source["T-21"]


def test_parse_answer_never_raises_on_deep_or_broken_text():
    for text in ("[" * 5000, "{" * 5000, '{"stories": ' + "[" * 3000 + "]" * 3000 + "}",
                 '{"stories": [{"sources": ' + "[" * 2000 + '"S1"' + "]" * 2000 + "}]}"):
        parsed = parse_answer(text)
        assert isinstance(parsed.items, list)


class _RawSurrogateEngine(ScriptedEngine):
    """An engine (like a server client decoding "\\ud83d" in its JSON response) whose answer
    text itself holds a lone surrogate, and whose first answers need a repair call."""

    def generate(self, requests, on_result=None):
        results = super().generate(requests)
        out = []
        for r in results:
            first = not r.request_id.endswith(":repair")
            text = "not json \ud83d" if first else r.text + " \ud83d"
            res = type(r)(r.request_id, text, r.prompt_tokens, r.output_tokens, r.seconds, r.finish_reason)
            out.append(res)
            if on_result:
                on_result(res)
        return out


def test_raw_surrogates_in_answers_and_attempts_are_journaled(tmp_path):
    corpus, groups = _corpus()
    run = merge_corpus(corpus, groups, MergeSettings(), engine=_RawSurrogateEngine(["good"]), out_dir=tmp_path)
    _check(run, corpus)
    journal = (tmp_path / ".merge-journal.jsonl").read_text(encoding="utf-8")
    assert '"kind": "attempt"' in journal and "\ufffd" in journal
    for rec in run.groups:
        for raw in rec.raw:
            raw.encode("utf-8")
    again = merge_corpus(corpus, groups, MergeSettings(), engine=_RawSurrogateEngine(["good"]),
                         out_dir=tmp_path, resume=True)
    assert [o.to_dict() for o in again.stories] == [o.to_dict() for o in run.stories]
