"""LazyFormer pieces shared by the PyTorch peers of scripts/bench/train and
scripts/bench/translate (train_torch.py, translate_torch.py), written as
docs/models.md describes Ventris's `lazyformer` (Ying et al. 2021; decoder
blocks ours): the layers of a block share one attention distribution P,
computed by the block's first ("head") layer, which alone owns W_Q and W_K;
every layer applies P to its own V and output projection. The same split is
made for encoder self-, decoder self- and decoder cross-attention.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


def head_flags(sizes, layers):
    """lazy_blocks_* sizes -> per layer, True where it heads its block (computes P). [] = every layer."""
    if not sizes:
        return [True] * layers
    assert sum(sizes) == layers, f"block sizes {sizes} must sum to {layers} layers"
    return [i == 0 for n in sizes for i in range(n)]


def lazy_heads(cfg):
    """(encoder self, decoder self, decoder cross) head flags of a preset; every layer a head unless lazyformer."""
    lazy = cfg["arch"] == "lazyformer"
    get = lambda key, layers: head_flags(cfg.get(key, []) if lazy else [], layers)
    return (get("lazy_blocks_enc", cfg["encoder_layers"]), get("lazy_blocks_dec_self", cfg["decoder_layers"]),
            get("lazy_blocks_dec_cross", cfg["decoder_layers"]))


class BlockAttention(nn.Module):
    """Training-side attention of one layer of a block: a head owns q/k and computes P (handed on to
    the block); every layer applies P to its own v and o. lazy_prob_dropout: `per-layer` drops each
    layer's own copy of P (the undropped P is handed on), `shared` drops P once in the head, `none`
    never drops P."""

    def __init__(self, d, h, head, dropout, mode):
        super().__init__()
        self.h, self.head, self.dropout, self.mode = h, head, dropout, mode
        self.q = nn.Linear(d, d) if head else None
        self.k = nn.Linear(d, d) if head else None
        self.v, self.o = nn.Linear(d, d), nn.Linear(d, d)

    def forward(self, x, mem, probs, causal=None):
        b, tq, d = x.shape
        split = lambda t: t.reshape(b, t.shape[1], self.h, d // self.h).transpose(1, 2)
        # attention_dropout 0 (the iwslt presets): no copy of P at all, as in Ventris
        drop = lambda p: F.dropout(p, self.dropout, self.training) if self.dropout > 0 else p
        if self.head:
            scores = split(self.q(x)) @ split(self.k(mem)).transpose(-1, -2) * (d // self.h) ** -0.5
            probs = torch.softmax(scores if causal is None else scores + causal, dim=-1)
            if self.mode == "shared":
                probs = drop(probs)
        used = drop(probs) if self.mode == "per-layer" else probs
        out = (used @ split(self.v(mem))).transpose(1, 2).reshape(b, tq, d)
        return self.o(out), probs


class LazyLayer(nn.Module):
    """Post-norm layer (the Transformer peer's, with BlockAttention); cross_head None: an encoder layer."""

    def __init__(self, cfg, self_head, cross_head):
        super().__init__()
        d, f, h = cfg["d_model"], cfg["ffn_dim"], cfg["heads"]
        attn = lambda head: BlockAttention(d, h, head, cfg["attention_dropout"], cfg.get("lazy_prob_dropout", "per-layer"))
        self.drop = cfg["dropout"]
        self.self_attn, self.ln1 = attn(self_head), nn.LayerNorm(d)
        self.cross = attn(cross_head) if cross_head is not None else None
        self.ln2 = nn.LayerNorm(d) if cross_head is not None else None
        self.fc1, self.fc2, self.ln3 = nn.Linear(d, f), nn.Linear(f, d), nn.LayerNorm(d)

    def forward(self, x, shared, mem=None, causal=None):
        """shared: [self P, cross P] of the current blocks, updated by head layers."""
        drop = lambda t: F.dropout(t, self.drop, self.training)
        a, shared[0] = self.self_attn(x, x, shared[0], causal)
        x = self.ln1(x + drop(a))
        if self.cross is not None:
            c, shared[1] = self.cross(x, mem, shared[1])
            x = self.ln2(x + drop(c))
        return self.ln3(x + drop(self.fc2(F.relu(self.fc1(x)))))


class LazyStack(nn.ModuleList):
    """An encoder or decoder stack of LazyLayers: the blocks' P travels down the stack."""

    def forward(self, x, mem=None, causal=None):
        shared = [None, None]
        for layer in self:
            x = layer(x, shared, mem, causal)
        return x


def lazy_stacks(cfg):
    """(encoder, decoder) LazyStacks of a lazyformer preset."""
    enc, dec_self, dec_cross = lazy_heads(cfg)
    return (LazyStack(LazyLayer(cfg, head, None) for head in enc),
            LazyStack(LazyLayer(cfg, s, c) for s, c in zip(dec_self, dec_cross)))
