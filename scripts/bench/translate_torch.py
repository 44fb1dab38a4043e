#!/usr/bin/env python3
"""PyTorch peer for scripts/bench/translate: the same Transformer shape
(post-norm, shared embeddings, ReLU, vocabulary 8000, random weights) with an
incremental decoder (self-attention K/V caches grown per step, cross K/V
projected once) and batched beam search over sentences x beams in which
finished sentences leave the batch. The same source lengths and synthetic ids
as bench_translate, the same fixed output length (EOS masked until S tokens,
then forced), length-sorted batches of 64 sentences (padded, as PyTorch
users batch). Prints one RESULT line.

A preset name takes the model from configs/<name>.yaml: the Transformer above
with the preset's shape and embedding sharing; the LazyFormer (the same Model
with lazy layers, lazy_torch.py: a block's head layer computes P, the others
reuse it and cache no keys, self or cross); or the Lite Transformer (LiteModel
below: LSRA, the encoder's convolutions through the reference's band-matrix
path, the decoder's steps through its unfold path with a window of the last
K - 1 inputs per convolution branch, reordered with the beam; lite_torch.py).

Usage: translate_torch.py tiny|base|PRESET BEAM FILE [SENTENCES]   (threads from TORCH_THREADS, default 2)
"""
import math
import os
import resource
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lazy_torch import lazy_heads  # noqa: E402
from lite_torch import ConvBranch, load_preset, parse_branches  # noqa: E402

SHAPES = {"tiny": (3, 256, 1024, 4), "base": (6, 512, 2048, 8)}
VOCAB, PAD, EOS, BOS = 8000, 1, 2, 0


def sinusoidal(length, dim):
    half = dim // 2
    freq = torch.exp(torch.arange(half, dtype=torch.float64) * -(math.log(10000.0) / (half - 1)))
    angles = (torch.arange(length, dtype=torch.float64) + 2)[:, None] * freq
    return torch.cat([torch.sin(angles), torch.cos(angles)], dim=1).float()


class Attention(torch.nn.Module):
    def __init__(self, d, h):
        super().__init__()
        self.h, self.dh = h, d // h
        self.q, self.k, self.v, self.o = (torch.nn.Linear(d, d) for _ in range(4))

    def heads(self, x):  # [B, T, D] -> [B, H, T, Dh]
        return x.view(x.size(0), x.size(1), self.h, self.dh).transpose(1, 2)

    def probs(self, x, k, pad=None):  # x [B, Tq, D], k [B, H, Tk, Dh] -> P [B, H, Tq, Tk]
        q = self.heads(self.q(x)) * self.dh ** -0.5
        s = q @ k.transpose(2, 3)
        if pad is not None:
            s = s.masked_fill(pad[:, None, None, :], float("-inf"))
        return torch.softmax(s, -1)

    def apply(self, p, v):  # P [B, H, Tq, Tk], v [B, H, Tk, Dh] -> [B, Tq, D]
        o = p @ v
        return self.o(o.transpose(1, 2).reshape(o.size(0), o.size(2), -1))

    def attend(self, x, k, v, pad=None):  # x [B, Tq, D], k/v [B, H, Tk, Dh]
        return self.apply(self.probs(x, k, pad), v)


class Model(torch.nn.Module):
    """Transformer, or LazyFormer where `heads` (lazy_torch.lazy_heads: encoder, decoder self, decoder
    cross) marks lazy layers: those reuse the P of the layer above, have no q/k projections and
    cache no K."""

    def __init__(self, layers, d, f, h, share="all", heads=None):
        super().__init__()
        self.d = d
        self.enc_heads, self.self_heads, self.cross_heads = heads or ([True] * layers,) * 3
        self.tables(d, share)
        mk = lambda: torch.nn.ModuleDict(dict(att=Attention(d, h), ln1=torch.nn.LayerNorm(d), fc1=torch.nn.Linear(d, f),
                                              fc2=torch.nn.Linear(f, d), ln3=torch.nn.LayerNorm(d)))
        self.enc = torch.nn.ModuleList(mk() for _ in range(layers))
        self.dec = torch.nn.ModuleList(mk() for _ in range(layers))
        for layer in self.dec:
            layer["cross"], layer["ln2"] = Attention(d, h), torch.nn.LayerNorm(d)
        # Dropped, not just unused, so that the peak RSS compares with Ventris's lazy layers (no W_Q/W_K).
        for stack, key, flags in ((self.enc, "att", self.enc_heads), (self.dec, "att", self.self_heads),
                                  (self.dec, "cross", self.cross_heads)):
            for layer, head in zip(stack, flags):
                if not head:
                    layer[key].q = layer[key].k = None
        self.pe = sinusoidal(1024, d)

    def tables(self, d, share):
        """Embeddings as share_embeddings says: all (one table), decoder-in-out (the decoder's input
        table is the output projection), none (three tables)."""
        self.embed = torch.nn.Embedding(VOCAB, d, padding_idx=PAD)
        torch.nn.init.normal_(self.embed.weight, 0, d ** -0.5)
        self.embed_tgt = self.embed if share == "all" else torch.nn.Embedding(VOCAB, d, padding_idx=PAD)
        self.out = self.embed_tgt.weight if share in ("all", "decoder-in-out") else torch.randn(VOCAB, d) * d ** -0.5

    def ffn(self, layer, x):
        return layer["ln3"](x + layer["fc2"](F.relu(layer["fc1"](x))))

    def embed_source(self, src):  # [B, S] -> (embedded [B, S, D], pad mask [B, S])
        pad = src.eq(PAD)
        pos = torch.cumsum(~pad, 1) - 1
        return self.embed(src) * math.sqrt(self.d) + self.pe[pos] * (~pad)[..., None], pad

    def encode(self, src):  # [B, S]
        x, pad = self.embed_source(src)
        p = None  # the current block's P
        for i, layer in enumerate(self.enc):
            a = layer["att"]
            if self.enc_heads[i]:
                p = a.probs(x, a.heads(a.k(x)), pad)
            x = layer["ln1"](x + a.apply(p, a.heads(a.v(x))))
            x = self.ffn(layer, x)
        cross = lambda i, c: (c.heads(c.k(x)) if self.cross_heads[i] else None, c.heads(c.v(x)))
        return {"pad": pad, "self": [None] * len(self.dec), "cross": [cross(i, l["cross"]) for i, l in enumerate(self.dec)]}

    def step(self, tokens, state, t):  # tokens [N] -> log-probs [N, V]
        x = (self.embed_tgt(tokens) * math.sqrt(self.d) + self.pe[t])[:, None, :]
        p_self = p_cross = None  # the current blocks' P rows of this step, never cached
        for i, layer in enumerate(self.dec):
            a, head = layer["att"], self.self_heads[i]
            k, v = (a.heads(a.k(x)) if head else None), a.heads(a.v(x))
            if state["self"][i] is not None:
                k = torch.cat([state["self"][i][0], k], 2) if head else None
                v = torch.cat([state["self"][i][1], v], 2)
            state["self"][i] = (k, v)
            if head:
                p_self = a.probs(x, k)
            x = layer["ln1"](x + a.apply(p_self, v))
            c, (ck, cv) = layer["cross"], state["cross"][i]
            if self.cross_heads[i]:
                p_cross = c.probs(x, ck, state["pad"])
            x = layer["ln2"](x + c.apply(p_cross, cv))
            x = self.ffn(layer, x)
        return torch.log_softmax(x[:, 0] @ self.out.t(), -1)


def reorder(state, rows):
    state["pad"] = state["pad"][rows]
    # a layer's step state: the Transformer's (K, V), a lazy layer's (None, V); the Lite's K, V and
    # convolution windows
    pick = lambda t: None if t is None else t[rows]
    state["self"] = [None if kv is None else tuple(pick(t) for t in kv) for kv in state["self"]]
    state["cross"] = [(pick(k), v[rows]) for k, v in state["cross"]]


def start_beams(model, sources, beam):
    """The decoder state of `beam` rows per source: the padded sources encoded once, then repeated."""
    b = len(sources)
    src = torch.full((b, max(len(s) for s in sources)), PAD, dtype=torch.long)
    for i, s in enumerate(sources):
        src[i, : len(s)] = torch.tensor(s)
    state = model.encode(src)
    reorder(state, torch.arange(b).repeat_interleave(beam))
    return state


def beam_search(model, sources, beam):
    """Fixed-length regime: sentence i ends after len(sources[i]) tokens + EOS."""
    b = len(sources)
    state = start_beams(model, sources, beam)
    active = list(range(b))  # sentence ids, each with `beam` rows
    scores = torch.zeros(b, beam)
    scores[:, 1:] = float("-inf")  # first step: one live hypothesis per sentence
    tokens = torch.full((b * beam,), EOS, dtype=torch.long)
    history = torch.zeros(b * beam, 0, dtype=torch.long)
    out, t = [None] * b, 0
    while active:
        lp = model.step(tokens, state, t)
        lp[:, PAD] = lp[:, BOS] = float("-inf")
        n = len(active)
        limits = torch.tensor([len(sources[s]) for s in active]).repeat_interleave(beam)
        ending = limits.eq(t)
        lp[~ending, EOS] = float("-inf")
        eos_col = lp[ending, EOS].clone()
        lp[ending] = float("-inf")
        lp[ending, EOS] = eos_col
        cand = (scores.reshape(-1, 1) + lp).view(n, -1)
        top, idx = cand.topk(2 * beam, dim=1)
        top, idx = top[:, :beam], idx[:, :beam]
        origin = (idx // VOCAB) + torch.arange(n)[:, None] * beam
        word = idx % VOCAB
        history = torch.cat([history[origin.view(-1)], word.view(-1, 1)], 1)
        keep = []
        for j, s in enumerate(active):
            if ending[j * beam]:
                out[s] = history[j * beam, :-1].tolist()
            else:
                keep.append(j)
        rows = origin.view(-1)
        if not keep:
            break
        if len(keep) < n:
            sel = torch.tensor(keep, dtype=torch.long)
            top, word = top[sel], word[sel]
            rows = origin[sel].view(-1)
            history = history.view(n, beam, history.size(1))[sel].view(len(keep) * beam, history.size(1))
            active = [active[j] for j in keep]
        if not active:
            break
        reorder(state, rows)
        scores, tokens, t = top, word.view(-1), t + 1
    return out


class LiteModel(Model):
    """The Lite Transformer of a configs/ preset (post-norm LSRA layers, F = D, full-width
    cross-attention with model.heads heads), with Model's step interface, embeddings and FFN."""

    def __init__(self, cfg):
        torch.nn.Module.__init__(self)  # Model's layers are not built: LSRA layers replace them
        self.d = d = cfg["d_model"]
        self.spec = parse_branches(cfg)
        self.tables(d, cfg["share_embeddings"])

        def layer(kernel, cross):
            branches = torch.nn.ModuleList(
                Attention(dim, heads) if kind == "attn" else
                ConvBranch(kind, dim, heads, k or kernel, cfg["lite_glu"], cfg["lite_weight_dropout"])
                for kind, k, dim, heads in self.spec)
            m = torch.nn.ModuleDict(dict(branches=branches, ln1=torch.nn.LayerNorm(d), fc1=torch.nn.Linear(d, cfg["ffn_dim"]),
                                         fc2=torch.nn.Linear(cfg["ffn_dim"], d), ln3=torch.nn.LayerNorm(d)))
            if cross:
                m["cross"], m["ln2"] = Attention(d, cfg["heads"]), torch.nn.LayerNorm(d)
            return m

        self.enc = torch.nn.ModuleList(layer(k, False) for k in cfg["lite_encoder_kernel_sizes"])
        self.dec = torch.nn.ModuleList(layer(k, True) for k in cfg["lite_decoder_kernel_sizes"])
        self.pe = sinusoidal(1024, d)

    def encode(self, src):  # [B, S]
        x, pad = self.embed_source(src)
        for layer in self.enc:
            outs = []
            for b, part in zip(layer["branches"], torch.split(x, [s[2] for s in self.spec], dim=-1)):
                if isinstance(b, ConvBranch):
                    outs.append(b(part, b.kernel // 2, pad))  # band path, centred
                else:
                    outs.append(b.attend(part, b.heads(b.k(part)), b.heads(b.v(part)), pad))
            x = self.ffn(layer, layer["ln1"](x + torch.cat(outs, -1)))
        return {"pad": pad, "self": [None] * len(self.dec),
                "cross": [(l["cross"].heads(l["cross"].k(x)), l["cross"].heads(l["cross"].v(x))) for l in self.dec]}

    def step(self, tokens, state, t):  # tokens [N] -> log-probs [N, V]
        x = self.embed_tgt(tokens) * math.sqrt(self.d) + self.pe[t]  # [N, D]
        for i, layer in enumerate(self.dec):
            prev, new, outs = state["self"][i], [], []
            parts = torch.split(x, [s[2] for s in self.spec], dim=-1)
            for j, (b, part) in enumerate(zip(layer["branches"], parts)):
                if isinstance(b, ConvBranch):  # unfold path over the window of earlier inputs
                    buffer = prev[len(new)] if prev is not None else part.new_zeros(part.size(0), part.size(1), 0)
                    y, buffer = b.step(part, buffer)
                    outs.append(y)
                    new.append(buffer)
                    continue
                q = part[:, None, :]
                k, v = b.heads(b.k(q)), b.heads(b.v(q))
                if prev is not None:
                    k, v = torch.cat([prev[len(new)], k], 2), torch.cat([prev[len(new) + 1], v], 2)
                new += [k, v]
                outs.append(b.attend(q, k, v)[:, 0])
            state["self"][i] = tuple(new)
            h = layer["ln1"](x + torch.cat(outs, -1))[:, None, :]
            ck, cv = state["cross"][i]
            h = layer["ln2"](h + layer["cross"].attend(h, ck, cv, state["pad"]))
            x = self.ffn(layer, h)[:, 0]
        return torch.log_softmax(x @ self.out.t(), -1)


def build(which):
    """(row name, model) for a legacy shape name or a configs/ preset."""
    if which in SHAPES:
        return "transformer-" + which, Model(*SHAPES[which])
    cfg = load_preset(which)
    if cfg["arch"] == "lite":
        return which, LiteModel(cfg)
    assert cfg["arch"] in ("transformer", "lazyformer"), which
    assert cfg["encoder_layers"] == cfg["decoder_layers"], which
    return which, Model(cfg["encoder_layers"], cfg["d_model"], cfg["ffn_dim"], cfg["heads"], cfg["share_embeddings"],
                        lazy_heads(cfg))


def main():
    which, beam, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    wanted = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
    torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "2")))
    torch.manual_seed(1)
    name, model = build(which)
    model.eval()
    sources, h = [], 12345
    for line in open(path, encoding="utf-8"):
        if len(sources) == wanted:
            break
        n = min(100, max(1, (len(line.split()) * 13 + 5) // 10))
        ids = []
        for _ in range(n):
            h = (h * 6364136223846793005 + 1442695040888963407) % (1 << 64)
            ids.append(4 + (h >> 33) % (VOCAB - 4))
        sources.append(ids + [EOS])
    order = sorted(range(len(sources)), key=lambda i: len(sources[i]))
    start, tokens = time.perf_counter(), 0
    with torch.inference_mode():
        for k in range(0, len(order), 64):
            batch = [sources[i] for i in order[k:k + 64]]
            for hyp in beam_search(model, batch, beam):
                tokens += len(hyp) + 1
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"RESULT torch {name} beam={beam} sentences={len(sources)} sent_s={len(sources) / seconds:.2f} "
          f"tok_s={tokens / seconds:.1f} rss_mib={rss}")


if __name__ == "__main__":
    main()
