"""Prints the table of benchmarks/side-by-side.sh from the JSON files its runs wrote into one folder: JMH's
result files for Ember (a JSON list), and the objects of benchmarks/pytorch/side_by_side.py and
benchmarks/openblas/gemm.c (with "engine" and "results"). Also writes the table as markdown.

  python3 benchmarks/report/side_by_side_table.py RESULTS_DIR [--markdown FILE]
  python3 benchmarks/report/side_by_side_table.py RESULTS_DIR --epoch [--markdown FILE]

Every measurement becomes seconds per call; a workload's unit then says how it is shown (GFLOP/s and GB/s
from a nominal amount of work per call, or a time). Ratios are the other engine's seconds per call over
Ember's, so > 1 means Ember is faster, whatever the unit. A JMH benchmark missing from EMBER_BENCHMARKS still
gets a row of its own (as a time), so new benchmarks can be run by name before they are mapped here.
"""
import argparse
import glob
import json
import os
import re
import sys

GIGA = 1e9  # GB/s and GFLOP/s are decimal, as in docs/benchmarks.md


class Workload:
    def __init__(self, label, unit, amount=None):
        self.label = label      # params -> row name
        self.unit = unit        # GFLOP/s, GB/s (throughput, from amount) or ms, µs (time per call)
        self.amount = amount    # params -> GFLOP or GB per call, for throughput units

    def show(self, params, seconds):
        if self.amount is not None:
            return self.amount(params) / seconds
        return seconds * {"ms": 1e3, "µs": 1e6, "s": 1}[self.unit]


def count(n):
    return f"{n // 2 ** 20}M" if n % 2 ** 20 == 0 else str(n)


# Row order of the table. Traffic (GB) is the least a kernel must move: inputs read once, output written once.
WORKLOADS = {
    "sgemm": Workload(lambda p: f"sgemm {p['n']}", "GFLOP/s", lambda p: 2 * p["n"] ** 3 / GIGA),
    "dgemm": Workload(lambda p: f"dgemm {p['n']}", "GFLOP/s", lambda p: 2 * p["n"] ** 3 / GIGA),
    "bf16gemm": Workload(lambda p: f"gemm {p['n']} bf16", "GFLOP/s", lambda p: 2 * p["n"] ** 3 / GIGA),
    "hgemm": Workload(lambda p: f"gemm {p['n']} f16", "GFLOP/s", lambda p: 2 * p["n"] ** 3 / GIGA),
    "mul_add": Workload(lambda p: f"a*b+c {count(p['size'])} f32", "GB/s", lambda p: 16 * p["size"] / GIGA),
    "addcmul": Workload(lambda p: f"addcmul {count(p['size'])} f32", "GB/s", lambda p: 16 * p["size"] / GIGA),
    "sum": Workload(lambda p: f"sum {count(p['size'])} f32", "GB/s", lambda p: 4 * p["size"] / GIGA),
    "softmax": Workload(lambda p: f"softmax rows {p['rows']}x{p['cols']}", "GB/s",
                        lambda p: 8 * p["rows"] * p["cols"] / GIGA),
    "conv2d_forward": Workload(lambda p: "conv2d fwd 64x32x28x28, 3x3->64", "ms"),
    "conv2d_forward_backward": Workload(lambda p: "conv2d fwd+bwd 64x32x28x28, 3x3->64", "ms"),
    "conv2d_strided_forward_backward": Workload(lambda p: "conv2d 4x4/2 fwd+bwd 64x64x14x14->128", "ms"),
    "batchnorm_forward_backward": Workload(lambda p: "batchnorm2d fwd+bwd 64x32x28x28", "ms"),
    "add_no_grad": Workload(lambda p: "tiny add [4], no grad", "µs"),
    "add_with_grad": Workload(lambda p: "tiny add [4], with grad", "µs"),
    "tiny_graph": Workload(lambda p: "tiny graph fwd+bwd [4]", "µs"),
    "mlp_step": Workload(lambda p: f"MLP step, batch {p['batch']}", "ms"),
    "cnn_step": Workload(lambda p: f"CNN step, batch {p['batch']}", "ms"),
    "cnn_step_autocast": Workload(lambda p: f"CNN step, batch {p['batch']}, autocast {HALF_NAMES[p['dtype']]}", "ms"),
    "mnist_cnn_step": Workload(lambda p: f"Adadelta CNN step (dropout), batch {p['batch']}", "ms"),
    "lstm_forward_backward": Workload(lambda p: f"LSTM fwd+bwd seq {p['seq']}, batch {p['batch']}, {p['input']}->{p['hidden']}", "ms"),
    "gru_forward_backward": Workload(lambda p: f"GRU fwd+bwd seq {p['seq']}, batch {p['batch']}, {p['input']}->{p['hidden']}", "ms"),
}

HALF_NAMES = {"BFLOAT16": "bf16", "FLOAT16": "f16"}

RNN_SIZES = {"seq": 100, "batch": 64, "input": 128, "hidden": 256}

# JMH benchmark (Class.method) -> (workload, its params from JMH's params). A new Ember benchmark of an existing
# workload (say a fused addcmul for a*b+c) is one more line here, and its regex in side-by-side.sh.
EMBER_BENCHMARKS = {
    "MatmulBenchmark.matmul": lambda p: ({"FLOAT32": "sgemm", "FLOAT64": "dgemm", "BFLOAT16": "bf16gemm",
                                          "FLOAT16": "hgemm"}[p["dtype"]], {"n": int(p["n"])}),
    "ElementwiseBenchmark.mulAdd": lambda p: ("mul_add", {"size": int(p["size"])}),
    "ElementwiseBenchmark.addcmul": lambda p: ("addcmul", {"size": int(p["size"])}),
    "ReductionBenchmark.sum": lambda p: ("sum", {"size": int(p["size"])}),
    # ReductionBenchmark's softmax input is fixed at [1024, 1024]; PyTorch's side uses the same
    "ReductionBenchmark.softmax": lambda p: ("softmax", {"rows": 1024, "cols": 1024}),
    "Conv2dLayerBenchmark.forward": lambda p: ("conv2d_forward", {}),
    "Conv2dLayerBenchmark.forwardBackward": lambda p: ("conv2d_forward_backward", {}),
    "StridedConvBenchmark.forwardBackward": lambda p: ("conv2d_strided_forward_backward", {}),
    # impl=composite (the tensor-op formula batch norm ran as before the fused op) is a row of its own
    "BatchNormBenchmark.forwardBackward": lambda p: ("batchnorm_forward_backward", {}) if p.get("impl") == "fused"
    else ("BatchNormBenchmark.forwardBackward", p),
    "OverheadBenchmark.addNoGrad": lambda p: ("add_no_grad", {}),
    "OverheadBenchmark.addWithGrad": lambda p: ("add_with_grad", {}),
    "OverheadBenchmark.forwardBackward": lambda p: ("tiny_graph", {}),
    "TrainingStepBenchmark.mlpStep": lambda p: ("mlp_step", {"batch": 128}),
    "TrainingStepBenchmark.cnnStep": lambda p: ("cnn_step", {"batch": 128}),
    "TrainingStepBenchmark.cnnStepAutocast": lambda p: ("cnn_step_autocast", {"batch": 128, "dtype": p["dtype"]}),
    "TrainingStepBenchmark.mnistCnnStep": lambda p: ("mnist_cnn_step", {"batch": 64}),
    # RecurrentLayerBenchmark's sizes are fixed; PyTorch's side uses the same
    "RecurrentLayerBenchmark.lstmForwardBackward": lambda p: ("lstm_forward_backward", RNN_SIZES),
    "RecurrentLayerBenchmark.gruForwardBackward": lambda p: ("gru_forward_backward", RNN_SIZES),
}

ENGINES = ("ember", "pytorch", "openblas")
UNSUPPORTED = "not supported"  # an engine's entry for a workload it cannot run (seconds_per_call null)
TIME_UNITS = {"s": 1, "ms": 1e-3, "us": 1e-6, "ns": 1e-9, "min": 60}


def ember_workload(name, params):
    """The workload a JMH result measures; a benchmark not mapped (or whose params changed) is its own row."""
    try:
        return EMBER_BENCHMARKS[name](params)
    except KeyError:
        return name, params


def jmh_seconds(metric):
    """Seconds per call from a JMH primary metric in any mode's unit (ops/s, ms/op, ...)."""
    score, unit = metric["score"], metric["scoreUnit"]
    top, bottom = unit.split("/")
    if top == "ops":
        return 1 / (score / TIME_UNITS[bottom])
    return score * TIME_UNITS[top]


def jmh_threads(result):
    for arg in result.get("jvmArgs", []):
        m = re.fullmatch(r"-Dember\.threads=(\d+)", arg)
        if m:
            return int(m.group(1))
    return "default"


def key(workload, params):
    return workload, tuple(sorted(params.items()))


def load(folder):
    """{(workload, params): {threads: {engine: seconds}}}, and notes per engine (versions, settings)."""
    table, notes = {}, {engine: [] for engine in ENGINES}
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        with open(path) as f:
            data = json.load(f)
        if isinstance(data, list):  # JMH
            for r in data:
                name = ".".join(r["benchmark"].split(".")[-2:])
                params = r.get("params", {})
                workload, wparams = ember_workload(name, params)
                seconds = jmh_seconds(r["primaryMetric"])
                table.setdefault(key(workload, wparams), {}).setdefault(jmh_threads(r), {})["ember"] = seconds
                note = f"JDK {r.get('vmVersion')}, JMH {r.get('jmhVersion')}, JVM args {' '.join(r.get('jvmArgs', []))}"
                if note not in notes["ember"]:
                    notes["ember"].append(note)
        else:
            engine = data["engine"]
            for r in data["results"]:
                wparams = {k: v for k, v in r.items()
                           if k not in ("workload", "threads", "seconds_per_call", "runs", "unsupported")}
                seconds = r["seconds_per_call"] if r["seconds_per_call"] is not None else UNSUPPORTED
                table.setdefault(key(r["workload"], wparams), {}).setdefault(r["threads"], {})[engine] = seconds
            if engine == "pytorch":
                env = " ".join(f"{k}={v}" for k, v in data["env"].items())
                note = f"torch {data['version']}, torch.get_num_threads()={data['threads']}, {env}"
            else:
                note = f"{data.get('config', '')}, openblas_get_num_threads()={data['threads']}"
            if note not in notes[engine]:
                notes[engine].append(note)
    return table, notes


def fmt(value):
    if value is None:
        return "-"
    if value == UNSUPPORTED:
        return value
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def ratio(other, ember):
    if UNSUPPORTED in (other, ember):
        return "-"
    return f"{other / ember:.2f}x" if other is not None and ember is not None else "-"


def unmapped(name):
    """A row for a JMH benchmark not in EMBER_BENCHMARKS: its name and params, as a time."""
    return Workload(lambda p: " ".join([name] + [f"{k}={v}" for k, v in p.items()]), "ms")


def rows(table):
    order = list(WORKLOADS)

    def sort_key(item):
        (workload, params), _ = item
        return (order.index(workload) if workload in order else len(order), workload, params)

    out = []
    for (workload, params), by_threads in sorted(table.items(), key=sort_key):
        p = dict(params)
        w = WORKLOADS.get(workload) or unmapped(workload)
        for threads in sorted(by_threads, key=lambda t: (isinstance(t, str), t)):
            s = by_threads[threads]
            shown = {e: (None if e not in s else s[e] if s[e] == UNSUPPORTED else w.show(p, s[e])) for e in ENGINES}
            out.append([w.label(p), str(threads), w.unit, fmt(shown["ember"]), fmt(shown["pytorch"]),
                        fmt(shown["openblas"]), ratio(s.get("pytorch"), s.get("ember")),
                        ratio(s.get("openblas"), s.get("ember"))])
    return out


HEADER = ["workload", "threads", "unit", "Ember", "PyTorch", "OpenBLAS", "Ember/PyTorch", "Ember/OpenBLAS"]
RATIO_NOTE = "Ratios: the other engine's time per call / Ember's, so > 1 means Ember is faster (in any unit)."


def text_table(header, body):
    widths = [max(len(r[i]) for r in [header] + body) for i in range(len(header))]
    line = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in body])


def markdown_table(header, body):
    align = ["---"] + ["---:"] * (len(header) - 1)
    return "\n".join("| " + " | ".join(r) + " |" for r in [header, align] + body)


def note_lines(notes):
    names = {"ember": "Ember", "pytorch": "PyTorch", "openblas": "OpenBLAS"}
    return [f"{names[e]}: {n}" for e in ENGINES for n in notes[e]]


def epoch_report(folder):
    results = []
    for engine in ("ember", "pytorch"):
        path = os.path.join(folder, f"{engine}-epoch.json")
        if os.path.exists(path):
            with open(path) as f:
                results.append(json.load(f))
    header = ["engine", "threads", "batch", "train images", "seconds", "images/s", "test accuracy"]
    body = [[r["engine"], str(r["threads"]), str(r["batch"]), str(r["train_images"]), f"{r['seconds']:.1f}",
             f"{r['train_images'] / r['seconds']:.0f}", f"{r['test_accuracy']:.4f}"] for r in results]
    seconds = {r["engine"]: r["seconds"] for r in results}
    summary = (f"Ember/PyTorch (PyTorch's seconds / Ember's, > 1 means Ember is faster): "
               f"{seconds['pytorch'] / seconds['ember']:.2f}x" if len(seconds) == 2 else "")
    return header, body, summary


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("folder")
    p.add_argument("--markdown", help="also write the table as markdown to this file")
    p.add_argument("--epoch", action="store_true", help="the Fashion-MNIST epoch comparison instead")
    p.add_argument("--note", action="append", default=[], help="a line to print under the table (repeatable)")
    args = p.parse_args()

    if args.epoch:
        header, body, summary = epoch_report(args.folder)
        title = "Fashion-MNIST CNN, one epoch (Adam, lr 1e-3); only the training loop is timed"
        extra = [summary]
    else:
        table, notes = load(args.folder)
        if not table:
            sys.exit(f"no results in {args.folder}")
        header, body = HEADER, rows(table)
        title = "Ember side by side with PyTorch and OpenBLAS (CPU). " + RATIO_NOTE
        extra = note_lines(notes)
    extra = [line for line in extra if line] + args.note
    print(title)
    print(text_table(header, body))
    for line in extra:
        print(line)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(title + "\n\n" + markdown_table(header, body) + "\n\n" + "".join(f"- {l}\n" for l in extra))


if __name__ == "__main__":
    main()
