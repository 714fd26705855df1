#!/usr/bin/env python3
"""PyTorch 1.13's torch.heaviside on the cases HeavisideTest checks (the values are written into the test):

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tests/src/test/python/heaviside.py
"""
import torch

x = torch.tensor([-1., 0., 2., float('nan'), -0.0, float('inf'), float('-inf')])
print('float32, values 0.5:', torch.heaviside(x, torch.tensor(0.5)).tolist())
print('float64, values [7] broadcast:', torch.heaviside(x.double(), torch.arange(7.).double()).tolist())
print('zeros [2,1] with values [3]:', torch.heaviside(torch.zeros(2, 1), torch.tensor([1., 2., 3.])).tolist())
for dt in (torch.int64, torch.int32, torch.bool):
    print(dt, torch.heaviside(torch.tensor([-3, 0, 5]).to(dt), torch.tensor(1).to(dt)).tolist())
for a, b in ((torch.float32, torch.float64), (torch.int64, torch.float32)):
    try:
        torch.heaviside(torch.zeros(2, dtype=a), torch.zeros(1, dtype=b))
    except RuntimeError as e:
        print(a, b, 'refused:', e)
