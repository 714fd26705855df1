package dev.ember.benchmarks;

import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.benchmarks.training.BenchmarkModels;
import dev.ember.benchmarks.training.TrainingStep;
import dev.ember.nn.Sequential;
import dev.ember.nn.loss.NLLLoss;
import dev.ember.nn.optim.Adadelta;
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
 * One training step (release grads, forward, cross-entropy, backward, Adam with lr 1e-3: nn's classes) of the
 * Fashion-MNIST MLP and CNN of {@link BenchmarkModels} at batch 128, on a fixed random batch (seed 42). The same steps as {@code mlp step} and
 * {@code cnn step} in {@code benchmarks/pytorch/side_by_side.py}. {@code cnnStepAutocast} is the CNN step in mixed
 * precision: float32 weights, forward and loss under {@code Autocast.enable(dtype)} (PyTorch's
 * {@code torch.autocast("cpu", torch.bfloat16)}; PyTorch 1.13's CPU autocast has no float16). {@code mnistCnnStep}
 * is the examples' {@code mnist.MnistCnn} step instead (batch 64, dropout, log-softmax and NLL loss, Adadelta at
 * lr 1), as {@code mnist cnn step} there. Average time per step in milliseconds.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xss8m", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class TrainingStepBenchmark {
    static final int BATCH = 128;

    /** The MLP, its optimizer and a batch of flattened images {@code [128, 784]}. */
    @State(Scope.Thread)
    public static class Mlp {
        TrainingStep step;
        Tensor images;
        Tensor labels;

        @Setup
        public void setup() {
            Generator g = new Generator(42);
            step = new TrainingStep(BenchmarkModels.mlp(g));
            images = g.randn(BATCH, 784);
            labels = g.randint(0, 10, BATCH);
        }
    }

    /** The CNN, its optimizer and a batch of images {@code [128, 1, 28, 28]}. */
    @State(Scope.Thread)
    public static class Cnn {
        TrainingStep step;
        Tensor images;
        Tensor labels;

        @Setup
        public void setup() {
            Generator g = new Generator(42);
            step = new TrainingStep(BenchmarkModels.cnn(g));
            images = g.randn(BATCH, 1, 28, 28);
            labels = g.randint(0, 10, BATCH);
        }
    }

    /** The CNN and batch of {@link Cnn}, stepped under autocast to {@code dtype}. */
    @State(Scope.Thread)
    public static class CnnAutocast {
        @Param({"BFLOAT16", "FLOAT16"})
        public DType dtype;

        TrainingStep step;
        Tensor images;
        Tensor labels;

        @Setup
        public void setup() {
            Generator g = new Generator(42);
            step = new TrainingStep(BenchmarkModels.cnn(g), dtype);
            images = g.randn(BATCH, 1, 28, 28);
            labels = g.randint(0, 10, BATCH);
        }
    }

    /** The examples' Adadelta CNN with dropout ({@link BenchmarkModels#mnistCnn}) and a batch {@code [64, 1, 28, 28]}. */
    @State(Scope.Thread)
    public static class MnistCnn {
        static final int BATCH = 64;
        TrainingStep step;
        Tensor images;
        Tensor labels;

        @Setup
        public void setup() {
            Generator g = new Generator(42);
            Sequential model = BenchmarkModels.mnistCnn(g);
            step = new TrainingStep(model, new Adadelta(model.parameters(), 1.0), new NLLLoss());
            images = g.randn(BATCH, 1, 28, 28);
            labels = g.randint(0, 10, BATCH);
        }
    }

    @Benchmark
    public double mlpStep(Mlp s) {
        return s.step.run(s.images, s.labels);
    }

    @Benchmark
    public double cnnStep(Cnn s) {
        return s.step.run(s.images, s.labels);
    }

    @Benchmark
    public double cnnStepAutocast(CnnAutocast s) {
        return s.step.run(s.images, s.labels);
    }

    @Benchmark
    public double mnistCnnStep(MnistCnn s) {
        return s.step.run(s.images, s.labels);
    }
}
