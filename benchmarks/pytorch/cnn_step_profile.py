"""Where PyTorch's Fashion-MNIST CNN training step (models.Cnn, Adam lr 1e-3, batch 64, the step of
`benchmarks/side-by-side.sh --epoch`) spends its time, per op: torch.autograd.profiler's self CPU time over
`--steps` profiled steps after `--warmup` steps, on Fashion-MNIST batches gathered as fashion_mnist_epoch.py does
(the gather is timed as the op "batch gather"). Prints the self CPU ms per step of each op, keyed by op name and
input shapes (so conv1 and conv2 are separate rows), and the wall ms per step without the profiler. Ember's twin:
benchmarks/src/test/java/dev/ember/benchmarks/training/CnnStepTiming.java.

  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 benchmarks/pytorch/cnn_step_profile.py --threads 1
"""
import argparse
import time

import torch
import torch.autograd.profiler as profiler

from fashion_mnist_epoch import load
from models import Cnn, TrainingStep


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--warmup", type=int, default=100)
    p.add_argument("--steps", type=int, default=200)
    p.add_argument("--rows", type=int, default=40)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    images, labels = load(args.data, "train")
    order = torch.randperm(len(images))
    model = Cnn()
    step = TrainingStep(model)
    b = args.batch

    def run(i):
        first = (i * b) % (len(images) - b)
        with profiler.record_function("batch gather"):
            picked = order[first:first + b]
            x, y = images[picked], labels[picked]
        step.run(x, y)

    for i in range(args.warmup):
        run(i)
    start = time.perf_counter()
    cpu = time.thread_time()
    for i in range(args.steps):
        run(i)
    wall = (time.perf_counter() - start) * 1e3 / args.steps
    cpu = (time.thread_time() - cpu) * 1e3 / args.steps
    with profiler.profile(record_shapes=True) as prof:
        for i in range(args.steps):
            run(i)
    events = prof.key_averages(group_by_input_shape=True)
    rows = sorted(events, key=lambda e: -e.self_cpu_time_total)
    total = sum(e.self_cpu_time_total for e in events) / 1e3 / args.steps
    print(f"threads {torch.get_num_threads()}, batch {b}: {wall:.2f} ms wall, {cpu:.2f} ms CPU (calling thread) "
          f"per step without the profiler; {total:.2f} ms self CPU per step under it")
    print(f"{'self ms/step':>12} {'calls/step':>10}  op  [input shapes]")
    for e in rows[:args.rows]:
        print(f"{e.self_cpu_time_total / 1e3 / args.steps:12.3f} {e.count / args.steps:10.1f}  {e.key}  "
              f"{str(e.input_shapes)[:110]}")


if __name__ == "__main__":
    main()
