"""Start llama-cpp-python's OpenAI-compatible server (``python -m llama_cpp.server``), the real
server the end-to-end tests run against, with one change: weights are not repacked into
llama.cpp's "extra" CPU buffer types.

Why: on the build/CI machines (Intel Xeon with AMX, in a Firecracker VM) llama.cpp picks the
AMX buffer for the bundled Q4_1 weights, and the first ``ldtilecfg`` dies with a general
protection fault (dmesg: ``general protection fault ... in libggml-cpu.so``,
``ggml_backend_amx_mul_mat``), killing the server on its first request. llama.cpp's own
llama-server has ``--no-repack`` for this; llama-cpp-python's server has no setting, so the
model parameters' ``use_extra_bufts`` is turned off here before the server builds its model.

    python tests/llama_server_main.py --model X.gguf --port 8080 [any llama_cpp.server option]
"""

import runpy
import sys

import llama_cpp.llama_cpp as native

_default_params = native.llama_model_default_params


def _params_without_repack():
    params = _default_params()
    params.use_extra_bufts = False
    return params


native.llama_model_default_params = _params_without_repack

if __name__ == "__main__":
    sys.argv[0] = "llama_cpp.server"
    runpy.run_module("llama_cpp.server", run_name="__main__")
