"""Shared by the PyTorch twins of Ember's examples (mnist_cnn.py, vae.py, dcgan.py): the full Fashion-MNIST, and
the timing mode `--time N` that benchmarks/examples.sh uses: `--warmup W` training steps, then N timed steps on
the next shuffled batches, one JSON line with the milliseconds per step and the seconds an epoch of them takes.
With one thread torch runs every kernel on the calling thread, so that thread's CPU time per step is the steps'
cost however busy the machine is (cpu_ms_per_step; Ember's ExampleTiming reports the same)."""
import json
import os
import time

import torch

from fashion_mnist_epoch import load  # noqa: F401  (re-exported for the twins)


def add_arguments(parser, batch):
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch", type=int, default=batch)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time", type=int, metavar="N", help="time N training steps instead of training (one JSON line)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed steps before --time's")


def batches(count, batch, generator):
    """Index tensors of shuffled batches over `count` examples, epoch after epoch, the last batch short."""
    while True:
        order = torch.randperm(count, generator=generator)
        for first in range(0, count, batch):
            yield order[first:first + batch]


def time_steps(name, args, step, count):
    """Runs `step(indices)` on --warmup then --time batches; prints the JSON line."""
    generator = torch.Generator().manual_seed(args.seed)
    picks = batches(count, args.batch, generator)
    for _ in range(args.warmup):
        step(next(picks))
    start, cpu_start = time.perf_counter(), time.thread_time()
    for _ in range(args.time):
        step(next(picks))
    seconds = time.perf_counter() - start
    cpu_seconds = time.thread_time() - cpu_start
    per_epoch = (count + args.batch - 1) // args.batch
    print(json.dumps({"engine": "pytorch", "example": name, "threads": torch.get_num_threads(), "batch": args.batch,
                      "steps": args.time, "ms_per_step": round(1000 * seconds / args.time, 3),
                      "cpu_ms_per_step": round(1000 * cpu_seconds / args.time, 3),
                      "steps_per_epoch": per_epoch, "seconds_per_epoch": round(seconds / args.time * per_epoch, 2),
                      "version": torch.__version__,
                      "env": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")}}))
