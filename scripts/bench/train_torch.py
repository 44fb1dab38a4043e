#!/usr/bin/env python3
"""PyTorch peer for scripts/bench/train: the same Transformer (tiny, base: post-norm,
shared embeddings, ReLU, dropout 0.1, fairseq label-smoothed loss, Adam), the
same synthetic batch (128 x 32 source and target tokens, vocabulary 8000),
timed the same way. Prints one RESULT line per model.

A preset name (lite-iwslt-160, lite-wmt-ende-496, transformer-lite-budget-320,
transformer-iwslt, lazy-iwslt-3x2, ...) takes the model from configs/<name>.yaml
(its shape, dropouts and embedding sharing): the Transformer above, the Lite
Transformer (LiteLayer below: LSRA self-attention sub-layers, the reference's
band-matrix convolution, lite_torch.py) or the LazyFormer (lazy_torch.py: the
head layer of a block computes P, the others reuse it).

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
from lazy_torch import lazy_stacks  # noqa: E402
from lite_torch import ConvBranch, load_preset, parse_branches  # noqa: E402

SHAPES = {"tiny": ("transformer-tiny", 3, 256, 1024, 4), "base": ("transformer-base", 6, 512, 2048, 8)}
VOCAB, BATCH, SRC_LEN, TGT_LEN, PAD = 8000, 128, 32, 32, 1


def sinusoidal(length, dim):
    half = dim // 2
    freq = torch.exp(torch.arange(half, dtype=torch.float64) * -(math.log(10000.0) / (half - 1)))
    angles = (torch.arange(length, dtype=torch.float64) + 2)[:, None] * freq
    return torch.cat([torch.sin(angles), torch.cos(angles)], dim=1).float()


class Layer(nn.Module):
    def __init__(self, d, f, h, cross, dropout=0.1, attention_dropout=0.0):
        super().__init__()
        self.drop = dropout
        self.self_attn = nn.MultiheadAttention(d, h, dropout=attention_dropout, batch_first=True)
        self.ln1 = nn.LayerNorm(d)
        self.cross = nn.MultiheadAttention(d, h, dropout=attention_dropout, batch_first=True) if cross else None
        self.ln2 = nn.LayerNorm(d) if cross else None
        self.fc1, self.fc2, self.ln3 = nn.Linear(d, f), nn.Linear(f, d), nn.LayerNorm(d)

    def forward(self, x, mem=None, causal=None):
        drop = lambda t: F.dropout(t, self.drop, self.training)
        x = self.ln1(x + drop(self.self_attn(x, x, x, attn_mask=causal, need_weights=False)[0]))
        if self.cross is not None:
            x = self.ln2(x + drop(self.cross(x, mem, mem, need_weights=False)[0]))
        return self.ln3(x + drop(self.fc2(F.relu(self.fc1(x)))))


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


class Stack(nn.ModuleList):
    """Encoder or decoder layers applied in turn (lazy_torch.LazyStack also hands P down the blocks)."""

    def forward(self, x, mem=None, causal=None):
        for layer in self:
            x = layer(x, mem, causal)
        return x


class Model(nn.Module):
    """Embeddings shared as the preset says (all: one table; decoder-in-out: the decoder's input
    table is the output projection; none: three tables), sinusoidal positions, the given stacks."""

    def __init__(self, cfg, enc, dec):
        super().__init__()
        d = cfg["d_model"]
        self.d, self.drop = d, cfg["dropout"]
        share = cfg["share_embeddings"]
        self.embed = nn.Embedding(VOCAB, d, padding_idx=PAD)
        self.embed_tgt = self.embed if share == "all" else nn.Embedding(VOCAB, d, padding_idx=PAD)
        self.out = (self.embed_tgt.weight if share in ("all", "decoder-in-out")
                    else nn.Parameter(torch.randn(VOCAB, d) * d ** -0.5))
        self.enc, self.dec = enc, dec
        self.register_buffer("pos", sinusoidal(max(SRC_LEN, TGT_LEN), d))

    def embed_ids(self, table, ids):
        return F.dropout(table(ids) * math.sqrt(self.d) + self.pos[: ids.shape[1]], self.drop, self.training)

    def forward(self, src, tgt_in):
        # No padding in the synthetic batch: like fairseq's encoder (mask None when nothing is padded).
        x = self.enc(self.embed_ids(self.embed, src))
        causal = torch.triu(torch.full((tgt_in.shape[1],) * 2, float("-inf")), diagonal=1)
        return self.dec(self.embed_ids(self.embed_tgt, tgt_in), x, causal) @ self.out.T


def build(which):
    """(row name, model) for a legacy shape name or a configs/ preset."""
    if which in SHAPES:
        name, layers, d, f, h = SHAPES[which]
        cfg = dict(arch="transformer", encoder_layers=layers, decoder_layers=layers, d_model=d, ffn_dim=f, heads=h,
                   dropout=0.1, attention_dropout=0.0, activation_dropout=0.0, share_embeddings="all")
    else:
        name, cfg = which, load_preset(which)
    if cfg["arch"] == "lite":
        enc = Stack(LiteLayer(cfg, k, False) for k in cfg["lite_encoder_kernel_sizes"])
        dec = Stack(LiteLayer(cfg, k, True) for k in cfg["lite_decoder_kernel_sizes"])
        return name, Model(cfg, enc, dec)
    # The Transformer and LazyFormer peers have no dropout after the FFN's ReLU.
    assert cfg["arch"] in ("transformer", "lazyformer") and cfg["activation_dropout"] == 0, which
    if cfg["arch"] == "lazyformer":
        return name, Model(cfg, *lazy_stacks(cfg))
    layer = lambda cross: Layer(cfg["d_model"], cfg["ffn_dim"], cfg["heads"], cross, cfg["dropout"],
                                cfg["attention_dropout"])
    enc = Stack(layer(False) for _ in range(cfg["encoder_layers"]))
    dec = Stack(layer(True) for _ in range(cfg["decoder_layers"]))
    return name, Model(cfg, enc, dec)


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
