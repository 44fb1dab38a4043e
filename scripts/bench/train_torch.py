#!/usr/bin/env python3
"""PyTorch peer for scripts/bench/train: the same Transformer (post-norm,
shared embeddings, ReLU, dropout 0.1, fairseq label-smoothed loss, Adam), the
same synthetic batch (128 x 32 source and target tokens, vocabulary 8000),
timed the same way. Prints one RESULT line per model.

A preset name (lite-iwslt-160, lite-wmt-ende-496, transformer-lite-budget-320,
...) takes the model from configs/<name>.yaml: the Transformer above with the
preset's shape, or the Lite Transformer (LiteModel below: LSRA self-attention
sub-layers, the reference's band-matrix convolution, lite_torch.py).

Usage: train_torch.py [tiny|base|PRESET]...   (run with /usr/bin/python3; threads from TORCH_THREADS, default 2)
"""
import math
import os
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lite_torch import ConvBranch, load_preset, parse_branches  # noqa: E402

SHAPES = {"tiny": ("transformer-tiny", 3, 256, 1024, 4), "base": ("transformer-base", 6, 512, 2048, 8)}
VOCAB, BATCH, SRC_LEN, TGT_LEN, PAD = 8000, 128, 32, 32, 1


def sinusoidal(length, dim):
    half = dim // 2
    freq = torch.exp(torch.arange(half, dtype=torch.float64) * -(math.log(10000.0) / (half - 1)))
    angles = (torch.arange(length, dtype=torch.float64) + 2)[:, None] * freq
    return torch.cat([torch.sin(angles), torch.cos(angles)], dim=1).float()


class Layer(nn.Module):
    def __init__(self, d, f, h, cross):
        super().__init__()
        self.self_attn = nn.MultiheadAttention(d, h, dropout=0.0, batch_first=True)
        self.ln1 = nn.LayerNorm(d)
        self.cross = nn.MultiheadAttention(d, h, dropout=0.0, batch_first=True) if cross else None
        self.ln2 = nn.LayerNorm(d) if cross else None
        self.fc1, self.fc2, self.ln3 = nn.Linear(d, f), nn.Linear(f, d), nn.LayerNorm(d)

    def forward(self, x, mem=None, causal=None):
        drop = lambda t: F.dropout(t, 0.1, self.training)
        x = self.ln1(x + drop(self.self_attn(x, x, x, attn_mask=causal, need_weights=False)[0]))
        if self.cross is not None:
            x = self.ln2(x + drop(self.cross(x, mem, mem, need_weights=False)[0]))
        return self.ln3(x + drop(self.fc2(F.relu(self.fc1(x)))))


class Model(nn.Module):
    def __init__(self, layers, d, f, h):
        super().__init__()
        self.d = d
        self.embed = nn.Embedding(VOCAB, d, padding_idx=PAD)
        self.enc = nn.ModuleList(Layer(d, f, h, False) for _ in range(layers))
        self.dec = nn.ModuleList(Layer(d, f, h, True) for _ in range(layers))
        self.register_buffer("pos", sinusoidal(max(SRC_LEN, TGT_LEN), d))

    def embed_ids(self, ids):
        return F.dropout(self.embed(ids) * math.sqrt(self.d) + self.pos[: ids.shape[1]], 0.1, self.training)

    def forward(self, src, tgt_in):
        x = self.embed_ids(src)
        for layer in self.enc:
            x = layer(x)
        causal = torch.triu(torch.full((tgt_in.shape[1],) * 2, float("-inf")), diagonal=1)
        y = self.embed_ids(tgt_in)
        for layer in self.dec:
            y = layer(y, x, causal)
        return y @ self.embed.weight.T



class LiteLayer(nn.Module):
    """Post-norm LSRA layer (architectures.md §3.1-3.2): the channels split over the branches
    (attention as wide as its slice, convolution branches), concatenated back, then (decoder)
    full-width cross-attention and the flattened FFN."""

    def __init__(self, cfg, kernel, cross):
        super().__init__()
        self.dims, self.drop = [], cfg["dropout"]
        self.branches = nn.ModuleList()
        for kind, k, dim, heads in parse_branches(cfg):
            self.dims.append(dim)
            self.branches.append(nn.MultiheadAttention(dim, heads, dropout=cfg["attention_dropout"], batch_first=True)
                                 if kind == "attn" else
                                 ConvBranch(kind, dim, heads, k or kernel, cfg["lite_glu"], cfg["lite_weight_dropout"]))
        d, f = cfg["d_model"], cfg["ffn_dim"]
        self.ln1 = nn.LayerNorm(d)
        self.cross = (nn.MultiheadAttention(d, cfg["heads"], dropout=cfg["attention_dropout"], batch_first=True)
                      if cross else None)
        self.ln2 = nn.LayerNorm(d) if cross else None
        self.fc1, self.fc2, self.ln3 = nn.Linear(d, f), nn.Linear(f, d), nn.LayerNorm(d)

    def lsra(self, x, causal, pad):
        outs = []
        for branch, part in zip(self.branches, torch.split(x, self.dims, dim=-1)):
            if isinstance(branch, ConvBranch):
                outs.append(branch(part, branch.kernel - 1 if causal is not None else branch.kernel // 2, pad))
            else:
                outs.append(branch(part, part, part, key_padding_mask=pad, attn_mask=causal, need_weights=False)[0])
        return torch.cat(outs, dim=-1)

    def forward(self, x, mem=None, causal=None, pad=None):
        drop = lambda t: F.dropout(t, self.drop, self.training)
        x = self.ln1(x + drop(self.lsra(x, causal, pad)))
        if self.cross is not None:
            x = self.ln2(x + drop(self.cross(x, mem, mem, need_weights=False)[0]))
        return self.ln3(x + drop(self.fc2(F.relu(self.fc1(x)))))


class LiteModel(nn.Module):
    """The Lite Transformer of a configs/ preset; embeddings shared as the preset says
    (all: one table; none: encoder, decoder and output tables)."""

    def __init__(self, cfg):
        super().__init__()
        self.d, self.drop = cfg["d_model"], cfg["dropout"]
        self.embed = nn.Embedding(VOCAB, self.d, padding_idx=PAD)
        share = cfg["share_embeddings"]
        self.embed_tgt = self.embed if share == "all" else nn.Embedding(VOCAB, self.d, padding_idx=PAD)
        self.out = (self.embed_tgt.weight if share in ("all", "decoder-in-out")
                    else nn.Parameter(torch.randn(VOCAB, self.d) * self.d ** -0.5))
        self.enc = nn.ModuleList(LiteLayer(cfg, k, False) for k in cfg["lite_encoder_kernel_sizes"])
        self.dec = nn.ModuleList(LiteLayer(cfg, k, True) for k in cfg["lite_decoder_kernel_sizes"])
        self.register_buffer("pos", sinusoidal(max(SRC_LEN, TGT_LEN), self.d))

    def embed_ids(self, table, ids):
        return F.dropout(table(ids) * math.sqrt(self.d) + self.pos[: ids.shape[1]], self.drop, self.training)

    def forward(self, src, tgt_in):
        # No padding in the synthetic batch: like fairseq's encoder (mask None when nothing is padded).
        x = self.embed_ids(self.embed, src)
        for layer in self.enc:
            x = layer(x)
        causal = torch.triu(torch.full((tgt_in.shape[1],) * 2, float("-inf")), diagonal=1)
        y = self.embed_ids(self.embed_tgt, tgt_in)
        for layer in self.dec:
            y = layer(y, x, causal)
        return y @ self.out.T


def build(which):
    """(row name, model) for a legacy shape name or a configs/ preset."""
    if which in SHAPES:
        name, layers, d, f, h = SHAPES[which]
        return name, Model(layers, d, f, h)
    cfg = load_preset(which)
    if cfg["arch"] == "lite":
        return which, LiteModel(cfg)
    # The Transformer peer above: post-norm, all embeddings shared, dropout 0.1.
    assert cfg["arch"] == "transformer" and cfg["share_embeddings"] == "all" and cfg["dropout"] == 0.1, which
    assert cfg["encoder_layers"] == cfg["decoder_layers"], which
    return which, Model(cfg["encoder_layers"], cfg["d_model"], cfg["ffn_dim"], cfg["heads"])


def label_smoothed_loss(logits, target, eps=0.1):
    lprobs = F.log_softmax(logits, dim=-1).reshape(-1, VOCAB)
    target = target.reshape(-1, 1)
    nll = -lprobs.gather(1, target).squeeze(1)
    smooth = -lprobs.sum(-1)
    eps_i = eps / (VOCAB - 1)
    return ((1 - eps - eps_i) * nll + eps_i * smooth).sum()


def main(which_list):
    threads = int(os.environ.get("TORCH_THREADS", "2"))
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    for which in which_list:
        name, model = build(which)
        model.train()
        opt = torch.optim.Adam(model.parameters(), lr=1e-4, betas=(0.9, 0.98), eps=1e-9)
        k = torch.arange(BATCH * SRC_LEN)
        src = (4 + (k * 7919) % (VOCAB - 4)).reshape(BATCH, SRC_LEN)
        tin = (4 + (k * 104729) % (VOCAB - 4)).reshape(BATCH, TGT_LEN)
        tout = (4 + (k * 1299709) % (VOCAB - 4)).reshape(BATCH, TGT_LEN)
        warmup, steps = 1, (2 if which == "base" else 4)
        seconds = 0.0
        for step in range(warmup + steps):
            t0 = time.perf_counter()
            opt.zero_grad(set_to_none=True)
            loss = label_smoothed_loss(model(src, tin), tout) / (BATCH * TGT_LEN)
            loss.backward()
            opt.step()
            if step >= warmup:
                seconds += time.perf_counter() - t0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"RESULT torch {name} threads={threads} tok_s={BATCH * TGT_LEN * steps / seconds:.1f} "
              f"step_s={seconds / steps:.3f} rss_mib={rss}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or ["tiny"])
