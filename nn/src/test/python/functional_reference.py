#!/usr/bin/env python3
"""Writes PyTorch 1.13's values and gradients for Ember's functional API (issue 17), on inputs it draws and
writes beside them, so FunctionalTorchTest can run the same calls without PyTorch (CI has none).

Run from the repository root with Debian's PyTorch 1.13:

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 nn/src/test/python/functional_reference.py

It writes nn/src/test/resources/dev/ember/nn/functional/torch-reference.txt; one statement a line, a blank line
between cases:

    case NAME                          the case; FunctionalTorchTest holds the Ember call for each name
    in X float64 [2,3] grad = ...      an input: name, dtype, shape, 'grad' if differentiated, values (row-major)
    out float64 [2] = ...              PyTorch's result
    grad X = ...                       dL/dX for L = sum(out * r), r[i] = ((5 i + 3) mod 17 - 8) / 8 (row-major)
    after X = ...                      the value of input X after the call (running statistics updated in place)
"""
import math
import os

import torch
import torch.nn.functional as F

torch.manual_seed(17)
OUT = os.path.join('nn', 'src', 'test', 'resources', 'dev', 'ember', 'nn', 'functional', 'torch-reference.txt')
D = torch.float64
lines = []


def num(v):
    if math.isnan(v):
        return 'nan'
    if math.isinf(v):
        return 'inf' if v > 0 else '-inf'
    return repr(float(v)) if isinstance(v, float) else str(int(v))


def values(t):
    return ' '.join(num(v) for v in t.detach().reshape(-1).tolist())


def shape(t):
    return '[' + ','.join(str(d) for d in t.shape) + ']'


def dtype(t):
    return {torch.float64: 'float64', torch.int64: 'int64'}[t.dtype]


def weights(n):
    return torch.tensor([((5 * i + 3) % 17 - 8) / 8 for i in range(n)], dtype=D)


def case(name, fn, **inputs):
    """inputs: name -> tensor; float64 tensors with requires_grad set are differentiated."""
    lines.append('case ' + name)
    saved = {k: v.detach().clone() for k, v in inputs.items()}
    for k, v in inputs.items():
        grad = ' grad' if v.requires_grad else ''
        lines.append('in %s %s %s%s = %s' % (k, dtype(v), shape(v), grad, values(saved[k])))
    out = fn(**inputs)
    lines.append('out %s %s = %s' % (dtype(out), shape(out), values(out)))
    if out.requires_grad:
        (out * weights(out.numel()).reshape(out.shape)).sum().backward()
        for k, v in inputs.items():
            if v.requires_grad:
                lines.append('grad %s = %s' % (k, values(v.grad)))
    for k, v in inputs.items():
        if not torch.equal(v.detach(), saved[k]):
            lines.append('after %s = %s' % (k, values(v)))
    lines.append('')


def g(*s):
    return torch.randn(*s, dtype=D).requires_grad_()


def c(*s):
    return torch.randn(*s, dtype=D)


def signs(*s):
    return (torch.randint(0, 2, s) * 2 - 1).to(D)


def positive(*s):
    return (torch.rand(*s, dtype=D) + 0.2).requires_grad_()


# ---- losses ----
case('smoothL1 beta1 mean', lambda x, y: F.smooth_l1_loss(x, y), x=g(4, 5), y=c(4, 5))
case('smoothL1 beta0.5 sum', lambda x, y: F.smooth_l1_loss(x, y, reduction='sum', beta=0.5), x=g(4, 5), y=c(4, 5))
case('smoothL1 beta0 none', lambda x, y: F.smooth_l1_loss(x, y, reduction='none', beta=0.0), x=g(3, 4), y=c(3, 4))
case('marginRanking', lambda a, b, y: F.margin_ranking_loss(a, b, y, margin=0.3), a=g(8), b=g(8), y=signs(8))
case('softMargin', lambda x, y: F.soft_margin_loss(x, y), x=g(3, 4), y=signs(3, 4))
case('multiMargin', lambda x, y: F.multi_margin_loss(x, y), x=g(5, 4), y=torch.randint(0, 4, (5,)))
case('multiMargin p2 weight sum', lambda x, y, w: F.multi_margin_loss(x, y, p=2, margin=0.7, weight=w, reduction='sum'),
     x=g(5, 4), y=torch.randint(0, 4, (5,)), w=positive(4).detach())
case('multilabelSoftMargin weight none', lambda x, y, w: F.multilabel_soft_margin_loss(x, y, weight=w, reduction='none'),
     x=g(4, 3), y=torch.randint(0, 2, (4, 3)).to(D), w=positive(3))
case('cosineEmbedding', lambda a, b, y: F.cosine_embedding_loss(a, b, y, margin=0.2), a=g(6, 4), b=g(6, 4), y=signs(6))
case('tripletMargin', lambda a, p, n: F.triplet_margin_loss(a, p, n), a=g(5, 3), p=g(5, 3), n=g(5, 3))
case('tripletMargin p1 swap none', lambda a, p, n: F.triplet_margin_loss(a, p, n, margin=0.5, p=1, swap=True, reduction='none'),
     a=g(5, 3), p=g(5, 3), n=g(5, 3))
case('poissonNll', lambda x, y: F.poisson_nll_loss(x, y), x=g(3, 4), y=torch.randint(0, 5, (3, 4)).to(D))
case('poissonNll rate full sum', lambda x, y: F.poisson_nll_loss(x, y, log_input=False, full=True, reduction='sum'),
     x=positive(3, 4), y=torch.randint(0, 5, (3, 4)).to(D))
case('gaussianNll', lambda x, y, v: F.gaussian_nll_loss(x, y, v), x=g(4, 3), y=c(4, 3), v=positive(4, 3))
case('gaussianNll var lacks last dim full', lambda x, y, v: F.gaussian_nll_loss(x, y, v, full=True), x=g(4, 3), y=c(4, 3), v=positive(4))
case('gaussianNll var clamped sum', lambda x, y, v: F.gaussian_nll_loss(x, y, v, eps=0.3, reduction='sum'),
     x=g(4, 2), y=c(4, 2), v=torch.tensor([[0.1], [0.5], [0.01], [1.2]], dtype=D).requires_grad_())


def ctc(reduction='mean', blank=0, zero_infinity=False):
    return lambda x, t, il, tl: F.ctc_loss(x.log_softmax(2), t, il, tl, blank=blank, reduction=reduction, zero_infinity=zero_infinity)


case('ctc padded mean', ctc(), x=g(12, 3, 5), t=torch.tensor([[1, 2, 2, 3], [4, 4, 0, 0], [3, 1, 4, 0]]),
     il=torch.tensor([12, 9, 10]), tl=torch.tensor([4, 2, 3]))
case('ctc concatenated sum blank2', ctc('sum', blank=2), x=g(8, 2, 4), t=torch.tensor([1, 3, 1, 0, 0, 3]),
     il=torch.tensor([8, 7]), tl=torch.tensor([3, 3]))
case('ctc none empty target', ctc('none'), x=g(6, 2, 3), t=torch.tensor([[1, 2], [0, 0]]),
     il=torch.tensor([6, 4]), tl=torch.tensor([2, 0]))
case('ctc zero infinity', ctc('sum', zero_infinity=True), x=g(4, 2, 3), t=torch.tensor([[1, 1, 1], [2, 1, 2]]),
     il=torch.tensor([4, 4]), tl=torch.tensor([3, 3]))

# ---- distances ----
case('cosineSimilarity', lambda a, b: F.cosine_similarity(a, b), a=g(4, 5), b=g(4, 5))
case('cosineSimilarity broadcast dim-1', lambda a, b: F.cosine_similarity(a, b, dim=-1, eps=1e-6), a=g(1, 5), b=g(3, 5))
case('cosineSimilarity tiny norm', lambda a, b: F.cosine_similarity(a, b, dim=1, eps=0.5),
     a=(c(3, 4) * 0.05).requires_grad_(), b=g(3, 4))
case('pairwiseDistance', lambda a, b: F.pairwise_distance(a, b), a=g(4, 5), b=g(4, 5))
case('pairwiseDistance p1 keepdim', lambda a, b: F.pairwise_distance(a, b, p=1, eps=1e-3, keepdim=True), a=g(4, 5), b=g(4, 5))

# ---- normalisation ----
case('batchNorm training', lambda x, rm, rv, w, b: F.batch_norm(x, rm, rv, w, b, training=True, momentum=0.2, eps=1e-4),
     x=g(4, 3, 2, 2), rm=c(3), rv=torch.rand(3, dtype=D) + 0.5, w=g(3), b=g(3))
case('batchNorm eval', lambda x, rm, rv, w, b: F.batch_norm(x, rm, rv, w, b, training=False),
     x=g(4, 3, 5), rm=c(3), rv=torch.rand(3, dtype=D) + 0.5, w=g(3), b=g(3))
case('layerNorm', lambda x, w, b: F.layer_norm(x, (3, 4), w, b), x=g(2, 3, 4), w=g(3, 4), b=g(3, 4))
case('groupNorm', lambda x, w, b: F.group_norm(x, 2, w, b), x=g(2, 6, 3, 2), w=g(6), b=g(6))
case('groupNorm no affine 1d', lambda x: F.group_norm(x, 3, eps=1e-3), x=g(3, 6, 4))
case('instanceNorm', lambda x: F.instance_norm(x), x=g(2, 3, 4, 3))
case('instanceNorm running affine', lambda x, rm, rv, w, b: F.instance_norm(x, rm, rv, w, b, use_input_stats=True, momentum=0.3),
     x=g(3, 2, 5), rm=c(2), rv=torch.rand(2, dtype=D) + 0.5, w=g(2), b=g(2))
case('instanceNorm from running', lambda x, rm, rv: F.instance_norm(x, rm, rv, use_input_stats=False),
     x=g(2, 2, 4), rm=c(2), rv=torch.rand(2, dtype=D) + 0.5)
case('localResponseNorm size3 2d', lambda x: F.local_response_norm(x, 3, alpha=0.5, beta=0.6, k=1.5), x=g(2, 5, 3, 2))
case('localResponseNorm size2 1d', lambda x: F.local_response_norm(x, 2), x=g(2, 4, 3))

# ---- embeddings ----
case('embeddingBag sum offsets', lambda i, w, o: F.embedding_bag(i, w, o, mode='sum'),
     i=torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]), w=g(10, 3), o=torch.tensor([0, 3, 3, 6]))
case('embeddingBag mean 2d', lambda i, w: F.embedding_bag(i, w, mode='mean'), i=torch.tensor([[1, 2, 4], [4, 3, 9]]), w=g(10, 3))
case('embeddingBag max offsets', lambda i, w, o: F.embedding_bag(i, w, o, mode='max'),
     i=torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]), w=g(10, 3), o=torch.tensor([0, 2, 5]))
case('embeddingBag sum weights last offset', lambda i, w, o, s: F.embedding_bag(i, w, o, mode='sum', per_sample_weights=s, include_last_offset=True),
     i=torch.tensor([1, 2, 4, 5, 4, 3]), w=g(10, 3), o=torch.tensor([0, 2, 6]), s=g(6))
case('embeddingBag mean padding', lambda i, w, o: F.embedding_bag(i, w, o, mode='mean', padding_idx=4),
     i=torch.tensor([1, 4, 4, 5, 4, 3]), w=g(10, 3), o=torch.tensor([0, 2, 3]))

# ---- pooling ----
case('adaptiveAvgPool1d 7to3', lambda x: F.adaptive_avg_pool1d(x, 3), x=g(2, 3, 7))
case('adaptiveMaxPool1d 10to4', lambda x: F.adaptive_max_pool1d(x, 4), x=g(2, 3, 10))
case('adaptiveAvgPool2d 7x5to3x2', lambda x: F.adaptive_avg_pool2d(x, (3, 2)), x=g(2, 2, 7, 5))
case('adaptiveAvgPool2d 4x6to2x2', lambda x: F.adaptive_avg_pool2d(x, 2), x=g(1, 2, 4, 6))
case('adaptiveAvgPool2d 3x3to5x4', lambda x: F.adaptive_avg_pool2d(x, (5, 4)), x=g(1, 2, 3, 3))
case('adaptiveMaxPool2d 9x7to4x3', lambda x: F.adaptive_max_pool2d(x, (4, 3)), x=g(2, 2, 9, 7))
case('avgPool2d pad include', lambda x: F.avg_pool2d(x, 3, stride=2, padding=1), x=g(1, 2, 5, 6))
case('avgPool2d pad exclude', lambda x: F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False), x=g(1, 2, 5, 6))
case('avgPool1d pad include', lambda x: F.avg_pool1d(x, 4, stride=3, padding=2), x=g(2, 2, 9))
case('lpPool1d p2', lambda x: F.lp_pool1d(x, 2, 3, stride=2), x=g(2, 3, 9))
case('lpPool2d p3', lambda x: F.lp_pool2d(x, 3, (2, 3), stride=(2, 1)), x=positive(1, 2, 6, 5))
case('maxPool2d pad', lambda x: F.max_pool2d(x, 3, stride=2, padding=1), x=g(1, 2, 5, 6))

# ---- linear and convolution, weights passed in ----
case('linear 3d', lambda x, w, b: F.linear(x, w, b), x=g(2, 3, 4), w=g(5, 4), b=g(5))
case('conv1d stride2 pad1 groups2', lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1, groups=2), x=g(2, 4, 9), w=g(6, 2, 3), b=g(6))
case('conv2d dilation2 pad', lambda x, w: F.conv2d(x, w, None, stride=(1, 2), padding=(2, 1), dilation=2), x=g(1, 2, 6, 7), w=g(3, 2, 3, 2))

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, 'w') as f:
    f.write('# written by nn/src/test/python/functional_reference.py with PyTorch %s; do not edit\n\n' % torch.__version__)
    f.write('\n'.join(lines))
print('wrote', OUT, sum(1 for l in lines if l.startswith('case ')), 'cases')
