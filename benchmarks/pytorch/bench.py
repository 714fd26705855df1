"""Like-for-like PyTorch CPU figures for two Ember JMH benchmarks.

  matmul 512:  a @ b, float32 and float64, [512, 512] x [512, 512]   (MatmulBenchmark, n=512)
  mulAdd 1M:   a * b + c over 1,048,576 float32 elements              (ElementwiseBenchmark, size=1048576)

Each runs under torch.no_grad() with fresh outputs (no out= buffers), as the Ember benchmarks do; a last
row repeats mulAdd with out= buffers, for context (Ember has no out= form).
Timing: warm up for about WARMUP_S, then MEASURE_ITERS runs of about RUN_S each; prints ops/s per run
and their mean. Threads: --threads N (default 1) sets torch.set_num_threads; set OPENBLAS_NUM_THREADS
to the same value in the environment so BLAS agrees (see docs/benchmarks.md for the command).
"""
import argparse
import time

import torch

WARMUP_S = 2.0
RUN_S = 1.0
MEASURE_ITERS = 3


def ops_per_second(fn, seconds):
    n = 0
    start = time.perf_counter()
    while True:
        fn()
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return n / elapsed


def measure(name, fn):
    ops_per_second(fn, WARMUP_S)
    runs = [ops_per_second(fn, RUN_S) for _ in range(MEASURE_ITERS)]
    mean = sum(runs) / len(runs)
    print(f"{name:28s} {mean:12.3f} ops/s   runs: {', '.join(f'{r:.3f}' for r in runs)}")
    return mean


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}")

    with torch.no_grad():
        n = 512
        for dtype in (torch.float32, torch.float64):
            a = torch.randn(n, n, dtype=dtype)
            b = torch.randn(n, n, dtype=dtype)
            ops = measure(f"matmul {str(dtype)[6:]} n={n}", lambda: torch.matmul(a, b))
            print(f"{'':28s} = {2 * n ** 3 * ops / 1e9:.2f} GFLOP/s")

        size = 1 << 20
        a, b, c = (torch.randn(size) for _ in range(3))
        ops = measure(f"mulAdd float32 size={size}", lambda: a * b + c)
        print(f"{'':28s} = {24 * size * ops / 1e9:.2f} GB/s (24 bytes per element)")

        # for context only: the same arithmetic into preallocated outputs, so no memory is allocated per call
        t, r = torch.empty(size), torch.empty(size)
        ops = measure(f"mulAdd out= size={size}", lambda: torch.add(torch.mul(a, b, out=t), c, out=r))
        print(f"{'':28s} = {24 * size * ops / 1e9:.2f} GB/s (24 bytes per element)")


if __name__ == "__main__":
    main()
