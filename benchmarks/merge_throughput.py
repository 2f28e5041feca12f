"""Whole-merge throughput: batched engine vs a naive one-prompt-at-a-time loop.

    # on the H100 (random-weight Llama-3.1-8B shape, 4-bit NF4, fixed 128 output tokens)
    python benchmarks/merge_throughput.py --stories 20000 --out $OUT/merge_throughput.json
    # anywhere, in seconds (tiny random Llama on CPU)
    python benchmarks/merge_throughput.py --tiny
    # one copy of the model per GPU, sharing the work (runtime/replicas.py, merge --devices)
    python benchmarks/merge_throughput.py --devices cuda:0,cuda:1 --naive-groups 0
    # the main job at the seed's size with realistic answer lengths (issue 15), end to end
    python benchmarks/merge_throughput.py --corpus-tokens 880000 --answer-lengths merge \
        --quant int4-gemlite --batch-size 100000 --rows 128 --naive-groups 0
    # schema-constrained decoding in the static loop vs the same requests unconstrained
    python benchmarks/merge_throughput.py --stories 3000 --max-groups 256 --quant none --batching static \
        --new-tokens 1024 --naive-groups 0 --schema on   # then --schema off

What runs: a synthetic backlog (``--stories``, a share of them planted as paraphrased
duplicates) -> grouping (storytransformer.group.find_groups) -> the merge pipeline
(storytransformer.merge.merge_corpus: prompts, batched generation, parsing, verification,
journal) with the engine's batching, then the same prompts for a sample of groups sent one
request at a time (``--naive-groups``). Speed does not depend on weight values, so a
random-weight model of the real shape stands in for the real one; its answers are noise,
which the pipeline flags (that is also a test of "nothing lost" at scale). Every group costs
exactly one call (``--no-repair``) and every call generates about ``--new-tokens`` tokens
(random weights almost never emit EOS), so both loops do the same work per group.

``--answer-lengths merge`` gives each group its own answer length instead, as real merges
have: ``answer_length`` below, fitted to the 33 hand-written merged answers of
benchmarks/data/answers (cl100k tokens of the answer JSON: 130-181, about 30.6 per acceptance
criterion plus one, for 2-story groups with about 4 criteria), so a group's length grows with
its distinct criteria, with log-normal spread, clipped to 40-400 tokens. Random weights never
emit EOS, so each request's ``max_new_tokens`` is capped to its drawn length (the engine call
is wrapped for that): every request generates exactly its drawn length, as a real answer that
ends there would. ``--corpus-tokens N`` sizes the corpus by tokens (the word-level tokenizer's
count of the story texts) instead of ``--stories``.

``--schema on`` (the default) sends each request with its answer's JSON schema, as merge
does: the engine constrains decoding to it where it can (xgrammar in-process; the JSON's
``engine.constrained`` says whether it did); ``--schema off`` sends the same requests without
it. Either way the raw answers are counted (``batched.answers``: finish reasons, parsed as
strict JSON or not, and ``unparseable_closed``, answers that ended on their own yet do not
parse). Random weights fill each string up to its schema bound, so a constrained answer runs
to hundreds of tokens: give ``--new-tokens`` room (e.g. 1024) for the answers to close.

The tokenizer is a word-level one built here from the corpus (no download needed on an
air-gapped GPU box); ``--tokenizer DIR`` uses a real Hugging Face tokenizer instead.
Prints one table and writes JSON (``--out``).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROLES = ["shopper", "admin", "driver", "editor", "patient", "nurse", "teacher", "student", "analyst",
         "manager", "guest", "tenant", "landlord", "support agent", "developer", "auditor"]
VERBS = ["export", "import", "filter", "search", "share", "archive", "schedule", "approve", "reject",
         "download", "upload", "print", "sort", "tag", "review", "cancel", "book", "track", "compare", "rate"]
OBJECTS = ["invoices", "orders", "reports", "appointments", "deliveries", "articles", "courses", "tickets",
           "payslips", "contracts", "photos", "playlists", "timesheets", "claims", "leases", "routes",
           "prescriptions", "grades", "receipts", "messages", "budgets", "shifts", "reviews", "coupons"]
QUALIFIERS = ["by date", "by region", "as PDF", "as CSV", "in bulk", "from my phone", "with one click",
              "before noon", "for last month", "for my team", "offline", "by customer", "by status"]
BENEFITS = ["I save time", "I meet the deadline", "nothing gets lost", "my team stays informed",
            "I can plan ahead", "errors are caught early", "customers stay happy", "audits pass",
            "I avoid phone calls", "costs stay visible"]
SYLLABLES = ["ka", "lo", "mi", "ren", "to", "va", "shi", "por", "den", "qua", "bel", "nu", "fa", "gor", "ix",
             "sol", "tem", "ur", "wen", "zo"]
SWAPS = {"I want to": "I would like to", "so that": "in order that", "export": "extract",
         "filter": "narrow down", "search": "look up", "quickly": "fast"}


def synthetic_corpus(n: int, dup_share: float, seed: int = 0):
    """``n`` stories; about ``dup_share`` of them are paraphrased copies of another story."""
    from storytransformer.stories import Corpus, Story

    rng = random.Random(seed)
    stories, bases = [], []
    while len(stories) < n:
        sid = f"SYN-{len(stories) + 1}"
        if bases and rng.random() < dup_share:
            text = rng.choice(bases)
            for a, b in rng.sample(sorted(SWAPS.items()), k=2):
                text = text.replace(a, b)
        else:
            role, verb, obj = rng.choice(ROLES), rng.choice(VERBS), rng.choice(OBJECTS)
            qual, benefit = rng.choice(QUALIFIERS), rng.choice(BENEFITS)
            # A made-up module name per base story: real backlogs name features, and without
            # it template stories would all look alike and form giant groups.
            module = "".join(rng.choice(SYLLABLES) for _ in range(4)).capitalize()
            crit = [f"{obj.capitalize()} in {module} can be {verb}ed {rng.choice(QUALIFIERS)}",
                    f"Only a {role} sees the {module} {verb} button",
                    f"The {module} list shows at most {rng.randint(10, 99)} {obj}"]
            text = (f"As a {role}, I want to {verb} {obj} in {module} {qual}, so that {benefit}.\n"
                    + "\n".join(f"- {c}" for c in crit[: rng.randint(1, 3)]))
            bases.append(text)
        stories.append(Story(sid, text, "synthetic.md", len(stories) + 1, "markdown"))
    return Corpus(stories, [], ["synthetic.md"])


TOKENS_PER_CRITERION = 30.6  # benchmarks/data/answers: answer tokens / (criteria + 1), mean of 33
ANSWER_MIN, ANSWER_MAX = 40, 400


def story_tokens(text: str) -> int:
    """Tokens of a story under the word-level tokenizer (its pre-tokenizer's pieces)."""
    from tokenizers import pre_tokenizers

    return len(pre_tokenizers.Whitespace().pre_tokenize_str(text))


def corpus_for_tokens(tokens: int, dup_share: float, seed: int = 0):
    """The shortest synthetic corpus (a prefix of the seeded sequence) whose stories hold
    ``tokens`` tokens."""
    from storytransformer.stories import Corpus

    n = max(1, tokens // 40)
    while True:
        corpus = synthetic_corpus(n, dup_share, seed)
        total, cut = 0, None
        for i, story in enumerate(corpus.stories):
            total += story_tokens(story.text)
            if total >= tokens:
                cut = i + 1
                break
        if cut is not None:
            return Corpus(corpus.stories[:cut], [], corpus.files), total
        n *= 2


def answer_length(stories, rng: random.Random) -> int:
    """A merged answer's length in tokens for a group: ~30.6 tokens per distinct acceptance
    criterion plus one (title, role, goal, benefit, sources), log-normal spread (sigma 0.25),
    clipped to 40-400."""
    import math

    criteria = {line.strip().lower() for s in stories for line in s.text.splitlines() if line.strip().startswith("- ")}
    mean = TOKENS_PER_CRITERION * (len(criteria) + 1)
    return max(ANSWER_MIN, min(ANSWER_MAX, round(mean * math.exp(rng.gauss(0.0, 0.25)))))


def cap_answer_lengths(engine, lengths: dict[str, int]):
    """Wrap engine.generate so each request's max_new_tokens is its group's drawn length."""
    from dataclasses import replace

    inner = engine.generate

    def generate(requests, on_result=None):
        capped = [replace(r, max_new_tokens=min(r.max_new_tokens, lengths.get(r.request_id, r.max_new_tokens)))
                  for r in requests]
        return inner(capped, on_result)

    engine.generate = generate
    return inner


def word_tokenizer(corpus, vocab_size: int):
    """A word-level tokenizer whose vocabulary fills the model's: corpus words first."""
    from collections import Counter

    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    from storytransformer.prompt import load_templates

    specials = ["[UNK]", "<s>", "</s>", "<pad>"]
    pre = pre_tokenizers.Whitespace()
    t = load_templates()
    texts = [s.text for s in corpus.stories[:20000]] + [t.system, t.user, t.repair, "System: User: Assistant:"]
    counts = Counter(w for text in texts for w, _ in pre.pre_tokenize_str(text))
    # Single characters, a space and a line break: the pre-tokenizer drops whitespace, so without
    # them no token could write the answer schema's separators (', ', ': ') or close a string
    # whose last piece is not in the corpus, and a grammar would mask every token.
    pieces = [" ", "\n", *(chr(c) for c in range(33, 127))]
    words = [w for w, _ in counts.most_common(max(0, vocab_size - len(specials) - len(pieces)))]
    filler = (f"w{i}" for i in range(vocab_size))
    vocab: dict[str, int] = {}
    for tok in specials + pieces + words:
        vocab.setdefault(tok, len(vocab))
    while len(vocab) < vocab_size:
        w = next(filler)
        vocab.setdefault(w, len(vocab))
    tok = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre
    # Decode by joining the tokens' own strings (no space between them): what the grammar
    # (xgrammar reads this vocabulary raw) and the JSON-end rule see is then the very text the
    # answer parser reads. The default WordLevel decode puts a space between any two tokens,
    # which breaks a JSON escape written in two tokens ('\\' 'n' -> '\\ n').
    tok.decoder = decoders.Fuse()
    return PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", bos_token="<s>", eos_token="</s>",
                                   pad_token="<pad>")


def build_engine(args, corpus):
    """One engine on --device; with --devices a ReplicaEngine of one engine per device (the same
    random weights on each: the seed is fixed), as `merge --devices` runs them."""
    if args.devices:
        from storytransformer.runtime.replicas import ReplicaEngine, parse_devices, resolve_devices

        devices = resolve_devices(parse_devices(args.devices))
        if len(devices) > 1:
            engines = [build_engine(argparse.Namespace(**{**vars(args), "devices": None, "device": d}), corpus)
                       for d in devices]
            return ReplicaEngine(engines, devices)
        args = argparse.Namespace(**{**vars(args), "devices": None, "device": devices[0]})
    from storytransformer.runtime import engine_from_model, random_model

    model, _, config = random_model.build(args.model, quant=args.quant, attn=args.attn, device=args.device,
                                          fuse=args.fuse)
    # Which projections run fused (runtime/fused_projections.py: 16-bit on CUDA fuses q/k/v and gate/up).
    parts = sum(type(m).__name__ == "FusedPart" for m in model.modules())
    print(f"fused projection parts: {parts} (q/k/v = 3 and gate/up = 2 per layer when all fused)", flush=True)
    if args.tokenizer:
        from transformers import AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(args.tokenizer, local_files_only=True)
    else:
        tokenizer = word_tokenizer(corpus, config.vocab_size)
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    batching = args.batching
    if batching == "auto":
        batching = "static" if str(model.device).startswith("cuda") else "padded"
    engine = engine_from_model(model, tokenizer, name=args.model, quantization=args.quant, batching=batching,
                               max_batch_tokens=args.max_batch_tokens)
    if args.rows:
        engine.max_batch_size = args.rows
    return engine


def drop_schema(engine):
    """Wrap engine.generate so requests go without their JSON schema (``--schema off``): the
    decode loop then runs free, as for an engine that cannot constrain."""
    from dataclasses import replace

    inner = engine.generate

    def generate(requests, on_result=None):
        return inner([replace(r, json_schema=None) for r in requests], on_result)

    engine.generate = generate
    return inner


def tally_answers(results, tally: dict) -> None:
    """Count each raw answer into ``tally``: by finish reason, and whether it parses as strict
    JSON (``json.loads``) holding a "stories" list; ``unparseable_closed`` counts the answers
    that ended on their own (finish "stop") yet do not parse: a schema-constrained loop must
    have none. An answer cut at its token limit ("length") is unparseable by construction."""
    for r in results:
        tally[r.finish_reason] = tally.get(r.finish_reason, 0) + 1
        try:
            ok = isinstance(json.loads(r.text).get("stories"), list)
        except (ValueError, AttributeError):
            ok = False
        tally["parsed" if ok else "unparseable"] = tally.get("parsed" if ok else "unparseable", 0) + 1
        if not ok and r.finish_reason == "stop":
            tally["unparseable_closed"] = tally.get("unparseable_closed", 0) + 1


def log_calls(engine, t_start: float, tally: dict | None = None):
    """Print one line per engine call (a long GPU run shows how far it got if it is cut off);
    with ``tally``, count the call's raw answers into it (tally_answers)."""
    inner = engine.generate
    done = {"calls": 0, "requests": 0, "out": 0}

    def generate(requests, on_result=None):
        results = inner(requests, on_result)
        if tally is not None:
            tally_answers(results, tally)
        if str(engine.info.device).startswith("cuda"):
            import torch

            torch.cuda.synchronize()
        done["calls"] += 1
        done["requests"] += len(results)
        done["out"] += sum(r.output_tokens for r in results)
        elapsed = time.perf_counter() - t_start
        answers = "" if tally is None else f", answers {dict(sorted(tally.items()))}"
        print(f"  call {done['calls']}: {done['requests']} requests, {done['out']} output tokens, "
              f"{elapsed:.1f} s, {done['out'] / max(elapsed, 1e-9):.0f} tok/s{answers}", flush=True)
        return results

    engine.generate = generate
    return inner


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stories", type=int, default=20000)
    ap.add_argument("--dup-share", type=float, default=0.2, help="share of stories planted as paraphrases")
    ap.add_argument("--model", default="config:llama-3.1-8b")
    ap.add_argument("--quant", default="4bit")
    ap.add_argument("--attn", default="auto")
    ap.add_argument("--device", default="auto")
    ap.add_argument("--devices", default=None, help="one replica per device, e.g. cuda:0,cuda:1 (merge --devices)")
    ap.add_argument("--tokenizer", default=None, help="a local Hugging Face tokenizer folder (default: word-level)")
    ap.add_argument("--group-method", default="lexical", choices=["lexical", "hybrid", "embedding"])
    ap.add_argument("--new-tokens", type=int, default=128, help="output tokens per call (fixed)")
    ap.add_argument("--batch-size", type=int, default=256, help="groups handed to the engine per call")
    ap.add_argument("--max-batch-tokens", type=int, default=None, help="engine's padded-batch token budget")
    ap.add_argument("--rows", type=int, default=None, help="engine's batch size (static: decode slots)")
    ap.add_argument("--corpus-tokens", type=int, default=None, help="size the corpus by tokens, not --stories")
    ap.add_argument("--answer-lengths", default="fixed", choices=["fixed", "merge"],
                    help="fixed: every call --new-tokens; merge: each group's own drawn length (40-400)")
    ap.add_argument("--batching", default="auto", choices=["auto", "static", "padded", "continuous"],
                    help="the engine's batching for the merge (auto: static on CUDA); the naive loop "
                         "always runs transformers' generate one prompt at a time")
    ap.add_argument("--schema", default="on", choices=["on", "off"],
                    help="on: requests carry the answer's JSON schema as merge sends them (the engine "
                         "constrains decoding where it can); off: the same requests without it")
    ap.add_argument("--max-groups", type=int, default=None, help="merge only the first N model groups")
    ap.add_argument("--naive-groups", type=int, default=32, help="groups run one request at a time")
    ap.add_argument("--fuse", default="attn", choices=["none", "attn", "all"],
                    help="projections fused into one matmul: int4-gemlite q/k/v (attn) or also gate/up (all); "
                         "16-bit on CUDA fuses both unless none (as merge loads checkpoints)")
    ap.add_argument("--tiny", action="store_true", help="CPU smoke settings: tiny model, 300 stories")
    ap.add_argument("--out", default=None, help="write the results JSON here")
    args = ap.parse_args(argv)
    if args.tiny:
        args.stories, args.model, args.quant, args.device = min(args.stories, 300), "config:llama-tiny", "none", "cpu"
        args.new_tokens, args.naive_groups = min(args.new_tokens, 16), min(args.naive_groups, 8)

    from storytransformer.generate import GroupJob
    from storytransformer.group import find_groups
    from storytransformer.merge import MergeSettings, merge_corpus
    from storytransformer.prompt import build_messages, load_templates
    from storytransformer.runtime.constrained import available
    from storytransformer.runtime.types import GenerationRequest
    from storytransformer.stories import Corpus

    t_start = time.perf_counter()
    corpus_tokens = None
    if args.corpus_tokens:
        corpus, corpus_tokens = corpus_for_tokens(args.corpus_tokens, args.dup_share)
    else:
        corpus = synthetic_corpus(args.stories, args.dup_share)
    t0 = time.perf_counter()
    groups = find_groups(corpus.stories, method=args.group_method)
    grouping_s = time.perf_counter() - t0
    model_groups = [g for g in groups if not g.is_singleton]
    if args.max_groups is not None and len(model_groups) > args.max_groups:
        # Keep whole groups: the merged corpus is exactly the stories of the kept groups + singletons.
        keep = {i for g in model_groups[: args.max_groups] for i in g.story_ids}
        keep |= {g.story_ids[0] for g in groups if g.is_singleton}
        groups = [g for g in groups if g.is_singleton or set(g.story_ids) <= keep]
        corpus = Corpus([s for s in corpus.stories if s.id in keep], [], corpus.files)
        model_groups = [g for g in groups if not g.is_singleton]

    t0 = time.perf_counter()
    engine = build_engine(args, corpus)
    load_s = time.perf_counter() - t0
    lengths: dict[str, int] = {}
    if args.answer_lengths == "merge":
        rng = random.Random(1)
        by_id = corpus.by_id()
        lengths = {g.id: answer_length([by_id[i] for i in g.story_ids], rng) for g in model_groups}
    settings = MergeSettings(model=args.model, max_new_tokens=max([args.new_tokens, *lengths.values()]),
                             batch_size=args.batch_size, ctx=engine.info.context_length, repair=False)
    templates = load_templates()

    first = getattr(engine, "replicas", [engine])[0]  # the naive loop runs on one engine
    print(f"{len(corpus.stories)} stories, {len(model_groups)} model groups; grouping {grouping_s:.1f} s, "
          f"model load {load_s:.1f} s, batching {first.batching}, on {engine.info.device}, schema {args.schema}"
          f"{'' if args.schema == 'off' or available() is None else ' (not constrained: ' + available() + ')'}",
          flush=True)
    t0 = time.perf_counter()
    plain_generate = engine.generate
    if lengths:
        cap_answer_lengths(engine, lengths)
    if args.schema == "off":
        drop_schema(engine)
    answers: dict[str, int] = {}
    log_calls(engine, t0, answers)
    run = merge_corpus(corpus, groups, settings, engine=engine, templates=templates)
    merge_s = time.perf_counter() - t0
    end_to_end_s = time.perf_counter() - t_start
    engine.generate = plain_generate
    c = run.metadata["counts"]
    stories_in_groups = sum(len(g.story_ids) for g in model_groups)
    batched = {
        "groups": len(model_groups),
        "stories": len(corpus.stories),
        "stories_in_model_groups": stories_in_groups,
        "model_calls": c["model_calls"],
        "output_tokens": c["output_tokens"],
        "prompt_tokens": c["prompt_tokens"],
        "seconds": round(merge_s, 2),
        "stories_per_min": round(len(corpus.stories) / (grouping_s + merge_s) * 60, 1),
        "model_group_stories_per_min": round(stories_in_groups / merge_s * 60, 1),
        "output_tokens_per_s": round(c["output_tokens"] / merge_s, 1),
        "end_to_end_seconds": round(end_to_end_s, 2),  # corpus, grouping, model load, compile, merge
        "schema": args.schema,
        "answers": dict(sorted(answers.items())),  # raw answers: finish reasons, parsed / unparseable
    }
    if lengths:
        drawn = sorted(lengths.values())
        batched["answer_lengths"] = {"min": drawn[0], "median": drawn[len(drawn) // 2], "max": drawn[-1],
                                     "mean": round(sum(drawn) / len(drawn), 1), "sum": sum(drawn)}

    batched_mode = first.batching
    sample = model_groups[: args.naive_groups]
    by_id = corpus.by_id()
    jobs = [GroupJob(g.id, g.story_ids, build_messages(templates, [by_id[i] for i in g.story_ids])) for g in sample]
    first.batching = "padded"
    t0 = time.perf_counter()
    naive_tokens = 0
    for job in jobs:  # what a simple script does: one prompt, wait, next prompt
        new_tokens = lengths.get(job.group_id, args.new_tokens)
        (res,) = first.generate([GenerationRequest(job.messages, new_tokens, (), job.group_id)])
        naive_tokens += res.output_tokens
    naive_s = time.perf_counter() - t0
    naive_stories = sum(len(g.story_ids) for g in sample)
    naive = {
        "groups": len(sample),
        "stories_in_model_groups": naive_stories,
        "output_tokens": naive_tokens,
        "seconds": round(naive_s, 2),
        "model_group_stories_per_min": round(naive_stories / naive_s * 60, 1) if naive_s else None,
        "output_tokens_per_s": round(naive_tokens / naive_s, 1) if naive_s else None,
    }
    # The naive loop's whole-merge rate on this corpus, from its measured per-group time.
    if sample and naive_s:
        est_naive_total = grouping_s + naive_s / len(sample) * len(model_groups)
        naive["stories_per_min_projected"] = round(len(corpus.stories) / est_naive_total * 60, 1)

    result = {
        "args": vars(args),
        "engine": {"model": engine.info.model, "device": engine.info.device, "dtype": engine.info.dtype,
                   "quantization": engine.info.quantization, "attention": engine.info.attention,
                   "batching": batched_mode, "reasons": engine.info.reasons,
                   "rows": getattr(first, "max_batch_size", None),
                   "first_step_seconds": dict(getattr(getattr(first, "_static", None), "first_call_seconds", {})),
                   # a SchemaConstraint was built: the loop masked the answers to their schema
                   "constrained": getattr(first, "_schema_constraint", None) is not None,
                   "replicas": engine.info.replicas, "requests_per_replica": getattr(engine, "served", None),
                   "max_batch_tokens": getattr(first, "max_batch_tokens", None)},
        "corpus": {"stories": len(corpus.stories), "groups": len(groups), "model_groups": len(model_groups),
                   "singletons": len(groups) - len(model_groups), "tokens": corpus_tokens},
        "grouping_seconds": round(grouping_s, 2),
        "model_load_seconds": round(load_s, 2),
        "batched": batched,
        "naive": naive,
        "speedup_output_tokens_per_s": (round(batched["output_tokens_per_s"] / naive["output_tokens_per_s"], 1)
                                        if naive.get("output_tokens_per_s") else None),
        "invariant": "held",  # merge_corpus raises if any story were lost or duplicated
        "decisions": {k: c[k] for k in ("merged", "flagged", "unchanged")},
    }
    print(f"{len(corpus.stories)} stories, {len(groups)} groups ({len(model_groups)} to the model), "
          f"grouping {grouping_s:.1f} s, model load {load_s:.1f} s, on {engine.info.device} "
          f"({engine.info.quantization}, {engine.info.attention})")
    print(f"end to end (corpus, grouping, load, compile, merge): {end_to_end_s:.1f} s")
    print(f"answers (schema {args.schema}): {batched['answers']}")
    print(f"{'loop':8} {'groups':>7} {'seconds':>9} {'stories/min':>12} {'out tok/s':>10}")
    print(f"{'batched':8} {batched['groups']:>7} {batched['seconds']:>9.1f} {batched['stories_per_min']:>12.1f} "
          f"{batched['output_tokens_per_s']:>10.1f}")
    if sample:
        print(f"{'naive':8} {naive['groups']:>7} {naive['seconds']:>9.1f} "
              f"{naive.get('stories_per_min_projected', 0):>12.1f} {naive['output_tokens_per_s']:>10.1f}"
              "   (stories/min projected from the sample's time per group)")
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(result, indent=2, default=str))
    return result


if __name__ == "__main__":
    main()
