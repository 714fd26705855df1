"""Timing in the manner of the JMH runs it is compared with: warm-up iterations, then measured iterations of
about a fixed length each; every call made in a measured iteration is counted. Calls are made in batches sized
so one batch takes about a millisecond, so reading the clock costs nothing next to a tiny op."""
import time

BATCH_SECONDS = 1e-3


def _calls_per_batch(fn):
    start = time.perf_counter()
    fn()
    one = time.perf_counter() - start
    return max(1, int(BATCH_SECONDS / one)) if one > 0 else 1000


def _iteration(fn, seconds, batch):
    calls = 0
    start = time.perf_counter()
    while True:
        for _ in range(batch):
            fn()
        calls += batch
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return elapsed, calls


def measure(fn, warmup_iterations, iterations, seconds):
    """Seconds per call over all measured iterations, and each iteration's seconds per call."""
    fn()  # the first call of an op can pay for one-off setup, even with no warm-up asked for
    batch = _calls_per_batch(fn)
    for _ in range(warmup_iterations):
        _iteration(fn, seconds, batch)
    runs = [_iteration(fn, seconds, batch) for _ in range(max(1, iterations))]
    total_time = sum(elapsed for elapsed, _ in runs)
    total_calls = sum(calls for _, calls in runs)
    return total_time / total_calls, [elapsed / calls for elapsed, calls in runs]
