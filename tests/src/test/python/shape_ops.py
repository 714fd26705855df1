#!/usr/bin/env python3
"""Writes shape-ops.txt, which ShapeOpsConformanceTest runs through Ember: PyTorch 1.13's float64 values and
gradients for the shape and layout ops of issue 15 (flip, roll, repeat, tile, repeatInterleave, tril, triu, diag,
diagonal, diagEmbed, trace, movedim, narrowCopy, meshgrid, unfold, einsum, addmm, baddbmm, bmm, cross, cdist).

Run from the repository root with Debian's PyTorch 1.13 (CI has no PyTorch, so the output is committed):

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tests/src/test/python/shape_ops.py

Inputs come from random.Random(case number), so the file comes out the same on every run. The format, one
statement a line:

    case 3 flip [0,2]                 number, op name, its arguments ([..] an int list, a word, a number)
    in [2,3] float64 grad 0.5 ...     an input: shape, dtype, "grad" if differentiated ("const" if not), values
    out [3,2] float64 ...             the output's shape, dtype and values
    weight ...                        w: the gradients are those of sum(out * w)
    grad 0 ...                        d sum(out * w) / d input 0 (one line per differentiated input)
"""
import math
import os
import random
import warnings

import torch

warnings.simplefilter('ignore')   # torch.cross without dim warns that it is deprecated
OUT = os.path.join('tests', 'src', 'test', 'resources', 'dev', 'ember', 'tests', 'shape-ops.txt')


def fmt(v):
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, int):
        return str(v)
    if math.isnan(v):
        return 'nan'
    if math.isinf(v):
        return 'inf' if v > 0 else '-inf'
    return repr(float(v))


def shape_str(shape):
    return '[' + ','.join(str(d) for d in shape) + ']'


def arg_str(a):
    if isinstance(a, (list, tuple)):
        return shape_str(a)
    return str(a)


DTYPES = {torch.float64: 'float64', torch.int64: 'int64', torch.bool: 'bool', torch.float32: 'float32'}


def run(op, args, xs):
    a = args
    if op == 'flip': return torch.flip(xs[0], a[0])
    if op == 'roll': return torch.roll(xs[0], a[0], a[1])
    if op == 'rollFlat': return torch.roll(xs[0], a[0])
    if op == 'repeat': return xs[0].repeat(*a[0])
    if op == 'tile': return torch.tile(xs[0], a[0])
    if op == 'repeatInterleave': return torch.repeat_interleave(xs[0], a[0], dim=a[1])
    if op == 'repeatInterleaveFlat': return torch.repeat_interleave(xs[0], a[0])
    if op == 'repeatInterleaveTensor': return torch.repeat_interleave(xs[0], xs[1], dim=a[0])
    if op == 'tril': return torch.tril(xs[0], a[0])
    if op == 'triu': return torch.triu(xs[0], a[0])
    if op == 'diag': return torch.diag(xs[0], a[0])
    if op == 'diagonal': return torch.diagonal(xs[0], a[0], a[1], a[2])
    if op == 'diagEmbed': return torch.diag_embed(xs[0], a[0], a[1], a[2])
    if op == 'trace': return torch.trace(xs[0])
    if op == 'movedim': return torch.movedim(xs[0], a[0], a[1])
    if op == 'narrowCopy':   # PyTorch 1.13 has no derivative for narrow_copy; narrow().clone() is the same op with one
        return torch.narrow(xs[0], a[0], a[1], a[2]).clone() if xs[0].requires_grad else torch.narrow_copy(xs[0], a[0], a[1], a[2])
    if op == 'meshgrid': return torch.stack(torch.meshgrid(*xs, indexing=a[0]))
    if op == 'unfold': return xs[0].unfold(a[0], a[1], a[2])
    if op == 'einsum': return torch.einsum(a[0], *xs)
    if op == 'addmm': return torch.addmm(xs[0], xs[1], xs[2], beta=a[0], alpha=a[1])
    if op == 'baddbmm': return torch.baddbmm(xs[0], xs[1], xs[2], beta=a[0], alpha=a[1])
    if op == 'bmm': return torch.bmm(xs[0], xs[1])
    if op == 'cross': return torch.cross(xs[0], xs[1], dim=a[0])
    if op == 'crossDefault': return torch.cross(xs[0], xs[1])
    if op == 'linalgCross': return torch.linalg.cross(xs[0], xs[1])
    if op == 'cdist': return torch.cdist(xs[0], xs[1], p=a[0])
    raise ValueError(op)


def rand(rng, shape, dtype=torch.float64, lo=-2.0, hi=2.0):
    n = 1
    for d in shape:
        n *= d
    if dtype == torch.int64:
        return torch.tensor([rng.randint(-9, 9) for _ in range(n)], dtype=dtype).reshape(shape)
    return torch.tensor([round(rng.uniform(lo, hi), 3) for _ in range(n)], dtype=dtype).reshape(shape)


def cases(rng):
    """(op, args, inputs); an input is a tensor, or (tensor, False) for one that is not differentiated."""
    f = lambda *s: rand(rng, s)
    i = lambda *s: rand(rng, s, torch.int64)
    yield 'flip', [[0]], [f(4)]
    yield 'flip', [[0, 2]], [f(2, 3, 4)]
    yield 'flip', [[-1]], [i(3, 5)]
    yield 'flip', [[]], [f(2, 3)]
    yield 'roll', [[1], [0]], [f(5)]
    yield 'roll', [[1, -1], [0, 1]], [f(2, 3)]
    yield 'roll', [[7, -9], [-1, 0]], [f(3, 4, 2)]
    yield 'roll', [[2], [0]], [f(0, 3)]
    yield 'rollFlat', [4], [f(2, 3)]
    yield 'rollFlat', [-1], [i(2, 2, 2)]
    yield 'repeat', [[2, 3]], [f(2, 2)]
    yield 'repeat', [[2, 1, 2]], [f(3)]
    yield 'repeat', [[1, 0]], [f(2, 3)]
    yield 'repeat', [[3, 1]], [i(1, 4)]
    yield 'tile', [[2]], [f(2, 3)]
    yield 'tile', [[2, 1, 3]], [f(2, 2)]
    yield 'repeatInterleave', [2, 0], [f(3, 2)]
    yield 'repeatInterleave', [3, -1], [f(2, 2)]
    yield 'repeatInterleaveFlat', [2], [f(2, 3)]
    yield 'repeatInterleaveTensor', [0], [f(3, 2), (torch.tensor([2, 0, 3]), False)]
    yield 'repeatInterleaveTensor', [1], [f(2, 3), (torch.tensor([2]), False)]
    yield 'tril', [0], [f(4, 4)]
    yield 'tril', [1], [f(3, 5)]
    yield 'tril', [-2], [f(2, 5, 3)]
    yield 'triu', [0], [f(4, 3)]
    yield 'triu', [-1], [f(2, 3, 4)]
    yield 'triu', [9], [f(3, 3)]
    yield 'tril', [0], [i(3, 3)]
    yield 'diag', [0], [f(4)]
    yield 'diag', [-2], [f(3)]
    yield 'diag', [1], [f(3, 4)]
    yield 'diag', [-1], [f(4, 3)]
    yield 'diagonal', [0, 0, 1], [f(3, 4)]
    yield 'diagonal', [1, 0, 2], [f(3, 2, 4)]
    yield 'diagonal', [-1, -1, 0], [f(4, 2, 3)]
    yield 'diagonal', [5, 0, 1], [f(3, 3)]
    yield 'diagEmbed', [0, -2, -1], [f(2, 3)]
    yield 'diagEmbed', [1, 0, 2], [f(2, 3)]
    yield 'diagEmbed', [-2, 1, 0], [f(3)]
    yield 'trace', [], [f(3, 4)]
    yield 'trace', [], [i(3, 3)]
    yield 'movedim', [[0, 1], [2, 0]], [f(2, 3, 4)]
    yield 'movedim', [[-1], [0]], [f(2, 3, 4)]
    yield 'narrowCopy', [1, 1, 2], [f(3, 4)]
    yield 'meshgrid', ['ij'], [f(2), f(3)]
    yield 'meshgrid', ['xy'], [f(2), f(3), f(4)]
    yield 'meshgrid', ['xy'], [f(3)]
    yield 'unfold', [0, 3, 2], [f(7)]
    yield 'unfold', [1, 3, 1], [f(2, 6)]
    yield 'unfold', [0, 2, 3], [f(8, 2)]
    yield 'unfold', [-1, 4, 4], [f(2, 3, 9)]
    yield 'unfold', [0, 3, 1], [i(5)]
    yield 'einsum', ['ij,jk->ik'], [f(2, 3), f(3, 4)]
    yield 'einsum', ['ij,jk'], [f(3, 2), f(2, 2)]
    yield 'einsum', ['ii'], [f(3, 3)]
    yield 'einsum', ['ii->i'], [f(4, 4)]
    yield 'einsum', ['bij,bjk->bik'], [f(2, 2, 3), f(2, 3, 2)]
    yield 'einsum', ['i,j->ij'], [f(3), f(4)]
    yield 'einsum', ['i,i->'], [f(5), f(5)]
    yield 'einsum', ['ij->ji'], [f(2, 3)]
    yield 'einsum', ['ij->'], [f(2, 3)]
    yield 'einsum', ['...ij,...jk'], [f(2, 2, 3), f(3, 2)]
    yield 'einsum', ['b...i,bi->b...'], [f(2, 3, 4), f(2, 4)]
    yield 'einsum', ['iij,kj->ik'], [f(3, 3, 2), f(4, 2)]
    yield 'einsum', ['ab,bc,cd->ad'], [f(2, 3), f(3, 4), f(4, 2)]
    yield 'einsum', ['ijk,jl,lk->il'], [f(2, 3, 2), f(3, 4), f(4, 2)]
    yield 'einsum', ['Ab,ba->A'], [f(2, 3), f(3, 2)]
    yield 'einsum', ['ij,j'], [f(2, 3), f(1)]
    yield 'einsum', ['bij,bjk->bik'], [f(2, 2, 3), f(1, 3, 4)]
    yield 'einsum', ['ij,jk'], [i(2, 3), i(3, 2)]
    yield 'einsum', ['i,jk->jki'], [f(2), f(2, 2)]
    yield 'addmm', [1.0, 1.0], [f(2, 4), f(2, 3), f(3, 4)]
    yield 'addmm', [0.5, -2.0], [f(4), f(3, 2), f(2, 4)]
    yield 'addmm', [0.0, 1.5], [f(1, 1), f(2, 2), f(2, 3)]
    yield 'baddbmm', [2.0, 0.5], [f(2, 3, 4), f(2, 3, 2), f(2, 2, 4)]
    yield 'baddbmm', [1.0, 1.0], [f(4), f(3, 2, 2), f(3, 2, 4)]
    yield 'bmm', [], [f(2, 3, 4), f(2, 4, 2)]
    yield 'bmm', [], [f(1, 1, 5), f(1, 5, 3)]
    yield 'cross', [1], [f(4, 3), f(4, 3)]
    yield 'cross', [0], [f(3, 2), f(3, 1)]
    yield 'crossDefault', [], [f(2, 3, 3), f(2, 3, 3)]
    yield 'crossDefault', [], [f(3, 4), f(3, 4)]
    yield 'linalgCross', [], [f(1, 3), f(3, 3)]
    yield 'cross', [-1], [i(2, 3), i(2, 3)]
    for p in [2.0, 1.0, float('inf'), 0.5, 3.0, 0.0, 1.5]:
        a = f(3, 4)
        b = f(5, 4)
        b[1] = a[0]                      # a zero distance
        b[2, 1] = a[1, 1]                # a zero difference in one column
        b[3] = a[2]
        b[3, 0] = a[2, 0] + 1.5          # for p = inf: a tie between two columns
        b[3, 2] = a[2, 2] - 1.5
        yield 'cdist', [p], [a, b]
    yield 'cdist', [2.0], [f(2, 3, 2), f(4, 2)]
    yield 'cdist', [2.0], [f(30, 3), f(4, 3)]   # above 25 rows: PyTorch's matmul path


def main():
    lines = []
    for n, (op, args, inputs) in enumerate(cases(random.Random(0))):
        rng = random.Random(1000 + n)
        xs = []
        diff = []
        for x in inputs:
            t, d = (x if isinstance(x, tuple) else (x, x.dtype.is_floating_point))
            t = t.clone().requires_grad_(d)
            xs.append(t)
            diff.append(d)
        out = run(op, args, xs)
        lines.append('case %d %s %s' % (n, op, ' '.join(arg_str(a) for a in args)))
        for t, d in zip(xs, diff):
            lines.append('in %s %s %s %s' % (shape_str(t.shape), DTYPES[t.dtype], 'grad' if d else 'const',
                                            ' '.join(fmt(v) for v in t.detach().reshape(-1).tolist())))
        lines.append('out %s %s %s' % (shape_str(out.shape), DTYPES[out.dtype],
                                       ' '.join(fmt(v) for v in out.detach().reshape(-1).tolist())))
        if out.requires_grad and not (op == 'cdist' and args[0] == 0):   # Ember's p = 0 count has no graph
            w = torch.tensor([round(rng.uniform(-1, 1), 3) for _ in range(out.numel())], dtype=out.dtype).reshape(out.shape)
            lines.append('weight ' + ' '.join(fmt(v) for v in w.reshape(-1).tolist()))
            targets = [t for t, d in zip(xs, diff) if d]
            grads = torch.autograd.grad((out * w).sum(), targets, allow_unused=True)
            k = 0
            for j, d in enumerate(diff):
                if not d:
                    continue
                g = grads[k] if grads[k] is not None else torch.zeros_like(targets[k])
                lines.append('grad %d %s' % (j, ' '.join(fmt(v) for v in g.reshape(-1).tolist())))
                k += 1
    with open(OUT, 'w') as fh:
        fh.write('\n'.join(lines) + '\n')
    print('wrote', OUT, len(lines), 'lines')


if __name__ == '__main__':
    main()
