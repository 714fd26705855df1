#!/usr/bin/env python3
"""Seed 000's Algorithm 1 (perceptron) and Algorithm 2 (Adaline) written out in plain Python floats, line for line,
to give ClassicLearnersTest its expected numbers (the seed states the algorithms but prints no run of them):

    python3 nn/src/test/python/classic_learners.py

Truth tables in the order (0,0), (0,1), (1,0), (1,1); weights and bias start at 0; g(z) = 1 if z >= 0 else 0.
"""

X = [(0, 0), (0, 1), (1, 0), (1, 1)]
TABLES = {'AND': [0, 0, 0, 1], 'OR': [0, 1, 1, 1], 'XOR': [0, 1, 1, 0]}


def g(z):
    return 1 if z >= 0 else 0


def perceptron(y, r, epochs):
    w, b, mistakes = [0.0, 0.0], 0.0, []
    for _ in range(epochs):
        wrong = 0
        for x, t in zip(X, y):
            error = t - g(w[0] * x[0] + w[1] * x[1] + b)
            w = [w[0] + r * error * x[0], w[1] + r * error * x[1]]
            b = b + r * error
            wrong += error != 0
        mistakes.append(wrong)
        if wrong == 0:
            break
    return w, b, mistakes


def adaline(y, a, epochs):
    w, b, cost = [0.0, 0.0], 0.0, []
    for _ in range(epochs):
        s = 0.0
        for x, t in zip(X, y):
            error = t - (w[0] * x[0] + w[1] * x[1] + b)
            w = [w[0] + a * error * x[0], w[1] + a * error * x[1]]
            b = b + a * error
            s += error * error
        cost.append(s / len(X))
    return w, b, cost


for name, y in TABLES.items():
    for r in (1.0, 0.1):
        w, b, m = perceptron(y, r, 100)
        print('perceptron %s r=%s: w=%r b=%r mistakes=%r' % (name, r, w, b, m))
w, b, cost = adaline([-1, -1, -1, 1], 0.1, 50)   # AND with targets -1/+1
print('adaline AND(+-1) a=0.1 50 epochs: w=%r b=%r first costs=%r last=%r' % (w, b, cost[:3], cost[-1]))
print('adaline AND outputs g(f(x)):', [g(w[0] * x[0] + w[1] * x[1] + b) for x in X])
