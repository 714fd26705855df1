#!/usr/bin/env python3
"""Writes sorting-reference.txt, which SortingConformanceTest runs through Ember: sort, argsort, topk, kthvalue,
median, mode and unique as PyTorch 1.13 computes them, with the float64 gradients of sum(values * weights).

Run from the repository root with Debian's PyTorch 1.13 (CI has no PyTorch, so the output is committed):

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tests/src/test/python/sorting_reference.py

Inputs come from random.Random(case number), so the file comes out the same on every run. Where PyTorch leaves
an index open (topk, kthvalue and median among equal elements; mode in lines longer than 16, which std::sort
does not keep in order), the inputs have no ties or the line says "indices -" (the test then checks only that
each index points at its value). One case is a block of lines:

    case 12 topk float64 [4,7] k=3 dim=1 largest=true     op and arguments (unique: sorted, inverse, counts)
    x 0.5 -1.25 ...                                        the input, row-major (NaN, Infinity, -0.0 as Java reads them)
    values [4,3] ...                                       the values' shape and elements
    indices [4,3] ...                                      or "indices -" where PyTorch's choice is open
    grad ...                                               float64 only: d sum(values * w) / d x, w[i] = 1 + i % 5
    end
unique's block has "inverse SHAPE ..." and "counts SHAPE ..." in place of indices and no grad.
"""
import math
import os
import random

import torch

OUT = os.path.join('tests', 'src', 'test', 'resources', 'dev', 'ember', 'tests', 'sorting-reference.txt')
DTYPES = {'float32': torch.float32, 'float64': torch.float64, 'int32': torch.int32, 'int64': torch.int64,
          'bool': torch.bool}


def num(v):
    if isinstance(v, bool):
        return '1' if v else '0'
    if isinstance(v, int):
        return str(v)
    if math.isnan(v):
        return 'NaN'
    if math.isinf(v):
        return 'Infinity' if v > 0 else '-Infinity'
    return repr(float(v))


def shape_str(shape):
    return '[' + ','.join(str(d) for d in shape) + ']'


def flat(t):
    return ' '.join(num(v) for v in t.reshape(-1).tolist())


def draw(rng, n, kind):
    """n values: 'ties' small integers with repeats, 'distinct' a permutation-like set, 'special' with NaN,
    infinities and signed zeros."""
    if kind == 'distinct':
        return [float(v - 2 * n) for v in rng.sample(range(4 * n + 4), n)]   # whole: distinct in every dtype
    if kind == 'ties':
        return [float(rng.randint(-3, 3)) for _ in range(n)]
    pool = [float('nan'), float('inf'), float('-inf'), 0.0, -0.0, 1.0, -1.0, 2.5, -2.5, 1.0]
    return [rng.choice(pool) for _ in range(n)]


def wanted(shape, dtype, kind):
    """Lines of 1025 (sort, mode, unique) only for float64 and int64 without specials, to keep the file small;
    SortingConformanceTest checks every op at 1025 against loops."""
    return 1025 not in shape or (dtype in ('float64', 'int64') and kind != 'special')


def make(values, shape, dtype):
    t = torch.tensor(values, dtype=torch.float64).reshape(shape)
    if dtype == 'bool':
        return t != 0
    return t.to(DTYPES[dtype])


def weights(shape):
    n = 1
    for d in shape:
        n *= d
    return torch.tensor([1.0 + i % 5 for i in range(n)], dtype=torch.float64).reshape(shape)


def block(lines, number, head, x, values, indices, indices_defined, grad_of):
    lines.append(f'case {number} {head}')
    lines.append('x ' + flat(x))
    lines.append(f'values {shape_str(values.shape)} ' + flat(values))
    lines.append(f'indices {shape_str(indices.shape)} ' + flat(indices) if indices_defined else 'indices -')
    if x.dtype == torch.float64:
        xg = x.clone().requires_grad_(True)
        out = grad_of(xg)
        (out * weights(out.shape)).sum().backward()
        lines.append('grad ' + flat(xg.grad))
    lines.append('end')


def main():
    lines = []
    number = 0

    def next_rng():
        nonlocal number
        number += 1
        return number, random.Random(number)

    def b(flag):
        return 'true' if flag else 'false'

    # sort and argsort: stable, so every index is defined
    for dtype in ['float32', 'float64', 'int32', 'int64', 'bool']:
        for shape, dim in [([1], 0), ([7], 0), ([13], -1), ([127], 0), ([1025], 0), ([4, 7], 1), ([4, 7], 0),
                           ([3, 5, 6], 1), ([], 0)]:
            for descending in [False, True]:
                for kind in (['ties', 'special'] if dtype.startswith('float') else ['ties']):
                    if not wanted(shape, dtype, kind):
                        continue
                    n, rng = next_rng()
                    count = math.prod(shape) if shape else 1
                    x = make(draw(rng, count, kind), shape, dtype)
                    r = torch.sort(x, dim=dim, descending=descending, stable=True)
                    assert torch.equal(torch.argsort(x, dim=dim, descending=descending, stable=True), r.indices)
                    block(lines, n, f'sort {dtype} {shape_str(shape)} dim={dim} descending={b(descending)}', x,
                          r.values, r.indices, True,
                          lambda t: torch.sort(t, dim=dim, descending=descending, stable=True).values)

    # topk: distinct values define every index; with ties only the values
    for dtype in ['float32', 'float64', 'int64']:
        for shape, dim, k in [([7], 0, 3), ([13], 0, 13), ([13], 0, 0), ([4, 7], 1, 2), ([4, 7], 0, 4),
                              ([127], 0, 5), ([], 0, 1)]:
            for largest in [True, False]:
                for kind in ['distinct', 'ties'] + (['special'] if dtype.startswith('float') else []):
                    if not wanted(shape, dtype, kind):
                        continue
                    n, rng = next_rng()
                    count = math.prod(shape) if shape else 1
                    x = make(draw(rng, count, kind), shape, dtype)
                    r = torch.topk(x, k, dim=dim, largest=largest, sorted=True)
                    block(lines, n, f'topk {dtype} {shape_str(shape)} k={k} dim={dim} largest={b(largest)}', x,
                          r.values, r.indices, kind == 'distinct' or count <= 1,
                          lambda t: torch.topk(t, k, dim=dim, largest=largest, sorted=True).values)

    # kthvalue
    for dtype in ['float32', 'float64', 'int32']:
        for shape, dim, k, keepdim in [([7], 0, 1, False), ([7], 0, 7, False), ([13], 0, 5, True),
                                       ([4, 7], 1, 3, False), ([4, 7], 0, 2, True), ([127], 0, 64, False),
                                       ([], 0, 1, False)]:
            for kind in ['distinct', 'ties'] + (['special'] if dtype.startswith('float') else []):
                if not wanted(shape, dtype, kind):
                    continue
                n, rng = next_rng()
                count = math.prod(shape) if shape else 1
                x = make(draw(rng, count, kind), shape, dtype)
                r = torch.kthvalue(x, k, dim=dim, keepdim=keepdim)
                block(lines, n, f'kthvalue {dtype} {shape_str(shape)} k={k} dim={dim} keepdim={b(keepdim)}', x,
                      r.values, r.indices, kind == 'distinct' or count <= 1,
                      lambda t: torch.kthvalue(t, k, dim=dim, keepdim=keepdim).values)

    # median along a dim, and of everything (dim=all: no indices)
    for dtype in ['float32', 'float64', 'int64']:
        for shape, dim, keepdim in [([1], 0, False), ([7], 0, False), ([8], 0, True), ([4, 7], 1, False),
                                    ([4, 6], 0, True), ([127], 0, False), ([], 0, False),
                                    ([4, 7], 'all', False), ([255], 'all', False), ([8], 'all', False)]:
            for kind in ['distinct', 'ties'] + (['special'] if dtype.startswith('float') else []):
                if not wanted(shape, dtype, kind):
                    continue
                n, rng = next_rng()
                count = math.prod(shape) if shape else 1
                x = make(draw(rng, count, kind), shape, dtype)
                if dim == 'all':
                    v = torch.median(x)
                    block(lines, n, f'median {dtype} {shape_str(shape)} dim=all keepdim=false', x, v, v, False,
                          lambda t: torch.median(t))
                    continue
                r = torch.median(x, dim=dim, keepdim=keepdim)
                defined = kind == 'distinct' or count <= 1   # among equal elements PyTorch's pick is open
                block(lines, n, f'median {dtype} {shape_str(shape)} dim={dim} keepdim={b(keepdim)}', x,
                      r.values, r.indices, defined, lambda t: torch.median(t, dim=dim, keepdim=keepdim).values)

    # mode: ties on purpose; lines of at most 16 keep std::sort's insertion sort, so the last index is defined
    for dtype in ['float32', 'float64', 'int64', 'bool']:
        for shape, dim, keepdim in [([1], 0, False), ([7], 0, False), ([13], 0, True), ([4, 7], 1, False),
                                    ([6, 5], 0, True), ([127], 0, False), ([1025], 0, False), ([], 0, False)]:
            if not wanted(shape, dtype, 'ties'):
                continue
            n, rng = next_rng()
            count = math.prod(shape) if shape else 1
            x = make(draw(rng, count, 'ties'), shape, dtype)
            r = torch.mode(x, dim=dim, keepdim=keepdim)
            length = shape[dim] if shape else 1
            block(lines, n, f'mode {dtype} {shape_str(shape)} dim={dim} keepdim={b(keepdim)}', x, r.values,
                  r.indices, length <= 16, lambda t: torch.mode(t, dim=dim, keepdim=keepdim).values)

    # unique of the flattened tensor, sorted, with inverse and counts
    for dtype in ['float32', 'float64', 'int32', 'int64', 'bool']:
        for shape in [[1], [7], [4, 7], [127], [1025], [], [0]]:
            if not wanted(shape, dtype, 'ties'):
                continue
            n, rng = next_rng()
            count = math.prod(shape) if shape else 1
            kind = 'ties' if count < 100 or dtype != 'float64' else 'distinct'
            values = draw(rng, count, kind)
            if dtype.startswith('float') and count > 2:
                values[0], values[1] = 0.0, -0.0   # signed zeros are one value
            x = make(values, shape, dtype)
            u, inverse, counts = torch.unique(x, sorted=True, return_inverse=True, return_counts=True)
            lines.append(f'case {n} unique {dtype} {shape_str(shape)} sorted=true inverse=true counts=true')
            lines.append('x ' + flat(x))
            lines.append(f'values {shape_str(u.shape)} ' + flat(u))
            lines.append(f'inverse {shape_str(inverse.shape)} ' + flat(inverse))
            lines.append(f'counts {shape_str(counts.shape)} ' + flat(counts))
            lines.append('end')

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        f.write(f'# written by tests/src/test/python/sorting_reference.py with PyTorch {torch.__version__}\n')
        f.write('\n'.join(lines) + '\n')
    print(f'{OUT}: {number} cases')


if __name__ == '__main__':
    main()
