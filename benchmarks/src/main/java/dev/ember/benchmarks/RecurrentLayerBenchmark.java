package dev.ember.benchmarks;

import dev.ember.Generator;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import dev.ember.nn.layers.recurrent.GRU;
import dev.ember.nn.layers.recurrent.LSTM;
import dev.ember.nn.layers.recurrent.RecurrentLayer;
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
 * One recurrent layer, nn's {@link LSTM} and {@link GRU}: input {@code [seq 100, batch 64, 128]} (standard normal,
 * no grad), hidden 256, one layer, one direction, PyTorch's initialisation; forward recording, then
 * {@code output.sum().backward()}, which fills the gradients of all four parameters. The previous call's
 * gradients are released first. The same as {@code lstm fwd+bwd} and {@code gru fwd+bwd} in
 * {@code benchmarks/pytorch/side_by_side.py}. Average time per call in milliseconds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xss8m", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class RecurrentLayerBenchmark {
    static final int SEQ = 100;
    static final int BATCH = 64;
    static final int INPUT = 128;
    static final int HIDDEN = 256;

    private Tensor input;
    private LSTM lstm;
    private GRU gru;

    @Setup
    public void setup() {
        Generator g = new Generator(42);
        input = g.randn(SEQ, BATCH, INPUT);
        lstm = new LSTM(INPUT, HIDDEN, 1, true, false, 0, false, g);
        gru = new GRU(INPUT, HIDDEN, 1, true, false, 0, false, g);
    }

    @Benchmark
    public Tensor lstmForwardBackward() { return forwardBackward(lstm); }

    @Benchmark
    public Tensor gruForwardBackward() { return forwardBackward(gru); }

    private Tensor forwardBackward(RecurrentLayer layer) {
        layer.zeroGrad();
        try (MemoryScope scope = MemoryScope.open()) {
            layer.forward(input).sum().backward();
        }
        return layer.parameters().get(1).grad();
    }
}
