"""merge --judge (storytransformer/relate/judge.py): the model judges only the pairs the
no-model stage is unsure of. Here through the real CLI in-process, with an engine registered
through the registry (the seam every engine uses) that answers judge prompts as a model
might: well, in prose, or with an engine error. The real server run is test_judge_server.py.

The corpus (tests/data/judge/backlog.md, lexical method) has pairs decided on evidence
(30 vs 60 minutes: conflict; Slack vs Teams: related; invoices vs payments: related), a story that talks to the model, and three pairs decided on similarity
alone inside the band around the cutoff: delivery date (#9/#10), library loans (#12/#13),
parking permit (#14/#15).
"""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from storytransformer.cli import main
from storytransformer.relate.judge_controls import CONTROLS
from storytransformer.relate.judge_prompt import Judgment, judge_schema, parse_judgment
from storytransformer.runtime import registry
from storytransformer.runtime.types import EngineInfo, GenerationResult

CORPUS = Path(__file__).resolve().parent / "data" / "judge"
# Pairs decided on hard evidence (the judge's script would call them duplicates if asked).
EVIDENCE = {("backlog.md#5", "backlog.md#6"): "conflict", ("backlog.md#7", "backlog.md#8"): "related"}


class JudgeScript:
    """An engine that answers each judge prompt from its content: "delivery" -> a valid
    "conflict" judgment (a relation similarity alone never gives), "library" -> prose (unusable), "parking" -> an engine error; anything
    else -> "duplicate" (so a hard-evidence pair, if it were ever asked, would be overridden).
    The control pairs (judge_controls.py) it answers right, as a capable judge would."""

    def __init__(self):
        self.info = EngineInfo(model="judge-script", device="cpu", context_length=8192)
        self.asked: list[str] = []

    def count_tokens(self, text):
        return len(text.split())

    def prompt_tokens(self, messages):
        return sum(len(m["content"].split()) + 4 for m in messages)

    def generate(self, requests, on_result=None):
        out = []
        for r in requests:
            user = r.messages[-1]["content"]
            self.asked.append(user)
            control = next((want for a, b, want in CONTROLS if a.text in user and b.text in user), None)
            if control:
                res = GenerationResult(r.request_id, json.dumps({"relation": control, "reason": "control"}), 10, 9,
                                       0.01, "stop")
            elif "parking" in user:
                res = GenerationResult(r.request_id, "", 10, 0, 0.01, "error", error="HTTP 500: scripted failure")
            else:
                text = ("Both stories are about books, I would say they are similar." if "library" in user else
                        '{"relation": "conflict", "reason": "one asks for the date, the other for the arrival"}'
                        if "delivery" in user else '{"relation": "duplicate", "reason": "scripted"}')
                res = GenerationResult(r.request_id, text, 10, 12, 0.01, "stop")
            out.append(res)
            if on_result:
                on_result(res)
        return out


@pytest.fixture
def script(monkeypatch, tmp_path):
    monkeypatch.setenv("STORYTRANSFORMER_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("STORYTRANSFORMER_BASE_URL", raising=False)
    engines: list[JudgeScript] = []

    def load(options):
        engines.append(JudgeScript())
        return engines[-1]

    registry.register("judge-script", load)
    yield engines
    registry.unregister("judge-script")


def _merge(*args):
    result = CliRunner().invoke(main, ["merge", *map(str, args)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def _plan(tmp_path, *extra):
    out = _merge(CORPUS, "--dry-run", "--json", "--group-method", "lexical", "--out", tmp_path / "plan", *extra)
    return json.loads(out.stdout)


def _pair_questions(engine) -> list[str]:
    """The questions about the corpus's pairs (not the control pairs)."""
    return [q for q in engine.asked if not any(a.text in q for a, _, _ in CONTROLS)]


def _relations(plan) -> dict:
    """Pair -> relation: merge groups' pairs, then links."""
    found = {}
    for g in plan["planned_groups"]:
        ids = sorted(g["story_ids"])
        found.update({(a, b): g["relation"] for i, a in enumerate(ids) for b in ids[i + 1:]})
    for link in plan["links"]:
        found.setdefault(tuple(sorted((link["source"], link["target"]))), link["relation"])
    return found


def test_parse_judgment_reads_what_models_write_and_refuses_the_rest():
    assert parse_judgment('{"relation": "duplicate", "reason": "same export"}') == Judgment("duplicate", "same export")
    assert parse_judgment("Sure!\n```json\n{'relation': 'Overlap', 'reason': 'B adds PDF',}\n```") == \
        Judgment("overlap", "B adds PDF")
    assert parse_judgment('<think>{"relation": "unrelated"}</think>{"relation": "conflict", "reason": "30 vs 60"}') \
        == Judgment("conflict", "30 vs 60")
    cut = parse_judgment('{"relation": "related", "reason": "other obj')
    assert isinstance(cut, Judgment) and cut.relation == "related" and cut.reason.endswith("[cut]")
    assert parse_judgment('{"relation": "duplicates", "reason": ""}') == Judgment("duplicate", "(no reason given)")
    for broken in ("", "   ", "They look similar to me.", '{"relation": "maybe", "reason": "x"}', '{"relation": 3}',
                   '{"reason": "no relation here"}', "[1, 2, 3]"):
        assert isinstance(parse_judgment(broken), str), broken
    long = parse_judgment('{"relation": "related", "reason": "' + "x" * 5000 + '"}')
    assert len(long.reason) <= judge_schema()["properties"]["reason"]["maxLength"]


def test_judge_changes_only_unsure_pairs_falls_back_and_never_sends_hostile_stories(script, tmp_path):
    before = _plan(tmp_path)
    assert before["relations"]["unsure_pairs"] == 4 and "judge" not in before  # what --judge would ask about
    plan = _plan(tmp_path, "--judge", "--engine", "judge-script", "--model", "script")
    (engine,) = script
    judge = plan["judge"]
    pairs = {(p["source"], p["target"]): p for p in judge["pairs"]}
    assert set(pairs) == {("backlog.md#10", "backlog.md#9"), ("backlog.md#11", "backlog.md#2"),
                          ("backlog.md#12", "backlog.md#13"), ("backlog.md#14", "backlog.md#15")}
    # Asked: the three unsure pairs without a hostile story; nothing decided on evidence.
    asked = _pair_questions(engine)
    assert len(asked) == 3 and len(engine.asked) == 3 + len(CONTROLS)
    assert not any(word in q for q in asked for word in ("inactivity", "Slack", "Ignore all previous"))
    assert all('<story>' in q and '[A]' in q and '[B]' in q for q in engine.asked)  # delimited data blocks
    assert plan["judge"]["controls"]["trusted"] and plan["judge"]["controls"]["right"] == len(CONTROLS)

    delivery = pairs[("backlog.md#10", "backlog.md#9")]
    assert delivery["before"] in ("duplicate", "related")
    assert (delivery["relation"], delivery["status"]) == ("conflict", "judged")
    assert delivery["reason"].startswith("judged by judge-script: one asks for the date")
    assert f"without the model: {delivery['before']}" in delivery["reason"]
    library = pairs[("backlog.md#12", "backlog.md#13")]
    assert (library["relation"], library["status"]) == (library["before"], "unusable")  # no-model decision kept
    assert "could not be used (no relation in the answer" in library["reason"]
    parking = pairs[("backlog.md#14", "backlog.md#15")]
    assert (parking["relation"], parking["status"]) == (parking["before"], "error")
    assert "HTTP 500: scripted failure" in parking["reason"]
    hostile = pairs[("backlog.md#11", "backlog.md#2")]
    # Kept as the no-model stage decided it (on similarity, since 665a82f's fixed-reference IDF:
    # "duplicate" at 0.31, kept apart from #1's group): not asked, so not changed.
    assert (hostile["relation"], hostile["status"]) == (hostile["before"], "not sent")
    assert "not sent to the judge (backlog.md#11 looks like instructions" in hostile["reason"]
    assert (judge["asked"], judge["cached"], judge["changed"]) == (3, 0, 1)
    assert (judge["judged"], judge["unusable"], judge["error"], judge["not_sent"]) == (1, 1, 1, 1)

    # The judged relation is what the plan does; hard evidence is what it was without the judge.
    got, was = _relations(plan), _relations(before)
    assert was[("backlog.md#10", "backlog.md#9")] == delivery["before"] and got[("backlog.md#10", "backlog.md#9")] == "conflict"
    assert not any(set(g["story_ids"]) == {"backlog.md#9", "backlog.md#10"} and g["handling"] == "model"
                   for g in plan["planned_groups"])  # a conflict is never merged
    link = next(lk for lk in plan["links"] if {lk["source"], lk["target"]} == {"backlog.md#9", "backlog.md#10"})
    assert link["reason"].startswith("judged by judge-script")
    for pair, relation in EVIDENCE.items():
        assert got[pair] == was[pair] == relation, pair
    assert {p: r for p, r in got.items() if p not in pairs} == {p: r for p, r in was.items() if p not in pairs}


def test_judgments_are_cached_resume_does_not_ask_again_and_outputs_say_who_judged(script, tmp_path):
    out = tmp_path / "out"
    args = [CORPUS, "--group-method", "lexical", "--out", out, "--judge", "--engine", "judge-script", "--model",
            "script", "--merger", "extractive", "--json"]
    first = json.loads(_merge(*args).stdout)
    assert first["counts"]["stories_in"] == 15
    doc = json.loads((out / "merged.json").read_text(encoding="utf-8"))
    judge = doc["metadata"]["judge"]
    assert (judge["asked"], judge["cached"], judge["changed"]) == (3, 0, 1)
    assert doc["metadata"]["settings"]["judge"] is True
    assert any("judged by judge-script" in json.dumps(o) for o in doc["stories"])  # the link on the outputs
    assert "judged by judge-script" in (out / "report.html").read_text(encoding="utf-8")
    assert len(_pair_questions(script[0])) == 3

    _merge(*args, "--resume")
    judge = json.loads((out / "merged.json").read_text(encoding="utf-8"))["metadata"]["judge"]
    # The valid and the unusable answers come from the cache; only the engine error is asked again.
    assert (judge["asked"], judge["cached"], judge["judged"], judge["unusable"], judge["error"]) == (1, 2, 1, 1, 1)
    assert len(script) == 2 and len(script[1].asked) == 1 and "parking" in script[1].asked[0]  # controls cached
    shutil.rmtree(out)


def test_unsure_is_no_evidence_duplicate_or_related_in_the_band_or_by_meaning():
    from types import SimpleNamespace

    from storytransformer.relate.decide import Cutoffs, Decision
    from storytransformer.relate.judge import unsure

    cut = Cutoffs(duplicate=0.425, related=0.325)
    guess = lambda rel: Decision(rel, "similarity", evidence=False)  # noqa: E731
    decided = [
        (0, 1, 0.43, guess("duplicate")),                               # 0: nearest the cutoff
        (0, 2, 0.34, guess("related")),                                 # 1: in the band below
        (0, 3, 0.60, guess("duplicate")),                               # 2: above the band
        (0, 4, 0.30, guess("duplicate")),                               # 3: below, but by meaning
        (0, 5, 0.44, Decision("conflict", "same need, different numbers: '30' vs '60'")),
        (0, 6, 0.43, Decision("related", "different objects: 'slack' vs 'teams'")),
        (0, 7, 0.43, guess("unrelated")),
        (0, 8, 0.20, guess("related")),                                 # below the band
    ]
    cand = SimpleNamespace(meaning=[0.5, 0.5, 0.5, 0.7, 0.9, 0.9, 0.5, 0.5])
    assert unsure(cand, decided, cut) == [3, 0, 1]
    assert unsure(SimpleNamespace(meaning=None), decided, cut) == [0, 1]  # lexical: no meaning


def test_an_engine_that_crashes_keeps_every_no_model_decision(tmp_path):
    from storytransformer.ingest import ingest_paths
    from storytransformer.relate import relate
    from storytransformer.relate.judge import Judge
    from storytransformer.relate.judge_cache import JudgmentCache

    class Crash(JudgeScript):
        def generate(self, requests, on_result=None):
            raise RuntimeError("CUDA out of memory (scripted)")

    stories = ingest_paths([str(CORPUS)]).stories
    plain = relate(stories, method="lexical")
    judge = Judge(lambda: Crash(), identity="crash", cache=JudgmentCache(tmp_path))
    judged = relate(stories, method="lexical", judge=judge)
    assert [g.story_ids for g in judged.groups] == [g.story_ids for g in plain.groups]
    assert [(lk.source, lk.target, lk.relation) for lk in judged.links] == \
        [(lk.source, lk.target, lk.relation) for lk in plain.links]
    sent = [r for r in judge.records if r.status != "not sent"]
    assert sent and all(r.status == "error" and "CUDA out of memory" in r.reason for r in sent)


def test_judge_limit_asks_the_pairs_nearest_the_cutoff_first_and_loads_no_model_for_none(script, tmp_path):
    plan = _plan(tmp_path, "--judge", "--judge-limit", "1", "--engine", "judge-script", "--model", "script",
                 "--ctx", "8k")
    judge = plan["judge"]
    # Nearest the lexical cutoff (0.275): the pair with the story that talks to the model (0.31),
    # which is never sent; the other three are over the limit; nothing to ask, so no engine.
    assert [(p["source"], p["target"], p["status"]) for p in judge["pairs"]] == \
        [("backlog.md#11", "backlog.md#2", "not sent")]
    assert (judge["unsure_pairs"], judge["over_limit"], judge["asked"]) == (4, 3, 0)
    assert script == []


def test_a_judge_that_fails_its_control_pairs_is_not_trusted(monkeypatch, tmp_path):
    """The bundled 135M model answered "duplicate" to every pair (docs/grouping.md); a judge
    like that gets only the two duplicate controls right, and none of its answers is used."""
    from storytransformer.ingest import ingest_paths
    from storytransformer.relate import relate
    from storytransformer.relate.judge import Judge
    from storytransformer.relate.judge_cache import JudgmentCache

    class AlwaysDuplicate(JudgeScript):
        def generate(self, requests, on_result=None):
            out = [GenerationResult(r.request_id, '{"relation": "duplicate", "reason": "same"}', 9, 9, 0.01)
                   for r in requests]
            for res in out:
                on_result(res)
            return out

    stories = ingest_paths([str(CORPUS)]).stories
    plain = relate(stories, method="lexical")
    judge = Judge(lambda: AlwaysDuplicate(), identity="always-duplicate", cache=JudgmentCache(tmp_path))
    judged = relate(stories, method="lexical", judge=judge)
    assert [g.story_ids for g in judged.groups] == [g.story_ids for g in plain.groups]
    assert [(lk.source, lk.target, lk.relation) for lk in judged.links] == \
        [(lk.source, lk.target, lk.relation) for lk in plain.links]
    summary = judge.summary()
    assert summary["controls"]["trusted"] is False and summary["controls"]["right"] == 2
    sent = [r for r in judge.records if r.status != "not sent"]
    assert sent and all(r.status == "distrusted" and r.answer == "duplicate" and r.relation == r.before
                        and "got 2 of 5 control pairs right" in r.reason for r in sent)
    assert summary["changed"] == 0


def test_judge_prompts_from_a_prompts_folder_fall_back_to_the_bundled_ones(tmp_path):
    from storytransformer.errors import OptionError
    from storytransformer.relate.judge_prompt import load_judge_templates

    bundled = load_judge_templates(None)
    assert load_judge_templates(tmp_path) == bundled  # a --prompts folder made before the judge existed
    (tmp_path / "judge_user.md").write_text("<!-- prompt: judge_user version: 7 -->\nCompare:\n{{stories}}\n",
                                            encoding="utf-8")
    mine = load_judge_templates(tmp_path)
    assert mine.versions["judge_user"] == "7" and mine.system == bundled.system  # part of every cache key
    (tmp_path / "judge_user.md").write_text("<!-- prompt: judge_user version: 8 -->\nno placeholder\n",
                                            encoding="utf-8")
    with pytest.raises(OptionError, match="judge_user.md: has no"):
        load_judge_templates(tmp_path)
