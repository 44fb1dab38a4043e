#!/usr/bin/env python3
"""PyTorch peer for scripts/bench/train: the same Transformer or LazyFormer (post-norm,
shared embeddings, ReLU, dropout 0.1, fairseq label-smoothed loss, Adam), the
same synthetic batch (128 x 32 source and target tokens, vocabulary 8000),
timed the same way. Prints one RESULT line per model.

Usage: train_torch.py [tiny|base|iwslt|lazy-iwslt-3x2|lazy-iwslt-3x2-dec]...   (run with /usr/bin/python3; threads from TORCH_THREADS, default 2)
"""
import math
import os
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

SHAPES = {"tiny": ("transformer-tiny", 3, 256, 1024, 4), "base": ("transformer-base", 6, 512, 2048, 8),
          "iwslt": ("transformer-iwslt", 6, 512, 1024, 4),
          "lazy-iwslt-3x2": ("lazy-iwslt-3x2", 6, 512, 1024, 4),
          "lazy-iwslt-3x2-dec": ("lazy-iwslt-3x2-dec", 6, 512, 1024, 4)}
# LazyFormer 3x2 (docs/models.md): which layers compute the distribution of
# each attention kind (encoder, decoder self, decoder cross); the others reuse it.
LAZY = {"lazy-iwslt-3x2": ([0, 2, 4], None, None), "lazy-iwslt-3x2-dec": ([0, 2, 4], [0, 2, 4], [0, 2, 4])}
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


class BlockAttention(nn.Module):
    """LazyFormer attention: a head layer owns q/k and computes P (returned for
    the block); every layer applies P to its own v and out projections."""

    def __init__(self, d, h, head):
        super().__init__()
        self.h, self.head = h, head
        self.q = nn.Linear(d, d) if head else None
        self.k = nn.Linear(d, d) if head else None
        self.v, self.o = nn.Linear(d, d), nn.Linear(d, d)

    def forward(self, x, mem, probs, causal=None):
        b, tq, d = x.shape
        split = lambda t: t.reshape(b, t.shape[1], self.h, d // self.h).transpose(1, 2)
        if self.head:
            scores = split(self.q(x)) @ split(self.k(mem)).transpose(-1, -2) * (d // self.h) ** -0.5
            probs = torch.softmax(scores if causal is None else scores + causal, dim=-1)
        out = (probs @ split(self.v(mem))).transpose(1, 2).reshape(b, tq, d)
        return self.o(out), probs


class LazyLayer(nn.Module):
    def __init__(self, d, f, h, self_head, cross_head):
        super().__init__()
        self.self_attn, self.ln1 = BlockAttention(d, h, self_head), nn.LayerNorm(d)
        self.cross = BlockAttention(d, h, cross_head) if cross_head is not None else None
        self.ln2 = nn.LayerNorm(d) if cross_head is not None else None
        self.fc1, self.fc2, self.ln3 = nn.Linear(d, f), nn.Linear(f, d), nn.LayerNorm(d)

    def forward(self, x, shared, mem=None, causal=None):
        drop = lambda t: F.dropout(t, 0.1, self.training)
        a, shared[0] = self.self_attn(x, x, shared[0], causal)
        x = self.ln1(x + drop(a))
        if self.cross is not None:
            c, shared[1] = self.cross(x, mem, shared[1])
            x = self.ln2(x + drop(c))
        return self.ln3(x + drop(self.fc2(F.relu(self.fc1(x)))))


class Model(nn.Module):
    def __init__(self, layers, d, f, h, lazy=None):
        super().__init__()
        self.d, self.lazy = d, lazy is not None
        self.embed = nn.Embedding(VOCAB, d, padding_idx=PAD)
        if lazy is None:
            self.enc = nn.ModuleList(Layer(d, f, h, False) for _ in range(layers))
            self.dec = nn.ModuleList(Layer(d, f, h, True) for _ in range(layers))
        else:
            heads = lambda which, i: which is None or i in which
            enc, dec_self, dec_cross = lazy
            self.enc = nn.ModuleList(LazyLayer(d, f, h, heads(enc, i), None) for i in range(layers))
            self.dec = nn.ModuleList(LazyLayer(d, f, h, heads(dec_self, i), heads(dec_cross, i))
                                     for i in range(layers))
        self.register_buffer("pos", sinusoidal(max(SRC_LEN, TGT_LEN), d))

    def embed_ids(self, ids):
        return F.dropout(self.embed(ids) * math.sqrt(self.d) + self.pos[: ids.shape[1]], 0.1, self.training)

    def forward(self, src, tgt_in):
        x = self.embed_ids(src)
        causal = torch.triu(torch.full((tgt_in.shape[1],) * 2, float("-inf")), diagonal=1)
        y = self.embed_ids(tgt_in)
        if self.lazy:
            shared = [None, None]
            for layer in self.enc:
                x = layer(x, shared)
            shared = [None, None]
            for layer in self.dec:
                y = layer(y, shared, x, causal)
        else:
            for layer in self.enc:
                x = layer(x)
            for layer in self.dec:
                y = layer(y, x, causal)
        return y @ self.embed.weight.T


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
        name, layers, d, f, h = SHAPES[which]
        model = Model(layers, d, f, h, LAZY.get(which)).train()
        opt = torch.optim.Adam(model.parameters(), lr=1e-4, betas=(0.9, 0.98), eps=1e-9)
        k = torch.arange(BATCH * SRC_LEN)
        src = (4 + (k * 7919) % (VOCAB - 4)).reshape(BATCH, SRC_LEN)
        tin = (4 + (k * 104729) % (VOCAB - 4)).reshape(BATCH, TGT_LEN)
        tout = (4 + (k * 1299709) % (VOCAB - 4)).reshape(BATCH, TGT_LEN)
        warmup, steps = 1, (2 if layers == 6 else 4)
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
