"""Runtime numbers on this machine (docs/runtime.md): load time, CPU dtype, batching.

    python benchmarks/runtime_cpu.py load        # run twice: the first converts, the second reads the cache
    python benchmarks/runtime_cpu.py dtype       # float32 vs bfloat16 vs NF4, 64 new tokens, median of 3
    python benchmarks/runtime_cpu.py batch       # aggregate tokens/s at batch 1, 4, 8

Uses $STORYTRANSFORMER_CACHE (set it to an empty folder to time a cold first load).
"""

import os
import sys
import time

T0 = time.perf_counter()


def ask(text, n):
    from storytransformer.runtime.types import GenerationRequest

    return GenerationRequest(({"role": "user", "content": text},), max_new_tokens=n, request_id=text)


def load():
    import torch  # noqa: F401
    import transformers  # noqa: F401

    from storytransformer.runtime import load_engine

    t1 = time.perf_counter()
    engine = load_engine()
    t2 = time.perf_counter()
    r = engine.generate([ask("What is the capital of France?", 16)])[0]
    t3 = time.perf_counter()
    print(f"imports {t1 - T0:.2f}s load_engine {t2 - t1:.2f}s ready {t2 - T0:.2f}s "
          f"first generate {t3 - t2:.2f}s ({r.output_tokens} tokens); load average {os.getloadavg()[0]:.1f}")
    print(engine.info.reasons)


def dtype():
    from storytransformer.runtime import load_engine

    req = ask("Write a user story about password reset with acceptance criteria.", 64)
    engines = {"float32": load_engine(dtype="float32"), "bfloat16": load_engine(dtype="bfloat16"),
               "4bit": load_engine(quant="4bit")}
    speeds = {k: [] for k in engines}
    for _ in range(3):
        for k, e in engines.items():
            t = time.perf_counter()
            r = e.generate([req])[0]
            speeds[k].append(r.output_tokens / (time.perf_counter() - t))
    print({k: round(sorted(v)[1], 1) for k, v in speeds.items()}, "tok/s (median of 3);",
          f"load average {os.getloadavg()[0]:.1f}")


def batch():
    from storytransformer.runtime import load_engine

    e = load_engine()
    topics = ["password reset", "login", "export to CSV", "dark mode", "search filters", "notifications",
              "invoices", "user roles"]
    reqs = [ask(f"Write a user story about {t}.", 48) for t in topics]
    for b in (1, 4, 8):
        t = time.perf_counter()
        out = e.generate(reqs[:b])
        dt = time.perf_counter() - t
        n = sum(r.output_tokens for r in out)
        print(f"batch {b}: {n} tokens in {dt:.2f}s = {n / dt:.1f} tok/s aggregate; "
              f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    {"load": load, "dtype": dtype, "batch": batch}[sys.argv[1] if len(sys.argv) > 1 else "load"]()
