#!/usr/bin/env python3
"""Writes rounding-ops.txt, which RoundingConformanceTest checks Ember against: PyTorch 1.13's values and gradients
for floor, ceil, round (also with decimals), trunc, frac, remainder, fmod, floor_divide, square, reciprocal, isnan,
isinf, isfinite, nan_to_num, clamp with tensor bounds, lerp, xlogy and the one-argument where.

Run from the repository root with Debian's PyTorch 1.13 (CI has no PyTorch, so the output is committed):

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tests/src/test/python/rounding_ops.py

The format, one statement a line, a blank line between cases:

    case remainder float32 edges     a name
    op remainder                     the Ember op the test runs
    arg decimals -2                  an argument: name, then a number (or "none")
    in x float32 [12] grad = ...     an input: name, dtype, shape, "grad" when differentiated, values
    out float32 [12] = ...           PyTorch's result (one "out" per tensor for where)
    grad x = ...                     dL/dx for L = sum(out * r), r[i] = ((5 i + 3) mod 17 - 8) / 8 (row-major)
"""
import math
import os
import random

import torch

OUT = os.path.join('tests', 'src', 'test', 'resources', 'dev', 'ember', 'tests', 'rounding-ops.txt')
rng = random.Random(15)
NAN, INF = float('nan'), float('inf')
DTYPES = {torch.float32: 'float32', torch.float64: 'float64', torch.int64: 'int64', torch.int32: 'int32', torch.bool: 'bool'}


def fmt(t):
    t = t.detach().reshape(-1)
    if t.dtype == torch.float32:
        return ' '.join('%.9g' % v for v in t.tolist())   # enough digits to round-trip a float32
    if t.dtype == torch.float64:
        return ' '.join(repr(float(v)) for v in t.tolist())
    if t.dtype == torch.bool:
        return ' '.join('1' if v else '0' for v in t.tolist())
    return ' '.join(str(int(v)) for v in t.tolist())


def shape(t):
    return '[' + ','.join(str(d) for d in t.shape) + ']'


def weights(n, dtype):
    return torch.tensor([((5 * i + 3) % 17 - 8) / 8 for i in range(n)], dtype=dtype)


def uniform(n, lo, hi, dtype=torch.float64, step=1 / 64):
    """Values on a grid of `step`, exact in float32 and short in the file."""
    return torch.tensor([round(rng.uniform(lo, hi) / step) * step for _ in range(n)], dtype=torch.float64).to(dtype)


lines = []


def case(name, op, inputs, fn, args=(), grads=()):
    """inputs: [(name, tensor)]; grads: the names of inputs to differentiate (float64 only)."""
    lines.append('case ' + name)
    lines.append('op ' + op)
    for k, v in args:
        lines.append('arg %s %s' % (k, 'none' if v is None else repr(v)))
    leaves = {}
    for n, t in inputs:
        if n in grads:
            t = t.clone().requires_grad_(True)
        leaves[n] = t
        lines.append('in %s %s %s%s = %s' % (n, DTYPES[t.dtype], shape(t), ' grad' if n in grads else '', fmt(t)))
    out = fn(*leaves.values())
    outs = out if isinstance(out, tuple) else (out,)
    for o in outs:
        lines.append('out %s %s = %s' % (DTYPES[o.dtype], shape(o), fmt(o)))
    if grads:
        (out * weights(out.numel(), out.dtype).reshape(out.shape)).sum().backward()
        for n in grads:
            g = leaves[n].grad
            lines.append('grad %s = %s' % (n, fmt(g if g is not None else torch.zeros_like(leaves[n]))))
    lines.append('')


EDGES = [-2.5, -1.5, -0.5, -0.0, 0.0, 0.5, 1.5, 2.5, 0.49999997, -0.49999997, 1.9999, -7.25, 1e20, -1e20,
         8388609.0, 4503599627370497.0, 1e-30, INF, -INF, NAN]

# ---- rounding ----
for dt in (torch.float32, torch.float64):
    x = torch.cat([torch.tensor(EDGES, dtype=dt), uniform(13, -20, 20, dt, 1 / 8)])
    for op in ('floor', 'ceil', 'round', 'trunc', 'frac'):
        case('%s %s edges' % (op, DTYPES[dt]), op, [('x', x)], getattr(torch, op))
    for d in (1, 2, 3, -1, -2):
        y = uniform(17, -3000, 3000, dt, 1 / 1024)
        case('round decimals %d %s' % (d, DTYPES[dt]), 'round_decimals', [('x', y)],
             lambda t, d=d: torch.round(t, decimals=d), args=[('decimals', d)])
for dt in (torch.int32, torch.int64):
    x = torch.tensor([-7, 0, 5, 2147483647, -2147483648], dtype=dt)
    for op in ('floor', 'ceil', 'round', 'trunc'):
        case('%s %s' % (op, DTYPES[dt]), op, [('x', x)], getattr(torch, op))

# ---- divisions ----
PAIRS = [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, 7.25, -7.25, 1e-30, 1e30, 16777217.0, INF, -INF, NAN]
for dt in (torch.float32, torch.float64):
    a = torch.tensor([p for p in PAIRS for _ in PAIRS], dtype=dt)
    b = torch.tensor([q for _ in PAIRS for q in PAIRS], dtype=dt)
    ra, rb = uniform(127, -50, 50, dt, 1 / 1024), uniform(127, -9, 9, dt, 1 / 1024)
    # random quotients, including ones where float32's (a - fmod) / b rounds
    qa = torch.tensor([rng.uniform(-1e6, 1e6) for _ in range(64)], dtype=torch.float64).to(dt)
    qb = torch.tensor([rng.uniform(-1e-3, 1e-3) for _ in range(64)], dtype=torch.float64).to(dt)
    for op in ('remainder', 'fmod', 'floor_divide'):
        case('%s %s edges' % (op, DTYPES[dt]), op, [('a', a), ('b', b)], getattr(torch, op))
        case('%s %s random' % (op, DTYPES[dt]), op, [('a', ra), ('b', rb)], getattr(torch, op))
        case('%s %s large quotients' % (op, DTYPES[dt]), op, [('a', qa), ('b', qb)], getattr(torch, op))
        case('%s %s scalar' % (op, DTYPES[dt]), op + '_scalar', [('a', ra)], lambda t, op=op: getattr(torch, op)(t, -2.5),
             args=[('other', -2.5)])
INT_PAIRS = {torch.int64: [1, -1, 2, -2, 3, -7, 7, 12345, 9223372036854775807, -9223372036854775808],
             torch.int32: [1, -1, 2, -2, 3, -7, 7, 12345, 2147483647, -2147483648]}
for dt, vals in INT_PAIRS.items():
    big = vals[-1]
    ps = [(p, q) for p in vals + [0] for q in vals if not (p == big and q == -1)]   # PyTorch traps MIN / -1
    a = torch.tensor([p for p, _ in ps], dtype=dt)
    b = torch.tensor([q for _, q in ps], dtype=dt)
    for op in ('remainder', 'fmod', 'floor_divide'):
        case('%s %s pairs' % (op, DTYPES[dt]), op, [('a', a), ('b', b)], getattr(torch, op))
        case('%s %s scalar' % (op, DTYPES[dt]), op + '_long', [('a', a)], lambda t, op=op: getattr(torch, op)(t, -3),
             args=[('other', -3)])
        case('%s %s float scalar' % (op, DTYPES[dt]), op + '_scalar', [('a', torch.tensor([-7, 7, 0, 5], dtype=dt))],
             lambda t, op=op: getattr(torch, op)(t, 2.5), args=[('other', 2.5)])
# gradients (PyTorch: d/da = 1, d/db = -floor(a/b) resp. -trunc(a/b); floor_divide: zero)
ga, gb = uniform(13, -9, 9), uniform(13, 0.5, 3) * torch.tensor([1.0, -1.0] * 6 + [1.0], dtype=torch.float64)
for op in ('remainder', 'fmod'):
    case('%s gradients' % op, op, [('a', ga), ('b', gb)], getattr(torch, op), grads=('a', 'b'))
# floor_divide has no derivative in 1.13; div(rounding_mode='floor'), the same function, has zeros
case('floor_divide gradients', 'floor_divide', [('a', ga), ('b', gb)],
     lambda a, b: torch.div(a, b, rounding_mode='floor'), grads=('a', 'b'))
case('remainder broadcast gradients', 'remainder', [('a', uniform(12, -9, 9).reshape(3, 4)), ('b', uniform(4, 0.5, 3))],
     torch.remainder, grads=('a', 'b'))

# ---- square, reciprocal, classification ----
for dt in (torch.float32, torch.float64, torch.int32, torch.int64, torch.bool):
    x = torch.tensor([-3, 0, 1, 2, 7], dtype=torch.float64).to(dt) if dt != torch.bool else torch.tensor([True, False])
    case('square %s' % DTYPES[dt], 'square', [('x', x)], torch.square)
    case('reciprocal %s' % DTYPES[dt], 'reciprocal', [('x', x)], torch.reciprocal)
    for op in ('isnan', 'isinf', 'isfinite', 'nan_to_num'):
        xs = torch.tensor(EDGES, dtype=dt) if dt.is_floating_point else x
        case('%s %s' % (op, DTYPES[dt]), op, [('x', xs)], getattr(torch, op))
case('reciprocal float32 edges', 'reciprocal', [('x', torch.tensor(EDGES, dtype=torch.float32))], torch.reciprocal)
case('square reciprocal gradients', 'square_reciprocal', [('x', uniform(13, 0.5, 3) * torch.tensor([1.0, -1.0] * 6 + [1.0], dtype=torch.float64))],
     lambda t: torch.square(t) + torch.reciprocal(t), grads=('x',))
for dt in (torch.float32, torch.float64):
    x = torch.tensor(EDGES, dtype=dt)
    case('nan_to_num values %s' % DTYPES[dt], 'nan_to_num_values', [('x', x)],
         lambda t: torch.nan_to_num(t, nan=1e50, posinf=-3.5, neginf=1e-45),
         args=[('nan', 1e50), ('posinf', -3.5), ('neginf', 1e-45)])
case('nan_to_num gradients', 'nan_to_num', [('x', torch.tensor(EDGES, dtype=torch.float64))], torch.nan_to_num, grads=('x',))

# ---- clamp with tensor bounds ----
cx = torch.tensor([1.0, NAN, 3.0, -0.0, 0.0, 2.0, 5.0, -4.0, 2.0, 9.0, 1.0, -1.0], dtype=torch.float64)
cmin = torch.tensor([2.0, 0.0, NAN, 0.0, -0.0, 2.0, 1.0, -5.0, 3.0, 4.0, 1.0, 0.0], dtype=torch.float64)
cmax = torch.tensor([3.0, 5.0, 5.0, 5.0, 5.0, 2.0, NAN, -4.5, 1.0, 4.0, 1.0, 0.0], dtype=torch.float64)
for dt in (torch.float32, torch.float64):
    case('clamp both %s' % DTYPES[dt], 'clamp', [('x', cx.to(dt)), ('min', cmin.to(dt)), ('max', cmax.to(dt))],
         lambda x, lo, hi: torch.clamp(x, min=lo, max=hi))
    case('clamp min %s' % DTYPES[dt], 'clamp_min', [('x', cx.to(dt)), ('min', cmin.to(dt))], lambda x, lo: torch.clamp(x, min=lo))
    case('clamp max %s' % DTYPES[dt], 'clamp_max', [('x', cx.to(dt)), ('max', cmax.to(dt))], lambda x, hi: torch.clamp(x, max=hi))
case('clamp int64 with float64 bounds', 'clamp', [('x', torch.tensor([1, 5, -3, 2])), ('min', torch.tensor([2, 0, -1, 2])),
                                                  ('max', torch.tensor(3.5, dtype=torch.float64))],
     lambda x, lo, hi: torch.clamp(x, min=lo, max=hi))
fin = torch.tensor([1.0, 3.0, 2.5, 0.0, 2.0, 5.0, -4.0, 2.0, 9.0, 1.0, -1.0, 0.5], dtype=torch.float64)
fmin = torch.tensor([2.0, 0.0, 2.5, 0.5, -1.0, 2.0, 1.0, -5.0, 3.0, 4.0, 1.0, 0.5], dtype=torch.float64)
fmax = torch.tensor([3.0, 5.0, 5.0, 0.5, 1.0, 2.0, 3.0, -4.5, 1.0, 4.0, 1.0, 0.5], dtype=torch.float64)
case('clamp both gradients', 'clamp', [('x', fin), ('min', fmin), ('max', fmax)],
     lambda x, lo, hi: torch.clamp(x, min=lo, max=hi), grads=('x', 'min', 'max'))
case('clamp min gradients', 'clamp_min', [('x', fin), ('min', fmin)], lambda x, lo: torch.clamp(x, min=lo), grads=('x', 'min'))
case('clamp max gradients', 'clamp_max', [('x', fin), ('max', fmax)], lambda x, hi: torch.clamp(x, max=hi), grads=('x', 'max'))
case('clamp broadcast gradients', 'clamp', [('x', uniform(12, -3, 3).reshape(3, 4)), ('min', uniform(4, -2, 0)),
                                            ('max', uniform(3, 0, 2).reshape(3, 1))],
     lambda x, lo, hi: torch.clamp(x, min=lo, max=hi), grads=('x', 'min', 'max'))

# ---- lerp ----
for dt in (torch.float32, torch.float64):
    s, e = uniform(31, -5, 5, dt, 1 / 4096), uniform(31, -5, 5, dt, 1 / 4096)
    s = torch.cat([s, torch.tensor([1e30, -1e30, 1.0, INF], dtype=dt)])
    e = torch.cat([e, torch.tensor([1.0, 1e30, NAN, 1.0], dtype=dt)])
    for w in (0.0, 0.3, 0.49999, 0.5, 0.7, 1.0, 1.5, -0.7, -0.3):
        case('lerp %s weight %g' % (DTYPES[dt], w), 'lerp_scalar', [('start', s), ('end', e)],
             lambda a, b, w=w: torch.lerp(a, b, w), args=[('weight', w)])
    wt = torch.cat([uniform(31, -1.5, 1.5, dt, 1 / 4096), torch.tensor([0.5, 0.25, 1.0, 0.0], dtype=dt)])
    case('lerp %s tensor weight' % DTYPES[dt], 'lerp', [('start', s), ('end', e), ('weight', wt)], torch.lerp)
case('lerp gradients', 'lerp', [('start', uniform(12, -3, 3).reshape(3, 4)), ('end', uniform(4, -3, 3)),
                                ('weight', uniform(3, -1, 2).reshape(3, 1))], torch.lerp, grads=('start', 'end', 'weight'))
case('lerp scalar gradients', 'lerp_scalar', [('start', uniform(7, -3, 3)), ('end', uniform(7, -3, 3))],
     lambda a, b: torch.lerp(a, b, 0.75), args=[('weight', 0.75)], grads=('start', 'end'))

# ---- xlogy ----
xs = [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 2.0, -2.0, NAN, 3.0, 0.5, 1.0]
ys = [0.0, NAN, INF, -1.0, 2.0, 0.0, -1.0, 0.5, 1.0, INF, 0.25, NAN]
for dt in (torch.float32, torch.float64):
    case('xlogy %s edges' % DTYPES[dt], 'xlogy', [('x', torch.tensor(xs, dtype=dt)), ('y', torch.tensor(ys, dtype=dt))], torch.xlogy)
case('xlogy int64', 'xlogy', [('x', torch.tensor([0, 1, 2])), ('y', torch.tensor([3, 4, 0]))], torch.xlogy)
case('xlogy int64 scalar', 'xlogy_scalar', [('x', torch.tensor([0, 1, 2]))], lambda t: torch.xlogy(t, 3.0), args=[('other', 3.0)])
case('xlogy gradients', 'xlogy', [('x', torch.tensor([0.0, 0.0, 0.0, 1.5, -2.0, 0.5, 3.0], dtype=torch.float64)),
                                  ('y', torch.tensor([2.0, 0.0, -1.0, 0.5, 3.0, 4.0, 0.25], dtype=torch.float64))],
     torch.xlogy, grads=('x', 'y'))
case('xlogy broadcast gradients', 'xlogy', [('x', uniform(12, -3, 3).reshape(3, 4)), ('y', uniform(4, 0.5, 3))],
     torch.xlogy, grads=('x', 'y'))

# ---- where(condition) ----
case('where 2-d', 'where_nonzero', [('c', torch.tensor([[1, 0, 2], [0, 0, 3]]))], lambda c: torch.where(c))
case('where 3-d bool', 'where_nonzero', [('c', torch.rand(2, 3, 4, generator=torch.Generator().manual_seed(15)) > 0.5)],
     lambda c: torch.where(c))
case('where float', 'where_nonzero', [('c', torch.tensor([0.0, -0.0, NAN, 0.5]))], lambda c: torch.where(c))
case('where 0-dim true', 'where_nonzero', [('c', torch.tensor(7))], lambda c: torch.where(c))
case('where 0-dim false', 'where_nonzero', [('c', torch.tensor(0))], lambda c: torch.where(c))
case('where empty', 'where_nonzero', [('c', torch.zeros(0, 3))], lambda c: torch.where(c))

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, 'w') as f:
    f.write('# PyTorch %s, written by tests/src/test/python/rounding_ops.py; do not edit\n\n' % torch.__version__)
    f.write('\n'.join(lines))
print('wrote', OUT, len(lines), 'lines')
