"""x.sum() of float32 tensors from the L1 cache to DRAM (16K to 16M elements) under no_grad: GB/s = 4 B x size /
the best of repeated calls over 1.5 s per size. PyTorch's side of engine-cpu's SumTiming (docs/benchmarks.md).

  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/pytorch/sum_sizes.py 2
"""
import sys
import time

import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
torch.set_num_threads(threads)
torch.manual_seed(42)
print(f"torch {torch.__version__}, {threads} thread(s), GB/s (best call)")
with torch.no_grad():
    for n in [16384, 262144, 1 << 20, 1 << 22, 1 << 24]:
        x = torch.randn(n)
        reps = max(1, (1 << 22) // n)
        best = float("inf")
        end = time.perf_counter() + 1.5
        while time.perf_counter() < end:
            t0 = time.perf_counter()
            for _ in range(reps):
                x.sum()
            best = min(best, (time.perf_counter() - t0) / reps)
        print(f"{n:>10,} floats  {4 * n / best / 1e9:6.1f}")
