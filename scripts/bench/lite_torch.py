"""Lite Transformer pieces shared by the PyTorch peers of scripts/bench/train
and scripts/bench/translate (train_torch.py, translate_torch.py): the preset
files read as Ventris reads them, and the convolution branch of Long-Short
Range Attention computed the way mit-han-lab/lite-transformer's PyTorch path
computes it (fairseq/modules/{lightweight,dynamic}_convolution.py, the
modules the reference builds when no CUDA extension is available):

- a full pass (training, the encoder at translation time) takes the "expanded"
  path: the normalised kernels are written into a band matrix [B*H, T, T]
  (T + K - 1 columns narrowed to T) and multiplied with the input by one
  batched GEMM. The reference's dynamic convolution picks it for T <= 512,
  its lightweight one always; DropConnect hits the kernels (dynamic) or the
  band matrix (lightweight), as there.
- an incremental decoder step takes the "unfold" path: the last K - 1 inputs
  are kept, the new one appended, and each head's window [R, n] is multiplied
  by its kernel's last n taps (bmm with a [n, 1] matrix).

Layout is batch-major [B, T, C] like the Transformer peers (the reference is
time-major; only strides differ). The pad mask zeroes u after W_1/GLU
(architectures.md §3.4, Ventris's rule; the reference masks before W_1 at the
same cost).
"""
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

CONFIGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "configs")


def load_preset(name):
    """configs/<name>.yaml's model section with Ventris's defaults filled in."""
    import yaml  # Debian's python3-yaml, next to python3-torch

    with open(os.path.join(CONFIGS, name + ".yaml"), encoding="utf-8") as f:
        m = yaml.safe_load(f)["model"]
    cfg = dict(arch="transformer", encoder_layers=6, decoder_layers=6, d_model=512, ffn_dim=2048, heads=8,
               dropout=0.1, attention_dropout=0.0, activation_dropout=0.0, share_embeddings="none",
               lite_branches=["attn:1:D/2:4", "lightweight:default:D/2:4"],
               lite_encoder_kernel_sizes=[3, 7, 15, 31, 31, 31], lite_decoder_kernel_sizes=[3, 7, 15, 31, 31, 31],
               lite_glu=False, lite_weight_dropout=0.0)
    cfg.update(m)
    return cfg


def parse_branches(cfg):
    """lite_branches "type:kernel:dim:heads" -> [(type, kernel or None, dim, heads)] (None = the layer's size)."""
    out = []
    for text in cfg["lite_branches"]:
        kind, kernel, dim, heads = text.split(":")
        d = cfg["d_model"]
        dim = d // int(dim[2:]) if dim.startswith("D/") else int(dim)
        out.append((kind, None if kernel == "default" else int(kernel), dim, int(heads)))
    assert sum(b[2] for b in out) == cfg["d_model"], "branch widths must sum to d_model"
    return out


def band_convolution(u, w, kernel, pad_left, band_dropout=0.0, training=False):
    """The reference's expanded path. u [B, T, C]; w [B*H, T, K] normalised kernels -> y [B, T, C]."""
    B, T, C = u.shape
    BH = w.shape[0]
    H = BH // B
    K, P = kernel, pad_left
    if K > T and P == K - 1:  # the reference shortens causal kernels longer than the input
        w = w.narrow(2, K - T, T)
        K, P = T, T - 1
    band = w.new_zeros(BH, T, T + K - 1)
    band.as_strided((BH, T, K), (T * (T + K - 1), T + K, 1)).copy_(w)
    band = band.narrow(2, P, T)
    if band_dropout > 0:
        band = F.dropout(band, band_dropout, training)
    x = u.view(B, T, H, C // H).transpose(1, 2).reshape(BH, T, C // H)
    return torch.bmm(band, x).view(B, H, T, C // H).transpose(1, 2).reshape(B, T, C)


class ConvBranch(nn.Module):
    """W_1 (-> GLU) -> pad mask -> lightweight/dynamic convolution -> W_2."""

    def __init__(self, kind, dim, heads, kernel, glu, weight_dropout):
        super().__init__()
        self.kind, self.dim, self.heads, self.kernel, self.glu = kind, dim, heads, kernel, glu
        self.weight_dropout = weight_dropout
        self.linear1 = nn.Linear(dim, 2 * dim if glu else dim)
        if kind == "lightweight":
            self.weight = nn.Parameter(torch.empty(heads, 1, kernel))
            nn.init.xavier_uniform_(self.weight)
        else:
            self.weight_linear = nn.Linear(dim, heads * kernel, bias=False)
        self.linear2 = nn.Linear(dim, dim)

    def input(self, x):
        u = self.linear1(x)
        return F.glu(u, dim=-1) if self.glu else u

    def forward(self, x, pad_left, pad=None):
        """Full pass (band path). x [B, T, C]; pad [B, T] true at padded positions or None."""
        u = self.input(x)
        if pad is not None:
            u = u.masked_fill(pad[..., None], 0.0)
        B, T, _ = u.shape
        H, K = self.heads, self.kernel
        if self.kind == "lightweight":
            w = torch.softmax(self.weight.view(H, K), dim=1)
            w = w.view(1, H, 1, K).expand(B, H, T, K).reshape(B * H, T, K)
            y = band_convolution(u, w, K, pad_left, self.weight_dropout, self.training)
        else:
            w = torch.softmax(self.weight_linear(u).view(B, T, H, K), dim=-1)
            w = F.dropout(w, self.weight_dropout, self.training)
            y = band_convolution(u, w.transpose(1, 2).reshape(B * H, T, K), K, pad_left)
        return self.linear2(y)

    def step(self, x, buffer):
        """Incremental step (unfold path). x [N, C]; buffer [N, C, n < K] of earlier inputs
        -> (y [N, C], the new buffer)."""
        u = self.input(x)
        N, C = u.shape
        H, K = self.heads, self.kernel
        window = torch.cat([buffer, u[:, :, None]], dim=2)  # [N, C, n]
        n = window.size(2)
        if self.kind == "lightweight":
            w = torch.softmax(self.weight.view(H, K), dim=1)[:, -n:]
            w = w.view(1, H, n).expand(N, H, n).contiguous().view(N * H, n, 1)
        else:
            w = torch.softmax(self.weight_linear(u).view(N * H, K), dim=1)[:, -n:].unsqueeze(2)
        y = torch.bmm(window.view(N * H, C // H, n), w).view(N, C)
        return self.linear2(y), window[:, :, -(K - 1):] if K > 1 else window[:, :, :0]

