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
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * Reductions without grad recording: {@code sum()} of all {@code size} float32 elements (reads 4 x size
 * bytes), {@code sum(0)} of a {@code [4096, 1024]} float32 matrix (the bias gradient's shape of reduction: over
 * the rows, keeping the contiguous dim; reads 16 MiB), and {@code softmax(1)} over a {@code [1024, 1024]}
 * float32 tensor (row-wise).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// The fixed, pre-touched heap of ElementwiseBenchmark (see there), so that both run under the same conditions.
@Fork(value = 1, jvmArgsAppend = {"-Xss8m", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class ReductionBenchmark {

    /** The input of {@link #sum}; its size is a parameter of the sum benchmark only. */
    @State(Scope.Thread)
    public static class SumInput {
        @Param({"1048576", "16777216"})
        public int size;

        Tensor x;

        @Setup
        public void setup() {
            x = new Generator(42).randn(size);
        }
    }

    /** The input of {@link #softmax}: {@code [1024, 1024]} float32. */
    @State(Scope.Thread)
    public static class SoftmaxInput {
        Tensor x;

        @Setup
        public void setup() {
            x = new Generator(42).randn(1024, 1024);
        }
    }

    /** The input of {@link #sumOverRows}: {@code [4096, 1024]} float32. */
    @State(Scope.Thread)
    public static class MatrixInput {
        Tensor x;

        @Setup
        public void setup() {
            x = new Generator(42).randn(4096, 1024);
        }
    }

    @Benchmark
    public Tensor sumOverRows(MatrixInput in) {
        try (var s = Autograd.noGrad()) {
            return in.x.sum(0);
        }
    }

    @Benchmark
    public Tensor sum(SumInput in) {
        try (var s = Autograd.noGrad()) {
            return in.x.sum();
        }
    }

    @Benchmark
    public Tensor softmax(SoftmaxInput in) {
        try (var s = Autograd.noGrad()) {
            return in.x.softmax(1);
        }
    }

    /**
     * {@link #softmax} with its output closed after each call, as a {@code MemoryScope} closes a training step's
     * tensors: the CPU pool then hands the next call the same array, unzeroed, as PyTorch's allocator hands back a
     * freed block. Not a side-by-side row: it measures what the JVM's zeroing of a fresh {@code float[1M]} costs
     * {@link #softmax} (docs/benchmarks.md).
     */
    @Benchmark
    public void softmaxOutputClosed(SoftmaxInput in, Blackhole hole) {
        try (var s = Autograd.noGrad(); Tensor y = in.x.softmax(1)) {
            hole.consume(y);
        }
    }
}
