#!/usr/bin/env python3
"""Writes index-resample-ops.txt, which IndexResampleConformanceTest checks Ember against: PyTorch 1.13's values
and gradients for index_add, index_copy, index_fill, masked_scatter, take_along_dim, F.unfold, F.fold,
F.pixel_shuffle, F.pixel_unshuffle, F.interpolate and F.pad.

Run from the repository root with Debian's PyTorch 1.13 (CI has no PyTorch, so the output is committed):

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tests/src/test/python/index_resample_ops.py

The format, one statement a line, a blank line between cases:

    case interpolate bicubic up      a name
    op interpolate                   the Ember op the test runs
    arg size 5,7                     an argument: name, then its value (ints comma-separated, or a word/number)
    in x float64 [1,1,3,4] grad = 0.5 -1.25 ...    an input: name, dtype, shape, "grad" when differentiated
    out [1,1,5,7] = ...              PyTorch's result
    grad x = ...                     dL/dx for L = sum(out * r), r[i] = ((5 i + 3) mod 17 - 8) / 8 (row-major)
"""
import math
import os
import random

import torch
import torch.nn.functional as F

OUT = os.path.join('tests', 'src', 'test', 'resources', 'dev', 'ember', 'tests', 'index-resample-ops.txt')
rng = random.Random(15)


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


DTYPES = {torch.float32: 'float32', torch.float64: 'float64', torch.int64: 'int64', torch.int32: 'int32', torch.bool: 'bool'}


def randn(*s, dtype=torch.float64):
    """Normal values rounded to multiples of 1/256: exact in float32 and short in the file."""
    return torch.tensor([round(rng.gauss(0, 1) * 256) / 256 for _ in range(math.prod(s))], dtype=torch.float64).reshape(s).to(dtype)


def weights(n, dtype):
    """r[i] = ((5 i + 3) mod 17 - 8) / 8: the test makes the same numbers, so they need not be written."""
    return torch.tensor([((5 * i + 3) % 17 - 8) / 8 for i in range(n)], dtype=dtype)


lines = []


def case(name, op, inputs, fn, **args):
    """inputs: list of (name, tensor, differentiate?); fn maps the tensors to PyTorch's result."""
    lines.append(f'case {name}')
    lines.append(f'op {op}')
    for k, v in args.items():
        if isinstance(v, (list, tuple)):
            v = ','.join(str(int(e)) for e in v)
        elif isinstance(v, bool):
            v = '1' if v else '0'
        lines.append(f'arg {k} {v}')
    leaves = []
    for n, t, g in inputs:
        t = t.clone()
        if g:
            t.requires_grad_(True)
        leaves.append(t)
        lines.append(f'in {n} {DTYPES[t.dtype]} {shape(t)}{" grad" if g else ""} = {fmt(t)}')
    out = fn(*leaves)
    lines.append(f'out {shape(out)} = {fmt(out)}')
    if any(g for _, _, g in inputs):
        r = weights(out.numel(), out.dtype).reshape(out.shape)
        grads = torch.autograd.grad((out * r).sum(), [l for l, (_, _, g) in zip(leaves, inputs) if g])
        k = 0
        for n, _, g in inputs:
            if g:
                lines.append(f'grad {n} = {fmt(grads[k])}')
                k += 1
    lines.append('')


def long(*v):
    return torch.tensor(v, dtype=torch.int64)


# ---- index updates ----
x = randn(4, 5)
case('indexAdd dim 0 repeated', 'indexAdd', [('x', x, True), ('index', long(3, 0, 3), False), ('source', randn(3, 5), True)],
     lambda x, i, s: x.index_add(0, i, s), dim=0, alpha=1)
case('indexAdd dim -1 alpha', 'indexAdd', [('x', x, True), ('index', long(4, 1), False), ('source', randn(4, 2), True)],
     lambda x, i, s: x.index_add(-1, i, s, alpha=2.5), dim=-1, alpha=2.5)
case('indexAdd 3-D dim 1', 'indexAdd', [('x', randn(2, 3, 4), True), ('index', long(2, 2, 0, 1, 2), False), ('source', randn(2, 5, 4), True)],
     lambda x, i, s: x.index_add(1, i, s), dim=1, alpha=1)
case('indexAdd int64 alpha truncated', 'indexAdd',
     [('x', torch.arange(12).reshape(3, 4), False), ('index', long(0, 0), False), ('source', torch.ones(2, 4, dtype=torch.int64), False)],
     lambda x, i, s: x.index_add(0, i, s, alpha=2.5), dim=0, alpha=2.5)
case('indexAdd 0-dim', 'indexAdd', [('x', randn(), True), ('index', long(0), False), ('source', randn(1), True)],
     lambda x, i, s: x.index_add(0, i, s), dim=0, alpha=1)
case('indexCopy dim 0', 'indexCopy', [('x', x, True), ('index', long(3, 0), False), ('source', randn(2, 5), True)],
     lambda x, i, s: x.index_copy(0, i, s), dim=0)
case('indexCopy dim 1 0-dim index', 'indexCopy', [('x', x, True), ('index', torch.tensor(2), False), ('source', randn(4, 1), True)],
     lambda x, i, s: x.index_copy(1, i, s), dim=1)
case('indexFill negative', 'indexFill', [('x', x, True), ('index', long(-1, 0, 0), False)],
     lambda x, i: x.index_fill(1, i, -7.5), dim=1, value=-7.5)
case('indexFill nan', 'indexFill', [('x', randn(3, 2, 2), True), ('index', long(1), False)],
     lambda x, i: x.index_fill(0, i, float('nan')), dim=0, value='nan')
case('indexFill int64', 'indexFill', [('x', torch.arange(6).reshape(2, 3), False), ('index', long(2), False)],
     lambda x, i: x.index_fill(1, i, 2.7), dim=1, value=2.7)
m = torch.tensor([[True, False, True, True, False]])
case('maskedScatter broadcast mask', 'maskedScatter', [('x', x, True), ('mask', m, False), ('source', randn(3, 5), True)],
     lambda x, m, s: x.masked_scatter(m, s))
case('maskedScatter broadcast self', 'maskedScatter',
     [('x', randn(1, 3), True), ('mask', torch.tensor([[True, False, True], [False, True, True]]), False), ('source', randn(7), True)],
     lambda x, m, s: torch.masked_scatter(x, m, s))
case('maskedScatter int64', 'maskedScatter',
     [('x', torch.arange(6).reshape(2, 3), False), ('mask', torch.tensor([False, True, True]), False), ('source', long(-1, -2, -3, -4, -5), False)],
     lambda x, m, s: x.masked_scatter(m, s))
case('takeAlongDim argsort', 'takeAlongDim', [('x', x, True), ('indices', x.argsort(1), False)],
     lambda x, i: torch.take_along_dim(x, i, 1), dim=1)
case('takeAlongDim broadcast', 'takeAlongDim', [('x', randn(3, 1, 4), True), ('indices', long(0, 3, 3, 1, 2, 0).reshape(1, 2, 3), False)],
     lambda x, i: torch.take_along_dim(x, i, -1), dim=-1)
case('takeAlongDim flat', 'takeAlongDim', [('x', x, True), ('indices', long(19, 0, 7, 7).reshape(2, 2), False)],
     lambda x, i: torch.take_along_dim(x, i), dim='none')

# ---- unfold, fold, pixel shuffle ----
img = randn(1, 2, 5, 6)
for kernel, dil, pad, stride in [((2, 2), (1, 1), (0, 0), (1, 1)), ((3, 2), (2, 1), (1, 0), (2, 3)), ((1, 1), (1, 1), (2, 1), (3, 2)),
                                 ((3, 3), (1, 1), (1, 1), (1, 1)), ((5, 6), (1, 1), (0, 0), (1, 1))]:
    case(f'unfold k{kernel} d{dil} p{pad} s{stride}', 'unfold', [('x', img, True)],
         lambda x: F.unfold(x, kernel, dilation=dil, padding=pad, stride=stride), kernel=kernel, dilation=dil, padding=pad, stride=stride)
    cols = F.unfold(img, kernel, dilation=dil, padding=pad, stride=stride)
    case(f'fold k{kernel} d{dil} p{pad} s{stride}', 'fold', [('x', randn(*cols.shape), True)],
         lambda c: F.fold(c, (5, 6), kernel, dilation=dil, padding=pad, stride=stride),
         size=(5, 6), kernel=kernel, dilation=dil, padding=pad, stride=stride)
case('unfold unbatched', 'unfold', [('x', randn(2, 4, 3), True)], lambda x: F.unfold(x, (2, 2), stride=(2, 1)),
     kernel=(2, 2), dilation=(1, 1), padding=(0, 0), stride=(2, 1))
case('fold unbatched 7x7 overlapping', 'fold', [('x', randn(2 * 9, 25), True)], lambda c: F.fold(c, (7, 7), 3),
     size=(7, 7), kernel=(3, 3), dilation=(1, 1), padding=(0, 0), stride=(1, 1))
case('pixelShuffle 4-D', 'pixelShuffle', [('x', randn(2, 8, 2, 3), True)], lambda x: F.pixel_shuffle(x, 2), factor=2)
case('pixelShuffle 5-D', 'pixelShuffle', [('x', randn(2, 1, 9, 1, 2), True)], lambda x: F.pixel_shuffle(x, 3), factor=3)
case('pixelShuffle int64', 'pixelShuffle', [('x', torch.arange(8).reshape(2, 4, 1, 1), False)], lambda x: F.pixel_shuffle(x, 2), factor=2)
case('pixelUnshuffle 4-D', 'pixelUnshuffle', [('x', randn(2, 2, 4, 6), True)], lambda x: F.pixel_unshuffle(x, 2), factor=2)
case('pixelUnshuffle 3-D', 'pixelUnshuffle', [('x', randn(1, 3, 6), True)], lambda x: F.pixel_unshuffle(x, 3), factor=3)

# ---- interpolate ----
MODES = {'nearest': 'NEAREST', 'nearest-exact': 'NEAREST_EXACT', 'linear': 'LINEAR', 'bilinear': 'BILINEAR',
         'bicubic': 'BICUBIC', 'trilinear': 'TRILINEAR'}
for dtype in (torch.float64, torch.float32):
    dt = DTYPES[dtype]
    x1 = randn(2, 2, 7, dtype=dtype)
    x2 = randn(1, 1, 5, 4, dtype=dtype)
    x3 = randn(1, 1, 3, 4, 2, dtype=dtype)
    for mode, xin, sizes, scales in [
            ('nearest', x1, [(13,), (3,), (14,), (7,)], [(2.5,), (0.45,), (1.2,)]),
            ('nearest', x2, [(9, 7), (2, 3)], [(1.7, 0.6)]),
            ('nearest', x3, [(5, 3, 3)], [(1.5, 0.5, 2.0)]),
            ('nearest-exact', x1, [(13,), (3,)], [(2.5,), (0.45,)]),
            ('nearest-exact', x2, [(9, 7)], [(1.7, 0.6)]),
            ('linear', x1, [(13,), (3,), (1,), (7,)], [(2.5,), (0.45,), (1.1,)]),
            ('bilinear', x2, [(9, 7), (2, 3), (1, 1)], [(1.7, 0.6), (2.0, 2.0), (1.2, 1.3)]),
            ('bicubic', x2, [(9, 7), (2, 3), (1, 1), (5, 4)], [(1.7, 0.6), (3.0, 2.0), (1.2, 1.3)]),
            ('trilinear', x3, [(5, 3, 3)], [(1.5, 0.5, 2.0)])]:
        for align in ([False, True] if mode in ('linear', 'bilinear', 'bicubic', 'trilinear') else [None]):
            a = {} if align is None else {'align_corners': align}
            for size in sizes:
                case(f'interpolate {mode} size {size} align {align} {dt}', 'interpolate', [('x', xin, True)],
                     lambda x: F.interpolate(x, size=size, mode=mode, **a), mode=MODES[mode], size=size, align=bool(align))
            for scale in scales:
                case(f'interpolate {mode} scale {scale} align {align} {dt}', 'interpolate', [('x', xin, True)],
                     lambda x: F.interpolate(x, scale_factor=scale, mode=mode, **a), mode=MODES[mode],
                     scale=' '.join(repr(s) for s in scale).replace(' ', ','), align=bool(align))

# ---- pad ----
y4 = randn(1, 2, 3, 4)
for mode, pads in [('constant', [(1, 2), (1, 2, 2, 1), (-1, 2), (0, 0, -1, 2), (1, 1, 1, 1, 1, 1), (2, -3, 0, 1, 0, 0, 1, 0), (0, 0)]),
                   ('reflect', [(1, 2, 2, 1), (0, 0, -1, 2), (3, 3, 2, 2), (-1, 2, 1, -2)]),
                   ('replicate', [(1, 2, 2, 1), (0, 0, -1, 2), (5, 0, 0, 4), (1, 1, 1, 1, 1, 1), (-2, 3, 0, 0)]),
                   ('circular', [(1, 2, 2, 1), (0, 0, -1, 2), (4, 4, 3, 3), (-1, 1, 1, 0)])]:
    for p in pads:
        case(f'pad {mode} {p}', 'pad', [('x', y4, True)], lambda x: F.pad(x, p, mode=mode, value=0.0) if mode == 'constant' else F.pad(x, p, mode=mode),
             mode=mode.upper(), pad=' '.join(str(v) for v in p).replace(' ', ','), value=0.0)
case('pad constant value', 'pad', [('x', y4, True)], lambda x: F.pad(x, (1, 0, 0, 2), value=-2.5), mode='CONSTANT', pad=(1, 0, 0, 2), value=-2.5)
case('pad constant int64', 'pad', [('x', torch.arange(6).reshape(2, 3), False)], lambda x: F.pad(x, (1, 1), value=2.7),
     mode='CONSTANT', pad=(1, 1), value=2.7)
for mode in ('reflect', 'replicate'):
    case(f'pad {mode} unbatched 1-D', 'pad', [('x', randn(2, 5), True)], lambda x: F.pad(x, (3, 2), mode=mode), mode=mode.upper(), pad=(3, 2), value=0.0)
    case(f'pad {mode} 3 dims', 'pad', [('x', randn(1, 2, 3, 2, 3), True)], lambda x: F.pad(x, (1, 2, 1, 0, 0, 2), mode=mode),
         mode=mode.upper(), pad=(1, 2, 1, 0, 0, 2), value=0.0)
case('pad circular 1 dim', 'pad', [('x', randn(2, 2, 5), True)], lambda x: F.pad(x, (3, 5), mode='circular'), mode='CIRCULAR', pad=(3, 5), value=0.0)

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, 'w') as f:
    f.write('\n'.join(lines))
print(f'wrote {OUT}: {sum(1 for l in lines if l.startswith("case "))} cases')
