package dev.ember.benchmarks.training;

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
 * outlive it.
 *
 * <pre>{@code
 * TrainingStep step = new TrainingStep(BenchmarkModels.mlp(new Generator(42)));
 * double loss = step.run(images, labels);              // [N, 784] float32, [N] int64
 * }</pre>
 */
public final class TrainingStep {
    private final Module model;
    private final Optimizer optimizer;
    private final Loss loss;

    public TrainingStep(Module model) {
        this(model, new Adam(model.parameters(), 1e-3), new CrossEntropyLoss());
    }

    /** The same step with another optimizer of {@code model}'s parameters and another loss. */
    public TrainingStep(Module model, Optimizer optimizer, Loss loss) {
        this.model = model;
        this.optimizer = optimizer;
        this.loss = loss;
    }

    /** Runs one step on {@code images} and int64 class {@code labels [batch]}; returns the loss before the update. */
    public double run(Tensor images, Tensor labels) {
        try (MemoryScope scope = MemoryScope.open()) {
            optimizer.zeroGrad();
            Tensor value = loss.apply(model.forward(images), labels);
            value.backward();
            optimizer.step();
            return value.item();
        }
    }
}
