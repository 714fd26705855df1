"""Writes tests/src/test/resources/dev/ember/tests/scans.txt: PyTorch 1.13's results for the scans and counting
reductions (ScanConformanceTest reads it; CI has no PyTorch). Run from the repository root:

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tests/src/test/python/scans.py

Each case is a block of lines:
    case NAME OP key=value ...          OP and its parameters, as ScanConformanceTest runs them
    in NAME DTYPE SHAPE v v v ...       an input (SHAPE comma-separated, "-" for 0-dim)
    out NAME DTYPE SHAPE v v v ...      a result PyTorch gave
Values are Python reprs (nan, inf, -inf; bools as 0/1), exact for the dtype.
"""
import math
import os

import torch

torch.manual_seed(15)
DTYPES = {torch.float32: "float32", torch.float64: "float64", torch.int32: "int32", torch.int64: "int64",
          torch.bool: "bool"}
lines = []
NAN, INF = float("nan"), float("inf")


def fmt(t):
    shape = ",".join(str(s) for s in t.shape) if t.dim() > 0 else "-"
    vals = []
    for v in t.detach().reshape(-1).tolist():
        if isinstance(v, bool):
            vals.append("1" if v else "0")
        elif isinstance(v, int):
            vals.append(str(v))
        else:
            vals.append(repr(float(v)))
    return DTYPES[t.dtype] + " " + shape + (" " + " ".join(vals) if vals else "")


def case(name, op, inputs, outputs, **params):
    lines.append("case " + name + " " + op + "".join(" %s=%s" % (k, v) for k, v in params.items()))
    for k, t in inputs:
        lines.append("in " + k + " " + fmt(t))
    for k, t in outputs:
        lines.append("out " + k + " " + fmt(t))


def rand(*shape, dtype=torch.float32, lo=-2.0, hi=2.0):
    return (torch.rand(*shape, dtype=torch.float64) * (hi - lo) + lo).to(dtype)


# ---- scans ----
for dtype in (torch.float32, torch.float64):
    for shape, dim in (((5,), 0), ((3, 7), 1), ((3, 7), 0), ((2, 3, 13), -1), ((4, 1, 3), 1)):
        x = rand(*shape, dtype=dtype)
        case("cumsum_%s_%s_%d" % (DTYPES[dtype], "x".join(map(str, shape)), dim), "cumsum", [("x", x)],
             [("values", torch.cumsum(x, dim))], dim=dim)
        p = rand(*shape, dtype=dtype, lo=0.5, hi=1.5)
        case("cumprod_%s_%s_%d" % (DTYPES[dtype], "x".join(map(str, shape)), dim), "cumprod", [("x", p)],
             [("values", torch.cumprod(p, dim))], dim=dim)
        y = rand(*shape, dtype=dtype, lo=-30, hi=30)
        case("logcumsumexp_%s_%s_%d" % (DTYPES[dtype], "x".join(map(str, shape)), dim), "logcumsumexp", [("x", y)],
             [("values", torch.logcumsumexp(y, dim))], dim=dim)
        q = (rand(*shape, dtype=torch.float64, lo=-3, hi=3).round()).to(dtype)   # ties
        for op, fn in (("cummax", torch.cummax), ("cummin", torch.cummin)):
            r = fn(q, dim)
            case("%s_%s_%s_%d" % (op, DTYPES[dtype], "x".join(map(str, shape)), dim), op, [("x", q)],
                 [("values", r.values), ("indices", r.indices)], dim=dim)
    big = torch.tensor([1e8, 1.0, -1e8, 3.0, 1e-8, -3.0], dtype=dtype)
    case("cumsum_cancel_" + DTYPES[dtype], "cumsum", [("x", big)], [("values", torch.cumsum(big, 0))], dim=0)
    over = torch.tensor([1e30, 1e30, 1e-30, 1e-30, 0.5], dtype=dtype)
    case("cumprod_range_" + DTYPES[dtype], "cumprod", [("x", over)], [("values", torch.cumprod(over, 0))], dim=0)
    special = torch.tensor([1.0, NAN, 3.0, -INF, INF, 2.0], dtype=dtype)
    case("cumsum_special_" + DTYPES[dtype], "cumsum", [("x", special)], [("values", torch.cumsum(special, 0))], dim=0)
    case("cumprod_special_" + DTYPES[dtype], "cumprod", [("x", special)], [("values", torch.cumprod(special, 0))], dim=0)
    zeros = torch.tensor([2.0, 0.0, 3.0, -0.0, 4.0], dtype=dtype)
    case("cumprod_zeros_" + DTYPES[dtype], "cumprod", [("x", zeros)], [("values", torch.cumprod(zeros, 0))], dim=0)
    for name, vals in (("nan", [1.0, NAN, 3.0, NAN, 5.0, 0.0]), ("zeros", [0.0, -0.0, 0.0, -0.0]),
                       ("inf", [-INF, -INF, 1.0, INF, INF, 2.0])):
        t = torch.tensor(vals, dtype=dtype)
        for op, fn in (("cummax", torch.cummax), ("cummin", torch.cummin)):
            r = fn(t, 0)
            case("%s_%s_%s" % (op, name, DTYPES[dtype]), op, [("x", t)], [("values", r.values), ("indices", r.indices)], dim=0)
    for name, vals in (("inf", [1.0, -INF, INF, 2.0, INF]), ("neginf", [-INF, -INF, 0.0, -INF]),
                       ("nan", [1.0, NAN, 2.0]), ("large", [1000.0, 1000.0, -1000.0, 1001.0])):
        t = torch.tensor(vals, dtype=dtype)
        case("logcumsumexp_%s_%s" % (name, DTYPES[dtype]), "logcumsumexp", [("x", t)],
             [("values", torch.logcumsumexp(t, 0))], dim=0)

for dtype in (torch.int32, torch.int64, torch.bool):
    x = torch.randint(-4, 5, (3, 7)).to(dtype)
    for dim in (0, 1):
        case("cumsum_%s_%d" % (DTYPES[dtype], dim), "cumsum", [("x", x)], [("values", torch.cumsum(x, dim))], dim=dim)
        case("cumprod_%s_%d" % (DTYPES[dtype], dim), "cumprod", [("x", x)], [("values", torch.cumprod(x, dim))], dim=dim)
        for op, fn in (("cummax", torch.cummax), ("cummin", torch.cummin)):
            r = fn(x, dim)
            case("%s_%s_%d" % (op, DTYPES[dtype], dim), op, [("x", x)], [("values", r.values), ("indices", r.indices)], dim=dim)
wrap = torch.tensor([2 ** 62, 2, 2, 3], dtype=torch.int64)
case("cumsum_wrap_int64", "cumsum", [("x", wrap)], [("values", torch.cumsum(wrap, 0))], dim=0)
case("cumprod_wrap_int64", "cumprod", [("x", wrap)], [("values", torch.cumprod(wrap, 0))], dim=0)
i32 = torch.tensor([2 ** 30, 2 ** 30, 2 ** 30], dtype=torch.int32)
case("cumsum_int32_widens", "cumsum", [("x", i32)], [("values", torch.cumsum(i32, 0))], dim=0)
s = torch.tensor(3.5)
case("cumsum_0dim", "cumsum", [("x", s)], [("values", torch.cumsum(s, -1))], dim=-1)
r = torch.cummax(s, 0)
case("cummax_0dim", "cummax", [("x", s)], [("values", r.values), ("indices", r.indices)], dim=0)
e = torch.zeros(0, 3)
case("cumsum_empty", "cumsum", [("x", e)], [("values", torch.cumsum(e, 0))], dim=0)

# ---- gradients (float64), PyTorch's autograd with a fixed upstream gradient ----
def grad_case(name, op, x, fn, **params):
    xg = x.clone().requires_grad_(True)
    y = fn(xg)
    g = torch.rand(y.shape, dtype=torch.float64) * 2 - 1
    y.backward(g)
    case(name, op, [("x", x), ("g", g)], [("dx", xg.grad)], **params)

for shape, dim in (((7,), 0), ((3, 5), 1), ((3, 5), 0)):
    grad_case("grad_cumsum_%d_%d" % (len(shape), dim), "grad_cumsum", rand(*shape, dtype=torch.float64),
              lambda t: torch.cumsum(t, dim), dim=dim)
    grad_case("grad_cumprod_%d_%d" % (len(shape), dim), "grad_cumprod", rand(*shape, dtype=torch.float64, lo=0.5, hi=1.5),
              lambda t: torch.cumprod(t, dim), dim=dim)
    grad_case("grad_logcumsumexp_%d_%d" % (len(shape), dim), "grad_logcumsumexp", rand(*shape, dtype=torch.float64),
              lambda t: torch.logcumsumexp(t, dim), dim=dim)
    ties = rand(*shape, dtype=torch.float64, lo=-2, hi=2).round()
    grad_case("grad_cummax_%d_%d" % (len(shape), dim), "grad_cummax", ties, lambda t: torch.cummax(t, dim).values, dim=dim)
    grad_case("grad_cummin_%d_%d" % (len(shape), dim), "grad_cummin", ties, lambda t: torch.cummin(t, dim).values, dim=dim)
zs = torch.tensor([[2.0, 0.0, 3.0, 0.0, 4.0, 0.5], [0.0, 1.5, 2.0, -1.0, 0.0, 3.0], [1.0, 2.0, 3.0, 4.0, 0.0, 2.0],
                   [0.5, 2.0, -1.0, 3.0, 1.5, 2.0]], dtype=torch.float64)
grad_case("grad_cumprod_zeros", "grad_cumprod", zs, lambda t: torch.cumprod(t, 1), dim=1)
grad_case("grad_cumprod_zeros_dim0", "grad_cumprod", zs.t().contiguous(), lambda t: torch.cumprod(t, 0), dim=0)

# ---- counting reductions ----
a = torch.tensor([[0.0, 1.0, NAN], [0.0, 0.0, 0.0], [-0.0, 2.0, 3.0], [1.0, 1.0, 1.0]])
case("all_full", "all", [("x", a)], [("values", torch.all(a))])
case("any_full", "any", [("x", a)], [("values", torch.any(a))])
for dim in (0, 1, -1):
    for keep in (0, 1):
        case("all_%d_%d" % (dim, keep), "all", [("x", a)], [("values", torch.all(a, dim, keepdim=bool(keep)))], dim=dim, keepdim=keep)
        case("any_%d_%d" % (dim, keep), "any", [("x", a)], [("values", torch.any(a, dim, keepdim=bool(keep)))], dim=dim, keepdim=keep)
ai = torch.tensor([[0, 3], [5, -1]], dtype=torch.int32)
case("all_int32", "all", [("x", ai)], [("values", torch.all(ai, 1))], dim=1, keepdim=0)
case("any_int32", "any", [("x", ai)], [("values", torch.any(ai, 0))], dim=0, keepdim=0)
ez = torch.zeros(2, 0)
case("all_empty", "all", [("x", ez)], [("values", torch.all(ez, 1))], dim=1, keepdim=0)
case("any_empty", "any", [("x", ez)], [("values", torch.any(ez, 1))], dim=1, keepdim=0)
case("all_empty_full", "all", [("x", ez)], [("values", torch.all(ez))])
case("any_empty_full", "any", [("x", ez)], [("values", torch.any(ez))])
case("count_nonzero_full", "countNonzero", [("x", a)], [("values", torch.count_nonzero(a))], dims="-")
case("count_nonzero_0", "countNonzero", [("x", a)], [("values", torch.count_nonzero(a, 0))], dims="0")
case("count_nonzero_01", "countNonzero", [("x", a)], [("values", torch.count_nonzero(a, (0, 1)))], dims="0,1")
ci = torch.tensor([[0, 3, 0], [5, -1, 0]], dtype=torch.int64)
case("count_nonzero_int64", "countNonzero", [("x", ci)], [("values", torch.count_nonzero(ci, -1))], dims="-1")

for dtype in (torch.float32, torch.float64):
    v = rand(4, 13, dtype=dtype)
    for dims, corr, keep in (("-", 1, 0), ("1", 0, 1), ("0", 1, 0), ("0,1", 2, 0), ("1", 1, 0)):
        d = None if dims == "-" else tuple(int(t) for t in dims.split(","))
        vm = torch.var_mean(v, d, correction=corr, keepdim=bool(keep)) if d else torch.var_mean(v, None, correction=corr)
        sm = torch.std_mean(v, d, correction=corr, keepdim=bool(keep)) if d else torch.std_mean(v, None, correction=corr)
        case("var_mean_%s_%s_%d_%d" % (DTYPES[dtype], dims.replace(",", ""), corr, keep), "varMean", [("x", v)],
             [("var", vm[0]), ("mean", vm[1])], dims=dims, correction=corr, keepdim=keep)
        case("std_mean_%s_%s_%d_%d" % (DTYPES[dtype], dims.replace(",", ""), corr, keep), "stdMean", [("x", v)],
             [("std", sm[0]), ("mean", sm[1])], dims=dims, correction=corr, keepdim=keep)
one = torch.tensor([1.5])
vm = torch.var_mean(one)
case("var_mean_one", "varMean", [("x", one)], [("var", vm[0]), ("mean", vm[1])], dims="-", correction=1, keepdim=0)
un = torch.var_mean(torch.tensor([1.0, 2.0, 4.0]), unbiased=False)
case("var_mean_biased", "varMean", [("x", torch.tensor([1.0, 2.0, 4.0]))], [("var", un[0]), ("mean", un[1])],
     dims="-", correction=0, keepdim=0)

n = torch.tensor([[1.0, NAN, 2.0], [NAN, NAN, NAN], [INF, 1.0, NAN], [-1.0, 0.5, 0.25]])
for dims, keep in (("-", 0), ("1", 0), ("0", 1)):
    d = None if dims == "-" else tuple(int(t) for t in dims.split(","))
    ns = torch.nansum(n, d, keepdim=bool(keep)) if d else torch.nansum(n)
    nm = torch.nanmean(n, d, keepdim=bool(keep)) if d else torch.nanmean(n)
    case("nansum_%s_%d" % (dims, keep), "nansum", [("x", n)], [("values", ns)], dims=dims, keepdim=keep)
    case("nanmean_%s_%d" % (dims, keep), "nanmean", [("x", n)], [("values", nm)], dims=dims, keepdim=keep)
case("nansum_float64", "nansum", [("x", n.double())], [("values", torch.nansum(n.double(), 1))], dims="1", keepdim=0)
case("nansum_int32", "nansum", [("x", ai)], [("values", torch.nansum(ai))], dims="-", keepdim=0)
case("nansum_bool", "nansum", [("x", torch.tensor([True, True, False]))],
     [("values", torch.nansum(torch.tensor([True, True, False])))], dims="-", keepdim=0)

# ---- bincount and histc ----
b = torch.tensor([0, 2, 2, 5, 1, 2, 0])
case("bincount", "bincount", [("x", b)], [("values", torch.bincount(b))], minlength=0)
case("bincount_minlength", "bincount", [("x", b)], [("values", torch.bincount(b, minlength=9))], minlength=9)
case("bincount_int32", "bincount", [("x", b.int())], [("values", torch.bincount(b.int()))], minlength=0)
eb = torch.tensor([], dtype=torch.int64)
case("bincount_empty", "bincount", [("x", eb)], [("values", torch.bincount(eb))], minlength=0)
case("bincount_empty_minlength", "bincount", [("x", eb)], [("values", torch.bincount(eb, minlength=3))], minlength=3)
for wd in (torch.float32, torch.float64, torch.int64):
    w = (torch.arange(7, dtype=torch.float64) * 0.7 - 2).to(wd)
    case("bincount_weights_" + DTYPES[wd], "bincount", [("x", b), ("w", w)],
         [("values", torch.bincount(b, weights=w, minlength=2))], minlength=2)
big = torch.randint(0, 1025, (5000,))
case("bincount_1025", "bincount", [("x", big)], [("values", torch.bincount(big))], minlength=0)

for dtype in (torch.float32, torch.float64):
    # no NaN here: PyTorch 1.13's CPU histc counts NaN in the first bin (its CUDA histc leaves NaN out, as Ember does)
    h = torch.tensor([1.0, 2.0, 1.0, 3.0, 3.5, -1.0, 0.0, 0.75, 2.25], dtype=dtype)
    case("histc_edges_" + DTYPES[dtype], "histc", [("x", h)], [("values", torch.histc(h, 4, 0, 3))], bins=4, min=0.0, max=3.0)
    g = torch.arange(0, 1.0001, 0.1, dtype=torch.float64).to(dtype)        # values on and near the bin edges
    case("histc_tenths_" + DTYPES[dtype], "histc", [("x", g)], [("values", torch.histc(g, 10, 0, 1))], bins=10, min=0.0, max=1.0)
    case("histc_tenths_odd_" + DTYPES[dtype], "histc", [("x", g)], [("values", torch.histc(g, 7, 0.1, 0.9))], bins=7, min=0.1, max=0.9)
    r = rand(3, 127, dtype=dtype, lo=-3, hi=3)
    case("histc_data_range_" + DTYPES[dtype], "histc", [("x", r)], [("values", torch.histc(r, 13))], bins=13, min=0.0, max=0.0)
    c = torch.full((5,), 2.0, dtype=dtype)
    case("histc_constant_" + DTYPES[dtype], "histc", [("x", c)], [("values", torch.histc(c, 4))], bins=4, min=0.0, max=0.0)
    case("histc_empty_" + DTYPES[dtype], "histc", [("x", torch.zeros(0, dtype=dtype))],
         [("values", torch.histc(torch.zeros(0, dtype=dtype), 3))], bins=3, min=0.0, max=0.0)
    m = rand(1025, dtype=dtype, lo=-1, hi=1)
    case("histc_1025_" + DTYPES[dtype], "histc", [("x", m)], [("values", torch.histc(m, 100, -0.9, 0.9))], bins=100, min=-0.9, max=0.9)

out = os.path.join("tests", "src", "test", "resources", "dev", "ember", "tests", "scans.txt")
with open(out, "w") as f:
    f.write("# PyTorch %s, written by tests/src/test/python/scans.py\n" % torch.__version__)
    f.write("\n".join(lines) + "\n")
print("wrote", len([l for l in lines if l.startswith("case")]), "cases to", out)
