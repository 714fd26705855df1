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
 * Square matrix product {@code [n, n] x [n, n]} in float32, float64, bfloat16 and float16, without grad recording
 * (the half types multiply in float32 and round the result once, as PyTorch's CPU matmul does).
 * Throughput in ops/s; one op is {@code 2 n^3} floating-point operations, so GFLOP/s = 2 n^3 ops/s / 1e9.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xss8m", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class MatmulBenchmark {
    @Param({"128", "256", "512"})
    public int n;

    @Param({"FLOAT32", "FLOAT64", "BFLOAT16", "FLOAT16"})
    public DType dtype;

    private Tensor a;
    private Tensor b;

    @Setup
    public void setup() {
        Generator g = new Generator(42);
        a = g.randn(dtype, n, n);
        b = g.randn(dtype, n, n);
    }

    @Benchmark
    public Tensor matmul() {
        try (var s = Autograd.noGrad()) {
            return a.matmul(b);
        }
    }
}
