"""The table of benchmarks/examples.sh: for each example and thread count, the median milliseconds per training
step over the rounds in Ember and in PyTorch, their ratio, and the seconds per epoch those make; at one thread
also the calling thread's CPU milliseconds per step, which a busy machine inflates far less than the wall clock. Reads the JSON
lines ExampleTiming and the PyTorch twins wrote (ember-<example>-t<threads>-r<round>.json, pytorch-...)."""
import argparse
import glob
import json
import os
import re
import statistics

NAMES = {"cnn": "MNIST CNN (Adadelta, batch 64)", "vae": "VAE (Adam, batch 128)", "dcgan": "DCGAN 28x28 (2 Adams, batch 64)"}


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("dir")
    p.add_argument("--note", default="")
    args = p.parse_args()
    runs = {}
    for path in glob.glob(os.path.join(args.dir, "*.json")):
        m = re.match(r"(ember|pytorch)-(\w+)-t(\d+)-r(\d+)\.json$", os.path.basename(path))
        if not m:
            continue
        with open(path) as f:
            line = [l for l in f if l.startswith("{")][-1]
        runs.setdefault((m.group(2), int(m.group(3))), {}).setdefault(m.group(1), []).append(json.loads(line))
    order = {name: i for i, name in enumerate(NAMES)}
    print("| example | threads | Ember ms/step | PyTorch ms/step | Ember / PyTorch | Ember s/epoch | PyTorch s/epoch"
          " | CPU ms/step, 1 thread: Ember / PyTorch (ratio) | rounds |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for (example, threads) in sorted(runs, key=lambda k: (order.get(k[0], 99), k[1])):
        r = runs[(example, threads)]
        if "ember" not in r or "pytorch" not in r:
            continue
        e = statistics.median(x["ms_per_step"] for x in r["ember"])
        t = statistics.median(x["ms_per_step"] for x in r["pytorch"])
        steps = r["ember"][0]["steps_per_epoch"]
        cpu = "-"
        if threads == 1 and all("cpu_ms_per_step" in x for x in r["ember"] + r["pytorch"]):
            ce = statistics.median(x["cpu_ms_per_step"] for x in r["ember"])
            ct = statistics.median(x["cpu_ms_per_step"] for x in r["pytorch"])
            cpu = f"{ce:.1f} / {ct:.1f} ({ce / ct:.2f}x)"
        print(f"| {NAMES.get(example, example)} | {threads} | {e:.1f} | {t:.1f} | {e / t:.2f}x | {e * steps / 1000:.0f} |"
              f" {t * steps / 1000:.0f} | {cpu} | {min(len(r['ember']), len(r['pytorch']))} |")
    if args.note:
        print()
        print(args.note)


if __name__ == "__main__":
    main()
