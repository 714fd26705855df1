"""PyTorch CPU figures for Ember's ConvolutionBenchmark, same shapes, float32.

  conv forward:        x [64, 32, 28, 28] * w [64, 32, 3, 3], padding 1     (ConvolutionBenchmark.forward)
  conv backward input: dx from dy [64, 64, 28, 28] and w                     (ConvolutionBenchmark.backwardInput)
  conv backward weight: dw from x and dy                                     (ConvolutionBenchmark.backwardWeight)
  max pool 2x2 s2:     x [64, 64, 28, 28], with and without indices          (ConvolutionBenchmark.maxPool, with indices)
  forward+autograd.grad: the forward and both gradients through autograd    (ConvolutionBenchmark.forwardBackward)

Each case is warmed up, then timed with time.perf_counter over REPEATS calls, MEASURE_ITERS times; prints
ms per call for each run and their mean. Run as
  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/pytorch/conv_bench.py --threads 2
"""
import argparse
import time

import torch
import torch.nn.functional as F
from torch.nn.grad import conv2d_input, conv2d_weight

WARMUP_CALLS = 10
REPEATS = 20
MEASURE_ITERS = 5


def measure(name, fn):
    for _ in range(WARMUP_CALLS):
        fn()
    runs = []
    for _ in range(MEASURE_ITERS):
        start = time.perf_counter()
        for _ in range(REPEATS):
            fn()
        runs.append((time.perf_counter() - start) / REPEATS * 1e3)
    mean = sum(runs) / len(runs)
    print(f"{name:22s} {mean:9.3f} ms/call   runs: {', '.join(f'{r:.3f}' for r in runs)}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}")

    x = torch.randn(64, 32, 28, 28)
    w = torch.randn(64, 32, 3, 3)
    dy = torch.randn(64, 64, 28, 28)
    pool_in = torch.randn(64, 64, 28, 28)
    with torch.no_grad():
        measure("forward", lambda: F.conv2d(x, w, padding=1))
        measure("backwardInput", lambda: conv2d_input(x.shape, w, dy, padding=1))
        measure("backwardWeight", lambda: conv2d_weight(x, w.shape, dy, padding=1))
        measure("maxPool 2x2", lambda: F.max_pool2d(pool_in, 2, 2))
        measure("maxPool 2x2 +indices", lambda: F.max_pool2d(pool_in, 2, 2, return_indices=True))

    xg = x.clone().requires_grad_(True)
    wg = w.clone().requires_grad_(True)

    def autograd_backward():
        y = F.conv2d(xg, wg, padding=1)
        torch.autograd.grad(y, (xg, wg), dy)

    measure("forward+autograd.grad", autograd_backward)


if __name__ == "__main__":
    main()
