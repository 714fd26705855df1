#!/usr/bin/env python3
"""Writes optimizers.txt, which OptimizersTorchTest runs through Ember: torch.optim 1.13's parameters after a few
steps of Adadelta, Adamax, NAdam, RAdam and LBFGS, in float64, on OptimizersTest's problem.

Run from the repository root with Debian's PyTorch 1.13 (CI has no PyTorch, so the output is committed):

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 nn/src/test/python/optimizers.py

Parameters w = [[0.5, -1, 2], [0.3, 0, -0.7]], b = [0.1, -0.2]. The first-order optimizers get the gradients
2p + d (d fixed below) at each step, as OptimizersTest's; LBFGS minimises the loss
sum(p^2 + d p + 0.25 p^4) + 0.1 (sum w)^2 + 5 (w00 - w01^2)^2 over both parameters through its closure. One line per case:
'<case> <steps> v1 v2 ...' (w then b; for LBFGS the losses step() returned follow, on a line '<case>.losses').

NAdam: torch 1.13's _single_tensor_nadam computes mu_product_next = mu_product * mu * mu_next, counting mu
twice; PyTorch 2 fixed it to mu_product * mu_next (pytorch/pytorch#90199 era). Ember follows the fix, so the NAdam
cases run `nadam_fixed` below, 1.13's function with that one line changed.
"""
import math
import os

import torch

OUT = os.path.join('nn', 'src', 'test', 'resources', 'dev', 'ember', 'nn', 'optim', 'optimizers.txt')
DW = torch.tensor([0.1, -0.3, 0.2, -0.5, 0.4, 0.05], dtype=torch.float64).reshape(2, 3)
DB = torch.tensor([0.25, -0.15], dtype=torch.float64)


def params():
    return [torch.tensor([[0.5, -1.0, 2.0], [0.3, 0.0, -0.7]], dtype=torch.float64, requires_grad=True),
            torch.tensor([0.1, -0.2], dtype=torch.float64, requires_grad=True)]


def values(ps):
    return torch.cat([p.detach().reshape(-1) for p in ps]).tolist()


def run(make, steps):
    ps = params()
    opt = make(ps)
    for _ in range(steps):
        with torch.no_grad():
            ps[0].grad = 2 * ps[0] + DW
            ps[1].grad = 2 * ps[1] + DB
        opt.step()
    return values(ps)


def nadam_fixed(ps, steps, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3):
    beta1, beta2 = betas
    state = [dict(exp_avg=torch.zeros_like(p), exp_avg_sq=torch.zeros_like(p), mu_product=1.0) for p in ps]
    with torch.no_grad():
        for step in range(1, steps + 1):
            for p, d, s in zip(ps, [DW, DB], state):
                grad = 2 * p + d
                bias_correction2 = 1 - beta2 ** step
                if weight_decay != 0:
                    grad = grad.add(p, alpha=weight_decay)
                mu = beta1 * (1. - 0.5 * (0.96 ** (step * momentum_decay)))
                mu_next = beta1 * (1. - 0.5 * (0.96 ** ((step + 1) * momentum_decay)))
                s['mu_product'] *= mu
                mu_product_next = s['mu_product'] * mu_next
                s['exp_avg'].mul_(beta1).add_(grad, alpha=1 - beta1)
                s['exp_avg_sq'].mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                denom = s['exp_avg_sq'].div(bias_correction2).sqrt().add_(eps)
                p.addcdiv_(grad, denom, value=-lr * (1. - mu) / (1. - s['mu_product']))
                p.addcdiv_(s['exp_avg'], denom, value=-lr * mu_next / (1. - mu_product_next))
    return values(ps)


def lbfgs(steps, **kwargs):
    ps = params()
    opt = torch.optim.LBFGS(ps, **kwargs)

    def closure():
        opt.zero_grad()
        w, b = ps
        loss = ((w * w + DW * w + 0.25 * w ** 4).sum() + (b * b + DB * b + 0.25 * b ** 4).sum() + 0.1 * w.sum() ** 2
                + 5 * (w[0, 0] - w[0, 1] ** 2) ** 2)
        loss.backward()
        return loss

    losses = [float(opt.step(closure)) for _ in range(steps)]
    return values(ps), losses


def fmt(vs):
    return ' '.join(repr(float(v)) for v in vs)


CASES = [
    ('adadelta', 3, lambda ps: torch.optim.Adadelta(ps)),
    ('adadelta_all', 3, lambda ps: torch.optim.Adadelta(ps, lr=0.5, rho=0.8, eps=1e-5, weight_decay=0.1)),
    ('adamax', 3, lambda ps: torch.optim.Adamax(ps, lr=0.1)),
    ('adamax_all', 3, lambda ps: torch.optim.Adamax(ps, lr=0.05, betas=(0.8, 0.9), eps=1e-6, weight_decay=0.1)),
    ('radam', 8, lambda ps: torch.optim.RAdam(ps, lr=0.1)),
    ('radam_all', 8, lambda ps: torch.optim.RAdam(ps, lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
]

with open(OUT, 'w') as f:
    f.write('# written by nn/src/test/python/optimizers.py with torch ' + torch.__version__ + '\n')
    for name, steps, make in CASES:
        f.write(f'{name} {steps} {fmt(run(make, steps))}\n')
    f.write(f'nadam 3 {fmt(nadam_fixed(params(), 3, lr=0.1))}\n')
    f.write(f'nadam_all 4 {fmt(nadam_fixed(params(), 4, lr=0.05, betas=(0.8, 0.9), eps=1e-6, weight_decay=0.1, momentum_decay=0.01))}\n')
    for name, kwargs in [('lbfgs', dict(lr=1, max_iter=4, history_size=3)),
                         ('lbfgs_wolfe', dict(lr=1, max_iter=4, history_size=3, line_search_fn='strong_wolfe')),
                         ('lbfgs_small', dict(lr=0.1, max_iter=4)),
                         ('lbfgs_small_wolfe', dict(lr=0.1, max_iter=4, line_search_fn='strong_wolfe'))]:
        vs, losses = lbfgs(3, **kwargs)
        f.write(f'{name} 3 {fmt(vs)}\n')
        f.write(f'{name}.losses 3 {fmt(losses)}\n')
