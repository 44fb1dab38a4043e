#!/usr/bin/env python3
"""Converts a fairseq checkpoint of a Transformer (transformer_iwslt_de_en,
transformer_wmt_en_de, transformer_vaswani_wmt_en_de_big, transformer_wmt_en_de_big
and the other `transformer*` architectures with the same layers) or of a Lite
Transformer (mit-han-lab/lite-transformer's transformer_multibranch_v2) into a
Ventris model file that `translate`, `score --model` and `average` use.

  scripts/convert_fairseq.py CHECKPOINT.pt --src-dict dict.de.txt --tgt-dict dict.en.txt -o model.safetensors

The model keeps fairseq's vocabulary exactly: fairseq's Dictionary ids (<s> 0,
<pad> 1, </s> 2, <unk> 3, then dict.txt's symbols in order, then any
`madeupword` rows the embedding was padded with) are Ventris's ids too, and the
vocabulary travels in the model file as a SentencePiece word model whose pieces
are those symbols. Its input is therefore what fairseq's was: Moses-tokenized
text with fairseq's BPE applied (scripts/apply_bpe.py with the model's codes),
and its output keeps the BPE separators:

  ventris tokenize -l de | scripts/apply_bpe.py -c bpecodes \\
    | ventris translate -m model.safetensors --beam 5 | sed -r 's/(@@ )|(@@ ?$)//g'

Parameter names: Ventris uses fairseq's (encoder.layers.N.self_attn.q_proj.weight,
...). The converter splits older checkpoints' fused in_proj_weight/in_proj_bias
into q/k/v, renames decoder.embed_out to decoder.output_projection.weight,
reshapes the lightweight convolution's (H, 1, K) kernel to (H, K) under
`.conv.weight` and the dynamic convolution's weight_linear to `.conv.weight_linear`,
drops buffers (version, _float_tensor) and tied copies, and refuses anything
left over, naming it. Facts used: fairseq's Dictionary and checkpoint layout
(facebookresearch/fairseq), the multibranch layout of mit-han-lab/lite-transformer
(fairseq/models/transformer_multibranch_v2.py, fairseq/modules/multibranch.py,
lightweight_convolution.py, dynamic_convolution.py).

Needs Debian's python3-torch; fairseq itself is not needed (its classes in a
checkpoint's pickle are read as plain records).
"""
import argparse
import base64
import json
import os
import pickle
import struct
import sys

import torch

FORMAT_VERSION = 1
CHECKSUM_LIMIT = 64 << 20
SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]  # fairseq's Dictionary: bos 0, pad 1, eos 2, unk 3


def fail(message):
    sys.exit(f"error: {message}")


# ---------------------------------------------------------------- checkpoint


class _Record:
    """Stands in for a class a checkpoint pickled but this process lacks
    (fairseq's and omegaconf's): keeps whatever state it is given."""

    def __init__(self, *args, **kwargs):
        self.__dict__["_args"] = args

    def __setstate__(self, state):
        if isinstance(state, dict):
            self.__dict__.update(state)
        else:
            self.__dict__["_state"] = state

    def __getattr__(self, name):
        raise AttributeError(name)


class _Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        try:
            return super().find_class(module, name)
        except (ImportError, AttributeError):
            return type(name, (_Record,), {})


class _PickleModule:
    Unpickler = _Unpickler
    load = staticmethod(lambda f, **kw: _Unpickler(f, **kw).load())


def load_checkpoint(path):
    try:
        return torch.load(path, map_location="cpu", pickle_module=_PickleModule)
    except FileNotFoundError:
        fail(f"checkpoint not found: {path}")
    except Exception as e:  # a corrupt or foreign file
        fail(f"{path}: not a readable PyTorch checkpoint ({type(e).__name__}: {e})")


def _plain(obj):
    """An argparse Namespace, a dict, or an omegaconf record as a dict."""
    if obj is None:
        return None
    if isinstance(obj, dict):
        return obj
    if hasattr(obj, "__dict__"):
        d = dict(vars(obj))
        content = d.get("_content")  # omegaconf DictConfig: values wrapped in nodes
        if isinstance(content, dict):
            return {k: (getattr(v, "_val", v) if not isinstance(v, (int, float, str, list, bool)) else v)
                    for k, v in content.items()}
        return d
    return None


def model_args(checkpoint, path):
    args = _plain(checkpoint.get("args"))
    if not args:
        cfg = _plain(checkpoint.get("cfg"))
        args = _plain(cfg.get("model")) if cfg else None
    if not args:
        fail(f"{path}: no model arguments ('args' or 'cfg.model') in the checkpoint")
    if "arch" not in args and "_name" in args:
        args["arch"] = args["_name"]
    return args


# ---------------------------------------------------------------- vocabulary


def read_dictionary(path):
    """fairseq's dict.txt: `SYMBOL COUNT [#fairseq:overwrite]` per line."""
    symbols = []
    try:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                parts = line.rstrip("\n").rsplit(" ", 2)
                if parts[-1] == "#fairseq:overwrite":
                    parts = parts[:-1]
                if len(parts) < 2 or not parts[-1].lstrip("-").isdigit():
                    fail(f"{path}:{number}: not a fairseq dictionary line (SYMBOL COUNT): {line.strip()!r}")
                symbol = parts[0] if len(parts) == 2 else " ".join(parts[:-1])
                if not symbol or any(c.isspace() for c in symbol):
                    fail(f"{path}:{number}: a symbol with whitespace cannot be a word piece: {symbol!r}")
                symbols.append(symbol)
    except FileNotFoundError:
        fail(f"dictionary not found: {path}")
    except UnicodeDecodeError as e:
        fail(f"{path}: invalid UTF-8 ({e.reason})")
    return symbols


def vocabulary(path, rows):
    """Ids 0..rows-1: the specials, the dictionary's symbols (those already
    special keep their id), then fairseq's madeupword padding."""
    words = SPECIALS + [s for s in read_dictionary(path) if s not in SPECIALS]
    if len(words) > rows:
        fail(f"{path}: {len(words)} entries with the specials, but the checkpoint's embedding has only {rows} rows")
    words += [f"madeupword{i:04d}" for i in range(rows - len(words))]
    return words


def _varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _field(number, wire, payload):
    key = _varint(number << 3 | wire)
    if wire == 0:
        return key + _varint(payload)
    if wire == 5:
        return key + struct.pack("<f", payload)
    return key + _varint(len(payload)) + payload  # wire 2


def word_model(words):
    """A serialized SentencePiece ModelProto of type WORD whose pieces are the
    words (each as '▁' + word; ids in order; specials as control pieces, <unk>
    as the unknown piece) with an identity normalizer, so that encoding splits
    on whitespace and looks each word up, and decoding joins words with spaces.
    Field numbers from sentencepiece_model.proto (ModelProto.pieces 1,
    trainer_spec 2, normalizer_spec 3; SentencePiece piece 1, score 2, type 3;
    TrainerSpec model_type 3, vocab_size 4, unk/bos/eos/pad ids 40-43)."""
    control, unknown = 3, 2
    proto = bytearray()
    for i, w in enumerate(words):
        if i < 4:
            piece = _field(1, 2, w.encode()) + _field(2, 5, 0.0) + _field(3, 0, unknown if w == "<unk>" else control)
        else:
            piece = _field(1, 2, ("\u2581" + w).encode()) + _field(2, 5, 0.0)
        proto += _field(1, 2, piece)
    word_type = 3
    trainer = (_field(3, 0, word_type) + _field(4, 0, len(words)) + _field(40, 0, 3) + _field(41, 0, 0) +
               _field(42, 0, 2) + _field(43, 0, 1))
    proto += _field(2, 2, trainer)
    proto += _field(3, 2, _field(1, 2, b"identity"))
    return bytes(proto)


# ---------------------------------------------------------------- checksum


_P1, _P2, _M = 0x9E3779B185EBCA87, 0xC2B2AE3D27D4EB4F, (1 << 64) - 1


def _rotl(x, r):
    return ((x << r) | (x >> (64 - r))) & _M


def checksum(data):
    """Ventris's 64-bit content hash (src/io/checksum.cpp), as 16 hex digits."""
    state = [0x243F6A8885A308D3, 0x13198A2E03707344, 0xA4093822299F31D0, 0x082EFA98EC4E6C89]
    full = len(data) - len(data) % 32
    words = struct.unpack(f"<{full // 8}Q", data[:full])
    for i in range(0, len(words), 4):
        for lane in range(4):
            state[lane] = (_rotl((state[lane] + words[i + lane] * _P2) & _M, 31) * _P1) & _M
    h = (_rotl(state[0], 1) + _rotl(state[1], 7) + _rotl(state[2], 12) + _rotl(state[3], 18)) & _M
    h ^= (len(data) * _P1) & _M
    for b in data[full:]:
        h = (_rotl(h ^ ((b * _P2) & _M), 11) * _P1) & _M
    h ^= h >> 33
    h = (h * _P2) & _M
    h ^= h >> 29
    return f"{h:016x}"


# ---------------------------------------------------------------- model


def _get(args, *names, default=None):
    for n in names:
        if args.get(n) is not None:
            return args[n]
    return default


def _same(args, a, b, what):
    va, vb = args.get(a), args.get(b)
    if va is not None and vb is not None and va != vb:
        fail(f"{what}: encoder {va} vs decoder {vb} ({a} / {b}); Ventris models use one value for both")
    return va if va is not None else vb


def model_config(args):
    """Ventris's model: section (YAML) for the checkpoint's architecture."""
    arch = str(args.get("arch", ""))
    lite = "multibranch" in arch or args.get("encoder_branch_type") is not None
    if not lite and not arch.startswith("transformer"):
        fail(f"architecture '{arch}' is not supported (transformer* or transformer_multibranch_v2)")
    for flag in ("layernorm_embedding", "no_scale_embedding", "no_token_positional_embeddings", "adaptive_input",
                 "cross_self_attention", "tie_adaptive_weights"):
        if args.get(flag):
            fail(f"fairseq option '{flag}' is set; Ventris has no such layer")
    if args.get("adaptive_softmax_cutoff"):
        fail("fairseq option 'adaptive_softmax_cutoff' is set; Ventris has no adaptive softmax")
    d = _same(args, "encoder_embed_dim", "decoder_embed_dim", "embedding width")
    f = _same(args, "encoder_ffn_embed_dim", "decoder_ffn_embed_dim", "feed-forward width")
    pre = bool(_same(args, "encoder_normalize_before", "decoder_normalize_before", "normalize_before"))
    learned = bool(_same(args, "encoder_learned_pos", "decoder_learned_pos", "learned positions"))
    share = "all" if args.get("share_all_embeddings") else (
        "decoder-in-out" if args.get("share_decoder_input_output_embed") else "none")
    heads = args.get("decoder_attention_heads") if lite else _same(
        args, "encoder_attention_heads", "decoder_attention_heads", "attention heads")
    cfg = {
        "arch": "lite" if lite else "transformer",
        "encoder_layers": args["encoder_layers"],
        "decoder_layers": args["decoder_layers"],
        "d_model": d,
        "ffn_dim": f,
        "heads": heads,
        "dropout": _get(args, "dropout", default=0.0),
        "attention_dropout": _get(args, "attention_dropout", default=0.0),
        "activation_dropout": _get(args, "activation_dropout", "relu_dropout", default=0.0),
        "activation": _get(args, "activation_fn", default="relu"),
        "normalize_before": pre,
        "share_embeddings": share,
        "max_positions": max(_get(args, "max_source_positions", default=1024),
                             _get(args, "max_target_positions", default=1024)),
        "positions": "learned" if learned else "sinusoidal",
    }
    if cfg["activation"] not in ("relu", "gelu"):
        fail(f"activation_fn '{cfg['activation']}' is not supported (relu, gelu)")
    if lite:
        enc, dec = args.get("encoder_branch_type"), args.get("decoder_branch_type")
        if enc != dec:
            fail(f"encoder branches {enc} differ from decoder branches {dec}; Ventris uses one list for both")
        if bool(args.get("encoder_glu")) != bool(args.get("decoder_glu")):
            fail("encoder_glu and decoder_glu differ; Ventris uses one setting for both")
        if not args.get("conv_linear"):
            fail("conv_linear is off; Ventris's convolution branch always has its linear layers (the published configs)")
        if args.get("weight_softmax") is False:
            fail("weight_softmax is off; Ventris's convolutions always normalise their kernels")
        cfg.update({
            "lite_branches": list(enc),
            "lite_encoder_kernel_sizes": list(args["encoder_kernel_size_list"])[: args["encoder_layers"]],
            "lite_decoder_kernel_sizes": list(args["decoder_kernel_size_list"])[: args["decoder_layers"]],
            "lite_glu": bool(args.get("encoder_glu")),
            "lite_weight_dropout": _get(args, "weight_dropout", default=0.0),
            # The reference zeroes padded positions before the branch's first linear layer.
            "lite_mask_before_linear": True,
        })
    return cfg


def convert_tensors(state, cfg):
    """fairseq names -> Ventris names, in a stable order."""
    out = {}
    pending = dict(state)

    def take(name):
        return pending.pop(name).detach().to(torch.float32).contiguous()

    for name in list(pending):
        if name.endswith((".version", "._float_tensor")) or name.endswith("embed_positions.weights"):
            pending.pop(name)  # buffers: a version marker, the sinusoidal table (recomputed)
    for name in sorted(pending):
        if name not in pending:
            continue
        if name.endswith(".in_proj_weight") or name.endswith(".in_proj_bias"):
            prefix, kind = name.rsplit(".in_proj_", 1)
            fused = take(name)
            for part, chunk in zip(("q_proj", "k_proj", "v_proj"), fused.chunk(3, dim=0)):
                out[f"{prefix}.{part}.{kind}"] = chunk.contiguous()
        elif name == "decoder.embed_out":
            out["decoder.output_projection.weight"] = take(name)
        elif ".branches." in name and name.endswith(".weight") and name.count(".") == 6 and \
                name.rsplit(".", 2)[-2].isdigit():
            # encoder.layers.N.self_attn.branches.I.weight: a lightweight kernel, (H, 1, K) or (H, K).
            w = take(name)
            out[name[: -len(".weight")] + ".conv.weight"] = w.reshape(w.shape[0], w.shape[-1]).contiguous()
        elif ".branches." in name and ".weight_linear." in name:
            out[name.replace(".weight_linear.", ".conv.weight_linear.")] = take(name)
        else:
            out[name] = take(name)
    share = cfg["share_embeddings"]
    enc, dec, proj = "encoder.embed_tokens.weight", "decoder.embed_tokens.weight", "decoder.output_projection.weight"
    if share in ("all", "decoder-in-out") and proj in out:
        tied_to = enc if share == "all" else dec
        if tied_to in out and not torch.equal(out[proj], out[tied_to]):
            fail("the checkpoint shares embeddings but its output projection differs from the embedding table")
        del out[proj]
    if share == "all" and dec in out:
        if not torch.equal(out[dec], out[enc]):
            fail("share_all_embeddings is set but the encoder and decoder embedding tables differ")
        del out[dec]
    return out


ENCODER_PARTS = {"self_attn", "self_attn_layer_norm", "fc1", "fc2", "final_layer_norm"}
DECODER_PARTS = ENCODER_PARTS | {"encoder_attn", "encoder_attn_layer_norm"}


def check_names(tensors, cfg):
    """Everything converted must be a Ventris parameter of this model: name the first that is not."""
    allowed_top = {"encoder.embed_tokens.weight", "decoder.embed_tokens.weight", "decoder.output_projection.weight",
                   "encoder.embed_positions.weight", "decoder.embed_positions.weight", "encoder.layer_norm.weight",
                   "encoder.layer_norm.bias", "decoder.layer_norm.weight", "decoder.layer_norm.bias"}
    for name in tensors:
        if name in allowed_top:
            continue
        parts = name.split(".")
        ok = len(parts) >= 5 and parts[0] in ("encoder", "decoder") and parts[1] == "layers" and parts[2].isdigit()
        if ok:
            ok = parts[3] in (ENCODER_PARTS if parts[0] == "encoder" else DECODER_PARTS)
            if ok and cfg["arch"] == "transformer":
                ok = ".branches." not in name
        if not ok:
            fail(f"checkpoint tensor '{name}' has no place in a Ventris {cfg['arch']} model")


def write_model(path, tensors, metadata):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        raw = t.numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    data = b"".join(blobs)
    header["__metadata__"] = dict(metadata)
    # The checksum is pure Python here (about 8 s per 64 MiB): larger models go without one
    # (it is optional; `ventris average -o OUT MODEL` rewrites a model file with it).
    if len(data) <= CHECKSUM_LIMIT:
        header["__metadata__"]["ventris.data_checksum"] = checksum(data)
    else:
        print(f"note: {len(data) >> 20} MiB of weights: written without a data checksum "
              f"(`ventris average -o OUT {path}` writes a copy with one)", file=sys.stderr)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    temp = f"{path}.tmp.{os.getpid()}"
    try:
        with open(temp, "wb") as f:
            f.write(struct.pack("<Q", len(text)))
            f.write(text)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except OSError as e:
        if os.path.exists(temp):
            os.remove(temp)
        fail(f"cannot write {path}: {e.strerror}")


def yaml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "[" + ", ".join(yaml_value(x) for x in v) + "]"
    if isinstance(v, str):
        return json.dumps(v)
    return repr(v)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("checkpoint")
    p.add_argument("--src-dict", required=True, help="fairseq dict.SRC.txt")
    p.add_argument("--tgt-dict", required=True, help="fairseq dict.TGT.txt (the same file for a joined dictionary)")
    p.add_argument("-o", "--output", required=True)
    a = p.parse_args()

    checkpoint = load_checkpoint(a.checkpoint)
    if not isinstance(checkpoint, dict) or "model" not in checkpoint:
        fail(f"{a.checkpoint}: not a fairseq checkpoint (no 'model' state dict)")
    args = model_args(checkpoint, a.checkpoint)
    cfg = model_config(args)
    state = checkpoint["model"]
    for key in ("encoder.embed_tokens.weight", "decoder.embed_tokens.weight"):
        if key not in state:
            fail(f"{a.checkpoint}: tensor '{key}' missing")
    src_words = vocabulary(a.src_dict, state["encoder.embed_tokens.weight"].shape[0])
    tgt_words = vocabulary(a.tgt_dict, state["decoder.embed_tokens.weight"].shape[0])
    if cfg["share_embeddings"] == "all" and src_words != tgt_words:
        fail("share_all_embeddings needs one joined dictionary, but --src-dict and --tgt-dict differ")
    tensors = convert_tensors(state, cfg)
    check_names(tensors, cfg)

    src_spm, tgt_spm = word_model(src_words), word_model(tgt_words)
    metadata = {
        "kind": "ventris-model",
        "format_version": str(FORMAT_VERSION),
        "ventris_version": f"converted from fairseq {args.get('arch', '?')} by scripts/convert_fairseq.py",
        "model_config": "".join(f"{k}: {yaml_value(v)}\n" for k, v in cfg.items()),
        "src_vocab_size": str(len(src_words)),
        "tgt_vocab_size": str(len(tgt_words)),
        "pad_id": "1",
        "src_vocab_checksum": checksum(src_spm),
        "tgt_vocab_checksum": checksum(tgt_spm),
        "src_spm_model": base64.b64encode(src_spm).decode(),
        "tgt_spm_model": "=src" if src_spm == tgt_spm else base64.b64encode(tgt_spm).decode(),
    }
    write_model(a.output, tensors, metadata)
    n = sum(t.numel() for t in tensors.values())
    print(f"converted {a.checkpoint} ({args.get('arch')}, {cfg['arch']}): {len(tensors)} tensors, {n} parameters, "
          f"vocabularies {len(src_words)} / {len(tgt_words)} -> {a.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
