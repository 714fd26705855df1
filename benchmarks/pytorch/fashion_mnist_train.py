"""PyTorch's side of the Fashion-MNIST end-to-end runs (examples/ FashionMnistTraining): the same models, optimizer,
schedule and batch size as Ember's `FashionMnistModels`, trained for several epochs on the full set. Prints one
line per epoch (training seconds, mean loss, test accuracy) and a final JSON line. Only the training loop is timed.

  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/pytorch/fashion_mnist_train.py \
      --model cnn-bn --epochs 15 --threads 2
"""
import argparse
import json
import math
import os
import time

import torch
import torch.nn.functional as F
from torch import nn

from fashion_mnist_epoch import load


def mlp():
    """784-256-128-10 with ReLU: the issue's MLP."""
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                         nn.Linear(128, 10))


def cnn():
    """Two conv+pool blocks and a dense head with dropout."""
    return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, 10))


def cnn_bn():
    """The CNN with batch norm after each conv and the hidden dense layer."""
    return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.BatchNorm1d(128), nn.ReLU(), nn.Dropout(0.3),
                         nn.Linear(128, 10))


MODELS = {"mlp": mlp, "cnn": cnn, "cnn-bn": cnn_bn}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", choices=MODELS, default="cnn")
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--cosine", action="store_true", help="cosine-anneal the learning rate to 0 over the epochs")
    p.add_argument("--flip", action="store_true", help="flip each training image left-right with probability 1/2")
    p.add_argument("--seed", type=int, default=42)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    train_images, train_labels = load(args.data, "train")
    test_images, test_labels = load(args.data, "t10k")
    model = MODELS[args.model]()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    epochs = []
    for epoch in range(args.epochs):
        if args.cosine:
            for group in optimizer.param_groups:
                group["lr"] = args.lr * (1 + math.cos(math.pi * epoch / args.epochs)) / 2
        model.train()
        order = torch.randperm(len(train_images))
        start = time.perf_counter()
        total, batches = 0.0, 0
        for first in range(0, len(order), args.batch):
            picked = order[first:first + args.batch]
            images = train_images[picked]
            if args.flip:
                flipped = torch.rand(len(picked)) < 0.5
                images = torch.where(flipped[:, None, None, None], images.flip(3), images)
            optimizer.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(images), train_labels[picked])
            loss.backward()
            optimizer.step()
            total += loss.item()
            batches += 1
        seconds = time.perf_counter() - start
        model.eval()
        correct = 0
        with torch.no_grad():
            for first in range(0, len(test_images), 1000):
                predicted = model(test_images[first:first + 1000]).argmax(1)
                correct += (predicted == test_labels[first:first + 1000]).sum().item()
        accuracy = correct / len(test_images)
        epochs.append({"epoch": epoch + 1, "seconds": round(seconds, 3), "loss": round(total / batches, 5),
                       "test_accuracy": accuracy})
        print(f"epoch {epoch + 1}: {seconds:.1f} s, loss {total / batches:.4f}, test accuracy {accuracy:.4f}", flush=True)
    print(json.dumps({"engine": "pytorch", "model": args.model, "threads": torch.get_num_threads(),
                      "batch": args.batch, "lr": args.lr, "cosine": args.cosine, "flip": args.flip, "epochs": epochs,
                      "best_accuracy": max(e["test_accuracy"] for e in epochs),
                      "median_epoch_seconds": sorted(e["seconds"] for e in epochs)[(len(epochs) - 1) // 2],  # lower middle, as Ember
                      "version": torch.__version__}))


if __name__ == "__main__":
    main()
