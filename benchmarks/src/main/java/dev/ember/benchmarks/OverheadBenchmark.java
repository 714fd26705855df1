package dev.ember.benchmarks;

import dev.ember.Autograd;
import dev.ember.Generator;
import dev.ember.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Fixed cost per op, on tensors of shape {@code [4]} where the arithmetic is negligible: a tiny add without
 * grad recording, the same add recording a graph node, and a tiny graph's forward and backward.
 * Average time per call in microseconds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xss8m", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class OverheadBenchmark {
    /** Plain inputs, for the add without grad recording. */
    private Tensor a;
    private Tensor b;
    /** Inputs that require grad: the add on them records a node. */
    private Tensor ga;
    private Tensor gb;
    /** Leaves of the small graph {@code (x * w + b).tanh().sum()}. */
    private Tensor x;
    private Tensor w;
    private Tensor bias;

    @Setup
    public void setup() {
        Generator g = new Generator(42);
        a = g.randn(4);
        b = g.randn(4);
        ga = g.randn(4).requiresGrad(true);
        gb = g.randn(4).requiresGrad(true);
        x = g.randn(4).requiresGrad(true);
        w = g.randn(4).requiresGrad(true);
        bias = g.randn(4).requiresGrad(true);
    }

    /** One add inside {@link Autograd#noGrad()}: dispatch, shape checks, allocation, kernel. */
    @Benchmark
    public Tensor addNoGrad() {
        try (var s = Autograd.noGrad()) {
            return a.add(b);
        }
    }

    /** One add on inputs that require grad: the above plus recording a graph node (no backward). */
    @Benchmark
    public Tensor addWithGrad() {
        return ga.add(gb);
    }

    /**
     * Forward and backward of {@code (x * w + b).tanh().sum()}: four recorded ops, then backward through them.
     * The leaves' gradients are cleared first, as a training step does, so they do not grow across calls.
     */
    @Benchmark
    public Tensor forwardBackward() {
        x.zeroGrad();
        w.zeroGrad();
        bias.zeroGrad();
        Tensor loss = x.mul(w).add(bias).tanh().sum();
        loss.backward();
        return loss;
    }
}
