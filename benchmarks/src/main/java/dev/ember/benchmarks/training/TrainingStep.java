package dev.ember.benchmarks.training;

import dev.ember.MemoryScope;
import dev.ember.Tensor;

/**
 * One optimisation step of a classifier: clear gradients, forward, cross-entropy loss, backward, Adam update.
 * Everything the step creates lives in a {@link MemoryScope} closed at its end, so repeated steps run in
 * steady state; only the parameters, their gradients and the optimizer's moments outlive it.
 */
public final class TrainingStep {
    private final Model model;
    private final Adam optimizer;

    public TrainingStep(Model model) {
        this.model = model;
        this.optimizer = new Adam(model.parameters());
    }

    /** Runs one step on {@code images} and int64 class {@code labels [batch]}; returns the loss before the update. */
    public double run(Tensor images, Tensor labels) {
        try (MemoryScope scope = MemoryScope.open()) {
            optimizer.zeroGrad();
            Tensor loss = crossEntropy(model.forward(images), labels);
            loss.backward();
            optimizer.step();
            return loss.item();
        }
    }

    /** Mean over the batch of {@code -log softmax(logits)[label]}, as {@code F.cross_entropy}. */
    static Tensor crossEntropy(Tensor logits, Tensor labels) {
        Tensor picked = logits.logSoftmax(1).gather(1, labels.reshape(labels.size(0), 1));
        return picked.mean().neg();
    }
}
