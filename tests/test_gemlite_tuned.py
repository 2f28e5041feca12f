"""Which tuned GemLite config file a GPU gets (runtime/gemlite_tuned.py): name -> file, missing
file -> GemLite's own, bad file -> a warning naming it and GemLite's own. Plain Python: no GPU."""

import json
import logging
import subprocess
import sys
import tomllib
from pathlib import Path

from storytransformer.runtime import gemlite_tuned

ROOT = Path(__file__).resolve().parents[1]
ENTRY = {"BLOCK_SIZE_M": 1, "BLOCK_SIZE_N": 256, "BLOCK_SIZE_K": 8, "A_load_order": 0, "dot_prod_mode": 0,
         "num_warps": 2, "num_ctas": 1, "num_stages": 1}


def _write(dir_: Path, stem: str, data) -> Path:
    path = dir_ / f"{stem}.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_device_names_become_file_stems():
    assert gemlite_tuned.normalized_name("NVIDIA H200") == "nvidia_h200"
    assert gemlite_tuned.normalized_name("NVIDIA H100 80GB HBM3") == "nvidia_h100_80gb_hbm3"
    assert gemlite_tuned.normalized_name("  NVIDIA GeForce RTX 4090 ") == "nvidia_geforce_rtx_4090"


def test_the_gpu_gets_its_own_file_and_another_gpu_none(tmp_path):
    good = {"GEMV_REVSPLITK": {"(1, 4096, 4096, 64, 8, 104)": ENTRY}}
    path = _write(tmp_path, "nvidia_h200", good)
    assert gemlite_tuned.tuned_config("NVIDIA H200", None, tmp_path) == (path, good)
    # an H200 NVL is another device: no substring match as GemLite does, so no wrong file
    assert gemlite_tuned.tuned_config("NVIDIA H200 NVL", None, tmp_path) is None
    assert gemlite_tuned.tuned_config("NVIDIA A100-SXM4-80GB", None, tmp_path) is None


def test_environment_points_elsewhere_or_turns_it_off(tmp_path, caplog):
    good = {"GEMM": {"(64, 4096, 4096, 64, 8, 104)": ENTRY}}
    _write(tmp_path, "nvidia_h200", {"GEMV": {"(1, 4096, 4096, 64, 8, 104)": ENTRY}})
    other = _write(tmp_path, "mine", good)
    assert gemlite_tuned.tuned_config("NVIDIA H200", str(other), tmp_path) == (other, good)
    for off in ("none", "OFF", " 0 "):
        assert gemlite_tuned.tuned_config("NVIDIA H200", off, tmp_path) is None
    assert gemlite_tuned.tuned_config("NVIDIA H200", "", tmp_path)[0].name == "nvidia_h200.json"
    with caplog.at_level(logging.WARNING):
        assert gemlite_tuned.tuned_config("NVIDIA H200", str(tmp_path / "gone.json"), tmp_path) is None
    assert "gone.json" in caplog.text and "GemLite's own configs apply" in caplog.text


def test_shipped_files_only_with_the_gemlite_release_they_were_tuned_with(tmp_path, caplog):
    good = {"GEMV_REVSPLITK": {"(1, 4096, 4096, 64, 8, 104)": ENTRY}}
    path = _write(tmp_path, "nvidia_h200", good)
    for version in ("0.6.0.post2", "0.6.1"):
        assert gemlite_tuned.tuned_config("NVIDIA H200", None, tmp_path, gemlite_version=version) == (path, good)
    with caplog.at_level(logging.WARNING):
        assert gemlite_tuned.tuned_config("NVIDIA H200", None, tmp_path, gemlite_version="0.7.0") is None
        assert gemlite_tuned.tuned_config("NVIDIA H200", None, tmp_path, gemlite_version="0.60") is None
    assert "tuned with GemLite 0.6, this is 0.7.0" in caplog.text
    # named in the environment: the user's choice, whatever the release
    assert gemlite_tuned.tuned_config("NVIDIA H200", str(path), tmp_path, gemlite_version="0.7.0") == (path, good)


def test_bad_files_warn_with_their_name_and_fall_back(tmp_path, caplog):
    bad = {
        "truncated": '{"GEMV_REVSPLITK": {"(1, 4096, 4096, 64, 8, 104)": {"num_warps": 2',
        "list": [1, 2],
        "empty": {},
        "unknown_kernel": {"GEMV_FAST": {"(1, 4096, 4096, 64, 8, 104)": ENTRY}},
        "bad_signature": {"GEMV": {"1, 4096, 4096": ENTRY}},
        "no_warps": {"GEMV": {"(1, 4096, 4096, 64, 8, 104)": {"BLOCK_SIZE_N": 64, "num_stages": 1}}},
        "bool_warps": {"GEMV": {"(1, 4096, 4096, 64, 8, 104)": {**ENTRY, "num_warps": True}}},
        "latin1": None,
    }
    for stem, data in bad.items():
        if data is None:
            path = tmp_path / f"{stem}.json"
            path.write_bytes('{"GEMV": "caf\u00e9"}'.encode("latin-1"))
        else:
            path = _write(tmp_path, stem, data)
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            assert gemlite_tuned.tuned_config("whatever", str(path), tmp_path) is None, stem
        assert f"{stem}.json" in caplog.text, stem


def test_shipped_h200_file_is_valid_and_keyed_for_the_engine_shapes():
    """The package data: GemLite's format, and the signatures the int4 engine asks for
    (fused q/k/v 6144x4096, group 64, 8 int4 per int32, bf16 type id 104) at batch 1 and 64."""
    chosen = gemlite_tuned.tuned_config("NVIDIA H200")
    assert chosen is not None
    path, data = chosen
    assert path.parent == gemlite_tuned.CONFIG_DIR
    assert "(1, 6144, 4096, 64, 8, 104)" in data["GEMV_REVSPLITK"]
    assert "(64, 14336, 4096, 64, 8, 104)" in data["GEMM"]
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "runtime/gemlite_configs/*.json" in globs["storytransformer"]


def test_importing_the_int4_modules_stays_light():
    code = ("import sys; import storytransformer.runtime.int4_gemlite, storytransformer.runtime.gemlite_tuned; "
            "print(sorted(m for m in ('torch', 'gemlite', 'triton') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
