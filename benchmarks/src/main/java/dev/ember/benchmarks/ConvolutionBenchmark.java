package dev.ember.benchmarks;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.backend.Backend;
import dev.ember.backend.ConvGeometry;
import dev.ember.backend.PoolGeometry;
import dev.ember.backend.Storage;
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
 * The convolution layer of a small CNN in float32: {@code x [64, 32, 28, 28]} by {@code w [64, 32, 3, 3]},
 * padding 1, forward and each gradient, plus a 2x2 stride-2 max pool of {@code [64, 64, 28, 28]}. The three
 * convolution kernels are called on the backend with a fresh output each call, as the engine calls them;
 * {@code forwardBackward} runs the forward and both gradients through autograd, as a training step does.
 * Average time in ms per call; benchmarks/pytorch/conv_bench.py times PyTorch on the same shapes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xss8m"})
public class ConvolutionBenchmark {
    private static final int[] X_SHAPE = {64, 32, 28, 28};
    private static final int[] W_SHAPE = {64, 32, 3, 3};
    private static final int[] Y_SHAPE = {64, 64, 28, 28};
    private static final ConvGeometry GEOMETRY = new ConvGeometry(1, 1, 1, 1, 1, 1, 1);
    private static final PoolGeometry POOL = new PoolGeometry(2, 2, 2, 2, 0, 0);
    private static final int[] POOLED_SHAPE = {64, 64, 14, 14};

    private Backend backend;
    private Tensor x;
    private Tensor w;
    private Tensor dy;
    private Tensor xGrad;
    private Tensor wGrad;

    @Setup
    public void setup() {
        Generator g = new Generator(42);
        x = g.randn(DType.FLOAT32, X_SHAPE);
        w = g.randn(DType.FLOAT32, W_SHAPE);
        dy = g.randn(DType.FLOAT32, Y_SHAPE);
        xGrad = x.detach().requiresGrad(true);
        wGrad = w.detach().requiresGrad(true);
        backend = x.backend();
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    @Benchmark
    public Storage forward() {
        Storage out = backend.allocate(DType.FLOAT32, numel(Y_SHAPE));
        backend.conv2d(x.storage(), X_SHAPE, w.storage(), W_SHAPE, GEOMETRY, out, Y_SHAPE);
        return out;
    }

    @Benchmark
    public Storage backwardInput() {
        Storage dx = backend.allocate(DType.FLOAT32, numel(X_SHAPE));
        backend.conv2dBackwardInput(dy.storage(), Y_SHAPE, w.storage(), W_SHAPE, GEOMETRY, dx, X_SHAPE);
        return dx;
    }

    @Benchmark
    public Storage backwardWeight() {
        Storage dw = backend.allocate(DType.FLOAT32, numel(W_SHAPE));
        backend.conv2dBackwardWeight(x.storage(), X_SHAPE, dy.storage(), Y_SHAPE, GEOMETRY, dw, W_SHAPE);
        return dw;
    }

    @Benchmark
    public List<Tensor> forwardBackward() {
        Tensor y = xGrad.conv2d(wGrad, null, 1, 1);
        return Autograd.grad(y, List.of(xGrad, wGrad), dy, false, false);
    }

    @Benchmark
    public Storage maxPool() {
        Storage out = backend.allocate(DType.FLOAT32, numel(POOLED_SHAPE));
        Storage indices = backend.allocate(DType.INT64, numel(POOLED_SHAPE));
        backend.maxPool2d(dy.storage(), Y_SHAPE, POOL, out, indices, POOLED_SHAPE);
        return out;
    }
}
