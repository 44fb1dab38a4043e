#!/usr/bin/env python3
"""PyTorch reference for Ventris's Lite Transformer (architectures.md §3).

The Transformer reference (transformer_reference.py: embeddings, residual
wrappers, cross-attention, FFN, loss) with its self-attention sub-layer
replaced by Long-Short Range Attention, written the way the reference code's
PyTorch path computes convolutions: unfold each K-tap window of the padded
input and weight it with the (softmax-normalised) kernel of the channel's head.
The C++ test resolves each layer's branches into `cfg["lite"]`:
{"encoder": [[{"kind", "dim", "heads", "kernel"}, ...] per layer], "decoder": ...,
 "glu": bool, "mask_before_linear": bool}.

Usage: lite_reference.py IN.safetensors OUT.safetensors (as transformer_reference.py)
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import transformer_reference  # noqa: E402


def unfold_convolution(u, w, kernel, pad_left):
    """u [B, T, C], w [B, T, H, K] -> y[b, t, c] = sum_k w[b, t, h(c), k] u[b, t + k - pad_left, c]."""
    B, T, C = u.shape
    H = w.shape[2]
    padded = F.pad(u, (0, 0, pad_left, kernel - 1 - pad_left))  # zeros outside [0, T)
    windows = padded.unfold(1, kernel, 1)  # [B, T, C, K]
    return (windows * w.repeat_interleave(C // H, dim=2)).sum(-1)


def lsra(env, h, prefix, key_pad, causal):
    lite = env.cfg["lite"]
    side, layer = prefix.split(".")[0], int(prefix.split(".")[2])
    branches = lite[side][layer]
    parts = torch.split(h, [b["dim"] for b in branches], dim=-1)
    outs = []
    for i, (b, x) in enumerate(zip(branches, parts)):
        name = f"{prefix}.branches.{i}"
        if b["kind"] == "attn":
            outs.append(env.attention([None], True, x, x, name, key_pad=key_pad, causal=causal, width=b["dim"],
                                      n_heads=b["heads"]))
            continue
        pads = key_pad[..., None] if key_pad is not None else None
        if pads is not None and lite["mask_before_linear"]:
            x = x.masked_fill(pads, 0.0)
        u = env.linear(x, name + ".linear1")
        if lite["glu"]:
            u = F.glu(u, dim=-1)
        if pads is not None and not lite["mask_before_linear"]:
            u = u.masked_fill(pads, 0.0)
        B, T, _ = u.shape
        K, H = b["kernel"], b["heads"]
        if b["kind"] == "lightweight":
            w = torch.softmax(env.P(name + ".conv.weight"), dim=-1)[None, None].expand(B, T, H, K)
        else:
            w = torch.softmax((u @ env.P(name + ".conv.weight_linear.weight").T).reshape(B, T, H, K), dim=-1)
        y = unfold_convolution(u, w, K, K - 1 if causal else K // 2)
        outs.append(env.linear(y, name + ".linear2"))
    return torch.cat(outs, dim=-1)


if __name__ == "__main__":
    transformer_reference.main(sys.argv[1], sys.argv[2], self_attention=lsra)
