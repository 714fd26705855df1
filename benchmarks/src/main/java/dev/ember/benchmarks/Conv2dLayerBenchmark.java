package dev.ember.benchmarks;

import dev.ember.Autograd;
import dev.ember.Generator;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import dev.ember.nn.init.Init;
import dev.ember.nn.layers.Conv2d;
import dev.ember.nn.Gradients;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One convolution layer as in the middle of a CNN, nn's {@link Conv2d}: input {@code [64, 32, 28, 28]}, weight
 * {@code [64, 32, 3, 3]}, bias {@code [64]}, stride 1, padding 1, float32, all drawn from the standard normal as
 * the PyTorch side's {@code torch.randn}. {@code forward} runs it without grad recording;
 * {@code forwardBackward} runs it recording, then {@code out.sum().backward()}, which fills the gradients of
 * input, weight and bias. The same as {@code conv2d fwd} and {@code conv2d fwd+bwd} in
 * {@code benchmarks/pytorch/side_by_side.py}. Average time per call in milliseconds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xss8m", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class Conv2dLayerBenchmark {
    private Tensor input;
    private Conv2d layer;

    @Setup
    public void setup() {
        Generator g = new Generator(42);
        input = g.randn(64, 32, 28, 28).requiresGrad(true);
        int[] one = {1, 1};
        layer = new Conv2d(32, 64, new int[] {3, 3}, one, one, one, 1, Init.normal(0, 1), Init.normal(0, 1), g);
    }

    @Benchmark
    public Tensor forward() {
        try (var s = Autograd.noGrad()) {
            return layer.forward(input);
        }
    }

    /** The gradients of the previous call are released first, as a training step does. */
    @Benchmark
    public Tensor forwardBackward() {
        layer.zeroGrad();
        Gradients.release(List.of(input));
        try (MemoryScope scope = MemoryScope.open()) {
            layer.forward(input).sum().backward();
        }
        return layer.weight().value().grad();
    }
}
