package dev.ember.benchmarks;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * The CPU backend's transcendental kernels on a {@code [256, 1024]} tensor of standard normal values, without grad
 * recording: {@code exp}, {@code tanh} and {@code sigmoid} (elementwise), and {@code softmax} along the rows. These
 * run Ember's own deterministic polynomials (float32) or fdlibm (float64).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xss8m", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class TranscendentalBenchmark {
    @Param({"FLOAT32", "FLOAT64"})
    public DType dtype;

    private Tensor x;

    @Setup
    public void setup() {
        x = new Generator(42).randn(256, 1024).mul(3).to(dtype);
    }

    @Benchmark
    public Tensor exp() {
        try (var s = Autograd.noGrad()) {
            return x.exp();
        }
    }

    @Benchmark
    public Tensor tanh() {
        try (var s = Autograd.noGrad()) {
            return x.tanh();
        }
    }

    @Benchmark
    public Tensor sigmoid() {
        try (var s = Autograd.noGrad()) {
            return x.sigmoid();
        }
    }

    @Benchmark
    public Tensor softmax() {
        try (var s = Autograd.noGrad()) {
            return x.softmax(1);
        }
    }
}
