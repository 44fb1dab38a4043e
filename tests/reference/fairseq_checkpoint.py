#!/usr/bin/env python3
"""Builds small fairseq-layout checkpoints, their dictionaries, a few sentence
pairs, and the PyTorch reference's scores of those pairs, for the converter
test (tests/scripts/convert_fairseq_test.cpp).

For each case the weights are drawn once under Ventris's names (the truth the
reference scores with: transformer_reference.py / lite_reference.py), then laid
out the way fairseq's code saves them, which is what scripts/convert_fairseq.py
must undo: fused in_proj_weight/in_proj_bias (older fairseq and the
lite-transformer fork), decoder.embed_out for an untied output layer, the tied
output projection saved again under decoder.output_projection.weight (newer
fairseq), the lightweight kernel as (H, 1, K) directly under the branch,
weight_linear directly under a dynamic branch, version and _float_tensor
buffers, and the arguments as an argparse Namespace. Names and layout from
facebookresearch/fairseq (models/transformer.py, modules/multihead_attention.py,
data/dictionary.py) and mit-han-lab/lite-transformer
(models/transformer_multibranch_v2.py, modules/multibranch.py,
lightweight_convolution.py, dynamic_convolution.py).

Usage: fairseq_checkpoint.py OUT_DIR   (writes OUT_DIR/CASE/{checkpoint.pt,
dict.src.txt, dict.tgt.txt, src.txt, tgt.txt, expected.txt} per case)
"""
import argparse
import json
import math
import os
import sys
import tempfile

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lite_reference  # noqa: E402
import transformer_reference  # noqa: E402

D, F, H, LAYERS = 32, 64, 4, 2
KERNELS = [3, 5]

CASES = {
    # fairseq transformer_iwslt_de_en-like: own dictionaries, untied output layer, fused projections.
    "transformer_iwslt_de_en": dict(family="transformer", share="none", fused=True),
    # transformer_wmt_en_de-like: a joined dictionary, everything tied, separate q/k/v (newer fairseq).
    "transformer_wmt_en_de": dict(family="transformer", share="all", fused=False),
    # lite-transformer's IWSLT setting: lightweight convolutions, own dictionaries.
    "multibranch_lightweight": dict(family="lite", share="none", fused=True, conv="lightweight", glu=False),
    # lite-transformer's WMT setting: dynamic convolutions after a GLU, everything tied.
    "multibranch_dynamic_glu": dict(family="lite", share="all", fused=True, conv="dynamic", glu=True),
}


def words(prefix, n):
    return [f"{prefix}{i}" for i in range(n)] + ["und@@", "der", "&apos;s", "e@@", "mail"]


def draw(case, src_vocab, tgt_vocab, gen):
    """The truth: every parameter under its Ventris name."""
    t = {}
    normal = lambda *shape, std=0.2: torch.randn(*shape, generator=gen) * std

    def linear(name, n_in, n_out, bias=True):
        t[name + ".weight"] = normal(n_out, n_in, std=1 / math.sqrt(n_in))
        if bias:
            t[name + ".bias"] = normal(n_out, std=0.05)

    def norm(name):
        t[name + ".weight"] = 1 + normal(D, std=0.1)
        t[name + ".bias"] = normal(D, std=0.05)

    def attention(name, width):
        for proj in ("q_proj", "k_proj", "v_proj", "out_proj"):
            linear(f"{name}.{proj}", width, width)

    def self_attn(name, kernel):
        if case["family"] == "transformer":
            attention(name, D)
            return
        half = D // 2
        attention(name + ".branches.0", half)
        b = name + ".branches.1"
        linear(b + ".linear1", half, 2 * half if case["glu"] else half)
        if case["conv"] == "lightweight":
            t[b + ".conv.weight"] = normal(H, kernel, std=0.5)
        else:
            linear(b + ".conv.weight_linear", half, H * kernel, bias=False)
        linear(b + ".linear2", half, half)

    t["encoder.embed_tokens.weight"] = normal(src_vocab, D, std=D ** -0.5)
    if case["share"] != "all":
        t["decoder.embed_tokens.weight"] = normal(tgt_vocab, D, std=D ** -0.5)
    if case["share"] == "none":
        t["decoder.output_projection.weight"] = normal(tgt_vocab, D, std=D ** -0.5)
    for side in ("encoder", "decoder"):
        for i in range(LAYERS):
            p = f"{side}.layers.{i}"
            self_attn(p + ".self_attn", KERNELS[i])
            norm(p + ".self_attn_layer_norm")
            if side == "decoder":
                attention(p + ".encoder_attn", D)
                norm(p + ".encoder_attn_layer_norm")
            linear(p + ".fc1", D, F)
            linear(p + ".fc2", F, D)
            norm(p + ".final_layer_norm")
    for t_name in list(t):
        if t_name.endswith("embed_tokens.weight"):
            t[t_name][1].zero_()  # fairseq's padding row
    return t


def fairseq_layout(truth, case):
    """The state dict fairseq's code would save for these weights."""
    s = {}
    for name, value in truth.items():
        if case["fused"] and any(name.endswith(f".{p}.{k}") for p in ("q_proj", "k_proj", "v_proj")
                                 for k in ("weight", "bias")):
            prefix, proj, kind = name.rsplit(".", 2)
            if proj == "q_proj":
                s[f"{prefix}.in_proj_{kind}"] = torch.cat(
                    [truth[f"{prefix}.{p}.{kind}"] for p in ("q_proj", "k_proj", "v_proj")], dim=0)
            continue
        if name.endswith(".conv.weight"):
            s[name.replace(".conv.weight", ".weight")] = value.reshape(value.shape[0], 1, value.shape[1])
        elif ".conv.weight_linear." in name:
            s[name.replace(".conv.weight_linear.", ".weight_linear.")] = value
        elif name == "decoder.output_projection.weight":
            s["decoder.embed_out"] = value
        else:
            s[name] = value
    if case["share"] == "all":
        s["decoder.embed_tokens.weight"] = truth["encoder.embed_tokens.weight"]
    if case["share"] != "none" and not case["fused"]:
        s["decoder.output_projection.weight"] = s["decoder.embed_tokens.weight"]  # newer fairseq saves the tie
    for side in ("encoder", "decoder"):
        s[f"{side}.version"] = torch.tensor([3.0])
        s[f"{side}.embed_positions._float_tensor"] = torch.zeros(1)
    return s


def fairseq_args(name, case):
    a = argparse.Namespace(
        arch="transformer_multibranch_v2" if case["family"] == "lite" else name,
        encoder_embed_dim=D, decoder_embed_dim=D, encoder_ffn_embed_dim=F, decoder_ffn_embed_dim=F,
        encoder_layers=LAYERS, decoder_layers=LAYERS, encoder_attention_heads=H, decoder_attention_heads=H,
        dropout=0.3, attention_dropout=0.1, activation_dropout=0.0, activation_fn="relu",
        encoder_normalize_before=False, decoder_normalize_before=False, encoder_learned_pos=False,
        decoder_learned_pos=False, share_all_embeddings=case["share"] == "all",
        share_decoder_input_output_embed=case["share"] != "none", max_source_positions=1024,
        max_target_positions=1024, no_token_positional_embeddings=False, adaptive_softmax_cutoff=None)
    if case["family"] == "lite":
        kind = case["conv"]
        a.encoder_branch_type = a.decoder_branch_type = [f"attn:1:{D // 2}:{H}", f"{kind}:default:{D // 2}:{H}"]
        a.encoder_kernel_size_list = a.decoder_kernel_size_list = KERNELS + [31] * 5
        a.encoder_glu = a.decoder_glu = case["glu"]
        a.conv_linear = True
        a.weight_softmax = True
        a.weight_dropout = 0.1
    return a


def reference_config(case):
    cfg = {"encoder_layers": LAYERS, "decoder_layers": LAYERS, "d_model": D, "heads": H, "normalize_before": False,
           "activation": "relu", "positions": "sinusoidal", "share_embeddings": case["share"]}
    if case["family"] == "lite":
        layer = lambda k: [{"kind": "attn", "dim": D // 2, "heads": H, "kernel": 1},
                           {"kind": case["conv"], "dim": D // 2, "heads": H, "kernel": k}]
        cfg["lite"] = {"encoder": [layer(k) for k in KERNELS], "decoder": [layer(k) for k in KERNELS],
                       "glu": case["glu"], "mask_before_linear": True}
    return cfg


def reference_score(truth, case, src_ids, tgt_ids):
    """Summed log-probability of the target and its EOS (batch of one, no padding)."""
    eos = 2
    tensors = dict(truth)
    tensors["batch.src"] = torch.tensor([src_ids + [eos]], dtype=torch.int32)
    tensors["batch.tgt_in"] = torch.tensor([[eos] + tgt_ids], dtype=torch.int32)
    tensors["batch.tgt_out"] = torch.tensor([tgt_ids + [eos]], dtype=torch.int32)
    with tempfile.TemporaryDirectory() as tmp:
        inp, out = os.path.join(tmp, "in.safetensors"), os.path.join(tmp, "out.safetensors")
        transformer_reference.write_safetensors(inp, tensors, {"reference": json.dumps(
            {"model": reference_config(case), "pad_id": 1, "label_smoothing": 0.0})})
        if case["family"] == "lite":
            transformer_reference.main(inp, out, self_attention=lite_reference.lsra)
        else:
            transformer_reference.main(inp, out)
        result, _ = transformer_reference.read_safetensors(out)
    return -float(result["nll"][0])


def main():
    out_dir = sys.argv[1]
    gen = torch.Generator().manual_seed(20261203)
    for name, case in CASES.items():
        d = os.path.join(out_dir, name)
        os.makedirs(d, exist_ok=True)
        src_words = words("q", 20)
        tgt_words = src_words if case["share"] == "all" else words("w", 23)
        for path, ws in (("dict.src.txt", src_words), ("dict.tgt.txt", tgt_words)):
            with open(os.path.join(d, path), "w", encoding="utf-8") as f:
                f.writelines(f"{w} {1000 - i}\n" for i, w in enumerate(ws))
        # fairseq pads the embedding to a multiple of 8 with madeupwordNNNN rows.
        src_vocab = 4 + len(src_words) + (-(4 + len(src_words)) % 8)
        tgt_vocab = src_vocab if case["share"] == "all" else 4 + len(tgt_words) + (-(4 + len(tgt_words)) % 8)
        truth = draw(case, src_vocab, tgt_vocab, gen)
        torch.save({"args": fairseq_args(name, case), "model": fairseq_layout(truth, case),
                    "optimizer_history": [], "extra_state": {}}, os.path.join(d, "checkpoint.pt"))
        pairs = []
        for n_src, n_tgt in ((5, 4), (3, 7), (8, 6)):
            s = [4 + int(i) for i in torch.randint(len(src_words), (n_src,), generator=gen)]
            t = [4 + int(i) for i in torch.randint(len(tgt_words), (n_tgt,), generator=gen)]
            pairs.append((s, t))
        with open(os.path.join(d, "src.txt"), "w") as fs, open(os.path.join(d, "tgt.txt"), "w") as ft, \
                open(os.path.join(d, "expected.txt"), "w") as fe:
            for s, t in pairs:
                fs.write(" ".join(src_words[i - 4] for i in s) + "\n")
                ft.write(" ".join(tgt_words[i - 4] for i in t) + "\n")
                fe.write(f"{reference_score(truth, case, s, t):.6f}\n")


if __name__ == "__main__":
    main()
