#!/usr/bin/env python3
"""Draw the training and validation curves of a `ventris train` run.

    scripts/plot_metrics.py MODEL_DIR [MODEL_DIR ...] [-o curves.png] [--metric nll|loss|ppl]

Reads MODEL_DIR/metrics.jsonl (one JSON object per line, "split" = train or
valid) and writes one PNG: the chosen metric per update, train as lines and
valid as markers, one colour per run (so runs can be compared). Base-e units.
"""
import argparse
import json
import os
import sys
import tempfile


def read_metrics(run_dir):
    path = os.path.join(run_dir, "metrics.jsonl")
    if not os.path.exists(path):
        sys.exit(f"error: {path}: missing (not a `ventris train` model folder?)")
    train, valid = [], []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                sys.exit(f"error: {path}:{number}: not JSON ({e.msg})")
            (valid if record.get("split") == "valid" else train).append(record)
    return train, valid


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("runs", nargs="+", help="model folders holding metrics.jsonl")
    parser.add_argument("-o", "--output", default="curves.png", help="PNG to write [curves.png]")
    parser.add_argument("--metric", default="nll", choices=["nll", "loss", "ppl"],
                        help="figure to plot per target token, base e [nll]")
    args = parser.parse_args()

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 5))
    for i, run in enumerate(args.runs):
        train, valid = read_metrics(run)
        colour = f"C{i % 10}"
        name = os.path.basename(os.path.normpath(run))
        if train:
            ax.plot([r["update"] for r in train], [r[args.metric] for r in train], color=colour,
                    label=f"{name} train")
        if valid:
            ax.plot([r["update"] for r in valid], [r[args.metric] for r in valid], "o--", color=colour,
                    label=f"{name} valid")
    ax.set_xlabel("update")
    ax.set_ylabel({"nll": "NLL per token (nats)", "loss": "label-smoothed loss per token (nats)",
                   "ppl": "perplexity (base e)"}[args.metric])
    if args.metric == "ppl":
        ax.set_yscale("log")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    # Written beside the destination and renamed: never a half-written PNG.
    out_dir = os.path.dirname(os.path.abspath(args.output))
    fd, tmp = tempfile.mkstemp(suffix=".png", dir=out_dir)
    os.close(fd)
    try:
        fig.savefig(tmp, dpi=120)
        os.replace(tmp, args.output)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
