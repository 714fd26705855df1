"""PyTorch's twin of dev.ember.benchmarks.ThreadCpuTime: the calling thread's CPU time per call (time.thread_time),
one torch thread, best and median of 9 rounds of 5 calls after 5 rounds of warm-up. For a machine too loaded for
wall-clock figures. Rows named like engine-cpu's ConvTiming ("4x4/2 ... forward", "... input gradient", "... weight
gradient") time one direction of a convolution alone, as ConvTiming times Ember's.

  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmarks/pytorch/thread_cpu_time.py [regex]
"""
import re
import sys
import time
import warnings

import torch
import torch.nn.functional as F

from models import Cnn, MnistCnn, TrainingStep


def workloads():
    torch.manual_seed(42)
    x = torch.randn(64, 32, 28, 28, requires_grad=True)
    bn = torch.nn.BatchNorm2d(32)

    def batchnorm():
        x.grad = bn.weight.grad = bn.bias.grad = None
        bn(x).sum().backward()

    xc = torch.randn(64, 32, 28, 28, requires_grad=True)
    wc = torch.randn(64, 32, 3, 3, requires_grad=True)
    bc = torch.randn(64, requires_grad=True)

    def conv():
        xc.grad = wc.grad = bc.grad = None
        F.conv2d(xc, wc, bc, padding=1).sum().backward()

    xs = torch.randn(64, 64, 14, 14, requires_grad=True)
    ws = torch.randn(128, 64, 4, 4, requires_grad=True)
    bs = torch.randn(128, requires_grad=True)

    def strided():
        xs.grad = ws.grad = bs.grad = None
        F.conv2d(xs, ws, bs, stride=2, padding=1).sum().backward()

    found = {"batchnorm2d fwd+bwd": batchnorm, "conv2d fwd+bwd": conv, "conv2d 4x4/2 fwd+bwd": strided}
    found.update(directions("3x3 64x32x28x28 -> 64, pad 1", xc, wc, 1, 1))
    found.update(directions("4x4/2 64x64x14x14 -> 128, pad 1", xs, ws, 2, 1))

    # MatmulBenchmark at n=512 (float16 has no CPU matmul in torch 1.13: the row says so)
    for name, dtype in (("float32", torch.float32), ("bfloat16", torch.bfloat16), ("float16", torch.float16)):
        a, b = torch.randn(512, 512).to(dtype), torch.randn(512, 512).to(dtype)
        found[f"gemm 512 {name}"] = no_grad(lambda a=a, b=b: torch.matmul(a, b))

    # TrainingStepBenchmark.cnnStep and .cnnStepAutocast (torch 1.13's CPU autocast takes bfloat16 only)
    images, labels = torch.randn(128, 1, 28, 28), torch.randint(0, 10, (128,))
    step = TrainingStep(Cnn())
    found["cnn step float32"] = lambda: step.run(images, labels)
    for name, dtype in (("bfloat16", torch.bfloat16), ("float16", torch.float16)):
        mixed = TrainingStep(Cnn(), autocast=dtype)
        found[f"cnn step autocast {name}"] = lambda mixed=mixed: mixed.run(images, labels)

    x7 = torch.randn(64, 128, 7, 7, requires_grad=True)
    w7 = torch.randn(1, 128, 7, 7, requires_grad=True)
    b7 = torch.randn(1, requires_grad=True)

    def last():
        x7.grad = w7.grad = b7.grad = None
        F.conv2d(x7, w7, b7).sum().backward()

    found["conv2d 7x7 to 1x1 fwd+bwd"] = last
    mnist = TrainingStep(MnistCnn().train(), adadelta=True)
    images64, labels64 = torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,))
    found["mnist cnn step, batch 64"] = lambda: mnist.run(images64, labels64)
    return found


def directions(layer, x, w, stride, padding):
    """Each direction of a convolution without bias, as engine-cpu's ConvTiming times Ember's (same names)."""
    x, w = x.detach(), w.detach()
    dy = torch.randn(F.conv2d(x, w, stride=stride, padding=padding).shape)

    def backward(mask):
        return lambda: torch.ops.aten.convolution_backward(dy, x, w, None, [stride] * 2, [padding] * 2, [1, 1], False,
                                                           [0, 0], 1, mask)

    return {f"{layer} forward": no_grad(lambda: F.conv2d(x, w, stride=stride, padding=padding)),
            f"{layer} input gradient": no_grad(backward([True, False, False])),
            f"{layer} weight gradient": no_grad(backward([False, True, False]))}


def no_grad(fn):
    def call():
        with torch.no_grad():
            return fn()
    return call


def main():
    only = sys.argv[1] if len(sys.argv) > 1 else ".*"
    torch.set_num_threads(1)
    for name, fn in workloads().items():
        if not re.fullmatch(only, name):
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")   # CPU autocast warns before it refuses float16
                fn()
        except RuntimeError as e:
            print(f"{name:<34} not supported: {str(e).splitlines()[0]}")
            continue
        ms = []
        for r in range(-5, 9):
            start = time.thread_time()
            for _ in range(5):
                fn()
            if r >= 0:
                ms.append((time.thread_time() - start) * 1e3 / 5)
        ms.sort()
        print(f"{name:<34} best {ms[0]:8.2f}  median {ms[len(ms) // 2]:8.2f} ms CPU/call")


if __name__ == "__main__":
    main()
