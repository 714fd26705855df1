#!/usr/bin/env python3
"""Writes random-programs.txt, which RandomProgramTest runs through Ember: small random autograd programs with
PyTorch's float64 values and gradients.

Run from the repository root with Debian's PyTorch 1.13 (CI has no PyTorch, so the output is committed):

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tests/src/test/python/random_programs.py

Program n is drawn from random.Random(n), so the file comes out the same on every run. The programs mix
elementwise ops, reductions, matmul, views (many of them changing nothing: a reshape to the same shape, an
identity permute, a full slice...), tensors used twice, noGrad spans, detach, and gradients taken with
createGraph and differentiated again. The format, one statement a line:

    program 7
    leaf t0 [2,3] grad = 0.5 -1.25 ...    a leaf; "grad": it requires grad, "const": it does not
    t4 = reshape t2 [3,2]                 an op: output, "=", op name, arguments ([..] an int list)
    nograd                                the ops up to "end" run inside Autograd.noGrad()
    end
    t9 = grad t8 t0                       Autograd.grad(t8, [t0]) with createGraph: a differentiable gradient
    loss t12                              the scalar the program ends in
    value t4 [3,2] grad = ...             t4's shape, whether it requires grad, and its values
    grad t0 [2,3] = ...                   d loss / d t0, both from Autograd.grad and in grad() after backward
    grad t5 [2] unused                    the loss does not depend on t5 (zeros from Autograd.grad, no grad())
"""
import math
import os
import random

import torch

PROGRAMS = 250
OUT = os.path.join('tests', 'src', 'test', 'resources', 'dev', 'ember', 'tests', 'random-programs.txt')
MAX_NUMEL = 24
MAX_RANK = 4


class Ref:
    """An argument that names a tensor of the program."""
    def __init__(self, index):
        self.index = index

    def __str__(self):
        return f't{self.index}'


def shape_str(shape):
    return '[' + ','.join(str(d) for d in shape) + ']'


def arg_str(a):
    if isinstance(a, bool):
        return 'true' if a else 'false'
    if isinstance(a, (list, tuple)):
        return shape_str(a)
    return str(a)


def values_str(t):
    return ' '.join('%.13g' % v for v in t.detach().reshape(-1).tolist())   # 13 digits: far inside the test's tolerance


def slice_along(x, dim, start, end, step):
    return x[(slice(None),) * (dim % x.dim()) + (slice(start, end, step),)]


# What each op line means, in PyTorch; RandomProgramTest.apply says the same in Ember.
TORCH = {
    'neg': lambda x: -x,
    'exp': torch.exp,
    'tanh': torch.tanh,
    'sigmoid': torch.sigmoid,
    'sin': torch.sin,
    'cos': torch.cos,
    'scale': lambda x, c: x * c,
    'shift': lambda x, c: x + c,
    'add': torch.add,
    'sub': torch.sub,
    'mul': torch.mul,
    'div': torch.div,
    'matmul': torch.matmul,
    'sum': lambda x, dims=None, keep=False: x.sum() if dims is None else x.sum(dims, keep),
    'mean': lambda x, dims=None, keep=False: x.mean() if dims is None else x.mean(dims, keep),
    'logsumexp': lambda x, dims, keep: torch.logsumexp(x, dims, keep),
    'softmax': lambda x, dim: torch.softmax(x, dim),
    'reshape': lambda x, shape: x.reshape(shape),
    'view': lambda x, shape: x.view(shape),
    'permute': lambda x, order: x.permute(order),
    'transpose': lambda x, a, b: x.transpose(a, b),
    't': lambda x: x.t(),
    'expand': lambda x, shape: x.expand(shape),
    'squeeze': lambda x, dim=None: x.squeeze() if dim is None else x.squeeze(dim),
    'unsqueeze': lambda x, dim: x.unsqueeze(dim),
    'slice': slice_along,
    'narrow': lambda x, dim, start, length: x.narrow(dim, start, length),
    'select': lambda x, dim, index: x.select(dim, index),
    'flatten': lambda x, start, end: x.flatten(start, end),
    'detach': lambda x: x.detach(),
}

VIEWS = {'reshape', 'view', 'permute', 'transpose', 't', 'expand', 'squeeze', 'unsqueeze', 'slice', 'narrow', 'select',
         'flatten'}


class Program:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.lines = [f'program {seed}']
        self.tensors = []
        self.leaves = []
        self.views = []        # outputs of view ops: the first choice for gradients with respect to an intermediate
        self.in_no_grad = False

    # ---- emitting ----

    def leaf(self, shape, grad):
        values = [round(self.rng.uniform(-1.5, 1.5), 3) for _ in range(math.prod(shape))]
        t = torch.tensor(values, dtype=torch.float64).reshape(shape).requires_grad_(grad)
        self.tensors.append(t)
        self.leaves.append(len(self.tensors) - 1)
        self.lines.append(f"leaf t{len(self.tensors) - 1} {shape_str(shape)} {'grad' if grad else 'const'} = "
                          + ' '.join(str(v) for v in values))
        return len(self.tensors) - 1

    def op(self, name, *args):
        torch_args = [self.tensors[a.index] if isinstance(a, Ref) else a for a in args]
        if self.in_no_grad:
            with torch.no_grad():
                out = TORCH[name](*torch_args)
            # PyTorch marks a view made under no_grad as requiring grad, although no gradient flows through it
            # (its grad_fn is None, and differentiating with respect to it fails). Ember says plainly that it does
            # not require grad. Both carry no gradient: record Ember's flag. (flatten of one dim returns its
            # input itself, in both.)
            if out.requires_grad and not any(out is t for t in torch_args):
                out = out.detach()
        else:
            out = TORCH[name](*torch_args)
        self.tensors.append(out)
        self.lines.append(f't{len(self.tensors) - 1} = {name} ' + ' '.join(arg_str(a) for a in args))
        if name in VIEWS:
            self.views.append(len(self.tensors) - 1)
        return len(self.tensors) - 1

    def grad_of(self, output, wrt):
        """Autograd.grad with createGraph: the gradient is itself differentiable."""
        g, = torch.autograd.grad(self.tensors[output], [self.tensors[wrt]], create_graph=True, allow_unused=True)
        self.tensors.append(torch.zeros_like(self.tensors[wrt]) if g is None else g)
        self.lines.append(f't{len(self.tensors) - 1} = grad t{output} t{wrt}')
        return len(self.tensors) - 1

    # ---- choosing ----

    def pick(self):
        """A tensor to work on, mostly a recent one so that chains grow deep."""
        n = len(self.tensors)
        if self.rng.random() < 0.7:
            return self.rng.randrange(max(0, n - 4), n)
        return self.rng.randrange(n)

    def shape(self, i):
        return list(self.tensors[i].shape)

    def random_shape(self, numel):
        """A shape of rank 0..MAX_RANK holding numel elements."""
        rank = self.rng.randint(0 if numel == 1 else 1, 3)
        dims = [1] * rank
        rest = numel
        for k in range(rank - 1):
            divisors = [d for d in range(1, rest + 1) if rest % d == 0]
            dims[k] = self.rng.choice(divisors)
            rest //= dims[k]
        if rank:
            dims[-1] = rest
            self.rng.shuffle(dims)
        return dims

    def dim(self, rank):
        """A dim of a tensor of this rank, sometimes counted from the end."""
        d = self.rng.randrange(rank)
        return d - rank if self.rng.random() < 0.3 else d

    # ---- steps ----

    def view_step(self, i):
        s = self.shape(i)
        r = len(s)
        rng = self.rng
        noop = rng.random() < 0.4
        kinds = ['reshape', 'view', 'expand', 'squeeze', 'unsqueeze', 'transpose', 'flatten']
        if r >= 1:
            kinds += ['permute', 'slice', 'narrow', 'select']
        if r == 2:
            kinds.append('t')
        kind = rng.choice(kinds)
        x = Ref(i)
        if kind in ('reshape', 'view'):
            target = list(s) if noop else self.random_shape(math.prod(s))
            if target and rng.random() < 0.3:
                target[rng.randrange(len(target))] = -1
            if kind == 'view':
                try:
                    self.tensors[i].view(target)
                except RuntimeError:
                    kind = 'reshape'   # the strides do not allow it
            return self.op(kind, x, target)
        if kind == 'expand':
            target = [d if noop or d != 1 or rng.random() < 0.4 else rng.randint(2, 3) for d in s]
            target = [-1 if rng.random() < 0.3 else d for d in target]
            if not noop and rng.random() < 0.3:
                target = [rng.randint(1, 2)] + target
            sizes = [s[k - (len(target) - r)] if d == -1 else d for k, d in enumerate(target)]
            if len(target) > MAX_RANK or math.prod(sizes) > MAX_NUMEL:
                target = list(s)
            return self.op('expand', x, target)
        if kind == 'squeeze':
            if rng.random() < 0.3:
                return self.op('squeeze', x)
            return self.op('squeeze', x, self.dim(max(r, 1)))
        if kind == 'unsqueeze':
            if r >= MAX_RANK:
                return self.op('squeeze', x)
            d = rng.randrange(r + 1)
            return self.op('unsqueeze', x, d - (r + 1) if rng.random() < 0.3 else d)
        if kind == 'transpose':
            a = self.dim(max(r, 1))
            return self.op('transpose', x, a, a if noop else self.dim(max(r, 1)))
        if kind == 'flatten':
            if r == 0:
                return self.op('flatten', x, 0, -1)
            a = rng.randrange(r)
            b = a if noop else rng.randrange(a, r)
            return self.op('flatten', x, a, b - r if rng.random() < 0.3 else b)
        if kind == 't':
            return self.op('t', x)
        if kind == 'permute':
            order = list(range(r))
            if not noop:
                rng.shuffle(order)
            return self.op('permute', x, [d - r if rng.random() < 0.2 else d for d in order])
        d = self.dim(r)
        n = s[d]
        if kind == 'slice':
            if noop:
                return self.op('slice', x, d, 0, n, 1)
            start = rng.randrange(n)
            end = rng.randint(start + 1, n)
            return self.op('slice', x, d, start - n if rng.random() < 0.2 else start, end, rng.randint(1, 2))
        if kind == 'narrow':
            if noop:
                return self.op('narrow', x, d, 0, n)
            start = rng.randrange(n)
            return self.op('narrow', x, d, start, rng.randint(1, n - start))
        return self.op('select', x, d, rng.randrange(-n, n))

    def unary_step(self, i):
        small = self.tensors[i].abs().max().item() <= 2
        name = self.rng.choice(['neg', 'tanh', 'sigmoid', 'sin', 'cos', 'scale', 'shift'] + (['exp'] * 2 if small else []))
        if name in ('scale', 'shift'):
            return self.op(name, Ref(i), round(self.rng.uniform(-2, 2), 2))
        return self.op(name, Ref(i))

    def binary_step(self, i):
        a = self.tensors[i]
        partners = [j for j, t in enumerate(self.tensors) if broadcasts(a.shape, t.shape)]
        j = i if self.rng.random() < 0.3 or not partners else self.rng.choice(partners)   # i: a value used twice
        name = self.rng.choice(['add', 'sub', 'mul', 'div'])
        if name == 'div':   # a denominator in [0.5, 1.5]
            j = self.op('shift', Ref(self.op('sigmoid', Ref(j))), 0.5)
        return self.op(name, Ref(i), Ref(j))

    def reduction_step(self, i):
        r = len(self.shape(i))
        if r == 0:
            return self.op(self.rng.choice(['sum', 'mean']), Ref(i))
        name = self.rng.choice(['sum', 'sum', 'mean', 'softmax', 'logsumexp'])
        if name == 'softmax':
            return self.op('softmax', Ref(i), self.dim(r))
        if name != 'logsumexp' and self.rng.random() < 0.3:
            return self.op(name, Ref(i))
        dims = self.rng.sample(range(r), self.rng.randint(1, r))
        return self.op(name, Ref(i), [d - r if self.rng.random() < 0.2 else d for d in dims], self.rng.random() < 0.5)

    def matmul_step(self, i):
        a = self.tensors[i]
        if a.dim() == 0:
            return self.unary_step(i)
        partners = []
        for j, b in enumerate(self.tensors):
            if b.dim() == 0:
                continue
            try:
                out = torch.matmul(a.detach(), b.detach())
            except RuntimeError:
                continue
            if out.numel() <= MAX_NUMEL:
                partners.append(j)
        if partners and self.rng.random() < 0.7:
            return self.op('matmul', Ref(i), Ref(self.rng.choice(partners)))
        if a.dim() == 1:
            return self.op('matmul', Ref(i), Ref(i))
        return self.op('matmul', Ref(i), Ref(self.op('transpose', Ref(i), -1, -2)))   # a @ aT: a used twice

    def grad_step(self):
        recording = [j for j, t in enumerate(self.tensors) if t.requires_grad]
        if not recording:
            return self.unary_step(self.pick())
        a = self.rng.choice(recording)
        if self.rng.random() < 0.5:
            q = self.op('mul', Ref(a), Ref(a))
        else:
            q = self.op(self.rng.choice(['tanh', 'sin']), Ref(a))
        s = self.op('sum', Ref(q))
        used = [j for j in recording if torch.autograd.grad(self.tensors[s], [self.tensors[j]], retain_graph=True,
                                                            allow_unused=True)[0] is not None]
        wrt = used if used and self.rng.random() < 0.9 else recording   # now and then one the sum does not use
        leaves = [j for j in wrt if j in self.leaves]
        return self.grad_of(s, self.rng.choice(leaves if leaves and self.rng.random() < 0.5 else wrt))

    def plain_step(self):
        i = self.pick()
        kind = self.rng.choices(['view', 'unary', 'binary', 'reduction', 'matmul'], [5, 2, 2, 1, 1])[0]
        return getattr(self, kind + '_step')(i)

    def build(self):
        rng = self.rng
        for k in range(rng.randint(1, 3)):
            shape = [rng.choice([1, 2, 2, 3, 3, 4]) for _ in range(rng.randint(0, 3))]
            self.leaf(shape, k == 0 or rng.random() < 0.7)
        for _ in range(rng.randint(5, 12)):
            what = rng.choices(['plain', 'nograd', 'detach', 'grad'], [8, 1.5, 0.7, 1.2])[0]
            if what == 'plain':
                self.plain_step()
            elif what == 'nograd':
                self.lines.append('nograd')
                self.in_no_grad = True
                for _ in range(rng.randint(1, 3)):
                    self.plain_step()
                self.in_no_grad = False
                self.lines.append('end')
            elif what == 'detach':
                self.op('detach', Ref(self.pick()))
            else:
                self.grad_step()
        self.finish()
        return self.lines

    def finish(self):
        """loss = sum of a few tensors times fixed weights; then the expected values and gradients."""
        recording = [i for i, t in enumerate(self.tensors) if t.requires_grad]
        last = recording[-1] if recording else len(self.tensors) - 1
        sinks = {last} | {self.rng.randrange(len(self.tensors)) for _ in range(self.rng.randint(0, 2))}
        terms = []
        for i in sorted(sinks):
            w = self.leaf(self.shape(i), False)
            terms.append(self.op('sum', Ref(self.op('mul', Ref(i), Ref(w)))))
        loss = terms[0]
        for t in terms[1:]:
            loss = self.op('add', Ref(loss), Ref(t))
        self.lines.append(f'loss t{loss}')
        for i, t in enumerate(self.tensors):
            if i not in self.leaves:
                flag = 'grad' if t.requires_grad else 'const'
                self.lines.append(f'value t{i} {shape_str(t.shape)} {flag} = {values_str(t)}')
        if not self.tensors[loss].requires_grad:
            return
        wrt = [i for i in self.leaves if self.tensors[i].requires_grad]
        views = [i for i in self.views if self.tensors[i].grad_fn is not None]
        others = [i for i, t in enumerate(self.tensors) if t.grad_fn is not None and i not in views]
        wrt += self.rng.sample(views, min(2, len(views))) + self.rng.sample(others, min(1, len(others)))
        grads = torch.autograd.grad(self.tensors[loss], [self.tensors[i] for i in wrt], retain_graph=True,
                                    allow_unused=True)
        for i, g in zip(wrt, grads):
            shape = shape_str(self.tensors[i].shape)
            self.lines.append(f'grad t{i} {shape} unused' if g is None else f'grad t{i} {shape} = {values_str(g)}')


def broadcasts(a, b):
    try:
        return math.prod(torch.broadcast_shapes(a, b)) <= MAX_NUMEL
    except RuntimeError:
        return False


def main():
    torch.set_default_dtype(torch.float64)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        for seed in range(PROGRAMS):
            f.write('\n'.join(Program(seed).build()) + '\n\n')
    print(f'wrote {PROGRAMS} programs to {OUT} ({os.path.getsize(OUT)} bytes)')


if __name__ == '__main__':
    main()
