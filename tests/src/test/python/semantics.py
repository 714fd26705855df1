#!/usr/bin/env python3
"""Writes semantics.txt, which PyTorchSemanticsTest checks Ember against: PyTorch 1.13's values and gradients of
relu, leaky_relu and elu at NaN, infinities and signed zeros, of pow (and both its gradients) on a grid of edge
values, and torch.result_type for every pair of dtypes as tensors with dims and as 0-dim tensors.

Run from the repository root with Debian's PyTorch 1.13 (CI has no PyTorch, so the output is committed):

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tests/src/test/python/semantics.py

The format, one statement a line (numbers as Python's repr of a float: nan, inf, -inf, -0.0):

    unary OP DTYPE PARAM x=... out=... grad=...      grad is d sum(out) / dx (float64 only)
    pow DTYPE a=... b=... out=... grada=... gradb=...
    result_type A B ZERO_DIM_A ZERO_DIM_B RESULT     ZERO_DIM_*: 1 when that operand is a 0-dim tensor
"""
import itertools
import os

import torch
import torch.nn.functional as F

OUT = os.path.join('tests', 'src', 'test', 'resources', 'dev', 'ember', 'tests', 'semantics.txt')
NAN, INF = float('nan'), float('inf')
EDGES = [NAN, -INF, -2.5, -1.0, -1e-300, -0.0, 0.0, 1e-300, 0.5, 1.0, 3.0, INF]
PAIR_VALUES = [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 2.0, 3.0, INF, -INF, NAN]
DTYPES = {'float32': torch.float32, 'float64': torch.float64}
ALL = {'bool': torch.bool, 'int32': torch.int32, 'int64': torch.int64, 'float32': torch.float32,
       'float64': torch.float64}


def fmt(t):
    return ','.join(repr(float(v)) for v in t.detach().to(torch.float64).reshape(-1).tolist())


def main():
    lines = []
    for op, param, fn in [('relu', 0.0, F.relu), ('leakyRelu', 0.01, lambda x: F.leaky_relu(x, 0.01)),
                          ('elu', 1.0, lambda x: F.elu(x, 1.0)), ('elu', 0.3, lambda x: F.elu(x, 0.3))]:
        for name, dtype in DTYPES.items():
            # one element at a time: PyTorch's vectorised elu backward (8 or more float64 elements) gives NaN at NaN
            # where its scalar loop and its formula (elu_backward: x <= 0 ? ... : grad) give the incoming gradient
            x = torch.tensor(EDGES, dtype=dtype)
            out, grad = [], []
            for v in x:
                v = v.reshape(1).requires_grad_(True)
                o = fn(v)
                out.append(o.detach())
                grad.append(torch.autograd.grad(o.sum(), v)[0])
            lines.append(f'unary {op} {name} {param!r} x={fmt(x)} out={fmt(torch.cat(out))} grad={fmt(torch.cat(grad))}')
    pairs = list(itertools.product(PAIR_VALUES, PAIR_VALUES))
    for name, dtype in DTYPES.items():
        a = torch.tensor([p[0] for p in pairs], dtype=dtype, requires_grad=True)
        b = torch.tensor([p[1] for p in pairs], dtype=dtype, requires_grad=True)
        out = a.pow(b)
        ga, gb = torch.autograd.grad(out.sum(), [a, b])
        lines.append(f'pow {name} a={fmt(a)} b={fmt(b)} out={fmt(out)} grada={fmt(ga)} gradb={fmt(gb)}')
    for (na, ta), (nb, tb) in itertools.product(ALL.items(), ALL.items()):
        for za, zb in itertools.product([0, 1], [0, 1]):
            x = torch.ones(() if za else (2,), dtype=ta)
            y = torch.ones(() if zb else (2,), dtype=tb)
            r = torch.result_type(x, y)
            lines.append(f'result_type {na} {nb} {za} {zb} {[k for k, v in ALL.items() if v == r][0]}')
    with open(OUT, 'w') as f:
        f.write('# written by tests/src/test/python/semantics.py with PyTorch ' + torch.__version__ + '\n')
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main()
