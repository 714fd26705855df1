#!/usr/bin/env python3
"""Writes the reference numbers of the activations family (issue 15): PyTorch 1.13's values and gradients, and
erf/erfc to 50 digits with mpmath.

Run from the repository root with Debian's PyTorch 1.13 and mpmath (CI has neither, so the outputs are committed):

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tests/src/test/python/activations.py

It writes two files:

tests/src/test/resources/dev/ember/tests/activations.txt, which ActivationConformanceTest reads; one statement a
line, a blank line between cases:

    case hardtanh -2 3           the Ember op and its arguments (gelu none|tanh, hardtanh MIN MAX, celu ALPHA,
                                 glu DIM, softmin DIM; the others take none)
    in float64 [11] = ...        the input: dtype, shape, values (row-major; inf, -inf, nan, -0.0 spelled so)
    out float64 [11] = ...       PyTorch's result: dtype, shape, values
    grad = ...                   dL/dx for L = sum(out * r), r[i] = ((5 i + 3) mod 17 - 8) / 8 (row-major);
                                 floating inputs only

engine-cpu/src/test/resources/dev/ember/cpu/erf-reference.txt, which ErrorFunctionTest reads; one point a line:

    f64 X TORCH_ERF TORCH_ERFC ERF ERFC     float64 x; torch.erf/erfc in float64; the exact values rounded to float64
    f32 X TORCH_ERF TORCH_ERFC ERF ERFC     float32 x; torch.erf/erfc in float32; the exact values rounded to float32
"""
import math
import os
import random
import struct

import mpmath
import torch
import torch.nn.functional as F

mpmath.mp.dps = 60
rng = random.Random(15)
ACTIVATIONS = os.path.join('tests', 'src', 'test', 'resources', 'dev', 'ember', 'tests', 'activations.txt')
ERF = os.path.join('engine-cpu', 'src', 'test', 'resources', 'dev', 'ember', 'cpu', 'erf-reference.txt')
DTYPES = {torch.float32: 'float32', torch.float64: 'float64', torch.int64: 'int64', torch.int32: 'int32'}


def num(v, dtype):
    if math.isnan(v):
        return 'nan'
    if math.isinf(v):
        return 'inf' if v > 0 else '-inf'
    if dtype == torch.float32:
        return '%.9g' % v if v != 0 else ('-0.0' if math.copysign(1, v) < 0 else '0.0')
    if dtype == torch.float64:
        return repr(float(v))
    return str(int(v))


def fmt(t):
    return ' '.join(num(v, t.dtype) for v in t.detach().reshape(-1).tolist())


def shape(t):
    return '[' + ','.join(str(d) for d in t.shape) + ']'


def weights(n, dtype):
    return torch.tensor([((5 * i + 3) % 17 - 8) / 8 for i in range(n)], dtype=dtype)


lines = []


def vectorised(spec, x, fn):
    """Prints where PyTorch's whole-tensor (vectorised) result or gradient differs from its one-element one."""
    a = x.clone().requires_grad_(True)
    b = x.clone().requires_grad_(True)
    ya = fn(a)
    yb = torch.stack([fn(e.reshape(1))[0] for e in b])
    ga, = torch.autograd.grad(ya.sum(), [a])
    gb, = torch.autograd.grad(yb.sum(), [b])
    for name, u, v in (('value', ya, yb), ('gradient', ga, gb)):
        for xi, ui, vi in zip(x.tolist(), u.tolist(), v.tolist()):
            same = (ui == vi and math.copysign(1, ui) == math.copysign(1, vi)) or (math.isnan(ui) and math.isnan(vi))
            close = same or (not math.isnan(ui) and not math.isnan(vi) and abs(ui - vi) <= 1e-6 * max(1e-30, abs(vi)))
            if not close or (ui == 0 and vi == 0 and not same):
                print(f'{spec} {DTYPES[x.dtype]} {name} at {xi}: vectorised {ui}, scalar {vi}')


def case(spec, x, fn):
    lines.append('case ' + spec)
    lines.append(f'in {DTYPES[x.dtype]} {shape(x)} = {fmt(x)}')
    floating = x.dtype.is_floating_point
    x = x.clone().requires_grad_(floating)
    out = fn(x)
    lines.append(f'out {DTYPES[out.dtype]} {shape(out)} = {fmt(out)}')
    if floating:
        r = weights(out.numel(), out.dtype).reshape(out.shape)
        (g,) = torch.autograd.grad((out * r).sum(), [x])
        lines.append(f'grad = {fmt(g)}')
    lines.append('')


# the kinks, the infinities, NaN, signed zeros, tails, then values on a 1/64 grid (exact in float32)
EDGES = [float('-inf'), -1e4, -100.0, -30.0, -8.0, -6.0, -3.0, -2.0, -1.0, -0.5, -1e-30, -0.0, 0.0, 1e-30, 0.5, 1.0, 2.0,
         3.0, 6.0, 8.0, 30.0, 100.0, 1e4, float('inf'), float('nan')]
GRID = [round(rng.uniform(-8, 8) * 64) / 64 for _ in range(40)]
POINTS = EDGES + GRID

UNARY = [
    ('erf', torch.erf), ('erfc', torch.erfc),
    ('gelu none', lambda x: F.gelu(x)), ('gelu tanh', lambda x: F.gelu(x, approximate='tanh')),
    ('silu', F.silu), ('mish', F.mish),
    ('hardtanh -1 1', lambda x: F.hardtanh(x)), ('hardtanh -2 3', lambda x: F.hardtanh(x, -2.0, 3.0)),
    ('hardtanh 0.5 0.5', lambda x: F.hardtanh(x, 0.5, 0.5)),
    ('relu6', F.relu6), ('hardsigmoid', F.hardsigmoid), ('hardswish', F.hardswish), ('softsign', F.softsign),
    ('selu', F.selu), ('celu 1', lambda x: F.celu(x)), ('celu 0.5', lambda x: F.celu(x, 0.5)),
    ('celu -2', lambda x: F.celu(x, -2.0)), ('logsigmoid', F.logsigmoid),
]
for dtype in (torch.float64, torch.float32):
    x = torch.tensor(POINTS, dtype=torch.float64).to(dtype)
    for spec, fn in UNARY:
        # PyTorch 1.13's vectorised CPU kernels differ from its scalar CPU kernels and its CUDA kernels (which share
        # the scalar formulas of derivatives.yaml) at a few points: NaN gradients of hardtanh, relu6, selu and celu,
        # hardswish's derivative at 3. Ember follows the scalar formulas, so the reference is computed one element
        # at a time (a one-element tensor takes the scalar loop); vectorised() lists where the two differ
        case(spec, x, lambda t, fn=fn: torch.stack([fn(e.reshape(1))[0] for e in t]))
        vectorised(spec, x, fn)

# integer inputs: these keep or convert their dtype as PyTorch does
ints = [-9, -7, -6, -3, -1, 0, 1, 2, 3, 5, 6, 7, 100]
for dtype in (torch.int64, torch.int32):
    x = torch.tensor(ints, dtype=dtype)
    for spec, fn in [('erf', torch.erf), ('erfc', torch.erfc), ('hardtanh -2 3', lambda t: F.hardtanh(t, -2.0, 3.0)),
                     ('relu6', F.relu6), ('softsign', F.softsign)]:
        case(spec, x, fn)

# along a dim
for dtype in (torch.float64, torch.float32):
    m = torch.tensor([[round(rng.uniform(-4, 4) * 64) / 64 for _ in range(6)] for _ in range(4)], dtype=torch.float64)
    m[1, 2] = float('nan')
    m[2, 4] = 1000.0
    m[3, 0] = -1000.0
    m = m.to(dtype)
    for d in (0, 1, -1, -2):
        case(f'glu {d}', m, lambda t: F.glu(t, d))
    finite = m.clone()
    finite[1, 2] = 0.25
    for d in (0, 1, -1):
        case(f'softmin {d}', finite, lambda t: F.softmin(t, d))
    case('softmin 0', torch.tensor(1.5, dtype=dtype), lambda t: F.softmin(t, 0))
    case('glu 1', torch.zeros(0, 4, dtype=dtype), lambda t: F.glu(t, 1))

os.makedirs(os.path.dirname(ACTIVATIONS), exist_ok=True)
with open(ACTIVATIONS, 'w') as f:
    f.write('\n'.join(lines))


# ---- erf and erfc ----

def f32(v):
    return struct.unpack('f', struct.pack('f', v))[0]



def exact_erf(x):
    if math.isinf(x):
        return math.copysign(1.0, x)
    return float(mpmath.erf(mpmath.mpf(x))) if x != 0 else x


def exact_erfc(x):
    if math.isinf(x):
        return 0.0 if x > 0 else 2.0
    return float(mpmath.erfc(mpmath.mpf(x)))


def exact_f32(fn, x):
    """The exact value rounded once to float32 (mpmath's float64 of it could round twice)."""
    if math.isnan(x):
        return float('nan')
    if math.isinf(x):
        return fn(x)
    v = mpmath.erf(mpmath.mpf(x)) if fn is exact_erf else mpmath.erfc(mpmath.mpf(x))
    if v == 0:
        return x if fn is exact_erf else 0.0
    lo = f32(float(v))
    # lo is within an ulp of v; pick the nearest float32 of lo and its neighbours by exact comparison
    bits = struct.unpack('I', struct.pack('f', lo))[0]
    best = None
    for b in (bits - 1, bits, bits + 1):
        c = struct.unpack('f', struct.pack('I', b & 0xffffffff))[0]
        if math.isnan(c) or math.isinf(c):
            continue
        err = abs(mpmath.mpf(c) - v)
        if best is None or err < best[0]:
            best = (err, c)
    return best[1]


boundaries = [0.84375, 1.25, 1 / 0.35, 6.0, 28.0, 2.0 ** -28, 2.0 ** -56, 0.25]
points64 = [0.0, -0.0, float('inf'), float('-inf'), float('nan'), 5e-324, -5e-324, 1e-310, 1e-300, -1e-300, 1e-20]
for b in boundaries:
    for v in (b, math.nextafter(b, 0), math.nextafter(b, math.inf)):
        points64 += [v, -v]
points64 += [i / 64 for i in range(-7 * 64, 7 * 64 + 1)]               # the whole range of both, every interval
points64 += [26.0 + i / 16 for i in range(0, 32)] + [-26.0 - i / 16 for i in range(0, 32)]   # erfc into subnormals
points64 += [rng.uniform(-6, 6) for _ in range(300)] + [math.exp(rng.uniform(-60, 3.3)) for _ in range(200)]
points32 = [f32(v) for v in points64 if math.isnan(v) or abs(v) < 11 or math.isinf(v)]
points32 += [f32(rng.uniform(-11, 11)) for _ in range(300)]

os.makedirs(os.path.dirname(ERF), exist_ok=True)
with open(ERF, "w") as f:
    t = torch.tensor(points64, dtype=torch.float64)
    te, tc = torch.erf(t).tolist(), torch.erfc(t).tolist()
    for x, a, b in zip(points64, te, tc):
        f.write(f'f64 {num(x, torch.float64)} {num(a, torch.float64)} {num(b, torch.float64)} '
                f'{num(exact_erf(x) if not math.isnan(x) else x, torch.float64)} '
                f'{num(exact_erfc(x) if not math.isnan(x) else x, torch.float64)}\n')
    t = torch.tensor(points32, dtype=torch.float32)
    te, tc = torch.erf(t).tolist(), torch.erfc(t).tolist()
    for x, a, b in zip(points32, te, tc):
        f.write(f'f32 {num(x, torch.float32)} {num(a, torch.float32)} {num(b, torch.float32)} '
                f'{num(exact_f32(exact_erf, x), torch.float32)} {num(exact_f32(exact_erfc, x), torch.float32)}\n')
