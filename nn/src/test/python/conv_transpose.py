#!/usr/bin/env python3
"""Writes conv-transpose.txt, which ConvTransposeTest runs through Ember: PyTorch 1.13's float64 values and
gradients of F.conv_transpose1d / F.conv_transpose2d.

Run from the repository root with Debian's PyTorch 1.13 (CI has no PyTorch, so the output is committed):

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 nn/src/test/python/conv_transpose.py

Inputs are waves: x = sin(0.37 i), w = cos(0.53 i), bias = sin(1.3 i + 0.2), reshaped; the gradients are those of
sum(y * sin(0.11 i)). One line per vector: '<case>.<what> v1 v2 ...', what in out_shape, out, grad_x, grad_w,
grad_b.
"""
import os

import torch
import torch.nn.functional as F

OUT = os.path.join('nn', 'src', 'test', 'resources', 'dev', 'ember', 'nn', 'layers', 'conv-transpose.txt')


def wave(fn, scale, shape, shift=0.0):
    n = 1
    for s in shape:
        n *= s
    return fn(torch.arange(n, dtype=torch.float64) * scale + shift).reshape(shape)


# name: x shape, w shape, bias?, stride, padding, output_padding, groups, dilation (pairs for 2-D, ints for 1-D)
CASES = [
    ('t2a', [2, 4, 3, 3], [4, 3, 4, 4], True, (2, 2), (1, 1), (0, 0), 1, (1, 1)),
    ('t2b', [1, 4, 3, 4], [4, 3, 3, 2], True, (2, 3), (1, 0), (1, 2), 2, (1, 1)),
    ('t2c', [2, 2, 4, 3], [2, 2, 3, 3], True, (1, 2), (1, 1), (1, 1), 1, (2, 1)),
    ('t2d', [1, 3, 2, 2], [3, 2, 2, 3], False, (3, 3), (2, 2), (2, 2), 1, (2, 2)),
    ('t1a', [2, 4, 5], [4, 2, 3], True, 2, 1, 1, 2, 2),
    ('t1b', [1, 2, 6], [2, 3, 4], True, 1, 2, 2, 1, 3),
]


def fmt(t):
    return ' '.join(repr(float(v)) for v in t.reshape(-1).tolist())


with open(OUT, 'w') as f:
    f.write('# written by nn/src/test/python/conv_transpose.py with torch ' + torch.__version__ + '\n')
    for name, xs, ws, has_bias, s, p, op, g, d in CASES:
        x = wave(torch.sin, 0.37, xs).requires_grad_()
        w = wave(torch.cos, 0.53, ws).requires_grad_()
        m = ws[1] * g
        b = wave(torch.sin, 1.3, [m], 0.2).requires_grad_() if has_bias else None
        fn = F.conv_transpose2d if len(xs) == 4 else F.conv_transpose1d
        y = fn(x, w, b, stride=s, padding=p, output_padding=op, groups=g, dilation=d)
        (y * wave(torch.sin, 0.11, list(y.shape))).sum().backward()
        f.write(name + '.out_shape ' + ' '.join(str(v) for v in y.shape) + '\n')
        f.write(name + '.out ' + fmt(y.detach()) + '\n')
        f.write(name + '.grad_x ' + fmt(x.grad) + '\n')
        f.write(name + '.grad_w ' + fmt(w.grad) + '\n')
        if has_bias:
            f.write(name + '.grad_b ' + fmt(b.grad) + '\n')
