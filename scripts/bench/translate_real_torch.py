#!/usr/bin/env python3
"""PyTorch peer for `scripts/bench/translate multi30k`: a trained Ventris
Transformer model file loaded into translate_torch.Model (post-norm, ReLU,
sinusoidal positions: the Transformer Ventris trains), decoding real sentences
with a batched beam search whose rules are Ventris's (search.h), which are
fairseq's: no pad or BOS, EOS banned before min_len 1 and forced at the length
limit, the best 2*beam candidates per sentence, an EOS among the best `beam`
finishes a hypothesis (normalised score / len^lenpen, len counting EOS), the
best `beam` others stay open. Stopping rules:
  beam        a sentence ends once `beam` hypotheses finished (fairseq's rule)
  exhaustive  it ends once no open hypothesis can still beat the best finished one
Either also ends a sentence once its best can no longer change, as Ventris
does (the output is the same as without). Length-sorted batches of 64
sentences, padded (as PyTorch users batch); finished sentences leave the batch.

Input: one sentence per line as SentencePiece ids (spm_encode --output_format=id
with the vocabulary embedded in the model file); output likewise (the best
hypothesis, without EOS), in input order. Prints one RESULT line: sentences/s
and target tokens/s of the decoding alone (not loading), peak RSS.

Usage: translate_real_torch.py MODEL.safetensors IN.ids OUT.ids BEAM beam|exhaustive [MAX_LEN_A MAX_LEN_B]
       (lenpen 1; threads from TORCH_THREADS, default 2)
"""
import json
import os
import re
import resource
import struct
import sys
import time

import numpy
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from translate_torch import PAD, EOS, BOS, Model, reorder, start_beams  # noqa: E402

NEG_INF = float("-inf")


def read_model_file(path):
    """(config dict from the embedded YAML, {name: tensor}) of a Ventris model file (safetensors)."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    meta = header.pop("__metadata__", {})
    tensors = {}
    for name, entry in header.items():
        assert entry["dtype"] == "F32", f"{name}: {entry['dtype']} (only F32 model files are read)"
        begin, end = entry["data_offsets"]
        array = numpy.frombuffer(data, dtype="<f4", count=(end - begin) // 4, offset=begin)
        tensors[name] = torch.from_numpy(array.copy()).view(entry["shape"])
    config = {}
    for line in meta.get("model_config", "").splitlines():
        m = re.match(r"(\w+):\s*([^#]*?)\s*(#.*)?$", line)
        if m:
            config[m.group(1)] = m.group(2)
    return config, tensors


def load_model(path):
    cfg, t = read_model_file(path)
    layers = int(cfg["encoder_layers"])
    want = dict(arch="transformer", normalize_before="false", activation="relu", positions="sinusoidal")
    for key, value in want.items():
        assert cfg.get(key) == value, f"{path}: {key} is {cfg.get(key)}; this peer runs {key} {value} only"
    assert int(cfg["decoder_layers"]) == layers, f"{path}: encoder and decoder depths differ"
    share = cfg["share_embeddings"]
    model = Model(layers, int(cfg["d_model"]), int(cfg["ffn_dim"]), int(cfg["heads"]), share)

    def linear(module, name):
        module.weight.data, module.bias.data = t[name + ".weight"], t[name + ".bias"]

    def attention(module, name):
        for part, proj in (("q", "q_proj"), ("k", "k_proj"), ("v", "v_proj"), ("o", "out_proj")):
            linear(getattr(module, part), f"{name}.{proj}")

    for side, stack in (("encoder", model.enc), ("decoder", model.dec)):
        for i, layer in enumerate(stack):
            p = f"{side}.layers.{i}."
            attention(layer["att"], p + "self_attn")
            linear(layer["ln1"], p + "self_attn_layer_norm")
            if side == "decoder":
                attention(layer["cross"], p + "encoder_attn")
                linear(layer["ln2"], p + "encoder_attn_layer_norm")
            linear(layer["fc1"], p + "fc1")
            linear(layer["fc2"], p + "fc2")
            linear(layer["ln3"], p + "final_layer_norm")
    # In place, so the tied tables (Model.tables) stay tied.
    model.embed.weight.data = t["encoder.embed_tokens.weight"]
    if share != "all":
        model.embed_tgt.weight.data = t["decoder.embed_tokens.weight"]
    if share == "none":
        model.out = t["decoder.output_projection.weight"]
    max_positions = int(cfg.get("max_positions", 1024))
    model.eval()
    return model, max_positions


def add_finished(finished, hyp, beam):
    """finished: best normalised score first, earlier first among equals, at most `beam`."""
    at = next((k for k, h in enumerate(finished) if h[0] < hyp[0]), len(finished))
    finished.insert(at, hyp)
    del finished[beam:]


def beam_search(model, sources, beam, stopping, limits, lenpen=1.0, min_len=1):
    """Best hypothesis (ids without EOS) per source; limits[i]: most tokens before EOS."""
    b = len(sources)
    state = start_beams(model, sources, beam)
    vocab = model.out.size(0)
    active = list(range(b))  # sentences with rows in the state, `beam` rows each
    scores = torch.zeros(b * beam)
    scores.view(b, beam)[:, 1:] = NEG_INF  # the first step continues one hypothesis
    tokens = torch.full((b * beam,), EOS, dtype=torch.long)
    history = [[] for _ in range(b * beam)]
    finished = [[] for _ in range(b)]
    t = 0
    while active:
        lp = model.step(tokens, state, t)
        eos = lp[:, EOS].clone()
        lp[:, PAD] = lp[:, BOS] = NEG_INF
        if t < min_len:
            lp[:, EOS] = NEG_INF
        at_limit = torch.tensor([limits[s] == t for s in active]).repeat_interleave(beam)
        if at_limit.any():
            lp[at_limit] = NEG_INF
            lp[at_limit, EOS] = eos[at_limit]
        n = len(active)
        top, idx = (scores[:, None] + lp).view(n, beam * vocab).topk(2 * beam, dim=1)
        top, row, word = top.tolist(), (idx // vocab).tolist(), (idx % vocab).tolist()
        next_rows, next_words, next_scores, still = [], [], [], []
        for j, s in enumerate(active):
            keep = []
            for rank in range(2 * beam):
                score, w, r = top[j][rank], word[j][rank], j * beam + row[j][rank]
                if score == NEG_INF:
                    break
                if w == EOS:
                    if rank < beam:
                        add_finished(finished[s], (score / (len(history[r]) + 1) ** lenpen, history[r]), beam)
                elif len(keep) < beam:
                    keep.append((r, w, score))
            done = not keep or (stopping == "beam" and len(finished[s]) >= beam)
            if not done and finished[s]:
                # No open hypothesis can beat the best finished one at any length up to the limit
                # (log-probabilities <= 0, lenpen > 0: the longest is its best case).
                bound = max(sc / (limits[s] + 1) ** lenpen for _, _, sc in keep)
                done = bound <= finished[s][0][0]
            if done:
                continue
            keep += [keep[-1][:2] + (NEG_INF,)] * (beam - len(keep))  # (never with a real vocabulary)
            still.append(s)
            for r, w, score in keep:
                next_rows.append(r)
                next_words.append(w)
                next_scores.append(score)
        if not still:
            break
        history = [history[r] + [w] for r, w in zip(next_rows, next_words)]
        active, t = still, t + 1
        reorder(state, torch.tensor(next_rows))
        scores, tokens = torch.tensor(next_scores), torch.tensor(next_words)
    return [f[0][1] if f else [] for f in finished]


def main():
    path, source_path, out_path, beam, stopping = sys.argv[1:6]
    max_len_a, max_len_b = (float(sys.argv[6]), int(sys.argv[7])) if len(sys.argv) > 7 else (0.0, 200)
    beam = int(beam)
    assert stopping in ("beam", "exhaustive"), stopping
    torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "2")))
    model, max_positions = load_model(path)
    sources = []
    for line in open(source_path, encoding="utf-8"):
        ids = [int(x) for x in line.split()][: max_positions - 1]
        sources.append(ids + [EOS])
    order = sorted(range(len(sources)), key=lambda i: len(sources[i]))
    out, generated = [None] * len(sources), 0
    start = time.perf_counter()
    with torch.inference_mode():
        for k in range(0, len(order), 64):
            batch = order[k:k + 64]
            limits = [min(int(max_len_a * len(sources[i])) + max_len_b, max_positions - 1) for i in batch]
            for i, hyp in zip(batch, beam_search(model, [sources[i] for i in batch], beam, stopping, limits)):
                out[i] = hyp
                generated += len(hyp) + 1
    seconds = time.perf_counter() - start
    with open(out_path, "w", encoding="utf-8") as f:
        for hyp in out:
            f.write(" ".join(map(str, hyp)) + "\n")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"RESULT torch beam={beam} stopping={stopping} sentences={len(sources)} seconds={seconds:.2f} "
          f"sent_s={len(sources) / seconds:.2f} tok_s={generated / seconds:.1f} rss_mib={rss}")


if __name__ == "__main__":
    main()
