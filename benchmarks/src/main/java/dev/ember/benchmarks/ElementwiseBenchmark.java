package dev.ember.benchmarks;

import dev.ember.Autograd;
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
 * {@code a * b + c} over {@code size} float32 elements, without grad recording, two ways:
 * <ul>
 *   <li>{@link #mulAdd}: two ops and one temporary. Bytes moved per call: 24 x size (mul reads a, b and writes a
 *       temporary t; add reads t, c and writes the result: six passes over 4-byte elements).</li>
 *   <li>{@link #addcmul}: the fused op {@code c.addcmul(a, b, 1.0)}, one pass. Bytes moved per call: 16 x size
 *       (reads a, b, c and writes the result).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// A fixed, pre-touched heap: with the default one, G1 grows the heap for every 64 MiB output instead of
// collecting, and committing fresh memory on this VM costs 10 to 50 times the kernel (docs/benchmarks.md).
@Fork(value = 1, jvmArgsAppend = {"-Xss8m", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class ElementwiseBenchmark {
    @Param({"1048576", "16777216"})
    public int size;

    private Tensor a;
    private Tensor b;
    private Tensor c;

    @Setup
    public void setup() {
        Generator g = new Generator(42);
        a = g.randn(size);
        b = g.randn(size);
        c = g.randn(size);
    }

    @Benchmark
    public Tensor mulAdd() {
        try (var s = Autograd.noGrad()) {
            return a.mul(b).add(c);
        }
    }

    @Benchmark
    public Tensor addcmul() {
        try (var s = Autograd.noGrad()) {
            return c.addcmul(a, b, 1.0);
        }
    }
}
