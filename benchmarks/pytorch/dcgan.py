"""PyTorch's twin of Ember's examples dcgan.Dcgan: PyTorch's examples/dcgan at 28x28 (generator: transposed
convolutions 100 -> 2w (7x7) -> w (4x4 stride 2) -> 1 (4x4 stride 2) with batch norm, ReLU and a tanh;
discriminator: 4x4 stride-2 convolutions 1 -> w -> 2w with LeakyReLU 0.2 and batch norm, then 7x7 to one logit;
no biases; weights N(0, 0.02); BCE with logits; two Adams at 2e-4, betas (0.5, 0.999); batch 64) on Fashion-MNIST
scaled to [-1, 1].

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmarks/pytorch/dcgan.py --epochs 1 --threads 2
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmarks/pytorch/dcgan.py --time 20 --threads 1   (benchmarks/examples.sh)
"""
import argparse
import time

import torch
from torch import nn

import example_timing

LATENT = 100


def generator(w):
    return nn.Sequential(
        nn.ConvTranspose2d(LATENT, 2 * w, 7, 1, 0, bias=False), nn.BatchNorm2d(2 * w), nn.ReLU(True),
        nn.ConvTranspose2d(2 * w, w, 4, 2, 1, bias=False), nn.BatchNorm2d(w), nn.ReLU(True),
        nn.ConvTranspose2d(w, 1, 4, 2, 1, bias=False), nn.Tanh())


def discriminator(w):
    return nn.Sequential(
        nn.Conv2d(1, w, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, inplace=True),
        nn.Conv2d(w, 2 * w, 4, 2, 1, bias=False), nn.BatchNorm2d(2 * w), nn.LeakyReLU(0.2, inplace=True),
        nn.Conv2d(2 * w, 1, 7, 1, 0, bias=False), nn.Flatten())


def weights_init(m):
    if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.normal_(m.weight, 0.0, 0.02)
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.normal_(m.weight, 1.0, 0.02)
        nn.init.zeros_(m.bias)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    example_timing.add_arguments(p, batch=64)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--width", type=int, default=64)
    p.add_argument("--lr", type=float, default=2e-4)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train_images, _ = example_timing.load(args.data, "train")
    train_images = train_images * 2 - 1
    net_g, net_d = generator(args.width), discriminator(args.width)
    net_g.apply(weights_init)
    net_d.apply(weights_init)
    opt_g = torch.optim.Adam(net_g.parameters(), lr=args.lr, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(net_d.parameters(), lr=args.lr, betas=(0.5, 0.999))
    bce = nn.BCEWithLogitsLoss()

    def step(picked):
        real = train_images[picked]
        n = len(real)
        is_real, is_fake = torch.ones(n, 1), torch.zeros(n, 1)
        fake = net_g(torch.randn(n, LATENT, 1, 1))
        opt_d.zero_grad()
        real_logits = net_d(real)
        fake_logits = net_d(fake.detach())
        loss_d = bce(real_logits, is_real) + bce(fake_logits, is_fake)
        loss_d.backward()
        opt_d.step()
        opt_g.zero_grad()
        loss_g = bce(net_d(fake), is_real)
        loss_g.backward()
        opt_g.step()
        return (loss_d.item(), loss_g.item(), torch.sigmoid(real_logits).mean().item(),
                torch.sigmoid(fake_logits).mean().item())

    if args.time:
        example_timing.time_steps("dcgan", args, step, len(train_images))
        return
    generator_ = torch.Generator().manual_seed(args.seed)
    batches = (len(train_images) + args.batch - 1) // args.batch
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        order = torch.randperm(len(train_images), generator=generator_)
        for i, first in enumerate(range(0, len(order), args.batch), 1):
            figures = step(order[first:first + args.batch])
            if i % 100 == 0 or i == batches:
                print(f"[{epoch}/{args.epochs}][{i}/{batches}] Loss_D %.4f Loss_G %.4f D(x) %.4f D(G(z)) %.4f" % figures,
                      flush=True)
        print(f"epoch {epoch}: {time.perf_counter() - start:.1f} s", flush=True)


if __name__ == "__main__":
    main()
