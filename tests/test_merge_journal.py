"""The journal: torn lines, refused fingerprints, and first answers kept across a crash."""

import json

import pytest

from scripted_engine import ScriptedEngine
from storytransformer.errors import OptionError
from storytransformer.journal import JOURNAL_NAME, Journal
from storytransformer.merge import MergeSettings, merge_corpus
from storytransformer.prompt import render_story
from storytransformer.stories import Corpus, Group, Story


def corpus_and_groups(n_pairs=4):
    stories, groups = [], []
    for i in range(n_pairs):
        a = Story(f"P-{i}a", f"As a user, I want feature {i} exported, so that I audit {i}.", "p.md", 2 * i + 1, "markdown")
        b = Story(f"P-{i}b", f"As a user I want feature {i} exported so that I audit {i}.", "p.md", 2 * i + 2, "markdown")
        stories += [a, b]
        groups.append(Group((a.id, b.id)))
    return Corpus(stories, [], ["p.md"]), groups


class Crash(BaseException):
    """Stands in for kill -9: nothing in the pipeline may catch it."""


class CrashOnRepair(ScriptedEngine):
    def generate(self, requests, on_result=None):
        if any(len(r.messages) > 2 for r in requests):
            raise Crash()
        return super().generate(requests, on_result)


def test_first_answers_survive_a_crash_before_their_repair(tmp_path):
    corpus, groups = corpus_and_groups()
    with pytest.raises(Crash):
        merge_corpus(corpus, groups, MergeSettings(), engine=CrashOnRepair(["invalid"]), out_dir=tmp_path)
    lines = [json.loads(x) for x in (tmp_path / JOURNAL_NAME).read_text().splitlines()]
    assert sum(1 for x in lines if x.get("kind") == "attempt") == 4

    again = ScriptedEngine(["invalid"], repair_mode="good")
    run = merge_corpus(corpus, groups, MergeSettings(), engine=again, out_dir=tmp_path, resume=True)
    assert all(len(r.messages) > 2 for r in again.requests)  # only repairs: no first call redone
    assert len(again.requests) == 4
    assert run.metadata["counts"]["model_calls"] == 8  # both attempts counted, as in one run
    assert run.metadata["counts"]["merged"] == 4

    fresh = merge_corpus(corpus, groups, MergeSettings(), engine=ScriptedEngine(["invalid"], repair_mode="good"))
    assert [o.to_dict() for o in fresh.stories] == [o.to_dict() for o in run.stories]


def test_torn_last_line_is_ignored_and_cut(tmp_path):
    corpus, groups = corpus_and_groups(2)
    merge_corpus(corpus, groups[:1] + [Group((s,)) for s in groups[1].story_ids], MergeSettings(),
                 engine=ScriptedEngine(["good"]), out_dir=tmp_path)
    path = tmp_path / JOURNAL_NAME
    with open(path, "a", encoding="utf-8") as fh:
        fh.write('{"group_id": "g-torn", "story_ids": ["P-1a"')  # a kill mid-write
    fp = json.loads(path.read_text().splitlines()[0])["fingerprint"]
    j = Journal(path, fp)
    done, attempts = j.load()
    assert len(done) == 1 and not attempts
    j.open(resume=True)
    j.close()
    assert path.read_text().endswith("}\n") and "g-torn" not in path.read_text()


def test_other_fingerprint_is_refused(tmp_path):
    corpus, groups = corpus_and_groups(1)
    merge_corpus(corpus, groups, MergeSettings(), engine=ScriptedEngine(["good"]), out_dir=tmp_path)
    with pytest.raises(OptionError, match="--resume"):
        merge_corpus(corpus, groups, MergeSettings(grounding_threshold=0.5), engine=ScriptedEngine(["good"]),
                     out_dir=tmp_path, resume=True)
    edited = Corpus([Story(s.id, s.text + " (edited)", s.source, s.line, s.format) for s in corpus.stories], [], [])
    with pytest.raises(OptionError, match="different stories or settings"):
        merge_corpus(edited, groups, MergeSettings(), engine=ScriptedEngine(["good"]), out_dir=tmp_path, resume=True)


def test_replaying_a_run_whose_groups_were_split(tmp_path):
    from storytransformer.prompt import build_messages, load_templates

    stories = [Story(f"B-{i}", f"As a clerk, I want to file form {i} online, so that paper is saved. Extra words {i}.",
                     "b.md", i + 1, "markdown") for i in range(6)]
    corpus, groups = Corpus(stories, [], ["b.md"]), [Group(tuple(s.id for s in stories))]
    engine = ScriptedEngine(["good"])
    overhead = engine.prompt_tokens(build_messages(load_templates(), []))
    per_story = engine.count_tokens(render_story("S99", stories[0])) + 2
    settings = MergeSettings(ctx=overhead + 64 + 2 * per_story + 1, max_new_tokens=64)
    first = merge_corpus(corpus, groups, settings, engine=engine, out_dir=tmp_path)
    assert first.metadata["counts"]["model_groups"] >= 2  # the 6-story group was split to fit

    def no_engine():
        raise AssertionError("a finished run must replay without the model")

    again = merge_corpus(corpus, groups, settings, load_engine=no_engine, out_dir=tmp_path, resume=True)
    assert [o.to_dict() for o in again.stories] == [o.to_dict() for o in first.stories]
