"""PyTorch's twin of Ember's examples vae.VaeTraining: PyTorch's examples/vae (784 -> 400 -> 20 mean and log
variance, 20 -> 400 -> 784 with a sigmoid; summed binary cross-entropy plus KL divergence; Adam 1e-3, batch 128)
on Fashion-MNIST.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmarks/pytorch/vae.py --epochs 2 --threads 2
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmarks/pytorch/vae.py --time 100 --threads 1   (benchmarks/examples.sh)
"""
import argparse
import time

import torch
import torch.nn.functional as F
from torch import nn

import example_timing


class Vae(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 400)
        self.fc21 = nn.Linear(400, 20)
        self.fc22 = nn.Linear(400, 20)
        self.fc3 = nn.Linear(20, 400)
        self.fc4 = nn.Linear(400, 784)

    def forward(self, x):
        h = F.relu(self.fc1(x.view(-1, 784)))
        mu, logvar = self.fc21(h), self.fc22(h)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar) if self.training else mu
        return torch.sigmoid(self.fc4(F.relu(self.fc3(z)))), mu, logvar


def loss_function(recon, x, mu, logvar):
    bce = F.binary_cross_entropy(recon, x.view(-1, 784), reduction="sum")
    return bce - 0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    example_timing.add_arguments(p, batch=128)
    p.add_argument("--epochs", type=int, default=10)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train_images, _ = example_timing.load(args.data, "train")
    test_images, _ = example_timing.load(args.data, "t10k")
    model = Vae()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step(picked):
        x = train_images[picked]
        optimizer.zero_grad()
        recon, mu, logvar = model(x)
        loss = loss_function(recon, x, mu, logvar)
        loss.backward()
        optimizer.step()
        return loss.item() / len(picked)

    model.train()
    if args.time:
        example_timing.time_steps("vae", args, step, len(train_images))
        return
    generator = torch.Generator().manual_seed(args.seed)
    for epoch in range(1, args.epochs + 1):
        model.train()
        start = time.perf_counter()
        order = torch.randperm(len(train_images), generator=generator)
        losses = [step(order[i:i + args.batch]) for i in range(0, len(order), args.batch)]
        seconds = time.perf_counter() - start
        model.eval()
        with torch.no_grad():
            test = 0.0
            for i in range(0, len(test_images), 1000):
                x = test_images[i:i + 1000]
                recon, mu, logvar = model(x)
                test += loss_function(recon, x, mu, logvar).item()
        print(f"epoch {epoch}: train loss {sum(losses) / len(losses):.2f}, test loss {test / len(test_images):.2f}"
              f" per image, {seconds:.1f} s", flush=True)


if __name__ == "__main__":
    main()
