"""Runtime numbers on this machine (docs/runtime.md): load time, CPU dtype, batching.

    python benchmarks/runtime_cpu.py load        # 3 fresh processes: start -> engine ready -> first tokens
    python benchmarks/runtime_cpu.py load 5      # 5 of them (the first converts if the cache is empty)
    python benchmarks/runtime_cpu.py dtype       # float32 vs bfloat16 vs NF4, 64 new tokens, median of 3
    python benchmarks/runtime_cpu.py batch       # aggregate tokens/s at batch 1, 4, 8

Uses $STORYTRANSFORMER_CACHE (set it to an empty folder to time a cold first load).
"""

import os
import sys
import time


def ask(text, n):
    from storytransformer.runtime.types import GenerationRequest

    return GenerationRequest(({"role": "user", "content": text},), max_new_tokens=n, request_id=text)


def load(runs="3"):
    """Start fresh Python processes that load the bundled model and generate; time each from
    just before the process is started (interpreter start-up included) to the engine being
    ready, to the first generated token and to the end of a 16-token answer, and the exit.
    The child reports time.perf_counter() stamps: CLOCK_MONOTONIC, shared by the processes."""
    import subprocess

    rows = []
    for i in range(int(runs)):
        t0 = time.perf_counter()
        child = subprocess.run([sys.executable, __file__, "_child"], capture_output=True, text=True, check=True)
        t_exit = time.perf_counter()
        stamps = dict(line.split(" ", 1) for line in child.stdout.splitlines() if " " in line)
        at = {k: float(v) - t0 for k, v in stamps.items() if k.startswith("t_")}
        rows.append(at["t_ready"])
        print(f"run {i + 1}: ready {at['t_ready']:.2f} s (interpreter {at['t_main']:.2f}, importing torch and "
              f"transformers' modeling code {at['t_imports'] - at['t_main']:.2f}, rest of load_engine "
              f"{at['t_ready'] - at['t_imports']:.2f}); first token {at['t_first_token']:.2f} s; "
              f"{stamps['tokens']} tokens {at['t_done']:.2f} s; process exited {t_exit - t0:.2f} s; CPU time to "
              f"ready {stamps['cpu_ready']} s, {stamps['majflt_ready']} page faults read from disk; "
              f"load average {os.getloadavg()[0]:.1f}")
    print(f"ready: min {min(rows):.2f} s, median {sorted(rows)[len(rows) // 2]:.2f} s, max {max(rows):.2f} s")
    print(stamps["reasons"])


def _child():
    """One timed start (see load): load_engine's imports first (timed apart), then load_engine."""
    t_main = time.perf_counter()
    from storytransformer import runtime

    if hasattr(runtime, "import_torch_and_transformers"):
        runtime.import_torch_and_transformers()
    else:  # the code before that function existed, for before/after runs
        import torch  # noqa: F401
        import transformers.modeling_utils  # noqa: F401
    t_imports = time.perf_counter()
    engine = runtime.load_engine()
    t_ready = time.perf_counter()
    import resource

    use = resource.getrusage(resource.RUSAGE_SELF)  # CPU time and disk reads up to ready
    r = engine.generate([ask("What is the capital of France?", 16)])[0]
    t_done = time.perf_counter()
    # The engine times generate() from just before the model call: its start is t_done - r.seconds
    # (a few ms late, as t_done also covers decoding the answer), the first token ttft after that.
    for k, v in dict(t_main=t_main, t_imports=t_imports, t_ready=t_ready,
                     t_first_token=t_done - r.seconds + (r.time_to_first_token or r.seconds), t_done=t_done).items():
        print(k, repr(v))
    print("tokens", r.output_tokens)
    print("cpu_ready", f"{use.ru_utime + use.ru_stime:.2f}")
    print("majflt_ready", use.ru_majflt)
    print("reasons", engine.info.reasons)


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
    {"load": load, "_child": _child, "dtype": dtype, "batch": batch}[sys.argv[1] if len(sys.argv) > 1 else "load"](
        *sys.argv[2:])
