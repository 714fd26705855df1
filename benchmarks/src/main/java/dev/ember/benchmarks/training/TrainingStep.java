package dev.ember.benchmarks.training;

import dev.ember.Autocast;
import dev.ember.DType;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.loss.CrossEntropyLoss;
import dev.ember.nn.loss.Loss;
import dev.ember.nn.optim.Adam;
import dev.ember.nn.optim.Optimizer;

/**
 * One optimisation step of a classifier: release the gradients, forward, cross-entropy loss, backward, Adam
 * update (lr 1e-3, PyTorch's betas 0.9/0.999 and eps 1e-8), as {@code TrainingStep} in
 * {@code benchmarks/pytorch/models.py}. Everything the step creates lives in a {@link MemoryScope} closed at its
 * end, so repeated steps run in steady state; only the parameters, their gradients and the optimizer's moments
 * outlive it. With an autocast dtype the forward pass and the loss run inside {@code Autocast.enable(dtype)}
 * (float32 master weights, products in the half type), as {@code torch.autocast("cpu", dtype)} in the PyTorch twin.
 *
 * <pre>{@code
 * TrainingStep step = new TrainingStep(BenchmarkModels.mlp(new Generator(42)));
 * double loss = step.run(images, labels);              // [N, 784] float32, [N] int64
 * TrainingStep mixed = new TrainingStep(BenchmarkModels.cnn(new Generator(42)), DType.BFLOAT16);
 * }</pre>
 */
public final class TrainingStep {
    private final Module model;
    private final Optimizer optimizer;
    private final Loss loss;
    private final DType autocast;

    public TrainingStep(Module model) {
        this(model, (DType) null);
    }

    /** A step whose forward pass and loss run under {@code Autocast.enable(autocast)}; null runs it in float32. */
    public TrainingStep(Module model, DType autocast) {
        this(model, new Adam(model.parameters(), 1e-3), new CrossEntropyLoss(), autocast);
    }

    /** The same step in float32 with another optimizer of {@code model}'s parameters and another loss. */
    public TrainingStep(Module model, Optimizer optimizer, Loss loss) {
        this(model, optimizer, loss, null);
    }

    private TrainingStep(Module model, Optimizer optimizer, Loss loss, DType autocast) {
        this.model = model;
        this.optimizer = optimizer;
        this.loss = loss;
        this.autocast = autocast;
    }

    /** Runs one step on {@code images} and int64 class {@code labels [batch]}; returns the loss before the update. */
    public double run(Tensor images, Tensor labels) {
        try (MemoryScope scope = MemoryScope.open()) {
            optimizer.zeroGrad();
            Tensor value;
            try (Autocast amp = autocast == null ? null : Autocast.enable(autocast)) {
                value = loss.apply(model.forward(images), labels);
            }
            value.backward();
            optimizer.step();
            return value.item();
        }
    }
}
