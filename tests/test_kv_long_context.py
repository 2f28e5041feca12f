"""benchmarks/kv_long_context.py (the 128k-in-24-GiB GPU measurement) runs its whole path on the
CPU with a tiny random config: chunked prefill into each KV format, decode, the JSON it writes."""

from __future__ import annotations

import json

from repo_script import ROOT, load_script


def _script():
    return load_script("benchmarks/kv_long_context.py")


def test_script_measures_each_kv_format_and_writes_json(tmp_path):
    out = tmp_path / "kv.json"
    result = _script().main(["--model", "config:llama-tiny", "--quant", "none", "--device", "cpu",
                             "--prompt", "700", "--chunk", "256", "--new-tokens", "3",
                             "--kv-cache", "int8,auto", "--out", str(out)])
    assert json.loads(out.read_text()) == json.loads(json.dumps(result))
    runs = {r["kv_cache"]: r for r in result["runs"]}
    assert set(runs) == {"int8", "auto"}
    cfg = json.loads((ROOT / "storytransformer" / "configs" / "llama-tiny.json").read_text())
    layers, kv_heads = cfg["num_hidden_layers"], cfg["num_key_value_heads"]
    head_dim = cfg.get("head_dim") or cfg["hidden_size"] // cfg["num_attention_heads"]
    for row in runs.values():
        assert row["status"] == "ok", row
        assert row["prefill_tokens_per_s"] > 0 and row["decode_tokens_per_s"] > 0
        assert len(row["tokens"]) == 3 and row["planned"]["kv_bytes_per_token"] > 0
        assert row["peak_allocated_gib"] is None and "CPU" in row["peak_note"]
    # int8: allocated once for prompt + new tokens (703 -> 768 positions), one byte + a float32
    # scale per value vector; auto: the float32 model's own K/V of the 703 positions written
    assert runs["int8"]["kv_cache_bytes"] == layers * 2 * kv_heads * 768 * (head_dim + 4)
    assert runs["auto"]["kv_cache_bytes"] == layers * 2 * kv_heads * 700 * head_dim * 4
    assert runs["int8"]["planned"]["kv_bytes_per_token"] < runs["auto"]["planned"]["kv_bytes_per_token"]
