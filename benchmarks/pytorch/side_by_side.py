"""PyTorch's side of benchmarks/side-by-side.sh: the same workloads as Ember's JMH benchmarks, with the same
shapes, dtypes and definitions, on the CPU. Writes one JSON object: the settings, then a result per workload
with its seconds per call. Each workload's Ember counterpart is named in WORKLOADS below.

  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/pytorch/side_by_side.py \\
      --threads 2 --groups mlp,cnn --out result.json

Threads: --threads N calls torch.set_num_threads(N); BLAS threads come from OPENBLAS_NUM_THREADS, which the
caller sets (side-by-side.sh gives matrix products N BLAS threads, everything else 1: see docs/benchmarks.md).
Every timed call creates fresh outputs (no out= buffers), as Ember's calls do; inputs are made once with seed 42.
A workload torch cannot run (float16 matmul and CPU autocast to float16 in torch 1.13) is written with
"seconds_per_call": null and torch's error as "unsupported", and shows as "not supported" in the table.
"""
import argparse
import json
import os
import warnings

import torch
import torch.nn.functional as F

from models import Cnn, Mlp, MnistCnn, TrainingStep
from timing import measure

GEMM_SIZES = (256, 512, 1024, 2048)
LARGE = 16 * 1024 * 1024
BATCH = 128


def gemm():
    """MatmulBenchmark.matmul: [n, n] x [n, n], float32, float64, bfloat16 and float16, no grad (the half types
    drawn in float32 and rounded, as Ember's Generator draws them)."""
    for name, dtype in (("sgemm", torch.float32), ("dgemm", torch.float64), ("bf16gemm", torch.bfloat16),
                        ("hgemm", torch.float16)):
        for n in GEMM_SIZES:
            wide = torch.float64 if dtype == torch.float64 else torch.float32
            a, b = torch.randn(n, n, dtype=wide).to(dtype), torch.randn(n, n, dtype=wide).to(dtype)
            yield {"workload": name, "n": n}, no_grad(lambda a=a, b=b: torch.matmul(a, b))


def mul_add():
    """ElementwiseBenchmark.mulAdd and .addcmul with size=16777216: a * b + c, unfused and fused, float32, no grad."""
    a, b, c = (torch.randn(LARGE) for _ in range(3))
    yield {"workload": "mul_add", "size": LARGE}, no_grad(lambda: a * b + c)
    yield {"workload": "addcmul", "size": LARGE}, no_grad(lambda: torch.addcmul(c, a, b))


def total():
    """ReductionBenchmark.sum with size=16777216: the sum of all float32 elements, no grad."""
    x = torch.randn(LARGE)
    yield {"workload": "sum", "size": LARGE}, no_grad(lambda: x.sum())


def softmax():
    """ReductionBenchmark.softmax: softmax over the rows of [1024, 1024] float32, no grad."""
    x = torch.randn(1024, 1024)
    yield {"workload": "softmax", "rows": 1024, "cols": 1024}, no_grad(lambda: torch.softmax(x, 1))


def conv():
    """Conv2dLayerBenchmark: [64, 32, 28, 28] * [64, 32, 3, 3] + bias, padding 1; forward, and forward+backward
    of out.sum() into the gradients of input, weight and bias."""
    x = torch.randn(64, 32, 28, 28, requires_grad=True)
    w = torch.randn(64, 32, 3, 3, requires_grad=True)
    b = torch.randn(64, requires_grad=True)
    yield {"workload": "conv2d_forward"}, no_grad(lambda: F.conv2d(x, w, b, padding=1))

    def forward_backward():
        x.grad = w.grad = b.grad = None
        F.conv2d(x, w, b, padding=1).sum().backward()

    yield {"workload": "conv2d_forward_backward"}, forward_backward

    # StridedConvBenchmark: a DCGAN discriminator's 4x4 stride-2 convolution, [64, 64, 14, 14] -> [64, 128, 7, 7]
    xs = torch.randn(64, 64, 14, 14, requires_grad=True)
    ws = torch.randn(128, 64, 4, 4, requires_grad=True)
    bs = torch.randn(128, requires_grad=True)

    def strided_forward_backward():
        xs.grad = ws.grad = bs.grad = None
        F.conv2d(xs, ws, bs, stride=2, padding=1).sum().backward()

    yield {"workload": "conv2d_strided_forward_backward"}, strided_forward_backward


def batchnorm():
    """BatchNormBenchmark (impl=fused): BatchNorm2d(32) in training on [64, 32, 28, 28], forward and backward of
    out.sum() into the gradients of input, weight and bias."""
    x = torch.randn(64, 32, 28, 28, requires_grad=True)
    bn = torch.nn.BatchNorm2d(32)

    def forward_backward():
        x.grad = bn.weight.grad = bn.bias.grad = None
        bn(x).sum().backward()

    yield {"workload": "batchnorm_forward_backward"}, forward_backward


def overhead():
    """OverheadBenchmark: a [4] add without and with grad recording, and (x * w + b).tanh().sum() forward and
    backward on [4] leaves, their grads cleared first."""
    a, b = torch.randn(4), torch.randn(4)
    ga, gb = torch.randn(4, requires_grad=True), torch.randn(4, requires_grad=True)
    x, w, bias = (torch.randn(4, requires_grad=True) for _ in range(3))
    yield {"workload": "add_no_grad"}, no_grad(lambda: a + b)
    yield {"workload": "add_with_grad"}, lambda: ga + gb

    def forward_backward():
        x.grad = w.grad = bias.grad = None
        loss = (x * w + bias).tanh().sum()
        loss.backward()
        return loss

    yield {"workload": "tiny_graph"}, forward_backward


def mlp():
    """TrainingStepBenchmark.mlpStep: one MLP step at batch 128 on a fixed random batch."""
    step = TrainingStep(Mlp())
    images, labels = torch.randn(BATCH, 784), torch.randint(0, 10, (BATCH,))
    yield {"workload": "mlp_step", "batch": BATCH}, lambda: step.run(images, labels)


def cnn():
    """TrainingStepBenchmark.cnnStep: one CNN step at batch 128 on a fixed random batch; .mnistCnnStep: one step of
    the examples' Adadelta CNN with dropout at batch 64; .cnnStepAutocast: the CNN step in mixed precision, float32
    weights with forward and loss under CPU autocast to bfloat16 and to float16."""
    step = TrainingStep(Cnn())
    images, labels = torch.randn(BATCH, 1, 28, 28), torch.randint(0, 10, (BATCH,))
    yield {"workload": "cnn_step", "batch": BATCH}, lambda: step.run(images, labels)
    # TrainingStepBenchmark.mnistCnnStep: the examples' Adadelta CNN with dropout, at its batch of 64
    mnist = TrainingStep(MnistCnn().train(), adadelta=True)
    images64, labels64 = torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,))
    yield {"workload": "mnist_cnn_step", "batch": 64}, lambda: mnist.run(images64, labels64)

    # backward and the Adam update run outside autocast, as in Ember's TrainingStep
    for name, dtype in (("BFLOAT16", torch.bfloat16), ("FLOAT16", torch.float16)):
        mixed = TrainingStep(Cnn(), autocast=dtype)
        yield {"workload": "cnn_step_autocast", "batch": BATCH, "dtype": name}, \
            lambda mixed=mixed: mixed.run(images, labels)


def rnn():
    """RecurrentLayerBenchmark: nn.LSTM and nn.GRU (128 -> 256, one layer) on [100, 64, 128] (no grad); forward,
    then output.sum().backward() into the parameters' gradients, cleared first."""
    x = torch.randn(100, 64, 128)
    for name, cls in (("lstm_forward_backward", torch.nn.LSTM), ("gru_forward_backward", torch.nn.GRU)):
        layer = cls(128, 256)

        def forward_backward(layer=layer):
            layer.zero_grad(set_to_none=True)
            layer(x)[0].sum().backward()

        yield {"workload": name, "seq": 100, "batch": 64, "input": 128, "hidden": 256}, forward_backward


WORKLOADS = {"gemm": gemm, "muladd": mul_add, "sum": total, "softmax": softmax, "conv": conv, "batchnorm": batchnorm,
             "overhead": overhead, "mlp": mlp, "cnn": cnn, "rnn": rnn}


def no_grad(fn):
    def call():
        with torch.no_grad():
            return fn()
    return call


def try_once(fn):
    """None when fn runs; torch's error message when this build cannot run it (an op with no kernel for a dtype)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # CPU autocast warns before it refuses float16
            fn()
        return None
    except RuntimeError as e:
        return str(e).splitlines()[0]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (default 1)")
    p.add_argument("--groups", default=",".join(WORKLOADS), help="comma-separated, from: " + ", ".join(WORKLOADS))
    p.add_argument("--warmup", type=int, default=2, help="warm-up iterations (default 2)")
    p.add_argument("--iterations", type=int, default=3, help="measured iterations (default 3)")
    p.add_argument("--time-ms", type=int, default=1000, help="length of each iteration in ms (default 1000)")
    p.add_argument("--out", help="JSON file to write (default: standard output)")
    args = p.parse_args()
    groups = [g for g in args.groups.split(",") if g]
    unknown = [g for g in groups if g not in WORKLOADS]
    if unknown:
        p.error(f"unknown group(s) {', '.join(unknown)}; known: {', '.join(WORKLOADS)}")

    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    results = []
    for group in groups:
        for workload, fn in WORKLOADS[group]():
            unsupported = try_once(fn)
            if unsupported:
                results.append({**workload, "threads": args.threads, "seconds_per_call": None, "unsupported": unsupported})
                print(f"  pytorch {json.dumps(workload)}: not supported ({unsupported})", flush=True)
                continue
            seconds, runs = measure(fn, args.warmup, args.iterations, args.time_ms / 1000)
            results.append({**workload, "threads": args.threads, "seconds_per_call": seconds, "runs": runs})
            print(f"  pytorch {json.dumps(workload)} threads={args.threads}: {seconds * 1e3:.4f} ms/call", flush=True)
    report = {
        "engine": "pytorch",
        "version": torch.__version__,
        "threads": torch.get_num_threads(),
        "env": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")},
        "settings": {"warmup": args.warmup, "iterations": args.iterations, "time_ms": args.time_ms},
        "results": results,
    }
    text = json.dumps(report, indent=1)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
