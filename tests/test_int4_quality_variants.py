"""benchmarks/int4_quality.py's variant builder: which weights each variant rounds, on a tiny
random Llama with tied embeddings (the bundled SmolLM2 ties them). The measurement itself
runs on the real model and is not repeated here."""


import pytest
from repo_script import load_script

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

int4_quality = load_script("benchmarks/int4_quality.py")


@pytest.fixture(scope="module")
def tied():
    config = transformers.LlamaConfig(hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                                      num_attention_heads=4, num_key_value_heads=2, head_dim=16,
                                      vocab_size=256, tie_word_embeddings=True)
    torch.manual_seed(0)
    model = transformers.LlamaForCausalLM(config).eval()
    assert model.get_output_embeddings().weight is model.get_input_embeddings().weight
    return model


def _linears(model):
    from storytransformer.runtime.int4_gemlite import linears_of

    return [lin.weight for _, _, lin in linears_of(model.get_decoder().layers)]


@pytest.mark.parametrize("name", ["int4-g64", "int4-g64-fhead"])
def test_int4_variants_round_every_decoder_linear_and_leave_the_embedding(tied, name):
    variant = int4_quality.make_variant(tied, name)
    before, after = _linears(tied), _linears(variant)
    assert len(after) == 14  # 2 layers x q, k, v, o, gate, up, down
    for a, b in zip(before, after, strict=True):
        assert not torch.equal(a, b)
        assert torch.equal(b, int4_quality.int4_round_trip(a))
    assert torch.equal(variant.get_input_embeddings().weight, tied.get_input_embeddings().weight)
    head = variant.get_output_embeddings().weight
    if name == "int4-g64":
        assert head is not variant.get_input_embeddings().weight
        assert torch.equal(head, int4_quality.int4_round_trip(tied.get_input_embeddings().weight))
        assert not torch.equal(head, tied.get_input_embeddings().weight)
    else:
        assert torch.equal(head, tied.get_input_embeddings().weight)
    # The source model is never touched.
    assert torch.equal(tied.get_output_embeddings().weight, tied.get_input_embeddings().weight)


def test_float32_variant_is_an_exact_copy(tied):
    variant = int4_quality.make_variant(tied, "float32")
    for a, b in zip(tied.state_dict().values(), variant.state_dict().values(), strict=True):
        assert torch.equal(a, b)


def test_greedy_agreement_counts_the_prefix_up_to_the_first_divergence():
    got = int4_quality.agreement([[1, 2, 3, 4], [5, 6]], [[1, 2, 9, 4], [5, 6]])
    assert got["prefix_token_share"] == pytest.approx(4 / 6)
    assert got["identical_share"] == 0.5
    assert got["first_divergence"] == [2, None]


def test_batched_greedy_with_a_shared_prefix_matches_one_prompt_at_a_time(tied):
    # Prompts of different lengths sharing a prefix: the batched decode over right-aligned
    # caches must give what a plain batch-1 loop gives.
    prompts = [[5, 6, 7, 8, 9, 10, 11], [5, 6, 7, 8, 40], [5, 6, 7, 8, 90, 91, 92, 93, 94, 95]]

    def one(ids, n):
        out = []
        with torch.inference_mode():
            for _ in range(n):
                out.append(int(tied(input_ids=torch.tensor([ids + out])).logits[0, -1].argmax()))
        return out

    got = int4_quality.greedy(tied, prompts, 12, eos=set())
    assert got == [one(p, 12) for p in prompts]
    # A row that reaches eos stops there while the others go on.
    eos = {got[1][3]}
    stopped = int4_quality.greedy(tied, prompts, 12, eos=eos)
    assert stopped[1] == got[1][:got[1].index(got[1][3]) + 1]


def test_fp8_variant_rounds_multi_token_inputs_only(tied):
    """int4-g64-fp8: the same int4 weights as int4-g64-fhead; a prompt (several tokens) goes
    through the FP8 prefill math and differs a little, one token (a decode step) does not."""
    fhead = int4_quality.make_variant(tied, "int4-g64-fhead")
    fp8 = int4_quality.make_variant(tied, "int4-g64-fp8")
    for a, b in zip(_linears(fhead), _linears(fp8), strict=True):
        assert torch.equal(a, b)
    ids = torch.randint(1, 256, (1, 12), generator=torch.Generator().manual_seed(5))
    with torch.no_grad():
        prompt_a, prompt_b = fhead(input_ids=ids).logits, fp8(input_ids=ids).logits
        one_a, one_b = fhead(input_ids=ids[:, :1]).logits, fp8(input_ids=ids[:, :1]).logits
    assert torch.equal(one_a, one_b)
    rel = float((prompt_a - prompt_b).norm() / prompt_a.norm())
    assert 1e-5 < rel < 0.2, rel
