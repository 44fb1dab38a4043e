#!/usr/bin/env python3
"""PyTorch reference for Ventris's Transformer (architectures.md §1-2).

Reads a safetensors file written by the C++ test: every model parameter under
its Ventris (fairseq-style) name, the batch as `batch.src`, `batch.tgt_in`,
`batch.tgt_out`, and `__metadata__["reference"]` = JSON with the model config,
pad id and label smoothing. Rebuilds the model from plain torch ops (fairseq's
formulation, batch-first), computes the summed label-smoothed loss and its
gradients, and writes `loss`, `nll`, `encoder_out` and `grad.<name>` for every
parameter. main() also serves LazyFormer (lazyformer_reference.py): which
layers compute an attention distribution and which reuse the one before.

Usage: transformer_reference.py IN.safetensors OUT.safetensors
Needs Debian's python3-torch (run with /usr/bin/python3).
"""
import json
import math
import struct
import sys

import torch

DTYPES = {"F32": torch.float32, "I32": torch.int32, "I64": torch.int64}
NAMES = {v: k for k, v in DTYPES.items()}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    meta = header.pop("__metadata__", {})
    base = 8 + n
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        buf = bytearray(data[base + begin : base + end])
        t = torch.frombuffer(buf, dtype=DTYPES[info["dtype"]]) if buf else torch.empty(0, dtype=DTYPES[info["dtype"]])
        tensors[name] = t.reshape(info["shape"]).clone()
    return tensors, meta


def write_safetensors(path, tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        raw = t.detach().contiguous().numpy().tobytes()
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def sinusoidal(ids, dim, pad):
    half = dim // 2
    freq = torch.exp(torch.arange(half, dtype=torch.float64) * -(math.log(10000.0) / (half - 1)))
    pos = (torch.arange(ids.shape[1], dtype=torch.float64) + 2)[None, :].expand(ids.shape)
    angles = pos[..., None] * freq
    pe = torch.cat([torch.sin(angles), torch.cos(angles)], dim=-1).to(torch.float32)
    return pe * (ids != pad)[..., None].to(torch.float32)


def all_heads(kind, layers):
    """The Transformer: every layer computes its own attention distribution."""
    return [True] * layers


def main(inp, out, block_heads=all_heads, self_attention=None):
    """block_heads(kind, layers) -> per layer, whether it computes the distribution of
    attention `kind` ("enc", "dec_self", "dec_cross") or reuses the one before
    (LazyFormer's blocks, lazyformer_reference.py). self_attention(env, h, prefix,
    key_pad, causal) replaces the self-attention sub-layer when given (the Lite
    Transformer's LSRA, lite_reference.py); env holds P, linear, attention and cfg."""
    t, meta = read_safetensors(inp)
    ref = json.loads(meta["reference"])
    cfg, pad, eps = ref["model"], ref["pad_id"], ref["label_smoothing"]
    params = {k: v.requires_grad_() for k, v in t.items() if not k.startswith("batch.")}
    src, tgt_in, tgt_out = (t["batch." + k].long() for k in ("src", "tgt_in", "tgt_out"))
    D, H = cfg["d_model"], cfg["heads"]
    pre = cfg["normalize_before"]
    P = lambda name: params[name]

    def linear(x, name):
        return x @ P(name + ".weight").T + P(name + ".bias")

    def layer_norm(x, name):
        return torch.nn.functional.layer_norm(x, (D,), P(name + ".weight"), P(name + ".bias"), 1e-5)

    def attention(shared, is_head, q_in, kv_in, name, key_pad=None, causal=False, width=None, n_heads=None):
        """A head layer sets shared[0] = P from its own q_proj / k_proj; every
        layer applies shared[0] to its own v_proj and out_proj. width/n_heads:
        a narrower attention (an LSRA branch)."""
        W, Hn = width or D, n_heads or H
        B, Tq, Tk = q_in.shape[0], q_in.shape[1], kv_in.shape[1]
        heads = lambda x, T: x.reshape(B, T, Hn, W // Hn).transpose(1, 2)
        if is_head:
            q = heads(linear(q_in, name + ".q_proj") * (W // Hn) ** -0.5, Tq)
            k = heads(linear(kv_in, name + ".k_proj"), Tk)
            scores = q @ k.transpose(-1, -2)
            if key_pad is not None:
                scores = scores.masked_fill(key_pad[:, None, None, :], float("-inf"))
            if causal:
                mask = torch.triu(torch.ones(Tq, Tk, dtype=torch.bool), diagonal=1 + Tk - Tq)
                scores = scores.masked_fill(mask, float("-inf"))
            shared[0] = torch.softmax(scores, dim=-1)
        v = heads(linear(kv_in, name + ".v_proj"), Tk)
        o = (shared[0] @ v).transpose(1, 2).reshape(B, Tq, W)
        return linear(o, name + ".out_proj")

    def ffn(x, name):
        h = linear(x, name + ".fc1")
        h = torch.nn.functional.gelu(h) if cfg["activation"] == "gelu" else torch.relu(h)
        return linear(h, name + ".fc2")

    def sublayer(x, norm, f):
        return x + f(layer_norm(x, norm)) if pre else layer_norm(x + f(x), norm)

    def positions(ids, side):
        if cfg.get("positions", "sinusoidal") != "learned":
            return sinusoidal(ids, D, pad)
        # fairseq's make_positions: pad + 1 + t for real tokens, pad for pads.
        mask = (ids != pad).long()
        return P(f"{side}.embed_positions.weight")[torch.cumsum(mask, dim=1) * mask + pad]

    def embed(table, ids, side):
        return P(table)[ids] * math.sqrt(D) + positions(ids, side)

    env = type("Env", (), {"P": P, "linear": linear, "attention": attention, "cfg": cfg})

    def self_attn(shared, is_head, h, p, key_pad=None, causal=False):
        if self_attention is not None:
            return self_attention(env, h, p + ".self_attn", key_pad, causal)
        return attention(shared, is_head, h, h, p + ".self_attn", key_pad=key_pad, causal=causal)

    share = cfg["share_embeddings"]
    enc_table = "encoder.embed_tokens.weight"
    dec_table = enc_table if share == "all" else "decoder.embed_tokens.weight"
    out_table = dec_table if share != "none" else "decoder.output_projection.weight"

    enc_heads = block_heads("enc", cfg["encoder_layers"])
    self_heads = block_heads("dec_self", cfg["decoder_layers"])
    cross_heads = block_heads("dec_cross", cfg["decoder_layers"])

    src_pad = src == pad
    x = embed(enc_table, src, "encoder")
    shared = [None]
    for i in range(cfg["encoder_layers"]):
        p = f"encoder.layers.{i}"
        x = sublayer(x, p + ".self_attn_layer_norm", lambda h: self_attn(shared, enc_heads[i], h, p, key_pad=src_pad))
        x = sublayer(x, p + ".final_layer_norm", lambda h: ffn(h, p))
    enc = layer_norm(x, "encoder.layer_norm") if pre else x

    y = embed(dec_table, tgt_in, "decoder")
    shared_self, shared_cross = [None], [None]
    for i in range(cfg["decoder_layers"]):
        p = f"decoder.layers.{i}"
        y = sublayer(y, p + ".self_attn_layer_norm", lambda h: self_attn(shared_self, self_heads[i], h, p, causal=True))
        y = sublayer(y, p + ".encoder_attn_layer_norm",
                     lambda h: attention(shared_cross, cross_heads[i], h, enc, p + ".encoder_attn", key_pad=src_pad))
        y = sublayer(y, p + ".final_layer_norm", lambda h: ffn(h, p))
    if pre:
        y = layer_norm(y, "decoder.layer_norm")
    logits = y @ P(out_table).T

    # fairseq's label_smoothed_nll_loss, summed over non-pad targets.
    lprobs = torch.log_softmax(logits, dim=-1).reshape(-1, logits.shape[-1])
    target = tgt_out.reshape(-1, 1)
    keep = (target != pad).squeeze(1)
    nll = -lprobs.gather(1, target).squeeze(1)[keep]
    smooth = -lprobs.sum(-1)[keep]
    eps_i = eps / (lprobs.shape[-1] - 1)
    loss = ((1.0 - eps - eps_i) * nll + eps_i * smooth).sum()
    loss.backward()

    result = {"loss": loss.detach().reshape(1), "nll": nll.sum().detach().reshape(1), "encoder_out": enc.detach()}
    for name, p in params.items():
        result["grad." + name] = p.grad if p.grad is not None else torch.zeros_like(p)
    write_safetensors(out, result)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
