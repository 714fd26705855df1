"""PyTorch's twin of Ember's examples mnist.MnistCnn: PyTorch's examples/mnist (conv 1->32 3x3, conv 32->64 3x3,
max-pool 2, dropout 0.25, 9216 -> 128, dropout 0.5, 128 -> 10, log-softmax and NLL; Adadelta lr 1 with StepLR(1,
0.7), batch 64, test batch 1000) on Fashion-MNIST normalised with its mean 0.2860 and std 0.3530.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmarks/pytorch/mnist_cnn.py --epochs 2 --threads 2
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmarks/pytorch/mnist_cnn.py --time 50 --threads 1   (benchmarks/examples.sh)
"""
import argparse
import time

import torch
import torch.nn.functional as F

import example_timing
from models import MnistCnn as Net   # the examples' network, as the side-by-side step times it

MEAN, STD = 0.2860, 0.3530


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    example_timing.add_arguments(p, batch=64)
    p.add_argument("--epochs", type=int, default=14)
    p.add_argument("--lr", type=float, default=1.0)
    p.add_argument("--gamma", type=float, default=0.7)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train_images, train_labels = example_timing.load(args.data, "train")
    test_images, test_labels = example_timing.load(args.data, "t10k")
    model = Net()
    optimizer = torch.optim.Adadelta(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=args.gamma)

    def step(picked):
        optimizer.zero_grad()
        loss = F.nll_loss(model((train_images[picked] - MEAN) / STD), train_labels[picked])
        loss.backward()
        optimizer.step()
        return loss.item()

    model.train()
    if args.time:
        example_timing.time_steps("cnn", args, step, len(train_images))
        return
    generator = torch.Generator().manual_seed(args.seed)
    for epoch in range(1, args.epochs + 1):
        model.train()
        start = time.perf_counter()
        order = torch.randperm(len(train_images), generator=generator)
        losses = [step(order[i:i + args.batch]) for i in range(0, len(order), args.batch)]
        seconds = time.perf_counter() - start
        model.eval()
        loss_sum, correct = 0.0, 0
        with torch.no_grad():
            for i in range(0, len(test_images), 1000):
                out = model((test_images[i:i + 1000] - MEAN) / STD)
                loss_sum += F.nll_loss(out, test_labels[i:i + 1000], reduction="sum").item()
                correct += (out.argmax(1) == test_labels[i:i + 1000]).sum().item()
        print(f"epoch {epoch}: train loss {sum(losses) / len(losses):.4f}, test loss {loss_sum / len(test_images):.4f},"
              f" test accuracy {correct / len(test_images):.4f}, {seconds:.1f} s", flush=True)
        scheduler.step()


if __name__ == "__main__":
    main()
