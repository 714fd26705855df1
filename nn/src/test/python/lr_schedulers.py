#!/usr/bin/env python3
"""Writes lr-schedulers.txt, which PyTorchSchedulesTest runs through Ember: the learning rates of
torch.optim.lr_scheduler 1.13's schedulers on SGD(lr=0.1), right after construction and after each step.

Run from the repository root with Debian's PyTorch 1.13 (CI has no PyTorch, so the output is committed):

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 nn/src/test/python/lr_schedulers.py

One line per case: '<case> lr0 lr1 ...' (lr0 after construction, lr_t after t steps; get_last_lr()[0]).
ReduceLROnPlateau cases step with the metrics in PLATEAU_METRICS.
"""
import os
import warnings

import torch
from torch.optim import lr_scheduler as s

warnings.simplefilter('ignore')
OUT = os.path.join('nn', 'src', 'test', 'resources', 'dev', 'ember', 'nn', 'optim', 'schedule', 'lr-schedulers.txt')
PLATEAU_METRICS = [1, 0.95, 0.94, 0.93, 0.8, 0.79, 0.79, 0.78, 0.77, 0.76, 0.75, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6]


def sgd():
    return torch.optim.SGD([torch.zeros(2, requires_grad=True)], lr=0.1)


def rates(make, steps):
    opt = sgd()
    sched = make(opt)
    out = [opt.param_groups[0]['lr']]
    for _ in range(steps):
        opt.step()
        sched.step()
        out.append(opt.param_groups[0]['lr'])
    return out


def plateau(**kwargs):
    opt = sgd()
    sched = s.ReduceLROnPlateau(opt, **kwargs)
    out = [opt.param_groups[0]['lr']]
    for m in PLATEAU_METRICS:
        opt.step()
        sched.step(m)
        out.append(opt.param_groups[0]['lr'])
    return out


CASES = [
    ('step', lambda o: s.StepLR(o, step_size=3, gamma=0.5), 10),
    ('multistep', lambda o: s.MultiStepLR(o, milestones=[2, 5, 6], gamma=0.3), 9),
    ('exponential', lambda o: s.ExponentialLR(o, gamma=0.8), 6),
    ('cosine', lambda o: s.CosineAnnealingLR(o, T_max=5, eta_min=0.01), 12),
    ('linear', lambda o: s.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=4), 7),
    ('linear_down', lambda o: s.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=5), 7),
    ('linear_default', lambda o: s.LinearLR(o), 7),
    ('warmup_cosine', lambda o: s.SequentialLR(o, [s.LinearLR(o, start_factor=0.1, total_iters=3),
                                                  s.CosineAnnealingLR(o, T_max=6, eta_min=0.001)], milestones=[3]), 10),
    ('sequential3', lambda o: s.SequentialLR(o, [s.LinearLR(o, start_factor=0.5, total_iters=2), s.StepLR(o, 2, 0.5),
                                                s.ExponentialLR(o, 0.9)], milestones=[2, 6]), 10),
    ('onecycle', lambda o: s.OneCycleLR(o, max_lr=1.0, total_steps=10, cycle_momentum=False), 10),
    ('onecycle3', lambda o: s.OneCycleLR(o, max_lr=0.5, total_steps=12, pct_start=0.25, anneal_strategy='linear',
                                         div_factor=10, final_div_factor=100, three_phase=True, cycle_momentum=False), 12),
]


def fmt(vs):
    return ' '.join(repr(float(v)) for v in vs)


with open(OUT, 'w') as f:
    f.write('# written by nn/src/test/python/lr_schedulers.py with torch ' + torch.__version__ + '\n')
    for name, make, steps in CASES:
        f.write(name + ' ' + fmt(rates(make, steps)) + '\n')
    f.write('plateau ' + fmt(plateau(factor=0.5, patience=2, threshold=0.1, cooldown=1, min_lr=0.01)) + '\n')
    f.write('plateau_max_abs ' + fmt(plateau(mode='max', factor=0.3, patience=1, threshold=0.05, threshold_mode='abs')) + '\n')
    f.write('plateau_default ' + fmt(plateau()) + '\n')
