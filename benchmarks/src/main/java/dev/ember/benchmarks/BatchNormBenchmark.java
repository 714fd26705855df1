package dev.ember.benchmarks;

import dev.ember.Generator;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import dev.ember.nn.Gradients;
import dev.ember.nn.layers.BatchNorm2d;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * nn's {@link BatchNorm2d}(32) in training on {@code [64, 32, 28, 28]} float32 (the first batch-norm layer of the
 * Fashion-MNIST CNN with batch norm), forward then {@code out.sum().backward()} into the gradients of the input,
 * weight and bias: {@code fused} is the layer (one fused op each way); {@code composite} the tensor-op formula the
 * layer ran before (mean, centre, square, mean, rsqrt, scale, shift), for before/after in one run. PyTorch's side:
 * {@code batchnorm2d fwd+bwd} in {@code benchmarks/pytorch/side_by_side.py}. Milliseconds per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xss8m", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class BatchNormBenchmark {
    @Param({"fused", "composite"})
    public String impl;

    private Tensor input;
    private BatchNorm2d layer;

    @Setup
    public void setup() {
        input = new Generator(42).randn(64, 32, 28, 28).requiresGrad(true);
        layer = new BatchNorm2d(32);
    }

    @Benchmark
    public Tensor forwardBackward() {
        layer.zeroGrad();
        Gradients.release(List.of(input));
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor y = impl.equals("fused") ? layer.forward(input) : composite(input, layer.weight().value(), layer.bias().value());
            y.sum().backward();
        }
        return input.grad();
    }

    private static Tensor composite(Tensor x, Tensor w, Tensor b) {
        int[] dims = {0, 2, 3};
        Tensor centered = x.sub(x.mean(dims, true));
        Tensor invStd = centered.mul(centered).mean(dims, true).add(1e-5).rsqrt();
        return centered.mul(invStd.mul(w.reshape(32, 1, 1))).add(b.reshape(32, 1, 1));
    }
}
