"""The shared options: one definition, the same names/short options/defaults in every command,
checked when parsed (through the real CLI)."""

import os
import re
import subprocess
import sys
import time

import click
import pytest
from click.testing import CliRunner

from storytransformer.cli import COMMANDS, LazyGroup, main

SHARED = ("model", "ctx", "as_json", "device", "out", "out_dir", "encoding", "quant", "attn", "kv_cache", "verbose",
          "follow_symlinks")
# --out names a different artifact per command, so its default differs (and ingest writes a file).
DEFAULT_MAY_DIFFER = {"out", "out_dir"}


def _commands() -> dict[str, click.Command]:
    return {name: LazyGroup.get_command(main, None, name) for name in COMMANDS}


def _shared_params():
    found: dict[str, list[tuple[str, click.Parameter]]] = {}
    for name, cmd in _commands().items():
        for p in cmd.params:
            if p.name in SHARED:
                found.setdefault("out" if p.name == "out_dir" else p.name, []).append((name, p))
    return found


def test_every_command_has_verbose_json_and_the_shared_options_agree():
    found = _shared_params()
    assert {c for c, _ in found["verbose"]} == set(COMMANDS)
    assert {c for c, _ in found["as_json"]} == set(COMMANDS)
    for key in ("model", "ctx", "quant", "attn", "kv_cache", "device"):
        assert {"merge", "needle", "doctor", "bench"} <= {c for c, _ in found[key]}, key
    assert {"merge", "ingest", "estimate-cost"} <= {c for c, _ in found["encoding"]}
    # every command that reads story paths (ingest/walk.py: links leaving the folders)
    assert {"merge", "ingest", "estimate-cost"} <= {c for c, _ in found["follow_symlinks"]}
    for key, uses in found.items():
        first_cmd, first = uses[0]
        for cmd, p in uses[1:]:
            where = f"{key}: {first_cmd} vs {cmd}"
            assert sorted(p.opts) == sorted(first.opts), where
            assert sorted(p.secondary_opts) == sorted(first.secondary_opts), where
            if key not in DEFAULT_MAY_DIFFER:
                assert p.default == first.default, where
            assert getattr(p, "count", None) == getattr(first, "count", None), where


def test_help_shows_the_same_option_lines():
    runner = CliRunner()
    for name in COMMANDS:
        out = runner.invoke(main, [name, "--help"]).output
        assert "-v, --verbose" in out, name
        assert "--json" in out, name
        if "--model" in out:
            assert "-m, --model MODEL" in out, name
        if re.search(r"--out[ ,\n]", out):
            assert "-o, --out" in out, name


@pytest.mark.parametrize("cmd", ["merge", "needle", "doctor", "bench"])
def test_attn_and_quant_are_checked_at_parse_time_in_one_spelling(cmd, tmp_path):
    runner = CliRunner()
    res = runner.invoke(main, [cmd, "--attn", "turbo", "--help"])  # --help is eager: parse the value first
    bad = runner.invoke(main, [cmd, "--attn", "turbo"])
    assert bad.exit_code == 2 and "turbo" in bad.output and "sdpa:cudnn" in bad.output, bad.output
    bad = runner.invoke(main, [cmd, "--quant", "3bit"])
    assert bad.exit_code == 2 and "3bit" in bad.output and "int4-gemlite" in bad.output
    bad = runner.invoke(main, [cmd, "--device", "tpu"])
    assert bad.exit_code == 2 and "tpu" in bad.output
    del res


def test_attention_aliases_become_the_canonical_spelling():
    from storytransformer.parsing import normalize_attn

    assert normalize_attn("sdpa_cudnn") == "sdpa:cudnn"  # bench's old spelling
    assert normalize_attn("flash") == "flash_attention_2"  # merge's old help
    assert normalize_attn("SDPA") == "sdpa"


def test_encoding_checked_at_parse_time_for_merge_too(tmp_path):
    (tmp_path / "s.md").write_text("As a user I want to log in so that I can work.\n")
    res = CliRunner().invoke(main, ["merge", str(tmp_path), "--encoding", "klingon", "--dry-run"])
    assert res.exit_code != 0 and "--encoding" in res.output and "klingon" in res.output


def test_verbose_works_after_the_subcommand(tmp_path):
    # -vv after the subcommand turns a one-line error into its traceback, as -vv before it does.
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    args = [sys.executable, "-m", "storytransformer", "doctor", "--model", str(tmp_path / "nope")]
    quiet = subprocess.run(args, capture_output=True, text=True, env=env)
    loud = subprocess.run(args + ["-vv"], capture_output=True, text=True, env=env)
    assert quiet.returncode == 1 and "Traceback" not in quiet.stderr
    assert loud.returncode != 0 and "Traceback" in loud.stderr


@pytest.mark.parametrize("offline", ["1", ""])
@pytest.mark.parametrize("argv", [["merge", "examples/stories", "--model", "no/such-model", "--dry-run"],
                                  ["merge", "examples/stories", "--model", "no/such-model"],
                                  ["doctor", "--model", "no/such"]])
def test_a_wrong_model_fails_fast_in_one_line(argv, offline):
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    if offline:
        env["HF_HUB_OFFLINE"] = offline
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "storytransformer", *argv], capture_output=True, text=True,
                         env=env, timeout=60)
    elapsed = time.perf_counter() - t0
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert res.returncode == 1, res.stderr
    assert len(lines) == 1 and "--model" in lines[0] and "no/such" in lines[0], res.stderr
    assert elapsed < 3.0 * (2 if os.environ.get("CI_SLOW") else 1) + 2, elapsed  # 3 s + start-up slack on a shared box
    assert res.stdout == ""


def test_attn_the_machine_cannot_run_fails_while_planning(tmp_path):
    """--attn flash on this CPU machine: one line at plan time (even for --dry-run), no model load."""
    import torch

    if torch.cuda.is_available():
        pytest.skip("the CPU refusal is what is tested here")
    (tmp_path / "s.md").write_text("As a user I want to log in so that I can work.\n")
    for extra in (["--dry-run"], ["--out", str(tmp_path / "o")]):
        res = CliRunner().invoke(main, ["merge", str(tmp_path / "s.md"), "--attn", "flash", *extra])
        assert res.exit_code == 1, res.output
        lines = [ln for ln in res.output.splitlines() if ln.strip()]
        assert len(lines) == 1 and "--attn flash_attention_2" in lines[0] and "GPU" in lines[0], res.output
        assert "loading" not in res.output
    assert not (tmp_path / "o").exists()


def test_bf16_only_where_it_is_native():
    from storytransformer.runtime.hardware import HardwareInfo, native_bf16
    from storytransformer.runtime.quant import choose_quant

    def torch_says_yes(including_emulation=True):  # what torch answers on a T4: emulated bf16
        return True if including_emulation else False

    assert native_bf16("cuda", 7, torch_says_yes) is False  # T4 / V100
    assert native_bf16("cuda", 8, lambda including_emulation=True: True) is True  # A100
    assert native_bf16("cuda", 9, lambda: True) is True  # an old torch without the keyword
    t4 = HardwareInfo(backend="cuda", device="cuda:0", compute_capability=(7, 5),
                      bf16=native_bf16("cuda", 7, torch_says_yes))
    assert choose_quant(t4, "none").dtype == "float16"
    a100 = HardwareInfo(backend="cuda", device="cuda:0", compute_capability=(8, 0), bf16=True)
    assert choose_quant(a100, "none").dtype == "bfloat16"
