"""Nothing lost: every input id in exactly one output story, whatever the model does.

Hypothesis draws random corpora, random groupings and a misbehaving model (scripted modes:
dropped, invented and repeated ids, invalid, truncated and empty answers, engine crashes; or
arbitrary JSON-ish text), and the merge must still account for every story exactly once."""

import json
import tempfile

from hypothesis import HealthCheck, given, settings, strategies as st

from scripted_engine import MODES, ScriptedEngine
from storytransformer.merge import InvariantViolation, MergeSettings, check_invariant, merge_corpus
from storytransformer.results import OutputStory
from storytransformer.runtime.types import EngineInfo, GenerationResult
from storytransformer.stories import Corpus, Group, Story

WORDS = ["user", "admin", "shopper", "reset", "password", "export", "report", "csv", "login", "email",
         "minutes", "15", "30", "Okta", "cart", "checkout", "quickly", "audit", "secure", "link"]
ID = st.from_regex(r"[A-Z]{1,4}-[0-9]{1,4}|[a-z]{1,6}\.md#[0-9]{1,2}|S[0-9]", fullmatch=True)


@st.composite
def corpora(draw, max_stories=14):
    ids = draw(st.lists(ID, min_size=1, max_size=max_stories, unique=True))
    stories = []
    for n, sid in enumerate(ids):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=0, max_size=12))
        role, goal = draw(st.sampled_from(WORDS)), " ".join(words) or "do things"
        text = f"As a {role}, I want {goal}, so that {draw(st.sampled_from(WORDS))}."
        crit = tuple(draw(st.lists(st.sampled_from(WORDS), max_size=3)))
        if crit:
            text += "\n" + "\n".join(f"- {c}" for c in crit)
        stories.append(Story(sid, text, "f.md", n + 1, "markdown", title=" ".join(words[:3]),
                             role=role, goal=goal, acceptance_criteria=crit))
    k = draw(st.integers(1, len(ids)))
    assign = draw(st.lists(st.integers(0, k - 1), min_size=len(ids), max_size=len(ids)))
    groups = [Group(tuple(sid for sid, a in zip(ids, assign, strict=True) if a == g)) for g in range(k)]
    groups = [g for g in groups if g.story_ids]
    return Corpus(stories, [], ["f.md"]), groups


def assert_nothing_lost(corpus, run):
    ids = [s.id for s in corpus.stories]
    sources = [sid for o in run.stories for sid in o.sources]
    assert sorted(sources) == sorted(ids)  # each exactly once
    for o in run.stories:
        assert o.decision in ("merged", "unchanged", "flagged")
        if o.decision == "unchanged":
            assert len(o.sources) == 1 and o.text == run.originals[o.sources[0]].text  # kept verbatim
        else:
            assert len(o.sources) >= 2
            assert all(s in run.originals for s in o.sources)  # originals available beside it
        if o.decision == "flagged":
            assert o.flags
    c = run.metadata["counts"]
    assert c["stories_in"] == len(ids) and c["stories_out"] == len(run.stories)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=corpora(),
    modes=st.lists(st.sampled_from(MODES), min_size=1, max_size=4),
    repair=st.one_of(st.none(), st.sampled_from(MODES)),
    seed=st.integers(0, 1000),
    batch=st.integers(1, 4),
)
def test_scripted_misbehaviour_never_loses_a_story(data, modes, repair, seed, batch):
    corpus, groups = data
    engine = ScriptedEngine(modes, repair_mode=repair, seed=seed)
    run = merge_corpus(corpus, groups, MergeSettings(batch_size=batch), engine=engine)
    assert_nothing_lost(corpus, run)
    # Every multi-story group costs one call, plus at most one repair; a group of identical
    # copies (same role, goal, benefit and criteria: the generator writes them the same way)
    # costs none.
    by_id = corpus.by_id()
    model_groups = [g for g in groups if not g.is_singleton and len(
        {(by_id[i].role, by_id[i].goal, by_id[i].benefit, by_id[i].acceptance_criteria) for i in g.story_ids}) > 1]
    assert len(model_groups) <= run.metadata["counts"]["model_calls"] <= 2 * len(model_groups)


class TextEngine:
    """Answers each request with the next drawn text: arbitrary model output."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.info = EngineInfo(model="fuzz", context_length=4096)
        self.n = 0

    def count_tokens(self, text):
        return len(text.split())

    def prompt_tokens(self, messages):
        return sum(len(m["content"].split()) for m in messages)

    def generate(self, requests, on_result=None):
        out = []
        for r in requests:
            text = self.answers[self.n % len(self.answers)]
            self.n += 1
            res = GenerationResult(r.request_id, text, 1, len(text), 0.0)
            out.append(res)
            if on_result:
                on_result(res)
        return out


REF = st.sampled_from(["S1", "S2", "S3", "s4", "[S5]", "S9", "S0", "NOPE-1", "", "S1 S2", 7, None])
STORY_OBJ = st.fixed_dictionaries(
    {"sources": st.one_of(st.lists(REF, max_size=5), REF)},
    optional={"title": st.text(max_size=15), "goal": st.one_of(st.text(max_size=30), st.integers()),
              "role": st.sampled_from(WORDS), "acceptance_criteria": st.one_of(st.lists(st.text(max_size=10)), st.text())},
)


@st.composite
def answers(draw):
    kind = draw(st.sampled_from(["json", "truncated", "fenced", "text"]))
    if kind == "text":
        return draw(st.text(max_size=200))
    doc = json.dumps({"stories": draw(st.lists(STORY_OBJ, max_size=4))})
    if kind == "truncated":
        return doc[: draw(st.integers(0, len(doc)))]
    return f"```json\n{doc}\n```" if kind == "fenced" else doc


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=corpora(max_stories=8), texts=st.lists(answers(), min_size=1, max_size=6))
def test_arbitrary_model_text_never_loses_a_story(data, texts):
    corpus, groups = data
    run = merge_corpus(corpus, groups, MergeSettings(), engine=TextEngine(texts))
    assert_nothing_lost(corpus, run)


@settings(max_examples=15, deadline=None)
@given(data=corpora(max_stories=8), modes=st.lists(st.sampled_from(MODES), min_size=1, max_size=3))
def test_journaled_rerun_gives_the_same_backlog(data, modes):
    corpus, groups = data
    with tempfile.TemporaryDirectory() as out:
        first = merge_corpus(corpus, groups, MergeSettings(), engine=ScriptedEngine(modes), out_dir=out)

        def no_engine():
            raise AssertionError("resume of a finished run must not load the model")

        again = merge_corpus(corpus, groups, MergeSettings(), load_engine=no_engine, out_dir=out, resume=True)
    assert [o.to_dict() for o in again.stories] == [o.to_dict() for o in first.stories]


def test_check_invariant_catches_bugs():
    a = OutputStory("M-1", "merged", ("A", "B"), "g")
    b = OutputStory("B", "unchanged", ("B",), "g")
    c = OutputStory("C", "unchanged", ("C",), "g")
    check_invariant(["A", "B", "C"], [a, c])
    for bad_ids, bad_outputs in ((["A", "B", "C"], [a, b, c]), (["A", "B", "C"], [a]),
                                  (["A", "B"], [a, c]), (["A", "B"], [OutputStory("X", "kept", ("A", "B"), "g")])):
        try:
            check_invariant(bad_ids, bad_outputs)
        except InvariantViolation:
            continue
        raise AssertionError(f"not caught: {bad_ids} {bad_outputs}")


def test_identical_copies_merge_without_a_model_call():
    # The same story in three places (Markdown with a title, a CSV row with an extra blank
    # line and other case, a text file without title) plus one different story.
    text = "As a shopper, I want to save my cart, so that I can finish later.\n- Cart kept 30 days"
    stories = [
        Story("cart.md#1", "## Save cart\n" + text, "cart.md", 1, "markdown", title="Save cart",
              role="shopper", goal="to save my cart", benefit="I can finish later",
              acceptance_criteria=("Cart kept 30 days",)),
        Story("FC-9", text.upper().replace("\n", "\n\n"), "x.csv", 2, "csv", title="",
              role="SHOPPER", goal="TO SAVE MY CART", benefit="I CAN FINISH LATER",
              acceptance_criteria=("CART KEPT 30 DAYS",)),
        Story("notes.txt#4", text, "notes.txt", 7, "text", role="shopper", goal="to save my cart",
              benefit="I can finish later", acceptance_criteria=("Cart kept 30 days",)),
        Story("FC-10", "As a shopper, I want to pay by card, so that checkout is fast.", "x.csv", 3, "csv",
              role="shopper", goal="to pay by card", benefit="checkout is fast"),
    ]
    corpus = Corpus(stories, [], ["cart.md", "x.csv", "notes.txt"])
    groups = [Group(("cart.md#1", "FC-9", "notes.txt#4")), Group(("FC-10",))]
    engine = ScriptedEngine(["good"])
    run = merge_corpus(corpus, groups, MergeSettings(), engine=engine)
    assert_nothing_lost(corpus, run)
    counts = run.metadata["counts"]
    assert counts["model_calls"] == 0 and counts["copy_groups"] == 1
    (merged,) = [o for o in run.stories if len(o.sources) > 1]
    assert merged.decision == "merged" and set(merged.sources) == {"cart.md#1", "FC-9", "notes.txt#4"}
    assert merged.title == "Save cart"  # the most complete copy is kept (it has a title)
    assert merged.acceptance_criteria == ("Cart kept 30 days",)


def test_near_copies_still_go_to_the_model():
    a = Story("A-1", "As a user, I want to reset my password, so that I can log in.", "f.md", 1, "markdown",
              role="user", goal="to reset my password", benefit="I can log in")
    b = Story("A-2", "As a user, I want to reset my password, so that I can log in again.", "f.md", 2,
              "markdown", role="user", goal="to reset my password", benefit="I can log in again")
    corpus = Corpus([a, b], [], ["f.md"])
    run = merge_corpus(corpus, [Group(("A-1", "A-2"))], MergeSettings(), engine=ScriptedEngine(["good"]))
    assert run.metadata["counts"]["model_calls"] >= 1 and run.metadata["counts"]["copy_groups"] == 0


def test_groups_per_call_is_small_on_the_cpu_so_a_kill_loses_little():
    from storytransformer.merge import MergeSettings, groups_per_call
    from storytransformer.runtime.types import EngineInfo

    class Info:
        def __init__(self, device):
            self.info = EngineInfo(model="m", device=device)

    assert groups_per_call(MergeSettings(), Info("cpu")) == 8
    assert groups_per_call(MergeSettings(), Info("cuda:0")) == 64
    assert groups_per_call(MergeSettings(), Info("http://127.0.0.1:8080/v1")) == 64  # a server queues
    assert groups_per_call(MergeSettings(batch_size=3), Info("cpu")) == 3  # --batch-size wins
