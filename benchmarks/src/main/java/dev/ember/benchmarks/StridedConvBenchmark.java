package dev.ember.benchmarks;

import dev.ember.Generator;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import dev.ember.nn.Gradients;
import dev.ember.nn.init.Init;
import dev.ember.nn.layers.Conv2d;
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
 * A DCGAN discriminator's second convolution on Fashion-MNIST: nn's {@link Conv2d}(64, 128, 4, stride 2, padding
 * 1) on {@code [64, 64, 14, 14]} float32 (giving {@code [64, 128, 7, 7]}), forward then {@code out.sum().backward()}
 * into the gradients of input, weight and bias. PyTorch's side: {@code conv2d 4x4/2 fwd+bwd} in
 * {@code benchmarks/pytorch/side_by_side.py}. Milliseconds per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xss8m", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class StridedConvBenchmark {
    private Tensor input;
    private Conv2d layer;

    @Setup
    public void setup() {
        Generator g = new Generator(42);
        input = g.randn(64, 64, 14, 14).requiresGrad(true);
        layer = new Conv2d(64, 128, new int[] {4, 4}, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, 1,
                Init.normal(0, 1), Init.normal(0, 1), g);
    }

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
