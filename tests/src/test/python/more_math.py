#!/usr/bin/env python3
"""Writes more-math.txt, which MoreMathConformanceTest checks Ember against: PyTorch 1.13's values (float32 and
float64) and float64 gradients for exp2, expm1, log2, log10, sinh, cosh, tan, asin, acos, atan, atan2, hypot and logit,
at edge values (NaN, infinities, signed zeros, domain ends, overflow, subnormals, powers of two) and random ones.

Run from the repository root with Debian's PyTorch 1.13 (CI has no PyTorch, so the output is committed):

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tests/src/test/python/more_math.py

The format, one statement a line, a blank line between cases:

    case asin float32            the op (the Ember method's name) and the dtype it runs in
    arg eps 1e-06                logit's eps, when given
    in x = 0.5 -0.0 nan ...      an input (x, and y for atan2 and hypot), as written, in the case's dtype
    out = ...                    PyTorch's result
    grad x = ...                 (float64 cases only) dL/dx for L = sum(out * r), r[i] = ((5 i + 3) mod 17 - 8) / 8
"""
import math
import os
import random

import torch

OUT = os.path.join('tests', 'src', 'test', 'resources', 'dev', 'ember', 'tests', 'more-math.txt')
rng = random.Random(15)


def word(v, dtype):
    if math.isnan(v):
        return 'NaN'
    if math.isinf(v):
        return 'Infinity' if v > 0 else '-Infinity'
    return ('%.9g' % v) if dtype == torch.float32 else repr(v)


def fmt(t):
    return ' '.join(word(float(v), t.dtype) for v in t.detach().reshape(-1).tolist())


def weights(n):
    return torch.tensor([((5 * i + 3) % 17 - 8) / 8 for i in range(n)], dtype=torch.float64)


NAME = {torch.float32: 'float32', torch.float64: 'float64'}
EDGES = [math.nan, math.inf, -math.inf, 0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 1e-8, -1e-8, 1e-30, -1e-30,
         3.5, -3.5, 10.0, 100.0, -100.0, 1e10, 88.0, 89.0, -89.0, 710.0, -710.0, 1e30, -1e30, 2.0 ** -130,
         -2.0 ** -130, 5e-324, 0.99999994, 1.0000001, 0.9999999999999999, 1.0000000000000002, math.pi / 2, -math.pi / 2,
         1e-3, 0.25, 0.75, 1024.0, 2.0 ** -1022, 1e300, 1e-300, 1000.0, 3.0, 1e-45]
POWERS = [2.0 ** k for k in range(-149, 128, 7)] + [2.0 ** k for k in (-1074, -1022, -1000, 500, 1023)] + [10.0 ** k for k in range(-5, 23)]

# Random values per op: uniform over the interesting range, and log-uniform magnitudes of both signs.
RANGES = {'exp2': (-20, 20), 'expm1': (-5, 5), 'log2': (0, 20), 'log10': (0, 20), 'sinh': (-10, 10), 'cosh': (-10, 10),
          'tan': (-4, 4), 'asin': (-1, 1), 'acos': (-1, 1), 'atan': (-10, 10), 'logit': (0, 1)}
UNARY = {'exp2': torch.exp2, 'expm1': torch.expm1, 'log2': torch.log2, 'log10': torch.log10, 'sinh': torch.sinh,
         'cosh': torch.cosh, 'tan': torch.tan, 'asin': torch.asin, 'acos': torch.acos, 'atan': torch.atan}

lines = []


def emit(name, dtype, inputs, fn, args=None, grads=True):
    """inputs: list of (name, float64 list); fn maps the tensors (in dtype) to PyTorch's result."""
    lines.append(f'case {name} {NAME[dtype]}')
    for k, v in (args or {}).items():
        lines.append(f'arg {k} {v!r}')
    leaves = []
    for n, values in inputs:
        t = torch.tensor(values, dtype=torch.float64).to(dtype)
        if dtype == torch.float64 and grads:
            t.requires_grad_(True)
        leaves.append(t)
        lines.append(f'in {n} = {fmt(t)}')
    out = fn(*leaves)
    lines.append(f'out = {fmt(out)}')
    if dtype == torch.float64 and grads:
        (out * weights(out.numel()).reshape(out.shape)).sum().backward()
        for (n, _), t in zip(inputs, leaves):
            lines.append(f'grad {n} = {fmt(t.grad)}')
    lines.append('')


def randoms(op, n):
    lo, hi = RANGES[op]
    u = [rng.uniform(lo, hi) for _ in range(n)]
    g = [rng.choice((-1, 1)) * 10 ** rng.uniform(-12, 12) for _ in range(n)]
    return u + g


for op, fn in UNARY.items():
    xs = EDGES + POWERS + randoms(op, 100)
    for dtype in (torch.float32, torch.float64):
        emit(op, dtype, [('x', xs)], fn)

LOGIT_X = [math.nan, math.inf, -math.inf, 0.0, -0.0, 1.0, -1.0, 0.5, 1.5, -0.5, 1e-8, 1 - 1e-8, 1e-6, 0.25, 0.75,
           0.2, 0.8, 0.99999994, 1e-30, 2.0] + [rng.uniform(0, 1) for _ in range(60)]
for dtype in (torch.float32, torch.float64):
    emit('logit', dtype, [('x', LOGIT_X)], torch.logit)
    for eps in (1e-6, 0.25, 0.0, 0.5):
        emit('logit', dtype, [('x', LOGIT_X)], lambda x, e=eps: torch.logit(x, eps=e), {'eps': eps})

PAIR = [0.0, -0.0, 1.0, -1.0, 0.5, -2.0, 3.0, 1e-30, 1e30, math.inf, -math.inf, math.nan, 1e-45, 3e38, 1e200, 1e-200]
for name, fn in (('atan2', torch.atan2), ('hypot', torch.hypot)):
    ys = [a for a in PAIR for _ in PAIR] + [rng.uniform(-5, 5) for _ in range(80)]
    xs = [b for _ in PAIR for b in PAIR] + [rng.uniform(-5, 5) for _ in range(80)]
    for dtype in (torch.float32, torch.float64):
        emit(name, dtype, [('x', ys), ('y', xs)], fn)

with open(OUT, 'w') as f:
    f.write('# made by tests/src/test/python/more_math.py with PyTorch ' + torch.__version__ + '; do not edit\n')
    f.write('\n'.join(lines))
print(OUT, len(lines), 'lines')
