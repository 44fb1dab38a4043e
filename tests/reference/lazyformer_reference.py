#!/usr/bin/env python3
"""PyTorch reference for Ventris's LazyFormer (architectures.md §4).

The Transformer of transformer_reference.py (same input and output files,
same fairseq formulation) with attention blocks: in each block of
`lazy_blocks_enc` / `lazy_blocks_dec_self` / `lazy_blocks_dec_cross` (lists of
sizes in the JSON config; empty = all 1) the first layer computes
P = softmax(mask(Q K^T)) from its own q_proj / k_proj and every layer of the
block applies P to its own v_proj and out_proj. Lazy layers have no q_proj /
k_proj parameters (they are never read). Autograd sums dL/dP over the block
by itself. Evaluation mode, so lazy_prob_dropout does not enter.

Usage: lazyformer_reference.py IN.safetensors OUT.safetensors
Needs Debian's python3-torch (run with /usr/bin/python3).
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import transformer_reference  # noqa: E402


def heads_of_blocks(sizes, layers):
    """Per layer: True where it starts a block (computes the distribution)."""
    if not sizes:
        return [True] * layers
    heads, first = [False] * layers, 0
    for size in sizes:
        heads[first] = True
        first += size
    assert first == layers, (sizes, layers)
    return heads


def main(inp, out):
    _, meta = transformer_reference.read_safetensors(inp)
    cfg = json.loads(meta["reference"])["model"]
    blocks = {kind: cfg["lazy_blocks_" + kind] for kind in ("enc", "dec_self", "dec_cross")}
    transformer_reference.main(inp, out, block_heads=lambda kind, layers: heads_of_blocks(blocks[kind], layers))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
