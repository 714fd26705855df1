"""The table of benchmarks/fashion-mnist.sh: per model, Ember's and PyTorch's median seconds per training epoch,
their ratio (PyTorch's time over Ember's: above 1 means Ember is faster) and the last epoch's test accuracy,
read from the logs the script left in --dir. Prints markdown."""
import argparse
import json
import os
import re


def ember(path):
    """(median seconds, last accuracy) from the Ember example's log, or None."""
    if not os.path.exists(path):
        return None
    text = open(path).read()
    m = re.search(r"Test accuracy ([0-9.]+) after \d+ epoch\(s\) \(best [0-9.]+\); training took ([0-9.]+) s per epoch", text)
    return (float(m.group(2)), float(m.group(1))) if m else None


def pytorch(path):
    if not os.path.exists(path):
        return None
    for line in reversed(open(path).read().splitlines()):
        if line.startswith("{"):
            report = json.loads(line)
            return report["median_epoch_seconds"], report["epochs"][-1]["test_accuracy"]
    return None


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--dir", required=True)
    p.add_argument("--models", required=True)
    p.add_argument("--epochs", required=True)
    p.add_argument("--threads", required=True)
    p.add_argument("--batch", required=True)
    p.add_argument("--flip", action="store_true")
    args = p.parse_args()
    print(f"Fashion-MNIST, batch {args.batch}, {args.epochs} epochs, {args.threads} threads, Adam 1e-3 with cosine "
          f"annealing{', random horizontal flips' if args.flip else ''}; seconds per training epoch (median)\n")
    print("| model | Ember s/epoch | PyTorch s/epoch | PyTorch / Ember | Ember test accuracy | PyTorch test accuracy |")
    print("|---|---|---|---|---|---|")
    fmt = lambda v, f: "-" if v is None else f.format(v)
    for model in args.models.split():
        e = ember(os.path.join(args.dir, f"ember-{model}.log"))
        t = pytorch(os.path.join(args.dir, f"pytorch-{model}.log"))
        ratio = t[0] / e[0] if e and t else None
        print(f"| {model} | {fmt(e and e[0], '{:.1f}')} | {fmt(t and t[0], '{:.1f}')} | {fmt(ratio, '{:.2f}x')} | "
              f"{fmt(e and e[1], '{:.4f}')} | {fmt(t and t[1], '{:.4f}')} |")


if __name__ == "__main__":
    main()
