"""PyTorch's side of `benchmarks/side-by-side.sh --epoch`: trains the Fashion-MNIST CNN (models.Cnn, Adam with
lr 1e-3) for one epoch and measures the test accuracy, as Ember's FashionMnistEpoch does: pixels scaled to
[0, 1], shuffled with a fixed seed, batch 64 with a smaller last batch. Only the training loop is timed
(batches are taken from the tensors inside it, as a data loader would); loading the files and testing are not.
Prints one JSON object.

  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/pytorch/fashion_mnist_epoch.py --threads 2
"""
import argparse
import gzip
import json
import os
import struct
import time

import torch

from models import Cnn, TrainingStep


def read_idx(path):
    """A gzip'ed IDX file of unsigned bytes as a uint8 tensor of its shape."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, kind, dims = struct.unpack(">HBB", data[:4])
    if zero != 0 or kind != 0x08:
        raise ValueError(f"{path}: not an IDX file of unsigned bytes")
    shape = struct.unpack(f">{dims}I", data[4:4 + 4 * dims])
    return torch.frombuffer(bytearray(data[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)


def load(folder, prefix):
    images = read_idx(os.path.join(folder, f"{prefix}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(folder, f"{prefix}-labels-idx1-ubyte.gz"))
    return images.unsqueeze(1).float() / 255, labels.long()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--images", type=int, help="train on the first N shuffled images only (a quick check)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--out", help="JSON file to write (default: standard output)")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    train_images, train_labels = load(args.data, "train")
    test_images, test_labels = load(args.data, "t10k")
    count = min(args.images or len(train_images), len(train_images))
    model = Cnn()
    step = TrainingStep(model)
    order = torch.randperm(len(train_images))[:count]

    start = time.perf_counter()
    losses = []
    for first in range(0, count, args.batch):
        picked = order[first:first + args.batch]
        losses.append(step.run(train_images[picked], train_labels[picked]))
    seconds = time.perf_counter() - start

    correct = 0
    with torch.no_grad():
        for first in range(0, len(test_images), 1000):
            predicted = model(test_images[first:first + 1000]).argmax(1)
            correct += (predicted == test_labels[first:first + 1000]).sum().item()
    report = {"engine": "pytorch", "threads": torch.get_num_threads(), "batch": args.batch, "train_images": count,
              "seconds": round(seconds, 3), "mean_loss": round(sum(losses) / len(losses), 5),
              "test_images": len(test_images), "test_accuracy": correct / len(test_images),
              "version": torch.__version__,
              "env": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")}}
    text = json.dumps(report)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
